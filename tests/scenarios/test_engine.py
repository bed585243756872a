"""Tests of the pure scenario engine: parsing, validation, playing and scoring.

Graphs are written tersely with the builders below (``step``, ``end``, ``ch``,
``cond``, ``route``, ``var``); ``check`` parses and validates in one go. The
property tests at the end compare the validator with an exhaustive search.
"""

import dataclasses
import json
import operator
from collections import deque

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scenarios.engine import (
    MESSAGES,
    CannotGoBack,
    ChoiceNotAvailable,
    DefinitionError,
    InvalidPath,
    InvalidState,
    PathEntry,
    ScenarioError,
    State,
    apply_choice,
    available_choices,
    can_go_back,
    go_back,
    initial_state,
    is_finished,
    parse_definition,
    score_path,
    validate,
)

# --- builders ---------------------------------------------------------------


def make(*steps, variables=(), start="s1", **settings_):
    return {
        "schema_version": 1,
        "start": start,
        "pass_threshold": 0,
        "max_points": 2,
        "variables": list(variables),
        "steps": list(steps),
        **settings_,
    }


def var(name="v", start=0, low=0, high=5, **extra):
    return {"name": name, "start": start, "min": low, "max": high, **extra}


def step(key, *choices, title=None, **extra):
    title = title or f"Title of {key}"
    return {"key": key, "title": title, "choices": list(choices), **extra}


def end(key, outcome="positive", **extra):
    return {
        "key": key,
        "title": f"End {key}",
        "is_ending": True,
        "outcome": outcome,
        **extra,
    }


def ch(key, target, points=0, **extra):
    return {
        "key": key,
        "text": f"Say {key}",
        "target": target,
        "points": points,
        **extra,
    }


def cond(variable, op, value):
    return {"variable": variable, "op": op, "value": value}


def route(condition, target):
    return {"condition": condition, "target": target}


def scenario(*steps, **kwargs):
    return parse_definition(make(*steps, **kwargs))


def check(*steps, skills=None, **kwargs):
    return validate(scenario(*steps, **kwargs), skills=skills)


def codes(report):
    return {(problem.code, problem.step) for problem in report.problems}


def only_codes(report):
    return {problem.code for problem in report.problems}


def parse_codes(definition):
    with pytest.raises(DefinitionError) as caught:
        parse_definition(definition)
    return {problem.code for problem in caught.value.problems}


# A raise-the-variable effect, so conditions are judged on the full declared range.
RAISE = {"v": 1}

# --- parsing ----------------------------------------------------------------


def test_parse_definition_builds_frozen_dataclasses_when_valid():
    parsed = scenario(
        step(
            "s1",
            ch(
                "c1",
                "s2",
                points=2,
                effects={"v": 1},
                skills=["open_vraag"],
                condition=cond("v", ">=", 0),
                routes=[route(cond("v", ">", 3), "s2")],
                feedback="Goed",
            ),
            speaker="Sem",
        ),
        end("s2", debrief="<p>Klaar</p>"),
        variables=[var(label="Vertrouwen")],
        allow_back=True,
    )
    choice = parsed.step("s1").choice("c1")
    assert parsed.allow_back is True
    assert parsed.variables[0].label == "Vertrouwen"
    assert choice.effects == (("v", 1),)
    assert choice.skills == ("open_vraag",)
    assert str(choice.condition) == "v >= 0"
    assert choice.routes[0].target == "s2"
    assert parsed.step("s2").debrief == "<p>Klaar</p>"
    with pytest.raises(dataclasses.FrozenInstanceError):
        choice.points = 1


def test_parse_definition_uses_defaults_when_optional_keys_absent_or_null():
    parsed = scenario(
        {"key": "s1", "title": "Begin", "choices": [ch("c1", "s2") | {"points": None}]},
        end("s2", outcome=None),
    )
    choice = parsed.step("s1").choice("c1")
    assert (choice.points, choice.condition, choice.routes, choice.effects) == (
        0,
        None,
        (),
        (),
    )
    assert parsed.step("s2").outcome == ""
    assert parsed.allow_back is False


def test_parse_definition_collects_every_problem_when_keys_are_missing():
    definition = {"schema_version": 1, "steps": [{"key": "s1", "choices": [{}]}]}
    with pytest.raises(DefinitionError) as caught:
        parse_definition(definition)
    missing = {(p.params["key"], p.step) for p in caught.value.problems}
    assert missing == {
        ("start", None),
        ("pass_threshold", None),
        ("max_points", None),
        ("title", "s1"),
        ("key", "s1"),
        ("text", "s1"),
        ("target", "s1"),
    }
    assert "missing the required key 'start'" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"start": 3}, "scenario.start"),
        ({"allow_back": "yes"}, "scenario.allow_back"),
        ({"max_points": True}, "scenario.max_points"),
        ({"variables": [var(start=1.5)]}, "scenario.variables[0].start"),
        ({"steps": [step("s1", ch("c1", "s1", points="2"))]}, "points"),
        ({"steps": [step("s1", ch("c1", "s1", effects={"v": 0.5}))]}, "effects.v"),
        ({"steps": [step("s1", ch("c1", "s1", skills=[""]))]}, "skills[0]"),
        ({"steps": [step("s1", ch("c1", "s1", condition=[1]))]}, "condition"),
        ({"steps": [step("s1", ch("c1", ""))]}, "target"),
    ],
)
def test_parse_definition_reports_path_when_type_is_wrong(change, path):
    with pytest.raises(DefinitionError) as caught:
        parse_definition(make(end("s1")) | change)
    assert {p.code for p in caught.value.problems} <= {"wrong_type", "empty_value"}
    assert any(p.params["path"].endswith(path) for p in caught.value.problems)


