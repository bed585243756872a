"""Validation of a parsed scenario: every check an author needs before publishing.

``validate`` returns a ``ValidationReport`` whose problems name the steps (codes,
params and English messages in ``messages.MESSAGES``). Errors block
publishing; warnings are shown but allowed. Conditions are judged with the
interval reasoning of ``analysis`` (each variable stays within the values
its start, range and effects allow), so:

- a condition that can never hold is an error; one that always holds, a warning;
- edges behind a never-holding condition do not count for reachability;
- "every choice of a step can be hidden at once" is a warning: per variable, some
  value in its interval fails every condition on it (variables are independent),
  so it may warn about a combination that cannot really occur at that step.

The score range comes from ``score_range`` (see its method). All checks
are O(steps + choices), apart from sorting a step's conditions. Pure Python.
"""

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from assessments.scenarios.engine.analysis import (
    ALWAYS,
    NEVER,
    Analysis,
    analyse,
    first_uncovered,
    loops_among,
    satisfying,
)
from assessments.scenarios.engine.definition import Choice, Condition, Scenario, Step
from assessments.scenarios.engine.messages import Problem, make_problem, percent
from assessments.scenarios.engine.score_range import ScoreRange, score_range

# Tolerance for float error when comparing a score with the pass threshold.
PASS_EPSILON = 1e-9
_LOOP_KEYS_SHOWN = 8


@dataclass(frozen=True, kw_only=True)
class ValidationReport:
    problems: tuple[Problem, ...]
    score_range: ScoreRange | None  # None when no run can reach an ending
    reachable_steps: frozenset[str]  # reachable from the start
    finishing_steps: frozenset[str]  # some ending is reachable from them

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def for_step(self, key: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.step == key)

    def to_json(self) -> dict[str, Any]:
        return {
            "is_valid": self.is_valid,
            "problems": [problem.to_json() for problem in self.problems],
            "score_range": self.score_range and self.score_range.to_json(),
        }


def validate(
    scenario: Scenario, *, skills: Collection[str] | None = None
) -> ValidationReport:
    """Check a scenario; with ``skills``, tags outside that list are errors."""
    analysis = analyse(scenario)
    scores = score_range(scenario, analysis)
    problems = [
        *_settings(scenario),
        *_variables(scenario),
        *(
            problem
            for step in scenario.steps
            for problem in _step(scenario, step, analysis, skills)
        ),
        *_graph(scenario, analysis),
        *_threshold(scenario, scores),
    ]
    return ValidationReport(
        problems=tuple(problems),
        score_range=scores,
        reachable_steps=analysis.reachable,
        finishing_steps=analysis.finishing,
    )


def _settings(scenario: Scenario) -> Iterator[Problem]:
    for path in scenario.ignored_keys:
        yield make_problem("unknown_key", severity="warning", path=path)
    if scenario.max_points <= 0:
        yield make_problem("max_points_not_positive", max_points=scenario.max_points)
    if not 0 <= scenario.pass_threshold <= 1:
        yield make_problem(
            "pass_threshold_out_of_range", threshold=scenario.pass_threshold
        )
    start = scenario.step(scenario.start)
    if start is None:
        yield make_problem("start_missing", start=scenario.start)
    elif start.is_ending:
        yield make_problem(
            "start_is_ending", severity="warning", step=start.key, title=start.title
        )


def _variables(scenario: Scenario) -> Iterator[Problem]:
    for variable in scenario.variables:
        bounds = {"variable": variable.name, "min": variable.min, "max": variable.max}
        if variable.min > variable.max:
            yield make_problem("variable_range_empty", **bounds)
        elif not variable.min <= variable.start <= variable.max:
            yield make_problem(
                "variable_start_out_of_range", start=variable.start, **bounds
            )


def _step(
    scenario: Scenario,
    step: Step,
    analysis: Analysis,
    skills: Collection[str] | None,
) -> Iterator[Problem]:
    where = {"step": step.key, "title": step.title}
    if step.is_ending:
        if step.choices:
            yield make_problem("ending_has_choices", count=len(step.choices), **where)
        if not step.outcome:
            yield make_problem("ending_without_outcome", severity="warning", **where)
    for choice in step.choices:
        yield from _choice(scenario, choice, analysis, skills, where)
    if step.is_ending:
        return
    usable = [c for c in step.choices if analysis.classify(c.condition) != NEVER]
    if not step.choices:
        yield make_problem("dead_end", **where)
    elif not usable:
        yield make_problem("dead_end_all_hidden", count=len(step.choices), **where)
    else:
        example = _all_hidden_example(usable, analysis)
        if example is not None:
            yield make_problem(
                "choices_may_all_be_hidden",
                severity="warning",
                example=", ".join(f"{name} = {value}" for name, value in example),
                values=dict(example),
                **where,
            )


