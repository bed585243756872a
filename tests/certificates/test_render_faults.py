"""A PDF render that fails is retried with back-off when the error may pass (and
gives up, visibly, after five attempts); a learner reloading the "wordt aangemaakt"
page never queues a second render; the sweep renders what is missing. Run through
the real database queue and `db_worker`."""

import datetime
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.services.issue import certificate_render_enqueue
from tests.certificates.test_issue_recovery import postgresql_only
from tests.certificates.test_missing_pdf import media_unwritable, rendered
from tests.factories.certificates import CertificateFactory
from training.background.services import WORKER_LOST

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = DB_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def _work():
    """Run every task that is due, in this process, as `db_worker` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    connections.close_all()


def _renders():
    # Wagtail queues its own tasks (the reference index) when pages are published
    return DBTaskResult.objects.filter(
        task_path="certificates.tasks.certificate_render_task"
    )


def _due_now():
    _renders().update(run_after=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_render_is_retried_with_back_off_when_media_is_unwritable(
    queue, course_tree, tmp_path
):
    certificate = CertificateFactory(course=course_tree.course)
    good_media = queue.MEDIA_ROOT
    media_unwritable(queue, tmp_path)
    certificate_render_enqueue(certificate=certificate)
    before = timezone.now()
    _work()
    task = _renders().get()
    assert task.status == "READY"  # back in the queue, not FAILED
    assert len(task.worker_ids) == 1
    assert task.exception_class_path == "builtins.NotADirectoryError"
    assert task.run_after >= before + datetime.timedelta(seconds=30)
    _work()  # not due yet: nothing runs
    assert len(_renders().get().worker_ids) == 1

    queue.MEDIA_ROOT = good_media  # the disk is back
    _due_now()
    _work()
    task = _renders().get()
    assert (task.status, len(task.worker_ids)) == ("SUCCESSFUL", 2)
    certificate.refresh_from_db()
    assert certificate.is_rendered


@pytest.mark.django_db(transaction=True)
def test_render_fails_for_good_after_five_attempts_when_the_error_stays(
    queue, course_tree, tmp_path
):
    certificate = CertificateFactory(course=course_tree.course)
    media_unwritable(queue, tmp_path)
    certificate_render_enqueue(certificate=certificate)
    for _attempt in range(6):
        _due_now()
        _work()
    task = _renders().get()
    assert (task.status, len(task.worker_ids)) == ("FAILED", 5)
    assert "NotADirectoryError" in task.traceback


@pytest.mark.django_db(transaction=True)
def test_render_is_not_retried_when_the_error_cannot_pass(queue, course_tree):
    certificate = CertificateFactory(course=course_tree.course)
    certificate_render_enqueue(certificate=certificate)
    certificate.delete()  # the task now fails with DoesNotExist
    _work()
    task = _renders().get()
    assert (task.status, len(task.worker_ids)) == ("FAILED", 1)
    assert task.exception_class_path.endswith("DoesNotExist")


@pytest.mark.django_db
def test_pending_page_queues_one_render_when_the_learner_reloads_it(
    queue, learner_client, user, course_tree
):
    certificate = CertificateFactory(
        user=user,
        course=course_tree.course,
        issued_at=timezone.now() - datetime.timedelta(hours=1),
    )
    url = reverse("certificates:pdf", kwargs={"code": certificate.code_display})
    for _visit in range(3):
        assert learner_client.get(url).status_code == 202
    assert _renders().count() == 1


@pytest.mark.django_db
def test_sweep_queues_renders_for_certificates_without_a_pdf_once(queue, course_tree):
    old = timezone.now() - datetime.timedelta(hours=1)
    missing = [
        CertificateFactory(course=course_tree.course, issued_at=old) for _ in range(2)
    ]
    CertificateFactory(course=course_tree.course)  # just issued: its task is on its way
    call_command("render_missing_certificates")
    call_command("render_missing_certificates")
    queued = sorted(task.args_kwargs["kwargs"]["certificate_id"] for task in _renders())
    assert queued == sorted(certificate.pk for certificate in missing)


@pytest.mark.django_db
def test_sweep_queues_a_render_when_a_stored_file_went_missing(
    queue, course_tree, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    certificate = rendered(course_tree)
    settings.TASKS = DB_TASKS
    certificate.pdf.storage.delete(certificate.pdf.name)
    call_command("render_missing_certificates")
    assert not _renders().exists()  # files are checked only when asked
    call_command("render_missing_certificates", "--check-files")
    (task,) = _renders()
    assert task.args_kwargs["kwargs"] == {"certificate_id": certificate.pk}


@contextmanager
def row_locked(certificate):
    """`SELECT ... FOR UPDATE` on the certificate from a second connection, so
    that a render blocks at its final write until the block ends."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    ) as other:
        with other.transaction():
            other.execute(
                "SELECT id FROM certificates_certificate WHERE id = %s FOR UPDATE",
                [certificate.pk],
            )
            yield


def _worker(*arguments) -> subprocess.Popen:
    """`manage.py db_worker` in its own process, on this test database."""
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
        if connection.vendor == "postgresql"
        else f"sqlite:///{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training.settings.dev",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
    }
    env.pop("REDIS_URL", None)
    return subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        [
            sys.executable,
            str(Path(django_settings.BASE_DIR) / "manage.py"),
            "db_worker",
            "--skip-checks",  # static-file checks are the web server's concern
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            *arguments,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(status: str, seconds: float = 180) -> DBTaskResult:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        task = _renders().get()
        if task.status == status:
            return task
        time.sleep(0.2)
    raise AssertionError(f"the task never reached {status}: {task.status}")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_render_runs_again_when_its_worker_was_killed_and_the_reaper_ran(
    queue, course_tree
):
    certificate = CertificateFactory(course=course_tree.course)
    certificate_render_enqueue(certificate=certificate)
    with row_locked(certificate):
        worker = _worker()
        try:
            _wait_for("RUNNING")
        finally:
            worker.send_signal(signal.SIGKILL)  # kill -9 in the middle of the render
            worker.wait(timeout=30)
    time.sleep(0.5)
    assert _renders().get().status == "RUNNING"  # stuck: nobody runs it

    # the worker's presence lock went with its process: handed back at once,
    # not after a render's 10-minute limit
    call_command("requeue_stale_tasks")
    task = _renders().get()
    assert (task.status, task.exception_class_path) == ("READY", WORKER_LOST)
    assert "process was gone" in task.traceback

    again = _worker("--batch")
    _out, errors = again.communicate(timeout=300)
    assert again.returncode == 0, errors
    task = _renders().get()
    assert (task.status, len(task.worker_ids)) == ("SUCCESSFUL", 2)
    certificate.refresh_from_db()
    assert certificate.is_rendered
    assert certificate.pdf.storage.exists(certificate.pdf.name)