def test_parse_definition_rejects_duplicate_step_choice_and_variable_keys():
    definition = make(
        step("s1", ch("c1", "s2"), ch("c1", "s2")),
        end("s2"),
        end("s2"),
        variables=[var(), var()],
    )
    with pytest.raises(DefinitionError) as caught:
        parse_definition(definition)
    found = {(p.code, p.step, p.choice) for p in caught.value.problems}
    assert ("duplicate_choice", "s1", "c1") in found
    assert ("duplicate_step", "s2", None) in found
    assert "duplicate_variable" in {code for code, _s, _c in found}


def test_parse_definition_rejects_bad_operator_and_outcome():
    definition = make(
        step("s1", ch("c1", "s2", condition=cond("v", "=>", 1))),
        end("s2", outcome="great"),
        variables=[var()],
    )
    assert parse_codes(definition) == {"bad_operator", "bad_outcome"}


def test_parse_definition_rejects_other_schema_versions_and_non_mappings():
    assert parse_codes(make(end("s1"), schema_version=2)) == {
        "unsupported_schema_version"
    }
    assert parse_codes(["not", "a", "mapping"]) == {"not_a_mapping"}
    assert parse_codes(make("s1")) == {"not_a_mapping"}


def test_parse_definition_keeps_unknown_keys_for_a_warning():
    parsed = scenario(step("s1", ch("c1", "s2") | {"taget": "s3"}), end("s2"))
    assert parsed.ignored_keys == ("scenario.steps[0].choices[0].taget",)
    report = validate(parsed)
    assert ("unknown_key", None) in codes(report)
    assert report.is_valid


# --- validation: settings, variables, choices ---------------------------------


def test_validate_accepts_a_sound_scenario_when_nothing_is_wrong():
    report = check(
        step("s1", ch("c1", "s2", points=2, effects=RAISE), ch("c2", "s3")),
        step(
            "s2",
            ch("c1", "s3", points=1, routes=[route(cond("v", ">=", 1), "s4")]),
            ch("c2", "s1", points=2),
        ),
        end("s3", "negative"),
        end("s4"),
        variables=[var()],
        pass_threshold=0.6,
    )
    assert report.problems == ()
    assert report.is_valid
    assert report.reachable_steps == {"s1", "s2", "s3", "s4"}
    assert (report.score_range.low, report.score_range.high) == (0.0, 1.0)


def test_validate_reports_start_missing_and_skips_reachability_when_start_absent():
    report = check(end("s1"), start="nope")
    assert only_codes(report) == {"start_missing"}
    assert "'nope'" in report.problems[0].message


def test_validate_warns_when_start_is_an_ending():
    report = check(end("s1"))
    assert codes(report) == {("start_is_ending", "s1")}
    assert report.is_valid


def test_validate_reports_settings_out_of_range():
    report = check(end("s1"), max_points=0, pass_threshold=1.5)
    assert {"max_points_not_positive", "pass_threshold_out_of_range"} <= only_codes(
        report
    )


def test_validate_reports_bad_variable_declarations():
    report = check(
        end("s1"),
        variables=[var("a", start=0, low=3, high=1), var("b", start=9, high=5)],
    )
    assert {"variable_range_empty", "variable_start_out_of_range"} <= only_codes(report)
    problem = next(p for p in report.problems if p.code == "variable_range_empty")
    assert problem.params == {"variable": "a", "min": 3, "max": 1}


def test_validate_reports_missing_targets_naming_step_and_choice():
    report = check(
        step(
            "s1",
            ch("c1", "ghost", effects=RAISE, routes=[route(cond("v", ">", 0), "nix")]),
            ch("c2", "s2"),
            title="Het consult",
        ),
        end("s2"),
        variables=[var()],
    )
    problems = {p.code: p for p in report.problems}
    assert problems["target_missing"].params["target"] == "ghost"
    assert problems["target_missing"].choice == "c1"
    assert "'s1' (Het consult)" in problems["target_missing"].message
    assert problems["route_target_missing"].params["route"] == 1


@pytest.mark.parametrize("points", [-1, 3])
def test_validate_reports_points_outside_zero_to_max(points):
    report = check(step("s1", ch("c1", "s2", points=points)), end("s2"))
    assert ("points_out_of_range", "s1") in codes(report)


