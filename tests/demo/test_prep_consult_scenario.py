"""Course 2's PrEP consultation: asking when it happened decides what is still
possible (PEP within 72 hours, the Centrum Seksueel Geweld within 7 days), so
no run reaches the good ending without that question. Every run of the YAML
definition is walked with the scenario runtime; no database."""

from pathlib import Path

import yaml

from assessments.scenarios.engine import parse_definition
from assessments.scenarios.engine.runtime import (
    apply_choice,
    available_choices,
    initial_state,
    is_finished,
)

COURSE = (
    Path(__file__).resolve().parents[2]
    / "demo"
    / "content"
    / "courses"
    / "02-seksuele-gezondheid-chemsex.yaml"
)
SLUG = "scenario-prep-consult-instemming"
WHEN_STEP = "s_wanneer"


def _scenario():
    course = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    for module in course["modules"]:
        scenario = module.get("scenario")
        if scenario and scenario["slug"] == SLUG:
            return parse_definition(scenario["definition"])
    raise AssertionError(f"{SLUG} is not in {COURSE.name}")


def _finished_runs(scenario):
    """(ending step, steps visited) for every run; the graph is small."""
    stack = [initial_state(scenario)]
    while stack:
        state = stack.pop()
        if is_finished(scenario, state):
            yield state.step, {entry.step for entry in state.path}
            continue
        for choice in available_choices(scenario, state):
            stack.append(apply_choice(scenario, state, choice.key))


def test_good_ending_needs_the_question_when_it_happened():
    scenario = _scenario()
    positive = {step.key for step in scenario.steps if step.outcome == "positive"}
    runs = list(_finished_runs(scenario))
    good = [visited for ending, visited in runs if ending in positive]
    assert good, "the good ending must stay reachable"
    assert all(WHEN_STEP in visited for visited in good)
    assert any(
        WHEN_STEP not in visited for ending, visited in runs if ending not in positive
    ), "a learner who skips the question must be able to finish elsewhere"


def test_best_answer_when_it_happened_keeps_evidence_and_reporting_apart():
    step = _scenario().step(WHEN_STEP)
    best = max(step.choices, key=lambda choice: choice.points)
    text = best.text.casefold()
    for words in ("72 uur", "0800-0188", "sporen", "later beslissen"):
        assert words in text
