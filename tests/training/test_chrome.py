"""The header and footer rendered once per language, host, generation and kind
of visitor (training/chrome.py, issue 21): each request still gets its own CSRF
token and return path, the "Beheer" link only for those who may open the admin,
the right language, and a settings change on the next request."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils.html import escape
from wagtail.models import Site

from courses.services import enrolment_create
from tests.factories.users import UserFactory, role_member_create, signed_in_client
from training.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chrome_cache_on(settings):
    settings.LOCAL_IMMUTABLE_CACHE = True


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def language_next(html: str) -> str:
    return re.search(r'name="next" value="([^"]*)"', html).group(1)


def test_each_page_returns_to_its_own_path_from_the_language_form(user, course_tree):
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    first, second = course_tree.lessons[0], course_tree.lessons[1]

    assert language_next(client.get(first.url).text) == first.url
    assert language_next(client.get(second.url).text) == second.url
    odd = client.get('/mijn-leeromgeving/?a=1&b="<x>"')
    assert "<x>" not in odd.text
    assert language_next(odd.text) == escape(odd.wsgi_request.get_full_path())


def test_sign_out_form_carries_each_browsers_own_token(user, home_page):
    colleague = UserFactory()
    pages = [
        signed_in_client(person).get("/mijn-leeromgeving/")
        for person in (user, colleague, user)
    ]
    for response in pages:
        tokens = re.findall(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', header(response.text)
        )
        assert len(tokens) == 2  # sign-out and language forms
        secret = response.wsgi_request.META["CSRF_COOKIE"]
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}


def test_beheer_link_only_for_those_who_may_open_the_admin(user, home_page):
    trainer = role_member_create("Trainers")
    url = "/mijn-leeromgeving/"
    assert "Beheer" in header(signed_in_client(trainer).get(url).text)

    assert "Beheer" not in header(signed_in_client(user).get(url).text)


def test_anonymous_and_signed_in_visitors_get_their_own_header(client, user, home_page):
    client.get("/")
    assert "Uitloggen" in header(signed_in_client(user).get("/").text)
    assert "Inloggen" in header(Client().get("/").text)


def test_header_is_in_the_language_of_the_request(user, home_page):
    client = signed_in_client(user)
    assert "Uitloggen" in header(client.get("/mijn-leeromgeving/").text)

    client.cookies["django_language"] = "en"
    english = header(client.get("/mijn-leeromgeving/").text)
    assert "Log out" in english
    assert "Uitloggen" not in english


def test_footer_text_change_shows_on_the_next_request(user, home_page):
    client = signed_in_client(user)
    client.get("/mijn-leeromgeving/")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_text = "Nieuwe voettekst van vandaag"
    site_settings.save()

    assert "Nieuwe voettekst van vandaag" in client.get("/mijn-leeromgeving/").text
