"""The footer links to the information pages chosen in the site settings, in the
interface language, without a query per page view; sign-up shows a privacy
notice beside the form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from training.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy_page(home_page):
    page = StandardPage(title="Privacyverklaring", slug="privacy")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = page
    settings.contact_email = "contact@example.org"
    settings.save()
    return page


def test_footer_links_chosen_pages_and_the_contact_address_when_set(
    client, privacy_page
):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert f'href="{privacy_page.url}">Privacyverklaring</a>' in footer
    assert 'href="mailto:contact@example.org">Contact</a>' in footer
    assert "Gebruiksvoorwaarden" not in footer  # not chosen yet


def test_footer_text_and_links_are_english_when_the_interface_is(client, privacy_page):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Bijblijven: recurring training on 3-MMC, NPS and chemsex." in footer
    assert ">Privacy statement</a>" in footer


def _queries_of_a_warm_page_view(client) -> int:
    client.get("/")  # warm caches (site root, settings, footer) like a server
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return len(queries)


def test_footer_costs_no_query_when_its_links_are_cached(client, privacy_page):
    with_link = _queries_of_a_warm_page_view(client)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = None
    settings.save()
    without_link = _queries_of_a_warm_page_view(client)
    assert with_link == without_link


def test_signup_shows_a_privacy_notice_with_a_link_when_a_statement_exists(
    client, privacy_page
):
    html = client.get(reverse("account_signup")).content.decode()
    assert "Wat we met je gegevens doen" in html
    assert f'href="{privacy_page.url}">Lees de privacyverklaring</a>' in html


def test_django_pages_render_without_footer_links_when_no_site_answers_the_host(
    client, user
):
    Site.objects.all().delete()  # e.g. a host name no Wagtail site is set up for
    client.force_login(user)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    assert "Privacyverklaring" not in response.content.decode()
