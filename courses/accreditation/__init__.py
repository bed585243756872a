"""Pure rules for what accreditation bodies check in a course's content:
study time computed from the content (``study_time``), a readability hint per
lesson (``readability``) and the alignment of learning objectives with the
questions and scenario steps that assess them (``alignment``). No Django, no
models: the callers in ``courses.records`` read the database and pass plain
values in."""

from .alignment import (
    CANMEDS_ROLES,
    QUESTION,
    STEP,
    AlignedItem,
    Alignment,
    ObjectiveRow,
    alignment_build,
)
from .content import lesson_content, plain_text
from .readability import B1_TARGET, Readability, ReadabilityTarget, readability_of
from .study_time import (
    QUESTION_MINUTES,
    READING_WORDS_PER_MINUTE,
    STEP_MINUTES,
    StudyItem,
    StudyTime,
    differs_too_much,
    lesson_item,
    question_minutes,
    quiz_item,
    reading_minutes,
    scenario_item,
    study_time_of,
    word_count,
)

__all__ = [
    "B1_TARGET",
    "CANMEDS_ROLES",
    "QUESTION_MINUTES",
    "QUESTION",
    "READING_WORDS_PER_MINUTE",
    "STEP",
    "STEP_MINUTES",
    "AlignedItem",
    "Alignment",
    "ObjectiveRow",
    "Readability",
    "ReadabilityTarget",
    "StudyItem",
    "StudyTime",
    "alignment_build",
    "differs_too_much",
    "lesson_content",
    "plain_text",
    "lesson_item",
    "question_minutes",
    "quiz_item",
    "readability_of",
    "reading_minutes",
    "scenario_item",
    "study_time_of",
    "word_count",
]
