"""Reusable content that many lessons share and that goes stale: substance fact
cards, referral cards (the regional 'sociale kaart'), and topics."""

import datetime

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

from training.blocks import SourceBlock
from training.panels import SlugSourcePanel

CARD_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
REVIEW_SOON_DAYS = 30


class Topic(index.Indexed, models.Model):
    """A subject learners filter the catalogue by (e.g. chemsex, harm reduction)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    panels = [
        SlugSourcePanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
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


class SubstanceCard(CardBase):
    """A fact card on one substance, placed in lessons by a block. Legal status and
    market facts change: every card has a review-by date."""

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
    legal_status = RichTextField(_("juridische status"), features=CARD_TEXT_FEATURES)
    legal_status_checked = models.DateField(_("juridische status gecontroleerd op"))
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
            [FieldPanel("legal_status"), FieldPanel("legal_status_checked")],
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
