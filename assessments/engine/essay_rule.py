"""Is an essay in every attempt of a quiz, and may the quiz be saved so? Pure
functions, no database.

An essay is marked by a trainer, so every attempt that draws one waits. A quiz
that draws an essay in every attempt (a fixed essay question, or a category
drawn completely that holds one) is refused unless the trainer promises to mark
within a stated number of days, which learners then see while they wait.
"""

from collections.abc import Mapping, Sequence

MAX_MARKING_DAYS = 60


def always_drawn_essays(
    *,
    fixed_types: Sequence[str],
    draws: Mapping[str, int],
    pools: Mapping[str, Sequence[str]],
) -> list[str]:
    """Where an essay is drawn in every attempt: ``"fixed"`` when a fixed
    question is an essay, and each category (key of ``draws``) whose draw takes
    its whole pool (``pools``: the question types it can draw) and holds an
    essay. Pass ``fixed_types`` for a quiz of fixed questions, ``draws`` for one
    that draws."""
    found = ["fixed"] if "essay" in fixed_types else []
    for category, count in draws.items():
        pool = pools.get(category, ())
        if "essay" in pool and count >= len(pool):
            found.append(category)
    return found


def marking_problem(
    *, always_drawn: Sequence[str], promised: bool, days: int | None
) -> str:
    """An empty string when the setup may be saved, else a code:
    ``days_missing`` (a promise without a number of days), ``days_out_of_range``
    (outside 1–60), ``essay_always_drawn`` (an essay in every attempt and no
    promise)."""
    if promised and not days:
        return "days_missing"
    if days is not None and not 1 <= days <= MAX_MARKING_DAYS:
        return "days_out_of_range"
    if always_drawn and not promised:
        return "essay_always_drawn"
    return ""
