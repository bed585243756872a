"""What quiz templates get: questions without their answers, the learner's own
values to fill the form with, and (after grading) a readable review.

Before submission only ``grading.public_question`` reaches a template, so no
correct flag, accepted answer, feedback or explanation is ever in the page;
feedback of a question appears only once it was checked (immediate feedback).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from assessments.engine.grading import public_question
from assessments.models import Attempt, AttemptAnswer
from assessments.services import field_prefix


@dataclass
class QuestionView:
    number: int  # 1-based
    index: int
    prefix: str
    question: dict  # the public question
    choices: list[dict] = field(default_factory=list)  # options, items or prompts
    targets: list[dict] = field(default_factory=list)  # matching choices
    text: str = ""
    answered: bool = False
    errors: list[str] = field(default_factory=list)
    image: object = None
    row: AttemptAnswer | None = None  # set when checked (immediate feedback)
    review: dict | None = None

    @property
    def checked(self) -> bool:
        return self.row is not None


def images_for(questions: Sequence[Mapping]) -> dict[int, object]:
    ids = {q.get("image_id") for q in questions if q.get("image_id")}
    if not ids:
        return {}
    return get_image_model().objects.in_bulk(ids)


def question_views(
    *,
    attempt: Attempt,
    rows: Sequence[AttemptAnswer],
    indexes: Sequence[int],
    data=None,
    errors: Mapping[int, str] | None = None,
) -> list[QuestionView]:
    """Views of the questions at ``indexes``, filled from ``data`` (a re-shown
    form) or else from the saved answers."""
    errors = errors or {}
    by_index = {row.index: row for row in rows}
    snapshots = [attempt.questions[index] for index in indexes]
    images = images_for(snapshots)
    views = []
    for index, snapshot in zip(indexes, snapshots, strict=True):
        row = by_index[index]
        public = public_question(
            snapshot,
            seed=str(attempt.public_id),
            shuffle_options=attempt.settings.get("shuffle_options", False),
        )
        prefix = field_prefix(snapshot)
        values = (
            _values_from_data(public, data, prefix)
            if data is not None and not row.checked
            else _values_from_answer(public, row.answer)
        )
        view = QuestionView(
            number=index + 1,
            index=index,
            prefix=prefix,
            question=public,
            answered=row.answer is not None,
            errors=[errors[index]] if index in errors else [],
            image=images.get(snapshot.get("image_id")),
            row=row if row.checked else None,
            review=review_of(snapshot, row) if row.checked else None,
            **_fill(public, values),
        )
        views.append(view)
    return views


def _values_from_answer(public: dict, answer: Mapping | None) -> dict:
    answer = answer or {}
    kind = public["type"]
    selected: set[str] = set()
    if kind == "single" and "option" in answer:
        selected = {answer["option"]}
    elif kind == "multiple":
        selected = set(answer.get("options", ()))
    elif kind == "true_false" and "value" in answer:
        selected = {"true" if answer["value"] else "false"}
    order = answer.get("order") or []
    return {
        "selected": selected,
        "text": answer.get("text", ""),
        "positions": {key: str(n) for n, key in enumerate(order, start=1)},
        "matches": dict(answer.get("matches") or {}),
    }


def _values_from_data(public: dict, data, prefix: str) -> dict:
    def one(name: str) -> str:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return values[0] if values else ""

    keys = [c["key"] for c in public.get("items", [])] + [
        p["key"] for p in public.get("prompts", [])
    ]
    nested = {key: one(f"{prefix}-{key}") for key in keys}
    selected = set(data.getlist(prefix)) if hasattr(data, "getlist") else set()
    return {
        "selected": selected,
        "text": one(prefix)[:20_000],
        "positions": nested,
        "matches": nested,
    }


def _fill(public: dict, values: dict) -> dict:
    kind = public["type"]
    if kind in ("single", "multiple"):
        choices = [
            {**option, "checked": option["key"] in values["selected"]}
            for option in public["options"]
        ]
        return {"choices": choices}
    if kind == "true_false":
        return {
            "choices": [
                {
                    "key": "true",
                    "text": _("Juist"),
                    "checked": "true" in values["selected"],
                },
                {
                    "key": "false",
                    "text": _("Onjuist"),
                    "checked": "false" in values["selected"],
                },
            ]
        }
    if kind == "ordering":
        positions = [str(n) for n in range(1, len(public["items"]) + 1)]
        return {
            "choices": [
                {
                    **item,
                    "chosen": values["positions"].get(item["key"], ""),
                    "positions": positions,
                }
                for item in public["items"]
            ]
        }
    if kind == "matching":
        return {
            "choices": [
                {**prompt, "chosen": values["matches"].get(prompt["key"], "")}
                for prompt in public["prompts"]
            ],
            "targets": public["choices"],
        }
    return {"text": values["text"]}


# --- after grading ---------------------------------------------------------------


def answer_lines(question: Mapping, answer: Mapping | None) -> list[str]:
    """The learner's answer in words, one line per part."""
    if answer is None:
        return []
    kind = question["type"]
    if kind in ("short_text", "essay"):
        return [answer.get("text", "")]
    if kind == "true_false":
        return [_("Juist") if answer.get("value") else _("Onjuist")]
    texts = {o["key"]: o["text"] for o in question.get("options", ())}
    if kind == "single":
        return [texts.get(answer.get("option"), "?")]
    if kind == "multiple":
        return [texts.get(key, "?") for key in answer.get("options", ())]
    if kind == "ordering":
        items = {i["key"]: i["text"] for i in question.get("items", ())}
        return [
            f"{n}. {items.get(key, '?')}"
            for n, key in enumerate(answer.get("order", ()), 1)
        ]
    if kind == "matching":
        pairs = {p["key"]: p for p in question.get("pairs", ())}
        return [
            f"{pairs[prompt]['prompt']} → {pairs.get(chosen, {}).get('match', '?')}"
            for prompt, chosen in answer.get("matches", {}).items()
            if prompt in pairs
        ]
    return []


def review_of(question: Mapping, row: AttemptAnswer) -> dict:
    """Everything the learner may see about a graded question."""
    if row.needs_marking:
        state = "pending"
    elif row.score is None:
        state = "ungraded"
    elif row.is_correct:
        state = "correct"
    elif row.score > 0:
        state = "partial"
    else:
        state = "wrong"
    return {
        "state": state,
        "percent": None if row.score is None else round(row.score * 100),
        "answer_lines": answer_lines(question, row.answer),
        "feedback": list(row.feedback or ()),
        "marker_feedback": row.marker_feedback,
        "explanation": question.get("explanation", ""),
        "sources": question.get("sources", ()),
        "text": question["text"],
        "type": question["type"],
    }
