"""Issue 14 item 7: every scenario's good ending requires its safety-critical
step. For each scenario, every run of the YAML definition is walked with the
scenario runtime (no database): each run that ends well must contain one choice
of every required group and none of the forbidden choices, and a learner who
skips the step must be able to finish elsewhere (so the step decides)."""

from pathlib import Path

import pytest
import yaml

from assessments.scenarios.engine import parse_definition
from assessments.scenarios.engine.runtime import (
    apply_choice,
    available_choices,
    initial_state,
    is_finished,
)

COURSES = Path(__file__).resolve().parents[2] / "demo" / "content" / "courses"
MAX_DEPTH = 40  # loops through a recovery step are cut here

# (course file, scenario slug, required groups of (step, choice), forbidden choices)
CASES = {
    "huisarts-vraagt-eerst-naar-gebruik": (
        "04-gespreksvaardigheden.yaml",
        "scenario-huisarts-slaapmiddel",
        # asked about use (with permission) before deciding on the pill, and
        # chose the NHG route without a sleeping pill
        [{("s4", "c1")}, {("s_slaapmiddel", "c1")}],
        {("s1", "c2"), ("s_slaapmiddel", "c2"), ("s_slaapmiddel", "c3")},
    ),
    "testservice-begin-laag-wacht-langer": (
        "01-3-mmc-en-nps.yaml",
        "scenario-testservice-uitslag",
        [{("s3", "c1"), ("s_dosis", "c1")}],
        set(),
    ),
    "testservice-en-start-low-wait-longer": (
        "en/01-3-mmc-en-nps.yaml",
        "scenario-testservice-uitslag",
        [{("s3", "c1"), ("s_dosis", "c1")}],
        set(),
    ),
    "seh-ghb-ademweg-combigebruik-onttrekking": (
        "01-3-mmc-en-nps.yaml",
        "scenario-seh-ghb-onrust",
        # airway and monitoring; no sedation or prone hold outside monitoring;
        # asked about co-use; recognised the withdrawal risk of daily GHB use
        [
            {("s1", "c1")},
            {("s2", "c1")},
            {("s3", "c1"), ("s_dicht", "c1")},
            {("s4", "c1"), ("s5", "c1")},
        ],
        {("s1", "c2"), ("s1", "c3"), ("s2", "c2"), ("s2", "c3")},
    ),
    "seh-en-airway-co-use-withdrawal": (
        "en/01-3-mmc-en-nps.yaml",
        "scenario-seh-ghb-onrust",
        [
            {("s1", "c1")},
            {("s2", "c1")},
            {("s3", "c1"), ("s_dicht", "c1")},
            {("s4", "c1"), ("s5", "c1")},
        ],
        {("s1", "c2"), ("s1", "c3"), ("s2", "c2"), ("s2", "c3")},
    ),
    "seksuoloog-vraagt-wanneer-en-pep": (
        "04-gespreksvaardigheden.yaml",
        "scenario-seksuoloog-chemsex",
        [{("s4", "c1")}, {("s5", "c1")}],
        set(),
    ),
    "vrijwilliger-belt-112-op-tijd": (
        "04-gespreksvaardigheden.yaml",
        "scenario-vrijwilliger-feest",
        [{("s2", "c1")}],
        {("s2", "c2"), ("s2", "c3")},
    ),
    "wijkagent-ambulance-vroeg-geen-buikligging": (
        "04-gespreksvaardigheden.yaml",
        "scenario-wijkagent-psychose",
        [{("s2", "c1"), ("s_worsteling", "c1")}],
        {("s4", "c2"), ("s_worsteling", "c2")},
    ),
}


def _scenario(course_file: str, slug: str):
    course = yaml.safe_load((COURSES / course_file).read_text(encoding="utf-8"))
    for module in course["modules"]:
        scenario = module.get("scenario")
        if scenario and scenario["slug"] == slug:
            return parse_definition(scenario["definition"])
    raise AssertionError(f"{slug} is not in {course_file}")


def _finished_runs(scenario):
    """(ending step, the (step, choice) pairs taken) for every run."""
    stack = [initial_state(scenario)]
    while stack:
        state = stack.pop()
        if is_finished(scenario, state):
            yield state.step, {(entry.step, entry.choice) for entry in state.path}
            continue
        if len(state.path) >= MAX_DEPTH:
            continue
        for choice in available_choices(scenario, state):
            stack.append(apply_choice(scenario, state, choice.key))


@pytest.mark.parametrize("case", sorted(CASES))
def test_good_ending_requires_the_safety_critical_step(case):
    course_file, slug, required, forbidden = CASES[case]
    scenario = _scenario(course_file, slug)
    for group in required:
        for step, choice in group | forbidden:
            found = scenario.step(step)
            assert found, f"{slug}: no step {step}"
            assert found.choice(choice), f"{slug}: no choice {step}/{choice}"
    positive = {step.key for step in scenario.steps if step.outcome == "positive"}
    runs = list(_finished_runs(scenario))
    good = [taken for ending, taken in runs if ending in positive]
    assert good, "the good ending must stay reachable"
    for taken in good:
        for group in required:
            assert taken & group, f"{slug}: a good ending without {sorted(group)}"
        assert not taken & forbidden, f"{slug}: a good ending after {forbidden}"
    for group in required:
        assert any(
            not taken & group for ending, taken in runs if ending not in positive
        ), f"{slug}: skipping {sorted(group)} must lead to another ending"
