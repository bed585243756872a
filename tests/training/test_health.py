"""`/health/`: each dependency with its state; 503 only when a required one (the
database, writable media) fails, "degraded" when the cache or the task queue
does. Everyone gets the status code and word; only staff and the monitoring
token get the details."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories.users import UserFactory
from tests.redis_server import closed_port
from tests.redis_server import private_redis as private_redis  # a fixture
from training.settings.env import cache_from_url
from training.tasks import outbox_send_task

pytestmark = pytest.mark.django_db

TOKEN = "a-monitoring-token-of-at-least-32-characters"


@pytest.fixture(autouse=True)
def _monitoring_token(settings):
    settings.MONITORING_TOKEN = TOKEN


def _health(**headers):
    headers.setdefault("Authorization", f"Bearer {TOKEN}")
    client = Client(raise_request_exception=False, headers=headers)
    response = client.get(reverse("health"))
    return response.status_code, response.json()


def _failing(report) -> set[str]:
    return {name for name, check in report["checks"].items() if not check["ok"]}


def test_health_reports_every_dependency_ok_when_all_answer(
    settings, private_redis, tmp_path
):
    settings.CACHES = {"default": cache_from_url(private_redis.url)}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    status, report = _health()
    assert (status, report["status"]) == (200, "ok")
    assert set(report["checks"]) == {"database", "media", "cache", "tasks"}
    assert report["checks"]["tasks"]["waiting"] == 0
    assert list((tmp_path / "media").rglob("*.txt")) == []  # the probe is removed


def test_health_is_degraded_but_200_when_redis_is_unreachable(settings):
    settings.CACHES = {
        "default": cache_from_url(f"redis://127.0.0.1:{closed_port()}/0")
    }
    status, report = _health()
    assert (status, report["status"]) == (200, "degraded")
    assert _failing(report) == {"cache"}


def test_health_is_degraded_when_redis_hangs(settings, private_redis):
    settings.CACHES = {"default": cache_from_url(private_redis.url)}
    private_redis.pause()
    status, report = _health()
    assert (status, report["status"]) == (200, "degraded")
    assert _failing(report) == {"cache"}


@pytest.mark.parametrize("delayed", [False, True])
def test_health_is_degraded_when_due_tasks_wait_for_a_worker(settings, delayed):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = outbox_send_task.enqueue(email_id=1)
    eleven_minutes_ago = timezone.now() - datetime.timedelta(minutes=11)
    if delayed:  # a retry: due since its run_after
        DBTaskResult.objects.filter(pk=result.id).update(run_after=eleven_minutes_ago)
    else:  # enqueued without a delay: due since it was enqueued
        DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=eleven_minutes_ago)
    status, report = _health()
    assert (status, report["status"]) == (200, "degraded")
    assert _failing(report) == {"tasks"}
    assert report["checks"]["tasks"]["waiting"] == 1
    assert report["checks"]["tasks"]["oldest_waiting_seconds"] >= 660


def test_health_answers_503_when_media_cannot_be_written(settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"  # a folder inside a file
    status, report = _health()
    assert (status, report["status"]) == (503, "unavailable")
    assert _failing(report) == {"media"}


@pytest.mark.django_db(transaction=True)
def test_health_answers_503_when_the_database_is_unreachable():
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/bijblijven.sqlite3"
    else:
        connection.settings_dict |= {"HOST": "127.0.0.1", "PORT": closed_port()}
    try:
        status, report = _health()
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert (status, report["status"]) == (503, "unavailable")
    assert _failing(report) == {"database"}


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer wrong-token", f"Basic {TOKEN}", "Bearer "],
)
def test_health_tells_others_only_the_status_when_not_staff_nor_token(
    settings, authorization, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    status, report = _health(Authorization=authorization)
    assert status == 200
    assert report == {"status": "ok"}


def test_health_keeps_503_for_others_when_a_required_dependency_fails(
    settings, tmp_path
):
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"
    status, report = _health(Authorization="")
    assert (status, report) == (503, {"status": "unavailable"})


def test_health_gives_details_to_staff_and_not_to_other_signed_in_people(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    learner, staff = Client(), Client()
    learner.force_login(UserFactory())
    staff.force_login(UserFactory(is_staff=True))
    assert "checks" not in learner.get(reverse("health")).json()
    assert set(staff.get(reverse("health")).json()["checks"]) >= {"database", "tasks"}


def test_health_token_reads_nothing_when_no_token_is_configured(settings, tmp_path):
    settings.MONITORING_TOKEN = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    status, report = _health(Authorization="Bearer ")
    assert report == {"status": "ok"}
