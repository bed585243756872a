"""Required training and per-organisation validity.

A `RequiredTraining` says: in this organisation, course X is required for everyone,
for one team (and its subteams) or for one profession, due by a fixed date or within
N days of joining. It recurs through the certificate: once a certificate expires the
course is due again (the dashboard shows "verlopen").

An `OrganisationValidityRule` gives the organisation's people another certificate
validity for a course, optionally only for one profession. It is the organisation
level of the certificates app's `ValidityRule` table and reaches certificate issuing
through the `bijblijven_validity_months` hook (`organisations.wagtail_hooks`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Page

from training.models import Profession

MAX_DUE_DAYS = 3650


def course_is_source_check(course_id: int | None) -> None:
    """A translation is the same course in another language; requirements and
    rules name the source course, where learning records and certificates live."""
    if course_id is None:
        return
    default = Locale.get_default()
    if not Page.objects.filter(pk=course_id, locale_id=default.pk).exists():
        message = _("Kies de Nederlandse cursus; vertalingen tellen daarbij mee.")
        raise ValidationError({"course": message})


class RequirementAudience(models.TextChoices):
    EVERYONE = "everyone", _("Iedereen")
    TEAM = "team", _("Een team")
    PROFESSION = "profession", _("Een beroep")


class RequiredTraining(models.Model):
    """Course X is required for (part of) an organisation, with a due date."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="required_trainings",
        verbose_name=_("organisatie"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cursus"),
    )
    audience = models.CharField(
        _("voor wie"),
        max_length=16,
        choices=RequirementAudience.choices,
        default=RequirementAudience.EVERYONE,
    )
    team = models.ForeignKey(
        "organisations.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="required_trainings",
        verbose_name=_("team"),
    )
    profession = models.CharField(
        _("beroep"), max_length=32, choices=Profession.choices, blank=True
    )
    due_date = models.DateField(_("uiterlijk afgerond op"), null=True, blank=True)
    due_within_days = models.PositiveSmallIntegerField(
        _("afgerond binnen (dagen na indiensttreding)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DUE_DAYS)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["organisation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(due_date__isnull=False, due_within_days__isnull=True)
                    | Q(due_date__isnull=True, due_within_days__isnull=False)
                ),
                name="requiredtraining_one_due_rule",
            ),
            models.CheckConstraint(
                condition=(
                    Q(audience="everyone", team__isnull=True, profession="")
                    | Q(audience="team", team__isnull=False, profession="")
                    | (Q(audience="profession", team__isnull=True) & ~Q(profession=""))
                ),
                name="requiredtraining_audience_matches",
            ),
        ]
        verbose_name = _("verplichte training")
        verbose_name_plural = _("verplichte trainingen")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.course} ({self.audience_label})"

    @property
    def audience_label(self) -> str:
        if self.audience == RequirementAudience.TEAM and self.team_id:
            return str(self.team)
        if self.audience == RequirementAudience.PROFESSION:
            return str(self.get_profession_display())
        return str(RequirementAudience.EVERYONE.label)

    def clean(self) -> None:
        super().clean()
        course_is_source_check(self.course_id)
        if (self.due_date is None) == (self.due_within_days is None):
            raise ValidationError(
                _("Kies een vaste datum óf een aantal dagen na indiensttreding.")
            )
        if self.audience == RequirementAudience.TEAM:
            if self.team_id is None:
                raise ValidationError({"team": _("Kies een team.")})
            if self.team.organisation_id != self.organisation_id:
                raise ValidationError(
                    {"team": _("Dit team hoort bij een andere organisatie.")}
                )
        if self.audience == RequirementAudience.PROFESSION and not self.profession:
            raise ValidationError({"profession": _("Kies een beroep.")})


class OrganisationValidityRule(models.Model):
    """Platform administrators use this to give an organisation's people another
    validity for a course (for everyone there, or one profession)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="validity_rules",
        verbose_name=_("organisatie"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cursus"),
    )
    profession = models.CharField(
        _("beroep"),
        max_length=32,
        choices=Profession.choices,
        blank=True,
        help_text=_("Leeg: geldt voor iedereen in de organisatie."),
    )
    months = models.PositiveSmallIntegerField(
        _("geldigheid (maanden)"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("course"),
        FieldPanel("profession"),
        FieldPanel("months"),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "course", "profession"],
                name="orgvalidityrule_unique_org_course_profession",
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=120),
                name="orgvalidityrule_months_range",
            ),
        ]
        verbose_name = _("geldigheidsregel van een organisatie")
        verbose_name_plural = _("geldigheidsregels van organisaties")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.course} {self.months}"

    def clean(self) -> None:
        super().clean()
        course_is_source_check(self.course_id)
