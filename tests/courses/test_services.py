"""Enrolment, completion, reflection and material-change services."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import ContentChange, Enrolment, LessonCompletion, ReflectionAnswer
from courses.selectors import course_completion_status
from courses.services import (
    NotEnrolled,
    enrolment_create,
    enrolment_start_cycle,
    lesson_complete,
    reflection_save,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_enrolment_is_created_once_when_requested_twice(course_tree, user):
    first = enrolment_create(user=user, course=course_tree.course)
    second = enrolment_create(user=user, course=course_tree.course)
    assert first == second
    assert Enrolment.objects.count() == 1


def test_enrolment_is_refused_when_course_is_unpublished(course_tree, user):
    course_tree.course.unpublish()
    course_tree.course.refresh_from_db()
    with pytest.raises(ValidationError):
        enrolment_create(user=user, course=course_tree.course)
    assert not Enrolment.objects.exists()


def test_lesson_completion_changes_nothing_when_not_enrolled(course_tree, user):
    with pytest.raises(NotEnrolled):
        lesson_complete(user=user, lesson=course_tree.lessons[0])
    assert not LessonCompletion.objects.exists()


def test_lesson_completion_is_recorded_once_when_submitted_twice(course_tree, user):
    enrolment_create(user=user, course=course_tree.course)
    lesson_complete(user=user, lesson=course_tree.lessons[0])
    lesson_complete(user=user, lesson=course_tree.lessons[0])
    assert LessonCompletion.objects.filter(user=user).count() == 1
    enrolment = Enrolment.objects.get()
    assert enrolment.last_lesson_id == course_tree.lessons[0].pk


def test_course_is_complete_when_all_required_lessons_are_done(course_tree, user):
    enrolment_create(user=user, course=course_tree.course)
    for lesson in course_tree.lessons:
        assert not course_completion_status(
            user=user, course=course_tree.course
        ).is_complete
        lesson_complete(user=user, lesson=lesson)
    status = course_completion_status(user=user, course=course_tree.course)
    assert status.is_complete
    assert status.percent == 100


def test_optional_lessons_do_not_count_when_marked_not_required(course_tree, user):
    optional = course_tree.lessons[-1]
    optional.required = False
    optional.save_revision().publish()
    enrolment_create(user=user, course=course_tree.course)
    for lesson in course_tree.lessons[:-1]:
        lesson_complete(user=user, lesson=lesson)
    assert course_completion_status(user=user, course=course_tree.course).is_complete


def test_refresher_cycle_requires_only_refresher_modules_and_keeps_history(
    course_tree, user
):
    enrolment = enrolment_create(user=user, course=course_tree.course)
    for lesson in course_tree.lessons:
        lesson_complete(user=user, lesson=lesson)
    enrolment_start_cycle(enrolment=enrolment, scope="refresher")
    status = course_completion_status(user=user, course=course_tree.course)
    assert status.cycle == 2
    refresher_lessons = {lesson.pk for lesson in course_tree.lessons[:2]}
    assert {r.page_id for r in status.requirements} == refresher_lessons
    assert not status.is_complete
    for lesson in course_tree.lessons[:2]:
        lesson_complete(user=user, lesson=lesson)
    assert course_completion_status(user=user, course=course_tree.course).is_complete
    assert LessonCompletion.objects.filter(user=user, cycle=1).count() == 4


def test_reflection_answer_is_stored_privately_when_question_exists(course_tree, user):
    lesson = course_tree.lessons[0]
    lesson.body = [("reflection", {"question": "Wat neem je mee?", "guidance": ""})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    block_id = lesson.body[0].id
    enrolment_create(user=user, course=course_tree.course)
    reflection_save(user=user, lesson=lesson, block_id=block_id, text="  Veel.  ")
    reflection_save(user=user, lesson=lesson, block_id=block_id, text="Nog meer.")
    answer = ReflectionAnswer.objects.get()
    assert answer.text == "Nog meer."
    assert answer.question == "Wat neem je mee?"


@pytest.mark.parametrize(
    ("block_id", "text"),
    [("bestaat-niet", "iets"), (None, ""), (None, "x" * 10_001)],
)
def test_reflection_is_refused_when_question_unknown_or_answer_invalid(
    course_tree, user, block_id, text
):
    lesson = course_tree.lessons[0]
    lesson.body = [("reflection", {"question": "Vraag?", "guidance": ""})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    enrolment_create(user=user, course=course_tree.course)
    with pytest.raises(ValidationError):
        reflection_save(
            user=user, lesson=lesson, block_id=block_id or lesson.body[0].id, text=text
        )
    assert not ReflectionAnswer.objects.exists()


def test_material_change_is_recorded_when_lesson_publish_is_marked(course_tree):
    editor = UserFactory(is_superuser=True)
    lesson = course_tree.lessons[2]
    lesson.material_change = True
    lesson.material_change_summary = "3-CMC toegevoegd na groepsverbod."
    revision = lesson.save_revision(user=editor)
    revision.publish(user=editor)
    change = ContentChange.objects.get()
    assert change.course == course_tree.course
    assert change.module == course_tree.modules[1]
    assert change.revision == revision
    assert change.created_by == editor
    revision.publish(user=editor)
    assert ContentChange.objects.count() == 1


def test_no_change_is_recorded_when_publish_is_not_marked(course_tree):
    course_tree.lessons[0].save_revision().publish()
    assert not ContentChange.objects.exists()
