"""What the player templates show, built from a scenario and a state.

Shared by the learner's player, the admin preview and the trainers' transcript
view, so all three show a step, the feedback and a path the same way. Pure
Python on the engine's types; templates get these dataclasses and run no logic.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessments.scenarios.engine import (
    Choice,
    Scenario,
    State,
    Step,
    available_choices,
    can_go_back,
    current_step,
)


@dataclass(frozen=True, kw_only=True)
class LastChoice:
    """The choice just made, for the feedback at the top of the next page."""

    step_title: str
    choice_text: str
    feedback: str


@dataclass(frozen=True, kw_only=True)
class StepScreen:
    step: Step
    choices: tuple[Choice, ...]
    number: int  # 1-based position along the path
    last: LastChoice | None
    can_go_back: bool


@dataclass(frozen=True, kw_only=True)
class PathItem:
    number: int
    step: Step
    choice: Choice
    best_points: float  # the best points among the choices offered there
    skills: tuple[str, ...]  # labels of the chosen choice's skill tags

    @property
    def was_best(self) -> bool:
        return self.choice.points >= self.best_points


@dataclass(frozen=True, kw_only=True)
class SkillRow:
    key: str
    label: str
    percent: int  # 0–100
    earned: float
    possible: float


def last_choice(scenario: Scenario, state: State) -> LastChoice | None:
    if not state.path:
        return None
    entry = state.path[-1]
    step = scenario.step(entry.step)
    choice = step.choice(entry.choice) if step else None
    if step is None or choice is None:
        return None
    return LastChoice(
        step_title=step.title, choice_text=choice.text, feedback=choice.feedback
    )


def step_screen(scenario: Scenario, state: State) -> StepScreen:
    """The current step with the choices offered now; raises ``InvalidState``
    when the state does not fit the scenario."""
    return StepScreen(
        step=current_step(scenario, state),
        choices=tuple(available_choices(scenario, state)),
        number=len(state.path) + 1,
        last=last_choice(scenario, state),
        can_go_back=can_go_back(scenario, state),
    )


def path_items(
    scenario: Scenario, state: State, skill_labels: Mapping[str, str]
) -> list[PathItem]:
    """The learner's path: each step passed with the choice made and its feedback.
    Entries that no longer fit the scenario are left out."""
    items = []
    for number, entry in enumerate(state.path, start=1):
        step = scenario.step(entry.step)
        choice = step.choice(entry.choice) if step else None
        if step is None or choice is None:
            continue
        offered = [step.choice(key) for key in entry.offered]
        best = max((c.points for c in offered if c is not None), default=0)
        items.append(
            PathItem(
                number=number,
                step=step,
                choice=choice,
                best_points=best,
                skills=tuple(skill_labels.get(key, key) for key in choice.skills),
            )
        )
    return items


def skill_rows(
    scores: Mapping[str, Any] | None, skill_labels: Mapping[str, str]
) -> list[SkillRow]:
    """Per-skill scores of a finished attempt (``ScenarioAttempt.scores``)."""
    rows = []
    for skill in (scores or {}).get("skills", []):
        rows.append(
            SkillRow(
                key=skill["skill"],
                label=skill_labels.get(skill["skill"], skill["skill"]),
                percent=round(100 * skill["ratio"]),
                earned=skill["earned"],
                possible=skill["possible"],
            )
        )
    return rows
