"""Item analysis of finished quiz attempts, free of Django and the database.

Tells trainers per question how easy it was (facility), how well it separates
stronger from weaker learners (discrimination), how often each option was chosen
and how long learners took. The input is one mapping per finished attempt::

    {"attempt_score": 0.8,                  # 0–1, the attempt's result
     "items": {12: {"score": 1.0,           # 0–1; None while pending (left out)
                    "option_keys": ["a"],   # single/multiple, optional
                    "seconds": 14.0}}}      # time on the question, optional

With drawn questions not every attempt holds every question; each figure is
computed over the attempts that hold the question with a score.
"""

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

# Kelley's 27%: upper and lower groups of this share of the ranked attempts.
GROUP_FRACTION = 0.27
MIN_GROUP_SIZE = 2


@dataclass(frozen=True)
class ItemStatistics:
    """Figures for one question over the attempts that answered it."""

    question_id: Hashable
    responses: int  # attempts with a score for this question
    facility: float  # mean score, 0–1; higher is easier
    discrimination: float | None  # −1..1; None with too few responses
    option_counts: dict[str, int]  # option key → times chosen; unchosen absent
    mean_seconds: float | None  # None when no attempt recorded a time


def item_statistics(
    *, attempts: Sequence[Mapping[str, Any]]
) -> dict[Hashable, ItemStatistics]:
    """Figures per question id, in the order questions first appear.

    facility = mean item score. discrimination: see ``discrimination_index``.
    option_counts counts every attempt that chose the option once.
    mean_seconds = mean of the recorded times. Pass attempts in a stable order
    (e.g. by id): it breaks ties in the discrimination groups.
    """
    rows: dict[Hashable, list[tuple[float, Mapping[str, Any]]]] = {}
    for attempt in attempts:
        for question_id, item in attempt["items"].items():
            if item.get("score") is not None:
                rows.setdefault(question_id, []).append(
                    (attempt["attempt_score"], item)
                )
    return {question_id: _statistics(question_id, r) for question_id, r in rows.items()}


def discrimination_index(
    *, pairs: Sequence[tuple[float, float]], fraction: float = GROUP_FRACTION
) -> float | None:
    """Upper-minus-lower discrimination of one question, −1..1.

    ``pairs`` are (attempt score, item score). Rank them by attempt score; the
    lower and upper groups are the first and last g of them, where
    g = round-half-up(fraction × n). D = mean item score of the upper group minus
    that of the lower group. None when g < 2, i.e. fewer than 6 responses at 27%:
    a single learner per group says nothing. Ties in attempt score keep the
    input order (the sort is stable).
    """
    ranked = sorted(pairs, key=lambda pair: pair[0])
    size = int(len(ranked) * fraction + 0.5)
    if size < MIN_GROUP_SIZE:
        return None
    lower = fmean(score for _, score in ranked[:size])
    upper = fmean(score for _, score in ranked[-size:])
    return upper - lower


def _statistics(
    question_id: Hashable, rows: list[tuple[float, Mapping[str, Any]]]
) -> ItemStatistics:
    counts = Counter(
        key for _, item in rows for key in set(item.get("option_keys") or ())
    )
    seconds = [item["seconds"] for _, item in rows if item.get("seconds") is not None]
    return ItemStatistics(
        question_id=question_id,
        responses=len(rows),
        facility=fmean(item["score"] for _, item in rows),
        discrimination=discrimination_index(
            pairs=[(attempt_score, item["score"]) for attempt_score, item in rows]
        ),
        option_counts=dict(sorted(counts.items())),
        mean_seconds=fmean(seconds) if seconds else None,
    )


@dataclass
class QuestionSums:
    """Counts and sums for one question, added up from partial rows (one per
    choice) that the database computed; ``statistics()`` gives the same figures
    as ``item_statistics`` over the same answers.

    ``lower`` and ``upper`` sum the item scores of the lower and upper groups of
    ``discrimination_index`` (g = round-half-up(GROUP_FRACTION × scored)).
    ``first`` and ``last`` are (attempt id, index) of the first scored answer
    (order of appearance) and of the latest answer (whose snapshot labels it).
    """

    question_id: Hashable
    orphan: bool = False  # a deleted question, keyed through the snapshot
    responses: int = 0
    total: float = 0.0
    seconds: float = 0.0
    timed: int = 0
    lower: float = 0.0
    upper: float = 0.0
    scored: int = 0
    first: tuple[int, int] | None = None
    last: tuple[int, int] | None = None
    option_counts: Counter = field(default_factory=Counter)

    def add(self, *, chosen: Sequence[str], **sums) -> None:
        for name in ("responses", "total", "seconds", "timed", "lower", "upper"):
            setattr(self, name, getattr(self, name) + sums[name])
        self.scored = max(self.scored, sums["scored"])
        if sums["first"] is not None:
            self.first = min(self.first or sums["first"], sums["first"])
        if sums["last"] is not None:
            self.last = max(self.last or sums["last"], sums["last"])
        for key in chosen:
            self.option_counts[key] += sums["responses"]

    def order(self) -> tuple[int, bool, int]:
        """Where ``item_statistics`` puts the question: by the attempt of its
        first scored answer; within it present questions by index, then
        deleted ones (as ``quiz_item_analysis`` has always listed them)."""
        attempt_id, index = self.first
        return (attempt_id, self.orphan, index)

    def statistics(self) -> ItemStatistics:
        size = int(self.responses * GROUP_FRACTION + 0.5)
        return ItemStatistics(
            question_id=self.question_id,
            responses=self.responses,
            facility=self.total / self.responses,
            discrimination=(
                None if size < MIN_GROUP_SIZE else self.upper / size - self.lower / size
            ),
            option_counts=dict(sorted((+self.option_counts).items())),
            mean_seconds=self.seconds / self.timed if self.timed else None,
        )
