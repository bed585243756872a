"""The lesson body cached per revision (courses/body_cache.py, issue 21): a
publish or a card change shows on the next request, and the cached body never
holds one learner's reflection answer or CSRF token for another."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token

from courses.models import ReflectionAnswer
from courses.services import enrolment_create
from tests.factories.courses import card_publish, substance_card_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _publish_body(lesson, body):
    lesson.body = body
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def _form_token_secrets(response) -> set[str]:
    """The CSRF secrets behind the page's form tokens; each must be this
    request's own (a cached page must not carry a placeholder or another's)."""
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert tokens
    secrets = {_unmask_cipher_token(token) for token in tokens}
    assert secrets == {response.wsgi_request.META["CSRF_COOKIE"]}
    return secrets


def _reflection_lesson(course_tree):
    return _publish_body(
        course_tree.lessons[0],
        [
            ("text", "<p>Gedeelde uitleg.</p>"),
            ("reflection", {"question": "Wat neem je mee?", "guidance": ""}),
            ("text", "<p>Na de vraag.</p>"),
        ],
    )


def test_lesson_shows_new_body_on_next_request_when_body_was_cached(
    learner_client, user, course_tree
):
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[0]
    learner_client.get(lesson.url)
    assert "Een korte les voor de test." in learner_client.get(lesson.url).text
    _publish_body(lesson, [("text", "<p>Herschreven na publicatie.</p>")])
    html = learner_client.get(lesson.url).text
    assert "Herschreven na publicatie." in html
    assert "Een korte les voor de test." not in html


def test_lesson_shows_changed_card_on_next_request_when_body_was_cached(
    learner_client, user, course_tree
):
    card = substance_card_create(street_names="miauw")
    enrolment_create(user=user, course=course_tree.course)
    lesson = _publish_body(course_tree.lessons[0], [("substance_card", {"card": card})])
    assert "miauw" in learner_client.get(lesson.url).text
    card_publish(card, street_names="drone")
    html = learner_client.get(lesson.url).text
    assert "drone" in html
    assert "miauw" not in html


def test_cached_body_never_shows_another_learners_answer_or_token(
    client, course_tree, user
):
    lesson = _reflection_lesson(course_tree)
    block_id = lesson.body[1].id
    colleague = UserFactory()
    for person in (user, colleague):
        enrolment_create(user=person, course=course_tree.course)
    ReflectionAnswer.objects.create(
        user=user, lesson=lesson, block_id=block_id, text="Mijn geheim"
    )
    client.force_login(user)
    own = client.get(lesson.url)
    assert "Mijn geheim" in own.text
    client.force_login(colleague)
    theirs = client.get(lesson.url)
    assert theirs.status_code == 200
    assert "Mijn geheim" not in theirs.text
    assert "Gedeelde uitleg." in theirs.text
    assert "Na de vraag." in theirs.text
    assert theirs.text.index("Gedeelde uitleg.") < theirs.text.index("Wat neem je mee?")
    assert theirs.text.index("Wat neem je mee?") < theirs.text.index("Na de vraag.")
    _form_token_secrets(own)
    _form_token_secrets(theirs)


def test_preview_of_unsaved_edit_shows_the_edit_when_live_body_was_cached(
    learner_client, user, course_tree
):
    from courses.views.lesson import lesson_preview_context

    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[0]
    learner_client.get(lesson.url)  # caches the live body under these revision ids
    lesson.body = [("text", "<p>Nog niet bewaard.</p>")]
    parts = lesson_preview_context(lesson=lesson)["body_parts"]
    assert "Nog niet bewaard." in "".join(part.html for part in parts)


def _outline(html: str) -> str:
    start = html.index('class="bb-outline"')
    return html[start : html.index("</details>", start)]


def test_cached_outline_marks_only_this_learners_parts_done(client, course_tree, user):
    from courses.services import lesson_complete

    colleague = UserFactory()
    for person in (user, colleague):
        enrolment_create(user=person, course=course_tree.course)
    lesson_complete(user=user, lesson=course_tree.lessons[0])
    url = course_tree.lessons[1].url
    client.force_login(user)
    assert _outline(client.get(url).text).count("bb-status--ok") == 1
    client.force_login(colleague)
    assert _outline(client.get(url).text).count("bb-status--ok") == 0
    lesson_complete(user=colleague, lesson=course_tree.lessons[0])
    lesson_complete(user=colleague, lesson=course_tree.lessons[2])
    assert _outline(client.get(url).text).count("bb-status--ok") == 2
