"""The question bank: snapshots in the docs/schemas.md shape, versions, part
keys, completeness rules, and every question type graded through an attempt
(partial credit included)."""

import pytest
from django.http import QueryDict

from assessments.engine.grading import grade_question, parse_answer, public_question
from assessments.engine.question_rules import question_problems
from assessments.models import QuestionOption
from assessments.services import attempt_start, attempt_submit
from tests.factories.assessments import (
    ALL_TYPES,
    category_create,
    question_create,
    quiz_create,
)

pytestmark = pytest.mark.django_db


def _query(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


@pytest.mark.parametrize("kind", ALL_TYPES)
def test_snapshot_has_the_documented_shape_when_any_type(category, kind):
    question = question_create(category=category, type=kind, weight=2)
    snapshot = question.snapshot()
    assert snapshot["schema_version"] == 1
    assert snapshot["id"] == question.pk
    assert snapshot["version"] == 1
    assert snapshot["type"] == kind
    assert snapshot["weight"] == 2.0
    assert snapshot["sources"] == ["Bron A (https://example.org/a)"]
    assert question_problems(snapshot) == []
    expected = {
        "single": "options",
        "multiple": "options",
        "true_false": "correct",
        "short_text": "accepted_answers",
        "ordering": "items",
        "matching": "pairs",
        "essay": "text",
    }[kind]
    assert expected in snapshot
    hidden = public_question(snapshot, seed=1)
    assert "explanation" not in hidden
    assert "correct" not in str(hidden)


def test_version_goes_up_when_a_question_is_saved_again(category):
    question = question_create(category=category)
    question.text = "<p>Aangepast</p>"
    question.save()
    question.save()
    assert question.version == 3


def test_new_parts_get_unique_keys_when_saved_without_keys(category):
    question = question_create(category=category)
    question.options = [
        *question.options.all(),
        QuestionOption(text="Nog een"),
        QuestionOption(text="En nog een"),
    ]
    question.save()
    keys = [o["key"] for o in question.snapshot()["options"]]
    assert keys == ["a", "b", "c", "d", "e"]
    direct = QuestionOption.objects.create(question=question, text="Via de shell")
    assert direct.key == "f"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"options": [{"text": "a", "correct": True}]}, "too_few_options"),
        (
            {
                "options": [
                    {"text": "a", "correct": True},
                    {"text": "b", "correct": True},
                ]
            },
            "single_needs_one_correct",
        ),
        ({"text": "  "}, "required"),
        ({"weight": 0}, "weight_positive"),
        ({"partial_credit": "right_minus_wrong"}, "partial_credit_invalid"),
        ({"type": "quiz"}, "unknown_type"),
    ],
)
def test_rules_name_the_problem_when_a_single_choice_question_is_incomplete(
    change, code
):
    question = {
        "type": "single",
        "text": "Vraag",
        "weight": 1,
        "options": [{"text": "a", "correct": True}, {"text": "b", "correct": False}],
        **change,
    }
    assert code in [problem.code for problem in question_problems(question)]


@pytest.mark.parametrize(
    ("kind", "partial_credit", "data", "expected"),
    [
        ("multiple", "all_or_nothing", {"P": ["a"]}, 0.0),
        ("multiple", "proportional", {"P": ["a"]}, 0.75),
        ("multiple", "proportional", {"P": ["a", "c"]}, 0.5),
        ("multiple", "right_minus_wrong", {"P": ["a", "c"]}, 0.0),
        ("multiple", "right_minus_wrong", {"P": ["a"]}, 0.5),
        (
            "ordering",
            "proportional",
            {"P-i1": ["1"], "P-i2": ["3"], "P-i3": ["2"]},
            1 / 3,
        ),
        (
            "ordering",
            "all_or_nothing",
            {"P-i1": ["1"], "P-i2": ["3"], "P-i3": ["2"]},
            0,
        ),
        ("matching", "proportional", {"P-p1": ["p1"], "P-p2": ["p3"]}, 1 / 3),
        ("matching", "all_or_nothing", {"P-p1": ["p1"], "P-p2": ["p3"]}, 0.0),
        ("short_text", "all_or_nothing", {"P": ["  LIJST 2 "]}, 1.0),
        ("true_false", "all_or_nothing", {"P": ["false"]}, 0.0),
        ("single", "all_or_nothing", {"P": ["a"]}, 1.0),
    ],
)
def test_attempt_scores_partial_credit_when_answers_are_partly_right(
    course_tree, enrolled, category, kind, partial_credit, data, expected
):
    question = question_create(
        category=category, type=kind, partial_credit=partial_credit
    )
    quiz = quiz_create(course_tree.modules[0], questions=[question])
    attempt = attempt_start(user=enrolled, quiz=quiz)
    prefix = f"q-{question.pk}"
    posted = {key.replace("P", prefix, 1): value for key, value in data.items()}
    attempt_submit(
        public_id=attempt.public_id, user=enrolled, data=_query(posted), indexes=[0]
    )
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(expected, abs=1e-4)
    answer = attempt.answers.get()
    assert answer.score == pytest.approx(expected, abs=1e-4)
    snapshot = attempt.questions[0]
    direct = grade_question(
        question=snapshot,
        answer=parse_answer(question=snapshot, data=_query(posted), prefix=prefix),
    )
    assert direct.score == pytest.approx(answer.score)


def test_weights_count_proportionally_when_questions_weigh_differently(
    course_tree, enrolled
):
    category = category_create()
    heavy = question_create(category=category, weight=3)
    light = question_create(category=category, weight=1)
    quiz = quiz_create(course_tree.modules[0], questions=[heavy, light])
    attempt = attempt_start(user=enrolled, quiz=quiz)
    data = _query({f"q-{heavy.pk}": ["a"], f"q-{light.pk}": ["b"]})
    attempt_submit(
        public_id=attempt.public_id, user=enrolled, data=data, indexes=[0, 1]
    )
    attempt.refresh_from_db()
    assert attempt.score == 0.75
    assert attempt.passed is True
