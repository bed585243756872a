"""The trainers' page reads a stored item analysis: computed once, refreshed in
the background after later submissions and after marking changes scores."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.selectors import quiz_item_analysis, stored_item_analysis
from assessments.services.attempts import attempt_start, attempt_submit
from assessments.services.item_analysis import (
    REFRESH_AGAIN_AFTER,
    item_analysis_current,
)
from assessments.services.marking import answer_mark
from courses.services import enrolment_create
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
    staff_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(course_tree):
    category = category_create()
    questions = [
        question_create(category=category, key="eerste"),
        question_create(category=category, key="open", type="essay"),
    ]
    quiz = quiz_create(course_tree.modules[0], questions=questions)
    return quiz, course_tree.course


def _submit(quiz, course, *, right: bool):
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    return attempt_submit(
        public_id=attempt.public_id,
        user=learner,
        data=form_data(attempt.questions, right=right),
        indexes=range(len(attempt.questions)),
    ).attempt


def _read(quiz) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        item_analysis_current(quiz=quiz)
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def stale(setting):
    """A quiz whose stored analysis counts one attempt of the two made."""
    quiz, course = setting
    _submit(quiz, course, right=True)
    item_analysis_current(quiz=quiz)
    _submit(quiz, course, right=False)
    return quiz


def test_stored_analysis_is_read_in_two_queries_without_answers_when_fresh(
    setting,
):
    quiz, course = setting
    for right in (True, False):
        _submit(quiz, course, right=right)
    computed = item_analysis_current(quiz=quiz)  # nothing stored: computed now

    reads = _read(quiz)

    assert len(reads) == 2
    assert not any("attemptanswer" in sql for sql in reads)
    stored = stored_item_analysis(quiz=quiz)
    attempts, rows = quiz_item_analysis(quiz=quiz)
    assert (stored.attempts, stored.rows, stored.stale) == (attempts, rows, False)
    assert computed.rows == rows


def test_a_later_submission_shows_the_stored_figures_and_refreshes_them(
    stale, django_capture_on_commit_callbacks
):
    quiz = stale

    with django_capture_on_commit_callbacks(execute=True) as queued:
        shown = item_analysis_current(quiz=quiz)

    assert (shown.attempts, shown.stale) == (1, True)
    assert len(queued) == 1  # the refresh task (run at once in tests)
    refreshed = stored_item_analysis(quiz=quiz)
    assert (refreshed.attempts, refreshed.stale) == (2, False)
    assert refreshed.rows == quiz_item_analysis(quiz=quiz)[1]


def test_a_stale_page_queues_one_refresh_not_one_per_load(
    stale, django_capture_on_commit_callbacks
):
    quiz = stale

    with django_capture_on_commit_callbacks(execute=False) as queued:
        item_analysis_current(quiz=quiz)
        item_analysis_current(quiz=quiz)

    assert len(queued) == 1


def test_marking_marks_the_stored_analysis_out_of_date_and_queues_a_refresh(
    setting, django_capture_on_commit_callbacks
):
    """The page never computes over every attempt on the request after a
    mark: it shows the stored figures as being updated until the refresh ran."""
    quiz, course = setting
    attempt = _submit(quiz, course, right=True)
    before = item_analysis_current(quiz=quiz)
    essay = attempt.answers.get(index=1)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer_mark(answer_id=essay.pk, marker=UserFactory(), score=1.0, feedback="")
        shown = item_analysis_current(quiz=quiz)
        reads = _read(quiz)

    assert shown.stale
    assert shown.rows == before.rows
    assert not any("attemptanswer" in sql for sql in reads)
    refreshes = [c for c in queued if "item_analysis" in c.__qualname__]
    assert len(refreshes) == 1  # one refresh, not one per page load
    refreshes[0]()  # the task (run at once by the test settings' backend)
    after = stored_item_analysis(quiz=quiz)
    assert [row.statistics.responses for row in before.rows] == [1]
    assert [row.statistics.facility for row in after.rows] == [1.0, 1.0]
    assert not after.stale


def test_a_refresh_that_cannot_be_queued_leaves_the_mark_and_is_asked_again_later(
    setting, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    quiz, course = setting
    attempt = _submit(quiz, course, right=True)
    item_analysis_current(quiz=quiz)
    essay = attempt.answers.get(index=1)

    class Unqueueable:
        def enqueue(self, **kwargs):
            raise ConnectionError("task queue unavailable")

    monkeypatch.setattr("assessments.tasks.item_analysis_refresh_task", Unqueueable())
    with django_capture_on_commit_callbacks(execute=True):
        answer_mark(answer_id=essay.pk, marker=UserFactory(), score=1.0, feedback="")

    essay.refresh_from_db()
    assert essay.score == 1.0
    assert stored_item_analysis(quiz=quiz).stale
    assert "task queue unavailable" in caplog.text
    monkeypatch.undo()
    later = timezone.now() + REFRESH_AGAIN_AFTER + datetime.timedelta(minutes=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        item_analysis_current(quiz=quiz)
    assert not stored_item_analysis(quiz=quiz).stale


def test_analysis_page_says_when_the_figures_were_computed(client, setting):
    quiz, course = setting
    _submit(quiz, course, right=True)
    client.force_login(staff_create("view_item_analysis"))

    page = client.get(f"/beheer/toetsen/analyse/{quiz.pk}/")

    assert page.status_code == 200
    assert "Berekend op" in page.text
    assert "op de achtergrond bijgewerkt" not in page.text
