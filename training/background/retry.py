"""The receiver of django-tasks' `task_finished` signal that retries failed tasks
(connected in `TrainingConfig.ready`)."""

from __future__ import annotations

import logging

from django_tasks_db.compat import TaskResultStatus

from training.background.services import task_retry_when_transient

logger = logging.getLogger(__name__)


def retry_when_transient(sender, task_result, **kwargs) -> None:
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or task_result.status != TaskResultStatus.FAILED:
        return
    try:
        task_retry_when_transient(db_result=db_result)
    except Exception:
        # An error here would stop the worker (the signal is sent inside its loop);
        # the task stays FAILED and visible instead.
        logger.exception("Could not schedule a retry of task %s.", db_result.pk)
