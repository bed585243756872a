"""The marking queue: permission-guarded, feedback reaches the learner, essay
answers stay hidden from anyone without the marking permission."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import AttemptAnswer
from assessments.services import answer_mark, attempt_start, attempt_submit
from tests.factories.assessments import form_data, quiz_create, staff_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
ESSAY_TEXT = "Mijn beschouwing."


@pytest.fixture
def trainer():
    return staff_create("mark_attemptanswer")


@pytest.fixture
def manager():
    """Like an organisation manager: in the admin, without marking rights."""
    return staff_create("view_item_analysis")


@pytest.fixture
def essay_answer(course_tree, questions, enrolled) -> AttemptAnswer:
    quiz = quiz_create(
        course_tree.modules[0],
        questions=[questions[0], questions[-1]],  # single + essay (weight 1 each)
        pass_percent=75,
    )
    attempt = attempt_start(user=enrolled, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=enrolled,
        data=form_data(attempt.questions),
        indexes=[0, 1],
    )
    return AttemptAnswer.objects.get(attempt=attempt, index=1)


def test_submitted_essay_waits_in_the_queue_when_a_trainer_looks(
    client, trainer, essay_answer
):
    attempt = essay_answer.attempt
    attempt.refresh_from_db()
    assert attempt.passed is None
    assert attempt.pending == 1
    client.force_login(trainer)
    response = client.get("/beheer/toetsen/beoordelen/")
    assert response.status_code == 200
    assert f"/beheer/toetsen/beoordelen/{essay_answer.pk}/" in response.text
    detail = client.get(f"/beheer/toetsen/beoordelen/{essay_answer.pk}/")
    assert ESSAY_TEXT in detail.text


def test_trainer_mark_reaches_the_learner_when_saved(
    client, trainer, essay_answer, enrolled
):
    client.force_login(trainer)
    response = client.post(
        f"/beheer/toetsen/beoordelen/{essay_answer.pk}/",
        {"score": "80", "feedback": "Goed onderbouwd; noem ook testen."},
    )
    assert response.status_code == 302
    attempt = essay_answer.attempt
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(0.9)
    assert attempt.passed is True
    assert attempt.pending == 0
    client.force_login(enrolled)
    result = client.get(f"/toetsen/poging/{attempt.public_id}/uitslag/")
    assert "Goed onderbouwd; noem ook testen." in result.text
    assert "Geslaagd" in result.text
    assert not client.get("/beheer/toetsen/beoordelen/").text.count("Goed onderbouwd")


def test_mark_below_the_pass_mark_fails_the_attempt_when_saved(trainer, essay_answer):
    answer_mark(answer_id=essay_answer.pk, marker=trainer, score=0.2, feedback="")
    attempt = essay_answer.attempt
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert attempt.score == pytest.approx(0.6)


def test_mark_is_refused_when_the_score_is_out_of_range(trainer, essay_answer):
    with pytest.raises(ValidationError):
        answer_mark(answer_id=essay_answer.pk, marker=trainer, score=1.5, feedback="")
    essay_answer.refresh_from_db()
    assert essay_answer.needs_marking


@pytest.mark.parametrize("who", ["learner", "manager", "anonymous"])
def test_marking_pages_are_refused_when_the_user_may_not_mark(
    client, essay_answer, manager, enrolled, who
):
    if who == "learner":
        client.force_login(enrolled)
    elif who == "manager":
        client.force_login(manager)
    for url in (
        "/beheer/toetsen/beoordelen/",
        f"/beheer/toetsen/beoordelen/{essay_answer.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert ESSAY_TEXT not in response.text
    response = client.post(
        f"/beheer/toetsen/beoordelen/{essay_answer.pk}/", {"score": "100"}
    )
    assert response.status_code in (302, 403)
    essay_answer.refresh_from_db()
    assert essay_answer.needs_marking


def test_essay_answer_is_not_in_the_analysis_when_a_manager_views_it(
    client, manager, essay_answer
):
    client.force_login(manager)
    quiz = essay_answer.attempt.quiz
    page = client.get(f"/beheer/toetsen/analyse/{quiz.pk}/")
    csv = client.get(f"/beheer/toetsen/analyse/{quiz.pk}/", {"format": "csv"})
    assert page.status_code == csv.status_code == 200
    assert ESSAY_TEXT not in page.text
    assert ESSAY_TEXT not in csv.content.decode()


def test_other_learners_cannot_read_the_essay_when_opening_the_result(
    client, essay_answer
):
    client.force_login(UserFactory())
    url = f"/toetsen/poging/{essay_answer.attempt.public_id}/uitslag/"
    assert client.get(url).status_code == 404


def test_opening_an_essay_to_mark_is_logged_as_viewed(
    client, trainer, essay_answer, enrolled
):
    from training.models import PrivacyAction, PrivacyLogEntry

    client.force_login(trainer)
    client.get(f"/beheer/toetsen/beoordelen/{essay_answer.pk}/")

    entry = PrivacyLogEntry.objects.get()
    assert (entry.actor, entry.subject, entry.action, entry.source) == (
        trainer,
        enrolled,
        PrivacyAction.VIEWED,
        "essay_marking",
    )
    assert entry.context == essay_answer.attempt.snapshot["quiz"]["title"]
