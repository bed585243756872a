"""Links that leave the page (emails, QR codes, credentials) point at the server
that made them when SITE_BASE_URL is not set, and at SITE_BASE_URL when it is;
allauth's emails name the site and come from DEFAULT_FROM_EMAIL."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from certificates.services.keys import signing_key_create

pytestmark = pytest.mark.django_db

OTHER_PORT = "127.0.0.1:8811"
SIGNUP = {
    "first_name": "Noor",
    "last_name": "Bakker",
    "profession": "ggd",
    "email": "noor@example.org",
    "password1": "een-lang-wachtwoord-42",
    "password2": "een-lang-wachtwoord-42",
}


def test_links_follow_the_request_when_site_base_url_is_not_set(client, settings):
    settings.SITE_BASE_URL = ""
    signing_key_create()
    response = client.get("/openbadges/issuer", HTTP_HOST=OTHER_PORT)
    document = json.loads(response.content)
    assert document["id"] == f"http://{OTHER_PORT}/openbadges/issuer"
    assert document["url"] == f"http://{OTHER_PORT}/"


def test_links_use_site_base_url_when_it_is_set(client, settings):
    settings.SITE_BASE_URL = "https://leren.example.org"
    signing_key_create()
    response = client.get("/openbadges/issuer", HTTP_HOST=OTHER_PORT)
    assert json.loads(response.content)["id"] == (
        "https://leren.example.org/openbadges/issuer"
    )


def test_signup_email_names_the_site_and_sender_when_served_on_another_port(
    client, home_page, settings
):
    settings.SITE_BASE_URL = ""
    settings.DEFAULT_FROM_EMAIL = "Bijblijven <noreply@leren.example.org>"
    client.post(reverse("account_signup"), SIGNUP, HTTP_HOST=OTHER_PORT)
    (message,) = mail.outbox
    assert message.from_email == "Bijblijven <noreply@leren.example.org>"
    assert "Hallo van Bijblijven!" in message.body
    assert f"van {OTHER_PORT}" not in message.body
    assert f"http://{OTHER_PORT}/accounts/confirm-email/" in message.body
