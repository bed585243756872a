"""The assessments part of a person's data download: quiz attempts with their
answers, scenario play-throughs, a trainer's marks and regrades; only the
person's own records, JSON-ready, in a fixed number of queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from assessments.models import AttemptAnswer, QuestionOption
from assessments.personal_data import personal_data
from assessments.scenarios import services as scenario_services
from assessments.services import (
    answer_mark,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
    question_regrade,
)
from courses.services import enrolment_create
from tests.factories.assessments import form_data, quiz_create, staff_create
from tests.factories.scenarios import scenario_page_create, scenario_play
from tests.factories.users import UserFactory
from training.personal_data import PERSONAL_DATA_HOOK

pytestmark = pytest.mark.django_db
ESSAY_TEXT = "Mijn beschouwing."
OTHER_ESSAY_TEXT = "Weet ik niet."
TRAINER_FEEDBACK = "Mooi verwoord, let op de bronnen."


@pytest.fixture
def scenario_page(course_tree):
    scenario_services.skill_tags_ensure()
    return scenario_page_create(
        course_tree.modules[1], title="Gesprek met Sem", slug="gesprek-met-sem"
    )


@pytest.fixture
def other(course_tree):
    other = UserFactory()
    enrolment_create(user=other, course=course_tree.course)
    return other


@pytest.fixture
def trainer():
    return staff_create("mark_attemptanswer", "regrade_attempt")


@pytest.fixture
def retry_quiz(course_tree, questions):
    """Objective questions only and unlimited attempts, so a failed attempt can
    be followed by another at once."""
    return quiz_create(
        course_tree.modules[1],
        questions=[q for q in questions if q.type != "essay"],
        title="Herhaaltoets",
    )


def _take(quiz, user, *, right: bool = True):
    attempt = attempt_start(user=user, quiz=quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=user,
        data=form_data(attempt.questions, right=right),
        indexes=range(len(attempt.questions)),
    )
    attempt.refresh_from_db()
    return attempt


def _by_type(attempt_data):
    return {answer["soort"]: answer for answer in attempt_data["antwoorden"]}


def test_quiz_attempt_lists_every_answer_when_submitted(quiz, enrolled):
    attempt = _take(quiz, enrolled)

    [data] = personal_data(user=enrolled)["toetspogingen"]

    assert data["toets"] == quiz.title
    assert data["cursus"] == "Testcursus"
    assert data["status"] == "Ingeleverd"
    assert data["gestart_op"] == attempt.started_at.isoformat()
    assert data["ingeleverd_op"] == attempt.submitted_at.isoformat()
    assert data["geslaagd"] is True  # six of seven right, the essay counting 0
    assert data["score"] == attempt.score == pytest.approx(6 / 7, abs=1e-4)
    assert data["wacht_op_beoordeling"] == 1
    answers = _by_type(data)
    assert len(data["antwoorden"]) == len(attempt.questions)
    assert answers["single"]["antwoord"] == ["Goed antwoord"]
    assert answers["single"]["score"] == 1.0
    assert answers["single"]["juist"] is True
    assert answers["essay"]["antwoord"] == [ESSAY_TEXT]
    assert answers["essay"]["wacht_op_beoordeling"] is True
    assert answers["essay"]["feedback_trainer"] is None


def test_quiz_answer_shows_the_snapshot_text_when_the_question_changed_since(
    quiz, questions, enrolled
):
    attempt = _take(quiz, enrolled)
    shown = attempt.questions[0]["text"]
    questions[0].text = "<p>Een nieuwe tekst.</p>"
    questions[0].save()

    [data] = personal_data(user=enrolled)["toetspogingen"]

    assert data["antwoorden"][0]["vraag"] == shown
    assert "Een nieuwe tekst." not in json.dumps(data)


def test_quiz_attempt_shows_the_trainers_feedback_when_the_essay_was_marked(
    quiz, enrolled, trainer
):
    attempt = _take(quiz, enrolled)
    essay = AttemptAnswer.objects.get(attempt=attempt, answer={"text": ESSAY_TEXT})
    answer_mark(answer_id=essay.pk, marker=trainer, score=1, feedback=TRAINER_FEEDBACK)

    [data] = personal_data(user=enrolled)["toetspogingen"]

    assert data["geslaagd"] is True
    assert data["score"] == 1.0
    marked = _by_type(data)["essay"]
    assert marked["feedback_trainer"] == TRAINER_FEEDBACK
    assert marked["score"] == 1.0
    assert marked["beoordeeld_op"] is not None
    assert trainer.email not in json.dumps(data)
    assert trainer.last_name not in json.dumps(data)


def test_quiz_attempt_shows_saved_answers_when_still_open(quiz, enrolled):
    attempt = attempt_start(user=enrolled, quiz=quiz)
    single = attempt.questions[0]
    attempt_save_answers(
        public_id=attempt.public_id,
        user=enrolled,
        data=form_data([single], right=False),
        indexes=[0],
    )

    [data] = personal_data(user=enrolled)["toetspogingen"]

    assert data["status"] == "Bezig"
    assert data["ingeleverd_op"] is None
    assert data["antwoorden"][0]["antwoord"] == ["Fout antwoord"]
    assert data["antwoorden"][0]["opgeslagen_op"] is not None
    assert data["antwoorden"][1]["antwoord"] == []


def test_quiz_attempt_shows_the_regrade_when_a_question_was_fixed(
    retry_quiz, questions, enrolled, trainer
):
    single = questions[0]
    attempt = attempt_start(user=enrolled, quiz=retry_quiz)
    attempt_submit(
        public_id=attempt.public_id,
        user=enrolled,
        data={f"q-{single.pk}": ["b"]},
        indexes=[0],
    )
    QuestionOption.objects.filter(question=single, key="b").update(correct=True)
    single.save()
    question_regrade(question=single, user=trainer, note="Ook b is juist.")

    [data] = personal_data(user=enrolled)["toetspogingen"]
    [made] = personal_data(user=trainer)["herbeoordelingen"]

    [entry] = data["herbeoordelingen"]
    assert entry["toelichting"] == "Ook b is juist."
    assert entry["nieuwe_score"] > entry["oude_score"]
    assert made["toelichting"] == "Ook b is juist."
    assert made["vraag"].startswith(single.key)


def test_scenario_attempt_lists_the_path_when_finished(scenario_page, enrolled):
    attempt = scenario_play(enrolled, scenario_page, "c1", "c3")

    [data] = personal_data(user=enrolled)["scenariopogingen"]

    assert data["scenario"] == "Gesprek met Sem"
    assert data["status"] == "Afgerond"
    assert data["afgerond_op"] == attempt.finished_at.isoformat()
    assert [(step["stap"], step["keuze"]) for step in data["pad"]] == [
        ("Opening", "Vertel eens meer."),
        ("Gebruik ter sprake", "Mag ik iets vertellen over combineren?"),
    ]
    assert data["huidige_stap"] == "Een vervolgafspraak"
    assert data["waarden"] == {"Vertrouwen": 3}
    assert data["uitkomst"] == "positive"
    assert data["geslaagd"] is True
    assert data["score"] == pytest.approx(1.0)
    skills = {row["vaardigheid"]: row["score"] for row in data["vaardigheden"]}
    assert skills["Open vraag"] == 1.0
    assert skills["Reflectie"] == 0.0


def test_scenario_attempt_shows_the_current_step_when_in_progress(
    scenario_page, enrolled
):
    scenario_play(enrolled, scenario_page, "c2")

    [data] = personal_data(user=enrolled)["scenariopogingen"]

    assert data["status"] == "Bezig"
    assert data["afgerond_op"] is None
    assert data["geslaagd"] is None
    assert data["huidige_stap"] == "Gebruik ter sprake"
    assert data["pad"][0]["keuze"] == "Dat is verboden, weet je."
    assert data["pad"][0]["punten"] == 0


def test_other_persons_records_are_left_out_when_both_took_part(
    quiz, scenario_page, enrolled, other
):
    _take(quiz, enrolled)
    _take(quiz, other, right=False)
    scenario_play(enrolled, scenario_page, "c1")
    scenario_play(other, scenario_page, "c2", "c2")

    data = personal_data(user=enrolled)

    assert len(data["toetspogingen"]) == 1
    assert len(data["scenariopogingen"]) == 1
    assert data["scenariopogingen"][0]["pad"][0]["keuze"] == "Vertel eens meer."
    dumped = json.dumps(data)
    assert OTHER_ESSAY_TEXT not in dumped
    assert other.email not in dumped


def test_trainer_sees_what_they_marked_without_the_learner_when_downloading(
    quiz, enrolled, trainer
):
    attempt = _take(quiz, enrolled)
    essay = AttemptAnswer.objects.get(attempt=attempt, answer={"text": ESSAY_TEXT})
    answer_mark(answer_id=essay.pk, marker=trainer, score=1, feedback=TRAINER_FEEDBACK)

    data = personal_data(user=trainer)

    assert data["toetspogingen"] == []
    [marked] = data["beoordeelde_antwoorden"]
    assert marked["toets"] == quiz.title
    assert marked["vraag"] == attempt.questions[essay.index]["text"]
    dumped = json.dumps(data)
    assert ESSAY_TEXT not in dumped
    assert TRAINER_FEEDBACK not in dumped
    assert enrolled.email not in dumped


def test_personal_data_is_offered_through_the_hook_when_hooks_are_collected():
    assert personal_data in hooks.get_hooks(PERSONAL_DATA_HOOK)


def test_sections_survive_json_when_every_section_has_records(
    quiz, retry_quiz, questions, scenario_page, enrolled, trainer
):
    attempt = _take(quiz, enrolled)
    essay = AttemptAnswer.objects.get(attempt=attempt, answer={"text": ESSAY_TEXT})
    answer_mark(answer_id=essay.pk, marker=trainer, score=1, feedback=TRAINER_FEEDBACK)
    _take(retry_quiz, enrolled, right=False)
    questions[0].save()  # a new version, so the retry can be regraded
    question_regrade(question=questions[0], user=trainer, note="Nieuwe versie.")
    attempt_start(user=enrolled, quiz=retry_quiz)  # still open
    scenario_play(enrolled, scenario_page, "c1", "c3")
    scenario_play(enrolled, scenario_page, "c2")  # still in progress

    for person in (enrolled, trainer):
        data = personal_data(user=person)
        # tuples, lazy translations or datetimes would not come back unchanged
        assert json.loads(json.dumps(data)) == data
    learner_data = personal_data(user=enrolled)
    assert len(learner_data["toetspogingen"]) == 3
    assert len(learner_data["scenariopogingen"]) == 2
    assert learner_data["toetspogingen"][1]["herbeoordelingen"]
    trainer_data = personal_data(user=trainer)
    assert len(trainer_data["beoordeelde_antwoorden"]) == 1
    assert len(trainer_data["herbeoordelingen"]) == 1


def test_query_count_stays_the_same_when_there_are_five_attempts(
    retry_quiz, scenario_page, enrolled
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            personal_data(user=enrolled)
        return len(queries)

    _take(retry_quiz, enrolled, right=False)
    scenario_play(enrolled, scenario_page, "c1", "c3")
    once = count()
    for _ in range(4):
        _take(retry_quiz, enrolled, right=False)
        scenario_play(enrolled, scenario_page, "c1", "c3")
    data = personal_data(user=enrolled)

    assert len(data["toetspogingen"]) == 5
    assert len(data["scenariopogingen"]) == 5
    assert count() == once
