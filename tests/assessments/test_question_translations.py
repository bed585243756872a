"""Translated questions: learners read them in their language, grading and the
bank stay with the Dutch source."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from assessments.engine.grading import grade_question
from assessments.question_translation import snapshot_translated
from assessments.services import AttemptRefused, attempt_start
from tests.factories.assessments import category_create, question_create, quiz_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(question, locale, *, text, options=None, accepted=""):
    copy = question.copy_for_translation(locale)
    copy.text = text
    copy.explanation = "Explanation in English."
    if accepted:
        copy.accepted_answers = accepted
    for option in copy.options.all():
        if options and option.key in options:
            option.text = options[option.key]
    copy.save()
    return copy


def test_translation_keeps_grading_and_replaces_texts_when_merged():
    source = {
        "id": 4,
        "key": "q",
        "type": "single",
        "text": "<p>Vraag</p>",
        "explanation": "Uitleg",
        "sources": ["Bron"],
        "options": [
            {"key": "a", "text": "Ja", "correct": True, "feedback": "Goed"},
            {"key": "b", "text": "Nee", "correct": False, "feedback": ""},
        ],
    }
    english = {
        "id": 9,
        "key": "q-en",
        "type": "single",
        "text": "<p>Question</p>",
        "explanation": "",
        "options": [
            {"key": "a", "text": "Yes", "correct": False, "feedback": "Right"},
        ],
    }
    shown = snapshot_translated(source, english, language="en")
    assert shown["id"] == 4
    assert shown["key"] == "q"
    assert shown["text"] == "<p>Question</p>"
    assert shown["explanation"] == "Uitleg"  # empty in the translation
    assert shown["options"] == [
        {"key": "a", "text": "Yes", "correct": True, "feedback": "Right"},
        {"key": "b", "text": "Nee", "correct": False, "feedback": ""},
    ]
    assert shown["language"] == "en"
    assert source["text"] == "<p>Vraag</p>"  # not changed in place


def test_short_answers_count_in_both_languages_when_translated():
    source = {"type": "short_text", "text": "x", "accepted_answers": ["snuiven"]}
    english = {"type": "short_text", "text": "y", "accepted_answers": ["snorting"]}
    shown = snapshot_translated(source, english, language="en")
    for answer in ("snuiven", "Snorting"):
        assert grade_question(question=shown, answer={"text": answer}).score == 1


def test_copy_for_translation_gets_its_own_key_and_the_same_part_keys(english):
    question = question_create(category=category_create(), key="lijst-ii")
    copy = translate(question, english, text="<p>Which list?</p>")
    assert copy.key == "lijst-ii-en"
    assert copy.translation_key == question.translation_key
    assert [o.key for o in copy.options.all()] == ["a", "b", "c"]


def test_attempt_shows_english_texts_and_grades_by_source_when_english(
    course_tree, enrolled, english
):
    category = category_create()
    question = question_create(category=category, type="single")
    translate(question, english, text="<p>In English</p>", options={"a": "Right"})
    quiz = quiz_create(course_tree.modules[0], draw={category: 1})
    with translation.override("en"):
        attempt = attempt_start(user=enrolled, quiz=quiz)
    shown = attempt.questions[0]
    assert shown["id"] == question.pk
    assert shown["text"] == "<p>In English</p>"
    assert shown["options"][0] == {
        "key": "a",
        "text": "Right",
        "correct": True,
        "feedback": "Ja.",
    }
    assert grade_question(question=shown, answer={"option": "a"}).score == 1


def test_attempt_in_dutch_never_draws_a_translation_when_pool_is_counted(
    course_tree, enrolled, english
):
    category = category_create()
    question = question_create(category=category, type="single")
    translate(question, english, text="<p>In English</p>")
    one = quiz_create(course_tree.modules[0], draw={category: 1})
    attempt = attempt_start(user=enrolled, quiz=one)
    assert attempt.questions[0]["text"] == question.text
    assert "language" not in attempt.questions[0]
    two = quiz_create(course_tree.modules[1], draw={category: 2})
    with pytest.raises(AttemptRefused) as refused:
        attempt_start(user=enrolled, quiz=two)
    assert refused.value.code == "pool_too_small"
