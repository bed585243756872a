"""Structural parsing of scenario definitions (docs/schemas.md, "Scenario definition").

``parse_definition`` turns the JSON shape into the frozen dataclasses of
``definition``. It checks structure only (required keys, types, duplicate
step, choice and variable keys, operators, outcomes) and collects every problem
before raising ``DefinitionError``; whether the graph makes sense is the job of
``checks.validate``. Optional keys may be absent or null. Keys it does not
know are kept in ``Scenario.ignored_keys`` (the validator warns about them) so a
typo such as ``taget`` does not pass silently. Pure Python: no Django.
"""

import math
from collections.abc import Callable, Mapping
from typing import Any

from assessments.scenarios.engine.definition import (
    CHOICE_KEYS,
    CONDITION_KEYS,
    OPERATORS,
    OUTCOMES,
    ROUTE_KEYS,
    SCHEMA_VERSION,
    STEP_KEYS,
    TOP_KEYS,
    VARIABLE_KEYS,
    Choice,
    Condition,
    DefinitionError,
    Route,
    Scenario,
    Step,
    Variable,
)
from assessments.scenarios.engine.messages import Problem, make_problem


def parse_definition(data: Mapping[str, Any]) -> Scenario:
    """Parse a scenario definition; raise ``DefinitionError`` listing all problems."""
    reader = _Reader()
    scenario = reader.scenario(data)
    if reader.problems or scenario is None:
        raise DefinitionError(reader.problems)
    return scenario


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


_KINDS: Mapping[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "name": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": _is_integer,
    "number": _is_number,
    "list": lambda value: isinstance(value, list | tuple),
    "mapping": lambda value: isinstance(value, Mapping),
}
_KIND_NAMES = {"name": "non-empty string"}
_REQUIRED = object()
_NOWHERE: Mapping[str, Any] = {}


