"""'Inleveren' asks first, without JavaScript: the answers on the page are saved,
a confirmation page says how many questions have an answer, and only 'Ja,
inleveren' hands the attempt in (with the saved answers)."""

import pytest

from assessments.models import Attempt, AttemptStatus
from tests.factories.assessments import form_data, quiz_create

pytestmark = pytest.mark.django_db


def test_inleveren_asks_for_confirmation_and_submits_saved_answers_when_confirmed(
    client, enrolled, course_tree, questions
):
    quiz = quiz_create(course_tree.modules[0], questions=questions, layout="all")
    client.force_login(enrolled)
    client.post(f"/toetsen/{quiz.pk}/starten/")
    attempt = Attempt.objects.latest("pk")
    url = f"/toetsen/poging/{attempt.public_id}/"
    page = client.get(url).text
    assert 'name="action" value="review"' in page  # the 'Inleveren' button

    response = client.post(
        url, {"vraag": 1, "action": "review", **form_data(attempt.questions)}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS  # nothing handed in yet
    confirm = client.get(response["Location"]).text
    assert "Inleveren?" in confirm
    assert "Je hebt 7 van 7 vragen beantwoord" in confirm
    assert 'name="bevestigd" value="1"' in confirm

    done = client.post(url, {"vraag": 1, "action": "submit", "bevestigd": "1"})
    assert done.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score == pytest.approx(6 / 7, abs=1e-4)