def test_validate_checks_skill_tags_only_when_a_list_is_given():
    steps = (step("s1", ch("c1", "s2", skills=["reflectie", "typo"])), end("s2"))
    assert check(*steps).is_valid
    report = check(*steps, skills={"reflectie"})
    assert [p.params["skill"] for p in report.problems] == ["typo"]


def test_validate_reports_undeclared_variables_in_conditions_routes_and_effects():
    report = check(
        step(
            "s1",
            ch(
                "c1",
                "s2",
                condition=cond("x", ">", 1),
                effects={"y": 1},
                routes=[route(cond("z", "==", 1), "s2")],
            ),
            ch("c2", "s2"),
        ),
        end("s2"),
    )
    found = {(p.code, p.params.get("variable")) for p in report.problems}
    assert {
        ("condition_variable_undeclared", "x"),
        ("effect_variable_undeclared", "y"),
        ("route_variable_undeclared", "z"),
    } <= found


def test_validate_reports_condition_that_never_holds_given_declared_range():
    report = check(
        step(
            "s1",
            ch("c1", "s2", effects=RAISE),
            ch("c2", "s2", condition=cond("v", ">", 5)),
        ),
        end("s2"),
        variables=[var(high=5)],
    )
    problem = next(p for p in report.problems if p.code == "condition_never_holds")
    assert problem.severity == "error"
    assert (problem.step, problem.choice) == ("s1", "c2")
    assert problem.params | {"low": 0, "high": 5} == problem.params
    assert "'v > 5'" in problem.message


def test_validate_narrows_the_range_to_what_effects_allow():
    # Only lowered from 2, so "v > 2" can never hold although max is 5.
    report = check(
        step(
            "s1",
            ch("c1", "s2", effects={"v": -1}),
            ch("c2", "s2", condition=cond("v", ">", 2)),
        ),
        end("s2"),
        variables=[var(start=2, high=5)],
    )
    problem = next(p for p in report.problems if p.code == "condition_never_holds")
    assert (problem.params["low"], problem.params["high"]) == (0, 2)


def test_validate_warns_when_a_condition_always_holds():
    report = check(
        step("s1", ch("c1", "s2", effects=RAISE, condition=cond("v", ">=", 0))),
        end("s2"),
        variables=[var()],
    )
    assert codes(report) == {("condition_always_holds", "s1")}
    assert report.is_valid


def test_validate_judges_route_conditions_and_ignores_never_holding_edges():
    report = check(
        step(
            "s1",
            ch(
                "c1",
                "s2",
                effects=RAISE,
                routes=[
                    route(cond("v", "<", 0), "s3"),
                    route(cond("v", "<=", 5), "s4"),
                ],
            ),
        ),
        end("s2"),
        end("s3"),
        end("s4"),
        variables=[var()],
    )
    found = codes(report)
    assert ("route_never_holds", "s1") in found
    assert ("route_always_holds", "s1") in found
    # s3 only behind a never-holding route, s2 only behind an always-holding one.
    assert {("unreachable", "s3"), ("unreachable", "s2")} <= found
    assert ("unreachable", "s4") not in found


def test_validate_reports_ending_with_choices_and_warns_without_outcome():
    report = check(
        step("s1", ch("c1", "s2")), end("s2", outcome="") | {"choices": [ch("x", "s1")]}
    )
    assert {("ending_has_choices", "s2"), ("ending_without_outcome", "s2")} <= codes(
        report
    )


def test_validate_reports_dead_end_when_a_step_has_no_choices():
    report = check(step("s1", ch("c1", "s2"), ch("c2", "s3")), step("s2"), end("s3"))
    assert codes(report) == {("dead_end", "s2")}
    assert "'s2' (Title of s2)" in report.problems[0].message


def test_validate_reports_dead_end_when_no_choice_can_ever_be_shown():
    report = check(
        step("s1", ch("c1", "s2"), ch("c2", "s3")),
        step("s2", ch("c1", "s3", condition=cond("v", ">", 9))),
        end("s3"),
        variables=[var()],
    )
    assert ("dead_end_all_hidden", "s2") in codes(report)
    assert ("no_path_to_ending", "s2") not in codes(report)


def test_validate_warns_when_all_choices_can_be_hidden_at_once():
    report = check(
        step(
            "s1",
            ch("c1", "s2", effects=RAISE, condition=cond("v", "<", 2)),
            ch("c2", "s2", effects={"v": -1}, condition=cond("v", ">", 3)),
        ),
        end("s2"),
        variables=[var()],
    )
    problem = next(p for p in report.problems if p.code == "choices_may_all_be_hidden")
    assert problem.severity == "warning"
    assert problem.params["values"] == {"v": 2}
    assert "v = 2" in problem.message


