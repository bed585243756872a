"""State changes of background tasks (django-tasks-db's `DBTaskResult` rows):
retrying a failed task, reaping tasks whose worker died, requeueing by hand, and
enqueueing without duplicates.

Every change is a conditional UPDATE on the status the row was seen in, so a worker
finishing at the same moment, a second reaper or a double-clicked button never
undoes another's work. Only tasks with a retry policy (`policy.retrying`, i.e.
declared idempotent) are ever run again automatically.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from training.background.liveness import liveness_known, workers_alive
from training.background.policy import retry_policy_for, stale_after_for

logger = logging.getLogger(__name__)

PENDING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
WORKER_LOST = "training.background.services.WorkerLost"


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped (killed, out of memory, a lost
    machine) while it ran."""


def task_retry_when_transient(*, db_result: DBTaskResult) -> bool:
    """Put a FAILED task back in the queue, with back-off, when its policy allows
    another attempt and the error may pass by itself. The last error stays on the
    row for the admin view until a later run succeeds."""
    policy = retry_policy_for(db_result.task_path)
    if policy is None or not policy.is_transient(db_result.exception_class_path):
        return False
    attempts = len(db_result.worker_ids)
    if attempts >= policy.max_attempts:
        return False
    run_after = timezone.now() + policy.delay(attempts=attempts)
    updated = DBTaskResult.objects.filter(
        pk=db_result.pk, status=TaskResultStatus.FAILED
    ).update(status=TaskResultStatus.READY, run_after=run_after, finished_at=None)
    if updated:
        logger.warning(
            "Task %s (%s) failed on attempt %s of %s; retrying after %s.",
            db_result.pk,
            db_result.task_path,
            attempts,
            policy.max_attempts,
            run_after.isoformat(),
        )
    return bool(updated)


@dataclass
class ReapResult:
    requeued: int = 0
    failed: int = 0


def tasks_requeue_stale(
    *,
    older_than: datetime.timedelta | None = None,
    now: datetime.datetime | None = None,
) -> ReapResult:
    """Tasks whose worker is gone: on PostgreSQL, those whose worker process no
    longer holds its presence lock (`liveness`: killed, out of memory), at once;
    everywhere, those RUNNING for longer than their policy's `stale_after` (or
    `older_than`). Run them again when their policy allows another attempt, else
    mark them FAILED with `WorkerLost`, so that they show in the admin."""
    now = now or timezone.now()
    result = ReapResult()
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "pk", "task_path", "started_at", "worker_ids"
        )
    )
    alive = _workers_alive(running)
    for row in running:
        limit = older_than if older_than is not None else stale_after_for(row.task_path)
        if row.started_at is None:
            continue
        seconds = int((now - row.started_at).total_seconds())
        if alive is not None and row.worker_ids and row.worker_ids[-1] not in alive:
            note = (
                f"WorkerLost: the worker process was gone {seconds} s after the "
                "start (killed, or out of memory)."
            )
        elif row.started_at <= now - limit:
            note = (
                f"WorkerLost: no result {seconds} s after the start; the worker was "
                "stopped or lost its database connection."
            )
        else:
            continue
        outcome = _task_hand_back(row=row, now=now, note=note)
        if outcome == TaskResultStatus.READY:
            result.requeued += 1
        elif outcome == TaskResultStatus.FAILED:
            result.failed += 1
    if result.requeued or result.failed:
        logger.warning(
            "Stale tasks: %s requeued, %s marked failed.",
            result.requeued,
            result.failed,
        )
    return result


def _workers_alive(running: list[DBTaskResult]) -> set[str] | None:
    """The live ones among the workers of `running`, or None when the database
    cannot tell (SQLite)."""
    if not liveness_known():
        return None
    return workers_alive({row.worker_ids[-1] for row in running if row.worker_ids})


def task_hand_back_after_connection_loss(*, task_id, worker_id: str) -> str | None:
    """A worker lost its database connection while running this task, so its
    result was never written: run it again when its policy allows, else mark it
    FAILED with `WorkerLost`. Only while it is still RUNNING for that worker.
    Returns the new status, or None when nothing changed."""
    row = (
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING)
        .only("pk", "task_path", "started_at", "worker_ids")
        .first()
    )
    if row is None or not row.worker_ids or row.worker_ids[-1] != worker_id:
        return None
    outcome = _task_hand_back(
        row=row,
        now=timezone.now(),
        note="WorkerLost: the worker lost its database connection while running it.",
    )
    if outcome:
        logger.warning(
            "Task %s (%s) was running when the database connection was lost: %s.",
            row.pk,
            row.task_path,
            "requeued" if outcome == TaskResultStatus.READY else "marked failed",
        )
    return outcome


def _task_hand_back(*, row: DBTaskResult, now: datetime.datetime, note: str):
    """READY again when the policy allows another attempt, else FAILED; None
    when the row changed meanwhile (finished, or reaped by someone else)."""
    policy = retry_policy_for(row.task_path)
    again = policy is not None and len(row.worker_ids) < policy.max_attempts
    same = DBTaskResult.objects.filter(
        pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
    )
    if again:
        changed = same.update(
            status=TaskResultStatus.READY,
            run_after=now,
            exception_class_path=WORKER_LOST,
            traceback=note,
        )
        return TaskResultStatus.READY if changed else None
    changed = same.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=WORKER_LOST,
        traceback=note,
    )
    return TaskResultStatus.FAILED if changed else None


def task_requeue(*, task_id) -> bool:
    """Run a FAILED task once more (the admin's button). False when it is no
    longer FAILED: already requeued, running or gone."""
    return bool(
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
        )
    )


def task_pending(task, **kwargs) -> bool:
    """Whether the same task with the same keyword arguments waits or runs in the
    database queue (always False for other backends, which keep no queue)."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    same_arguments = {
        f"args_kwargs__kwargs__{key}": value for key, value in kwargs.items()
    }
    return DBTaskResult.objects.filter(
        task_path=task.module_path,
        backend_name=backend.alias,
        status__in=PENDING,
        **same_arguments,
    ).exists()


def task_enqueue_once(task, **kwargs) -> bool:
    """Enqueue `task(**kwargs)` unless the same is already waiting or running.
    Concurrent callers are serialised by a transaction-scoped advisory lock on
    PostgreSQL (SQLite's write transactions are serial already). Returns whether
    it enqueued. Keyword arguments only, with JSON scalar values."""
    if not isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
        return True
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)", [_lock_key(task, kwargs)]
                )
        if task_pending(task, **kwargs):
            return False
        task.enqueue(**kwargs)
    return True


def _lock_key(task, kwargs: dict) -> int:
    text = task.module_path + repr(sorted(kwargs.items()))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