def _choice(
    scenario: Scenario,
    choice: Choice,
    analysis: Analysis,
    skills: Collection[str] | None,
    where: Mapping[str, Any],
) -> Iterator[Problem]:
    where = {**where, "choice": choice.key}
    known_steps = scenario.steps_by_key
    declared = scenario.variables_by_name
    if choice.target not in known_steps:
        yield make_problem("target_missing", target=choice.target, **where)
    if not 0 <= choice.points <= scenario.max_points:
        yield make_problem(
            "points_out_of_range",
            points=choice.points,
            max_points=scenario.max_points,
            **where,
        )
    for skill in choice.skills:
        if skills is not None and skill not in skills:
            yield make_problem("skill_unknown", skill=skill, **where)
    for name, _amount in choice.effects:
        if name not in declared:
            yield make_problem("effect_variable_undeclared", variable=name, **where)
    if choice.condition is not None:
        yield from _condition(scenario, "condition", choice.condition, analysis, where)
    for number, route in enumerate(choice.routes, start=1):
        route_where = {**where, "route": number, "target": route.target}
        if route.target not in known_steps:
            yield make_problem("route_target_missing", **route_where)
        yield from _condition(
            scenario,
            "route",
            route.condition,
            analysis,
            {**route_where, "default_target": choice.target},
        )


def _condition(
    scenario: Scenario,
    kind: str,
    condition: Condition,
    analysis: Analysis,
    where: Mapping[str, Any],
) -> Iterator[Problem]:
    """Undeclared variable, or never/always holding, for a choice or route."""
    variable = scenario.variables_by_name.get(condition.variable)
    if variable is None:
        yield make_problem(
            f"{kind}_variable_undeclared", variable=condition.variable, **where
        )
        return
    if variable.min > variable.max:
        return  # reported with the variable
    verdict = analysis.classify(condition)
    if verdict == NEVER or verdict == ALWAYS:
        low, high = analysis.ranges[variable.name]
        yield make_problem(
            f"{kind}_{'never' if verdict == NEVER else 'always'}_holds",
            severity="error" if verdict == NEVER else "warning",
            condition=str(condition),
            variable=variable.name,
            op=condition.op,
            value=condition.value,
            low=low,
            high=high,
            min=variable.min,
            max=variable.max,
            **where,
        )


def _all_hidden_example(
    usable: Iterable[Choice], analysis: Analysis
) -> list[tuple[str, int]] | None:
    """Values hiding every choice at once, or ``None`` if one is always shown."""
    by_variable: dict[str, list[Condition]] = {}
    for choice in usable:
        if choice.condition is None or analysis.classify(choice.condition) == ALWAYS:
            return None
        by_variable.setdefault(choice.condition.variable, []).append(choice.condition)
    example: list[tuple[str, int]] = []
    for name, conditions in by_variable.items():
        interval = analysis.ranges[name]
        parts = [part for c in conditions for part in satisfying(c, interval)]
        value = first_uncovered(parts, interval)
        if value is None:
            return None
        example.append((name, value))
    return example


def _graph(scenario: Scenario, analysis: Analysis) -> Iterator[Problem]:
    if scenario.start not in scenario.steps_by_key:
        return  # everything would be unreachable; start_missing says why
    for step in scenario.steps:
        if step.key not in analysis.reachable:
            yield make_problem(
                "unreachable", step=step.key, title=step.title, start=scenario.start
            )
    if not any(step.is_ending for step in scenario.steps):
        yield make_problem("no_ending")
        return
    stuck = [
        step
        for step in scenario.steps
        if step.key in analysis.reachable
        and step.key not in analysis.finishing
        and analysis.edges[step.key]  # steps without usable choices are dead ends
    ]
    loops = loops_among(
        [step.key for step in stuck],
        lambda key: (target for _choice, target in analysis.edges[key]),
    )
    for step in stuck:
        loop = loops.get(step.key)
        if loop is None:
            yield make_problem("no_path_to_ending", step=step.key, title=step.title)
            continue
        shown = ", ".join(loop[:_LOOP_KEYS_SHOWN])
        yield make_problem(
            "no_path_to_ending_loop",
            step=step.key,
            title=step.title,
            loop=shown + (", …" if len(loop) > _LOOP_KEYS_SHOWN else ""),
            loop_keys=list(loop),
        )


def _threshold(scenario: Scenario, scores: ScoreRange | None) -> Iterator[Problem]:
    if scores is None or not 0 <= scenario.pass_threshold <= 1:
        return
    threshold = scenario.pass_threshold
    shown = {"threshold": threshold, "threshold_percent": percent(threshold)}
    if scores.high < threshold - PASS_EPSILON:
        yield make_problem(
            "pass_threshold_unreachable",
            best=scores.high,
            best_percent=percent(scores.high),
            **shown,
        )
    elif threshold > 0 and scores.low >= threshold - PASS_EPSILON:
        yield make_problem(
            "pass_threshold_always_met",
            severity="warning",
            worst=scores.low,
            worst_percent=percent(scores.low),
            **shown,
        )
