"""What makes a question complete, free of Django and the database.

``question_problems`` checks a question in the snapshot shape of docs/schemas.md
(ids and versions may be absent) and returns every problem it finds, each with
the field it concerns, a stable ``code`` and ``params``. The admin form and the
spreadsheet import both use it, so a question that imports is a question that
saves, and the other way round. The Django layer translates the codes
(``assessments.quiz_messages.QUESTION_MESSAGES``):

- ``required`` (field): text, option text, item text, prompt or match is empty.
- ``unknown_type`` (value): not one of ``QUESTION_TYPES``.
- ``weight_positive`` (value): weight is not a number above 0.
- ``partial_credit_invalid`` (value): a mode that does not apply to the type.
- ``too_few_options`` / ``too_few_items`` / ``too_few_pairs`` (minimum).
- ``single_needs_one_correct`` (count): a single-choice question needs one.
- ``multiple_needs_correct``: a multiple-response question needs at least one.
- ``accepted_required``: a short-text question needs an accepted answer.
- ``duplicate_text`` (text): two options, items or prompts read the same.
- ``too_many_parts`` (maximum): more than ``MAX_PARTS`` options, items or pairs.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

QUESTION_TYPES = (
    "single",
    "multiple",
    "true_false",
    "short_text",
    "ordering",
    "matching",
    "essay",
)
PARTIAL_CREDIT_BY_TYPE = {
    "multiple": ("all_or_nothing", "proportional", "right_minus_wrong"),
    "ordering": ("all_or_nothing", "proportional"),
    "matching": ("all_or_nothing", "proportional"),
}
MIN_PARTS = 2
MAX_PARTS = 26


@dataclass(frozen=True)
class Problem:
    field: str  # "text", "options", "items", "pairs", "weight", ...
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def question_problems(question: Mapping[str, Any]) -> list[Problem]:
    """Every reason the question cannot be used, in field order; [] when fine."""
    problems: list[Problem] = []
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        return [Problem("type", "unknown_type", {"value": str(kind)[:40]})]
    if not _text(question.get("text")):
        problems.append(Problem("text", "required"))
    weight = question.get("weight", 1)
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not 0 < weight < 1000
    ):
        problems.append(Problem("weight", "weight_positive", {"value": weight}))
    mode = question.get("partial_credit") or "all_or_nothing"
    if mode != "all_or_nothing" and mode not in PARTIAL_CREDIT_BY_TYPE.get(kind, ()):
        problems.append(
            Problem("partial_credit", "partial_credit_invalid", {"value": mode})
        )
    problems.extend(_CHECKS.get(kind, _no_checks)(question))
    return problems


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _no_checks(question: Mapping[str, Any]) -> list[Problem]:
    return []


def _parts(
    question: Mapping[str, Any], name: str, text_fields: tuple[str, ...], code: str
) -> tuple[list[Mapping[str, Any]], list[Problem]]:
    parts = list(question.get(name) or [])
    problems: list[Problem] = []
    if len(parts) < MIN_PARTS:
        problems.append(Problem(name, code, {"minimum": MIN_PARTS}))
    if len(parts) > MAX_PARTS:
        problems.append(Problem(name, "too_many_parts", {"maximum": MAX_PARTS}))
    seen: set[str] = set()
    for part in parts:
        for text_field in text_fields:
            if not _text(part.get(text_field)):
                problems.append(Problem(name, "required", {"field": text_field}))
        label = " ".join(_text(part.get(text_fields[0])).casefold().split())
        if label and label in seen:
            problems.append(
                Problem(name, "duplicate_text", {"text": part[text_fields[0]][:60]})
            )
        seen.add(label)
    return parts, problems


def _check_choice(question: Mapping[str, Any]) -> list[Problem]:
    options, problems = _parts(question, "options", ("text",), "too_few_options")
    correct = sum(1 for option in options if option.get("correct"))
    if question["type"] == "single" and correct != 1:
        problems.append(
            Problem("options", "single_needs_one_correct", {"count": correct})
        )
    if question["type"] == "multiple" and correct < 1:
        problems.append(Problem("options", "multiple_needs_correct"))
    return problems


def _check_short_text(question: Mapping[str, Any]) -> list[Problem]:
    accepted = [a for a in question.get("accepted_answers") or [] if _text(a)]
    return [] if accepted else [Problem("accepted_answers", "accepted_required")]


def _check_ordering(question: Mapping[str, Any]) -> list[Problem]:
    return _parts(question, "items", ("text",), "too_few_items")[1]


def _check_matching(question: Mapping[str, Any]) -> list[Problem]:
    return _parts(question, "pairs", ("prompt", "match"), "too_few_pairs")[1]


_CHECKS = {
    "single": _check_choice,
    "multiple": _check_choice,
    "short_text": _check_short_text,
    "ordering": _check_ordering,
    "matching": _check_matching,
}
