"""Path analytics for trainers: how learners move through a scenario.

``scenario_stats`` folds attempts (each with the scenario version it was played
on) into starts, finishes, pass rate, per step how often each choice was taken,
the most common paths to an ending, and the steps where learners most often go
wrong: where the choice made scored less than the best choice offered there.
Step and choice labels come from the newest version; keys tie versions together.
Pure Python, one pass over the attempts.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assessments.scenarios.engine import Scenario

TOP_PATHS = 10
TROUBLE_MIN_VISITS = 1


@dataclass(frozen=True, kw_only=True)
class AttemptRow:
    scenario: Scenario  # the version it was played on
    finished: bool
    passed: bool | None
    state: Mapping[str, Any]  # State.to_json()


@dataclass(frozen=True, kw_only=True)
class ChoiceStat:
    key: str
    text: str
    points: float | None
    count: int
    percent: int  # of the choices made at this step


@dataclass(frozen=True, kw_only=True)
class StepStat:
    key: str
    title: str
    visits: int  # choices made here
    wrong: int  # choices made here scoring below the best offered
    choices: tuple[ChoiceStat, ...]

    @property
    def wrong_percent(self) -> int:
        return round(100 * self.wrong / self.visits) if self.visits else 0


@dataclass(frozen=True, kw_only=True)
class PathStat:
    keys: tuple[str, ...]
    titles: tuple[str, ...]
    count: int
    percent: int  # of finished attempts


@dataclass(frozen=True, kw_only=True)
class ScenarioStats:
    starts: int
    finishes: int
    passes: int
    steps: tuple[StepStat, ...]
    paths: tuple[PathStat, ...]
    trouble: tuple[StepStat, ...]  # most wrong first

    @property
    def pass_percent(self) -> int:
        return round(100 * self.passes / self.finishes) if self.finishes else 0

    @property
    def finish_percent(self) -> int:
        return round(100 * self.finishes / self.starts) if self.starts else 0


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def scenario_stats(
    *, scenario: Scenario, attempts: Iterable[AttemptRow]
) -> ScenarioStats:
    starts = finishes = passes = 0
    chosen: Counter[tuple[str, str]] = Counter()
    visits: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    paths: Counter[tuple[str, ...]] = Counter()
    extra_choice_text: dict[tuple[str, str], str] = {}
    for row in attempts:
        starts += 1
        path = row.state.get("path") or []
        for entry in path:
            step_key, choice_key = entry.get("step"), entry.get("choice")
            chosen[(step_key, choice_key)] += 1
            visits[step_key] += 1
            step = row.scenario.step(step_key)
            if step is None:
                continue
            choice = step.choice(choice_key)
            offered = [step.choice(key) for key in entry.get("offered") or []]
            best = max((c.points for c in offered if c is not None), default=0)
            if choice is not None:
                extra_choice_text.setdefault((step_key, choice_key), choice.text)
                if choice.points < best:
                    wrong[step_key] += 1
        if row.finished:
            finishes += 1
            passes += bool(row.passed)
            keys = tuple(entry.get("step") for entry in path)
            paths[(*keys, row.state.get("step"))] += 1
    steps = []
    known = {step.key for step in scenario.steps}
    for step in scenario.steps:
        if step.is_ending:
            continue
        keys = [choice.key for choice in step.choices]
        keys += sorted(c for (s, c) in chosen if s == step.key and c not in keys)
        choices = tuple(
            ChoiceStat(
                key=key,
                text=step.choice(key).text
                if step.choice(key)
                else extra_choice_text.get((step.key, key), key),
                points=step.choice(key).points if step.choice(key) else None,
                count=chosen[(step.key, key)],
                percent=_percent(chosen[(step.key, key)], visits[step.key]),
            )
            for key in keys
        )
        steps.append(
            StepStat(
                key=step.key,
                title=step.title,
                visits=visits[step.key],
                wrong=wrong[step.key],
                choices=choices,
            )
        )
    for key in sorted(k for k in visits if k not in known):  # removed steps
        steps.append(
            StepStat(
                key=key, title=key, visits=visits[key], wrong=wrong[key], choices=()
            )
        )

    def title(key: str) -> str:
        step = scenario.step(key)
        return step.title if step else key

    top = tuple(
        PathStat(
            keys=keys,
            titles=tuple(title(key) for key in keys),
            count=count,
            percent=_percent(count, finishes),
        )
        for keys, count in paths.most_common(TOP_PATHS)
    )
    trouble = tuple(
        sorted(
            (s for s in steps if s.visits >= TROUBLE_MIN_VISITS and s.wrong),
            key=lambda s: (-s.wrong_percent, -s.wrong, s.key),
        )
    )
    return ScenarioStats(
        starts=starts,
        finishes=finishes,
        passes=passes,
        steps=tuple(steps),
        paths=top,
        trouble=trouble,
    )


CSV_HEADER = (
    "stap",
    "staptitel",
    "keuze",
    "keuzetekst",
    "punten",
    "gekozen",
    "percentage",
    "stap_bezocht",
    "stap_fout_percentage",
)


def csv_rows(stats: ScenarioStats) -> Iterable[tuple]:
    """Rows for the CSV export: one per step and choice."""
    yield CSV_HEADER
    for step in stats.steps:
        for choice in step.choices or ():
            yield (
                step.key,
                step.title,
                choice.key,
                choice.text,
                "" if choice.points is None else f"{choice.points:g}",
                choice.count,
                choice.percent,
                step.visits,
                step.wrong_percent,
            )
