"""Redis down, paused or back: pages keep answering, rate limits keep counting in
the process, and no value from before the outage is read after it."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates.services.issue import certificate_issue
from courses.services import enrolment_create, lesson_complete
from tests.factories.users import TEST_PASSWORD, UserFactory
from tests.redis_server import closed_port
from tests.redis_server import private_redis as private_redis  # a fixture
from training import cache as resilient
from training.settings.env import cache_from_url

pytestmark = pytest.mark.django_db


def _use_redis(settings, url: str) -> None:
    settings.CACHES = {"default": cache_from_url(url)}


def _pages(tree, certificate) -> tuple[list[str], list[str]]:
    """Pages for a visitor, and for a signed-in learner."""
    public = [
        "/",
        reverse("account_login"),
        tree.catalogue.url,
        tree.course.url,
        reverse("certificates:verify_form"),
        reverse("certificates:verify", args=[certificate.code]),
    ]
    learner = [
        "/",
        tree.course.url,
        tree.lessons[0].url,
        reverse("courses:my_learning"),
        reverse("certificates:history"),
        reverse("profile"),
    ]
    return public, learner


def _statuses(learner, tree, certificate) -> dict[str, int]:
    public, signed_in = _pages(tree, certificate)
    visitor = Client(raise_request_exception=False)
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    return {f"{path} (visitor)": visitor.get(path).status_code for path in public} | {
        path: client.get(path).status_code for path in signed_in
    }


def _all_ok(statuses: dict[str, int]) -> bool:
    return statuses == dict.fromkeys(statuses, 200)


@pytest.fixture
def learner_with_certificate(course_tree):
    learner = UserFactory()
    enrolment_create(user=learner, course=course_tree.course)
    for lesson in course_tree.lessons:
        lesson_complete(user=learner, lesson=lesson)
    return learner, certificate_issue(user=learner, course=course_tree.course)


def test_pages_answer_when_redis_is_unreachable(
    settings, course_tree, learner_with_certificate, caplog
):
    learner, certificate = learner_with_certificate
    _use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    with caplog.at_level(logging.WARNING, logger="training.cache"):
        for _ in range(2):
            statuses = _statuses(learner, course_tree, certificate)
            assert _all_ok(statuses), statuses
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1  # one per outage, not one per call


def test_failed_logins_still_lock_out_when_redis_is_unreachable(settings, user):
    from training.settings.base import ACCOUNT_RATE_LIMITS  # the tests turn them off

    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS  # 5 failures a 5 min per key
    _use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    client = Client(raise_request_exception=False)
    wrong = {"login": user.email, "password": "niet-het-wachtwoord"}
    for _attempt in range(6):
        assert client.post(reverse("account_login"), wrong).status_code == 200
    right = {"login": user.email, "password": TEST_PASSWORD}
    response = client.post(reverse("account_login"), right)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_pages_keep_answering_when_redis_stops_and_comes_back(
    settings, course_tree, learner_with_certificate, private_redis, monkeypatch
):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0)
    learner, certificate = learner_with_certificate
    _use_redis(settings, private_redis.url)

    statuses = _statuses(learner, course_tree, certificate)
    assert _all_ok(statuses), statuses
    redis = cache._cache.get_client()
    assert redis.dbsize() > 0  # the pages used the real Redis

    private_redis.stop()
    statuses = _statuses(learner, course_tree, certificate)
    assert _all_ok(statuses), statuses

    private_redis.start()
    statuses = _statuses(learner, course_tree, certificate)
    assert _all_ok(statuses), statuses
    assert redis.dbsize() > 0  # and use it again


def test_no_value_from_before_the_outage_is_read_when_a_write_was_missed(
    settings, private_redis, monkeypatch, caplog
):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0)
    _use_redis(settings, private_redis.url)
    cache.set("course-tree-version:1", "before")

    private_redis.pause()  # hung: connections time out, the data stays
    cache.set("course-tree-version:1", "after")  # never reaches Redis
    assert cache.get("course-tree-version:1") == "after"

    private_redis.resume()
    with caplog.at_level(logging.WARNING, logger="training.cache"):
        assert cache.get("course-tree-version:1") is None
    assert "emptied" in caplog.text
    cache.set("course-tree-version:1", "fresh")
    assert cache._cache.get_client().get(cache.make_key("course-tree-version:1"))


def test_fallback_entries_expire_within_the_cap_when_stored_for_ever(
    settings, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    _use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    cache.set("learner-progress-generation:1", 4, None)
    assert cache.get("learner-progress-generation:1") == 4
    time_machine.shift(resilient.FALLBACK_MAX_SECONDS + 1)
    assert cache.get("learner-progress-generation:1") is None
