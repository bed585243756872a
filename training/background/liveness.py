"""Which `db_worker` processes are alive, on PostgreSQL.

Each worker holds a session-level advisory lock named after its worker id, on a
connection of its own, for as long as its process lives. When the process dies
(`kill -9`, out of memory) its socket closes and the server drops the lock at
once, so the reaper can tell a dead worker's task from a slow one and hand it
back straight away instead of after the task's time limit. A machine that
vanishes from the network keeps its lock until the server's TCP keepalive gives
up; the time limit still covers that. On SQLite nothing is known and only the
time limit applies.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# The first key of the two-key advisory lock form: these locks never meet the
# one-key locks of `task_enqueue_once`.
LOCK_NAMESPACE = 0x4277  # "Bw"


def _lock_key(worker_id: str) -> int:
    """A non-negative 32-bit key (pg_locks shows it as an unsigned oid)."""
    digest = hashlib.blake2b(worker_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFF


class WorkerPresence:
    """The advisory lock that says "worker `worker_id` is alive", held on a
    connection apart from Django's (which closes after `CONN_MAX_AGE`)."""

    def __init__(self, *, worker_id: str, using: str = DEFAULT_DB_ALIAS):
        self.worker_id = worker_id
        self.using = using
        self._connection = None

    def ensure(self) -> None:
        """Take the lock, or take it again when its connection was lost.
        Errors are logged, not raised: the worker works on without it."""
        if connections[self.using].vendor != "postgresql":
            return
        if self._connection is not None and self._connection.is_usable():
            return
        self.close()
        try:
            self._connection = connections.create_connection(self.using)
            with self._connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)",
                    [LOCK_NAMESPACE, _lock_key(self.worker_id)],
                )
                (taken,) = cursor.fetchone()
            if not taken:  # never wait for it: this worker would not start
                logger.warning(
                    "Another live process uses worker id %s (give each its own); "
                    "trying again before the next task.",
                    self.worker_id,
                )
                self.close()
        except DatabaseError as error:
            logger.warning(
                "Worker %s could not announce itself (%s); its tasks are handed "
                "back only after their time limit if it dies.",
                self.worker_id,
                error,
            )
            self.close()

    def close(self) -> None:
        if self._connection is None:
            return
        try:
            self._connection.close()
        except DatabaseError:
            pass  # already gone; so is the lock
        self._connection = None


def workers_alive(worker_ids: set[str], *, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The ones of `worker_ids` whose process holds its lock. Only meaningful on
    PostgreSQL; see `liveness_known`."""
    keys = {_lock_key(worker_id): worker_id for worker_id in worker_ids}
    if not keys:
        return set()
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' "
            "AND granted AND objsubid = 2 AND classid::bigint = %s "
            "AND objid::bigint = ANY(%s) "
            "AND database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database())",
            [LOCK_NAMESPACE, list(keys)],
        )
        return {keys[key] for (key,) in cursor.fetchall()}


def liveness_known(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    return connections[using].vendor == "postgresql"
