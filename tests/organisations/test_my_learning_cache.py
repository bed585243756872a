"""'Mijn leeromgeving' from the learner's fragment cache (training/learner_cache.py,
issue 21): every change a panel shows is there on the next request, no learner
ever gets another's fragment, each browser gets its own CSRF token, and a cached
page reads no panel rows."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates.services.revoke import certificate_revoke
from courses.services import enrolment_create, lesson_complete
from organisations.models import CertificateConsent
from signalling.services import signal_acknowledge, signal_deliver
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.signalling import signal_create
from tests.factories.users import UserFactory, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("learner_cache_on")]
URL = "/nl/mijn-leeromgeving/"


@pytest.fixture
def member_with_unshared_certificate(organisation, course_tree):
    """A member whose organisation requires the course and who holds a
    certificate for it, not yet shared: "Mijn leeromgeving" asks to share it."""
    requirement_create(organisation, course_tree.course, due_within_days=30)
    today = timezone.localdate()
    member = MembershipFactory(
        organisation=organisation, start_date=today - datetime.timedelta(days=10)
    )
    CertificateFactory(
        user=member.user,
        course=course_tree.course,
        issued_on=today - datetime.timedelta(days=100),
        valid_until=datetime.date(2031, 7, 9),
    )
    return member


def page(client) -> str:
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def progress(html: str) -> list[str]:
    return re.findall(r"Voortgang: \d+ van \d+ onderdelen afgerond", html)


def test_a_completed_lesson_shows_on_the_next_request(user, course_tree):
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    assert progress(page(client)) == ["Voortgang: 0 van 4 onderdelen afgerond"]

    lesson_complete(user=user, lesson=course_tree.lessons[0])

    assert progress(page(client)) == ["Voortgang: 1 van 4 onderdelen afgerond"]


def test_the_resume_link_follows_the_lesson_opened_last(user, course_tree):
    """The lesson view moves 'verder waar je was' with QuerySet.update (no
    post_save): it names the learner's change itself."""
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    first, second = course_tree.lessons[0], course_tree.lessons[1]
    client.get(first.url)
    assert f"Verder waar je was: {first.title}" in page(client)

    client.get(second.url)

    assert f"Verder waar je was: {second.title}" in page(client)


def test_a_requirement_added_to_the_organisation_shows_on_the_next_request(
    organisation, course_tree
):
    """An organisation's change reaches every member's cached page."""
    member = MembershipFactory(organisation=organisation)
    client = signed_in_client(member.user)
    assert "Verplicht door je organisatie" not in page(client)

    requirement_create(
        organisation, course_tree.course, due_date=datetime.date(2031, 3, 1)
    )

    html = page(client)
    assert "Verplicht door je organisatie" in html
    assert "1 maart 2031" in html


def test_a_certificate_and_its_revocation_show_on_the_next_request(user, course_tree):
    client = signed_in_client(user)
    assert 'id="certificates-heading"' not in page(client)

    certificate = CertificateFactory(user=user, course=course_tree.course)
    assert 'id="certificates-heading"' in page(client)

    before = page(client)
    certificate_revoke(
        certificate=certificate,
        actor=UserFactory(is_superuser=True),
        reason="Fout uitgegeven.",
    )
    assert page(client) != before


def test_a_consent_answer_removes_the_share_prompt_on_the_next_request(
    organisation, member_with_unshared_certificate
):
    member = member_with_unshared_certificate
    client = signed_in_client(member.user)
    assert "Je certificaat delen met" in page(client)

    CertificateConsent.objects.create(
        user=member.user,
        organisation=organisation,
        granted=False,
        decided_at=timezone.now(),
    )

    assert "Je certificaat delen met" not in page(client)


def test_a_signal_delivered_and_acknowledged_shows_on_the_next_request(home_page):
    course = course_tree_create(home_page, modules=1, lessons_per_module=1).course
    holder = CertificateFactory(course=course).user
    client = signed_in_client(holder)
    signal = signal_create(courses=[course])
    assert signal.title not in page(client)

    signal_deliver(signal_id=signal.pk)  # bulk_create: no post_save
    assert signal.title in page(client)

    signal_acknowledge(signal=signal, user=holder)
    assert signal.title not in page(client)


def test_another_learner_never_gets_the_first_learners_page(home_page):
    first_course = course_tree_create(
        home_page, slug="eerste", title="Eerste cursus"
    ).course
    second_course = course_tree_create(
        home_page, slug="tweede", title="Tweede cursus"
    ).course
    first, second = UserFactory(), UserFactory()
    enrolment_create(user=first, course=first_course)
    enrolment_create(user=second, course=second_course)
    first_html = page(signed_in_client(first))
    assert "Eerste cursus" in first_html

    second_html = page(signed_in_client(second))

    assert "Tweede cursus" in second_html
    assert "Eerste cursus" not in second_html
    assert "Tweede cursus" not in page(signed_in_client(first))


def test_each_browser_gets_its_own_csrf_token(
    organisation, member_with_unshared_certificate
):
    """The share prompt is a form: the cached fragment has a placeholder where
    the token goes, and each request puts in its own."""
    member = member_with_unshared_certificate
    laptop = Client(enforce_csrf_checks=True)
    laptop.force_login(member.user)
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(member.user)
    page(laptop)  # cached now

    html = page(phone)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "placeholder" not in token
    response = phone.post(
        reverse("organisations:consent", args=[organisation.pk]),
        {"consent": "no", "csrfmiddlewaretoken": token, "next": URL},
    )
    assert response.status_code == 302
    assert "Je certificaat delen met" not in page(laptop)


def test_a_cached_page_reads_no_panel_rows(
    user, course_tree, organisation, django_assert_max_num_queries
):
    MembershipFactory(organisation=organisation, user=user)
    requirement_create(organisation, course_tree.course, due_within_days=30)
    enrolment_create(user=user, course=course_tree.course)
    CertificateFactory(user=user, course=course_tree.course)
    client = signed_in_client(user)
    first = page(client)

    with django_assert_max_num_queries(2):  # the session and the user
        again = page(client)

    assert without_tokens(again) == without_tokens(first)
