"""The footer's links to the information pages chosen in the site settings.

Every page shows the footer, so the chosen pages' URLs are cached (one query when
the cache is cold, none after); the key holds the chosen page ids, so choosing
another page shows at once, and a renamed page within ``URL_TIMEOUT``.
"""

from typing import NamedTuple

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

URL_TIMEOUT = 300  # seconds

# (settings field, link text), in the order of the footer
FOOTER_PAGES = [
    ("privacy_page", _("Privacyverklaring")),
    ("terms_page", _("Gebruiksvoorwaarden")),
    ("contact_page", _("Contact")),
    ("accessibility_page", _("Toegankelijkheid")),
]


class FooterLink(NamedTuple):
    field: str
    text: str
    url: str


def _page_urls(page_ids: list[int], request) -> dict[int, str]:
    key = "footer-urls:" + ",".join(map(str, page_ids))
    urls = cache.get(key)
    if urls is None:
        pages = Page.objects.filter(pk__in=page_ids, live=True)
        urls = {page.pk: page.get_url(request) for page in pages}
        cache.set(key, urls, URL_TIMEOUT)
    return urls


def footer_links(site_settings, request) -> list[FooterLink]:
    """Each chosen, live information page. Without a privacy page, an external
    privacy URL stands in; without a contact page, the contact address."""
    chosen = [getattr(site_settings, f"{field}_id") for field, _text in FOOTER_PAGES]
    urls = _page_urls(sorted(pk for pk in chosen if pk), request)
    fallbacks = {
        "privacy_page": site_settings.privacy_url,
        "contact_page": site_settings.contact_email
        and f"mailto:{site_settings.contact_email}",
    }
    links = []
    for pk, (field, text) in zip(chosen, FOOTER_PAGES, strict=True):
        url = urls.get(pk) or fallbacks.get(field)
        if url:
            links.append(FooterLink(field, text, url))
    return links


def privacy_url(site_settings, request) -> str:
    """Where the privacy statement is ("" when nowhere yet)."""
    links = footer_links(site_settings, request)
    return next((link.url for link in links if link.field == "privacy_page"), "")
