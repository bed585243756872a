"""Two factors: required for everyone who can see other people's data (admin
users, organisation managers), optional for learners, and asked at every
sign-in once set up."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from courses.roles import TRAINERS
from tests.factories.organisations import OrganisationFactory, manager_create
from tests.factories.users import TEST_PASSWORD, UserFactory, role_member_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.MFA_REQUIRED = True


def _sign_in(client, user):
    client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _activate_totp(client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again first
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = client.session["mfa.totp.secret"]
    done = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert done.status_code == 302, done.content.decode()[:2000]
    return secret


def test_trainer_without_a_second_factor_is_sent_to_set_one_up(client, home_page):
    trainer = role_member_create(TRAINERS)
    _sign_in(client, trainer)
    response = client.get("/beheer/")
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.status_code == 200
    assert "Stel eerst tweestapsverificatie in" in page.content.decode()


def test_manager_without_a_second_factor_cannot_open_the_dashboard(client, home_page):
    organisation = OrganisationFactory()
    _sign_in(client, manager_create(organisation))
    response = client.get(reverse("organisations:dashboard", args=[organisation.pk]))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_learner_works_without_a_second_factor(client, home_page):
    _sign_in(client, UserFactory())
    assert client.get(reverse("courses:my_learning")).status_code == 200


def test_trainer_reaches_the_admin_once_the_authenticator_app_is_set_up(
    client, home_page
):
    trainer = role_member_create(TRAINERS)
    _sign_in(client, trainer)
    _activate_totp(client)
    assert Authenticator.objects.filter(
        user=trainer, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/beheer/").status_code == 200


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, home_page):
    trainer = role_member_create(TRAINERS)
    _sign_in(client, trainer)
    secret = _activate_totp(client)
    client.post(reverse("account_logout"))

    _sign_in(client, trainer)
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    wrong = "000000" if _code(secret) != "000000" else "111111"
    client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.session["_auth_user_id"] == str(trainer.pk)
    assert client.get("/beheer/").status_code == 200
