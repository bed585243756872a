"""Prometheus metrics at `/metrics` (docs/deployment.md).

Requests and latencies come from django-prometheus' middleware (``django_http_*``).
Ours, prefixed ``bijblijven_``:

- counters, counted in the process where the thing happens: tasks enqueued and
  finished by task and outcome (django-tasks' signals), certificates issued
  (`certificate_issued_count`, called by `certificate_issue` after commit), and
  emails the outbox handed to the mail server by kind, reminders apart;
- gauges read from the database at each scrape: the task queue's lag
  (`training.health.task_queue_lag`), the same in every process.

Counters live in each process's memory. With several gunicorn workers, or the
task worker in a process of its own, set ``PROMETHEUS_MULTIPROC_DIR`` to one
empty folder for all of them: prometheus_client then writes each process's
values there and a scrape adds them up. Without it a scrape shows only the
worker process that answered it.
"""

from __future__ import annotations

import logging
import os

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from training.monitoring import monitoring_allowed

logger = logging.getLogger(__name__)

CERTIFICATES_ISSUED = Counter(
    "bijblijven_certificates_issued", "Certificates issued (counted after commit)."
)
EMAILS_SENT = Counter(
    "bijblijven_emails_sent",
    "Emails the outbox handed to the mail server, by kind.",
    ["kind"],
)
REMINDERS_SENT = Counter(
    "bijblijven_reminders_sent",
    "Reminder emails handed to the mail server (expiry and managers' reminders).",
    ["kind"],
)
TASKS_ENQUEUED = Counter(
    "bijblijven_tasks_enqueued", "Background tasks enqueued, by task.", ["task"]
)
TASKS_FINISHED = Counter(
    "bijblijven_tasks_finished",
    "Background tasks finished, by task and status (SUCCESSFUL or FAILED).",
    ["task", "status"],
)


def certificate_issued_count() -> None:
    """Count one issued certificate once its transaction has committed."""
    transaction.on_commit(CERTIFICATES_ISSUED.inc, robust=True)


def _email_sent(*, email, **kwargs) -> None:
    kind = email.kind

    def count():
        EMAILS_SENT.labels(kind=kind).inc()
        if "reminder" in kind:
            REMINDERS_SENT.labels(kind=kind).inc()

    transaction.on_commit(count, robust=True)


def _task_enqueued(sender, task_result, **kwargs) -> None:
    TASKS_ENQUEUED.labels(task=task_result.task.module_path).inc()


def _task_finished(sender, task_result, **kwargs) -> None:
    status = getattr(task_result.status, "value", str(task_result.status))
    TASKS_FINISHED.labels(task=task_result.task.module_path, status=status).inc()


def metrics_connect() -> None:
    """Called once from `TrainingConfig.ready`."""
    from django_tasks_db.compat import task_enqueued, task_finished
    from wagtail import hooks

    from training.outbox import EMAIL_SENT_HOOK

    task_enqueued.connect(_task_enqueued, dispatch_uid="metrics_task_enqueued")
    task_finished.connect(_task_finished, dispatch_uid="metrics_task_finished")
    hooks.register(EMAIL_SENT_HOOK, _email_sent)


class TaskQueueCollector:
    """The task queue's lag, read from the database when scraped."""

    def collect(self):
        from training.health import task_queue_lag

        try:
            lag = task_queue_lag()
        except Exception as error:  # noqa: BLE001 - the rest of the scrape still counts
            logger.warning("Task queue metrics not read: %s", error)
            return
        if lag is None:
            return
        yield GaugeMetricFamily(
            "bijblijven_tasks_waiting",
            "Due background tasks no worker has taken yet.",
            value=lag.waiting,
        )
        yield GaugeMetricFamily(
            "bijblijven_tasks_running", "Background tasks running.", value=lag.running
        )
        yield GaugeMetricFamily(
            "bijblijven_task_oldest_waiting_seconds",
            "How long the oldest due background task has waited.",
            value=lag.oldest_waiting.total_seconds(),
        )


class _ThisProcess:
    """The default registry as one collector, without a second registration."""

    def collect(self):
        yield from REGISTRY.collect()


def metrics_text() -> bytes:
    """Everything Prometheus reads, in its text format."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(TaskQueueCollector())
    return generate_latest(registry)


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """`/metrics`: for staff, the monitoring token, or this machine when
    ``METRICS_ALLOW_LOOPBACK`` is on (training/monitoring.py)."""
    if not monitoring_allowed(request, loopback=True):
        return HttpResponse(
            "Forbidden\n", status=403, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
