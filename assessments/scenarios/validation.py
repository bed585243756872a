"""Checking a scenario definition for the admin: parse, validate, translate.

``scenario_check`` runs the pure engine (``parse_definition`` then ``validate``)
and adds the one check the engine cannot make because media are not part of the
definition: audio needs a transcript. ``CheckResult`` carries the problems with
their Dutch texts, which name the steps, for the page's ``clean`` (errors block
publishing), the admin panel and the map.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from assessments.scenarios.engine import (
    DefinitionError,
    Problem,
    Scenario,
    ValidationReport,
    parse_definition,
    validate,
)
from assessments.scenarios.problem_messages import problem_text


@dataclass(frozen=True, kw_only=True)
class CheckedProblem:
    problem: Problem
    text: str

    @property
    def is_error(self) -> bool:
        return self.problem.severity == "error"


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    scenario: Scenario | None  # None when the definition is malformed
    report: ValidationReport | None
    problems: tuple[CheckedProblem, ...]

    @property
    def errors(self) -> list[str]:
        return [item.text for item in self.problems if item.is_error]

    @property
    def warnings(self) -> list[str]:
        return [item.text for item in self.problems if not item.is_error]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _media_problems(steps_raw: Iterable[Mapping[str, Any]]) -> list[CheckedProblem]:
    problems = []
    for block in steps_raw:
        value = block.get("value") or {}
        if value.get("audio") and not (value.get("media_transcript") or "").strip():
            key = value.get("key") or "?"
            problem = Problem(
                code="audio_without_transcript",
                severity="error",
                message=f"Step '{key}' has audio but no transcript.",
                step=key,
                params={"step": key, "title": value.get("title") or ""},
            )
            text = (
                _(
                    "Stap '%(step)s' (%(title)s) heeft een geluidsfragment maar geen "
                    "transcriptie: niet iedereen kan het horen."
                )
                % problem.params
            )
            problems.append(CheckedProblem(problem=problem, text=text))
    return problems


def scenario_check(
    definition: Mapping[str, Any],
    *,
    skills: Collection[str] | None = None,
    steps_raw: Iterable[Mapping[str, Any]] = (),
) -> CheckResult:
    """Everything wrong with a definition; ``skills``: the known skill tag keys."""
    extra = _media_problems(steps_raw)
    try:
        scenario = parse_definition(definition)
    except DefinitionError as error:
        problems = [
            CheckedProblem(problem=problem, text=problem_text(problem))
            for problem in error.problems
        ]
        return CheckResult(scenario=None, report=None, problems=(*problems, *extra))
    report = validate(scenario, skills=skills)
    problems = [
        CheckedProblem(problem=problem, text=problem_text(problem))
        for problem in report.problems
    ]
    return CheckResult(scenario=scenario, report=report, problems=(*problems, *extra))
