"""Reads of background tasks for the admin view and the dashboard count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import get_date_max

from training.models import BackgroundTask

# Apps add a summary of their own outstanding work (e.g. certificates still to
# issue): function() -> list[str] of ready-to-show sentences.
SUMMARY_HOOK = "bijblijven_background_summary"

# The listing's status filter: what each choice shows.
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "open": (
        TaskResultStatus.FAILED,
        TaskResultStatus.READY,
        TaskResultStatus.RUNNING,
    ),
    "failed": (TaskResultStatus.FAILED,),
    "waiting": (TaskResultStatus.READY,),
    "running": (TaskResultStatus.RUNNING,),
    "successful": (TaskResultStatus.SUCCESSFUL,),
}

STATUS_LABELS = {
    TaskResultStatus.FAILED: _("Mislukt"),
    TaskResultStatus.READY: _("Wachtend"),
    TaskResultStatus.RUNNING: _("Bezig"),
    TaskResultStatus.SUCCESSFUL: _("Gelukt"),
}


def background_task_list(*, status: str, task_path: str = "") -> QuerySet:
    """Tasks in the chosen status (`STATUS_FILTERS`), newest first; the return
    value is left out (it can be large and is not shown)."""
    tasks = BackgroundTask.objects.filter(status__in=STATUS_FILTERS[status])
    if task_path:
        tasks = tasks.filter(task_path=task_path)
    return tasks.defer("return_value").order_by("-enqueued_at", "pk")


def background_task_paths() -> list[str]:
    """Every task that has a row, for the filter."""
    return sorted(
        BackgroundTask.objects.order_by().values_list("task_path", flat=True).distinct()
    )


def background_failed_count() -> int:
    return BackgroundTask.objects.filter(status=TaskResultStatus.FAILED).count()


@dataclass(frozen=True)
class TaskRow:
    task: BackgroundTask
    name: str
    status_label: str
    arguments: str
    attempts: int
    age: datetime.timedelta
    error: str  # the exception's last line, empty when none
    next_run_at: datetime.datetime | None  # a retry waiting for its time
    can_requeue: bool


def task_rows(*, tasks, now: datetime.datetime) -> list[TaskRow]:
    rows = []
    for task in tasks:
        run_after = None if task.run_after == get_date_max() else task.run_after
        rows.append(
            TaskRow(
                task=task,
                name=task.task_path.rsplit(".", 1)[-1],
                status_label=STATUS_LABELS.get(task.status, task.status),
                arguments=", ".join(
                    f"{key}={value}"
                    for key, value in (task.args_kwargs.get("kwargs") or {}).items()
                ),
                attempts=len(task.worker_ids),
                age=now - task.enqueued_at,
                error=_last_line(task.traceback),
                next_run_at=run_after
                if task.status == TaskResultStatus.READY
                and run_after
                and run_after > now
                else None,
                can_requeue=task.status == TaskResultStatus.FAILED,
            )
        )
    return rows


def _last_line(traceback: str) -> str:
    lines = [line.strip() for line in (traceback or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""
