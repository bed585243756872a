"""Domain errors of the quiz services. Each carries a stable ``code`` and
``params``; views translate them with ``assessments.quiz_messages``."""

from typing import Any

from assessments.engine.grading import InvalidAnswer


class QuizError(Exception):
    """A request the rules do not allow; nothing was changed."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


class AttemptRefused(QuizError):
    """A new attempt may not start (attempt limit, cool-down, unavailable...)."""


class AttemptClosed(QuizError):
    """The attempt was already submitted."""

    def __init__(self) -> None:
        super().__init__("closed")


class AnswersRejected(QuizError):
    """Posted answers that are no valid answers; nothing was saved.

    ``errors`` maps the question index to its ``InvalidAnswer``; ``code`` is
    ``invalid_answers``, ``unknown_question`` or ``not_checked_empty``.
    """

    def __init__(
        self,
        code: str = "invalid_answers",
        errors: dict[int, InvalidAnswer] | None = None,
    ) -> None:
        super().__init__(code)
        self.errors = errors or {}

    @property
    def tampered(self) -> bool:
        from assessments.quiz_messages import FORM_ERROR_CODES

        if self.code == "unknown_question":
            return True
        return any(e.code not in FORM_ERROR_CODES for e in self.errors.values())
