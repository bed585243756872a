"""Problems found in a scenario definition, with stable codes and English messages.

Both the structural parser (``definition``) and the graph validator
(``checks``) report a ``Problem``: a stable ``code``, a ``severity``, the
step and choice it concerns, ``params`` holding every value its message uses, and
the English ``message``. The Django layer translates by looking the code up in
``MESSAGES`` (the English source strings) and formatting the translation with
``params``. Pure Python: no Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

_IN_CHOICE = "choice '%(choice)s' of step '%(step)s' (%(title)s)"

MESSAGES: Mapping[str, str] = {
    # Structure (parse_definition raises DefinitionError with these).
    "not_a_mapping": "%(path)s must be a mapping of keys to values.",
    "missing_key": "%(path)s is missing the required key '%(key)s'.",
    "wrong_type": "%(path)s must be of type %(expected)s, not %(actual)s.",
    "empty_value": "%(path)s must not be empty.",
    "unsupported_schema_version": (
        "schema_version %(version)s is not supported; expected %(expected)s."
    ),
    "duplicate_step": "Step key '%(step)s' is used more than once (%(path)s).",
    "duplicate_choice": (
        "Choice key '%(choice)s' is used more than once in step '%(step)s' (%(path)s)."
    ),
    "duplicate_variable": (
        "Variable '%(variable)s' is declared more than once (%(path)s)."
    ),
    "bad_operator": "%(path)s: unknown operator '%(op)s'; use one of %(allowed)s.",
    "bad_outcome": ("%(path)s: unknown outcome '%(outcome)s'; use one of %(allowed)s."),
    # Settings and variables (validate).
    "unknown_key": "%(path)s is not a known key and is ignored.",
    "start_missing": "The start step '%(start)s' does not exist.",
    "start_is_ending": (
        "The start step '%(step)s' (%(title)s) is an ending: nothing can be practised."
    ),
    "max_points_not_positive": "max_points must be above 0; it is %(max_points)s.",
    "pass_threshold_out_of_range": (
        "pass_threshold must be between 0 and 1; it is %(threshold)s."
    ),
    "variable_range_empty": (
        "Variable '%(variable)s' has a minimum (%(min)s) above its maximum (%(max)s)."
    ),
    "variable_start_out_of_range": (
        "Variable '%(variable)s' starts at %(start)s, outside its range "
        "%(min)s to %(max)s."
    ),
    "skill_unknown": f"The {_IN_CHOICE} has the unknown skill tag '%(skill)s'.",
    # Choices, conditions and routes.
    "target_missing": (
        f"The {_IN_CHOICE} leads to step '%(target)s', which does not exist."
    ),
    "route_target_missing": (
        f"Route %(route)s of the {_IN_CHOICE} leads to step '%(target)s', "
        "which does not exist."
    ),
    "points_out_of_range": (
        f"The {_IN_CHOICE} gives %(points)s points, outside 0 to %(max_points)s."
    ),
    "condition_variable_undeclared": (
        f"The condition of the {_IN_CHOICE} uses the undeclared variable "
        "'%(variable)s'."
    ),
    "route_variable_undeclared": (
        f"Route %(route)s of the {_IN_CHOICE} uses the undeclared variable "
        "'%(variable)s'."
    ),
    "effect_variable_undeclared": (
        f"The {_IN_CHOICE} changes the undeclared variable '%(variable)s'."
    ),
    "condition_never_holds": (
        f"The condition '%(condition)s' of the {_IN_CHOICE} can never hold "
        "(%(variable)s stays between %(low)s and %(high)s): the choice is never "
        "shown."
    ),
    "condition_always_holds": (
        f"The condition '%(condition)s' of the {_IN_CHOICE} always holds "
        "(%(variable)s stays between %(low)s and %(high)s)."
    ),
    "route_never_holds": (
        f"Route %(route)s ('%(condition)s') of the {_IN_CHOICE} can never hold "
        "(%(variable)s stays between %(low)s and %(high)s): it never leads to "
        "'%(target)s'."
    ),
    "route_always_holds": (
        f"Route %(route)s ('%(condition)s') of the {_IN_CHOICE} always holds "
        "(%(variable)s stays between %(low)s and %(high)s): the routes after it "
        "and the default target '%(default_target)s' are never used."
    ),
    # Steps and the graph.
    "ending_has_choices": (
        "Step '%(step)s' (%(title)s) is an ending but has %(count)s choices."
    ),
    "ending_without_outcome": (
        "Ending '%(step)s' (%(title)s) has no outcome (positive, neutral or negative)."
    ),
    "dead_end": (
        "Step '%(step)s' (%(title)s) is not an ending and has no choices: "
        "learners get stuck there."
    ),
    "dead_end_all_hidden": (
        "Step '%(step)s' (%(title)s) is not an ending and none of its %(count)s "
        "choices can ever be shown: learners get stuck there."
    ),
    "choices_may_all_be_hidden": (
        "In step '%(step)s' (%(title)s) every choice can be hidden at once "
        "(for example when %(example)s): learners could get stuck there."
    ),
    "unreachable": (
        "Step '%(step)s' (%(title)s) cannot be reached from the start step '%(start)s'."
    ),
    "no_ending": "The scenario has no ending.",
    "no_path_to_ending": (
        "From step '%(step)s' (%(title)s) no path leads to an ending."
    ),
    "no_path_to_ending_loop": (
        "Step '%(step)s' (%(title)s) is in a loop without an exit (steps "
        "%(loop)s): no path leads to an ending."
    ),
    # Score range.
    "pass_threshold_unreachable": (
        "The pass threshold (%(threshold_percent)s) can never be reached: the best "
        "possible score is %(best_percent)s."
    ),
    "pass_threshold_always_met": (
        "Every path scores at least %(worst_percent)s, which meets the pass "
        "threshold (%(threshold_percent)s): nobody can fail."
    ),
}


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One finding: ``params`` holds every value that ``message`` uses."""

    code: str
    severity: Severity
    message: str
    step: str | None = None
    choice: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "step": self.step,
            "choice": self.choice,
            "params": dict(self.params),
            "message": self.message,
        }


def make_problem(
    code: str,
    *,
    severity: Severity = "error",
    step: str | None = None,
    choice: str | None = None,
    **params: Any,
) -> Problem:
    """Build a problem; ``step`` and ``choice`` also go into ``params``."""
    if step is not None:
        params.setdefault("step", step)
    if choice is not None:
        params.setdefault("choice", choice)
    return Problem(
        code=code,
        severity=severity,
        message=MESSAGES[code] % params,
        step=step,
        choice=choice,
        params=params,
    )


def percent(ratio: float) -> str:
    """A 0–1 ratio as a whole or one-decimal percentage, e.g. ``62.5%``."""
    value = round(ratio * 100, 1)
    return f"{value:g}%"
