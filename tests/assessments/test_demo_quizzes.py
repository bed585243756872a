"""The demo loader for question banks and quizzes: every question type in the
first course's bank, and loading twice creates nothing twice."""

import pytest
from wagtail.models import Revision

from assessments.engine.question_rules import QUESTION_TYPES
from assessments.models import Question, QuestionCategory, QuizPage
from assessments.services import attempt_start
from courses.services import enrolment_create
from demo.loaders.cards import CONTENT, read_yaml, substance_cards_load
from demo.loaders.courses import MODULE_EXTRA_LOADERS
from demo.loaders.quizzes import quiz_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_data(home_page):
    # questions name the substance cards they depend on: cards come first
    substance_cards_load()
    return read_yaml(CONTENT / "courses" / "01-3-mmc-en-nps.yaml")


def _quiz_data(course_data) -> dict:
    return next(m["quiz"] for m in course_data["modules"] if m.get("quiz"))


def test_loader_registers_for_the_quiz_key_when_imported():
    assert MODULE_EXTRA_LOADERS["quiz"] is quiz_load


def test_loader_builds_bank_and_quiz_with_every_type_when_run(
    course_tree, course_data, user
):
    module = course_tree.modules[0]
    assert quiz_load(module, _quiz_data(course_data), course_data) is True
    quiz = QuizPage.objects.child_of(module).get()
    assert quiz.live
    assert quiz.pass_percent == 70
    assert quiz.max_attempts == 3
    assert quiz.cooldown.total_seconds() == 600
    rules = [(r.category.slug, r.count) for r in quiz.draw_rules.all()]
    assert rules == [("nps-3mmc-kern", 6), ("nps-3mmc", 4)]
    types = set(Question.objects.values_list("type", flat=True))
    assert types == set(QUESTION_TYPES)
    enrolment_create(user=user, course=course_tree.course)
    attempt = attempt_start(user=user, quiz=quiz)
    assert len(attempt.questions) == 10
    assert {question["type"] for question in attempt.questions} >= types - {"essay"}


def test_demo_quiz_draws_no_essay_in_every_attempt_when_loaded(
    course_tree, course_data
):
    """The essay sits in the bank, not in the category drawn completely, so a
    learner is not always left waiting for a trainer (issue 14)."""
    module = course_tree.modules[0]
    quiz_load(module, _quiz_data(course_data), course_data)
    core = Question.objects.filter(category__slug="nps-3mmc-kern")
    assert core.exists()
    assert not core.filter(type="essay").exists()
    assert Question.objects.filter(category__slug="nps-3mmc", type="essay").exists()


def test_loader_creates_nothing_twice_when_run_again(course_tree, course_data):
    module = course_tree.modules[0]
    quiz_load(module, _quiz_data(course_data), course_data)
    counts = (
        Question.objects.count(),
        QuestionCategory.objects.count(),
        QuizPage.objects.count(),
        Revision.objects.count(),
    )
    versions = dict(Question.objects.values_list("key", "version"))
    assert quiz_load(module, _quiz_data(course_data), course_data) is False
    assert counts == (
        Question.objects.count(),
        QuestionCategory.objects.count(),
        QuizPage.objects.count(),
        Revision.objects.count(),
    )
    assert dict(Question.objects.values_list("key", "version")) == versions


def test_loader_updates_the_question_when_the_yaml_changed(course_tree, course_data):
    module = course_tree.modules[0]
    quiz_load(module, _quiz_data(course_data), course_data)
    course_data["question_bank"]["questions"][0]["explanation"] = "Nieuwe uitleg."
    assert quiz_load(module, _quiz_data(course_data), course_data) is True
    question = Question.objects.get(
        key=course_data["question_bank"]["questions"][0]["key"]
    )
    assert question.explanation == "Nieuwe uitleg."
    assert question.version == 2
