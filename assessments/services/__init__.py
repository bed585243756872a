"""State changes of quizzes: attempts, marking, regrades. Views, admin views and
commands call these; each is atomic and states its guarantees."""

from .answers import field_prefix, posted_answers
from .attempts import (
    SubmitOutcome,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)
from .errors import AnswersRejected, AttemptClosed, AttemptRefused, QuizError
from .facts import question_facts_confirm, questions_suspend_for_card
from .marking import answer_mark
from .regrade import question_regrade

__all__ = [
    "AnswersRejected",
    "AttemptClosed",
    "AttemptRefused",
    "QuizError",
    "SubmitOutcome",
    "answer_mark",
    "attempt_save_answers",
    "attempt_start",
    "attempt_submit",
    "field_prefix",
    "posted_answers",
    "question_facts_confirm",
    "question_regrade",
    "questions_suspend_for_card",
]
