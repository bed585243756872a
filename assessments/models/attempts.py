"""Attempts at quizzes, their answers, and the log of regrades.

An attempt freezes what it is graded against when it starts: the drawn questions
(snapshots), the pass mark, the quiz settings and the page revision. Editing a
question or the quiz later never changes a finished result; only an explicit
regrade does, and it is recorded (``Regrade``/``RegradeEntry``) and shown to the
learner. All writes go through ``assessments.services``.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ATTEMPT_SCHEMA_VERSION = 1
RESPONSES_SCHEMA_VERSION = 1


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Bezig")
    SUBMITTED = "submitted", _("Ingeleverd")


class Attempt(models.Model):
    """One learner's attempt at a quiz.

    ``snapshot`` (schema_version 1)::

        {"schema_version": 1,
         "quiz": {"title": str, "pass_mark": 0.7,          # 0–1
                  "layout": "one_per_page" | "all",
                  "feedback_mode": "immediate" | "end" | "never",
                  "shuffle_options": bool,
                  "essay_marking_days": int | None,  # promised; missing before

                  "time_limit_seconds": int | None,
                  "pass_text": html, "fail_text": html},
         "questions": [<question snapshot, docs/schemas.md>, ...]}  # as shown

    ``responses`` (schema_version 1) holds the answers saved while the attempt
    is in progress, by question index; at submission they become
    ``AttemptAnswer`` rows and ``responses`` is emptied::

        {"schema_version": 1,
         "answers": {"0": {"answer": {...} | None,   # docs/schemas.md "Answers"
                           "saved_at": "2026-03-01T12:00:00+00:00",
                           "seconds": 14.0,          # time spent on it
                           "checked": False,         # immediate feedback shown
                           "grade": {"score": 1.0, "is_correct": True,
                                     "needs_marking": False,
                                     "feedback": [str]}}}}   # once checked

    ``score`` is 0–1 (weighted, pending essays counting 0); ``passed`` is None
    while essays wait for a trainer.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        "assessments.QuizPage", on_delete=models.CASCADE, related_name="attempts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    number = models.PositiveSmallIntegerField(default=1)  # 1-based, per cycle
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pass_mark = models.FloatField()  # 0–1, frozen at the start
    snapshot = models.JSONField()
    responses = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)  # question index to resume
    score = models.FloatField(null=True, blank=True)  # 0–1
    passed = models.BooleanField(null=True, blank=True)
    pending = models.PositiveSmallIntegerField(default=0)  # answers awaiting a mark
    # Submitted after the deadline: graded on what was saved in time.
    late = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(status="in_progress"),
                name="attempt_one_open_per_learner_quiz",
            ),
            models.UniqueConstraint(
                fields=["user", "quiz", "cycle", "number"],
                name="attempt_unique_number_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="attempt_score_0_1",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=1),
                name="attempt_pass_mark_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "quiz", "cycle"]),
            # the item analysis: its attempts, and its latest submission (stale?)
            models.Index(
                fields=["quiz", "status", "submitted_at"],
                name="attempt_quiz_status_submitted",
            ),
        ]
        permissions = [
            ("view_item_analysis", "Toetsanalyse bekijken"),
            ("regrade_attempt", "Pogingen herbeoordelen"),
        ]
        verbose_name = _("poging")
        verbose_name_plural = _("pogingen")

    def __str__(self) -> str:
        return f"{self.user} · {self.snapshot['quiz']['title']} #{self.number}"

    @property
    def questions(self) -> list[dict]:
        return self.snapshot["questions"]

    @property
    def settings(self) -> dict:
        return self.snapshot["quiz"]

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)

    def response_rows(self) -> list["AttemptAnswer"]:
        """Unsaved ``AttemptAnswer``s for every question, from ``responses``:
        what the rows will be at submission (checked answers carry a grade)."""
        saved = (self.responses or {}).get("answers", {})
        rows = []
        for index, question in enumerate(self.questions):
            entry = saved.get(str(index), {})
            grade = entry.get("grade") or {}
            saved_at = entry.get("saved_at")
            rows.append(
                AttemptAnswer(
                    attempt=self,
                    index=index,
                    question_id=question["id"],
                    question_version=question["version"],
                    answer=entry.get("answer"),
                    saved_at=datetime.datetime.fromisoformat(saved_at)
                    if saved_at
                    else None,
                    seconds=entry.get("seconds", 0.0),
                    checked=entry.get("checked", False),
                    score=grade.get("score"),
                    is_correct=grade.get("is_correct", False),
                    needs_marking=grade.get("needs_marking", False),
                    feedback=grade.get("feedback", []),
                )
            )
        return rows


class AttemptAnswer(models.Model):
    """The answer to one question of a submitted attempt, with its grade; the
    rows are written once, at submission (``Attempt.responses`` before that).

    ``answer`` has the shape of docs/schemas.md ("Answers"), None when unanswered.
    ``feedback`` is a list of strings from grading. ``score`` (0–1) is None until
    graded, and for an essay until a trainer marks it.
    """

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    index = models.PositiveSmallIntegerField()  # position in snapshot["questions"]
    question = models.ForeignKey(
        "assessments.Question",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attempt_answers",
    )
    question_version = models.PositiveIntegerField()
    answer = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)  # time spent on the question
    # Immediate feedback: once checked, the answer is shown graded and locked.
    checked = models.BooleanField(default=False)
    score = models.FloatField(null=True, blank=True)
    is_correct = models.BooleanField(default=False)
    needs_marking = models.BooleanField(default=False)
    feedback = models.JSONField(default=list, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marker_feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "index"], name="attemptanswer_unique_index"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="attemptanswer_score_0_1",
            ),
        ]
        indexes = [models.Index(fields=["needs_marking"])]
        permissions = [("mark_attemptanswer", "Open antwoorden beoordelen")]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.index}"

    @property
    def question_snapshot(self) -> dict:
        return self.attempt.questions[self.index]


class Regrade(models.Model):
    """A trainer recalculated the attempts that used an earlier version of a
    question. ``note`` is shown to the affected learners."""

    question = models.ForeignKey(
        "assessments.Question",
        null=True,
        on_delete=models.SET_NULL,
        related_name="regrades",
    )
    question_version = models.PositiveIntegerField()  # the version graded against now
    note = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("herbeoordeling")
        verbose_name_plural = _("herbeoordelingen")

    def __str__(self) -> str:
        return f"{self.question_id} v{self.question_version}"


class RegradeEntry(models.Model):
    """What a regrade changed in one attempt."""

    regrade = models.ForeignKey(
        Regrade, on_delete=models.CASCADE, related_name="entries"
    )
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="regrades"
    )
    old_version = models.PositiveIntegerField()
    old_score = models.FloatField(null=True)
    new_score = models.FloatField(null=True)
    old_passed = models.BooleanField(null=True)
    new_passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["regrade__created_at"]
        verbose_name = _("herbeoordeelde poging")
        verbose_name_plural = _("herbeoordeelde pogingen")

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.old_score} → {self.new_score}"
