"""The question bank: categories and questions that trainers reuse across quizzes.

A question's answer parts (options, ordering items, matching pairs) are inline
orderables with stable ``key``s: attempts store answers by key, so reordering or
rewording options never breaks a stored answer. Every save bumps ``version``;
``snapshot()`` freezes the question in the shape of docs/schemas.md for attempts.

Questions are translatable (Wagtail i18n). The bank, quizzes and grading work on
the questions in the default language (``Question.objects.sources()``); a
translation only changes what a learner reads (``assessments.question_translation``)
and keeps the source's part keys, so answers are graded the same in every language.
"""

import secrets

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from assessments.admin_forms import QuestionAdminForm
from assessments.models.parts import next_key
from training.panels import SlugSourcePanel

QUESTION_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
SNAPSHOT_SCHEMA_VERSION = 1


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Eén juist antwoord")
    MULTIPLE = "multiple", _("Meerdere juiste antwoorden")
    TRUE_FALSE = "true_false", _("Juist of onjuist")
    SHORT_TEXT = "short_text", _("Kort antwoord")
    ORDERING = "ordering", _("Volgorde")
    MATCHING = "matching", _("Koppelen")
    ESSAY = "essay", _("Open vraag of reflectie (trainer beoordeelt)")


class PartialCredit(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Alles of niets")
    PROPORTIONAL = "proportional", _("Naar verhouding goed")
    RIGHT_MINUS_WRONG = (
        "right_minus_wrong",
        _("Goed min fout (alleen bij meerdere juiste antwoorden)"),
    )


def question_key_new() -> str:
    return "q-" + secrets.token_hex(4)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionCategory(index.Indexed, models.Model):
    """A pool of questions; quizzes draw a number of questions per category."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    panels = [
        SlugSourcePanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("vragencategorie")
        verbose_name_plural = _("vragencategorieën")

    def __str__(self) -> str:
        return self.name


class TaggedQuestion(TaggedItemBase):
    content_object = ParentalKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuestionQuerySet(models.QuerySet):
    def drawable(self):
        """Not suspended: what new attempts may draw."""
        return self.filter(suspended_at__isnull=True)

    def sources(self):
        """Questions in the default language: the bank that quizzes draw from.
        Translations share the source's category but are never drawn."""
        return self.filter(
            locale__language_code=get_supported_content_language_variant(
                settings.LANGUAGE_CODE
            )
        )


class Question(TranslatableMixin, index.Indexed, ClusterableModel):
    """One question in the bank. Trainers fill in the parts that fit the type:
    options (single and multiple), the statement's truth (true/false), accepted
    answers (short text), items in the right order (ordering) or pairs
    (matching); an essay needs only its text and is marked by a trainer."""

    key = models.SlugField(
        _("sleutel"),
        max_length=64,
        unique=True,
        default=question_key_new,
        help_text=_("Vaste naam voor import en export; verander hem niet."),
    )
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("categorie"),
    )
    type = models.CharField(
        _("soort vraag"), max_length=16, choices=QuestionType.choices
    )
    text = RichTextField(_("vraag"), features=QUESTION_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("afbeelding"),
    )
    explanation = models.TextField(
        _("uitleg"), blank=True, help_text=_("Getoond na het beoordelen.")
    )
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01)],
        help_text=_("Telt naar verhouding mee in de toets (standaard 1)."),
    )
    partial_credit = models.CharField(
        _("deelpunten"),
        max_length=20,
        choices=PartialCredit.choices,
        default=PartialCredit.ALL_OR_NOTHING,
        help_text=_("Voor meerdere juiste antwoorden, volgorde en koppelen."),
    )
    statement_true = models.BooleanField(
        _("de stelling is juist"),
        default=True,
        help_text=_("Alleen voor juist/onjuist-vragen."),
    )
    accepted_answers = models.TextField(
        _("goedgerekende antwoorden"),
        blank=True,
        help_text=_(
            "Eén per regel; hoofdletters en spaties maken niet uit. Alleen voor "
            "korte antwoorden."
        ),
    )
    fixed_option_order = models.BooleanField(
        _("vaste volgorde van de antwoordmogelijkheden"),
        default=False,
        help_text=_(
            "Aanvinken als de volgorde ertoe doet, bijvoorbeeld bij 'alle "
            "bovenstaande'. Anders krijgt elke poging een eigen volgorde."
        ),
    )
    case_based = models.BooleanField(
        _("casusvraag"),
        default=False,
        help_text=_(
            "Aanvinken als de vraag een korte situatie uit het werk van de "
            "deelnemer schetst en dan om een beslissing vraagt."
        ),
    )
    feedback_correct = models.TextField(_("feedback bij goed"), blank=True)
    feedback_incorrect = models.TextField(_("feedback bij fout"), blank=True)
    sources = models.TextField(_("bronnen"), blank=True, help_text=_("Eén per regel."))
    tags = ClusterTaggableManager(
        through=TaggedQuestion, blank=True, verbose_name=_("labels")
    )
    fact_cards = models.ManyToManyField(
        "courses.SubstanceCard",
        blank=True,
        related_name="questions",
        verbose_name=_("hangt af van stofkaarten"),
        help_text=_(
            "De stofkaarten waarvan het juiste antwoord afhangt. Verandert de "
            "juridische status op zo'n kaart, dan wordt de vraag niet meer "
            "getrokken tot iemand haar heeft gecontroleerd."
        ),
    )
    objectives = models.ManyToManyField(
        "courses.LearningObjective",
        blank=True,
        related_name="questions",
        verbose_name=_("toetst leerdoelen"),
        help_text=_(
            "De leerdoelen van de cursus die deze vraag toetst (zie Rapporten > "
            "Leerdoelen en studietijd)."
        ),
    )
    # Set when a fact the question depends on changed; new attempts skip it
    # until a reviewer confirms or edits it (``assessments.services.facts``).
    suspended_at = models.DateTimeField(
        _("opgeschort sinds"), null=True, blank=True, editable=False
    )
    suspended_reason = models.CharField(
        _("reden van opschorting"), max_length=300, blank=True, editable=False
    )
    facts_reviewed_at = models.DateTimeField(
        _("feiten gecontroleerd op"), null=True, blank=True, editable=False
    )
    facts_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("feiten gecontroleerd door"),
    )
    # Bumped on every save; attempts record the version they were graded against.
    version = models.PositiveIntegerField(_("versie"), default=0, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("type"), FieldPanel("key")],
            heading=_("Soort"),
        ),
        FieldPanel("text"),
        FieldPanel("case_based"),
        FieldPanel("image"),
        InlinePanel("options", label=_("Antwoordmogelijkheid")),
        FieldPanel("fixed_option_order"),
        FieldPanel("statement_true"),
        FieldPanel("accepted_answers"),
        InlinePanel("items", label=_("Onderdeel (in de juiste volgorde)")),
        InlinePanel("pairs", label=_("Paar")),
        MultiFieldPanel(
            [
                FieldPanel("weight"),
                FieldPanel("partial_credit"),
                FieldPanel("feedback_correct"),
                FieldPanel("feedback_incorrect"),
                FieldPanel("explanation"),
                FieldPanel("sources"),
                FieldPanel("tags"),
            ],
            heading=_("Beoordeling en uitleg"),
        ),
        FieldPanel("fact_cards", widget=forms.CheckboxSelectMultiple),
        FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
    ]
    base_form_class = QuestionAdminForm
    search_fields = [
        index.SearchField("text"),
        index.SearchField("key"),
        index.AutocompleteField("key"),
        index.AutocompleteField("text"),
        index.FilterField("type"),
        index.FilterField("category"),
        index.FilterField("locale"),
    ]

    objects = QuestionQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["category", "id"]
        permissions = [
            ("confirm_question_facts", "Vragen na een gewijzigd feit bevestigen")
        ]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self) -> str:
        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        return f"{self.key}: {Truncator(strip_tags(self.text)).chars(60)}"

    def copy_for_translation(self, locale, exclude_fields=None):
        """An unsaved translation; its ``key`` (unique in the whole bank) is the
        source's with the language appended, e.g. ``nps-lijst-ii-en``. Parts keep
        their keys, which is what grading goes by."""
        translation = super().copy_for_translation(locale, exclude_fields)
        key = f"{self.key[:58]}-{locale.language_code}"[:64]
        if Question.objects.filter(key=key).exists():
            key = question_key_new()
        translation.key = key
        return translation

    def save(self, *args, **kwargs):
        self._assign_part_keys()
        self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def _assign_part_keys(self) -> None:
        """Give new options, items and pairs a key unique within the question."""
        for relation, prefix in (("options", ""), ("items", "i"), ("pairs", "p")):
            parts = list(getattr(self, relation).all())
            used = {part.key for part in parts if part.key}
            for part in parts:
                if not part.key:
                    part.key = next_key(used, prefix)
                    used.add(part.key)

    def snapshot(self) -> dict:
        """The question as docs/schemas.md describes it ("Question snapshot"),
        plus ``image_id`` (None without an image). Uses prefetched parts."""
        data: dict = {
            "schema_version": SNAPSHOT_SCHEMA_VERSION,
            "id": self.pk,
            "key": self.key,
            "version": self.version,
            "type": self.type,
            "text": self.text,
            "explanation": self.explanation,
            "weight": float(self.weight),
            "sources": _lines(self.sources),
            "image_id": self.image_id,
        }
        kind = self.type
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            data["options"] = [
                {
                    "key": option.key,
                    "text": option.text,
                    "correct": option.correct,
                    "feedback": option.feedback,
                }
                for option in _ordered(self.options.all())
            ]
            if self.fixed_option_order:
                data["fixed_order"] = True
        if kind in (QuestionType.MULTIPLE, QuestionType.ORDERING):
            data["partial_credit"] = self.partial_credit
        if kind == QuestionType.MATCHING:
            data["partial_credit"] = self.partial_credit
            data["pairs"] = [
                {"key": pair.key, "prompt": pair.prompt, "match": pair.match}
                for pair in _ordered(self.pairs.all())
            ]
        if kind == QuestionType.TRUE_FALSE:
            data["correct"] = self.statement_true
        if kind == QuestionType.SHORT_TEXT:
            data["accepted_answers"] = _lines(self.accepted_answers)
        if kind == QuestionType.ORDERING:
            data["items"] = [
                {"key": item.key, "text": item.text}
                for item in _ordered(self.items.all())
            ]
        if self.feedback_correct:
            data["feedback_correct"] = self.feedback_correct
        if self.feedback_incorrect:
            data["feedback_incorrect"] = self.feedback_incorrect
        return data


def _ordered(parts) -> list:
    parts = list(parts)
    return sorted(
        parts,
        key=lambda part: (
            part.sort_order if part.sort_order is not None else len(parts),
            part.pk or 0,
        ),
    )
