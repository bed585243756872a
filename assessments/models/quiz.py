"""The quiz page: a page in a module that learners take, with its settings.

Questions are either fixed (chosen from the bank in order) or drawn at random per
category. The page only orchestrates; attempts go through ``assessments.services``.
An unpublished (draft) quiz is invisible to learners like any Wagtail page.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from assessments.admin_forms import QuizPageForm

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class QuestionSelection(models.TextChoices):
    FIXED = "fixed", _("Vaste vragen")
    DRAW = "draw", _("Willekeurig uit categorieën")


class QuizLayout(models.TextChoices):
    ONE_PER_PAGE = "one_per_page", _("Eén vraag per pagina")
    ALL_ON_ONE_PAGE = "all", _("Alle vragen op één pagina")


class FeedbackMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct na elke vraag")
    END = "end", _("Aan het eind")
    NEVER = "never", _("Nooit (alleen de uitslag)")


class QuizPage(Page):
    """A quiz in a module. Editors choose the questions and the rules; passing it
    counts towards completing the course."""

    intro = RichTextField(_("introductie"), blank=True, features=TEXT_FEATURES)
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=15)
    selection = models.CharField(
        _("vragen"),
        max_length=8,
        choices=QuestionSelection.choices,
        default=QuestionSelection.FIXED,
    )
    shuffle_questions = models.BooleanField(
        _("vragen in willekeurige volgorde"), default=False
    )
    shuffle_options = models.BooleanField(
        _("antwoordmogelijkheden in willekeurige volgorde"),
        default=True,
        help_text=_(
            "Elke poging krijgt een eigen volgorde, behalve bij vragen met een "
            "vaste volgorde. Zo valt het juiste antwoord niet te raden aan zijn "
            "plaats."
        ),
    )
    layout = models.CharField(
        _("weergave"),
        max_length=16,
        choices=QuizLayout.choices,
        default=QuizLayout.ONE_PER_PAGE,
    )
    feedback_mode = models.CharField(
        _("feedback"),
        max_length=16,
        choices=FeedbackMode.choices,
        default=FeedbackMode.END,
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("cesuur (procent)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Het percentage van de punten dat nodig is om te slagen."),
    )
    pass_text = RichTextField(
        _("tekst bij geslaagd"), blank=True, features=TEXT_FEATURES
    )
    fail_text = RichTextField(
        _("tekst bij niet geslaagd"), blank=True, features=TEXT_FEATURES
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximaal aantal pogingen"),
        default=0,
        help_text=_("0 is onbeperkt; 1 is één kans. Geldt per certificeringsronde."),
    )
    cooldown = models.DurationField(
        _("wachttijd tussen pogingen"),
        default=datetime.timedelta(0),
        help_text=_("uu:mm:ss, bijvoorbeeld 00:10:00 voor tien minuten."),
    )
    time_limit = models.DurationField(
        _("tijdslimiet"),
        null=True,
        blank=True,
        help_text=_("uu:mm:ss; leeg is geen tijdslimiet. De klok van de server telt."),
    )

    essay_marking_promised = models.BooleanField(
        _("ik beoordeel open vragen binnen een vast aantal dagen"),
        default=False,
        help_text=_(
            "Nodig als elke poging een open vraag trekt: dan wacht elke deelnemer "
            "op een trainer. Deelnemers zien het aantal dagen terwijl ze wachten."
        ),
    )
    essay_marking_days = models.PositiveSmallIntegerField(
        _("beoordelen binnen (dagen)"), null=True, blank=True
    )

    base_form_class = QuizPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("selection"),
                InlinePanel("fixed_questions", label=_("Vaste vraag")),
                InlinePanel("draw_rules", label=_("Trekken uit categorie")),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("essay_marking_promised"),
                FieldPanel("essay_marking_days"),
            ],
            heading=_("Vragen"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("layout"),
                FieldPanel("feedback_mode"),
                FieldPanel("pass_percent"),
                FieldPanel("pass_text"),
                FieldPanel("fail_text"),
            ],
            heading=_("Afnemen en uitslag"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_attempts"),
                FieldPanel("cooldown"),
                FieldPanel("time_limit"),
                FieldPanel("minutes"),
            ],
            heading=_("Regels"),
        ),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    # The completion protocol of courses/completion.py.
    completion_requirement = True
    completion_kind = "quiz"
    # Fields the course outline shows, loaded with it (courses.selectors).
    outline_fields = ("minutes",)

    class Meta:
        verbose_name = _("toets")
        verbose_name_plural = _("toetsen")

    @property
    def pass_mark(self) -> float:
        """The pass mark as a fraction, 0–1."""
        return self.pass_percent / 100

    @classmethod
    def passed_page_ids(cls, *, user, pages, cycle) -> set[int]:
        from assessments.models.attempts import Attempt

        return set(
            Attempt.objects.filter(
                user=user, quiz_id__in=[page.pk for page in pages], cycle=cycle
            )
            # final only: a pass with an essay still to mark would issue a
            # certificate with the score from before the marking
            .filter(passed=True, pending=0)
            .values_list("quiz_id", flat=True)
        )

    def serve(self, request, *args, **kwargs):
        from assessments.views.quiz import quiz_serve

        return quiz_serve(request=request, quiz=self)

    def serve_preview(self, request, mode_name):
        from assessments.views.quiz import quiz_preview

        return quiz_preview(request=request, quiz=self)


class QuizQuestion(Orderable):
    """A fixed question of a quiz, in order."""

    page = ParentalKey(
        QuizPage, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(
        "assessments.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("vraag"),
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("vaste vraag")
        verbose_name_plural = _("vaste vragen")


class QuizDrawRule(Orderable):
    """Draw ``count`` questions at random from a category for every attempt."""

    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="draw_rules")
    category = models.ForeignKey(
        "assessments.QuestionCategory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("categorie"),
    )
    count = models.PositiveSmallIntegerField(
        _("aantal vragen"), default=5, validators=[MinValueValidator(1)]
    )

    panels = [FieldPanel("category"), FieldPanel("count")]

    class Meta(Orderable.Meta):
        verbose_name = _("trekking")
        verbose_name_plural = _("trekkingen")
