"""A warm signed-in lesson page makes few round trips to the shared cache: the
entries whose key holds the page-cache generation never change, so each process
keeps them in its own memory (training/local_cache.py, issue 21)."""

import pytest
from django.core.cache import cache

from courses.services import enrolment_create
from training import local_cache
from training.page_cache import GENERATION_KEY, page_cache_generation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_layer(settings):
    """The per-process layer on, as with Redis, and empty before and after."""
    settings.LOCAL_IMMUTABLE_CACHE = True
    local_cache.local_clear()
    yield
    local_cache.local_clear()


CALLS = (
    "get",
    "get_many",
    "get_or_set",
    "has_key",
    "add",
    "set",
    "set_many",
    "incr",
    "delete",
    "delete_many",
    "touch",
)


@pytest.fixture
def shared_cache_calls(monkeypatch):
    """Every call into the shared cache, as ``(method, first argument)``; a call
    the backend makes to itself (get_or_set -> get, add) counts once."""
    calls = []
    depth = [0]
    for name in CALLS:
        real = getattr(cache, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            if depth[0] == 0:
                calls.append((_name, args[0] if args else None))
            depth[0] += 1
            try:
                return _real(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, name, counting)
    return calls


GENERATION_KEYED = (
    "site:",
    "page-route:",
    "view-restricted:",
    "course-of:",
    "lesson-body:",
    "lesson-outline:",
    "site-settings:",
)


def test_warm_signed_in_lesson_page_reads_generation_keyed_entries_locally(
    learner_client, user, course_tree, shared_cache_calls
):
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[1]
    learner_client.get(lesson.url)
    learner_client.get(lesson.url)
    shared_cache_calls.clear()

    response = learner_client.get(lesson.url)

    assert response.status_code == 200
    keys = [key for _, key in shared_cache_calls]
    assert not [k for k in keys if str(k).startswith(GENERATION_KEYED)], keys
    # Was 16; the 9 left are generations, versions and per-learner entries. The
    # session read (sessions come from the cache only with Redis) is not counted.
    calls = [k for k in keys if not str(k).startswith("django.contrib.sessions")]
    assert len(calls) <= 9, calls
    assert "course-routes-generation" not in keys  # course-of: page-cache generation


def test_published_change_shows_on_next_request_with_local_layer(
    learner_client, user, course_tree
):
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[0]
    learner_client.get(lesson.url)
    assert "Een korte les voor de test." in learner_client.get(lesson.url).text
    lesson.body = [("text", "<p>Herschreven na publicatie.</p>")]
    lesson.save_revision().publish()

    html = learner_client.get(lesson.url).text

    assert "Herschreven na publicatie." in html
    assert "Een korte les voor de test." not in html


def test_generation_after_emptied_cache_is_higher_than_the_one_before():
    cache.set(GENERATION_KEY, 5, None)  # five publishes since it was started
    cache.clear()  # Redis emptied (outage, deploy)

    assert page_cache_generation() > 5


def test_published_change_shows_on_every_later_request_with_local_layer(
    learner_client, user, course_tree
):
    """The page object each process keeps per route and generation is not
    served again once the page changed (and not only on the first request)."""
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[0]
    for _ in range(3):
        learner_client.get(lesson.url)
    lesson.body = [("text", "<p>Herschreven na publicatie.</p>")]
    lesson.save_revision().publish()

    for _ in range(3):
        html = learner_client.get(lesson.url).text
        assert "Herschreven na publicatie." in html
        assert "Een korte les voor de test." not in html


def test_unpublished_lesson_is_not_served_from_this_process_memory(
    learner_client, user, course_tree
):
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[0]
    for _ in range(3):
        assert learner_client.get(lesson.url).status_code == 200

    lesson.unpublish()

    assert learner_client.get(lesson.url).status_code == 404


def test_warm_signed_in_lesson_page_fetches_no_page_from_the_database(
    learner_client, user, course_tree, django_assert_max_num_queries, settings
):
    settings.LEARNER_FRAGMENT_CACHE = True  # as with Redis
    enrolment_create(user=user, course=course_tree.course)
    lesson = course_tree.lessons[1]
    for _ in range(3):
        learner_client.get(lesson.url)

    with django_assert_max_num_queries(8) as captured:
        assert learner_client.get(lesson.url).status_code == 200

    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "wagtailcore_page" not in sql


def test_a_page_wagtail_does_not_serve_reads_no_page_route(
    learner_client, home_page, shared_cache_calls
):
    learner_client.get("/mijn-leeromgeving/")
    shared_cache_calls.clear()

    assert learner_client.get("/mijn-leeromgeving/").status_code == 200

    keys = [str(key) for _, key in shared_cache_calls]
    assert not [key for key in keys if key.startswith("page-route:")], keys
