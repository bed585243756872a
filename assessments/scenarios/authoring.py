"""Between the admin's StreamFields and the scenario definition JSON.

Trainers author a scenario as two StreamFields on ``ScenarioPage`` (variables, and
steps and endings with nested choices, effects and routes; ``blocks.py``). The
engine (``assessments.scenarios.engine``) reads the definition shape of
docs/schemas.md. ``definition_from_streams`` converts the streams' raw JSON (what
Wagtail stores, ``StreamValue.raw_data``) into that shape without touching the
database; ``streams_from_definition`` goes the other way for the demo loader, the
test factories and imports. Pure Python: no Django.

Conversion rules: a blank choice key becomes ``c<position>``; a condition with no
variable, operator and value is "no condition"; effects on the same variable are
added up; media (image, audio) are presentation, not part of the definition, and
are looked up on the page by step key (``step_media_ids``).
"""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

SCHEMA_VERSION = 1
STEP_TEXT_KEYS = ("title", "speaker", "text", "media_transcript")


def _items(raw: Any) -> list[Any]:
    """A ListBlock's items in either stored format (with or without ids)."""
    items = []
    for item in raw or ():
        if isinstance(item, Mapping) and item.get("type") == "item" and "value" in item:
            items.append(item["value"])
        else:
            items.append(item)
    return items


def _condition(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        return None
    variable = (raw.get("variable") or "").strip() or None
    op = raw.get("op") or None
    value = raw.get("value")
    if variable is None and op is None and value is None:
        return None
    return {"variable": variable, "op": op, "value": value}


def _effects(raw: Any) -> dict[str, int]:
    effects: dict[str, int] = {}
    for item in _items(raw):
        name = (item.get("variable") or "").strip()
        amount = item.get("amount")
        if not name or not isinstance(amount, int):
            continue
        effects[name] = effects.get(name, 0) + amount
    return effects


def _choice(raw: Mapping[str, Any], position: int) -> dict[str, Any]:
    return {
        "key": (raw.get("key") or "").strip() or f"c{position}",
        "text": raw.get("text") or "",
        "target": (raw.get("target") or "").strip(),
        "routes": [
            {
                "condition": _condition(route.get("condition")),
                "target": (route.get("target") or "").strip(),
            }
            for route in _items(raw.get("routes"))
        ],
        "condition": _condition(raw.get("condition")),
        "effects": _effects(raw.get("effects")),
        "skills": list(raw.get("skills") or []),
        "points": raw.get("points") or 0,
        "feedback": raw.get("feedback") or "",
    }


def _step(block: Mapping[str, Any]) -> dict[str, Any]:
    value = block.get("value") or {}
    is_ending = block.get("type") == "ending"
    step: dict[str, Any] = {"key": (value.get("key") or "").strip()}
    step.update({name: value.get(name) or "" for name in STEP_TEXT_KEYS})
    step["is_ending"] = is_ending
    step["outcome"] = (value.get("outcome") or "") if is_ending else ""
    step["debrief"] = (value.get("debrief") or "") if is_ending else ""
    step["choices"] = (
        []
        if is_ending
        else [
            _choice(choice, position)
            for position, choice in enumerate(_items(value.get("choices")), start=1)
        ]
    )
    return step


def definition_from_streams(
    *,
    variables: Iterable[Mapping[str, Any]],
    steps: Iterable[Mapping[str, Any]],
    start: str,
    pass_threshold: float,
    max_points: float,
    allow_back: bool,
) -> dict[str, Any]:
    """The definition (docs/schemas.md) of streams in raw form; ``start`` blank
    means the first step."""
    step_list = [_step(block) for block in steps]
    first = step_list[0]["key"] if step_list else ""
    return {
        "schema_version": SCHEMA_VERSION,
        "start": (start or "").strip() or first,
        "pass_threshold": pass_threshold,
        "allow_back": bool(allow_back),
        "max_points": max_points,
        "variables": [
            {
                "name": (value.get("name") or "").strip(),
                "label": value.get("label") or "",
                "start": value.get("start"),
                "min": value.get("min"),
                "max": value.get("max"),
            }
            for value in (block.get("value") or {} for block in variables)
        ],
        "steps": step_list,
    }


def _block(kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _list(values: Iterable[Any]) -> list[dict[str, Any]]:
    return [_block("item", value) for value in values]


def _condition_raw(condition: Mapping[str, Any] | None) -> dict[str, Any]:
    condition = condition or {}
    return {
        "variable": condition.get("variable") or "",
        "op": condition.get("op") or "",
        "value": condition.get("value"),
    }


def _choice_raw(choice: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "key": choice.get("key") or "",
        "text": choice.get("text") or "",
        "target": choice.get("target") or "",
        "feedback": choice.get("feedback") or "",
        "points": choice.get("points") or 0,
        "skills": list(choice.get("skills") or []),
        "condition": _condition_raw(choice.get("condition")),
        "effects": _list(
            {"variable": name, "amount": amount}
            for name, amount in (choice.get("effects") or {}).items()
        ),
        "routes": _list(
            {
                "condition": _condition_raw(route.get("condition")),
                "target": route.get("target") or "",
            }
            for route in choice.get("routes") or []
        ),
    }


def streams_from_definition(
    definition: Mapping[str, Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Raw (variables, steps) stream data for a definition; media left empty."""
    variables = [
        _block(
            "variable",
            {
                "name": variable.get("name") or "",
                "label": variable.get("label") or "",
                "start": variable.get("start"),
                "min": variable.get("min"),
                "max": variable.get("max"),
            },
        )
        for variable in definition.get("variables") or []
    ]
    steps = []
    for step in definition.get("steps") or []:
        value: dict[str, Any] = {
            "key": step.get("key") or "",
            **{name: step.get(name) or "" for name in STEP_TEXT_KEYS},
            "image": None,
            "audio": None,
        }
        if step.get("is_ending"):
            value["outcome"] = step.get("outcome") or ""
            value["debrief"] = step.get("debrief") or ""
            steps.append(_block("ending", value))
        else:
            value["choices"] = _list(
                _choice_raw(choice) for choice in step.get("choices") or []
            )
            steps.append(_block("step", value))
    return variables, steps


def step_media_ids(
    steps: Iterable[Mapping[str, Any]], key: str
) -> tuple[int | None, int | None]:
    """(image id, audio document id) of the step with ``key`` in raw stream data."""
    for block in steps:
        value = block.get("value") or {}
        if (value.get("key") or "").strip() == key:
            return value.get("image"), value.get("audio")
    return None, None
