"""The course tree: catalogue > course > module > lesson (quizzes and scenarios,
from ``assessments``, also sit in modules). Pages only orchestrate: reads go
through ``courses.selectors``, writes through ``courses.services``."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.admin_panels import AccreditationExpiredPanel, FreshnessWarningPanel
from courses.blocks import LessonStreamBlock
from courses.models.snippets import ReviewableMixin, source_language_only
from training.models import Profession
from training.page_cache import ViewRestrictionsCachedMixin

GOAL_FEATURES = ["bold", "italic", "link", "ul", "ol"]
# Quizzes and scenarios (``assessments``) add their page types here.
MODULE_CHILD_TYPES = [
    "courses.LessonPage",
    "assessments.QuizPage",
    "scenarios.ScenarioPage",
]


class Audience(models.Model):
    """A profession a course is meant for; one row per ``Profession`` choice so the
    catalogue filters with a join and editors tick boxes."""

    code = models.CharField(
        _("code"), max_length=32, primary_key=True, choices=Profession.choices
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self) -> str:
        return str(Profession(self.code).label)


class CourseIndexPage(Page):
    """The course catalogue, with filters by profession and topic and search."""

    intro = RichTextField(_("introductie"), blank=True, features=GOAL_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["training.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("cursusoverzicht")

    def route(self, request, path_components):
        """Resolve a course, module or lesson below the catalogue with one query
        (a cached path lookup, then the page itself) instead of two per tree level.
        Falls back to Wagtail's routing for anything else (such as a course's own
        sub-routes). An unpublished course or module hides everything below it."""
        if path_components:
            from courses.cache import catalogue_route

            found = catalogue_route(catalogue=self, path_components=path_components)
            if found == "hidden":
                raise Http404
            if found is not None:
                model_id, page_id = found
                model = ContentType.objects.get_for_id(model_id).model_class()
                target = model.objects.filter(pk=page_id, live=True).first()
                if target is not None:
                    return target.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from courses.views.catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request=request, catalogue=self))
        return context


class ContentUpdatePolicy(models.TextChoices):
    ADVISORY = "advisory", _("Advies: bijwerken wordt aangeraden")
    MANDATORY = "mandatory", _("Verplicht binnen de termijn")


class RenewalMode(models.TextChoices):
    REFRESHER = "refresher", _("Opfrismodules")
    FULL = "full", _("Volledige cursus opnieuw")


class MaterialChangeMixin(models.Model):
    """Lets an editor mark a published revision as a material change. The flag is
    stored in the revision; publishing records a ``ContentChange`` for it and the
    edit form starts unticked again."""

    material_change = models.BooleanField(
        _("wezenlijke wijziging"),
        default=False,
        help_text=_(
            "Aanvinken bij publiceren als deze versie iets wezenlijks verandert "
            "(nieuwe stof, gewijzigde wet, nieuwe richtlijn). Houders van een "
            "certificaat krijgen dan bericht."
        ),
    )
    material_change_summary = models.TextField(
        _("wat is er veranderd en waarom"), blank=True
    )

    material_change_panel = MultiFieldPanel(
        [FieldPanel("material_change"), FieldPanel("material_change_summary")],
        heading=_("Wijziging melden"),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.material_change and not self.material_change_summary.strip():
            raise ValidationError(
                {
                    "material_change_summary": _(
                        "Beschrijf kort wat er veranderd is en waarom."
                    )
                }
            )


class CoursePage(MaterialChangeMixin, RoutablePageMixin, Page):
    """A course: what learners enrol in and are certified for."""

    summary = models.TextField(_("samenvatting"), max_length=500)
    learning_goals = RichTextField(_("leerdoelen"), features=GOAL_FEATURES)
    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="courses", verbose_name=_("doelgroepen")
    )
    topics = ParentalManyToManyField(
        "courses.Topic",
        blank=True,
        limit_choices_to=source_language_only,
        related_name="courses",
        verbose_name=_("onderwerpen"),
    )
    duration_minutes = models.PositiveIntegerField(
        _("geschatte duur (minuten)"), default=60
    )
    validity_months = models.PositiveSmallIntegerField(
        _("geldigheid certificaat (maanden)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    renewal_mode = models.CharField(
        _("vernieuwen via"),
        max_length=16,
        choices=RenewalMode.choices,
        default=RenewalMode.REFRESHER,
        help_text=_("Opfrismodules zijn de modules met 'onderdeel van opfrispad'."),
    )
    content_update_policy = models.CharField(
        _("bij wezenlijke inhoudswijziging"),
        max_length=16,
        choices=ContentUpdatePolicy.choices,
        default=ContentUpdatePolicy.ADVISORY,
    )
    content_update_grace_days = models.PositiveSmallIntegerField(
        _("termijn om bij te werken (dagen)"), default=90
    )
    prerequisites = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="required_for",
        verbose_name=_("voorkennis (andere cursussen)"),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("omslagafbeelding"),
    )
    intro = RichTextField(_("introductie"), blank=True, features=GOAL_FEATURES)
    # Authorship (courses.models.records.CourseContributor holds the people).
    conflict_of_interest = models.TextField(
        _("verklaring over belangen"),
        blank=True,
        help_text=_(
            "Welke belangen auteurs en reviewers hebben (sponsoring, banden met "
            "fabrikanten of aanbieders), of dat er geen zijn."
        ),
    )
    last_full_review_on = models.DateField(
        _("laatste volledige beoordeling"),
        null=True,
        blank=True,
        help_text=_("Wanneer de hele cursus het laatst inhoudelijk is nagelopen."),
    )

    content_panels = [
        FreshnessWarningPanel(heading=_("Inhoud te beoordelen")),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("learning_goals"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("prerequisites"),
                FieldPanel("duration_minutes"),
            ],
            heading=_("Voor wie en hoe lang"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("validity_months"),
                FieldPanel("renewal_mode"),
                FieldPanel("content_update_policy"),
                FieldPanel("content_update_grace_days"),
                AccreditationExpiredPanel(heading=_("Accreditatie verlopen")),
                InlinePanel("accreditations", label=_("Accreditatie")),
            ],
            heading=_("Certificaat en accreditatie"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("contributors", label=_("Auteur of reviewer")),
                FieldPanel("conflict_of_interest"),
                FieldPanel("last_full_review_on"),
            ],
            heading=_("Auteurs en beoordeling"),
        ),
        MaterialChangeMixin.material_change_panel,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("learning_goals"),
        index.SearchField("intro"),
        index.FilterField("duration_minutes"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")

    @path("inschrijven/", name="enrol")
    def enrol(self, request):
        from courses.views.course import course_enrol

        return course_enrol(request, self)

    def get_context(self, request, *args, **kwargs):
        from courses.views.course import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(request=request, course=self))
        return context


def validate_positive_points(value) -> None:
    if value is None or value <= 0:
        raise ValidationError(
            _("Het aantal punten moet groter zijn dan 0."), code="points_positive"
        )


class CourseAccreditation(Orderable):
    """Accreditation by one register (a course may hold several): the register's
    course id (PE-online's ``PECourseID``) or ours, points and the period in which
    completions count. A learner who consented gets an attendance record for it
    (``registers.services.records``)."""

    course = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="accreditations"
    )
    register = models.ForeignKey(
        "registers.Register",
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("register"),
    )
    register_name = models.CharField(
        _("naam van het register"),
        max_length=200,
        blank=True,
        help_text=_("Alleen bij ‘Ander register’: welk register het is."),
    )
    points = models.DecimalField(
        _("punten"),
        max_digits=5,
        decimal_places=1,
        validators=[validate_positive_points],
    )
    number = models.CharField(_("accreditatienummer"), max_length=100, blank=True)
    register_course_id = models.CharField(
        _("cursusnummer bij het register"),
        max_length=40,
        blank=True,
        help_text=_("PE-online: het PECourseID van de geaccrediteerde cursus."),
    )
    external_course_id = models.CharField(
        _("eigen cursusnummer"),
        max_length=40,
        blank=True,
        help_text=_(
            "Ons nummer voor de cursus, als het register dat kent in plaats van "
            "zijn eigen cursusnummer (externalCourseID)."
        ),
    )
    valid_from = models.DateField(_("geaccrediteerd van"), null=True, blank=True)
    valid_until = models.DateField(
        _("geaccrediteerd tot en met"), null=True, blank=True
    )

    panels = [
        FieldPanel("register"),
        FieldPanel("register_name"),
        FieldPanel("points"),
        FieldPanel("number"),
        FieldPanel("register_course_id"),
        FieldPanel("external_course_id"),
        FieldPanel("valid_from"),
        FieldPanel("valid_until"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("accreditatie")

    def __str__(self) -> str:
        return f"{self.register_display}: {self.points}"

    @property
    def register_display(self) -> str:
        if self.register_name:
            return self.register_name
        return str(self.register) if self.register_id else ""

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {
                    "valid_until": _(
                        "De accreditatie eindigt vóór ze begint: kies een einddatum "
                        "op of na %(start)s."
                    )
                    % {"start": self.valid_from.strftime("%d-%m-%Y")}
                }
            )

    def covers(self, day) -> bool:
        """Whether a completion on ``day`` (a date) falls inside the period; an
        empty bound is open."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def has_expired(self, *, today) -> bool:
        return bool(self.valid_until and self.valid_until < today)


class ModuleAccreditation(Orderable):
    """A module accredited on its own, as part of one of its course's
    accreditations: the register's module id (``PEModuleID``). Completing the
    module then creates its own attendance record."""

    module = ParentalKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="accreditations"
    )
    accreditation = models.ForeignKey(
        CourseAccreditation,
        on_delete=models.CASCADE,
        related_name="module_accreditations",
        verbose_name=_("accreditatie van de cursus"),
    )
    register_module_id = models.CharField(
        _("modulenummer bij het register"),
        max_length=40,
        blank=True,
        help_text=_("PE-online: het PEModuleID van deze module."),
    )

    panels = [FieldPanel("accreditation"), FieldPanel("register_module_id")]

    class Meta(Orderable.Meta):
        verbose_name = _("accreditatie van de module")
        verbose_name_plural = _("accreditaties van de module")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "accreditation"], name="module_accreditation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.accreditation}: {self.register_module_id}"

    def clean(self) -> None:
        super().clean()
        module = getattr(self, "module", None)
        accreditation = getattr(self, "accreditation", None)
        if module is None or accreditation is None or not module.pk:
            return
        parent = module.get_parent()
        if parent is not None and accreditation.course_id != parent.pk:
            raise ValidationError(
                {
                    "accreditation": _(
                        "Kies een accreditatie van de cursus waar deze module in zit."
                    )
                }
            )


