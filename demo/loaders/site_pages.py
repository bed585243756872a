"""The footer's information pages (privacy statement, terms of use, contact,
accessibility statement) from ``demo/content/site_pages.yaml``: Dutch pages below
the home page with their English translations, chosen in the site settings.
Idempotent like the other loaders."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from demo.loaders.cards import CONTENT, read_yaml
from demo.loaders.courses import _set_fields
from demo.loaders.streams import block_to_raw, comparable
from training.models import HomePage, SiteSettings, StandardPage

PAGES_FILE = CONTENT / "site_pages.yaml"


def _fields(data: dict, contact: str) -> dict:
    raw = [
        block_to_raw(
            {**block, "html": block["html"].replace("{contact}", contact)}
            if "html" in block
            else block,
            where=f"site_pages > {data['title']}",
            media={},
        )
        for block in data.get("body", [])
    ]
    return {
        "title": data["title"],
        "intro": data.get("intro", "").replace("{contact}", contact),
        "body": StandardPage.body.field.stream_block.to_python(raw),
    }


def _apply(page: StandardPage, fields: dict, *, created: bool) -> StandardPage:
    body = fields.pop("body")
    changed = _set_fields(page, fields) or created
    if created or comparable(page.body) != comparable(body):
        page.body = body
        changed = True
    if changed or not page.live:
        page.save()
        page.save_revision().publish()
    return page


def _page_ensure(home: HomePage, slug: str, fields: dict) -> StandardPage:
    page = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = StandardPage(slug=slug, title=fields["title"])
        home.add_child(instance=page)
        return _apply(page, fields, created=True)
    return _apply(page, fields, created=False)


def _translation_ensure(source: Page, locale: Locale, fields: dict) -> None:
    page = source.get_translation_or_none(locale)
    created = page is None
    page = source.copy_for_translation(locale) if created else page
    _apply(page.specific, fields, created=created)


@transaction.atomic
def site_pages_load(home: HomePage) -> int:
    """Create or update the four pages and link them in the footer; returns how
    many there are."""
    content = read_yaml(PAGES_FILE)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if not site_settings.contact_email:
        site_settings.contact_email = content["contact"]
    contact = site_settings.contact_email
    locale, _created = Locale.objects.get_or_create(language_code="en")
    for entry in content["pages"]:
        page = _page_ensure(home, entry["slug"], _fields(entry["nl"], contact))
        _translation_ensure(page, locale, _fields(entry["en"], contact))
        setattr(site_settings, entry["setting"], page)
    site_settings.save()
    return len(content["pages"])
