"""Does a quiz's question bank measure what it claims? Pure checks over question
snapshots (docs/schemas.md), free of Django and the database.

``bank_findings`` looks at the questions a quiz can draw and returns stable
codes with params (``quiz_messages.BANK_MESSAGES`` holds their Dutch texts):

- ``position_skew`` (position, share, count, total): one position (as written)
  holds the correct option in more than 40% of the single-choice questions. A
  learner who always picks that letter scores well when options are not
  shuffled, and in questions that keep a fixed order.
- ``longest_correct`` (share, count, total): the correct option is the longest
  in more than half of the single-choice questions ("pick the longest").
- ``single_wrong_option`` (key): a multiple-response question with exactly one
  wrong option ("tick all but the odd one out").
- ``no_explanation`` (key): nothing explains the answer after grading.
- ``explanation_restates`` (key): the explanation only repeats the answer.

The share checks need at least ``MIN_QUESTIONS`` single-choice questions: with
fewer, chance alone puts half of them on one letter.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

POSITION_SHARE_LIMIT = 0.4  # 0–1
LONGEST_SHARE_LIMIT = 0.5  # 0–1
MIN_QUESTIONS = 5
# Words that carry no content in "Het juiste antwoord is: ..." and its English.
FILLER = frozenset(
    """
    de het een en of is zijn was waren dat dit die deze er op in van voor met aan
    bij naar om te tot als dus want omdat namelijk ook nog wel niet geen wat
    juist juiste onjuist goed fout antwoord antwoorden klopt correct stelling
    the a an and or is are was were that this these it of in on for with to as so
    because also not no right wrong true false answer answers statement
    """.split()
)
WORD = re.compile(r"[\w'-]+", re.UNICODE)
TAG = re.compile(r"<[^>]+>")

Question = Mapping[str, Any]


@dataclass(frozen=True)
class Finding:
    code: str
    question_key: str = ""  # empty for a finding about the bank as a whole
    params: dict = field(default_factory=dict)


def bank_findings(questions: Sequence[Question]) -> list[Finding]:
    """Every finding for the bank ``questions`` (snapshots with ``key``): the
    bank-wide ones first, then per question in the given order."""
    singles = [q for q in questions if q["type"] == "single" and q.get("options")]
    findings = [*_position_skew(singles), *_longest_correct(singles)]
    for question in questions:
        findings += question_findings(question)
    return findings


def question_findings(question: Question) -> list[Finding]:
    key = question.get("key") or str(question.get("id", ""))
    found = []
    options = question.get("options") or []
    if question["type"] == "multiple" and options:
        wrong = [o for o in options if not o.get("correct")]
        if len(wrong) == 1:
            found.append(Finding("single_wrong_option", key, {"key": key}))
    explanation = _plain(question.get("explanation") or "")
    if not explanation:
        found.append(Finding("no_explanation", key, {"key": key}))
    elif restates_answer(explanation, answer_texts(question)):
        found.append(Finding("explanation_restates", key, {"key": key}))
    return found


def correct_position(question: Question) -> int | None:
    """0-based written position of the only correct option, if there is one."""
    positions = [n for n, o in enumerate(question["options"]) if o.get("correct")]
    return positions[0] if len(positions) == 1 else None


def correct_is_longest(question: Question) -> bool:
    """The correct option is strictly longer than every other option."""
    position = correct_position(question)
    if position is None or len(question["options"]) < 2:
        return False
    lengths = [len(_plain(o["text"])) for o in question["options"]]
    others = lengths[:position] + lengths[position + 1 :]
    return lengths[position] > max(others)


def answer_texts(question: Question) -> list[str]:
    """The texts that state the right answer of ``question``."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        return [o["text"] for o in question.get("options", ()) if o.get("correct")]
    if kind == "true_false":
        return ["juist waar true" if question.get("correct") else "onjuist onwaar"]
    if kind == "short_text":
        return list(question.get("accepted_answers") or ())
    if kind == "ordering":
        return [item["text"] for item in question.get("items", ())]
    if kind == "matching":
        return [f"{p['prompt']} {p['match']}" for p in question.get("pairs", ())]
    return []


def restates_answer(explanation: str, answers: Iterable[str]) -> bool:
    """The explanation adds no word of its own to the answer: every content word
    in it also occurs in the answer texts (fillers such as "het juiste antwoord
    is" aside). An explanation with no content words at all ("Juist.") counts as
    a restatement."""
    own = _content_words(explanation)
    known = set()
    for answer in answers:
        known |= _content_words(answer)
    return own <= known


def _content_words(text: str) -> set[str]:
    words = {word.casefold().strip("'-") for word in WORD.findall(_plain(text))}
    return {word for word in words if word and word not in FILLER and len(word) > 1}


def _plain(text: str) -> str:
    return " ".join(TAG.sub(" ", text).split())


def _position_skew(singles: list[Question]) -> list[Finding]:
    positions = [p for p in (correct_position(q) for q in singles) if p is not None]
    if len(positions) < MIN_QUESTIONS:
        return []
    position, count = Counter(positions).most_common(1)[0]
    share = count / len(positions)
    if share <= POSITION_SHARE_LIMIT:
        return []
    return [
        Finding(
            "position_skew",
            params={
                "position": "abcdefghijklmnopqrstuvwxyz"[position]
                if position < 26
                else str(position + 1),
                "share": round(share * 100),
                "count": count,
                "total": len(positions),
            },
        )
    ]


def _longest_correct(singles: list[Question]) -> list[Finding]:
    judged = [q for q in singles if correct_position(q) is not None]
    if len(judged) < MIN_QUESTIONS:
        return []
    count = sum(correct_is_longest(q) for q in judged)
    share = count / len(judged)
    if share <= LONGEST_SHARE_LIMIT:
        return []
    return [
        Finding(
            "longest_correct",
            params={"share": round(share * 100), "count": count, "total": len(judged)},
        )
    ]
