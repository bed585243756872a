"""Grading of quiz questions, free of Django and the database.

Works on the question snapshots and answers of docs/schemas.md. ``parse_answer``
turns submitted form fields into an answer, ``grade_question`` scores it (one
interface for every question type), ``marked_grade`` records a trainer's mark for
an essay, ``attempt_result`` combines weighted scores into pass or fail, and
``draw_questions``, ``option_order``, ``shuffled_options`` and ``public_question``
prepare what a learner sees before submitting.

``parse_answer`` raises ``InvalidAnswer`` with a stable ``code`` and ``params``;
the Django layer translates the code (``MESSAGES`` holds the English source):

- ``unknown_option`` (key): a chosen option is not one of the question's options.
- ``duplicate_option`` (key): the same option was sent twice.
- ``multiple_values`` (field): several values for a field that takes one.
- ``invalid_boolean`` (value): a true/false field holds something else.
- ``too_long`` (length, limit): text over ``MAX_TEXT_LENGTH`` characters.
- ``invalid_position`` (item, value, count): an ordering position outside 1..count.
- ``duplicate_position`` (position): two ordering items share a position.
- ``incomplete_order`` (missing): some, but not all, ordering items have a position.
- ``unknown_match`` (prompt, key): a matching choice that is not one of the pairs.

``duplicate_position`` and ``incomplete_order`` also come from honest learners
using the position selects without JavaScript: show them as form errors. The
other codes mean the form was tampered with.
"""

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

MAX_TEXT_LENGTH = 10_000
# Tolerance for float error in weighted sums, so 0.7 >= 0.7 holds.
PASS_EPSILON = 1e-9
SCORE_DECIMALS = 4

MESSAGES: Mapping[str, str] = {
    "unknown_option": "Option %(key)s does not belong to this question.",
    "duplicate_option": "Option %(key)s was sent more than once.",
    "multiple_values": "Only one answer is allowed for %(field)s.",
    "invalid_boolean": "Choose true or false.",
    "too_long": "The answer has %(length)s characters; the limit is %(limit)s.",
    "invalid_position": "Choose a position from 1 to %(count)s for every item.",
    "duplicate_position": "Position %(position)s was given to more than one item.",
    "incomplete_order": "Give every item a position (%(missing)s missing).",
    "unknown_match": "The chosen match for %(prompt)s does not exist.",
}

PARTIAL_CREDIT_MODES = ("all_or_nothing", "proportional", "right_minus_wrong")

T = TypeVar("T")
Question = Mapping[str, Any]
Answer = dict[str, Any]


class FormData(Protocol):
    """A Django ``QueryDict`` or anything else with ``getlist``."""

    def getlist(self, key: str) -> list[str]: ...


class InvalidAnswer(ValueError):
    """Submitted form data that is not a valid answer to the question."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code] % params)


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one answer."""

    score: float  # 0–1 fraction of the question's credit
    is_correct: bool  # full marks only
    needs_marking: bool = False  # an essay waiting for a trainer; score is 0 till then
    feedback: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"A score must lie between 0 and 1, not {self.score!r}.")


@dataclass(frozen=True)
class AttemptResult:
    """The combined result of an attempt's graded questions."""

    score: float  # 0–1, weighted, pending questions counting 0, 4 decimals
    passed: bool | None  # None while pending questions could still change it
    pending: int  # questions waiting for a trainer


# --- parsing form data -------------------------------------------------------------


def parse_answer(
    *, question: Question, data: FormData | Mapping[str, Sequence[str]], prefix: str
) -> Answer | None:
    """Turn the form fields of one question into its answer, None when unanswered.

    Field names follow docs/schemas.md ("Form fields"). Blank values count as not
    given. Raises ``InvalidAnswer`` for data that is no valid answer (codes in the
    module docstring) and ``ValueError`` for an unknown question type.
    """
    return _dispatch(_PARSERS, question)(question, data, prefix)


