"""Erasing a person's quiz records (through `training.erasure.ERASURE_HOOK`).

Essays (the person's own words) and a trainer's feedback on them are deleted;
attempts in progress go. Submitted attempts stay with the anonymous account:
scores and choices hold nothing that names the person, and item analysis and
scenario analytics count them. Scenario attempts hold no free text.
"""

from __future__ import annotations

from assessments.models import Attempt, AttemptAnswer, AttemptStatus
from training.erasure import Erasure


def erase(*, erasure: Erasure) -> None:
    attempts = Attempt.objects.filter(user=erasure.user)
    attempts.filter(status=AttemptStatus.IN_PROGRESS).delete()
    essay_ids = [
        answer.pk
        for answer in AttemptAnswer.objects.filter(attempt__in=attempts)
        .select_related("attempt")
        .only("pk", "index", "attempt__snapshot")
        # The type as the attempt showed it: the question may since be deleted.
        if _question_type(answer.attempt.snapshot, answer.index) == "essay"
    ]
    AttemptAnswer.objects.filter(pk__in=essay_ids).update(
        answer=None, marker_feedback=""
    )


def _question_type(snapshot: dict, index: int) -> str | None:
    questions = snapshot.get("questions", [])
    return questions[index].get("type") if index < len(questions) else None
