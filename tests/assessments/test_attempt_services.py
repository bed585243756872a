"""attempt_start, attempt_save_answers and attempt_submit: rules, time limit,
idempotency, snapshots and course completion."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from wagtail import hooks

from assessments.models import Attempt, AttemptAnswer, QuestionOption
from assessments.services import (
    AnswersRejected,
    AttemptClosed,
    AttemptRefused,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)
from courses.selectors import course_completion_status
from courses.services import (
    PROGRESS_HOOK,
    NotEnrolled,
    enrolment_start_cycle,
    lesson_complete,
)
from tests.factories.assessments import (
    category_create,
    form_data,
    question_create,
    quiz_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _submit(attempt, *, right=True, user=None):
    return attempt_submit(
        public_id=attempt.public_id,
        user=user or attempt.user,
        data=form_data(attempt.questions, right=right),
        indexes=range(len(attempt.questions)),
    )


def test_start_returns_the_open_attempt_when_called_twice(objective_quiz, enrolled):
    first = attempt_start(user=enrolled, quiz=objective_quiz)
    second = attempt_start(user=enrolled, quiz=objective_quiz)
    assert first.pk == second.pk
    assert Attempt.objects.count() == 1
    assert first.responses == {"schema_version": 1, "answers": {}}
    assert not first.answers.exists()  # rows are written at submission


def test_start_snapshots_questions_pass_mark_and_revision_when_starting(
    objective_quiz, enrolled
):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    assert attempt.pass_mark == pytest.approx(0.7)
    assert attempt.revision_id == objective_quiz.live_revision_id
    assert attempt.snapshot["schema_version"] == 1
    assert [q["type"] for q in attempt.questions] == [
        "single",
        "multiple",
        "true_false",
        "short_text",
        "ordering",
        "matching",
    ]
    assert attempt.questions[0]["options"][0]["correct"] is True


def test_start_is_refused_when_the_learner_is_not_enrolled(objective_quiz, user):
    with pytest.raises(NotEnrolled):
        attempt_start(user=user, quiz=objective_quiz)
    assert not Attempt.objects.exists()


def test_start_is_refused_when_the_quiz_is_a_draft(course_tree, questions, enrolled):
    draft = quiz_create(course_tree.modules[0], questions=questions, live=False)
    with pytest.raises(AttemptRefused) as refused:
        attempt_start(user=enrolled, quiz=draft)
    assert refused.value.code == "unavailable"


def test_start_draws_the_configured_number_per_category_when_drawing(
    course_tree, enrolled
):
    first, second = category_create(), category_create()
    pool_one = [question_create(category=first) for _ in range(5)]
    pool_two = [question_create(category=second, type="true_false") for _ in range(3)]
    quiz = quiz_create(
        course_tree.modules[0], draw={first: 2, second: 3}, shuffle_questions=True
    )
    attempt = attempt_start(user=enrolled, quiz=quiz)
    ids = [q["id"] for q in attempt.questions]
    assert len(ids) == len(set(ids)) == 5
    assert len(set(ids) & {q.pk for q in pool_one}) == 2
    assert set(ids) >= {q.pk for q in pool_two}


def test_start_is_refused_when_a_category_has_too_few_questions(course_tree, enrolled):
    category = category_create()
    question_create(category=category)
    quiz = quiz_create(course_tree.modules[0], draw={category: 1})
    category.questions.all().delete()
    with pytest.raises(AttemptRefused) as refused:
        attempt_start(user=enrolled, quiz=quiz)
    assert refused.value.code == "pool_too_small"


def test_submit_grades_and_passes_when_every_answer_is_right(objective_quiz, enrolled):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    outcome = _submit(attempt)
    attempt.refresh_from_db()
    assert not outcome.already_submitted
    assert attempt.status == "submitted"
    assert attempt.score == 1.0
    assert attempt.passed is True
    assert attempt.pending == 0


def test_submit_records_one_result_when_submitted_twice(objective_quiz, enrolled):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    _submit(attempt, right=True)
    second = _submit(attempt, right=False)
    attempt.refresh_from_db()
    assert second.already_submitted
    assert attempt.score == 1.0
    assert Attempt.objects.count() == 1


def test_save_is_refused_without_change_when_the_attempt_was_submitted(
    objective_quiz, enrolled
):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    _submit(attempt)
    before = list(AttemptAnswer.objects.values_list("answer", flat=True))
    with pytest.raises(AttemptClosed):
        attempt_save_answers(
            public_id=attempt.public_id,
            user=enrolled,
            data=form_data(attempt.questions, right=False),
            indexes=range(6),
        )
    assert list(AttemptAnswer.objects.values_list("answer", flat=True)) == before


def test_save_rejects_all_answers_when_one_is_tampered(objective_quiz, enrolled):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    data = form_data(attempt.questions)
    data[f"q-{attempt.questions[0]['id']}"] = ["zz"]
    with pytest.raises(AnswersRejected) as rejected:
        attempt_save_answers(
            public_id=attempt.public_id, user=enrolled, data=data, indexes=range(6)
        )
    assert rejected.value.tampered
    attempt.refresh_from_db()
    assert attempt.responses["answers"] == {}


def test_save_raises_not_found_when_the_attempt_is_someone_elses(
    objective_quiz, enrolled
):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    with pytest.raises(Attempt.DoesNotExist):
        attempt_save_answers(
            public_id=attempt.public_id,
            user=UserFactory(),
            data=form_data(attempt.questions),
            indexes=range(6),
        )


def test_late_submission_is_graded_on_saved_answers_when_the_time_is_up(
    course_tree, questions, enrolled
):
    quiz = quiz_create(
        course_tree.modules[0],
        questions=[q for q in questions if q.type in ("single", "true_false")],
        time_limit=datetime.timedelta(minutes=5),
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = attempt_start(user=enrolled, quiz=quiz)
        first_only = {
            key: value
            for key, value in form_data(attempt.questions).items()
            if key == f"q-{attempt.questions[0]['id']}"
        }
        attempt_save_answers(
            public_id=attempt.public_id, user=enrolled, data=first_only, indexes=[0]
        )
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        outcome = _submit(attempt)
    attempt.refresh_from_db()
    assert outcome.late
    assert attempt.late
    assert attempt.score == 0.5
    assert attempt.answers.get(index=1).answer is None


def test_submission_within_the_time_limit_is_not_late(course_tree, questions, enrolled):
    quiz = quiz_create(
        course_tree.modules[0],
        questions=questions[:1],
        time_limit=datetime.timedelta(minutes=5),
    )
    attempt = attempt_start(user=enrolled, quiz=quiz)
    outcome = _submit(attempt)
    assert not outcome.late
    assert outcome.attempt.score == 1.0


def test_start_is_refused_without_new_attempt_when_the_limit_is_reached(
    objective_quiz, enrolled
):
    for _ in range(2):
        _submit(attempt_start(user=enrolled, quiz=objective_quiz), right=False)
    with pytest.raises(AttemptRefused) as refused:
        attempt_start(user=enrolled, quiz=objective_quiz)
    assert refused.value.code == "max_attempts"
    assert Attempt.objects.count() == 2


def test_start_waits_for_the_cooldown_when_an_attempt_failed(
    course_tree, questions, enrolled
):
    quiz = quiz_create(
        course_tree.modules[0],
        questions=questions[:2],
        cooldown=datetime.timedelta(minutes=10),
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _submit(attempt_start(user=enrolled, quiz=quiz), right=False)
    with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
        with pytest.raises(AttemptRefused) as refused:
            attempt_start(user=enrolled, quiz=quiz)
    assert refused.value.code == "cooldown"
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        second = attempt_start(user=enrolled, quiz=quiz)
    assert second.number == 2


def test_new_cycle_allows_attempts_again_when_the_learner_renews(
    objective_quiz, enrolled, course_tree
):
    _submit(attempt_start(user=enrolled, quiz=objective_quiz))
    with pytest.raises(AttemptRefused):
        attempt_start(user=enrolled, quiz=objective_quiz)
    enrolment = enrolled.enrolments.get()
    enrolment_start_cycle(enrolment=enrolment, scope="full")
    renewed = attempt_start(user=enrolled, quiz=objective_quiz)
    assert renewed.cycle == 2
    assert renewed.number == 1


def test_finished_result_stays_when_a_question_is_edited_later(
    objective_quiz, enrolled, questions
):
    attempt = attempt_start(user=enrolled, quiz=objective_quiz)
    _submit(attempt)
    single = questions[0]
    QuestionOption.objects.filter(question=single).update(correct=False)
    QuestionOption.objects.filter(question=single, key="b").update(correct=True)
    single.text = "<p>Nieuwe tekst</p>"
    single.save()
    attempt.refresh_from_db()
    assert attempt.score == 1.0
    assert attempt.questions[0]["text"].startswith("<p>Testvraag")
    assert attempt.questions[0]["version"] == 1
    assert single.version == 2


def test_passed_quiz_counts_in_course_completion_when_submitted(
    objective_quiz, enrolled, course_tree, django_capture_on_commit_callbacks
):
    calls = []

    def record(*, user, course):
        calls.append((user.pk, course.pk))

    status = course_completion_status(user=enrolled, course=course_tree.course)
    quiz_requirement = next(r for r in status.requirements if r.kind == "quiz")
    assert not quiz_requirement.done
    with hooks.register_temporarily(PROGRESS_HOOK, record):
        with django_capture_on_commit_callbacks(execute=True):
            _submit(attempt_start(user=enrolled, quiz=objective_quiz))
    status = course_completion_status(user=enrolled, course=course_tree.course)
    assert next(r for r in status.requirements if r.kind == "quiz").done
    assert calls == [(enrolled.pk, course_tree.course.pk)]


def test_course_completes_when_lessons_are_done_and_the_quiz_passed(
    objective_quiz, enrolled, course_tree
):
    for lesson in course_tree.lessons:
        lesson_complete(user=enrolled, lesson=lesson)
    assert not course_completion_status(
        user=enrolled, course=course_tree.course
    ).is_complete
    _submit(attempt_start(user=enrolled, quiz=objective_quiz))
    assert course_completion_status(
        user=enrolled, course=course_tree.course
    ).is_complete


def test_failed_quiz_does_not_count_when_the_score_is_below_the_pass_mark(
    objective_quiz, enrolled, course_tree
):
    _submit(attempt_start(user=enrolled, quiz=objective_quiz), right=False)
    status = course_completion_status(user=enrolled, course=course_tree.course)
    assert not next(r for r in status.requirements if r.kind == "quiz").done


def test_expired_attempt_stays_graded_when_a_new_start_is_refused(
    course_tree, questions, enrolled
):
    quiz = quiz_create(
        course_tree.modules[0],
        questions=questions[:1],
        time_limit=datetime.timedelta(minutes=5),
        cooldown=datetime.timedelta(minutes=30),
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = attempt_start(user=enrolled, quiz=quiz)
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        with pytest.raises(AttemptRefused) as refused:
            attempt_start(user=enrolled, quiz=quiz)
    assert refused.value.code == "cooldown"
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.late
    assert attempt.submitted_at == attempt.deadline  # the cool-down counts from here
    assert refused.value.params["until"] == attempt.deadline + quiz.cooldown
