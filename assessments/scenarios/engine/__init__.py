"""Branching conversation scenarios: parsing, validation, playing and scoring.

The one import for the Django layer; pure Python, no Django or database. The
definition shape is docs/schemas.md, "Scenario definition".

- ``parse_definition(data)`` → ``Scenario`` or ``DefinitionError(problems)``:
  structure only (``parse``).
- ``validate(scenario, skills=None)`` → ``ValidationReport``: problems naming the
  steps, reachability, termination, conditions by interval reasoning and the score
  range (``checks``, ``analysis``, ``score_range``).
  Publish only when ``report.is_valid``.
- ``initial_state``, ``available_choices``, ``apply_choice``, ``go_back``: the
  player's moves on an immutable, JSON-serialisable ``State``
  (``runtime``). Refusals raise ``ScenarioError`` subclasses.
- ``score_path(scenario, state.path)`` → ``ScoreReport`` (``scoring``).

Problems carry a stable ``code`` and ``params``; ``MESSAGES`` holds the English
source of every message for translation.
"""

from assessments.scenarios.engine.analysis import bfs_depths
from assessments.scenarios.engine.checks import ValidationReport, validate
from assessments.scenarios.engine.definition import (
    OPERATORS,
    OUTCOMES,
    SCHEMA_VERSION,
    Choice,
    Condition,
    DefinitionError,
    Route,
    Scenario,
    Step,
    Variable,
)
from assessments.scenarios.engine.messages import MESSAGES, Problem
from assessments.scenarios.engine.parse import parse_definition
from assessments.scenarios.engine.runtime import (
    STATE_SCHEMA_VERSION,
    CannotGoBack,
    ChoiceNotAvailable,
    InvalidState,
    PathEntry,
    ScenarioError,
    State,
    apply_choice,
    available_choices,
    can_go_back,
    current_step,
    go_back,
    initial_state,
    is_finished,
)
from assessments.scenarios.engine.score_range import ScoreRange
from assessments.scenarios.engine.scoring import (
    InvalidPath,
    ScoreReport,
    SkillScore,
    score_path,
)

__all__ = [
    "MESSAGES",
    "OPERATORS",
    "OUTCOMES",
    "SCHEMA_VERSION",
    "STATE_SCHEMA_VERSION",
    "CannotGoBack",
    "Choice",
    "ChoiceNotAvailable",
    "Condition",
    "DefinitionError",
    "InvalidPath",
    "InvalidState",
    "PathEntry",
    "Problem",
    "Route",
    "Scenario",
    "ScenarioError",
    "ScoreRange",
    "ScoreReport",
    "SkillScore",
    "State",
    "Step",
    "ValidationReport",
    "Variable",
    "apply_choice",
    "bfs_depths",
    "available_choices",
    "can_go_back",
    "current_step",
    "go_back",
    "initial_state",
    "is_finished",
    "parse_definition",
    "score_path",
    "validate",
]