def test_validate_does_not_warn_when_conditions_cover_the_whole_range():
    report = check(
        step(
            "s1",
            ch("c1", "s2", effects=RAISE, condition=cond("v", "<", 3)),
            ch("c2", "s2", effects={"v": -1}, condition=cond("v", ">=", 3)),
            ch("c3", "s2", condition=cond("w", "!=", 1)),
        ),
        end("s2"),
        variables=[var(), var("w", start=1, high=1)],
    )
    assert "choices_may_all_be_hidden" not in only_codes(report)


def test_validate_warns_for_hidden_choices_across_two_variables():
    report = check(
        step(
            "s1",
            ch("c1", "s2", effects={"v": 1, "w": 1}, condition=cond("v", "==", 1)),
            ch("c2", "s2", effects={"v": -1, "w": -1}, condition=cond("w", "!=", 0)),
        ),
        end("s2"),
        variables=[var(start=1, high=2), var("w", start=1, high=2)],
    )
    problem = next(p for p in report.problems if p.code == "choices_may_all_be_hidden")
    assert problem.params["values"] == {"v": 0, "w": 0}


# --- validation: the graph ------------------------------------------------------


def test_validate_reports_unreachable_step_naming_it_and_the_start():
    report = check(step("s1", ch("c1", "s2")), end("s2"), end("s9"))
    problem = next(p for p in report.problems if p.code == "unreachable")
    assert problem.step == "s9"
    assert problem.message == (
        "Step 's9' (End s9) cannot be reached from the start step 's1'."
    )


def test_validate_reports_no_ending():
    report = check(step("s1", ch("c1", "s2")), step("s2", ch("c1", "s1")))
    assert only_codes(report) == {"no_ending"}


def test_validate_reports_loop_without_exit_naming_its_steps():
    report = check(
        step("s1", ch("c1", "s2"), ch("c2", "s4")),
        step("s2", ch("c1", "s3")),
        step("s3", ch("c1", "s2")),
        end("s4"),
    )
    loops = [p for p in report.problems if p.code == "no_path_to_ending_loop"]
    assert {p.step for p in loops} == {"s2", "s3"}
    assert loops[0].params["loop_keys"] == ["s2", "s3"]
    assert "(steps s2, s3)" in loops[0].message


def test_validate_reports_steps_that_only_lead_to_a_dead_end():
    report = check(
        step("s1", ch("c1", "s2"), ch("c2", "s4")),
        step("s2", ch("c1", "s3")),
        step("s3"),
        end("s4"),
    )
    assert {("no_path_to_ending", "s2"), ("dead_end", "s3")} <= codes(report)
    assert ("no_path_to_ending", "s1") not in codes(report)


def test_validate_accepts_a_loop_with_an_exit():
    report = check(
        step("s1", ch("c1", "s2")),
        step("s2", ch("c1", "s1"), ch("c2", "s3")),
        end("s3"),
    )
    assert report.is_valid
    assert report.score_range.cyclic


def test_validate_reports_self_loop_as_loop_without_exit():
    report = check(
        step("s1", ch("c1", "s1"), ch("c2", "s2"), ch("c3", "e")),
        step("s2", ch("c", "s2")),
        end("e"),
    )
    found = [p for p in report.problems if p.code == "no_path_to_ending_loop"]
    assert [p.params["loop_keys"] for p in found if p.step == "s2"] == [["s2"]]


# --- validation: score range ----------------------------------------------------


def test_validate_computes_exact_score_range_on_acyclic_scenario():
    # Runs: x → 1/2; y,z → 2/3; y,w → 3/3.
    report = check(
        step("s1", ch("x", "e1", points=1), ch("y", "s2", points=2)),
        step("s2", ch("z", "e2", points=0), ch("w", "e2", points=1)),
        end("e1"),
        end("e2"),
    )
    scores = report.score_range
    assert scores.exact
    assert not scores.cyclic
    assert scores.low == pytest.approx(0.5)
    assert scores.high == pytest.approx(1.0)


def test_validate_score_range_is_a_ratio_of_sums_not_a_mean_of_ratios():
    # Best path a (2/2) then b (1/4)= 3/6; the other c (0/2) then d (4/4)= 4/6.
    report = check(
        step("s1", ch("a", "s2", points=2), ch("c", "s3", points=0)),
        step("s2", ch("b", "e", points=1), ch("b2", "s9", points=4)),
        step("s3", ch("d", "e", points=4)),
        step("s9"),
        end("e"),
        max_points=4,
    )
    assert report.score_range.high == pytest.approx(4 / 6)
    assert report.score_range.low == pytest.approx(3 / 6)


def test_validate_reports_pass_threshold_that_can_never_be_reached():
    # The best first choice leads on to a step where the best choice is a dead end.
    report = check(
        step("s1", ch("a", "s2", points=2), ch("b", "e", points=0)),
        step("s2", ch("c", "e", points=0), ch("d", "s3", points=1)),
        step("s3"),
        end("e"),
        pass_threshold=0.8,
    )
    problem = next(p for p in report.problems if p.code == "pass_threshold_unreachable")
    assert problem.params["best"] == pytest.approx(2 / 3)
    assert problem.params["best_percent"] == "66.7%"


