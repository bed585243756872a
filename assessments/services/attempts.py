"""Starting, answering and submitting quiz attempts.

Guarantees: every function is atomic and locks the attempt (or, to start one,
the learner's enrolment) so double clicks and two tabs cannot record two
results; a refused request changes nothing. Time limits follow the server's
clock: after the deadline posted answers are ignored and the attempt is graded
on what was saved in time (``late``). A passed attempt tells the courses app
through ``course_progress_changed``.
"""

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.engine.attempt_rules import (
    PastAttempt,
    is_past_deadline,
    start_refusal,
)
from assessments.engine.grading import grade_question
from assessments.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    QuizPage,
)
from assessments.models.attempts import (
    ATTEMPT_SCHEMA_VERSION,
    RESPONSES_SCHEMA_VERSION,
)
from assessments.services.answers import apply_posted, posted_answers, valid_indexes
from assessments.services.drawing import questions_draw, settings_snapshot
from assessments.services.errors import AnswersRejected, AttemptClosed, AttemptRefused
from assessments.services.results import answers_grade, attempt_apply_result
from courses.models import Enrolment
from courses.services import NotEnrolled, course_of, course_progress_changed
from training.models import User


@dataclass(frozen=True)
class SubmitOutcome:
    attempt: Attempt
    already_submitted: bool = False
    late: bool = False  # graded on what was saved before the deadline


# --- start ---------------------------------------------------------------------


def attempt_start(*, user: User, quiz: QuizPage) -> Attempt:
    """Start an attempt, or return the learner's open one (idempotent).

    Raises ``NotEnrolled`` when the learner is not enrolled in the course and
    ``AttemptRefused`` (unavailable, already_passed, awaiting_marking,
    max_attempts, cooldown, no_questions, pool_too_small) otherwise. An open
    attempt past its deadline is first graded on what was saved in time; that
    result stays recorded even when a new attempt is then refused.
    """
    _close_expired(user=user, quiz=quiz)
    return _attempt_open(user=user, quiz=quiz)


@transaction.atomic
def _close_expired(*, user: User, quiz: QuizPage) -> None:
    open_attempt = (
        Attempt.objects.select_for_update()
        .select_related("user", "course")
        .filter(user=user, quiz_id=quiz.pk, status=AttemptStatus.IN_PROGRESS)
        .first()
    )
    now = timezone.now()
    if open_attempt and is_past_deadline(deadline=open_attempt.deadline, now=now):
        _finalise(open_attempt, now=now)


@transaction.atomic
def _attempt_open(*, user: User, quiz: QuizPage) -> Attempt:
    quiz = QuizPage.objects.live().filter(pk=quiz.pk).first()
    course = course_of(quiz) if quiz else None
    if quiz is None or course is None or not course.live:
        raise AttemptRefused("unavailable")
    enrolment = (
        Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    )
    if enrolment is None:
        raise NotEnrolled("not enrolled")
    now = timezone.now()
    open_attempt = (
        Attempt.objects.select_for_update()
        .filter(user=user, quiz=quiz, status=AttemptStatus.IN_PROGRESS)
        .first()
    )
    if open_attempt is not None:
        return open_attempt
    history = list(
        Attempt.objects.filter(user=user, quiz=quiz, cycle=enrolment.cycle).order_by(
            "number"
        )
    )
    refusal = start_refusal(
        attempts=[PastAttempt(a.submitted_at, a.passed) for a in history],
        max_attempts=quiz.max_attempts,
        cooldown=quiz.cooldown,
        now=now,
    )
    if refusal is not None:
        raise AttemptRefused(refusal.code, **refusal.params)
    seed = secrets.randbits(64)
    questions = questions_draw(quiz=quiz, rng=random.Random(seed))  # noqa: S311
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                course=course,
                cycle=enrolment.cycle,
                number=len(history) + 1,
                revision_id=quiz.live_revision_id,
                pass_mark=quiz.pass_mark,
                snapshot={
                    "schema_version": ATTEMPT_SCHEMA_VERSION,
                    "seed": seed,
                    "quiz": settings_snapshot(quiz),
                    "questions": questions,
                },
                responses={"schema_version": RESPONSES_SCHEMA_VERSION, "answers": {}},
                started_at=now,
                deadline=now + quiz.time_limit if quiz.time_limit else None,
            )
    except IntegrityError:
        # Another request started one in the meantime: resume that one.
        return Attempt.objects.get(
            user=user, quiz=quiz, status=AttemptStatus.IN_PROGRESS
        )
    return attempt


