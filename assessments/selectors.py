"""Reads for quizzes, shaped for their callers with a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from assessments.engine.analysis import ItemStatistics, QuestionSums
from assessments.engine.attempt_rules import (
    PastAttempt,
    Refusal,
    is_past_deadline,
    start_refusal,
)
from assessments.item_analysis import quiz_question_sums
from assessments.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    ItemAnalysis,
    Question,
    QuizPage,
    RegradeEntry,
)
from courses.models import CoursePage, Enrolment
from training.models import User


@dataclass(frozen=True)
class QuizState:
    """What a learner may do with a quiz right now (current cycle)."""

    enrolment: Enrolment | None
    attempts: tuple[Attempt, ...]  # this cycle, oldest first
    open_attempt: Attempt | None
    refusal: Refusal | None  # why a new attempt cannot start, if it cannot
    max_attempts: int

    @property
    def submitted(self) -> list[Attempt]:
        return [a for a in self.attempts if not a.is_open]

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts)

    @property
    def passed_final(self) -> bool:
        """Passed with nothing left to mark: the quiz counts for completion."""
        return any(a.passed and not a.pending for a in self.attempts)

    @property
    def open_expired(self) -> bool:
        return self.open_attempt is not None and is_past_deadline(
            deadline=self.open_attempt.deadline, now=timezone.now()
        )

    @property
    def attempts_left(self) -> int | None:
        if not self.max_attempts:
            return None
        return max(self.max_attempts - len(self.submitted), 0)


def quiz_state(
    *,
    quiz: QuizPage,
    user: User,
    course: CoursePage,
    now: datetime.datetime | None = None,
) -> QuizState:
    """The learner's attempts and whether a new one may start (two queries)."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        return QuizState(None, (), None, None, quiz.max_attempts)
    attempts = tuple(
        Attempt.objects.filter(user=user, quiz=quiz, cycle=enrolment.cycle).order_by(
            "number"
        )
    )
    open_attempt = next((a for a in attempts if a.is_open), None)
    refusal = start_refusal(
        attempts=[PastAttempt(a.submitted_at, a.passed) for a in attempts],
        max_attempts=quiz.max_attempts,
        cooldown=quiz.cooldown,
        now=now or timezone.now(),
    )
    return QuizState(enrolment, attempts, open_attempt, refusal, quiz.max_attempts)


def attempt_get(*, public_id, user: User) -> Attempt:
    """The learner's own attempt with its quiz and course;
    ``Attempt.DoesNotExist`` for anyone else's."""
    return Attempt.objects.select_related("quiz", "course").get(
        public_id=public_id, user=user
    )


def attempt_answers(*, attempt: Attempt) -> list[AttemptAnswer]:
    """Answers by question: the saved rows of a submitted attempt, or (unsaved)
    what the learner saved so far in an open one."""
    if attempt.is_open:
        return attempt.response_rows()
    answers = list(attempt.answers.order_by("index"))
    for answer in answers:
        answer.attempt = attempt  # saves a query per question_snapshot
    return answers


def attempt_regrades(*, attempt: Attempt) -> list[RegradeEntry]:
    return list(attempt.regrades.select_related("regrade"))


# --- trainers ------------------------------------------------------------------


def marking_queue() -> QuerySet[AttemptAnswer]:
    """Submitted essay answers waiting for a trainer, oldest first."""
    return (
        AttemptAnswer.objects.filter(
            needs_marking=True, attempt__status=AttemptStatus.SUBMITTED
        )
        .select_related("attempt", "attempt__user", "attempt__quiz")
        .order_by("attempt__submitted_at", "index")
    )


def answer_for_marking(*, answer_id: int) -> AttemptAnswer:
    return AttemptAnswer.objects.select_related(
        "attempt", "attempt__user", "attempt__quiz", "marked_by"
    ).get(pk=answer_id, attempt__status=AttemptStatus.SUBMITTED)


def regrade_candidates() -> QuerySet[Question]:
    """Questions changed since attempts used them, with how many attempts."""
    return (
        Question.objects.filter(attempt_answers__question_version__lt=F("version"))
        .annotate(
            affected=Count(
                "attempt_answers__attempt",
                filter=Q(attempt_answers__question_version__lt=F("version")),
                distinct=True,
            )
        )
        .select_related("category")
        .order_by("category__name", "key")
    )


def quizzes_with_attempts() -> QuerySet[QuizPage]:
    return (
        QuizPage.objects.annotate(
            submitted=Count(
                "attempts", filter=Q(attempts__status=AttemptStatus.SUBMITTED)
            )
        )
        .filter(submitted__gt=0)
        .order_by("title")
    )


@dataclass(frozen=True)
class ItemRow:
    """Item analysis of one question, with its latest snapshot for labels."""

    question: dict
    statistics: ItemStatistics


def quiz_item_analysis(*, quiz: QuizPage) -> tuple[int, list[ItemRow]]:
    """Submitted attempts and per-question figures, in three queries whatever the
    number of attempts: the count, the figures summed in the database
    (``assessments.item_analysis``: no answer travels to Python) and the
    snapshots of each question's latest attempt for the labels. A deleted
    question's answers keep their place by the snapshot."""
    attempts = Attempt.objects.filter(quiz=quiz, status=AttemptStatus.SUBMITTED).count()
    sums = sorted(
        (entry for entry in quiz_question_sums(quiz=quiz) if entry.responses),
        key=QuestionSums.order,
    )
    snapshots = dict(
        Attempt.objects.filter(pk__in={entry.last[0] for entry in sums}).values_list(
            "pk", "snapshot"
        )
    )
    return attempts, [
        ItemRow(
            question=snapshots[entry.last[0]]["questions"][entry.last[1]],
            statistics=entry.statistics(),
        )
        for entry in sums
    ]


@dataclass(frozen=True)
class StoredItemAnalysis:
    """The stored item analysis of a quiz; ``stale`` when an attempt was
    submitted after the latest one it counts."""

    attempts: int
    rows: list[ItemRow]
    computed_at: datetime.datetime
    stale: bool


def stored_item_analysis(*, quiz: QuizPage) -> StoredItemAnalysis | None:
    """The stored analysis (None if there is none) and whether it is stale, in
    two queries that read no answer and do not grow with the attempts (the
    latest submission comes from the end of an index)."""
    stored = ItemAnalysis.objects.filter(quiz=quiz).first()
    if stored is None:
        return None
    latest = Attempt.objects.filter(
        quiz=quiz, status=AttemptStatus.SUBMITTED
    ).aggregate(latest=Max("submitted_at"))["latest"]
    return StoredItemAnalysis(
        attempts=stored.attempts,
        rows=[
            ItemRow(
                question=row["question"],
                statistics=ItemStatistics(**row["statistics"]),
            )
            for row in stored.rows
        ],
        computed_at=stored.computed_at,
        stale=latest is not None
        and (stored.through is None or latest > stored.through),
    )
