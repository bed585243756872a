"""What learners did: the definition they played (``ScenarioVersion``) and their
attempts (``ScenarioAttempt``). Attempts are written only by
``assessments.scenarios.services``; finished attempts are never edited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from training.models import Profession


class ScenarioVersion(models.Model):
    """A snapshot of a scenario definition (docs/schemas.md, with its own
    ``schema_version``). An attempt is played and graded against the version it
    started on, so publishing changes never alter a running or finished attempt.
    One row per distinct definition of a page (``digest``: SHA-256 of its
    canonical JSON)."""

    page = models.ForeignKey(
        "scenarios.ScenarioPage", on_delete=models.CASCADE, related_name="versions"
    )
    digest = models.CharField(max_length=64)
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "digest"], name="scenarioversion_unique_page_digest"
            )
        ]
        verbose_name = _("scenarioversie")
        verbose_name_plural = _("scenarioversies")

    def __str__(self) -> str:
        return f"{self.page_id}@{self.digest[:8]}"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Bezig")
    FINISHED = "finished", _("Afgerond")


class ScenarioAttempt(models.Model):
    """One play-through of a scenario by a learner, in a certification cycle.

    ``state`` is ``State.to_json()`` of ``assessments.scenarios.engine.runtime``::

        {"schema_version": 1, "step": "s3", "values": {"vertrouwen": 3},
         "path": [{"step": "s1", "choice": "c1", "offered": ["c1", "c2"],
                   "values": {"vertrouwen": 2}}, ...]}

    ``scores`` is set when an ending is reached: ``ScoreReport.to_json()`` plus
    ``schema_version``: ``{"schema_version": 1, "earned", "possible", "ratio",
    "passed", "pass_threshold", "skills": [{"skill", "earned", "possible",
    "ratio"}]}``. ``moves`` counts every accepted action (choices and "back") and
    never decreases: each player form carries it, so a replayed old form is
    recognised even when it names the current step."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenario_attempts",
    )
    page = models.ForeignKey(
        "scenarios.ScenarioPage", on_delete=models.CASCADE, related_name="attempts"
    )
    version = models.ForeignKey(
        ScenarioVersion, on_delete=models.PROTECT, related_name="attempts"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    number = models.PositiveSmallIntegerField(default=1)  # 1-based per cycle
    profession = models.CharField(  # the learner's, at start
        max_length=32, choices=Profession.choices, blank=True
    )
    status = models.CharField(
        max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    state = models.JSONField()
    step = models.CharField(max_length=64)  # current step key, as in ``state``
    moves = models.PositiveIntegerField(default=0)
    scores = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)  # 0–1, when finished
    outcome = models.CharField(max_length=16, blank=True)  # of the ending reached
    passed = models.BooleanField(null=True, blank=True)  # None while in progress
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "cycle", "number"],
                name="scenarioattempt_unique_number",
            ),
            models.UniqueConstraint(
                fields=["user", "page", "cycle"],
                condition=Q(status="in_progress"),
                name="scenarioattempt_one_in_progress",
            ),
        ]
        indexes = [
            models.Index(fields=["page", "status"]),
            models.Index(fields=["user", "page", "cycle"]),
        ]
        permissions = [
            (
                "view_scenario_transcripts",
                "Can view learners' scenario transcripts and analytics",
            )
        ]
        verbose_name = _("scenariopoging")
        verbose_name_plural = _("scenariopogingen")

    def __str__(self) -> str:
        return f"{self.user} · {self.page_id} #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status == AttemptStatus.FINISHED
