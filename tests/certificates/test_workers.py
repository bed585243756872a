"""Four `db_worker` processes draining one queue of certificate renders run each
render once: none lost, no PDF made twice. One of them is killed with `kill -9`
in the middle of a render; the worker systemd starts in its place hands the render
back (its presence lock went with the dead process) and it runs again, once.

The kill runs on PostgreSQL only: there the queue hands out tasks with `SELECT
... FOR UPDATE SKIP LOCKED` and a worker's lock says whether its process lives.
SQLite serialises every write to the file (the workers take turns) and cannot
tell a dead worker from a slow one, so there only the plain drain runs.
bench/workers.py runs the same at a larger scale.
"""

import signal
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from certificates.services.issue import certificate_render_enqueue
from tests.certificates.test_render_faults import _worker, queue, row_locked
from tests.factories.certificates import CertificateFactory
from training.background.liveness import workers_alive
from training.background.services import WORKER_LOST

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["queue"]  # a fixture

RENDERS = 40
WORKER_IDS = ["w1", "w2", "w3", "w4"]
RENDER_TASK = "certificates.tasks.certificate_render_task"


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a killed worker is noticed through its PostgreSQL session lock, and a "
    "render is held mid-way with a row lock; SQLite has neither (CI runs this on "
    "PostgreSQL)",
)


def _wait_until(check, seconds: float = 600):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def _renders():
    return DBTaskResult.objects.filter(task_path=RENDER_TASK)


def _render_of(certificate) -> DBTaskResult:
    return _renders().get(args_kwargs__kwargs__certificate_id=certificate.pk)


def _stop(workers) -> str:
    errors = []
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
        worker.wait(timeout=60)
        errors.append(worker.stderr.read().decode())
    return "\n".join(errors)


def _stored_pdfs() -> int:
    return sum(
        1 for _path in (django_settings.MEDIA_ROOT / "certificates").rglob("*.pdf")
    )


def test_four_workers_drain_the_queue_running_each_render_once(queue, course_tree):
    certificates = [
        CertificateFactory(course=course_tree.course) for _ in range(RENDERS)
    ]
    for certificate in certificates:
        certificate_render_enqueue(certificate=certificate)
    workers = [_worker("--worker-id", worker_id) for worker_id in WORKER_IDS]
    try:
        _wait_until(
            lambda: not _renders().filter(status__in=["READY", "RUNNING"]).exists()
        )
    finally:
        errors = _stop(workers)
    renders = list(_renders())
    assert {render.status for render in renders} == {"SUCCESSFUL"}, errors
    assert len(renders) == RENDERS
    assert all(len(render.worker_ids) == 1 for render in renders)
    assert len({render.worker_ids[0] for render in renders}) >= 2  # side by side
    assert Certificate.objects.filter(rendered_at__isnull=False).count() == RENDERS
    assert _stored_pdfs() == RENDERS


@postgresql_only
def test_four_workers_run_each_render_once_when_one_is_killed_mid_render(
    queue, course_tree
):
    certificates = [
        CertificateFactory(course=course_tree.course) for _ in range(RENDERS)
    ]
    blocked, *others = certificates
    workers = {worker_id: _worker("--worker-id", worker_id) for worker_id in WORKER_IDS}
    started = []
    try:
        _wait_until(lambda: workers_alive(set(WORKER_IDS)) == set(WORKER_IDS))
        with row_locked(blocked):  # its render waits at its final write
            certificate_render_enqueue(certificate=blocked)
            _wait_until(lambda: _render_of(blocked).status == "RUNNING")
            for certificate in others:
                certificate_render_enqueue(certificate=certificate)
            _wait_until(lambda: _renders().filter(status="SUCCESSFUL").count() >= 5)
            victim = _render_of(blocked).worker_ids[-1]
            workers[victim].send_signal(signal.SIGKILL)  # the others are busy
            workers[victim].wait(timeout=30)
        # systemd's Restart=always: a new worker, which hands back the render
        started.append(_worker("--worker-id", "w5"))
        _wait_until(lambda: _renders().filter(status="SUCCESSFUL").count() == RENDERS)
    finally:
        errors = _stop([*workers.values(), *started])

    renders = list(_renders())
    assert len(renders) == RENDERS, errors
    assert {render.status for render in renders} == {"SUCCESSFUL"}
    handed_back = _render_of(blocked)
    assert handed_back.worker_ids[0] == victim
    assert len(handed_back.worker_ids) == 2
    assert handed_back.exception_class_path in ("", WORKER_LOST)
    ran_once = [render for render in renders if render.pk != handed_back.pk]
    assert all(len(render.worker_ids) == 1 for render in ran_once)
    assert len({render.worker_ids[0] for render in ran_once}) >= 3  # side by side

    assert Certificate.objects.filter(rendered_at__isnull=False).count() == RENDERS
    assert _stored_pdfs() == RENDERS  # not one PDF made twice
    names = {certificate.pdf.name for certificate in Certificate.objects.all()}
    assert len(names) == RENDERS
