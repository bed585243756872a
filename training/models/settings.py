"""Site-wide configuration that editors change without a deploy."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def _page_link(verbose_name: str, help_text: str = "") -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Organiser details shown in the footer and in emails, and the pages the
    footer links to (each link appears once its page is chosen)."""

    organiser_name = models.CharField(
        _("naam organisator"), max_length=200, default="Bijblijven"
    )
    contact_email = models.EmailField(_("contactadres"), blank=True)
    footer_text = models.CharField(
        _("voettekst"),
        max_length=300,
        blank=True,
        default="Bijblijven: terugkerende nascholing over 3-MMC, NPS en chemsex.",
    )
    # A short label, not a page: its English lives beside it rather than in a
    # Wagtail translation (docs/decisions.md).
    footer_text_en = models.CharField(
        _("voettekst (Engels)"),
        max_length=300,
        blank=True,
        default="Bijblijven: recurring training on 3-MMC, NPS and chemsex.",
        help_text=_("Getoond als de website in het Engels staat."),
    )
    privacy_url = models.URLField(
        _("privacyverklaring (URL)"),
        blank=True,
        help_text=_("Alleen als de privacyverklaring op een andere website staat."),
    )
    privacy_page = _page_link(_("privacyverklaring"))
    terms_page = _page_link(_("gebruiksvoorwaarden"))
    contact_page = _page_link(_("contactpagina"))
    accessibility_page = _page_link(_("toegankelijkheidsverklaring"))
    catalogue_page = _page_link(
        _("cursusoverzicht"), _("De pagina waar 'Cursussen' in het menu naartoe gaat.")
    )

    panels = [
        FieldPanel("organiser_name"),
        FieldPanel("contact_email"),
        PageChooserPanel("catalogue_page"),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("footer_text_en"),
                PageChooserPanel("privacy_page"),
                FieldPanel("privacy_url"),
                PageChooserPanel("terms_page"),
                PageChooserPanel("contact_page"),
                PageChooserPanel("accessibility_page"),
            ],
            heading=_("Voettekst"),
        ),
    ]

    # Loaded with the settings, so the header's catalogue link needs no query.
    select_related = ["catalogue_page"]

    class Meta:
        verbose_name = _("site-instellingen")

    @classmethod
    def for_site(cls, site):
        """Every page reads these: from the cache, cleared on their save
        (training/page_cache.py)."""
        from training.page_cache import site_settings_cached

        read = super().for_site
        if site is None:
            return read(site)  # raises DoesNotExist, as Wagtail's
        return site_settings_cached(cls, site, lambda: read(site))

    @property
    def footer_text_shown(self) -> str:
        """The footer text in the interface language (Dutch when no English)."""
        language = (translation.get_language() or "").split("-")[0]
        if language == "en" and self.footer_text_en:
            return self.footer_text_en
        return self.footer_text
