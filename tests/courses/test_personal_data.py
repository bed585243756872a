"""The courses part of a person's data download: own records only, titles
instead of ids, JSON-ready, and a query count that does not grow with the data."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from courses.models import ContentChange, Enrolment, LessonCompletion, ReflectionAnswer
from courses.personal_data import personal_data
from courses.services import (
    enrolment_create,
    enrolment_start_cycle,
    lesson_complete,
    reflection_save,
)
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory
from training.personal_data import PERSONAL_DATA_HOOK

pytestmark = pytest.mark.django_db

SECTIONS = ("inschrijvingen", "lesvoortgang", "reflecties", "inhoudswijzigingen")


def reflection_lesson(lesson, question="Wat neem je mee?"):
    lesson.body = [("reflection", {"question": question, "guidance": ""})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def material_change_publish(lesson, *, editor, summary):
    lesson.material_change = True
    lesson.material_change_summary = summary
    lesson.save_revision(user=editor).publish(user=editor)


def test_enrolment_is_listed_with_titles_and_moments_when_person_enrolled(
    course_tree, user
):
    enrolment = enrolment_create(user=user, course=course_tree.course)
    lesson_complete(user=user, lesson=course_tree.lessons[1])
    enrolment_start_cycle(enrolment=enrolment, scope="refresher")
    enrolment = Enrolment.objects.get(pk=enrolment.pk)

    assert personal_data(user=user)["inschrijvingen"] == [
        {
            "cursus": "Testcursus",
            "herkomst": "zelf ingeschreven",
            "cyclus": 2,
            "cyclus_omvang": "opfrismodules",
            "ingeschreven_op": enrolment.enrolled_at.isoformat(),
            "laatste_les": None,
            "laatste_activiteit_op": enrolment.last_activity_at.isoformat(),
        }
    ]


def test_last_lesson_is_named_by_title_when_person_is_halfway(course_tree, user):
    enrolment_create(user=user, course=course_tree.course, source="assigned")
    lesson_complete(user=user, lesson=course_tree.lessons[2])

    (row,) = personal_data(user=user)["inschrijvingen"]
    assert row["laatste_les"] == "Les 2.1"
    assert row["herkomst"] == "toegewezen door organisatie"
    assert row["cyclus_omvang"] == "volledige cursus"


def test_lesson_progress_lists_every_completion_when_lessons_are_done(
    course_tree, user
):
    enrolment_create(user=user, course=course_tree.course)
    lesson_complete(user=user, lesson=course_tree.lessons[0])
    lesson_complete(user=user, lesson=course_tree.lessons[3])
    completions = LessonCompletion.objects.filter(user=user).order_by("pk")

    assert personal_data(user=user)["lesvoortgang"] == [
        {
            "les": completion.lesson.title,
            "cursus": "Testcursus",
            "cyclus": 1,
            "afgerond_op": completion.completed_at.isoformat(),
        }
        for completion in completions
    ]
    assert [row["les"] for row in personal_data(user=user)["lesvoortgang"]] == [
        "Les 1.1",
        "Les 2.2",
    ]


def test_reflection_is_listed_with_its_text_and_course_when_person_answered(
    course_tree, user
):
    lesson = reflection_lesson(course_tree.lessons[1])
    enrolment_create(user=user, course=course_tree.course)
    reflection_save(
        user=user, lesson=lesson, block_id=lesson.body[0].id, text="Beter doorvragen."
    )
    answer = ReflectionAnswer.objects.get()

    assert personal_data(user=user)["reflecties"] == [
        {
            "les": "Les 1.2",
            "cursus": "Testcursus",
            "vraag": "Wat neem je mee?",
            "antwoord": "Beter doorvragen.",
            "bijgewerkt_op": answer.updated_at.isoformat(),
        }
    ]


def test_content_change_is_listed_when_person_published_it_as_editor(course_tree):
    editor = UserFactory(is_superuser=True)
    material_change_publish(
        course_tree.lessons[2], editor=editor, summary="Nieuwe richtlijn verwerkt."
    )
    change = ContentChange.objects.get()

    assert personal_data(user=editor)["inhoudswijzigingen"] == [
        {
            "cursus": "Testcursus",
            "module": "Module 2",
            "pagina": "Les 2.1",
            "samenvatting": "Nieuwe richtlijn verwerkt.",
            "vastgelegd_op": change.created_at.isoformat(),
        }
    ]


def test_other_peoples_records_are_left_out_when_they_share_a_course(course_tree, user):
    lesson = reflection_lesson(course_tree.lessons[0])
    other = UserFactory(is_superuser=True)
    enrolment_create(user=other, course=course_tree.course)
    lesson_complete(user=other, lesson=lesson)
    reflection_save(
        user=other, lesson=lesson, block_id=lesson.body[0].id, text="Geheim van ander"
    )
    material_change_publish(
        course_tree.lessons[1], editor=other, summary="Wijziging van ander"
    )
    enrolment_create(user=user, course=course_tree.course)
    reflection_save(
        user=user, lesson=lesson, block_id=lesson.body[0].id, text="Mijn antwoord"
    )

    data = personal_data(user=user)
    assert len(data["inschrijvingen"]) == 1
    assert data["lesvoortgang"] == []
    assert [row["antwoord"] for row in data["reflecties"]] == ["Mijn antwoord"]
    assert data["inhoudswijzigingen"] == []
    dumped = json.dumps(data)
    assert "Geheim van ander" not in dumped
    assert "Wijziging van ander" not in dumped


def test_result_is_json_ready_when_every_section_has_records(course_tree):
    user = UserFactory(is_superuser=True)
    lesson = reflection_lesson(course_tree.lessons[0])
    enrolment_create(user=user, course=course_tree.course)
    lesson_complete(user=user, lesson=lesson)
    reflection_save(user=user, lesson=lesson, block_id=lesson.body[0].id, text="Ja")
    material_change_publish(course_tree.lessons[1], editor=user, summary="Iets")

    data = personal_data(user=user)
    assert all(data[section] for section in SECTIONS)
    assert json.loads(json.dumps(data)) == data


def test_courses_offer_their_sections_when_the_download_hook_runs():
    assert personal_data in hooks.get_hooks(PERSONAL_DATA_HOOK)


def _records_create(home_page, user, count):
    """`count` records in every section for `user`, the way the app makes them."""
    editor_lessons = []
    for n in range(count):
        tree = course_tree_create(
            home_page,
            slug=f"cursus-{count}-{n}",
            title=f"Cursus {count}.{n}",
            modules=1,
            lessons_per_module=2,
        )
        lesson = reflection_lesson(tree.lessons[0])
        enrolment_create(user=user, course=tree.course)
        lesson_complete(user=user, lesson=lesson)
        reflection_save(
            user=user, lesson=lesson, block_id=lesson.body[0].id, text=f"Antwoord {n}"
        )
        editor_lessons.append(tree.lessons[1])
    for n, lesson in enumerate(editor_lessons):
        material_change_publish(lesson, editor=user, summary=f"Wijziging {n}")


def _count_queries(user) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        data = personal_data(user=user)
    return len(queries), data


def test_query_count_is_the_same_when_records_grow_from_one_to_five(home_page):
    few, many = UserFactory(is_superuser=True), UserFactory(is_superuser=True)
    _records_create(home_page, few, 1)
    _records_create(home_page, many, 5)

    few_queries, few_data = _count_queries(few)
    many_queries, many_data = _count_queries(many)
    assert [len(few_data[section]) for section in SECTIONS] == [1] * len(SECTIONS)
    assert [len(many_data[section]) for section in SECTIONS] == [5] * len(SECTIONS)
    assert many_queries == few_queries
