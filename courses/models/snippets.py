"""Reusable content that many lessons share and that goes stale: substance fact
cards, referral cards (the regional 'sociale kaart'), and topics."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from courses.admin_panels import FactDependentsPanel
from training.blocks import SourceBlock
from training.panels import SlugSourcePanel

CARD_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
REVIEW_SOON_DAYS = 30


def source_language_only() -> dict:
    """Choices limited to the source language: courses link to Dutch topics."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A subject learners filter the catalogue by (e.g. chemsex, harm reduction).
    Translatable like the cards: courses link to the Dutch topic, and the
    catalogue shows the translation's name in the interface language."""

    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("beschrijving"), blank=True)

    panels = [
        SlugSourcePanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="topic_unique_slug_locale"
            ),
            models.UniqueConstraint(
                fields=["name", "locale"], name="topic_unique_name_locale"
            ),
        ]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")

    def __str__(self) -> str:
        return self.name


class ReviewableMixin(models.Model):
    """An owner and a review-by date: the freshness report lists what is due."""

    content_owner = models.CharField(
        _("eigenaar"),
        max_length=200,
        help_text=_("Wie deze inhoud actueel houdt (persoon of redactie)."),
    )
    review_by = models.DateField(
        _("beoordelen vóór"),
        help_text=_("Na deze datum wordt de inhoud gemarkeerd als te beoordelen."),
    )

    class Meta:
        abstract = True

    def review_state(self, today: datetime.date | None = None) -> str:
        """'overdue', 'soon' (within 30 days) or 'ok'."""
        today = today or timezone.localdate()
        if self.review_by < today:
            return "overdue"
        if self.review_by <= today + datetime.timedelta(days=REVIEW_SOON_DAYS):
            return "soon"
        return "ok"


