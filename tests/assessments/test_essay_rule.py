"""A quiz that draws an essay in every attempt makes every learner wait for a
trainer: it is refused unless the trainer promises to mark within a number of
days, which learners then see while they wait."""

import pytest

from assessments.engine.essay_rule import always_drawn_essays, marking_problem
from assessments.models import QuizPage
from assessments.services import attempt_start, attempt_submit
from tests.assessments.test_admin import _quiz_post
from tests.factories.assessments import form_data, question_create, quiz_create
from tests.factories.users import UserFactory

# --- pure -------------------------------------------------------------------------


def test_essay_is_always_drawn_when_its_category_is_drawn_completely():
    pools = {"kern": ["single", "essay"], "rest": ["single", "essay", "multiple"]}
    assert always_drawn_essays(
        fixed_types=[], draws={"kern": 2, "rest": 2}, pools=pools
    ) == ["kern"]


def test_essay_is_always_drawn_when_it_is_a_fixed_question():
    assert always_drawn_essays(fixed_types=["single", "essay"], draws={}, pools={}) == [
        "fixed"
    ]


@pytest.mark.parametrize(
    ("promised", "days", "code"),
    [
        (False, None, "essay_always_drawn"),
        (True, None, "days_missing"),
        (True, 0, "days_missing"),
        (True, 61, "days_out_of_range"),
        (True, 5, ""),
    ],
)
def test_marking_problem_names_what_is_missing_when_essay_is_always_drawn(
    promised, days, code
):
    assert marking_problem(always_drawn=["kern"], promised=promised, days=days) == code


def test_marking_problem_is_empty_when_no_essay_is_always_drawn():
    assert marking_problem(always_drawn=[], promised=False, days=None) == ""


# --- the quiz form ------------------------------------------------------------------


@pytest.mark.django_db
def test_quiz_form_refuses_essay_in_every_attempt_until_marking_is_promised(
    client, course_tree, category
):
    question_create(category=category, type="single")
    question_create(category=category, type="essay")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/beheer/pages/add/assessments/quizpage/{course_tree.modules[0].pk}/"
    data = _quiz_post(slug="toets-essay", draw=[(category.pk, 2)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Elke poging trekt een open vraag" in response.text
    assert not QuizPage.objects.exists()
    data["essay_marking_promised"] = "on"
    response = client.post(url, data)
    assert "Vul een aantal dagen in van 1 tot en met 60." in response.text
    assert not QuizPage.objects.exists()
    data["essay_marking_days"] = "5"
    assert client.post(url, data).status_code == 302
    quiz = QuizPage.objects.get()
    assert (quiz.essay_marking_promised, quiz.essay_marking_days) == (True, 5)


@pytest.mark.django_db
def test_quiz_form_accepts_essay_without_promise_when_it_is_not_always_drawn(
    client, course_tree, category
):
    question_create(category=category, type="single")
    question_create(category=category, type="essay")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/beheer/pages/add/assessments/quizpage/{course_tree.modules[0].pk}/"
    response = client.post(url, _quiz_post(slug="toets-soms", draw=[(category.pk, 1)]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_learner_sees_marking_days_when_waiting_for_a_trainer(
    client, course_tree, category, enrolled
):
    essay = question_create(category=category, type="essay")
    quiz = quiz_create(
        course_tree.modules[0],
        questions=[essay],
        essay_marking_promised=True,
        essay_marking_days=5,
    )
    attempt = attempt_start(user=enrolled, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=enrolled,
        data=form_data(attempt.questions),
        indexes=[0],
    )
    client.force_login(enrolled)
    result = client.get(f"/toetsen/poging/{attempt.public_id}/uitslag/")
    assert "Een trainer beoordeelt open antwoorden binnen 5 dagen" in result.text
    page = client.get(quiz.url).text
    assert "wacht op beoordeling (binnen 5 dagen)" in page
