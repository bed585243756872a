"""Grading glue between attempt rows and the pure ``assessments.engine.grading``.

Not atomic on their own: the services that call these hold the attempt lock.
"""

from collections.abc import Sequence

from assessments.engine.grading import attempt_result, grade_question
from assessments.models import Attempt, AttemptAnswer


def answers_grade(*, attempt: Attempt, rows: Sequence[AttemptAnswer]) -> None:
    """Grade rows in memory against the attempt's snapshot. A marked essay
    keeps the trainer's mark."""
    for row in rows:
        if row.marked_by_id is not None or row.marked_at is not None:
            continue
        grade = grade_question(question=attempt.questions[row.index], answer=row.answer)
        row.score = None if grade.needs_marking else grade.score
        row.is_correct = grade.is_correct
        row.needs_marking = grade.needs_marking
        row.feedback = list(grade.feedback)


def attempt_apply_result(*, attempt: Attempt, rows: Sequence[AttemptAnswer]) -> None:
    """Set score, passed and pending from the graded rows (in memory)."""
    questions = attempt.questions
    result = attempt_result(
        items=[
            (
                float(questions[row.index]["weight"]),
                None if row.needs_marking else (row.score or 0.0),
            )
            for row in rows
        ],
        pass_mark=attempt.pass_mark,
    )
    attempt.score = result.score
    attempt.passed = result.passed
    attempt.pending = result.pending
