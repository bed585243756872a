"""Background work: the stale-RUNNING reaper, enqueueing without duplicates, and
"Achtergrondwerk" in the admin (who sees it, filters, pages, the requeue button,
the dashboard notice)."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.tasks import certificate_render_task, content_change_notify_task
from tests.factories.users import UserFactory
from training.background.liveness import WorkerPresence, workers_alive
from training.background.services import WORKER_LOST, task_enqueue_once
from training.tasks import outbox_send_task

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DB_TASKS


def _task(task, *, status="READY", started_minutes_ago=None, attempts=0, **kwargs):
    """A row as the database backend writes it, then moved to `status`."""
    result = task.enqueue(**kwargs)
    fields = {"status": status, "worker_ids": [f"w{n}" for n in range(attempts)]}
    if started_minutes_ago is not None:
        fields["started_at"] = timezone.now() - datetime.timedelta(
            minutes=started_minutes_ago
        )
    if status == "FAILED":
        fields |= {
            "finished_at": timezone.now(),
            "exception_class_path": "builtins.PermissionError",
            "traceback": "Traceback ...\nPermissionError: [Errno 13] media/x.pdf",
        }
    DBTaskResult.objects.filter(pk=result.id).update(**fields)
    return DBTaskResult.objects.get(pk=result.id)


@pytest.fixture
def worker_alive():
    """Worker "w0" holds its presence lock (on PostgreSQL), as a running
    `db_worker` does."""
    presence = WorkerPresence(worker_id="w0")
    presence.ensure()
    yield
    presence.close()


def test_reaper_requeues_or_fails_tasks_running_past_their_limit(queue, worker_alive):
    render = _task(
        certificate_render_task,
        status="RUNNING",
        started_minutes_ago=11,
        attempts=1,
        certificate_id=1,
    )
    notify = _task(
        content_change_notify_task,
        status="RUNNING",
        started_minutes_ago=31,
        attempts=1,
        change_id=1,
    )
    busy = _task(
        certificate_render_task,
        status="RUNNING",
        started_minutes_ago=2,
        attempts=1,
        certificate_id=2,
    )
    call_command("requeue_stale_tasks")
    render.refresh_from_db()
    notify.refresh_from_db()
    busy.refresh_from_db()
    # the render may run again; the task without a retry policy shows as failed
    assert (render.status, render.exception_class_path) == ("READY", WORKER_LOST)
    assert (notify.status, notify.exception_class_path) == ("FAILED", WORKER_LOST)
    assert "WorkerLost" in notify.traceback
    assert busy.status == "RUNNING"
    call_command("requeue_stale_tasks")  # a second run changes nothing
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite cannot tell whether a worker process lives (no session locks); "
    "there the time limit alone applies, tested above",
)
def test_reaper_requeues_at_once_a_task_whose_worker_process_is_gone(
    queue, worker_alive
):
    gone = _task(
        certificate_render_task,
        status="RUNNING",
        started_minutes_ago=1,
        attempts=1,
        certificate_id=1,
    )
    DBTaskResult.objects.filter(pk=gone.pk).update(worker_ids=["killed"])
    busy = _task(
        certificate_render_task,
        status="RUNNING",
        started_minutes_ago=1,
        attempts=1,
        certificate_id=2,
    )
    call_command("requeue_stale_tasks")
    gone.refresh_from_db()
    busy.refresh_from_db()
    assert (gone.status, gone.exception_class_path) == ("READY", WORKER_LOST)
    assert "process was gone" in gone.traceback
    assert busy.status == "RUNNING"  # its worker is alive and within the limit


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="worker locks exist on PostgreSQL only"
)
def test_a_second_worker_with_the_same_id_starts_without_waiting(worker_alive):
    twin = WorkerPresence(worker_id="w0")
    starting = threading.Thread(target=twin.ensure)
    starting.start()
    starting.join(timeout=20)
    assert not starting.is_alive()  # it did not wait for the other's lock
    twin.close()
    assert workers_alive({"w0"}) == {"w0"}  # the first still holds it


def test_reaper_fails_a_render_when_its_attempts_are_used_up(queue):
    render = _task(
        certificate_render_task,
        status="RUNNING",
        started_minutes_ago=60,
        attempts=5,
        certificate_id=1,
    )
    call_command("requeue_stale_tasks")
    render.refresh_from_db()
    assert render.status == "FAILED"


def test_enqueue_once_adds_nothing_when_the_same_task_waits_or_runs(queue):
    assert task_enqueue_once(certificate_render_task, certificate_id=7)
    assert not task_enqueue_once(certificate_render_task, certificate_id=7)
    assert task_enqueue_once(certificate_render_task, certificate_id=8)
    DBTaskResult.objects.update(status="RUNNING")
    assert not task_enqueue_once(certificate_render_task, certificate_id=7)
    DBTaskResult.objects.update(status="FAILED")
    assert task_enqueue_once(certificate_render_task, certificate_id=7)
    assert DBTaskResult.objects.count() == 3


# The admin view


@pytest.fixture
def operator():
    """Not an administrator: a group holding the background-work permission."""
    group = Group.objects.create(name="Beheer achtergrondwerk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_background_work"),
    )
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


INDEX = "background_admin:index"


def test_background_listing_is_refused_when_the_permission_is_missing(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # the Wagtail admin turns PermissionDenied into a redirect to its home page
    listing = client.get(reverse(INDEX))
    assert (listing.status_code, listing["Location"]) == (302, "/beheer/")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Achtergrondwerk" not in home
    anonymous = Client().get(reverse(INDEX))
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_background_listing_shows_failed_and_pending_tasks_when_permitted(
    queue, operator_client
):
    failed = _task(
        certificate_render_task, status="FAILED", attempts=5, certificate_id=3
    )
    _task(certificate_render_task, certificate_id=4)
    _task(certificate_render_task, status="SUCCESSFUL", attempts=1, certificate_id=5)
    html = operator_client.get(reverse(INDEX)).content.decode()
    assert "PermissionError: [Errno 13] media/x.pdf" in html
    assert "certificate_id=3" in html
    assert "certificate_id=4" in html
    assert "certificate_id=5" not in html  # only when asked for
    assert reverse("background_admin:requeue", args=[failed.pk]) in html
    only_failed = operator_client.get(reverse(INDEX), {"status": "failed"})
    assert "certificate_id=4" not in only_failed.content.decode()
    done = operator_client.get(reverse(INDEX), {"status": "successful"})
    assert "certificate_id=5" in done.content.decode()


def test_background_listing_filters_by_task_when_chosen(queue, operator_client):
    _task(certificate_render_task, status="FAILED", certificate_id=3)
    _task(outbox_send_task, status="FAILED", email_id=9)
    response = operator_client.get(
        reverse(INDEX), {"task": "training.tasks.outbox_send_task"}
    )
    html = response.content.decode()
    assert "email_id=9" in html
    assert "certificate_id=3" not in html
    bad = operator_client.get(reverse(INDEX), {"status": "<script>"})
    assert bad.status_code == 400


def test_background_listing_pages_with_a_fixed_number_of_queries_when_many(
    queue, operator_client
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            operator_client.get(reverse(INDEX))
        return len(context)

    for number in range(5):
        _task(certificate_render_task, status="FAILED", certificate_id=number)
    queries()  # the first request caches the site lookup
    few = queries()
    for number in range(5, 55):
        _task(certificate_render_task, status="FAILED", certificate_id=number)
    assert queries() == few
    first = operator_client.get(reverse(INDEX))
    assert first.content.decode().count("Opnieuw starten") == 50
    second = operator_client.get(reverse(INDEX), {"p": 2})
    assert second.content.decode().count("Opnieuw starten") == 5


def test_requeue_puts_a_failed_task_back_once_when_posted_twice(queue, operator):
    failed = _task(
        certificate_render_task, status="FAILED", attempts=5, certificate_id=3
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    url = reverse("background_admin:requeue", args=[failed.pk])
    assert client.post(url).status_code == 403  # no CSRF token
    assert client.get(url).status_code == 405
    client.get(reverse(INDEX))
    token = client.cookies["csrftoken"].value
    first = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    failed.refresh_from_db()
    assert failed.status == "READY"
    assert failed.run_after <= timezone.now()
    assert "weer in de wachtrij" in first.content.decode()
    second = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert "al opnieuw gestart" in second.content.decode()
    assert DBTaskResult.objects.count() == 1


def test_requeue_is_refused_without_the_permission(queue, client):
    failed = _task(certificate_render_task, status="FAILED", certificate_id=3)
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(reverse("background_admin:requeue", args=[failed.pk]))
    assert (response.status_code, response["Location"]) == (302, "/beheer/")
    failed.refresh_from_db()
    assert failed.status == "FAILED"


def test_dashboard_counts_failed_tasks_when_some_failed(queue, operator_client):
    home = reverse("wagtailadmin_home")
    assert (
        "achtergrondtaken zijn mislukt"
        not in operator_client.get(home).content.decode()
    )
    for number in range(2):
        _task(certificate_render_task, status="FAILED", certificate_id=number)
    html = operator_client.get(home).content.decode()
    assert "2 achtergrondtaken zijn mislukt" in html
    assert reverse(INDEX) + "?status=failed" in html
