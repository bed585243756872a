"""Taking a quiz through the pages: start, answer, resume, submit, result; no
answers in the page before submission; tampering and late posts."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer
from courses.services import lesson_complete
from tests.factories.assessments import form_data, question_create, quiz_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _start(client, quiz) -> Attempt:
    response = client.post(f"/toetsen/{quiz.pk}/starten/")
    assert response.status_code == 302
    return Attempt.objects.latest("pk")


def _url(attempt) -> str:
    return f"/toetsen/poging/{attempt.public_id}/"


def _answers_for(attempt, index, *, right=True) -> dict:
    prefix = f"q-{attempt.questions[index]['id']}"
    return {
        key: value
        for key, value in form_data(attempt.questions, right=right).items()
        if key == prefix or key.startswith(prefix + "-")
    }


def _state():
    return (
        list(
            Attempt.objects.order_by("pk").values_list(
                "status", "score", "position", "responses"
            )
        ),
        list(AttemptAnswer.objects.order_by("pk").values_list("answer", "score")),
    )


def test_quiz_page_asks_to_sign_in_when_anonymous(client, objective_quiz):
    response = client.get(objective_quiz.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_quiz_page_offers_enrolment_when_not_enrolled(client, user, objective_quiz):
    client.force_login(user)
    response = client.get(objective_quiz.url)
    assert response.status_code == 403
    assert "Inschrijven voor deze cursus" in response.text


def test_quiz_page_shows_rules_and_start_button_when_enrolled(
    client, enrolled, objective_quiz
):
    client.force_login(enrolled)
    response = client.get(objective_quiz.url)
    assert response.status_code == 200
    assert "6 vragen" in response.text
    assert "Je slaagt met 70% van de punten." in response.text
    assert "Toets starten" in response.text


def test_draft_quiz_is_not_found_when_a_learner_opens_it(
    client, enrolled, course_tree, questions
):
    draft = quiz_create(course_tree.modules[0], questions=questions, live=False)
    client.force_login(enrolled)
    assert client.get(f"/cursussen/cursus/module-1/{draft.slug}/").status_code == 404
    assert client.post(f"/toetsen/{draft.pk}/starten/").status_code == 404
    assert not Attempt.objects.exists()


def test_question_page_never_contains_correct_answers_when_rendered(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    html = "".join(client.get(_url(attempt), {"vraag": n}).text for n in range(1, 8))
    for secret in (
        "Uitleg bij vraag",
        "lijst II",
        "Nee, b.",
        "Ja.",
        "correct",
        "example.org",
        'Depressivum" selected',
    ):
        assert secret not in html
    # Ordering items are shuffled but each has a position select, never an order.
    assert "Kies een plaats" in html


def test_learner_answers_one_question_per_page_and_sees_the_result_when_submitting(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    for index in range(7):
        action = "submit" if index == 6 else "next"
        response = client.post(
            _url(attempt),
            {"vraag": index + 1, "action": action, **_answers_for(attempt, index)},
        )
        assert response.status_code == 302
    assert response["Location"].endswith("/uitslag/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Geslaagd" in page.text
    assert "Wacht op beoordeling door een trainer" in page.text
    assert "Uitleg bij vraag" in page.text
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(6 / 7, abs=1e-4)
    assert attempt.pending == 1


def test_attempt_resumes_at_the_saved_question_when_the_learner_returns(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    client.post(
        _url(attempt), {"vraag": 1, "action": "next", **_answers_for(attempt, 0)}
    )
    client.post(
        _url(attempt), {"vraag": 2, "action": "next", **_answers_for(attempt, 1)}
    )
    page = client.get(quiz.url)
    assert "Verder met je poging" in page.text
    assert f"{_url(attempt)}?vraag=3" in page.text
    again = client.post(f"/toetsen/{quiz.pk}/starten/")
    assert again["Location"] == f"{_url(attempt)}?vraag=3"
    question = client.get(_url(attempt), {"vraag": 1})
    assert re.search(r'value="a" checked', question.text)


def test_all_questions_show_on_one_page_when_the_quiz_says_so(
    client, enrolled, course_tree, questions
):
    quiz = quiz_create(course_tree.modules[0], questions=questions, layout="all")
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    page = client.get(_url(attempt))
    assert page.text.count('class="bb-question') == 7
    response = client.post(
        _url(attempt),
        {"vraag": 1, "action": "submit", **form_data(attempt.questions)},
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(6 / 7, abs=1e-4)


def test_immediate_feedback_shows_and_locks_the_answer_when_checked(
    client, enrolled, course_tree, questions
):
    quiz = quiz_create(
        course_tree.modules[0], questions=questions[:2], feedback_mode="immediate"
    )
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    before = client.get(_url(attempt), {"vraag": 1})
    assert "Controleer mijn antwoord" in before.text
    assert "Nee, b." not in before.text
    client.post(
        _url(attempt),
        {"vraag": 1, "action": "check", **_answers_for(attempt, 0, right=False)},
    )
    after = client.get(_url(attempt), {"vraag": 1})
    assert "Nee, b." in after.text
    assert "Niet goed" in after.text
    client.post(
        _url(attempt), {"vraag": 1, "action": "save", **_answers_for(attempt, 0)}
    )
    attempt.refresh_from_db()
    assert attempt.responses["answers"]["0"]["answer"] == {"option": "b"}
    assert attempt.responses["answers"]["0"]["checked"] is True


def test_honest_form_error_is_shown_with_the_input_when_positions_repeat(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    index = next(i for i, q in enumerate(attempt.questions) if q["type"] == "ordering")
    prefix = f"q-{attempt.questions[index]['id']}"
    response = client.post(
        _url(attempt),
        {
            "vraag": index + 1,
            "action": "next",
            f"{prefix}-i1": "1",
            f"{prefix}-i2": "1",
            f"{prefix}-i3": "3",
        },
    )
    assert response.status_code == 400
    assert "Controleer je antwoorden" in response.text
    assert "Plaats 1 is aan meer dan één onderdeel gegeven." in response.text
    attempt.refresh_from_db()
    assert attempt.responses["answers"] == {}


@pytest.mark.parametrize(
    "tamper",
    ["foreign_option", "unknown_question", "bad_number", "unknown_action"],
)
def test_tampered_answer_form_is_refused_without_change_when_posted(
    client, enrolled, quiz, tamper
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    prefix = f"q-{attempt.questions[0]['id']}"
    data = {"vraag": 1, "action": "next", prefix: "a"}
    if tamper == "foreign_option":
        data[prefix] = "x-not-an-option"
    elif tamper == "unknown_question":
        data["q-999999"] = "a"
    elif tamper == "bad_number":
        data["vraag"] = "99"
    else:
        data["action"] = "delete"
    before = _state()
    response = client.post(_url(attempt), data)
    assert response.status_code == 400
    assert "niet verwerkt" in response.text
    assert _state() == before


def test_other_learners_attempt_is_not_found_when_opened_or_posted(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    client.force_login(UserFactory())
    before = _state()
    assert client.get(_url(attempt)).status_code == 404
    response = client.post(
        _url(attempt), {"vraag": 7, "action": "submit", **form_data(attempt.questions)}
    )
    assert response.status_code == 404
    assert client.get(f"{_url(attempt)}uitslag/").status_code == 404
    assert _state() == before


def test_tampered_attempt_id_is_not_found_when_posted(client, enrolled, quiz):
    client.force_login(enrolled)
    _start(client, quiz)
    before = _state()
    response = client.post(
        f"/toetsen/poging/{uuid.uuid4()}/", {"vraag": 1, "action": "submit"}
    )
    assert response.status_code == 404
    assert client.post("/toetsen/poging/123/", {"vraag": 1}).status_code == 404
    assert _state() == before


def test_late_post_keeps_saved_answers_and_says_so_when_the_time_is_up(
    client, enrolled, course_tree, questions
):
    quiz = quiz_create(
        course_tree.modules[0],
        questions=questions[:2],
        time_limit=datetime.timedelta(minutes=1),
    )
    client.force_login(enrolled)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = _start(client, quiz)
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        response = client.post(
            _url(attempt),
            {"vraag": 1, "action": "next", **_answers_for(attempt, 0)},
            follow=True,
        )
    assert "De tijd was om" in response.text
    attempt.refresh_from_db()
    assert attempt.late
    assert attempt.status == "submitted"
    assert attempt.score == 0.0
    assert not AttemptAnswer.objects.filter(answer__isnull=False).exists()


def test_start_beyond_the_attempt_limit_gives_a_message_without_change(
    client, enrolled, course_tree, questions
):
    quiz = quiz_create(course_tree.modules[0], questions=questions[:1], max_attempts=1)
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    client.post(
        _url(attempt),
        {"vraag": 1, "action": "submit", **_answers_for(attempt, 0, right=False)},
    )
    before = _state()
    response = client.post(f"/toetsen/{quiz.pk}/starten/", follow=True)
    assert "Je hebt alle 1 pogingen voor deze toets gebruikt." in response.text
    assert _state() == before


def test_double_submit_records_one_result_when_the_form_is_posted_twice(
    client, enrolled, objective_quiz
):
    client.force_login(enrolled)
    attempt = _start(client, objective_quiz)
    data = {"vraag": 6, "action": "submit", **form_data(attempt.questions)}
    first = client.post(_url(attempt), data)
    second = client.post(
        _url(attempt),
        {"vraag": 6, "action": "submit", **form_data(attempt.questions, right=False)},
        follow=True,
    )
    assert first.status_code == 302
    assert "al ingeleverd" in second.text
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(1 / 6, abs=1e-4)  # only question 6 sent
    assert attempt.answers.get(index=5).score == 1.0
    assert Attempt.objects.count() == 1


def test_submitting_twenty_questions_runs_a_bounded_number_of_queries(
    client, enrolled, course_tree, category, django_assert_max_num_queries
):
    kinds = ("single", "multiple", "true_false", "short_text", "ordering", "matching")
    questions = [
        question_create(category=category, type=kinds[n % 6]) for n in range(20)
    ]
    small = quiz_create(course_tree.modules[0], questions=questions[:2], layout="all")
    large = quiz_create(course_tree.modules[1], questions=questions, layout="all")
    client.force_login(enrolled)
    counts = []
    for quiz in (small, large):
        attempt = _start(client, quiz)
        data = {"vraag": 1, "action": "submit", **form_data(attempt.questions)}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(_url(attempt), data)
        assert response.status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]  # the same whatever the number of questions
    attempt = _start(client, quiz_create(course_tree.modules[0], questions=questions))
    client.post(_url(attempt), {"vraag": 1, "action": "next"})
    with django_assert_max_num_queries(8):
        response = client.post(
            _url(attempt),
            {"vraag": 20, "action": "submit", **_answers_for(attempt, 19)},
        )
    assert response.status_code == 302
    large_attempt = Attempt.objects.get(quiz=large)
    assert large_attempt.score == 1.0
    assert large_attempt.answers.count() == 20


def test_result_page_says_the_certificate_was_issued_when_the_quiz_completes_it(
    client, enrolled, course_tree, objective_quiz, django_capture_on_commit_callbacks
):
    for lesson in course_tree.lessons:
        lesson_complete(user=enrolled, lesson=lesson)
    client.force_login(enrolled)
    attempt = _start(client, objective_quiz)
    count = len(attempt.questions)
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(count):
            response = client.post(
                _url(attempt),
                {
                    "vraag": index + 1,
                    "action": "submit" if index == count - 1 else "next",
                    **_answers_for(attempt, index),
                },
            )
    page = client.get(response["Location"]).content.decode()
    assert "Je certificaat is uitgegeven" in page
    assert 'href="/certificaten/">Naar mijn certificaten' in page


def test_result_page_says_the_quiz_counts_after_marking_when_passed_with_an_essay(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    for index in range(7):
        client.post(
            _url(attempt),
            {
                "vraag": index + 1,
                "action": "submit" if index == 6 else "next",
                **_answers_for(attempt, index),
            },
        )
    page = client.get(f"{_url(attempt)}uitslag/").content.decode()
    assert "telt als afgerond zodra de beoordeling klaar is" in page
    assert "Je certificaat is uitgegeven" not in page
    quiz_page = client.get(quiz.url).content.decode()
    assert "Een trainer beoordeelt nog je open antwoorden" in quiz_page
