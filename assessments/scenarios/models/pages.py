"""The scenario page: a branching conversation exercise inside a course module.

Trainers author the graph in two StreamFields (``variables``, ``steps``) plus a
few settings; ``definition()`` turns them into the JSON of docs/schemas.md.
Saving a draft may leave the graph unfinished (the map panel lists what is
wrong); publishing or submitting for review runs ``clean``, which refuses an
invalid graph with messages that name the steps. Page methods only route:
learners' requests go to ``assessments.scenarios.views.player``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from assessments.scenarios.authoring import definition_from_streams
from assessments.scenarios.blocks import ScenarioStepStreamBlock, VariableStreamBlock
from assessments.scenarios.forms_admin import ScenarioPageForm
from assessments.scenarios.panels import ScenarioMapPanel
from assessments.scenarios.validation import CheckResult, scenario_check
from courses.models.pages import GOAL_FEATURES, MaterialChangeMixin


class ScenarioPage(MaterialChangeMixin, RoutablePageMixin, Page):
    """A practice conversation: one step at a time, choices with feedback, state
    variables, endings with a debrief, and a score per skill."""

    intro = RichTextField(_("introductie"), blank=True, features=GOAL_FEATURES)
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=15)
    pass_percent = models.PositiveSmallIntegerField(
        _("slaaggrens (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_("Percentage van de haalbare punten dat nodig is om te slagen."),
    )
    max_points = models.FloatField(
        _("maximum punten per keuze"),
        default=2,
        validators=[MinValueValidator(0)],
    )
    allow_back = models.BooleanField(
        _("terug naar de vorige stap toestaan"), default=False
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("aantal pogingen"),
        default=0,
        help_text=_("Per certificeringsronde; 0 is onbeperkt."),
    )
    start_step = models.CharField(
        _("startstap (code)"),
        max_length=64,
        blank=True,
        help_text=_("Leeg: de eerste stap."),
    )
    variables = StreamField(
        VariableStreamBlock(), blank=True, verbose_name=_("variabelen")
    )
    steps = StreamField(ScenarioStepStreamBlock(), verbose_name=_("stappen"))

    # Taking part in course completion (courses/completion.py).
    completion_requirement = True
    completion_kind = "scenario"
    # Fields the course outline shows, loaded with it (courses.selectors).
    outline_fields = ("minutes",)

    base_form_class = ScenarioPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("minutes"),
                FieldPanel("pass_percent"),
                FieldPanel("max_points"),
                FieldPanel("allow_back"),
                FieldPanel("max_attempts"),
                FieldPanel("start_step"),
            ],
            heading=_("Instellingen"),
        ),
        ScenarioMapPanel(heading=_("Kaart en controle")),
        FieldPanel("variables"),
        FieldPanel("steps"),
        MaterialChangeMixin.material_change_panel,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")

    # --- authoring -----------------------------------------------------------

    def definition(self) -> dict:
        """The scenario definition (docs/schemas.md) of the current field values."""
        return definition_from_streams(
            variables=self.variables.raw_data,
            steps=self.steps.raw_data,
            start=self.start_step,
            pass_threshold=(self.pass_percent or 0) / 100,
            max_points=self.max_points if self.max_points is not None else 0,
            allow_back=self.allow_back,
        )

    def check_definition(self) -> CheckResult:
        from assessments.scenarios.selectors import skill_tag_keys

        return scenario_check(
            self.definition(), skills=skill_tag_keys(), steps_raw=self.steps.raw_data
        )

    def clean(self):
        super().clean()
        # The admin form defers this while saving a draft (forms_admin.py); any
        # publish (admin, workflow, schedule, code) saves a live page, which
        # Wagtail cleans, so an invalid graph can never go live.
        if getattr(self, "defer_graph_validation", False):
            return
        result = self.check_definition()
        if not result.is_valid:
            raise ValidationError(
                [_("Het scenario kan zo niet gepubliceerd worden:"), *result.errors]
            )

    # --- completion ----------------------------------------------------------

    @classmethod
    def passed_page_ids(cls, *, user, pages, cycle) -> set[int]:
        from assessments.scenarios.selectors import scenario_passed_page_ids

        return scenario_passed_page_ids(user=user, pages=pages, cycle=cycle)

    # --- serving ---------------------------------------------------------------

    preview_modes = [("", _("Speler")), ("kaart", _("Kaart"))]

    def serve_preview(self, request, mode_name):
        from assessments.scenarios.views.preview import scenario_preview

        return scenario_preview(request=request, page=self, mode=mode_name)

    @path("")
    def intro_view(self, request):
        from assessments.scenarios.views.player import scenario_intro

        return scenario_intro(request=request, page=self)

    @path("speel/")
    def play_view(self, request):
        from assessments.scenarios.views.player import scenario_play

        return scenario_play(request=request, page=self)

    @path("poging/<int:attempt_id>/")
    def attempt_view(self, request, attempt_id):
        from assessments.scenarios.views.player import scenario_result

        return scenario_result(request=request, page=self, attempt_id=attempt_id)
