"""Scenario definitions: the typed, immutable form of the scenario JSON.

The "Scenario definition" shape of docs/schemas.md as frozen dataclasses
(``Scenario`` > ``Step`` > ``Choice`` > ``Route``/``Condition``, plus ``Variable``),
which ``parse.parse_definition`` builds and the validator, the runtime and
scoring read. Variable values, starts, ranges, effects and condition values are
whole numbers. Pure Python: no Django.
"""

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from assessments.scenarios.engine.messages import Problem

SCHEMA_VERSION = 1
OPERATORS: Mapping[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}
OUTCOMES = ("positive", "neutral", "negative")

TOP_KEYS = frozenset(
    {"schema_version", "start", "pass_threshold", "allow_back", "max_points"}
    | {"variables", "steps"}
)
VARIABLE_KEYS = frozenset({"name", "label", "start", "min", "max"})
STEP_KEYS = frozenset(
    {"key", "title", "speaker", "text", "media_transcript", "is_ending"}
    | {"outcome", "debrief", "choices"}
)
CHOICE_KEYS = frozenset(
    {"key", "text", "target", "routes", "condition", "effects", "skills"}
    | {"points", "feedback"}
)
ROUTE_KEYS = frozenset({"condition", "target"})
CONDITION_KEYS = frozenset({"variable", "op", "value"})


class DefinitionError(ValueError):
    """The definition is malformed; ``problems`` lists every structural problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


@dataclass(frozen=True, kw_only=True, slots=True)
class Condition:
    variable: str
    op: str  # one of OPERATORS
    value: int

    def holds(self, values: Mapping[str, int]) -> bool:
        """Whether it holds for these values; an unknown variable never holds."""
        current = values.get(self.variable)
        return current is not None and OPERATORS[self.op](current, self.value)

    def __str__(self) -> str:
        return f"{self.variable} {self.op} {self.value}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Route:
    condition: Condition
    target: str  # step key


@dataclass(frozen=True, kw_only=True, slots=True)
class Choice:
    key: str
    text: str
    target: str  # step key, used when no route's condition holds
    routes: tuple[Route, ...] = ()  # checked in order, after the effects
    condition: Condition | None = None  # offered only when it holds
    effects: tuple[tuple[str, int], ...] = ()  # (variable, amount added)
    skills: tuple[str, ...] = ()
    points: float = 0  # 0..Scenario.max_points
    feedback: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    key: str
    title: str
    speaker: str = ""
    text: str = ""  # HTML
    media_transcript: str = ""
    is_ending: bool = False
    outcome: str = ""  # endings: one of OUTCOMES
    debrief: str = ""  # endings, HTML
    choices: tuple[Choice, ...] = ()

    def choice(self, key: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.key == key), None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Variable:
    name: str
    label: str
    start: int
    min: int
    max: int

    def clamp(self, value: int) -> int:
        return max(self.min, min(self.max, value))


@dataclass(frozen=True, kw_only=True)
class Scenario:
    start: str
    pass_threshold: float  # 0–1 of the overall score
    max_points: float  # a choice scores 0..max_points
    allow_back: bool = False
    variables: tuple[Variable, ...] = ()
    steps: tuple[Step, ...] = ()
    ignored_keys: tuple[str, ...] = ()  # paths of unknown keys, e.g. "steps[2].taget"
    schema_version: int = SCHEMA_VERSION

    @cached_property
    def steps_by_key(self) -> Mapping[str, Step]:
        return {step.key: step for step in self.steps}

    @cached_property
    def variables_by_name(self) -> Mapping[str, Variable]:
        return {variable.name: variable for variable in self.variables}

    def step(self, key: str) -> Step | None:
        return self.steps_by_key.get(key)