def test_validate_warns_when_nobody_can_fail():
    report = check(step("s1", ch("a", "e", points=2)), end("e"), pass_threshold=0.5)
    assert only_codes(report) == {"pass_threshold_always_met"}


def test_validate_bounds_score_range_by_single_choices_when_cyclic():
    report = check(
        step("s1", ch("a", "s2", points=1), ch("b", "s2", points=2)),
        step("s2", ch("c", "s1", points=2), ch("d", "e", points=1)),
        end("e"),
    )
    scores = report.score_range
    assert scores.cyclic
    assert not scores.exact
    assert (scores.low, scores.high) == (0.5, 1.0)
    assert "loops" in scores.note


def test_validate_gives_no_score_range_when_no_run_can_finish():
    report = check(step("s1", ch("a", "s1")), end("e"))
    assert report.score_range is None


def test_validate_treats_conditional_offers_as_a_bound():
    report = check(
        step(
            "s1",
            ch("a", "e", points=0, effects=RAISE),
            ch("b", "e", points=2, condition=cond("v", ">", 0)),
        ),
        end("e"),
        variables=[var()],
    )
    scores = report.score_range
    assert not scores.exact
    # When b is hidden, a earns 0 of 0: full marks, the high bound is 1.
    assert (scores.low, scores.high) == (0.0, 1.0)


def test_validate_messages_match_templates_and_params_are_json():
    report = check(
        step("s1", ch("c1", "s2", points=5, condition=cond("v", ">", 5))),
        step("s2", ch("c1", "s2")),
        step("s3"),
        end("e", outcome=""),
        variables=[var()],
    )
    assert len(report.problems) >= 5
    for problem in report.problems:
        assert problem.message == MESSAGES[problem.code] % problem.params
    json.dumps(report.to_json())


# --- runtime ----------------------------------------------------------------------


def play_scenario(**kwargs):
    return scenario(
        step(
            "s1",
            ch("up", "s2", points=2, effects={"v": 3}, skills=["reflectie"]),
            ch(
                "down",
                "s2",
                effects={"v": -5},
                routes=[route(cond("v", "==", 0), "bad")],
            ),
            ch("secret", "s2", condition=cond("v", ">=", 4)),
        ),
        step(
            "s2",
            ch("calm", "good", points=1, condition=cond("v", ">=", 3)),
            ch("push", "bad", skills=["reflectie"]),
            ch("loop", "s1", points=2),
        ),
        end("good"),
        end("bad", "negative"),
        variables=[var(start=2, high=4)],
        **kwargs,
    )


def test_initial_state_is_at_start_with_start_values_and_empty_path():
    state = initial_state(play_scenario())
    assert (state.step, state.variables, state.path) == ("s1", {"v": 2}, ())


def test_available_choices_follow_conditions_on_current_values():
    played = play_scenario()
    state = initial_state(played)
    assert [c.key for c in available_choices(played, state)] == ["up", "down"]
    state = apply_choice(played, state, "up")
    assert [c.key for c in available_choices(played, state)] == ["calm", "push", "loop"]
    state = apply_choice(played, state, "loop")
    assert [c.key for c in available_choices(played, state)] == ["up", "down", "secret"]


def test_apply_choice_adds_effects_then_clamps_to_range():
    played = play_scenario()
    state = apply_choice(played, initial_state(played), "up")
    assert state.variables == {"v": 4}  # 2 + 3 clamped to max 4
    assert state.step == "s2"
    assert state.path == (
        PathEntry(step="s1", choice="up", offered=("up", "down"), values=(("v", 2),)),
    )


def test_apply_choice_takes_first_route_that_holds_after_effects():
    played = play_scenario()
    state = apply_choice(played, initial_state(played), "down")
    assert (state.step, state.variables) == ("bad", {"v": 0})  # clamped to min 0


def test_apply_choice_uses_target_when_no_route_holds():
    played = play_scenario()
    state = apply_choice(played, initial_state(played), "up")
    state = apply_choice(played, state, "loop")
    state = apply_choice(played, state, "down")  # 4 - 5 → 0: the route holds
    assert state.step == "bad"
    played = scenario(
        step("s1", ch("c", "s2", routes=[route(cond("v", ">", 2), "s3")])),
        end("s2"),
        end("s3"),
        variables=[var(start=1)],
    )
    assert apply_choice(played, initial_state(played), "c").step == "s2"


@pytest.mark.parametrize(
    ("moves", "key", "reason"),
    [
        ((), "nonsense", "unknown"),
        ((), "calm", "unknown"),  # a choice of another step
        ((), "secret", "hidden"),  # hidden by its condition
        (("down",), "up", "ending"),  # the scenario has ended
    ],
)
def test_apply_choice_refuses_choice_not_offered_without_changing_state(
    moves, key, reason
):
    played = play_scenario()
    state = initial_state(played)
    for move in moves:
        state = apply_choice(played, state, move)
    before = state.to_json()
    with pytest.raises(ChoiceNotAvailable) as caught:
        apply_choice(played, state, key)
    assert caught.value.params["reason"] == reason
    assert caught.value.code == "choice_not_available"
    assert state.to_json() == before


