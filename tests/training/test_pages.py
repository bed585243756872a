"""The home page, information pages, language switch and health check."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from training.models import HomePage, StandardPage


@pytest.mark.django_db
def test_home_page_is_dutch_with_landmarks_when_visited_anonymously(client, home_page):
    html = client.get("/").content.decode()
    assert '<html lang="nl"' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert "Direct naar de inhoud" in html


@pytest.mark.django_db
def test_home_page_is_english_when_language_cookie_is_english(client, home_page):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_returns_when_posted_without_javascript(
    client, home_page
):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_language_switch_stores_preference_when_signed_in(learner_client, user):
    learner_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_language_switch_ignores_unknown_language(learner_client, user):
    response = learner_client.post(
        reverse("set_language"), {"language": "xx", "next": "/"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "nl"


@pytest.mark.django_db
def test_health_reports_ok_when_database_answers(client):
    response = client.get(reverse("health"))
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_unknown_page_gives_friendly_404(client, home_page):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


class TestPageTree(WagtailPageTestCase):
    def test_home_page_is_only_allowed_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
