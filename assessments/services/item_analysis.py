"""The item analysis as the trainers' page reads it: stored per quiz, computed
in the database by ``selectors.quiz_item_analysis`` (seconds at 60,000
attempts) only when nothing is stored, else refreshed in the background when a
later submission made it stale."""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, ItemAnalysis, QuizPage
from assessments.selectors import (
    StoredItemAnalysis,
    quiz_item_analysis,
    stored_item_analysis,
)

# A stale page asks for one refresh in this time, not one per load.
REFRESH_AGAIN_AFTER = datetime.timedelta(minutes=10)


def item_analysis_refresh(*, quiz: QuizPage) -> ItemAnalysis:
    """Compute the quiz's item analysis over every submitted attempt and store
    it (replacing what was stored)."""
    through = Attempt.objects.filter(
        quiz=quiz, status=AttemptStatus.SUBMITTED
    ).aggregate(through=Max("submitted_at"))["through"]
    attempts, rows = quiz_item_analysis(quiz=quiz)
    stored, _ = ItemAnalysis.objects.update_or_create(
        quiz=quiz,
        defaults={
            "computed_at": timezone.now(),
            "attempts": attempts,
            "through": through,
            "rows": [
                {
                    "question": row.question,
                    "statistics": dataclasses.asdict(row.statistics),
                }
                for row in rows
            ],
            "refresh_requested_at": None,
        },
    )
    return stored


def item_analysis_current(*, quiz: QuizPage) -> StoredItemAnalysis:
    """What the trainers' page shows: the stored analysis, computed now if
    there is none; when stale, the stored one while a refresh is queued."""
    stored = stored_item_analysis(quiz=quiz)
    if stored is None:
        item_analysis_refresh(quiz=quiz)
        return stored_item_analysis(quiz=quiz)
    if stored.stale:
        _request_refresh(quiz=quiz)
    return stored


def _request_refresh(*, quiz: QuizPage) -> None:
    from assessments.tasks import item_analysis_refresh_task

    now = timezone.now()
    requested = (
        ItemAnalysis.objects.filter(quiz=quiz)
        .filter(
            Q(refresh_requested_at__isnull=True)
            | Q(refresh_requested_at__lt=now - REFRESH_AGAIN_AFTER)
        )
        .update(refresh_requested_at=now)
    )
    if requested:
        transaction.on_commit(
            lambda: item_analysis_refresh_task.enqueue(quiz_id=quiz.pk), robust=True
        )


def item_analysis_expire(*, quiz_ids) -> None:
    """Scores changed in place (marking, regrading): the stored analyses of
    these quizzes are marked out of date and a refresh is queued for each when
    the change commits. The trainers' page shows the stored figures as being
    updated meanwhile, instead of computing over every attempt on the request
    (1.3 s for 60,000 attempts, bench/scale.py). If the task cannot be
    queued, the mark stands (logged, not raised) and a page load after
    `REFRESH_AGAIN_AFTER` queues it again."""
    from assessments.tasks import item_analysis_refresh_task

    quiz_ids = list(
        ItemAnalysis.objects.filter(quiz_id__in=list(quiz_ids)).values_list(
            "quiz_id", flat=True
        )
    )
    if not quiz_ids:
        return
    ItemAnalysis.objects.filter(quiz_id__in=quiz_ids).update(
        through=None, refresh_requested_at=timezone.now()
    )
    for quiz_id in quiz_ids:
        transaction.on_commit(
            lambda quiz_id=quiz_id: item_analysis_refresh_task.enqueue(quiz_id=quiz_id),
            robust=True,
        )
