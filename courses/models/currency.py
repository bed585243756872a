"""How old content may get before the freshness report lists it: limits that
trainers set for their site, not constants in code."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="time")
class CurrencySettings(BaseSiteSetting):
    """Limits of the freshness report ("Inhoud te beoordelen")."""

    source_max_age_years = models.PositiveSmallIntegerField(
        _("bronnen ouder dan (jaren)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Een bron van een cursus of kaart die ouder is, staat in het rapport "
            "'Inhoud te beoordelen'. Bronnen zonder jaartal staan er altijd in."
        ),
    )
    legal_check_max_age_months = models.PositiveSmallIntegerField(
        _("juridische status opnieuw controleren na (maanden)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Stofkaarten waarvan de juridische status langer geleden is "
            "gecontroleerd, staan in het rapport 'Inhoud te beoordelen'."
        ),
    )

    class Meta:
        verbose_name = _("actualiteit van de inhoud")
