"""Rubric scoring of a played scenario path (docs/schemas.md, "Scoring").

``score_path`` reads the ``PathEntry`` records of a ``State``: at every step passed
the learner earns the points of the choice made, and could have earned the best
points among the choices offered there (``PathEntry.offered``: conditions change
what is offered, so the record, not the definition, says what was on screen). The
overall score is earned / could-have-earned. Per skill tag, the same ratio over
the steps where an offered choice carries the tag: could-have-earned is the best
points among the offered choices with that tag, earned is the learner's points if
their choice carries it, else 0. Nothing to earn (0/0) counts as 1, full marks.
``passed`` compares with the pass threshold, tolerant of float error. Pure Python.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assessments.scenarios.engine.definition import Choice, Scenario
from assessments.scenarios.engine.runtime import PathEntry, ScenarioError

PASS_EPSILON = 1e-9


class InvalidPath(ScenarioError):
    """A path entry names a step or choice the scenario does not have."""

    code = "invalid_path"


@dataclass(frozen=True, kw_only=True, slots=True)
class SkillScore:
    skill: str
    earned: float
    possible: float
    ratio: float  # 0–1

    def to_json(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "earned": self.earned,
            "possible": self.possible,
            "ratio": self.ratio,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class ScoreReport:
    earned: float
    possible: float
    ratio: float  # 0–1, the overall score
    passed: bool
    pass_threshold: float  # 0–1, as graded against
    skills: tuple[SkillScore, ...]  # in order of first offer along the path

    def to_json(self) -> dict[str, Any]:
        return {
            "earned": self.earned,
            "possible": self.possible,
            "ratio": self.ratio,
            "passed": self.passed,
            "pass_threshold": self.pass_threshold,
            "skills": [skill.to_json() for skill in self.skills],
        }


def score_path(scenario: Scenario, path: Sequence[PathEntry]) -> ScoreReport:
    """Score a path; ``InvalidPath`` if an entry does not fit the scenario."""
    earned = possible = 0.0
    by_skill: dict[str, list[float]] = {}  # skill → [earned, possible]
    for entry in path:
        chosen, offered = _resolve(scenario, entry)
        earned += chosen.points
        possible += max(choice.points for choice in offered)
        best_by_skill: dict[str, float] = {}
        for choice in offered:
            for skill in choice.skills:
                best_by_skill[skill] = max(best_by_skill.get(skill, 0), choice.points)
        for skill, best in best_by_skill.items():
            totals = by_skill.setdefault(skill, [0.0, 0.0])
            totals[0] += chosen.points if skill in chosen.skills else 0
            totals[1] += best
    ratio = _ratio(earned, possible)
    return ScoreReport(
        earned=earned,
        possible=possible,
        ratio=ratio,
        passed=ratio >= scenario.pass_threshold - PASS_EPSILON,
        pass_threshold=scenario.pass_threshold,
        skills=tuple(
            SkillScore(
                skill=skill, earned=got, possible=could, ratio=_ratio(got, could)
            )
            for skill, (got, could) in by_skill.items()
        ),
    )


def _ratio(earned: float, possible: float) -> float:
    return earned / possible if possible > 0 else 1.0


def _resolve(scenario: Scenario, entry: PathEntry) -> tuple[Choice, list[Choice]]:
    step = scenario.step(entry.step)
    if step is None:
        raise InvalidPath("The path names an unknown step.", step=entry.step)
    offered = [step.choice(key) for key in entry.offered]
    if None in offered or entry.choice not in entry.offered:
        raise InvalidPath(
            "The path names a choice that was not offered.",
            step=entry.step,
            choice=entry.choice,
        )
    return step.choice(entry.choice), offered
