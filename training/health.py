"""What `/health/` reports: each dependency the site uses, whether it answers, and
whether the site can serve without it.

*Required* (the load balancer should stop sending requests when one fails, so
the answer is 503): the database, and a media folder it can write (uploads,
certificate PDFs). *Degraded* (200, ``"status": "degraded"``, for monitoring):
the cache (pages are served from process memory meanwhile, training/cache.py)
and the task queue (tasks wait; nothing a learner sees breaks at once). Taking
every app server out of the load balancer because Redis or the worker is down
would turn a slower site into no site.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Case, F, Min, When
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# A task due this long ago and still waiting means no worker is taking tasks.
TASK_WAIT_LIMIT = datetime.timedelta(minutes=10)


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def _cache() -> dict:
    reachable = getattr(cache, "is_reachable", None)
    if reachable is not None:
        if not reachable():
            raise ConnectionError("the cache server does not answer")
        return {}
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)
    return {}


def _media() -> dict:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return {}


@dataclass(frozen=True)
class TaskQueueLag:
    waiting: int  # due tasks no worker has taken yet
    running: int
    oldest_waiting: datetime.timedelta  # how long the oldest due task has waited


def task_queue_lag() -> TaskQueueLag | None:
    """The database task queue's lag, or None with another task backend (the
    immediate one in development runs tasks in the request)."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    waiting = DBTaskResult.objects.ready()  # READY and due (run_after passed)
    # A task without a delay has run_after = the far future; it is due since
    # it was enqueued.
    due_since = waiting.annotate(
        due_since=Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=F("run_after"),
        )
    )
    oldest = due_since.aggregate(oldest=Min("due_since"))["oldest"]
    return TaskQueueLag(
        waiting=waiting.count(),
        running=DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        oldest_waiting=(timezone.now() - oldest) if oldest else datetime.timedelta(0),
    )


def _tasks() -> dict:
    lag = task_queue_lag()
    if lag is None:
        return {"backend": "in-process"}
    detail = {
        "waiting": lag.waiting,
        "running": lag.running,
        "oldest_waiting_seconds": int(lag.oldest_waiting.total_seconds()),
    }
    if lag.oldest_waiting > TASK_WAIT_LIMIT:
        limit = int(TASK_WAIT_LIMIT.total_seconds())
        detail["error"] = f"a task waits longer than {limit} s: is a worker running?"
    return detail


CHECKS = (
    ("database", _database, True),
    ("media", _media, True),
    ("cache", _cache, False),
    ("tasks", _tasks, False),
)


def health_report() -> tuple[dict, bool]:
    """The report for `/health/`, and whether every required dependency answers."""
    checks, required_ok, all_ok = {}, True, True
    for name, check, required in CHECKS:
        try:
            detail = check()
        except Exception as error:  # noqa: BLE001 - any failure is reported
            logger.warning("Health check %s failed: %s", name, error)
            detail = {"error": f"{type(error).__name__}: {error}"[:300]}
        ok = "error" not in detail
        checks[name] = {"ok": ok, "required": required, **detail}
        all_ok = all_ok and ok
        required_ok = required_ok and (ok or not required)
        if name == "database" and not ok:
            break  # the other checks would only wait for it too
    status = "ok" if all_ok else ("degraded" if required_ok else "unavailable")
    return {"status": status, "checks": checks}, required_ok
