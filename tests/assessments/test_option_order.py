"""Options are shuffled per attempt by default; the order is part of the
attempt's snapshot, so resuming and regrading show the same order; a question
may keep its written order ("all of the above")."""

import random
import re

import pytest

from assessments.engine.grading import (
    option_order,
    option_order_carried,
    public_question,
)
from assessments.models import Attempt, QuestionOption, QuizPage
from assessments.services import attempt_start, attempt_submit, question_regrade
from courses.services import enrolment_create
from tests.factories.assessments import question_create, quiz_create
from tests.factories.users import UserFactory

FIVE = [{"key": key, "text": key.upper(), "correct": key == "a"} for key in "abcde"]


def _single(**extra) -> dict:
    return {"id": 1, "type": "single", "text": "?", "options": FIVE, **extra}


# --- pure -------------------------------------------------------------------------


def test_option_order_shuffles_when_asked():
    orders = {
        tuple(option_order(_single(), rng=random.Random(seed), shuffle=True))
        for seed in range(20)
    }
    assert len(orders) > 1
    assert all(sorted(order) == list("abcde") for order in orders)


def test_option_order_keeps_written_order_when_question_has_fixed_order():
    for seed in range(20):
        order = option_order(
            _single(fixed_order=True), rng=random.Random(seed), shuffle=True
        )
        assert order == list("abcde")


def test_option_order_keeps_written_order_when_quiz_does_not_shuffle():
    assert option_order(_single(), rng=random.Random(1), shuffle=False) == list("abcde")


def test_option_order_is_empty_when_question_has_no_options():
    essay = {"id": 2, "type": "essay", "text": "?"}
    assert option_order(essay, rng=random.Random(1), shuffle=True) == []


def test_public_question_follows_stored_order_when_snapshot_has_one():
    question = _single(option_order=list("dbeac"))
    for shuffle in (False, True):
        public = public_question(question, seed="x", shuffle_options=shuffle)
        assert [o["key"] for o in public["options"]] == list("dbeac")


def test_option_order_carried_keeps_places_when_question_was_corrected():
    old = _single(option_order=list("dbeac"))
    new = _single(options=[*FIVE[:2], *FIVE[3:], {"key": "f", "text": "F"}])  # c gone
    assert option_order_carried(old, new) == list("dbeaf")


# --- attempts ---------------------------------------------------------------------


@pytest.fixture
def five_option_question(category):
    question = question_create(category=category, type="single")
    question.options = [
        QuestionOption(key=key, text=f"Antwoord {key}", correct=key == "a")
        for key in "abcde"
    ]
    question.save()
    return question


def _learners(course, count):
    learners = [UserFactory() for _ in range(count)]
    for learner in learners:
        enrolment_create(user=learner, course=course)
    return learners


@pytest.mark.django_db
def test_new_quiz_shuffles_options_when_created_without_a_choice():
    assert QuizPage().shuffle_options is True


@pytest.mark.django_db
def test_attempts_store_different_orders_when_quiz_shuffles(
    course_tree, five_option_question
):
    quiz = quiz_create(course_tree.modules[0], questions=[five_option_question])
    orders = set()
    for learner in _learners(course_tree.course, 8):
        attempt = attempt_start(user=learner, quiz=quiz)
        order = attempt.questions[0]["option_order"]
        assert sorted(order) == list("abcde")
        orders.add(tuple(order))
    assert len(orders) > 1


@pytest.mark.django_db
def test_attempts_keep_written_order_when_question_has_fixed_order(
    course_tree, five_option_question
):
    five_option_question.fixed_option_order = True
    five_option_question.save()
    quiz = quiz_create(course_tree.modules[0], questions=[five_option_question])
    for learner in _learners(course_tree.course, 5):
        attempt = attempt_start(user=learner, quiz=quiz)
        assert attempt.questions[0]["option_order"] == list("abcde")


def _shown_keys(html: str, question) -> list[str]:
    return re.findall(rf'name="q-{question.pk}" value="(\w+)"', html)


@pytest.mark.django_db
def test_resumed_attempt_shows_the_stored_order_when_reopened(
    client, course_tree, five_option_question, enrolled
):
    quiz = quiz_create(course_tree.modules[0], questions=[five_option_question])
    client.force_login(enrolled)
    client.post(f"/toetsen/{quiz.pk}/starten/")
    attempt = Attempt.objects.get()
    url = f"/toetsen/poging/{attempt.public_id}/"
    first = _shown_keys(client.get(url).text, five_option_question)
    client.logout()
    client.force_login(enrolled)
    again = _shown_keys(client.get(url).text, five_option_question)
    assert first == again == attempt.questions[0]["option_order"]


@pytest.mark.django_db
def test_regrade_keeps_the_attempts_order_when_a_question_was_fixed(
    course_tree, five_option_question, enrolled
):
    quiz = quiz_create(course_tree.modules[0], questions=[five_option_question])
    attempt = attempt_start(user=enrolled, quiz=quiz)
    before = attempt.questions[0]["option_order"]
    attempt_submit(
        public_id=attempt.public_id,
        user=enrolled,
        data={f"q-{five_option_question.pk}": ["b"]},
        indexes=[0],
    )
    QuestionOption.objects.filter(question=five_option_question, key="b").update(
        correct=True
    )
    five_option_question.save()
    question_regrade(question=five_option_question, user=UserFactory(), note="b ook")
    attempt.refresh_from_db()
    assert attempt.score == 1.0
    assert attempt.questions[0]["option_order"] == before
    assert attempt.questions[0]["version"] == five_option_question.version
