"""Learning records: enrolments, lesson completions and private reflection answers.

Records are append-only across recertification cycles: a renewal starts a new cycle
(``Enrolment.cycle``) and completions of earlier cycles stay as history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Zelf ingeschreven")
    ASSIGNED = "assigned", _("Toegewezen door organisatie")


class Enrolment(models.Model):
    """A learner taking a course. One row per learner and course; ``cycle`` counts
    certification cycles (1 for the first, 2 after the first renewal, ...)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    source = models.CharField(
        max_length=16, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    # Renewal scope: "full" or "refresher"; refresher cycles only require the
    # course's refresher modules.
    cycle_scope = models.CharField(max_length=16, default="full")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrolment_unique_user_course"
            )
        ]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"


class LessonCompletion(models.Model):
    """A lesson done by a learner in a certification cycle. Never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="completions"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "cycle"],
                name="lessoncompletion_unique_user_lesson_cycle",
            )
        ]
        indexes = [models.Index(fields=["user", "course", "cycle"])]
        verbose_name = _("afgeronde les")
        verbose_name_plural = _("afgeronde lessen")

    def __str__(self) -> str:
        return f"{self.user}: {self.lesson} ({self.cycle})"


class ReflectionAnswer(models.Model):
    """A learner's answer to a reflection question in a lesson. Private: shown to
    the learner and to trainers, never to organisation managers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflection_answers",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.CharField(max_length=64)
    question = models.TextField(help_text="The question as it was when answered.")
    text = models.TextField(max_length=10_000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"],
                name="reflectionanswer_unique_user_lesson_block",
            )
        ]
        verbose_name = _("reflectie-antwoord")
        verbose_name_plural = _("reflectie-antwoorden")

    def __str__(self) -> str:
        return f"{self.user}: {self.lesson}"
