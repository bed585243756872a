"""The item analysis of a quiz as last computed, so that the trainers' page
reads one row instead of every answer (issue 16: 60,000 attempts of a quiz)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemAnalysis(models.Model):
    """What ``assessments.services.item_analysis`` last computed for ``quiz``.

    ``rows`` is a list of ``{"question": <snapshot of the question>,
    "statistics": <ItemStatistics as a dict>}`` in the order of
    ``quiz_item_analysis`` (schema_version 1). ``through`` is the latest
    ``submitted_at`` among the attempts counted: a later submission makes the
    stored figures stale (the page then shows them and asks for a refresh in
    the background). Marking and regrading delete the row: the next read
    computes afresh. ``refresh_requested_at`` keeps a stale page from queueing
    a refresh on every load.
    """

    quiz = models.OneToOneField(
        "assessments.QuizPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    computed_at = models.DateTimeField()
    attempts = models.PositiveIntegerField()
    through = models.DateTimeField(null=True, blank=True)
    rows = models.JSONField(default=list)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("toetsanalyse")
        verbose_name_plural = _("toetsanalyses")

    def __str__(self) -> str:
        return f"{self.quiz_id} @ {self.computed_at:%Y-%m-%d %H:%M}"