def _values(data: FormData | Mapping[str, Sequence[str]], name: str) -> list[str]:
    """The non-blank values of a field, from a QueryDict or a dict of lists."""
    if hasattr(data, "getlist"):
        raw = data.getlist(name)
    else:
        raw = data.get(name, ())
        raw = [raw] if isinstance(raw, str) else raw
    return [value for value in raw if value.strip()]


def _one(data: FormData | Mapping[str, Sequence[str]], name: str) -> str | None:
    values = _values(data, name)
    if len(values) > 1:
        raise InvalidAnswer("multiple_values", field=name)
    return values[0] if values else None


def _clip(value: str) -> str:
    """Tampered values end up in messages; keep them short."""
    return value[:40]


def _option_keys(question: Question) -> list[str]:
    return [option["key"] for option in question["options"]]


def _parse_single(question: Question, data, prefix: str) -> Answer | None:
    key = _one(data, prefix)
    if key is None:
        return None
    if key not in _option_keys(question):
        raise InvalidAnswer("unknown_option", key=_clip(key))
    return {"option": key}


def _parse_multiple(question: Question, data, prefix: str) -> Answer | None:
    values = _values(data, prefix)
    known = _option_keys(question)
    for key, times in Counter(values).items():
        if key not in known:
            raise InvalidAnswer("unknown_option", key=_clip(key))
        if times > 1:
            raise InvalidAnswer("duplicate_option", key=key)
    if not values:
        return None
    return {"options": [key for key in known if key in values]}


def _parse_true_false(question: Question, data, prefix: str) -> Answer | None:
    value = _one(data, prefix)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise InvalidAnswer("invalid_boolean", value=_clip(value))
    return {"value": value == "true"}


def _parse_text(question: Question, data, prefix: str) -> Answer | None:
    value = _one(data, prefix)
    if value is None:
        return None
    text = value.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidAnswer("too_long", length=len(text), limit=MAX_TEXT_LENGTH)
    return {"text": text}


def _parse_ordering(question: Question, data, prefix: str) -> Answer | None:
    keys = [item["key"] for item in question["items"]]
    positions: dict[str, int] = {}
    for key in keys:
        value = _one(data, f"{prefix}-{key}")
        if value is None:
            continue
        # ASCII digits only: int() would also accept "+2", " 2", "٢" and "1_0".
        if not re.fullmatch(r"[0-9]{1,6}", value) or not 1 <= int(value) <= len(keys):
            raise InvalidAnswer(
                "invalid_position", item=key, value=_clip(value), count=len(keys)
            )
        positions[key] = int(value)
    if not positions:
        return None
    if len(positions) < len(keys):
        raise InvalidAnswer("incomplete_order", missing=len(keys) - len(positions))
    shared = sorted(p for p, n in Counter(positions.values()).items() if n > 1)
    if shared:
        raise InvalidAnswer("duplicate_position", position=shared[0])
    return {"order": sorted(positions, key=positions.__getitem__)}


def _parse_matching(question: Question, data, prefix: str) -> Answer | None:
    keys = [pair["key"] for pair in question["pairs"]]
    matches: dict[str, str] = {}
    for key in keys:
        value = _one(data, f"{prefix}-{key}")
        if value is None:
            continue
        if value not in keys:
            raise InvalidAnswer("unknown_match", prompt=key, key=_clip(value))
        matches[key] = value
    return {"matches": matches} if matches else None


# --- grading -----------------------------------------------------------------------


def grade_question(*, question: Question, answer: Mapping[str, Any] | None) -> Grade:
    """Score an answer (as returned by ``parse_answer``) against the question.

    Unanswered scores 0. An answered essay scores 0 with ``needs_marking`` until
    a trainer marks it (``marked_grade``); an unanswered essay needs no marking.
    Keys in the answer that the question does not have earn nothing. Raises
    ``ValueError`` for an unknown type or partial-credit mode, or an answer that
    lacks the field its type needs.
    """
    if question["type"] == "essay":
        return Grade(score=0.0, is_correct=False, needs_marking=answer is not None)
    scorer = _dispatch(_SCORERS, question)
    if answer is None:
        return _grade(question, score=0.0, chosen=())
    score, chosen = scorer(question, answer)
    return _grade(question, score=score, chosen=chosen)


