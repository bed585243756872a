"""Launching from an LMS (a real LTI 1.3 platform: tests/lti/platform.py): the
LMS user gets an account keyed on issuer + sub, a membership of the
registration's organisation and an enrolment, and lands in the course. Invalid
and replayed launches are refused. Our side fetches the platform's JWKS over
HTTP from its thread on loopback."""

import base64
import json

import pytest
from django.test import Client

from courses.models import Enrolment
from lti.models import GradeTarget, LtiAccount
from organisations.models import Membership, MembershipRole
from tests.factories.users import UserFactory
from tests.lti.conftest import auth_request, launch, post_launch
from tests.lti.platform import LEARNER, key_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # CSRF checks on, as a browser has them: only the LTI endpoints are exempt.
    return Client(enforce_csrf_checks=True)


def _custom(course):
    return {"bijblijven_course": str(course.pk)}


def test_jwks_serves_one_stable_rsa_key(client):
    first = client.get("/lti/jwks/").json()
    second = client.get("/lti/jwks/").json()
    assert first == second
    (key,) = first["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"]
    assert "d" not in key


def test_learner_launch_links_joins_enrols_and_opens_the_course(
    client, platform, registration, course_tree
):
    course = course_tree.course
    response = launch(
        client,
        platform,
        custom=_custom(course),
        email="ada@example.org",
        lineitem=platform.lineitem_url(),
    )
    assert response.status_code == 302
    assert response["Location"] == course.url
    account = LtiAccount.objects.get()
    assert (account.issuer, account.sub) == (platform.issuer, "lms-user-42")
    user = account.user
    assert user.email == "ada@example.org"
    assert int(client.session["_auth_user_id"]) == user.pk
    membership = Membership.objects.get(user=user)
    assert membership.organisation == registration.organisation
    assert Enrolment.objects.filter(user=user, course=course).exists()
    target = GradeTarget.objects.get(user=user, course=course)
    assert target.lineitem_url == platform.lineitem_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_second_launch_of_the_same_lms_user_signs_into_the_same_account(
    client, platform, registration, course_tree
):
    custom = _custom(course_tree.course)
    launch(client, platform, custom=custom)
    other_browser = Client(enforce_csrf_checks=True)
    assert launch(other_browser, platform, custom=custom).status_code == 302
    assert LtiAccount.objects.count() == 1
    assert other_browser.session["_auth_user_id"] == client.session["_auth_user_id"]


def test_an_lms_email_of_an_existing_account_never_signs_into_it(
    client, platform, registration, course_tree
):
    existing = UserFactory(email="ada@example.org")
    launch(
        client, platform, custom=_custom(course_tree.course), email="ada@example.org"
    )
    account = LtiAccount.objects.get()
    assert account.user != existing
    assert int(client.session["_auth_user_id"]) != existing.pk


def test_the_same_sub_from_another_issuer_is_another_person(
    client, platform, registration, course_tree
):
    launch(client, platform, custom=_custom(course_tree.course))
    LtiAccount.objects.update(issuer="https://other-lms.example")
    launch(Client(), platform, custom=_custom(course_tree.course))
    assert LtiAccount.objects.values("user").distinct().count() == 2


def test_a_deactivated_account_is_not_signed_in_from_the_lms(
    client, platform, registration, course_tree
):
    launch(client, platform, custom=_custom(course_tree.course))
    user = LtiAccount.objects.get().user
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = launch(Client(), platform, custom=_custom(course_tree.course))
    assert _refused(response)
    assert "uitgeschakeld" in response.content.decode()


@pytest.mark.parametrize("role", ["superuser", "organisation administrator"])
def test_an_account_that_needs_two_factors_is_not_signed_in_from_the_lms(
    client, platform, registration, course_tree, role
):
    launch(client, platform, custom=_custom(course_tree.course))
    user = LtiAccount.objects.get().user
    if role == "superuser":
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    else:
        user.memberships.update(role=MembershipRole.ADMIN)
    response = launch(Client(), platform, custom=_custom(course_tree.course))
    assert _refused(response)
    assert "tweestapsverificatie" in response.content.decode()


def _refused(response):
    return (
        response.status_code == 403
        and "_auth_user_id" not in response.wsgi_request.session
    )


def _tampered(id_token: str, **changes) -> str:
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    payload = (
        base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    )
    return f"{header}.{payload}.{signature}"


def _form(client, platform, course, **kwargs):
    location = auth_request(client, platform, user_id="lms-user-42")["Location"]
    return platform.id_token_launch(
        location,
        user_id="lms-user-42",
        roles=[LEARNER],
        custom=_custom(course),
        **kwargs,
    )


def test_a_launch_with_a_bad_signature_is_refused(
    client, platform, registration, course_tree
):
    form = _form(client, platform, course_tree.course)
    form["id_token"] = _tampered(form["id_token"], sub="someone-else")
    assert _refused(post_launch(client, form))
    assert not LtiAccount.objects.exists()


def test_a_launch_signed_with_a_key_not_in_the_platform_jwks_is_refused(
    client, platform, registration, course_tree
):
    stranger_key, _public = key_pair()
    form = _form(client, platform, course_tree.course, private_key=stranger_key)
    assert _refused(post_launch(client, form))


def test_a_launch_for_another_audience_is_refused(
    client, platform, registration, course_tree
):
    form = _form(
        client, platform, course_tree.course, claims={"aud": "another-tool", "azp": "x"}
    )
    assert _refused(post_launch(client, form))


def test_an_expired_launch_is_refused(client, platform, registration, course_tree):
    form = _form(client, platform, course_tree.course, expires_in=-120)
    assert _refused(post_launch(client, form))


def test_a_replayed_launch_is_refused(client, platform, registration, course_tree):
    form = _form(client, platform, course_tree.course)
    assert post_launch(client, form).status_code == 302
    replay = post_launch(Client(cookies=client.cookies), form)
    assert replay.status_code == 403
    assert "al gebruikt" in replay.content.decode()


def test_a_launch_without_the_state_cookie_of_its_login_is_refused(
    client, platform, registration, course_tree
):
    form = _form(client, platform, course_tree.course)
    assert _refused(post_launch(Client(), form))  # another browser: no state cookie


def test_a_launch_from_an_unregistered_deployment_is_refused(
    client, platform, registration, course_tree
):
    form = _form(
        client,
        platform,
        course_tree.course,
        claims={"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "other"},
    )
    assert _refused(post_launch(client, form))


def test_login_initiation_from_an_unknown_platform_is_refused(client, platform):
    # no registration for this LMS
    response = client.get(platform.login_initiation_url(user_id="u"))
    assert response.status_code == 400


def test_the_state_cookie_works_in_an_iframe_over_https(client, platform, registration):
    response = auth_request(client, platform, user_id="u", secure=True)
    cookies = [c for name, c in response.cookies.items() if name.startswith("lti1p3-")]
    assert cookies  # the state (and PyLTI1p3's session id)
    for cookie in cookies:
        assert (cookie["samesite"], cookie["secure"]) == ("None", True)
