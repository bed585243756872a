"""Placing a course from an LMS by deep linking (a real LTI 1.3 platform:
tests/lti/platform.py): the instructor sees our published courses, and the
choice goes back as an ltiResourceLink in a deep-linking response JWT that the
platform verifies against our JWKS, fetched over HTTP from the live server.
A learner launched from that link lands in the course."""

import re
from html import unescape

import pytest
from django.test import Client

from lti.models import LtiAccount
from tests.factories.courses import course_tree_create
from tests.lti.conftest import launch
from tests.lti.platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db(transaction=True)

RETURN_URL = "https://lms.example/deep-link-return"


def _input(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def test_an_instructor_places_a_course_and_a_learner_launches_into_it(
    platform, registration, course_tree, home_page
):
    hidden = course_tree_create(home_page, slug="concept", title="Nog niet klaar")
    hidden.course.unpublish()
    instructor = Client(enforce_csrf_checks=True)
    choice = launch(
        instructor,
        platform,
        user_id="teacher-1",
        roles=[INSTRUCTOR],
        deep_link_return_url=RETURN_URL,
    )
    assert choice.status_code == 200
    page = choice.content.decode()
    assert course_tree.course.title in page
    assert "Nog niet klaar" not in page
    assert (
        "frame-ancestors 'self' " + platform.issuer in choice["Content-Security-Policy"]
    )

    answer = instructor.post(
        "/lti/deep-link/",
        {"token": _input(page, "token"), "course": course_tree.course.pk},
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'action="{RETURN_URL}"' in html
    assert "form-action 'self' https://lms.example" in answer["Content-Security-Policy"]
    (item,) = platform.conf().validate_deeplinking_resp({"JWT": _input(html, "JWT")})
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == course_tree.course.title
    assert item["custom"] == {"bijblijven_course": str(course_tree.course.pk)}
    # a gradebook column for the score we send on certificate issue
    assert item["lineItem"]["scoreMaximum"] == 100

    learner = Client(enforce_csrf_checks=True)
    response = launch(learner, platform, roles=[LEARNER], custom=item["custom"])
    assert response["Location"] == course_tree.course.url
    # the instructor's choice made no account; the learner's launch did
    assert list(LtiAccount.objects.values_list("sub", flat=True)) == ["lms-user-42"]


def test_a_learner_cannot_place_courses(platform, registration, course_tree):
    response = launch(
        Client(), platform, roles=[LEARNER], deep_link_return_url=RETURN_URL
    )
    assert response.status_code == 403
    assert course_tree.course.title not in response.content.decode()


def test_a_choice_without_the_signed_token_of_a_launch_is_refused(
    platform, registration, course_tree
):
    response = Client().post(
        "/lti/deep-link/", {"token": "forged", "course": course_tree.course.pk}
    )
    assert response.status_code == 403
    assert "JWT" not in response.content.decode()