def test_apply_choice_refuses_a_state_that_does_not_fit_the_scenario():
    played = play_scenario()
    with pytest.raises(InvalidState):
        apply_choice(played, State(step="elsewhere", values=(("v", 1),)), "up")
    with pytest.raises(InvalidState):
        apply_choice(played, State(step="s1", values=(("other", 1),)), "up")


def test_state_round_trips_through_json():
    played = play_scenario()
    state = apply_choice(played, initial_state(played), "up")
    stored = json.loads(json.dumps(state.to_json()))
    assert stored["schema_version"] == 1
    assert stored["path"][0]["offered"] == ["up", "down"]
    assert State.from_json(stored) == state


@pytest.mark.parametrize(
    "stored",
    [
        None,
        [],
        {"schema_version": 2, "step": "s1", "values": {}, "path": []},
        {"schema_version": 1, "step": "s1", "values": {"v": "2"}, "path": []},
        {"schema_version": 1, "step": "s1", "values": {}, "path": [{"step": "s1"}]},
        {"schema_version": 1, "step": 3, "values": {}, "path": []},
        {"schema_version": 1, "step": "s1", "values": {}, "path": "abc"},
    ],
)
def test_state_from_json_raises_invalid_state_when_malformed(stored):
    with pytest.raises(InvalidState):
        State.from_json(stored)


def test_is_finished_only_at_an_ending():
    played = play_scenario()
    state = initial_state(played)
    assert not is_finished(played, state)
    assert is_finished(played, apply_choice(played, state, "down"))
    assert available_choices(played, apply_choice(played, state, "down")) == []


# --- back navigation ----------------------------------------------------------------


def test_go_back_restores_previous_step_and_values():
    played = play_scenario(allow_back=True)
    first = initial_state(played)
    second = apply_choice(played, first, "up")
    third = apply_choice(played, second, "loop")
    assert can_go_back(played, third)
    assert go_back(played, third) == second
    assert go_back(played, go_back(played, third)) == first


def test_go_back_is_refused_when_scenario_forbids_it():
    played = play_scenario()
    state = apply_choice(played, initial_state(played), "up")
    assert not can_go_back(played, state)
    with pytest.raises(CannotGoBack) as caught:
        go_back(played, state)
    assert caught.value.params["reason"] == "forbidden"


@pytest.mark.parametrize(
    ("moves", "reason"), [((), "at_start"), (("down",), "finished")]
)
def test_go_back_is_refused_at_start_and_after_the_end(moves, reason):
    played = play_scenario(allow_back=True)
    state = initial_state(played)
    for move in moves:
        state = apply_choice(played, state, move)
    with pytest.raises(CannotGoBack) as caught:
        go_back(played, state)
    assert caught.value.params["reason"] == reason
    assert isinstance(caught.value, ScenarioError)


# --- scoring ----------------------------------------------------------------------


def test_score_path_compares_with_the_best_choice_offered():
    played = play_scenario()
    state = initial_state(played)
    for move in ("up", "loop", "secret", "calm"):
        state = apply_choice(played, state, move)
    report = score_path(played, state.path)
    # s1 (best 2) up 2; s2 (best 2) loop 2; s1 with secret offered (best 2) 0;
    # s2 (best 2) calm 1.
    assert (report.earned, report.possible) == (5, 8)
    assert report.ratio == pytest.approx(5 / 8)
    assert report.passed


def test_score_path_uses_what_was_offered_not_every_choice():
    played = scenario(
        step(
            "s1",
            ch("a", "e", points=1),
            ch("b", "e", points=2, condition=cond("v", ">", 0)),
        ),
        end("e"),
        variables=[var(start=0)],
    )
    state = apply_choice(played, initial_state(played), "a")
    assert score_path(played, state.path).ratio == 1.0  # b was hidden


def test_score_path_per_skill_counts_only_steps_offering_it():
    played = play_scenario(pass_threshold=0.9)
    state = initial_state(played)
    for move in ("up", "push"):
        state = apply_choice(played, state, move)
    report = score_path(played, state.path)
    skills = {skill.skill: skill for skill in report.skills}
    # reflectie offered at s1 (up, 2) and s2 (push, 0): earned 2 + 0 of 2 + 0.
    assert (skills["reflectie"].earned, skills["reflectie"].possible) == (2, 2)
    assert skills["reflectie"].ratio == 1.0
    assert report.ratio == pytest.approx(2 / 4)
    assert not report.passed


def test_score_path_does_not_credit_a_skill_the_choice_lacks():
    played = scenario(
        step(
            "s1",
            ch("a", "e", points=2, skills=["open_vraag"]),
            ch("b", "e", points=1, skills=["reflectie"]),
        ),
        end("e"),
    )
    state = apply_choice(played, initial_state(played), "b")
    skills = {s.skill: s for s in score_path(played, state.path).skills}
    assert (skills["open_vraag"].earned, skills["open_vraag"].possible) == (0, 2)
    assert (skills["reflectie"].earned, skills["reflectie"].possible) == (1, 1)