# --- answering -----------------------------------------------------------------


def _locked_attempt(*, public_id, user: User) -> Attempt:
    """The learner's own attempt, locked; ``Attempt.DoesNotExist`` otherwise."""
    return (
        Attempt.objects.select_for_update()
        .select_related("course", "user")
        .get(public_id=public_id, user=user)
    )


@transaction.atomic
def attempt_save_answers(
    *,
    public_id,
    user: User,
    data,
    indexes: Iterable[int],
    position: int | None = None,
    check: bool = False,
) -> Attempt:
    """Save the answers to the questions at ``indexes`` (those on the page).

    With ``check`` (immediate feedback) the answers are graded at once and
    locked. Raises ``Attempt.DoesNotExist`` for an attempt that is not the
    learner's, ``AttemptClosed`` once submitted and ``AnswersRejected`` for
    invalid answers; none of them changes anything. Past the deadline nothing
    is saved and the attempt is submitted on what was saved in time: check
    ``attempt.late`` on the result. Two queries: whatever the number of
    questions, answers are one JSON document until submission.
    """
    attempt = _locked_attempt(public_id=public_id, user=user)
    if not attempt.is_open:
        raise AttemptClosed
    now = timezone.now()
    if is_past_deadline(deadline=attempt.deadline, now=now):
        _finalise(attempt, now=now)
        return attempt
    indexes = valid_indexes(attempt, indexes)
    answers = posted_answers(attempt=attempt, data=data, indexes=indexes)
    if check and any(answers[index] is None for index in indexes):
        raise AnswersRejected("not_checked_empty")
    changed = apply_posted(attempt=attempt, answers=answers, now=now)
    if check and attempt.settings["feedback_mode"] == "immediate":
        for index, entry in changed:
            grade = grade_question(
                question=attempt.questions[index], answer=entry["answer"]
            )
            entry["checked"] = True
            entry["grade"] = {
                "score": grade.score,
                "is_correct": grade.is_correct,
                "needs_marking": grade.needs_marking,
                "feedback": list(grade.feedback),
            }
    attempt.last_saved_at = now
    if position is not None:
        attempt.position = min(max(position, 0), len(attempt.questions) - 1)
    attempt.save(update_fields=["responses", "last_saved_at", "position"])
    return attempt


@transaction.atomic
def attempt_submit(
    *, public_id, user: User, data=None, indexes: Iterable[int] = ()
) -> SubmitOutcome:
    """Save the posted answers (if any) and grade the attempt, once.

    Idempotent: a second submission (double click, second tab) returns the
    recorded result with ``already_submitted`` and changes nothing. Past the
    deadline the posted answers are ignored (``late``). Raises
    ``Attempt.DoesNotExist`` and ``AnswersRejected`` like
    ``attempt_save_answers``, before changing anything. A fixed number of
    queries, whatever the number of questions.
    """
    attempt = _locked_attempt(public_id=public_id, user=user)
    if not attempt.is_open:
        return SubmitOutcome(attempt=attempt, already_submitted=True)
    now = timezone.now()
    late = is_past_deadline(deadline=attempt.deadline, now=now)
    if not late and data is not None:
        indexes = valid_indexes(attempt, indexes)
        answers = posted_answers(attempt=attempt, data=data, indexes=indexes)
        apply_posted(attempt=attempt, answers=answers, now=now)
    _finalise(attempt, now=now)
    return SubmitOutcome(attempt=attempt, late=late)


def _finalise(attempt: Attempt, *, now) -> None:
    """Grade every answer, write the rows, record the result, close the attempt."""
    rows = attempt.response_rows()
    answers_grade(attempt=attempt, rows=rows)
    AttemptAnswer.objects.bulk_create(rows)
    attempt_apply_result(attempt=attempt, rows=rows)
    attempt.status = AttemptStatus.SUBMITTED
    attempt.late = is_past_deadline(deadline=attempt.deadline, now=now)
    # A late attempt ended at its deadline; the cool-down counts from there.
    attempt.submitted_at = attempt.deadline if attempt.late else now
    attempt.responses = {"schema_version": RESPONSES_SCHEMA_VERSION, "answers": {}}
    attempt.save(
        update_fields=[
            "status",
            "submitted_at",
            "late",
            "score",
            "passed",
            "pending",
            "responses",
        ]
    )
    if attempt.passed:
        course_progress_changed(user=attempt.user, course=attempt.course)
