"""Site-wide configuration that editors change without a deploy."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Organiser details shown in the footer and in emails."""

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
    privacy_url = models.URLField(_("privacyverklaring (URL)"), blank=True)
    catalogue_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cursusoverzicht"),
        help_text=_("De pagina waar 'Cursussen' in het menu naartoe gaat."),
    )

    class Meta:
        verbose_name = _("site-instellingen")