def test_score_path_passes_at_threshold_despite_float_error():
    played = scenario(
        step("s1", ch("a", "s2", points=0.1), ch("top", "s2", points=1)),
        step("s2", ch("a", "s3", points=0.1), ch("top", "s3", points=1)),
        step("s3", ch("a", "e", points=1)),
        end("e"),
        max_points=1,
        pass_threshold=0.4,
    )
    state = initial_state(played)
    for move in ("a", "a", "a"):
        state = apply_choice(played, state, move)
    report = score_path(played, state.path)
    assert report.ratio < 0.4  # 1.2 / 3 in floats
    assert report.passed


def test_score_path_gives_full_marks_when_nothing_could_be_earned():
    played = scenario(step("s1", ch("a", "e")), end("e"))
    state = apply_choice(played, initial_state(played), "a")
    assert score_path(played, state.path).ratio == 1.0
    assert score_path(played, ()).ratio == 1.0


@pytest.mark.parametrize(
    "entry",
    [
        PathEntry(step="nope", choice="a", offered=("a",), values=()),
        PathEntry(step="s1", choice="a", offered=("b",), values=()),
        PathEntry(step="s1", choice="zz", offered=("zz",), values=()),
    ],
)
def test_score_path_raises_invalid_path_when_entry_does_not_fit(entry):
    played = scenario(step("s1", ch("a", "e"), ch("b", "e")), end("e"))
    with pytest.raises(InvalidPath):
        score_path(played, [entry])


# --- property tests -------------------------------------------------------------------
#
# Random graphs of up to 7 steps with one variable ``v`` in a small range. The brute
# force below does not use the engine: it re-implements the rules of docs/schemas.md
# and explores every (step, value of v) state a learner can be in, starting from
# (start, v.start). With the value fixed (no effects) a state is just a step, so the
# validator must agree exactly; with effects its interval reasoning may only err on
# the safe side.

OPS = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}


@st.composite
def random_definitions(draw, *, conditions, effects, acyclic=False):
    count = draw(st.integers(1, 7))
    high = draw(st.integers(0, 3))
    keys = [f"s{number}" for number in range(count)]
    conditions_ = st.builds(
        cond,
        st.just("v"),
        st.sampled_from(sorted(OPS)),
        st.integers(-1, high + 1),
    )
    steps = []
    for number, key in enumerate(keys):
        targets = keys[number + 1 :] if acyclic else keys
        if draw(st.integers(0, 3)) == 0 or not targets:
            steps.append(end(key))
            continue
        choices = []
        for index in range(draw(st.integers(0, 3))):
            choice = ch(f"c{index}", draw(st.sampled_from(targets)))
            choice["points"] = draw(st.integers(0, 2))
            if conditions and draw(st.booleans()):
                choice["condition"] = draw(conditions_)
            if conditions:
                choice["routes"] = [
                    route(draw(conditions_), draw(st.sampled_from(targets)))
                    for _ in range(draw(st.integers(0, 2)))
                ]
            if effects and draw(st.booleans()):
                choice["effects"] = {"v": draw(st.integers(-2, 2))}
            choices.append(choice)
        steps.append(step(key, *choices))
    variable = var(start=draw(st.integers(0, high)), high=high)
    return make(*steps, start="s0", variables=[variable])


def explore(definition):
    """All learner states (step, v) from the start, and those that can finish."""
    steps = {s["key"]: s for s in definition["steps"]}
    variable = definition["variables"][0]

    def holds(condition, value):
        return condition is None or OPS[condition["op"]](value, condition["value"])

    def moves(state):
        key, value = state
        if steps[key].get("is_ending"):
            return []
        result = []
        for choice in steps[key]["choices"]:
            if not holds(choice.get("condition"), value):
                continue
            new = value
            if "v" in choice.get("effects", {}):
                new = value + choice["effects"]["v"]
                new = max(variable["min"], min(variable["max"], new))
            target = (
                next(
                    (
                        r["target"]
                        for r in choice["routes"]
                        if holds(r["condition"], new)
                    ),
                    choice["target"],
                )
                if choice.get("routes")
                else choice["target"]
            )
            result.append((target, new))
        return result

    start = (definition["start"], variable["start"])
    seen = {start}
    queue = deque([start])
    graph = {}
    while queue:
        state = queue.popleft()
        graph[state] = moves(state)
        for nxt in graph[state]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    finishing = {s for s in seen if steps[s[0]].get("is_ending")}
    changed = True
    while changed:
        changed = False
        for state in seen - finishing:
            if any(nxt in finishing for nxt in graph[state]):
                finishing.add(state)
                changed = True
    return seen, finishing, graph


