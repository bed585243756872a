"""`db_worker` carries on when its database connection is cut (a restart, a
failover): it keeps taking tasks, and a task it was running is handed back
instead of staying RUNNING. The connection is cut for real with
`pg_terminate_backend` on the test database (never a restart of the shared
server); bench/faults.py restarts a private PostgreSQL server."""

import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from certificates.services.issue import certificate_render_enqueue
from tests.certificates.test_issue_recovery import postgresql_only
from tests.certificates.test_render_faults import _worker, queue, row_locked
from tests.factories.certificates import CertificateFactory
from training.tasks import outbox_send_task

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]
__all__ = ["queue"]  # a fixture


def _cut_worker_connection(*, waiting_for_a_lock: bool = False) -> int:
    """Terminate the worker's session (every other session on this database, or
    the one waiting for a row lock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND (NOT %s OR wait_event_type = 'Lock')",
            [waiting_for_a_lock],
        )
        return cursor.fetchone()[0]


def _wait_until(check, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def _status(task_id) -> str:
    return DBTaskResult.objects.get(pk=task_id).status


@contextmanager
def database_refusing_connections():
    """New connections to the test database are refused (as while a server
    restarts); open ones, such as the test's own, stay."""
    settings = connection.settings_dict
    name = connection.ops.quote_name(settings["NAME"])
    with psycopg.connect(  # PostgreSQL refuses this from the database itself
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as other:
        other.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
        try:
            yield
        finally:
            other.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")


def test_worker_carries_on_when_the_database_was_unreachable_for_a_while(queue):
    worker = _worker()
    try:
        first = outbox_send_task.enqueue(email_id=0)
        _wait_until(lambda: _status(first.id) == "SUCCESSFUL")
        with database_refusing_connections():
            assert _cut_worker_connection() >= 1
            time.sleep(3)  # the worker tries to connect again, and is refused
            assert worker.poll() is None, worker.stderr.read().decode()
        second = outbox_send_task.enqueue(email_id=0)
        _wait_until(lambda: _status(second.id) == "SUCCESSFUL")
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_task_running_when_the_connection_was_cut_runs_again(queue, course_tree):
    certificate = CertificateFactory(course=course_tree.course)
    certificate_render_enqueue(certificate=certificate)
    render = DBTaskResult.objects.get(
        task_path="certificates.tasks.certificate_render_task"
    )
    worker = _worker()
    try:
        with row_locked(certificate):  # the render waits at its final write
            _wait_until(lambda: _status(render.pk) == "RUNNING")
            _wait_until(lambda: _cut_worker_connection(waiting_for_a_lock=True))
        _wait_until(lambda: _status(render.pk) == "SUCCESSFUL")
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    render.refresh_from_db()
    assert len(render.worker_ids) == 2  # handed back once, then run again
    certificate.refresh_from_db()
    assert certificate.is_rendered
