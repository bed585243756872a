"""Between the admin's stream data and the definition JSON (pure)."""

import re

from assessments.scenarios.authoring import (
    definition_from_streams,
    step_media_ids,
    streams_from_definition,
)
from assessments.scenarios.engine import MESSAGES, parse_definition, validate
from assessments.scenarios.problem_messages import PROBLEM_MESSAGES
from tests.factories.scenarios import chain_definition, sample_definition

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def to_definition(variables, steps, **settings):
    return definition_from_streams(
        variables=variables,
        steps=steps,
        start=settings.get("start", ""),
        pass_threshold=settings.get("pass_threshold", 0.6),
        max_points=settings.get("max_points", 2),
        allow_back=settings.get("allow_back", False),
    )


def test_definition_survives_a_round_trip_when_converted_to_streams():
    original = sample_definition()
    variables, steps = streams_from_definition(original)
    again = to_definition(variables, steps, start="s1")
    assert parse_definition(again) == parse_definition(original)
    assert validate(parse_definition(again)).is_valid


def test_blank_choice_key_gets_its_position_when_converted():
    _variables, steps = streams_from_definition(chain_definition(3))
    steps[0]["value"]["choices"][1]["value"]["key"] = ""
    definition = to_definition([], steps)
    assert [c["key"] for c in definition["steps"][0]["choices"]] == ["c1", "c2"]


def test_empty_condition_means_none_when_all_fields_are_blank():
    _variables, steps = streams_from_definition(sample_definition())
    choice = steps[0]["value"]["choices"][0]["value"]
    choice["condition"] = {"variable": "", "op": "", "value": None}
    assert to_definition([], steps)["steps"][0]["choices"][0]["condition"] is None


def test_effects_on_one_variable_add_up_when_listed_twice():
    _variables, steps = streams_from_definition(sample_definition())
    choice = steps[0]["value"]["choices"][0]["value"]
    choice["effects"] = [
        {"type": "item", "value": {"variable": "vertrouwen", "amount": 1}, "id": "a"},
        {"variable": "vertrouwen", "amount": 2},  # the older ListBlock format
    ]
    effects = to_definition([], steps)["steps"][0]["choices"][0]["effects"]
    assert effects == {"vertrouwen": 3}


def test_start_defaults_to_first_step_when_left_blank():
    _variables, steps = streams_from_definition(chain_definition(3))
    assert to_definition([], steps)["start"] == "s1"


def test_media_ids_are_found_by_step_key_when_set():
    _variables, steps = streams_from_definition(chain_definition(3))
    steps[1]["value"]["image"] = 7
    assert step_media_ids(steps, "s2") == (7, None)
    assert step_media_ids(steps, "bestaat-niet") == (None, None)


def test_every_problem_has_dutch_text_when_the_engine_reports_it():
    assert set(PROBLEM_MESSAGES) == set(MESSAGES)
    for code, english in MESSAGES.items():
        dutch = str(PROBLEM_MESSAGES[code])
        assert set(PLACEHOLDER.findall(dutch)) == set(PLACEHOLDER.findall(english))