class CardBase(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ReviewableMixin,
    index.Indexed,
    models.Model,
):
    sources = StreamField(
        [("source", SourceBlock())], blank=True, verbose_name=_("bronnen")
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def get_preview_context(self, request, mode_name):
        return {"card": self, "request": request}


class OpiumActList(models.TextChoices):
    LIST_I = "I", _("lijst I")
    LIST_II = "II", _("lijst II")
    GROUP_LIST_IA = "IA", _("groepslijst IA")
    NOT_LISTED = "none", _("niet in de Opiumwet")


class SubstanceCard(CardBase):
    """A fact card on one substance, placed in lessons by a block. Legal status and
    market facts change: every card has a review-by date.

    The legal status is structured (list, date it applies from, legal reference,
    who checked it when) and is the one place the platform states it: lessons
    show it with a fact block, questions that depend on it name the card and are
    suspended when a published revision changes it (``legal_fact``)."""

    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    street_names = models.CharField(
        _("straatnamen"), max_length=300, blank=True, help_text=_("Komma-gescheiden.")
    )
    substance_class = models.CharField(_("stofklasse"), max_length=200, blank=True)
    effects = RichTextField(_("effecten"), features=CARD_TEXT_FEATURES)
    risks = RichTextField(_("risico's"), features=CARD_TEXT_FEATURES)
    combinations = RichTextField(
        _("combinaties om te vermijden"), features=CARD_TEXT_FEATURES, blank=True
    )
    routes = RichTextField(_("gebruikswijzen"), features=CARD_TEXT_FEATURES, blank=True)
    opium_act_list = models.CharField(
        _("lijst in de Opiumwet"),
        max_length=8,
        choices=OpiumActList.choices,
        blank=True,
        help_text=_("Leeg zolang niemand het tegen de wettekst heeft gecontroleerd."),
    )
    opium_act_since = models.DateField(
        _("geldt vanaf"),
        null=True,
        blank=True,
        help_text=_("De datum van inwerkingtreding; leeg als die niet is nagegaan."),
    )
    legal_reference = models.CharField(
        _("wettelijke bron"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Stb. 2024, 90."),
    )
    legal_reference_url = models.URLField(_("adres van de wettelijke bron"), blank=True)
    legal_checked_by = models.CharField(
        _("juridische status gecontroleerd door"), max_length=200, blank=True
    )
    legal_status_checked = models.DateField(_("juridische status gecontroleerd op"))
    legal_status = RichTextField(
        _("toelichting op de juridische status"),
        features=CARD_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "Achtergrond, zoals Europese regels. Noem de lijst hier niet opnieuw: "
            "die staat hierboven en wordt overal getoond."
        ),
    )
    # The legal fact as last published, and when a published revision changed
    # it (``courses.services.substance_card_published``); never edited by hand.
    legal_fact_published = models.JSONField(default=dict, blank=True, editable=False)
    legal_fact_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    harm_reduction = RichTextField(
        _("schadebeperkend advies"), features=CARD_TEXT_FEATURES
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("street_names"),
                FieldPanel("substance_class"),
            ],
            heading=_("Stof"),
        ),
        FieldPanel("effects"),
        FieldPanel("risks"),
        FieldPanel("combinations"),
        FieldPanel("routes"),
        MultiFieldPanel(
            [
                FactDependentsPanel(),
                FieldPanel("opium_act_list"),
                FieldPanel("opium_act_since"),
                FieldPanel("legal_reference"),
                FieldPanel("legal_reference_url"),
                FieldPanel("legal_checked_by"),
                FieldPanel("legal_status_checked"),
                FieldPanel("legal_status"),
            ],
            heading=_("Wet en regels"),
        ),
        FieldPanel("harm_reduction"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("review_by")], heading=_("Beheer")
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("street_names"),
        index.AutocompleteField("name"),
        index.AutocompleteField("street_names"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="substancecard_unique_slug_locale"
            )
        ]
        verbose_name = _("stofkaart")
        verbose_name_plural = _("stofkaarten")

    def __str__(self) -> str:
        return self.name

    @property
    def street_name_list(self) -> list[str]:
        return [name.strip() for name in self.street_names.split(",") if name.strip()]

    def is_source(self) -> bool:
        """In the default language: the card that owns the facts."""
        from wagtail.models import Locale

        return self.locale_id == Locale.get_default().pk

    def legal_fact(self) -> dict:
        """The legal status as one comparable value: a published revision that
        changes it suspends the questions that depend on this card."""
        return {
            "list": self.opium_act_list,
            "since": self.opium_act_since.isoformat() if self.opium_act_since else "",
            "reference": self.legal_reference.strip(),
            "url": self.legal_reference_url.strip(),
        }

    def clean(self):
        super().clean()
        errors = {}
        listed = self.opium_act_list in (
            OpiumActList.LIST_I,
            OpiumActList.LIST_II,
            OpiumActList.GROUP_LIST_IA,
        )
        if listed and not self.legal_reference.strip():
            errors["legal_reference"] = _(
                "Noem de wettelijke bron van deze plaatsing, bijvoorbeeld "
                "'Stb. 2024, 90'."
            )
        if self.opium_act_list and not self.legal_checked_by.strip():
            errors["legal_checked_by"] = _(
                "Vul in wie de juridische status heeft gecontroleerd."
            )
        if self.opium_act_since and not self.opium_act_list:
            errors["opium_act_since"] = _(
                "Kies eerst de lijst waarvoor deze datum geldt."
            )
        if self.legal_reference_url and not self.legal_reference.strip():
            errors["legal_reference"] = _(
                "Geef de bron ook een naam, zoals 'Stb. 2024, 90'."
            )
        checked = self.legal_status_checked
        if checked and checked > timezone.localdate():
            errors["legal_status_checked"] = _(
                "Een controle kan niet in de toekomst liggen."
            )
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "courses/snippets/substance_card_preview.html"


class ReferralCard(CardBase):
    """Where to refer in the region: a service, what it offers, how to reach it."""

    service = models.CharField(_("dienst of organisatie"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    region = models.CharField(_("regio"), max_length=200)
    target_group = models.CharField(_("doelgroep"), max_length=300)
    offer = RichTextField(_("wat zij bieden"), features=CARD_TEXT_FEATURES)
    contact = RichTextField(_("hoe bereikbaar"), features=CARD_TEXT_FEATURES)
    needs_check = models.BooleanField(
        _("gegevens nog controleren"),
        default=False,
        help_text=_("Aan zolang contactgegevens niet bij de dienst zijn nagevraagd."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("service"),
                FieldPanel("slug"),
                FieldPanel("region"),
                FieldPanel("target_group"),
            ],
            heading=_("Dienst"),
        ),
        FieldPanel("offer"),
        FieldPanel("contact"),
        FieldPanel("needs_check"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("review_by")], heading=_("Beheer")
        ),
    ]
    search_fields = [
        index.SearchField("service", boost=3),
        index.SearchField("region"),
        index.SearchField("target_group"),
        index.AutocompleteField("service"),
        index.AutocompleteField("region"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["service"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="referralcard_unique_slug_locale"
            )
        ]
        verbose_name = _("verwijskaart")
        verbose_name_plural = _("verwijskaarten")

    def __str__(self) -> str:
        return f"{self.service} ({self.region})"

    def get_preview_template(self, request, mode_name):
        return "courses/snippets/referral_card_preview.html"
