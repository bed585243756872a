"""Sign-up, verification and login through allauth, in Dutch and English."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.users import TEST_PASSWORD, UserFactory
from training.models import User

SIGNUP = {
    "first_name": "Noor",
    "last_name": "Bakker",
    "profession": "ggd",
    "email": "noor@example.org",
    "password1": "een-lang-wachtwoord-42",
    "password2": "een-lang-wachtwoord-42",
}


@pytest.mark.django_db
def test_signup_creates_user_with_profession_and_sends_verification_when_valid(
    client, home_page
):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="noor@example.org")
    assert user.profession == "ggd"
    assert user.full_name == "Noor Bakker"
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body


@pytest.mark.django_db
def test_signup_creates_nothing_and_explains_in_dutch_when_profession_is_missing(
    client, home_page
):
    response = client.post(reverse("account_signup"), {**SIGNUP, "profession": ""})
    assert response.status_code == 200
    assert "Kies je beroep." in response.content.decode()
    assert not User.objects.filter(email="noor@example.org").exists()


@pytest.mark.django_db
def test_signup_creates_nothing_when_password_is_weak(client, home_page):
    weak = {**SIGNUP, "password1": "1234", "password2": "1234"}
    response = client.post(reverse("account_signup"), weak)
    assert response.status_code == 200
    assert not User.objects.filter(email="noor@example.org").exists()
    assert 'class="bb-errorsummary"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "foreign"),
    [
        ("nl", "Dit wachtwoord is te kort. Gebruik minstens 10 tekens.", "too short"),
        ("en", "This password is too short. Use at least 10 characters.", "te kort"),
    ],
)
def test_signup_explains_a_short_password_in_the_page_language_when_too_short(
    client, home_page, language, expected, foreign
):
    client.cookies["django_language"] = language
    short = {**SIGNUP, "password1": "kort-42", "password2": "kort-42"}
    content = client.post(reverse("account_signup"), short).content.decode()
    assert expected in content
    assert foreign not in content


@pytest.mark.django_db
def test_signup_explains_in_english_when_language_is_english(client, home_page):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("account_signup"), {**SIGNUP, "profession": ""})
    assert "Choose your profession." in response.content.decode()


@pytest.mark.django_db
def test_signup_creates_no_second_account_when_email_exists(client, home_page):
    UserFactory(email="noor@example.org")
    client.post(reverse("account_signup"), SIGNUP)
    assert User.objects.filter(email__iexact="noor@example.org").count() == 1
    # allauth prevents enumeration: the existing owner gets a notice by email.
    assert all("confirm-email" not in message.body for message in mail.outbox)


@pytest.mark.django_db
def test_login_by_email_succeeds_when_address_is_verified(client, home_page):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_is_refused_until_email_is_verified(client, home_page):
    user = UserFactory(verified_email=False)
    client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_verification_link_logs_the_new_user_in_when_confirmed(client, home_page):
    client.post(reverse("account_signup"), SIGNUP)
    link = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    client.post(link)
    user = User.objects.get(email="noor@example.org")
    assert user.emailaddress_set.get().verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_wagtail_admin_sends_anonymous_visitors_to_the_site_login(client, home_page):
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