class ModulePage(Page):
    """A part of a course: lessons, quizzes and scenarios in order."""

    summary = models.TextField(_("samenvatting"), blank=True)
    in_refresher_path = models.BooleanField(
        _("onderdeel van opfrispad"),
        default=False,
        help_text=_(
            "Bij vernieuwen van het certificaat doet de deelnemer deze module."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("in_refresher_path"),
        InlinePanel(
            "accreditations",
            label=_("Accreditatie van deze module"),
            help_text=_(
                "Alleen als een register deze module los accrediteert: dan krijgt "
                "de deelnemer bij het afronden van de module punten."
            ),
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = MODULE_CHILD_TYPES
    outline_fields = ("summary", "in_refresher_path")

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: show it in the course outline.
        from django.shortcuts import redirect

        return redirect(f"{self.get_parent().url}#module-{self.pk}")


class LessonPage(
    ViewRestrictionsCachedMixin, MaterialChangeMixin, ReviewableMixin, Page
):
    """A lesson: the StreamField body learners read and complete."""

    summary = models.TextField(_("samenvatting"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=10)
    required = models.BooleanField(
        _("verplicht voor afronding"),
        default=True,
        help_text=_("Alleen verplichte lessen tellen voor het afronden van de cursus."),
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("inhoud"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("minutes"),
                FieldPanel("required"),
                FieldPanel("content_owner"),
                FieldPanel("review_by"),
            ],
            heading=_("Les"),
        ),
        MaterialChangeMixin.material_change_panel,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    outline_fields = ("minutes", "required")

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")

    def serve(self, request, *args, **kwargs):
        from courses.views.lesson import lesson_serve

        return lesson_serve(request=request, lesson=self)

    def get_preview_context(self, request, mode_name):
        from courses.views.lesson import lesson_preview_context

        return {
            **super().get_preview_context(request, mode_name),
            **lesson_preview_context(lesson=self),
        }
