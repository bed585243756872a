"""The signed-in lesson page from the learner's cache (courses/views/lesson.py,
training/learner_cache.py, issue 21): the learner's own progress, reflection
answers and enrolment show on the next request, no learner gets another's
content or token, and a warm page reads neither the enrolment nor the status."""

import re

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test.utils import CaptureQueriesContext

from courses.models import Enrolment, ReflectionAnswer
from courses.services import enrolment_create, lesson_complete
from tests.factories.users import UserFactory, signed_in_client

pytestmark = pytest.mark.django_db

DONE = '<span class="bb-status bb-status--ok">afgerond</span>'


@pytest.fixture(autouse=True)
def caches_on(settings):
    """As with Redis: the learner's cache and the per-process layer on."""
    settings.LEARNER_FRAGMENT_CACHE = True
    settings.LOCAL_IMMUTABLE_CACHE = True


def reflection_lesson(course_tree):
    lesson = course_tree.lessons[0]
    lesson.body = [
        ("text", "<p>Gedeelde uitleg.</p>"),
        ("reflection", {"question": "Wat neem je mee?", "guidance": ""}),
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def own_tokens_only(response) -> None:
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert len(tokens) >= 2  # sign-out and "Les afronden" at least
    secret = response.wsgi_request.META["CSRF_COOKIE"]
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}


def test_a_completed_lesson_shows_on_the_next_request(user, course_tree):
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[0]
    client.get(lesson.url)
    assert DONE not in client.get(lesson.url).text

    response = client.post(lesson.url, {"action": "complete"})
    assert response.status_code == 302

    assert DONE in client.get(lesson.url).text


def test_a_saved_reflection_shows_on_the_next_request(user, course_tree):
    lesson = reflection_lesson(course_tree)
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    assert "Mijn eerste gedachte" not in client.get(lesson.url).text
    block_id = lesson.body[1].id

    response = client.post(
        lesson.url,
        {"action": "reflection", "block_id": block_id, "text": "Mijn eerste gedachte"},
    )
    assert response.status_code == 302
    assert "Mijn eerste gedachte" in client.get(lesson.url).text

    ReflectionAnswer.objects.get(user=user).delete()
    assert "Mijn eerste gedachte" not in client.get(lesson.url).text


def test_enrolling_and_unenrolling_show_on_the_next_request(user, course_tree):
    client = signed_in_client(user)
    lesson = course_tree.lessons[0]
    assert client.get(lesson.url).status_code == 403

    enrolment_create(user=user, course=course_tree.course)
    assert client.get(lesson.url).status_code == 200

    Enrolment.objects.get(user=user).delete()
    assert client.get(lesson.url).status_code == 403


def test_no_learner_gets_another_learners_lesson_or_token(user, course_tree):
    lesson = reflection_lesson(course_tree)
    colleague = UserFactory()
    for person in (user, colleague):
        enrolment_create(user=person, course=course_tree.course)
    lesson_complete(user=user, lesson=lesson)
    ReflectionAnswer.objects.create(
        user=user, lesson=lesson, block_id=lesson.body[1].id, text="Mijn geheim"
    )
    own_client, their_client = signed_in_client(user), signed_in_client(colleague)
    own = own_client.get(lesson.url)
    own = own_client.get(lesson.url)  # from the cache
    theirs = their_client.get(lesson.url)
    theirs = their_client.get(lesson.url)

    assert "Mijn geheim" in own.text
    assert DONE in own.text
    assert "Mijn geheim" not in theirs.text
    assert DONE not in theirs.text
    own_tokens_only(own)
    own_tokens_only(theirs)


def test_a_warm_lesson_page_reads_no_enrolment_status_or_answers(user, course_tree):
    lesson = reflection_lesson(course_tree)
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    client.get(lesson.url)
    client.get(lesson.url)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(lesson.url)

    assert response.status_code == 200
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "courses_enrolment" not in tables
    assert "courses_lessoncompletion" not in tables
    assert "courses_reflectionanswer" not in tables


def test_resume_point_still_moves_when_the_lesson_comes_from_the_cache(
    user, course_tree
):
    client = signed_in_client(user)
    enrolment_create(user=user, course=course_tree.course)
    first, second = course_tree.lessons[0], course_tree.lessons[1]
    for lesson in (first, second, first):
        client.get(lesson.url)
        client.get(lesson.url)
        assert Enrolment.objects.get(user=user).last_lesson_id == lesson.pk
