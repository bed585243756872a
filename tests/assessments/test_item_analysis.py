"""The item analysis: per-question figures over every submitted attempt, in a
number of queries that does not grow with the attempts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Question
from assessments.selectors import quiz_item_analysis
from assessments.services.attempts import attempt_start, attempt_submit
from courses.services import enrolment_create
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(course_tree):
    category = category_create()
    first = question_create(category=category, key="eerste")
    second = question_create(category=category, key="tweede")
    quiz = quiz_create(course_tree.modules[0], questions=[first, second])
    return quiz, first, second, course_tree.course


def _submit(quiz, course, *, right: bool) -> None:
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=learner,
        data=form_data(attempt.questions, right=right),
        indexes=range(len(attempt.questions)),
    )


def _queries(quiz) -> int:
    with CaptureQueriesContext(connection) as captured:
        quiz_item_analysis(quiz=quiz)
    return len(captured.captured_queries)


def test_item_analysis_counts_every_attempt_with_the_same_queries_when_more_come(
    setting,
):
    quiz, first, second, course = setting
    for right in (True, False, False):
        _submit(quiz, course, right=right)
    few = _queries(quiz)
    for right in (True, True, False, True, False, True):
        _submit(quiz, course, right=right)

    assert _queries(quiz) == few
    attempts, rows = quiz_item_analysis(quiz=quiz)
    assert attempts == 9
    assert [row.question["id"] for row in rows] == [first.pk, second.pk]
    assert [round(row.statistics.facility, 3) for row in rows] == [0.556, 0.556]


def test_item_analysis_keeps_a_deleted_questions_answers_under_its_snapshot(
    setting,
):
    quiz, first, second, course = setting
    for right in (True, False):
        _submit(quiz, course, right=right)
    snapshot_key = second.pk
    Question.objects.filter(pk=second.pk).delete()

    attempts, rows = quiz_item_analysis(quiz=quiz)

    assert attempts == 2
    labels = {row.question["id"]: row for row in rows}
    assert set(labels) == {first.pk, snapshot_key}
    assert labels[snapshot_key].question["key"] == "tweede"
    assert labels[snapshot_key].statistics.facility == 0.5
