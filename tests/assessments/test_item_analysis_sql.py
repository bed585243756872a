"""The item analysis summed in the database against a small bank computed by
hand: pending scores, ties in attempt score, an attempt without a score, a
deleted question and a question only some attempts drew, at varying positions."""

import datetime

import pytest
from django.utils import timezone

from assessments.engine.analysis import GROUP_FRACTION, item_statistics
from assessments.item_analysis import PERCENT
from assessments.models import Attempt, AttemptAnswer, AttemptStatus, Question
from assessments.selectors import quiz_item_analysis
from tests.factories.assessments import category_create, question_create, quiz_create
from tests.factories.users import UserFactory

# Per attempt (in id order): its score, then per question (position order):
# (question, answer, item score, seconds). None scores: pending or no score.
BANK = [
    (0.9, [("D", "a", 1.0, 12), ("S", "a", 1.0, 10), ("T", True, 1.0, 8)]),
    (0.2, [("D", "b", 0.0, 12), ("S", "b", 0.0, 20), ("T", False, 0.0, 8)]),
    (
        0.5,
        [
            ("D", "a", 1.0, 12),
            ("S", "a", 1.0, 0),
            ("T", True, 1.0, 8),
            ("X", ["a", "b"], 1.0, 40),
        ],
    ),
    (0.5, [("D", "a", 1.0, 12), ("S", "c", 0.0, 30), ("T", False, 0.0, 8)]),
    (None, [("D", "b", 0.0, 12), ("S", "a", 1.0, 10), ("T", False, 0.0, 8)]),
    (
        1.0,
        [
            ("D", "c", 0.0, 12),
            ("S", "a", 1.0, 5),
            ("T", True, 1.0, 8),
            ("X", ["a"], 0.5, 20),
        ],
    ),
    (0.2, [("S", None, 0.0, 0), ("T", True, 1.0, 8), ("X", ["c"], 0.0, 0)]),
    (0.7, [("S", "a", 1.0, 15), ("T", True, None, 8), ("X", ["a", "b"], 1.0, 30)]),
]
TYPES = {"D": "single", "S": "single", "T": "true_false", "X": "multiple"}

# By hand. Ranked by attempt score (none counts as 0), ties by id: attempts
# 5, 2, 7, 3, 4, 8, 1, 6. g = int(0.27 n + 0.5): 2 for n = 6, 7, 8; 1 for 4.
EXPECTED = {
    # responses, facility, discrimination, option counts, mean seconds
    # S: lower 5, 2 -> (1 + 0) / 2; upper 1, 6 -> 1
    "S": (8, 5 / 8, 0.5, {"a": 5, "b": 1, "c": 1}, 90 / 6),
    # T (attempt 8 pending): lower 5, 2 (not 7: the tie goes by id) -> 0
    "T": (7, 4 / 7, 1.0, {"false": 3, "true": 4}, 8.0),
    # D (deleted): lower 5, 2 -> 0; upper 1, 6 -> (1 + 0) / 2
    "D": (6, 3 / 6, 0.5, {"a": 3, "b": 2, "c": 1}, 12.0),
    # X (attempts 3, 6, 7, 8 only): too few for groups of two
    "X": (4, 2.5 / 4, None, {"a": 3, "b": 2, "c": 1}, 90 / 3),
}

pytestmark = pytest.mark.django_db


def _answer(kind: str, chosen):
    if chosen is None:
        return None
    return {"single": {"option": chosen}, "true_false": {"value": chosen}}.get(
        kind, {"options": chosen}
    )


@pytest.fixture
def bank(course_tree):
    category = category_create()
    questions = {
        name: question_create(category=category, type=kind, key=f"vraag-{name}")
        for name, kind in TYPES.items()
    }
    quiz = quiz_create(course_tree.modules[0], questions=list(questions.values()))
    learner = UserFactory()
    started = timezone.now() - datetime.timedelta(days=1)

    def attempt(number, score, rows, status=AttemptStatus.SUBMITTED):
        snapshot = {
            "questions": [
                {
                    "id": questions[name].pk,
                    "key": f"vraag-{name}",
                    "type": TYPES[name],
                    "text": f"{name} in poging {number}",
                }
                for name, *_ in rows
            ]
        }
        made = Attempt.objects.create(
            user=learner,
            quiz=quiz,
            course=course_tree.course,
            number=number,
            pass_mark=0.7,
            snapshot=snapshot,
            status=status,
            started_at=started,
            submitted_at=started,
            score=score,
        )
        AttemptAnswer.objects.bulk_create(
            AttemptAnswer(
                attempt=made,
                index=index,
                question=questions[name],
                question_version=1,
                answer=_answer(TYPES[name], chosen),
                seconds=seconds,
                score=item_score,
            )
            for index, (name, chosen, item_score, seconds) in enumerate(rows)
        )

    for number, (score, rows) in enumerate(BANK, start=1):
        attempt(number, score, rows)
    # an open attempt is left out, answers and all
    attempt(9, None, [("S", "b", 0.0, 5)], status=AttemptStatus.IN_PROGRESS)
    deleted = questions["D"].pk
    Question.objects.filter(pk=deleted).delete()
    return quiz, {name: question.pk for name, question in questions.items()}


def test_item_analysis_matches_the_bank_computed_by_hand(bank):
    quiz, ids = bank

    attempts, rows = quiz_item_analysis(quiz=quiz)

    assert attempts == 8
    # order of first appearance; a deleted question after the present ones of
    # the same attempt, under the id its snapshot kept
    assert [row.question["id"] for row in rows] == [ids[n] for n in "STDX"]
    # labels from the latest attempt that held the question
    assert [row.question["text"] for row in rows] == [
        "S in poging 8",
        "T in poging 8",
        "D in poging 6",
        "X in poging 8",
    ]
    for name, row in zip("STDX", rows, strict=True):
        stats = row.statistics
        responses, facility, discrimination, counts, seconds = EXPECTED[name]
        assert stats.question_id == ids[name]
        assert stats.responses == responses, name
        assert stats.facility == pytest.approx(facility), name
        if discrimination is None:
            assert stats.discrimination is None, name
        else:
            assert stats.discrimination == pytest.approx(discrimination), name
        assert stats.option_counts == counts, name
        assert stats.mean_seconds == pytest.approx(seconds), name


def test_item_analysis_equals_the_python_computation_over_every_answer(bank):
    quiz, ids = bank
    names = {question_id: name for name, question_id in ids.items()}
    attempts = [
        {
            "attempt_score": score or 0.0,
            "items": {
                ids[name]: {
                    "score": item_score,
                    "option_keys": [] if chosen is None else _keys(chosen),
                    "seconds": seconds or None,
                }
                for name, chosen, item_score, seconds in rows
            },
        }
        for score, rows in BANK
    ]
    expected = item_statistics(attempts=attempts)

    _, rows = quiz_item_analysis(quiz=quiz)

    by_sql = {row.statistics.question_id: row.statistics for row in rows}
    assert {names[key] for key in by_sql} == set("STDX")
    assert by_sql == expected


def _keys(chosen) -> list[str]:
    if isinstance(chosen, bool):
        return ["true" if chosen else "false"]
    return chosen if isinstance(chosen, list) else [chosen]


def test_group_size_in_whole_numbers_equals_the_float_rounding():
    assert all(
        (n * PERCENT + 50) // 100 == int(n * GROUP_FRACTION + 0.5)
        for n in range(1_000_001)
    )
