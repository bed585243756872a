"""Which tasks may run again, how often, after which errors and when a running one
counts as abandoned. Tasks without a policy run once, as django-tasks-db does.

A task opts in by being idempotent (running it twice has the effect of running it
once) and declaring it::

    @retrying(max_attempts=5)
    @task()
    def certificate_render_task(*, certificate_id: int) -> str: ...
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import DatabaseError
from django.utils.module_loading import import_string

# Errors that may pass by themselves: a full or unmounted disk, a storage or
# network timeout, a database restart or lock timeout.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    DatabaseError,
    TimeoutError,
)
# A task RUNNING longer than this is taken to have lost its worker.
STALE_AFTER_DEFAULT = datetime.timedelta(minutes=30)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5  # including the first run
    first_delay: datetime.timedelta = datetime.timedelta(seconds=30)
    longest_delay: datetime.timedelta = datetime.timedelta(hours=1)
    stale_after: datetime.timedelta = STALE_AFTER_DEFAULT
    transient: tuple[type[BaseException], ...] = TRANSIENT_ERRORS

    def delay(self, *, attempts: int) -> datetime.timedelta:
        """The wait after `attempts` failed runs: doubling, capped."""
        return min(self.first_delay * 2 ** max(attempts - 1, 0), self.longest_delay)

    def is_transient(self, exception_class_path: str) -> bool:
        try:
            error_class = import_string(exception_class_path)
        except ImportError:
            return False
        return isinstance(error_class, type) and issubclass(error_class, self.transient)


_POLICIES: dict[str, RetryPolicy] = {}


def retrying(**options):
    """Register a retry policy for the task below it (put it above `@task()`)."""
    policy = RetryPolicy(**options)

    def register(task):
        _POLICIES[task.module_path] = policy
        return task

    return register


def retry_policy_for(task_path: str) -> RetryPolicy | None:
    if task_path not in _POLICIES:
        # the task's module registers its policy when it is imported
        try:
            import_string(task_path)
        except ImportError:
            return None
    return _POLICIES.get(task_path)


def stale_after_for(task_path: str) -> datetime.timedelta:
    policy = retry_policy_for(task_path)
    return policy.stale_after if policy else STALE_AFTER_DEFAULT