class _Reader:
    """Reads one definition, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.ignored: list[str] = []

    def error(self, code: str, **params: Any) -> None:
        self.problems.append(make_problem(code, **params))

    def mapping(
        self, data: Any, path: str, known: frozenset[str], **where: Any
    ) -> Mapping[str, Any] | None:
        if not isinstance(data, Mapping):
            self.error("not_a_mapping", path=path, **where)
            return None
        self.ignored.extend(f"{path}.{key}" for key in data if key not in known)
        return data

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        kind: str,
        path: str,
        where: Mapping[str, Any] = _NOWHERE,
        default: Any = _REQUIRED,
    ) -> Any:
        """Value of ``key`` checked against ``kind``; ``None`` after a problem.

        ``where`` (step, choice) locates problems. Pass ``default=`` for an
        optional key; an optional key set to null also gives the default. Names
        ("name" kind: keys, titles) must be non-empty strings.
        """
        value = data.get(key)
        if value is None:
            if default is _REQUIRED:
                self.error("missing_key", path=path, key=key, **where)
            return None if default is _REQUIRED else default
        if not _KINDS[kind](value):
            self.error(
                "wrong_type",
                path=f"{path}.{key}",
                expected=_KIND_NAMES.get(kind, kind),
                actual=type(value).__name__,
                **where,
            )
            return None
        if kind == "name" and not value.strip():
            self.error("empty_value", path=f"{path}.{key}", **where)
            return None
        return value

    def scenario(self, data: Any) -> Scenario | None:
        path = "scenario"
        top = self.mapping(data, path, TOP_KEYS)
        if top is None:
            return None
        version = self.get(top, "schema_version", "integer", path)
        if version is not None and version != SCHEMA_VERSION:
            self.error(
                "unsupported_schema_version", version=version, expected=SCHEMA_VERSION
            )
        start = self.get(top, "start", "name", path)
        threshold = self.get(top, "pass_threshold", "number", path)
        max_points = self.get(top, "max_points", "number", path)
        allow_back = self.get(top, "allow_back", "boolean", path, default=False)
        variables = self.variables(self.get(top, "variables", "list", path, default=()))
        raw_steps = self.get(top, "steps", "list", path)
        steps = self.steps(raw_steps or ())
        if self.problems:
            return None
        return Scenario(
            start=start,
            pass_threshold=threshold,
            max_points=max_points,
            allow_back=allow_back,
            variables=variables,
            steps=steps,
            ignored_keys=tuple(self.ignored),
            schema_version=version,
        )

    def variables(self, raw: Any) -> tuple[Variable, ...]:
        variables: list[Variable] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            path = f"scenario.variables[{index}]"
            data = self.mapping(item, path, VARIABLE_KEYS)
            if data is None:
                continue
            name = self.get(data, "name", "name", path)
            label = self.get(data, "label", "string", path, default="")
            numbers = [
                self.get(data, key, "integer", path) for key in ("start", "min", "max")
            ]
            if name in seen:
                self.error("duplicate_variable", variable=name, path=path)
            if name is None or None in numbers or name in seen:
                continue
            seen.add(name)
            start, low, high = numbers
            variables.append(
                Variable(name=name, label=label or name, start=start, min=low, max=high)
            )
        return tuple(variables)

    def steps(self, raw: Any) -> tuple[Step, ...]:
        steps: list[Step] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            path = f"scenario.steps[{index}]"
            data = self.mapping(item, path, STEP_KEYS)
            if data is None:
                continue
            key = self.get(data, "key", "name", path)
            where = {"step": key}
            if key is not None and key in seen:
                self.error("duplicate_step", path=path, **where)
            seen.add(key)
            title = self.get(data, "title", "name", path, where)
            text = {
                name: self.get(data, name, "string", path, where, default="")
                for name in ("speaker", "text", "media_transcript", "debrief")
            }
            is_ending = self.get(
                data, "is_ending", "boolean", path, where, default=False
            )
            outcome = self.get(data, "outcome", "string", path, where, default="")
            if outcome and outcome not in OUTCOMES:
                self.error(
                    "bad_outcome",
                    path=f"{path}.outcome",
                    outcome=outcome,
                    allowed=", ".join(OUTCOMES),
                    **where,
                )
            raw_choices = self.get(data, "choices", "list", path, where, default=())
            choices = self.choices(raw_choices or (), path, key)
            if key is None or title is None:
                continue
            steps.append(
                Step(
                    key=key,
                    title=title,
                    is_ending=bool(is_ending),
                    outcome=outcome or "",
                    choices=choices,
                    **{name: value or "" for name, value in text.items()},
                )
            )
        return tuple(steps)

    def choices(self, raw: Any, step_path: str, step: str | None) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            path = f"{step_path}.choices[{index}]"
            data = self.mapping(item, path, CHOICE_KEYS, step=step)
            if data is None:
                continue
            key = self.get(data, "key", "name", path, {"step": step})
            where = {"step": step, "choice": key}
            if key is not None and key in seen:
                self.error("duplicate_choice", path=path, **where)
            seen.add(key)
            text = self.get(data, "text", "name", path, where)
            target = self.get(data, "target", "name", path, where)
            routes = self.routes(
                self.get(data, "routes", "list", path, where, default=()) or (),
                path,
                where,
            )
            raw_condition = self.get(
                data, "condition", "mapping", path, where, default=None
            )
            condition = (
                None
                if raw_condition is None
                else self.condition(raw_condition, f"{path}.condition", where)
            )
            effects = self.effects(
                self.get(data, "effects", "mapping", path, where, default={}) or {},
                f"{path}.effects",
                where,
            )
            skills = self.get(data, "skills", "list", path, where, default=()) or ()
            for position, skill in enumerate(skills):
                if not isinstance(skill, str) or not skill.strip():
                    self.error(
                        "wrong_type",
                        path=f"{path}.skills[{position}]",
                        expected=_KIND_NAMES["name"],
                        actual=type(skill).__name__,
                        **where,
                    )
            points = self.get(data, "points", "number", path, where, default=0)
            feedback = self.get(data, "feedback", "string", path, where, default="")
            if None in (key, text, target, points) or self.problems:
                continue
            choices.append(
                Choice(
                    key=key,
                    text=text,
                    target=target,
                    routes=routes,
                    condition=condition,
                    effects=effects,
                    skills=tuple(skills),
                    points=points,
                    feedback=feedback,
                )
            )
        return tuple(choices)

    def routes(
        self, raw: Any, choice_path: str, where: dict[str, Any]
    ) -> tuple[Route, ...]:
        routes: list[Route] = []
        for index, item in enumerate(raw):
            path = f"{choice_path}.routes[{index}]"
            data = self.mapping(item, path, ROUTE_KEYS, **where)
            if data is None:
                continue
            raw_condition = self.get(data, "condition", "mapping", path, where)
            target = self.get(data, "target", "name", path, where)
            condition = (
                None
                if raw_condition is None
                else self.condition(raw_condition, f"{path}.condition", where)
            )
            if condition is not None and target is not None:
                routes.append(Route(condition=condition, target=target))
        return tuple(routes)

    def condition(
        self, data: Mapping[str, Any], path: str, where: dict[str, Any]
    ) -> Condition | None:
        self.mapping(data, path, CONDITION_KEYS, **where)
        variable = self.get(data, "variable", "name", path, where)
        op = self.get(data, "op", "string", path, where)
        value = self.get(data, "value", "integer", path, where)
        if op is not None and op not in OPERATORS:
            self.error(
                "bad_operator",
                path=f"{path}.op",
                op=op,
                allowed=" ".join(OPERATORS),
                **where,
            )
            return None
        if None in (variable, op, value):
            return None
        return Condition(variable=variable, op=op, value=value)

    def effects(
        self, data: Mapping[str, Any], path: str, where: dict[str, Any]
    ) -> tuple[tuple[str, int], ...]:
        effects: list[tuple[str, int]] = []
        for name, amount in data.items():
            if not isinstance(name, str) or not name.strip():
                self.error("empty_value", path=f"{path} (variable name)", **where)
            elif not _is_integer(amount):
                self.error(
                    "wrong_type",
                    path=f"{path}.{name}",
                    expected="integer",
                    actual=type(amount).__name__,
                    **where,
                )
            else:
                effects.append((name, amount))
        return tuple(effects)