def marked_grade(*, score: float, feedback: str) -> Grade:
    """A trainer's mark for an essay: ``score`` 0–1, ``feedback`` may be blank."""
    feedback = feedback.strip()
    return Grade(
        score=float(score),
        is_correct=score == 1,
        feedback=(feedback,) if feedback else (),
    )


def normalise_text(text: str) -> str:
    """Short answers compare case-, width- and whitespace-insensitively, ignoring
    trailing punctuation: "Lijst  Ⅱ." equals "lijst II"."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return text.rstrip(".,;:!? ")


def _grade(question: Question, *, score: float, chosen: Iterable[str]) -> Grade:
    is_correct = score == 1.0
    chosen = set(chosen)
    feedback = [
        option["feedback"]
        for option in question.get("options", ())
        if option["key"] in chosen and option.get("feedback")
    ]
    general = question.get("feedback_correct" if is_correct else "feedback_incorrect")
    if general:
        feedback.append(general)
    return Grade(score=score, is_correct=is_correct, feedback=tuple(feedback))


def _field(answer: Mapping[str, Any], name: str) -> Any:
    if name not in answer:
        raise ValueError(f"The answer has no {name!r}; it does not fit the question.")
    return answer[name]


def _mode(question: Question, allowed: Sequence[str]) -> str:
    mode = question.get("partial_credit") or "all_or_nothing"
    if mode not in allowed:
        raise ValueError(
            f"Partial credit {mode!r} does not apply to {question['type']}."
        )
    return mode


def _fraction(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _score_single(question: Question, answer) -> tuple[float, tuple[str, ...]]:
    key = _field(answer, "option")
    correct = {option["key"] for option in question["options"] if option["correct"]}
    return (1.0 if key in correct else 0.0), (key,)


def _score_multiple(question: Question, answer) -> tuple[float, tuple[str, ...]]:
    options = question["options"]
    chosen = set(_field(answer, "options")) & set(_option_keys(question))
    correct = {option["key"] for option in options if option["correct"]}
    wrong = set(_option_keys(question)) - correct
    mode = _mode(question, PARTIAL_CREDIT_MODES)
    if mode == "all_or_nothing":
        score = 1.0 if chosen == correct else 0.0
    elif mode == "proportional":
        right = sum(
            (option["key"] in chosen) == bool(option["correct"]) for option in options
        )
        score = _fraction(right, len(options))
    else:  # right_minus_wrong; nothing to find counts as all found
        found = _fraction(len(chosen & correct), len(correct)) if correct else 1.0
        score = max(0.0, found - _fraction(len(chosen & wrong), len(wrong)))
    return score, tuple(chosen)


def _score_true_false(question: Question, answer) -> tuple[float, tuple[str, ...]]:
    right = _field(answer, "value") is bool(question["correct"])
    return (1.0 if right else 0.0), ()


def _score_short_text(question: Question, answer) -> tuple[float, tuple[str, ...]]:
    text = normalise_text(_field(answer, "text"))
    accepted = {normalise_text(option) for option in question["accepted_answers"]}
    return (1.0 if text and text in accepted else 0.0), ()


def _score_ordering(question: Question, answer) -> tuple[float, tuple[str, ...]]:
    order = list(_field(answer, "order"))
    correct = [item["key"] for item in question["items"]]
    if _mode(question, PARTIAL_CREDIT_MODES[:2]) == "all_or_nothing":
        return (1.0 if order == correct else 0.0), ()
    right = sum(given == key for given, key in zip(order, correct, strict=False))
    return _fraction(right, max(len(order), len(correct))), ()


def _score_matching(question: Question, answer) -> tuple[float, tuple[str, ...]]:
    # Compare match texts, not pair keys: two prompts may share a match
    # ("GHB" and "alcohol" both "Depressivum") and either pair key is then right.
    matches = _field(answer, "matches")
    pairs = question["pairs"]
    text_of = {pair["key"]: pair["match"] for pair in pairs}
    right = sum(
        text_of.get(matches.get(pair["key"])) == pair["match"] for pair in pairs
    )
    if _mode(question, PARTIAL_CREDIT_MODES[:2]) == "all_or_nothing":
        return (1.0 if right == len(pairs) else 0.0), ()
    return _fraction(right, len(pairs)), ()


def _dispatch(table: Mapping[str, Callable[..., Any]], question: Question) -> Any:
    try:
        return table[question["type"]]
    except KeyError:
        raise ValueError(f"Unknown question type {question.get('type')!r}.") from None


_PARSERS = {
    "single": _parse_single,
    "multiple": _parse_multiple,
    "true_false": _parse_true_false,
    "short_text": _parse_text,
    "ordering": _parse_ordering,
    "matching": _parse_matching,
    "essay": _parse_text,
}
_SCORERS = {
    "single": _score_single,
    "multiple": _score_multiple,
    "true_false": _score_true_false,
    "short_text": _score_short_text,
    "ordering": _score_ordering,
    "matching": _score_matching,
}


# --- attempts ----------------------------------------------------------------------


def attempt_result(
    *, items: Sequence[tuple[float, float | None]], pass_mark: float
) -> AttemptResult:
    """Combine ``(weight, score)`` pairs (score None while a trainer has to mark it).

    score = sum(weight × score) / sum(weight), pending counting 0, rounded to 4
    decimals; ``passed`` is decided on the rounded figure, so what the learner sees
    is what counts. ``passed`` is True once the score reaches ``pass_mark`` (0–1),
    False when even full marks on every pending question cannot reach it, and None
    in between. Raises ``ValueError`` for a weight that is not a positive number or
    a score or pass mark outside 0–1.
    """
    if not 0.0 <= pass_mark <= 1.0:
        raise ValueError(f"A pass mark must lie between 0 and 1, not {pass_mark!r}.")
    total = earned = open_weight = 0.0
    pending = 0
    for weight, item_score in items:
        if not 0.0 < weight < float("inf"):
            raise ValueError(f"A weight must be a positive number, not {weight!r}.")
        total += weight
        if item_score is None:
            pending += 1
            open_weight += weight
        elif 0.0 <= item_score <= 1.0:
            earned += weight * item_score
        else:
            raise ValueError(f"A score must lie between 0 and 1, not {item_score!r}.")
    score = round(earned / total, SCORE_DECIMALS) if total else 0.0
    best = round((earned + open_weight) / total, SCORE_DECIMALS) if total else 0.0
    passed: bool | None = None
    if score >= pass_mark - PASS_EPSILON:
        passed = True
    elif best < pass_mark - PASS_EPSILON:
        passed = False
    return AttemptResult(score=score, passed=passed, pending=pending)


def draw_questions(
    *,
    pools: Mapping[str, Sequence[T]],
    counts: Mapping[str, int],
    rng: random.Random,
    shuffle: bool,
) -> list[T]:
    """Draw ``counts[category]`` items from each pool, without replacement.

    Items are compared with ``==`` (pass ids or snapshots), so an item in two
    pools or twice in one is drawn at most once. Without ``shuffle`` the result
    keeps the order of ``counts`` and, inside a category, the order of its pool.
    Pools must come in a stable order (e.g. by id) for a seeded ``rng`` to repeat
    the same draw. Raises ``ValueError`` for a missing or too small pool.
    """
    drawn: list[T] = []
    for category, count in counts.items():
        if category not in pools:
            raise ValueError(f"There is no question pool for category {category!r}.")
        available: list[T] = []
        for item in pools[category]:
            if item not in drawn and item not in available:
                available.append(item)
        if not 0 <= count <= len(available):
            raise ValueError(
                f"Category {category!r} has {len(available)} questions available; "
                f"{count} were asked for."
            )
        picked = sorted(rng.sample(range(len(available)), count))
        drawn.extend(available[index] for index in picked)
    if shuffle:
        rng.shuffle(drawn)
    return drawn


# --- what the learner sees ---------------------------------------------------------


def shuffled_options(*, question: Question, rng: random.Random) -> list[dict[str, str]]:
    """The question's choices as ``{"key", "text"}`` in random order, nothing more.

    Options for single/multiple, items for ordering, the distinct match texts for
    matching (keyed by the first pair that has it); an empty list otherwise.
    """
    choices = _choices(question)
    rng.shuffle(choices)
    return choices


def option_order(question: Question, *, rng: random.Random, shuffle: bool) -> list[str]:
    """The option keys of a single or multiple choice question in the order a
    new attempt shows them: shuffled when ``shuffle`` and the question does not
    keep its own order (``fixed_order``, e.g. for "all of the above"), else
    as written. Empty for other types. Stored in the attempt's snapshot
    (``option_order``), so resuming and regrading show the same order."""
    if question["type"] not in ("single", "multiple"):
        return []
    keys = [option["key"] for option in question["options"]]
    if shuffle and not question.get("fixed_order"):
        rng.shuffle(keys)
    return keys


def option_order_carried(old: Question, new: Question) -> list[str]:
    """``old``'s stored option order applied to a corrected version ``new`` of
    the question (a regrade): options still there keep their place, options
    added since come last in written order, removed ones drop out."""
    keys = [option["key"] for option in new.get("options", ())]
    kept = [key for key in old.get("option_order", ()) if key in keys]
    return kept + [key for key in keys if key not in kept]


def _in_stored_order(options: list[dict], order: Sequence[str]) -> list[dict]:
    position = {key: n for n, key in enumerate(order)}
    return sorted(options, key=lambda o: position.get(o["key"], len(position)))


def public_question(
    question: Question, *, seed: int | str, shuffle_options: bool = False
) -> dict[str, Any]:
    """The question without anything that gives the answer away, for templates.

    Keeps only what a learner may see: no ``correct`` flags, accepted answers,
    feedback, explanation or sources. Options come in the attempt's stored
    ``option_order``; snapshots from before that was stored are shuffled only
    with ``shuffle_options``. Ordering items and matching choices always come
    shuffled. Shuffles follow from ``seed`` (e.g. the attempt id) and the
    question id, so a re-rendered form looks the same. A shuffle may happen to
    give the correct order; forcing it not to would itself reveal the answer.
    """
    rng = random.Random(f"{seed}:{question.get('id')}")  # noqa: S311 presentation only
    public = {
        name: question[name]
        for name in ("schema_version", "id", "version", "type", "text", "weight")
        if name in question
    }
    kind = question["type"]
    if kind in ("single", "multiple"):
        options = _choices(question)
        if "option_order" in question:
            options = _in_stored_order(options, question["option_order"])
        elif shuffle_options:
            rng.shuffle(options)
        public["options"] = options
    if kind == "multiple":
        public["partial_credit"] = question.get("partial_credit") or "all_or_nothing"
    if kind == "ordering":
        public["items"] = shuffled_options(question=question, rng=rng)
    if kind == "matching":
        public["prompts"] = [
            {"key": pair["key"], "prompt": pair["prompt"]} for pair in question["pairs"]
        ]
        public["choices"] = shuffled_options(question=question, rng=rng)
    return public


def _choices(question: Question) -> list[dict[str, str]]:
    kind = question["type"]
    if kind in ("single", "multiple"):
        return [{"key": o["key"], "text": o["text"]} for o in question["options"]]
    if kind == "ordering":
        return [{"key": i["key"], "text": i["text"]} for i in question["items"]]
    if kind == "matching":
        first_key: dict[str, str] = {}
        for pair in question["pairs"]:
            first_key.setdefault(pair["match"], pair["key"])
        return [{"key": key, "text": text} for text, key in first_key.items()]
    return []
