"""Regrading the attempts that used an earlier version of a corrected question.

A finished result never changes by itself; a trainer who fixes a question asks
for a regrade. It puts the question's current version into the affected
attempts' snapshots, grades their answers again, and records old and new
scores with a note the learners see. A pass is never taken away: learners
passed under the rules they were given.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.engine.grading import option_order_carried
from assessments.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Question,
    Regrade,
    RegradeEntry,
)
from assessments.services.item_analysis import item_analysis_expire
from assessments.services.results import answers_grade, attempt_apply_result
from courses.services import course_progress_changed
from training.models import User

NOTE_MAX_LENGTH = 2_000


@transaction.atomic
def question_regrade(*, question: Question, user: User, note: str) -> Regrade:
    """Regrade every attempt holding an older version of ``question``.

    Only submitted attempts have answer rows to regrade; open attempts keep
    the version they drew (their learner is not graded yet).
    Raises ``ValidationError`` for an empty or over-long note, when no attempt
    used an older version, or when the question changed type (its old answers
    cannot be read against the new version); nothing is changed then.
    """
    note = note.strip()
    if not note or len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _(
                "Schrijf een korte toelichting voor de deelnemers "
                "(hoogstens %(max)s tekens)."
            )
            % {"max": NOTE_MAX_LENGTH}
        )
    question = Question.objects.prefetch_related("options", "items", "pairs").get(
        pk=question.pk
    )
    snapshot = question.snapshot()
    stale = list(
        AttemptAnswer.objects.filter(
            question=question, question_version__lt=question.version
        ).values_list("attempt_id", flat=True)
    )
    if not stale:
        raise ValidationError(
            _("Geen pogingen gebruiken een oudere versie van deze vraag.")
        )
    attempts = list(
        Attempt.objects.select_for_update()
        .select_related("user", "course")
        .filter(pk__in=set(stale), status=AttemptStatus.SUBMITTED)
        .order_by("pk")
    )
    rows_by_attempt = defaultdict(list)
    for row in AttemptAnswer.objects.filter(attempt__in=attempts).order_by("index"):
        rows_by_attempt[row.attempt_id].append(row)
    for attempt in attempts:
        for row in rows_by_attempt[attempt.pk]:
            if row.question_id == question.pk:
                if attempt.questions[row.index]["type"] != snapshot["type"]:
                    raise ValidationError(
                        _(
                            "De soort vraag is veranderd; herbeoordelen kan dan niet. "
                            "Maak liever een nieuwe vraag."
                        )
                    )
    regrade = Regrade.objects.create(
        question=question, question_version=question.version, note=note, created_by=user
    )
    for attempt in attempts:
        _regrade_attempt(
            attempt=attempt,
            rows=rows_by_attempt[attempt.pk],
            question=question,
            snapshot=snapshot,
            regrade=regrade,
        )
    item_analysis_expire(quiz_ids={attempt.quiz_id for attempt in attempts})
    return regrade


def _regrade_attempt(*, attempt, rows, question, snapshot, regrade) -> None:
    changed = [row for row in rows if row.question_id == question.pk]
    old_version = min(row.question_version for row in changed)
    for row in changed:
        old = attempt.snapshot["questions"][row.index]
        new = dict(snapshot)
        if "option_order" in old:
            # the learner keeps seeing the options where they were
            new["option_order"] = option_order_carried(old, snapshot)
        attempt.snapshot["questions"][row.index] = new
        row.question_version = snapshot["version"]
    answers_grade(attempt=attempt, rows=changed)
    AttemptAnswer.objects.bulk_update(
        changed,
        ["question_version", "score", "is_correct", "needs_marking", "feedback"],
    )
    old_score, old_passed = attempt.score, attempt.passed
    attempt_apply_result(attempt=attempt, rows=rows)
    if old_passed:
        attempt.passed = True
    attempt.save(update_fields=["snapshot", "score", "passed", "pending"])
    RegradeEntry.objects.create(
        regrade=regrade,
        attempt=attempt,
        old_version=old_version,
        old_score=old_score,
        new_score=attempt.score,
        old_passed=old_passed,
        new_passed=attempt.passed,
    )
    if attempt.passed and not old_passed:
        course_progress_changed(user=attempt.user, course=attempt.course)
