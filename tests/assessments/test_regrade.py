"""Regrading after a question is fixed: old and new scores recorded, a note the
learner sees, passes never taken away, permission-guarded."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Attempt, QuestionOption, Regrade
from assessments.services import attempt_start, attempt_submit, question_regrade
from tests.factories.assessments import form_data, quiz_create, staff_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
NOTE = "Bij vraag 1 was ook antwoord b juist."


@pytest.fixture
def single_quiz(course_tree, questions):
    return quiz_create(
        course_tree.modules[0], questions=[questions[0], questions[2]], max_attempts=5
    )


def _take(quiz, user, data) -> Attempt:
    attempt = attempt_start(user=user, quiz=quiz)
    attempt_submit(public_id=attempt.public_id, user=user, data=data, indexes=[0, 1])
    attempt.refresh_from_db()
    return attempt


def _fix_single(question) -> None:
    """The fix: b, not a, is the right option (saving bumps the version)."""
    QuestionOption.objects.filter(question=question, key="b").update(correct=True)
    QuestionOption.objects.filter(question=question, key="a").update(correct=False)
    question.save()


def test_regrade_recalculates_and_records_scores_when_a_question_was_fixed(
    single_quiz, questions, enrolled
):
    single, statement = questions[0], questions[2]
    wrong_then = _take(
        single_quiz,
        enrolled,
        {f"q-{single.pk}": ["b"], f"q-{statement.pk}": ["true"]},
    )
    assert wrong_then.score == 0.5
    assert wrong_then.passed is False
    _fix_single(single)
    wrong_then.refresh_from_db()
    assert wrong_then.score == 0.5  # nothing changes by itself
    trainer = UserFactory()
    regrade = question_regrade(question=single, user=trainer, note=NOTE)
    wrong_then.refresh_from_db()
    assert wrong_then.score == 1.0
    assert wrong_then.passed is True
    assert wrong_then.questions[0]["version"] == single.version
    entry = regrade.entries.get()
    assert (entry.old_score, entry.new_score) == (0.5, 1.0)
    assert (entry.old_passed, entry.new_passed) == (False, True)
    assert entry.old_version == 1


def test_regrade_never_takes_a_pass_away_when_the_new_score_is_lower(
    course_tree, questions, enrolled
):
    single = questions[0]
    quiz = quiz_create(course_tree.modules[0], questions=[single])
    passed = _take_single(quiz, enrolled, single, "a")
    assert passed.passed is True
    _fix_single(single)
    question_regrade(question=single, user=UserFactory(), note=NOTE)
    passed.refresh_from_db()
    assert passed.score == 0.0
    assert passed.passed is True


def _take_single(quiz, user, question, option) -> Attempt:
    attempt = attempt_start(user=user, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=user,
        data={f"q-{question.pk}": [option]},
        indexes=[0],
    )
    attempt.refresh_from_db()
    return attempt


def test_regrade_is_refused_without_change_when_the_type_changed(
    single_quiz, questions, enrolled
):
    single = questions[0]
    attempt = _take(
        single_quiz, enrolled, form_data([q.snapshot() for q in (single, questions[2])])
    )
    single.type = "multiple"
    single.save()
    with pytest.raises(ValidationError):
        question_regrade(question=single, user=UserFactory(), note=NOTE)
    assert not Regrade.objects.exists()
    attempt.refresh_from_db()
    assert attempt.questions[0]["type"] == "single"


def test_regrade_is_refused_when_no_attempt_used_an_older_version(questions):
    with pytest.raises(ValidationError):
        question_regrade(question=questions[0], user=UserFactory(), note=NOTE)


def test_learner_sees_the_note_and_both_scores_when_the_attempt_was_regraded(
    client, single_quiz, questions, enrolled
):
    single, statement = questions[0], questions[2]
    attempt = _take(
        single_quiz, enrolled, {f"q-{single.pk}": ["b"], f"q-{statement.pk}": ["true"]}
    )
    _fix_single(single)
    question_regrade(question=single, user=UserFactory(), note=NOTE)
    client.force_login(enrolled)
    page = client.get(f"/toetsen/poging/{attempt.public_id}/uitslag/")
    assert NOTE in page.text
    assert "Je score ging van 50% naar 100%." in page.text


def test_regrade_pages_list_changed_questions_when_the_trainer_may_regrade(
    client, single_quiz, questions, enrolled
):
    single = questions[0]
    attempt = _take_single(single_quiz, enrolled, single, "b")
    _fix_single(single)
    trainer = staff_create("regrade_attempt")
    client.force_login(trainer)
    listing = client.get("/beheer/toetsen/herbeoordelen/")
    assert listing.status_code == 200
    assert single.key in listing.text
    empty_note = client.post(
        f"/beheer/toetsen/herbeoordelen/{single.pk}/", {"note": ""}
    )
    assert empty_note.status_code == 400
    done = client.post(f"/beheer/toetsen/herbeoordelen/{single.pk}/", {"note": NOTE})
    assert done.status_code == 302
    attempt.refresh_from_db()
    assert attempt.regrades.count() == 1


@pytest.mark.parametrize("who", ["learner", "marker"])
def test_regrade_pages_are_refused_when_the_user_may_not_regrade(
    client, single_quiz, questions, enrolled, who
):
    single = questions[0]
    _take_single(single_quiz, enrolled, single, "b")
    _fix_single(single)
    client.force_login(
        enrolled if who == "learner" else staff_create("mark_attemptanswer")
    )
    assert client.get("/beheer/toetsen/herbeoordelen/").status_code in (302, 403)
    response = client.post(
        f"/beheer/toetsen/herbeoordelen/{single.pk}/", {"note": NOTE}
    )
    assert response.status_code in (302, 403)
    assert not Regrade.objects.exists()


def test_regrade_refreshes_the_stored_item_analysis_so_it_counts_the_new_scores(
    single_quiz, questions, enrolled, django_capture_on_commit_callbacks
):
    from assessments.services.item_analysis import item_analysis_current

    single, statement = questions[0], questions[2]
    _take(
        single_quiz, enrolled, {f"q-{single.pk}": ["b"], f"q-{statement.pk}": ["true"]}
    )
    before = item_analysis_current(quiz=single_quiz)
    _fix_single(single)

    with django_capture_on_commit_callbacks(execute=True):
        question_regrade(question=single, user=UserFactory(), note=NOTE)

    after = item_analysis_current(quiz=single_quiz)
    assert not after.stale
    assert [row.statistics.facility for row in before.rows] == [0.0, 1.0]
    assert [row.statistics.facility for row in after.rows] == [1.0, 1.0]
