"""The lowest and highest overall score a scenario allows, for the validator.

The overall score of a run is earned / could-have-earned, summed over the steps
passed (docs/schemas.md, "Scoring"). At a step, a choice ``x`` earns its points
``e``; what could have been earned, ``c``, is the best points among the choices
offered there. Conditions decide what is offered, so for each usable choice the
analysis gives ``c`` a least value ``c_min`` (only the choices that are always
offered, plus ``x``) and a greatest ``c_max`` (every choice whose condition can
hold). Routes whose condition may hold count as possible paths.

Method, over the steps that are reachable and can reach an ending:

- No loops: the best ratio over complete paths is found with Dinkelbach's method:
  for a guess ``λ``, a longest-path pass over the steps in reverse topological
  order maximises ``Σ(e − λ·c_min)``; the path found gives the next ``λ = Σe/Σc``,
  until no path does better (``λ`` rises strictly, so it stops; a handful of
  passes in practice). The worst ratio likewise minimises ``Σ(e − λ·c_max)``. A
  path with nothing to earn scores 1 (0/0 counts as full marks, as in scoring).
  When no condition varies, ``c_min = c_max`` and every abstract path is a real
  one, so the range is exact; otherwise it is a safe outer bound.
- Loops: runs can repeat steps without limit, so the range is bounded by the
  single choices: a ratio of sums lies between the smallest and largest of its
  terms' ratios, giving ``[min e/c_max, max e/c_min]`` inside ``[0, 1]``.

Either way ``low`` is at most, and ``high`` at least, every achievable score, so
"high < pass threshold" safely means nobody can pass. Pure Python: no Django.
"""

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from assessments.scenarios.engine.analysis import ALWAYS, Analysis
from assessments.scenarios.engine.definition import Scenario

_TOLERANCE = 1e-9
_MAX_PASSES = 100

# (earned, could-have-earned at least, could-have-earned at most, target)
_Edge = tuple[float, float, float, str]


@dataclass(frozen=True, kw_only=True)
class ScoreRange:
    low: float  # 0–1, no complete run scores less
    high: float  # 0–1, no complete run scores more
    exact: bool  # both bounds are scores of real runs
    cyclic: bool  # the scenario has loops, so the range bounds single choices
    note: str  # English explanation of how exact the range is

    def to_json(self) -> dict[str, float | bool | str]:
        return {
            "low": self.low,
            "high": self.high,
            "exact": self.exact,
            "cyclic": self.cyclic,
            "note": self.note,
        }


NOTES: Mapping[str, str] = {
    "exact": "Exact: the lowest and highest score over every path to an ending.",
    "conditions": (
        "A bound: conditions decide which choices are offered, so real scores lie "
        "within this range but may not reach its ends."
    ),
    "cyclic": (
        "A bound: the scenario has loops, so the range is bounded by the worst and "
        "best single choices."
    ),
}


def score_range(scenario: Scenario, analysis: Analysis) -> ScoreRange | None:
    """The score range over complete runs; ``None`` if no run can reach an ending.

    Also ``None`` when a reachable choice has negative points (reported apart).
    """
    if scenario.start not in analysis.reachable & analysis.finishing:
        return None
    relevant = analysis.reachable & analysis.finishing
    endings = {key for key in relevant if scenario.steps_by_key[key].is_ending}
    out = _edges(scenario, analysis, relevant)
    if out is None:
        return None
    order = _topological(relevant, out)
    zero_path = _has_zero_path(scenario.start, endings, out)
    if order is None:
        low, high = _single_choice_bounds(out)
        high = 1.0 if zero_path else high
        return ScoreRange(
            low=low, high=high, exact=False, cyclic=True, note=NOTES["cyclic"]
        )
    high = 1.0 if zero_path else _dinkelbach(scenario.start, order, endings, out, True)
    low = _dinkelbach(scenario.start, order, endings, out, False)
    exact = not (analysis.varying & relevant)
    return ScoreRange(
        low=low,
        high=high,
        exact=exact,
        cyclic=False,
        note=NOTES["exact" if exact else "conditions"],
    )


