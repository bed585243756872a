"""A form refused by the CSRF check (the page was open for a long time, or the
person signed in again in another tab) gets a page in the site's look that says
what happened and how to go on, in Dutch and English, instead of Django's raw
403."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _refused(language: str, **headers):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    return client.post(reverse("account_login"), {"login": "x"}, **headers)


def test_refused_form_explains_itself_in_the_site_look_when_the_token_is_stale(
    home_page,
):
    response = _refused("nl", HTTP_REFERER="http://testserver/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Je formulier is niet verstuurd" in html
    assert 'href="/accounts/login/"' in html
    assert "bb-footer" in html  # the site's own page, not Django's
    assert "CSRF verification failed" not in html


def test_refused_form_explains_itself_in_english_when_the_interface_is_english(
    home_page,
):
    response = _refused("en", HTTP_REFERER="https://elsewhere.example/form/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your form was not sent" in html
    assert "elsewhere.example" not in html
