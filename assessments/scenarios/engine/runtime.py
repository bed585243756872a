"""Playing a scenario: the learner's state and the moves the player allows.

A ``State`` is the current step, the variable values and the path so far. Each
``PathEntry`` records a step passed: the choice made, the keys of every choice that
was offered there (conditions depend on state, so scoring needs them to know what
could have been earned) and the variable values when the step was shown (so "back"
can restore them). ``State.to_json``/``State.from_json`` give the stored shape::

    {"schema_version": 1, "step": "s3", "values": {"vertrouwen": 3},
     "path": [{"step": "s1", "choice": "c1", "offered": ["c1", "c2"],
               "values": {"vertrouwen": 2}}, ...]}

Rules: a choice is offered when it has no condition or its condition holds for the
current values. Choosing adds the choice's effects and clamps each changed variable
to its range; the next step is the target of the first route whose condition holds
for the new values, else the choice's target. Nothing is offered at an ending.
``go_back`` works only when the scenario allows it, never from an ending (the run
is finished) and never before the first choice; it drops the last entry from the
path, so the undone choice is not scored.

Every refusal raises a ``ScenarioError`` subclass with a stable ``code`` and leaves
the given state untouched (states are immutable). Pure Python: no Django.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessments.scenarios.engine.definition import Choice, Scenario, Step

STATE_SCHEMA_VERSION = 1

Values = tuple[tuple[str, int], ...]  # (variable, value) in declaration order


class ScenarioError(Exception):
    """A move or state the scenario does not allow; ``code`` is stable."""

    code = "scenario_error"

    def __init__(self, message: str, **params: Any) -> None:
        self.params = params
        super().__init__(message)


class ChoiceNotAvailable(ScenarioError):
    """The choice is not offered at the current step (unknown, hidden, ending)."""

    code = "choice_not_available"


class CannotGoBack(ScenarioError):
    """Back is not allowed here (scenario forbids it, at the start, finished)."""

    code = "cannot_go_back"


class InvalidState(ScenarioError):
    """A stored state that does not fit the scenario or the state shape."""

    code = "invalid_state"


@dataclass(frozen=True, kw_only=True, slots=True)
class PathEntry:
    step: str
    choice: str
    offered: tuple[str, ...]  # keys of the choices offered, in step order
    values: Values  # variable values when the step was shown

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "choice": self.choice,
            "offered": list(self.offered),
            "values": dict(self.values),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class State:
    step: str
    values: Values
    path: tuple[PathEntry, ...] = ()
    schema_version: int = STATE_SCHEMA_VERSION

    @property
    def variables(self) -> dict[str, int]:
        return dict(self.values)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "step": self.step,
            "values": dict(self.values),
            "path": [entry.to_json() for entry in self.path],
        }

    @classmethod
    def from_json(cls, data: Any) -> "State":
        """Rebuild a stored state; raise ``InvalidState`` if its shape is wrong."""
        try:
            if data["schema_version"] != STATE_SCHEMA_VERSION:
                raise InvalidState(
                    "Unsupported state version.", version=data["schema_version"]
                )
            path = tuple(
                PathEntry(
                    step=_text(entry["step"]),
                    choice=_text(entry["choice"]),
                    offered=tuple(_text(key) for key in _list(entry["offered"])),
                    values=_values(entry["values"]),
                )
                for entry in _list(data["path"])
            )
            return cls(
                step=_text(data["step"]), values=_values(data["values"]), path=path
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidState(f"Malformed state: {error!r}") from error


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _list(value: Any) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _values(value: Any) -> Values:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a mapping, got {type(value).__name__}")
    for name, number in value.items():
        if (
            not isinstance(name, str)
            or not isinstance(number, int)
            or (isinstance(number, bool))
        ):
            raise TypeError(f"bad variable value {name!r}: {number!r}")
    return tuple(value.items())


def initial_state(scenario: Scenario) -> State:
    """The state before the first choice: start step, start values, empty path."""
    return State(
        step=scenario.start,
        values=tuple((v.name, v.start) for v in scenario.variables),
    )


def current_step(scenario: Scenario, state: State) -> Step:
    """The step the state is at; ``InvalidState`` if it does not fit the scenario."""
    step = scenario.step(state.step)
    if step is None:
        raise InvalidState("The state's step is not in the scenario.", step=state.step)
    # Compared as sets: PostgreSQL's jsonb gives a stored state's values back in
    # its own key order (by length, then bytes), not the scenario's.
    if sorted(name for name, _value in state.values) != sorted(
        variable.name for variable in scenario.variables
    ):
        raise InvalidState("The state's variables do not fit the scenario.")
    return step


def is_finished(scenario: Scenario, state: State) -> bool:
    return current_step(scenario, state).is_ending


def available_choices(scenario: Scenario, state: State) -> list[Choice]:
    """The choices offered at the current step; none at an ending."""
    step = current_step(scenario, state)
    if step.is_ending:
        return []
    values = dict(state.values)
    return [
        choice
        for choice in step.choices
        if choice.condition is None or choice.condition.holds(values)
    ]


def apply_choice(scenario: Scenario, state: State, choice_key: str) -> State:
    """The state after choosing ``choice_key`` at the current step.

    Raises ``ChoiceNotAvailable`` when the step is an ending or the key is not
    offered there (unknown, from another step, or hidden by its condition), and
    ``InvalidState`` when the state or the choice's destination does not fit.
    """
    step = current_step(scenario, state)
    where = {"step": step.key, "choice": choice_key}
    if step.is_ending:
        raise ChoiceNotAvailable("The scenario has ended.", reason="ending", **where)
    offered = available_choices(scenario, state)
    chosen = next((choice for choice in offered if choice.key == choice_key), None)
    if chosen is None:
        reason = "hidden" if step.choice(choice_key) is not None else "unknown"
        raise ChoiceNotAvailable(
            "This choice is not offered at this step.", reason=reason, **where
        )
    values = dict(state.values)
    for name, amount in chosen.effects:
        variable = scenario.variables_by_name.get(name)
        if variable is not None:
            values[name] = variable.clamp(values[name] + amount)
    target = next(
        (route.target for route in chosen.routes if route.condition.holds(values)),
        chosen.target,
    )
    if scenario.step(target) is None:
        raise InvalidState(
            "The choice leads to a missing step.", target=target, **where
        )
    entry = PathEntry(
        step=step.key,
        choice=chosen.key,
        offered=tuple(choice.key for choice in offered),
        values=state.values,
    )
    return State(step=target, values=tuple(values.items()), path=(*state.path, entry))


def can_go_back(scenario: Scenario, state: State) -> bool:
    return (
        scenario.allow_back
        and bool(state.path)
        and not current_step(scenario, state).is_ending
    )


def go_back(scenario: Scenario, state: State) -> State:
    """The state before the last choice; ``CannotGoBack`` where that is refused."""
    if not scenario.allow_back:
        raise CannotGoBack(
            "This scenario does not allow going back.", reason="forbidden"
        )
    if current_step(scenario, state).is_ending:
        raise CannotGoBack("The scenario has ended.", reason="finished")
    if not state.path:
        raise CannotGoBack("There is no earlier step.", reason="at_start")
    last = state.path[-1]
    return State(step=last.step, values=last.values, path=state.path[:-1])
