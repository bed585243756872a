"""Validity rules: how long a certificate stays valid, per course and profession.

A rule overrides the course's own `validity_months` for learners of one profession,
so a course is never copied to give a group another validity. Organisations add an
organisation override later: they register a `bijblijven_validity_months` hook (see
`certificates.services.issue.validity_months_for`) or add a nullable `organisation`
foreign key here with their own migration; rows keep their meaning either way.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from certificates.validity import MAX_MONTHS, MIN_MONTHS
from training.models import Profession


class ValidityRule(models.Model):
    """Trainers use this to give one profession another validity for a course."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cursus"),
    )
    profession = models.CharField(
        _("beroep"), max_length=32, choices=Profession.choices
    )
    months = models.PositiveSmallIntegerField(
        _("geldigheid (maanden)"),
        validators=[MinValueValidator(MIN_MONTHS), MaxValueValidator(MAX_MONTHS)],
    )

    panels = [FieldPanel("course"), FieldPanel("profession"), FieldPanel("months")]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "profession"],
                name="validityrule_unique_course_profession",
            )
        ]
        verbose_name = _("geldigheidsregel")
        verbose_name_plural = _("geldigheidsregels")

    def __str__(self) -> str:
        return f"{self.course}: {self.get_profession_display()} {self.months}"