def plain_bfs(definition):
    """Without conditions: reachable steps, and steps from which an ending is."""
    steps = {s["key"]: s for s in definition["steps"]}
    edges = {
        key: [] if s.get("is_ending") else [c["target"] for c in s["choices"]]
        for key, s in steps.items()
    }

    def reach(root):
        seen, queue = {root}, deque([root])
        while queue:
            for target in edges[queue.popleft()]:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen

    endings = {key for key, s in steps.items() if s.get("is_ending")}
    return reach(definition["start"]), {k for k in steps if reach(k) & endings}


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(random_definitions(conditions=False, effects=False))
def test_validator_matches_plain_bfs_when_there_are_no_conditions(definition):
    report = validate(parse_definition(definition))
    reachable, finishing = plain_bfs(definition)
    assert report.reachable_steps == reachable
    assert report.finishing_steps == finishing
    unreachable = {p.step for p in report.problems if p.code == "unreachable"}
    assert unreachable == {s["key"] for s in definition["steps"]} - reachable
    stuck_codes = {"no_path_to_ending", "no_path_to_ending_loop", "dead_end"}
    if any(s.get("is_ending") for s in definition["steps"]):
        flagged = {p.step for p in report.problems if p.code in stuck_codes}
        assert reachable - finishing <= flagged


@PROPERTY_SETTINGS
@given(random_definitions(conditions=True, effects=False))
def test_validator_matches_state_search_when_values_never_change(definition):
    report = validate(parse_definition(definition))
    seen, finishing, _graph = explore(definition)
    assert report.reachable_steps == {key for key, _value in seen}
    assert report.finishing_steps & report.reachable_steps == {
        key for key, _value in finishing
    }


@PROPERTY_SETTINGS
@given(random_definitions(conditions=True, effects=True))
def test_validator_errs_only_on_the_safe_side_with_effects(definition):
    played = parse_definition(definition)
    report = validate(played)
    seen, finishing, graph = explore(definition)
    # Every step a learner can reach is reachable for the validator.
    assert {key for key, _value in seen} <= report.reachable_steps
    # A step the validator says cannot finish has no state that can.
    for key, value in seen:
        if key not in report.finishing_steps:
            assert (key, value) not in finishing
    # A state with nothing to choose at a non-ending step was warned about.
    warned = {
        p.step
        for p in report.problems
        if p.code in {"dead_end", "dead_end_all_hidden", "choices_may_all_be_hidden"}
    }
    steps = {s["key"]: s for s in definition["steps"]}
    for state, moves in graph.items():
        if not moves and not steps[state[0]].get("is_ending"):
            assert state[0] in warned
    # The engine's runtime explores exactly the same states.
    assert runtime_states(played) == seen


def runtime_states(played):
    start = initial_state(played)
    seen = {(start.step, start.values)}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for choice in available_choices(played, state):
            nxt = apply_choice(played, state, choice.key)
            if (nxt.step, nxt.values) not in seen:
                seen.add((nxt.step, nxt.values))
                queue.append(nxt)
    return {(key, dict(values)["v"]) for key, values in seen}


def complete_runs(played):
    """Scores of every run from the start to an ending (the graph is acyclic)."""
    scores, stack = [], [initial_state(played)]
    while stack:
        state = stack.pop()
        if is_finished(played, state):
            scores.append(score_path(played, state.path).ratio)
        for choice in available_choices(played, state):
            stack.append(apply_choice(played, state, choice.key))
    return scores


@PROPERTY_SETTINGS
@given(random_definitions(conditions=True, effects=True, acyclic=True))
def test_score_range_contains_every_run_and_is_tight_when_exact(definition):
    played = parse_definition(definition)
    scores = complete_runs(played)
    score_range = validate(played).score_range
    if not scores:
        return
    assert score_range is not None
    assert score_range.low - 1e-9 <= min(scores)
    assert max(scores) <= score_range.high + 1e-9
    if score_range.exact:
        assert min(scores) == pytest.approx(score_range.low)
        assert max(scores) == pytest.approx(score_range.high)


@PROPERTY_SETTINGS
@given(random_definitions(conditions=False, effects=False, acyclic=True))
def test_score_range_is_exact_without_conditions(definition):
    played = parse_definition(definition)
    scores = complete_runs(played)
    score_range = validate(played).score_range
    if scores:
        assert score_range.exact
        assert (min(scores), max(scores)) == (
            pytest.approx(score_range.low),
            pytest.approx(score_range.high),
        )


def test_stored_state_fits_when_its_values_come_back_in_another_key_order():
    # PostgreSQL's jsonb returns object keys by length, then bytes: not the order
    # the scenario declares its variables in.
    played = scenario(
        step("s1", ch("go", "e1", effects={"vertrouwen": 1})),
        end("e1"),
        variables=[var("vertrouwen", start=2), var("onveilig")],
    )
    stored = initial_state(played).to_json()
    stored["values"] = {"onveilig": 0, "vertrouwen": 2}
    state = State.from_json(stored)
    assert [choice.key for choice in available_choices(played, state)] == ["go"]
    assert apply_choice(played, state, "go").variables == {
        "onveilig": 0,
        "vertrouwen": 3,
    }
