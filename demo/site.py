"""The site root: a HomePage replacing Wagtail's placeholder, and site settings."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from training.models import HomePage, SiteSettings

HOME_INTRO = (
    "Bijblijven houdt professionals bij over 3-MMC, nieuwe psychoactieve stoffen en "
    "chemsex. Korte, terugkerende nascholing voor huisartsen, politie en handhaving, "
    "verslavingszorg, preventie, GGD, ziekenhuis, therapeuten, jongerenwerk en "
    "LHBTIQ+-organisaties: kennis én gespreksvaardigheden, met een certificaat dat "
    "je op tijd vernieuwt."
)
HOME_BODY = [
    ("heading", {"text": "Waarom Bijblijven?", "level": "h2"}),
    (
        "text",
        "<p>De drugsmarkt verandert snel. Na het verbod op 3-MMC in 2021 kwamen er "
        "opvolgers, en sinds 1 juli 2025 verbiedt de Opiumwet hele groepen nieuwe "
        "stoffen. Wie mensen spreekt die drugs gebruiken, heeft actuele kennis nodig. "
        "De QuickScan 3-MMC in Zwolle (2024) beveelt daarom terugkerende training van "
        "professionals aan.</p>",
    ),
    ("heading", {"text": "Hoe het werkt", "level": "h2"}),
    (
        "text",
        "<ul><li>Kies de cursussen die bij je beroep horen.</li>"
        "<li>Leer in korte lessen, toets je kennis en oefen gesprekken in "
        "scenario's.</li><li>Ontvang een certificaat met QR-code dat iedereen kan "
        "controleren, en een herinnering voordat het verloopt.</li>"
        "<li>Verandert de inhoud wezenlijk, dan hoor je wat er veranderd is en "
        "werk je alleen dat deel bij.</li></ul>",
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Voor organisaties",
            "text": "<p>Praktijkmanagers, teamleiders en HR zien in één overzicht wie "
            "een geldig certificaat heeft en wie binnenkort moet vernieuwen.</p>",
        },
    ),
]


@transaction.atomic
def home_page_ensure() -> HomePage:
    """Create the HomePage under the tree root and point the default site at it.
    Wagtail's own 'Welcome' placeholder is removed. Idempotent."""
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(
            title="Bijblijven", slug="bijblijven", intro=HOME_INTRO, body=HOME_BODY
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Bijblijven"
        site.save()
    # The placeholder page Wagtail creates in its first migration.
    Page.objects.filter(depth=2, content_type__model="page").exclude(
        pk=home.pk
    ).delete()
    SiteSettings.for_site(site)
    return home


@transaction.atomic
def site_settings_link(*, home: HomePage, catalogue: Page) -> None:
    """Point the menu and the home page's button at the catalogue."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.catalogue_page_id != catalogue.pk:
        settings.catalogue_page = catalogue
        settings.save()
    if home.catalogue_page_id != catalogue.pk:
        home.catalogue_page = catalogue
        home.save_revision().publish()
