"""What accreditation bodies ask of a course besides its content: who wrote and
who reviewed it (``CourseContributor``), and its learning objectives as records
mapped to CanMEDS roles (``LearningObjective``), which questions and scenario
steps name. The checks on them are pure rules in ``courses.accreditation``."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class CanMedsRole(models.TextChoices):
    """CanMEDS 2015; the codes are those of ``courses.accreditation``."""

    MEDICAL_EXPERT = "medical_expert", _("Medisch deskundige")
    COMMUNICATOR = "communicator", _("Communicator")
    COLLABORATOR = "collaborator", _("Samenwerkingspartner")
    LEADER = "leader", _("Leider")
    HEALTH_ADVOCATE = "health_advocate", _("Gezondheidsbevorderaar")
    SCHOLAR = "scholar", _("Academicus")
    PROFESSIONAL = "professional", _("Professional")


class ContributorRole(models.TextChoices):
    AUTHOR = "author", _("Auteur")
    INTERNAL_REVIEWER = "internal_reviewer", _("Interne reviewer")
    EXTERNAL_REVIEWER = "external_reviewer", _("Externe reviewer")


REVIEWER_ROLES = (ContributorRole.INTERNAL_REVIEWER, ContributorRole.EXTERNAL_REVIEWER)


class CourseContributor(Orderable):
    """An author or reviewer of a course, named as they wish to be named (a
    person, or an editorial team when no single author is named)."""

    course = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="contributors"
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(
        _("rol"),
        max_length=32,
        choices=ContributorRole.choices,
        default=ContributorRole.AUTHOR,
    )
    profession = models.CharField(
        _("beroep of functie"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: huisarts, verslavingsarts, preventiewerker."),
    )
    reviewed_on = models.DateField(_("datum van beoordeling"), null=True, blank=True)
    reviewed_scope = models.CharField(
        _("wat is beoordeeld"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: de hele cursus, of module 3 en de toets."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("profession"),
        MultiFieldPanel(
            [FieldPanel("reviewed_on"), FieldPanel("reviewed_scope")],
            heading=_("Alleen voor reviewers"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("auteur of reviewer")
        verbose_name_plural = _("auteurs en reviewers")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_reviewer(self) -> bool:
        return self.role in REVIEWER_ROLES

    def clean(self):
        super().clean()
        errors = {}
        if self.is_reviewer:
            if self.reviewed_on is None:
                errors["reviewed_on"] = _("Vul in wanneer deze reviewer beoordeelde.")
            if not self.reviewed_scope.strip():
                errors["reviewed_scope"] = _("Vul in wat deze reviewer beoordeelde.")
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            errors["reviewed_on"] = _("Een beoordeling kan niet in de toekomst liggen.")
        if errors:
            raise ValidationError(errors)


class LearningObjectiveForm(WagtailAdminModelForm):
    """Roles as tick boxes; the model stores the list of codes."""

    canmeds_roles = forms.MultipleChoiceField(
        label=_("CanMEDS-rollen"),
        choices=CanMedsRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Eén of meer rollen waaraan dit leerdoel bijdraagt."),
    )


class LearningObjective(index.Indexed, models.Model):
    """One learning objective of a course: what a learner can do afterwards,
    the CanMEDS roles it serves, and (through questions and scenario steps that
    name it) how it is assessed."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("cursus"),
    )
    code = models.CharField(
        _("code"),
        max_length=16,
        help_text=_("Kort en vast binnen de cursus, bijvoorbeeld LD1."),
    )
    text = models.TextField(_("leerdoel"))
    canmeds_roles = models.JSONField(
        _("CanMEDS-rollen"),
        default=list,
        blank=True,
        help_text=_("Eén of meer rollen waaraan dit leerdoel bijdraagt."),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [
        FieldPanel("course"),
        FieldPanel("code"),
        FieldPanel("text"),
        FieldPanel("canmeds_roles"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("course")]
    base_form_class = LearningObjectiveForm

    class Meta:
        ordering = ["course", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "code"], name="learningobjective_unique_code"
            )
        ]
        verbose_name = _("leerdoel")
        verbose_name_plural = _("leerdoelen")

    def __str__(self) -> str:
        from django.utils.text import Truncator

        return f"{self.course.title} · {self.code}: {Truncator(self.text).chars(70)}"

    @property
    def role_labels(self) -> list[str]:
        return [str(CanMedsRole(code).label) for code in self.canmeds_roles]

    def clean(self):
        super().clean()
        roles = self.canmeds_roles if isinstance(self.canmeds_roles, list) else None
        if not roles:
            raise ValidationError(
                {"canmeds_roles": _("Kies minstens één CanMEDS-rol.")}
            )
        unknown = [code for code in roles if code not in CanMedsRole.values]
        if unknown:
            raise ValidationError(
                {
                    "canmeds_roles": _("Onbekende CanMEDS-rol: %(roles)s")
                    % {"roles": ", ".join(map(str, unknown))}
                }
            )
