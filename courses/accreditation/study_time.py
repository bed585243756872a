"""Study time computed from the content, to set beside the time a trainer claims.

A lesson takes its words at ``READING_WORDS_PER_MINUTE`` plus the running time of
its video and audio; a quiz the estimate per question type of the questions one
attempt gets; a scenario ``STEP_MINUTES`` per conversation step a learner passes.
Accreditation bodies ask for a realistic study time; a claim that differs from
the computed time by more than ``TOLERANCE`` (0–1) is flagged for the trainer.
"""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Stated speed for reading to learn (slower than reading for pleasure), words/minute.
READING_WORDS_PER_MINUTE = 150
# Minutes for a reflection question (think, write a few sentences) and for a
# substance or referral card shown in a lesson (its text lives on the card).
REFLECTION_MINUTES = 3.0
CARD_MINUTES = 1.0
# Minutes one question takes to read, answer and read the feedback, by type.
QUESTION_MINUTES: Mapping[str, float] = {
    "true_false": 0.5,
    "single": 1.0,
    "short_text": 1.0,
    "multiple": 1.5,
    "ordering": 2.0,
    "matching": 2.0,
    "essay": 5.0,
}
DEFAULT_QUESTION_MINUTES = 1.0
# Minutes per scenario step: read the situation, choose, read the feedback.
STEP_MINUTES = 1.5
TOLERANCE = 0.25

WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


def word_count(text: str) -> int:
    """Words in plain text (hyphenated and elided words count once)."""
    return len(WORD.findall(text or ""))


def reading_minutes(words: int) -> float:
    return words / READING_WORDS_PER_MINUTE


def question_minutes(question_type: str) -> float:
    return QUESTION_MINUTES.get(question_type, DEFAULT_QUESTION_MINUTES)


@dataclass(frozen=True)
class StudyItem:
    """One part of a course as the computation sees it. ``minutes`` is the
    computed time; ``claimed`` what the trainer entered (None: not claimed);
    ``unknown_media`` counts video or audio whose running time is not known."""

    kind: str  # "lesson", "quiz", "scenario"
    title: str
    minutes: float
    claimed: int | None = None
    unknown_media: int = 0

    @property
    def rounded(self) -> int:
        return math.ceil(self.minutes) if self.minutes else 0

    @property
    def differs(self) -> bool:
        return self.claimed is not None and differs_too_much(
            computed=self.minutes, claimed=self.claimed
        )


def differs_too_much(*, computed: float, claimed: float) -> bool:
    """More than ``TOLERANCE`` apart, measured against the claim (a claim of 0
    differs from any computed time above 0)."""
    if claimed <= 0:
        return computed > 0
    return abs(computed - claimed) / claimed > TOLERANCE


@dataclass(frozen=True)
class StudyTime:
    items: tuple[StudyItem, ...]
    claimed: int

    @property
    def minutes(self) -> float:
        return sum(item.minutes for item in self.items)

    @property
    def rounded(self) -> int:
        return math.ceil(self.minutes) if self.minutes else 0

    @property
    def differs(self) -> bool:
        return differs_too_much(computed=self.minutes, claimed=self.claimed)

    @property
    def difference_percent(self) -> int | None:
        if self.claimed <= 0:
            return None
        return round((self.minutes - self.claimed) / self.claimed * 100)

    @property
    def unknown_media(self) -> int:
        return sum(item.unknown_media for item in self.items)


def lesson_item(
    *,
    title: str,
    text: str,
    media_seconds: Iterable[int | None] = (),
    reflections: int = 0,
    cards: int = 0,
    claimed: int | None = None,
) -> StudyItem:
    """A lesson: its words read at the stated speed, its media running times,
    and an estimate per reflection question and card; media without a known
    running time are counted, not guessed."""
    seconds = list(media_seconds)
    known = sum(s for s in seconds if s)
    return StudyItem(
        kind="lesson",
        title=title,
        minutes=reading_minutes(word_count(text))
        + known / 60
        + reflections * REFLECTION_MINUTES
        + cards * CARD_MINUTES,
        claimed=claimed,
        unknown_media=sum(1 for s in seconds if not s),
    )


def quiz_item(
    *,
    title: str,
    draws: Iterable[tuple[int, Sequence[str]]],
    claimed: int | None = None,
) -> StudyItem:
    """A quiz: per draw, ``count`` questions from a pool with these question
    types, each at the pool's mean estimate (a fixed quiz is one draw of all
    its questions)."""
    minutes = 0.0
    for count, pool in draws:
        pool = list(pool)
        if pool and count:
            mean = sum(question_minutes(kind) for kind in pool) / len(pool)
            minutes += min(count, len(pool)) * mean
    return StudyItem(kind="quiz", title=title, minutes=minutes, claimed=claimed)


def scenario_item(
    *,
    title: str,
    steps_passed: int,
    media_seconds: Iterable[int | None] = (),
    claimed: int | None = None,
) -> StudyItem:
    seconds = list(media_seconds)
    return StudyItem(
        kind="scenario",
        title=title,
        minutes=steps_passed * STEP_MINUTES + sum(s for s in seconds if s) / 60,
        claimed=claimed,
        unknown_media=sum(1 for s in seconds if not s),
    )


def study_time_of(*, items: Iterable[StudyItem], claimed: int) -> StudyTime:
    return StudyTime(items=tuple(items), claimed=claimed)