def _edges(
    scenario: Scenario, analysis: Analysis, relevant: frozenset[str]
) -> dict[str, list[_Edge]] | None:
    out: dict[str, list[_Edge]] = {}
    for key in relevant:
        usable = {choice.key: choice for choice, _target in analysis.edges[key]}
        if any(choice.points < 0 for choice in usable.values()):
            return None
        always = [
            choice.points
            for choice in usable.values()
            if analysis.classify(choice.condition) == ALWAYS
        ]
        best = max((choice.points for choice in usable.values()), default=0)
        out[key] = [
            (choice.points, max([*always, choice.points]), best, target)
            for choice, target in analysis.edges[key]
            if target in relevant
        ]
    return out


def _topological(
    nodes: frozenset[str], out: Mapping[str, list[_Edge]]
) -> list[str] | None:
    """Kahn's order of ``nodes``, or ``None`` when they contain a loop."""
    incoming = dict.fromkeys(nodes, 0)
    for key in nodes:
        for *_weights, target in out[key]:
            incoming[target] += 1
    queue = deque(key for key, count in incoming.items() if count == 0)
    order: list[str] = []
    while queue:
        key = queue.popleft()
        order.append(key)
        for *_weights, target in out[key]:
            incoming[target] -= 1
            if incoming[target] == 0:
                queue.append(target)
    return order if len(order) == len(nodes) else None


def _has_zero_path(
    start: str, endings: set[str], out: Mapping[str, list[_Edge]]
) -> bool:
    """Whether a run can reach an ending where nothing could have been earned."""
    seen = {start}
    queue = deque(seen)
    while queue:
        key = queue.popleft()
        if key in endings:
            return True
        for _earned, least, _most, target in out[key]:
            if least == 0 and target not in seen:
                seen.add(target)
                queue.append(target)
    return False


def _dinkelbach(
    start: str,
    order: list[str],
    endings: set[str],
    out: Mapping[str, list[_Edge]],
    highest: bool,
) -> float:
    """The highest Σe/Σc_min, or the lowest Σe/Σc_max, over complete paths.

    The lowest is found as the highest of Σ(−e)/Σ(−c_max), so one maximising
    pass serves both; the ratio of the path found is the same either way.
    """
    sign = 1.0 if highest else -1.0
    plan = [
        (
            key,
            None
            if key in endings
            else [
                (sign * earned, sign * (least if highest else most), target)
                for earned, least, most, target in out[key]
            ],
        )
        for key in reversed(order)
    ]
    ratio = 0.0 if highest else 1.0
    for _ in range(_MAX_PASSES):
        gain, earned, could = _best_path(plan, ratio)[start]
        if gain <= _TOLERANCE:
            break
        ratio = earned / could  # could ≠ 0: a path with could == 0 has gain 0
    return ratio


def _best_path(
    plan: list[tuple[str, list[tuple[float, float, str]] | None]], ratio: float
) -> dict[str, tuple[float, float, float]]:
    """Per step, the path to an ending with the most Σ(e − ratio·c), and its sums.

    ``plan`` lists the steps successors first, with their (e, c, target) edges
    (``None`` for an ending).
    """
    best: dict[str, tuple[float, float, float]] = {}
    for key, edges in plan:
        if edges is None:
            best[key] = (0.0, 0.0, 0.0)
            continue
        top = (-math.inf, 0.0, 0.0)
        for earned, could, target in edges:
            gain, total_earned, total_could = best[target]
            gain += earned - ratio * could
            if gain > top[0]:
                top = (gain, total_earned + earned, total_could + could)
        best[key] = top
    return best


def _single_choice_bounds(out: Mapping[str, list[_Edge]]) -> tuple[float, float]:
    edges = [edge for step_edges in out.values() for edge in step_edges]
    highs = [earned / least for earned, least, _most, _t in edges if least > 0]
    lows = [earned / most for earned, _least, most, _t in edges if most > 0]
    return (min(lows, default=1.0), max(highs, default=1.0))
