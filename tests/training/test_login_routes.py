"""Wagtail's own sign-in, password-reset and sign-out pages lead to allauth's,
so its rate limits, lockout and email verification cannot be bypassed."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.users import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WAGTAIL_LOGINS = ["/beheer/login/", "/_util/login/"]


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", WAGTAIL_LOGINS)
def test_wagtail_login_signs_nobody_in_even_with_the_right_password(client, url):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = client.post(url, {"username": admin.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)


@pytest.mark.parametrize("url", WAGTAIL_LOGINS)
def test_wagtail_login_leads_to_the_site_login_keeping_next(client, url):
    response = client.get(f"{url}?next=/beheer/pages/")
    assert response["Location"] == f"{reverse('account_login')}?next=/beheer/pages/"


def test_locked_out_superuser_stays_out_whichever_login_page_is_tried(
    client, home_page, settings
):
    from training.settings.base import ACCOUNT_RATE_LIMITS  # the tests turn them off

    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS
    admin = UserFactory(is_superuser=True, is_staff=True)
    for _attempt in range(15):
        client.post(
            reverse("account_login"), {"login": admin.email, "password": "fout"}
        )
    client.post("/beheer/login/", {"username": admin.email, "password": TEST_PASSWORD})
    client.post(
        reverse("account_login"), {"login": admin.email, "password": TEST_PASSWORD}
    )
    assert not _signed_in(client)


def test_unverified_account_cannot_sign_in_through_the_admin_login(client):
    person = UserFactory(verified_email=False, is_staff=True)
    client.post("/beheer/login/", {"username": person.email, "password": TEST_PASSWORD})
    assert not _signed_in(client)


def test_admin_password_reset_sends_no_mail_and_leads_to_allauth(client):
    person = UserFactory()
    response = client.post("/beheer/password_reset/", {"email": person.email})
    assert response["Location"] == reverse("account_reset_password")
    assert mail.outbox == []


def test_admin_sign_out_signs_out(client):
    client.force_login(UserFactory(is_superuser=True))
    client.post("/beheer/logout/")
    assert not _signed_in(client)
