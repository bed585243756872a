"""Assessments: the question bank, quiz pages, attempts and their answers."""

from .analysis import ItemAnalysis
from .attempts import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Regrade,
    RegradeEntry,
)
from .imports import QuestionImport, QuestionImportStatus
from .parts import QuestionItem, QuestionOption, QuestionPair
from .questions import (
    PartialCredit,
    Question,
    QuestionCategory,
    QuestionType,
    TaggedQuestion,
)
from .quiz import (
    FeedbackMode,
    QuestionSelection,
    QuizDrawRule,
    QuizLayout,
    QuizPage,
    QuizQuestion,
)

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "AttemptStatus",
    "FeedbackMode",
    "ItemAnalysis",
    "PartialCredit",
    "Question",
    "QuestionCategory",
    "QuestionImport",
    "QuestionImportStatus",
    "QuestionItem",
    "QuestionOption",
    "QuestionPair",
    "QuestionSelection",
    "QuestionType",
    "QuizDrawRule",
    "QuizLayout",
    "QuizPage",
    "QuizQuestion",
    "Regrade",
    "RegradeEntry",
    "TaggedQuestion",
]
