"""`manage.py db_worker`: django-tasks-db's worker, kept running through database
restarts, failovers and dropped connections.

django-tasks-db's own worker exits on the first database error that is not a
lock, leaving the queue to whatever restarts the process. This one (it takes the
command's name, as the site app comes first in INSTALLED_APPS) logs the error,
closes its connections and starts over after 1, 2, 4 ... seconds (at most 30).
A task that was running when the connection went never got its result written:
once the database answers, the worker hands it back (requeued when its retry
policy allows another attempt, else FAILED with WorkerLost), instead of leaving
it RUNNING until the reaper's limit.

On PostgreSQL each worker also announces that it is alive (an advisory lock,
`training.background.liveness`), and hands back the tasks of workers that are
not (`kill -9`, out of memory) when it starts and at most every
`DEAD_WORKER_SWEEP` seconds after a task: with several workers, or systemd
restarting a killed one, a dead worker's task runs again within seconds.
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from training.background.liveness import WorkerPresence
from training.background.services import (
    task_hand_back_after_connection_loss,
    tasks_requeue_stale,
)

logger = logging.getLogger("django_tasks_db")

CONNECTION_ERRORS = (OperationalError, InterfaceError)
FIRST_DELAY = 1.0  # seconds
LONGEST_DELAY = 30.0  # seconds
# A connection that held this long counts as recovered: the next loss starts
# again from FIRST_DELAY.
HEALTHY_AFTER = 60.0  # seconds
DEAD_WORKER_SWEEP = 30.0  # seconds


class ReconnectingWorker(db_worker.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interrupted_task_id = None
        self.presence = WorkerPresence(worker_id=self.worker_id)
        self.swept_at = None

    def run(self) -> None:
        failures = 0
        try:
            while self.running:
                started = time.monotonic()
                try:
                    self._start()
                    super().run()
                    return
                except CONNECTION_ERRORS as error:
                    if time.monotonic() - started > HEALTHY_AFTER:
                        failures = 0
                    failures += 1
                    delay = min(FIRST_DELAY * 2 ** (failures - 1), LONGEST_DELAY)
                    logger.warning(
                        "Worker %s lost the database (%s); trying again in %s s.",
                        self.worker_id,
                        _first_line(error),
                        delay,
                    )
                    _close_connections()
                    self.startup_delay = False
                    time.sleep(delay)
        finally:
            self.presence.close()

    def _start(self) -> None:
        self.presence.ensure()
        if self.interrupted_task_id is not None:
            task_hand_back_after_connection_loss(
                task_id=self.interrupted_task_id, worker_id=self.worker_id
            )
            self.interrupted_task_id = None
        self._sweep_dead_workers()

    def _sweep_dead_workers(self) -> None:
        """Hand back tasks whose worker died (and those past their time limit)."""
        now = time.monotonic()
        if self.swept_at is not None and now - self.swept_at < DEAD_WORKER_SWEEP:
            return
        self.swept_at = now
        tasks_requeue_stale()

    def run_task(self, db_task_result) -> None:
        self.interrupted_task_id = db_task_result.id
        self.presence.ensure()  # taken again if its connection was cut
        super().run_task(db_task_result)  # raises when the result cannot be saved
        self.interrupted_task_id = None
        self._sweep_dead_workers()


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except CONNECTION_ERRORS:
            pass  # already gone; Django opens a new one on the next query


class Command(db_worker.Command):
    help = (
        "Run a database background worker that survives database restarts "
        "(django-tasks-db's db_worker with reconnection)."
    )

    def handle(self, *args, **options):
        # The parent builds `Worker` from its module; give it ours instead.
        original = db_worker.Worker
        db_worker.Worker = ReconnectingWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
