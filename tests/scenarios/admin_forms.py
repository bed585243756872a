"""Admin edit-form data for a scenario page, built from a definition, so tests
post exactly what the Wagtail editor would."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from assessments.scenarios.authoring import streams_from_definition


def _list(items: list[dict], convert) -> dict:
    data = {"count": str(len(items))}
    for index, item in enumerate(items):
        data[str(index)] = {
            "value": convert(item["value"]),
            "deleted": "",
            "order": str(index),
            "id": item["id"],
        }
    return data


def _condition(value: dict) -> dict:
    return {
        "variable": value.get("variable") or "",
        "op": value.get("op") or "",
        "value": "" if value.get("value") is None else str(value["value"]),
    }


def _choice(value: dict) -> dict:
    return {
        "key": value["key"],
        "text": value["text"],
        "target": value["target"],
        "feedback": value["feedback"],
        "points": str(value["points"]),
        "condition": _condition(value["condition"]),
        "effects": _list(
            value["effects"],
            lambda v: {"variable": v["variable"], "amount": str(v["amount"])},
        ),
        "routes": _list(
            value["routes"],
            lambda v: {"condition": _condition(v["condition"]), "target": v["target"]},
        ),
    }


def _step(block: dict) -> dict:
    value = block["value"]
    data = {
        "key": value["key"],
        "title": value["title"],
        "speaker": value["speaker"],
        "text": rich_text(value["text"] or "<p></p>"),
        "image": "",
        "audio": "",
        "media_transcript": value["media_transcript"],
    }
    if block["type"] == "ending":
        data["outcome"] = value["outcome"]
        data["debrief"] = rich_text(value["debrief"] or "<p></p>")
    else:
        data["choices"] = _list(value["choices"], _choice)
    return data


def _skills(steps: list[dict]) -> dict:
    """Checkbox values (several per name), which nested_form_data cannot express."""
    fields = {}
    for index, block in enumerate(steps):
        for position, item in enumerate(block["value"].get("choices") or []):
            name = f"steps-{index}-value-choices-{position}-value-skills"
            fields[name] = list(item["value"]["skills"])
    return fields


def scenario_form_data(definition: dict, **fields) -> dict:
    variables, steps = streams_from_definition(definition)
    data = {
        "title": fields.pop("title", "Oefengesprek"),
        "slug": fields.pop("slug", "oefengesprek"),
        "intro": rich_text("<p>Oefen een gesprek.</p>"),
        "minutes": "15",
        "pass_percent": str(round(definition["pass_threshold"] * 100)),
        "max_points": str(definition["max_points"]),
        "max_attempts": "0",
        "start_step": definition["start"],
        "material_change_summary": "",
        "variables": {
            "count": str(len(variables)),
            **{
                str(index): {
                    "type": "variable",
                    "value": {k: str(v) for k, v in block["value"].items()},
                    "deleted": "",
                    "order": str(index),
                    "id": block["id"],
                }
                for index, block in enumerate(variables)
            },
        },
        "steps": {
            "count": str(len(steps)),
            **{
                str(index): {
                    "type": block["type"],
                    "value": _step(block),
                    "deleted": "",
                    "order": str(index),
                    "id": block["id"],
                }
                for index, block in enumerate(steps)
            },
        },
        "comments": inline_formset([]),
    }
    if definition.get("allow_back"):
        data["allow_back"] = "on"
    flat = nested_form_data(data)
    flat.update(_skills(steps))
    flat.update(fields)
    return flat
