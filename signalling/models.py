"""Signals (signaleringen): short news that people already trained must read now,
not at their next renewal (a List I move, a dangerous batch, a new substance).

A `Signal` is a snippet with drafts and revisions: trainers and reviewers write
and publish it in the Wagtail admin. Publishing delivers it
(`services.signal_deliver`): one `SignalRecipient` per person it targets, each
with one email through the outbox. A person confirms with a
`SignalAcknowledgement` that names the revision they read."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from signalling import rules
from signalling.blocks import SignalStreamBlock, readable_parts
from signalling.forms import SignalForm
from training.blocks import SourceBlock


class Signal(
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A two-minute read for everyone who holds a valid certificate of the chosen
    courses or is enrolled in them (narrowed to the chosen professions when
    both are given; professions alone reach everyone with that profession).
    Everyone reached confirms it before `acknowledge_by`."""

    title = models.CharField(_("titel"), max_length=200)
    body = StreamField(SignalStreamBlock(), verbose_name=_("tekst"), blank=True)
    sources = StreamField(
        [("source", SourceBlock())], blank=True, verbose_name=_("bronnen")
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="signals",
        verbose_name=_("cursussen"),
        help_text=_(
            "Bereikt wie een geldig certificaat van een van deze cursussen heeft "
            "of ervoor is ingeschreven."
        ),
    )
    # Profession values (training.models.Profession); a list, empty = any.
    professions = models.JSONField(
        _("beroepen"),
        default=list,
        blank=True,
        help_text=_(
            "Met cursussen: alleen mensen met deze beroepen. Zonder cursussen: "
            "iedereen met een van deze beroepen."
        ),
    )
    acknowledge_by = models.DateField(
        _("lezen vóór"),
        help_text=_("Na deze datum staat wie het niet heeft gelezen als te laat."),
    )
    # What the signal was made from ("content_change:12", "card:3:revision:45"),
    # so making it twice from one change opens the first one.
    origin_key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    base_form_class = SignalForm
    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [
                FieldPanel("courses", widget=forms.CheckboxSelectMultiple),
                FieldPanel("professions"),
                FieldPanel("acknowledge_by"),
            ],
            heading=_("Voor wie en wanneer"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["-acknowledge_by", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_key"],
                condition=~Q(origin_key=""),
                name="signal_unique_origin",
            )
        ]
        verbose_name = _("signalering")
        verbose_name_plural = _("signaleringen")

    def __str__(self) -> str:
        return self.title

    @property
    def words(self) -> int:
        return rules.word_count(readable_parts(self.body))

    @property
    def reading_minutes(self) -> int:
        return rules.reading_minutes(self.words)

    def get_preview_template(self, request, mode_name):
        return "signalling/signal_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"signal": self, "request": request}


class SignalRecipient(models.Model):
    """A person a published signal reached; written once, with their email, when
    it is delivered. Later revisions reach only people who were not reached yet."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signal_deliveries",
    )
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "user"], name="signal_recipient_unique"
            )
        ]
        verbose_name = _("ontvanger van een signalering")
        verbose_name_plural = _("ontvangers van signaleringen")

    def __str__(self) -> str:
        return f"{self.signal} → {self.user}"


class SignalAcknowledgement(models.Model):
    """'Gelezen en begrepen': when, and which published revision was read."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signal_acknowledgements",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gelezen versie"),
    )
    acknowledged_at = models.DateTimeField(_("gelezen op"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "user"], name="signal_acknowledgement_unique"
            )
        ]
        verbose_name = _("bevestiging van een signalering")
        verbose_name_plural = _("bevestigingen van signaleringen")

    def __str__(self) -> str:
        return f"{self.signal} ✓ {self.user}"
