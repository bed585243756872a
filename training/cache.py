"""A Redis cache that keeps the site up while Redis is down.

Everything the cache holds can be computed again (course outlines, statuses, the
admin-access flag) or may be lost (rate-limit counters), so an unreachable Redis
must not turn pages into 500s. When a call fails to connect or times out, this
process logs one warning and serves from a small in-process cache instead; it
tries Redis again after ``RETRY_SECONDS``. Meanwhile rate limits count per
process, and entries last at most ``FALLBACK_MAX_SECONDS``, so that an entry one
process changed is not shown stale by another for long.

A change written while Redis was unreachable never reached it, so Redis may hold
values that are now wrong (a cleared version, an old progress counter). When this
process reaches Redis again after such a missed write, it empties the cache
database (give the site a Redis database of its own).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5.0
FALLBACK_MAX_SECONDS = 300
# Seconds to connect and to wait for an answer; Redis answers in well under 1 ms.
SOCKET_TIMEOUT_SECONDS = 0.5

_READS = ("get", "get_many", "has_key")


class _Fallback(LocMemCache):
    """The in-process stand-in, its entries capped at FALLBACK_MAX_SECONDS."""

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        expiry = super().get_backend_timeout(timeout)
        latest = time.time() + FALLBACK_MAX_SECONDS
        return latest if expiry is None else min(expiry, latest)


class _Outage:
    """This process's view of one Redis location: up, or down until when."""

    def __init__(self, location: str):
        self.location = location
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.missed_write = False
        self.fallback = _Fallback(f"redis-fallback:{location}", {})

    def retry_due(self) -> bool:
        return time.monotonic() >= self.retry_at

    def began(self, error: Exception, *, write: bool) -> None:
        with self.lock:
            if not self.down:
                logger.warning(
                    "Cache %s unreachable (%s); serving from this process's memory "
                    "and trying again every %s s.",
                    self.location,
                    error,
                    RETRY_SECONDS,
                )
            self.down = True
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.missed_write = self.missed_write or write

    def ended(self) -> None:
        with self.lock:
            if not self.down:
                return
            self.down = self.missed_write = False
        self.fallback.clear()
        logger.warning("Cache %s reachable again.", self.location)


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage(location))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, falling back to process memory while Redis is down
    (see the module docstring)."""

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = _outage_for(",".join(self._servers))

    def _call(self, name: str, *args, **kwargs):
        outage = self._outage
        write = name not in _READS
        if outage.down and not (outage.retry_due() and self._reconnect()):
            outage.missed_write = outage.missed_write or write
            return getattr(outage.fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            outage.began(error, write=write)
            return getattr(outage.fallback, name)(*args, **kwargs)

    def _reconnect(self) -> bool:
        """Whether Redis answers again; if a write was missed while it did not,
        empty it first, so that no value from before the outage is read."""
        outage = self._outage
        try:
            client = self._cache.get_client(write=True)
            client.ping()
            if outage.missed_write:
                client.flushdb()
                logger.warning(
                    "Cache %s emptied: changes made while it was unreachable never "
                    "reached it.",
                    outage.location,
                )
        except UNAVAILABLE as error:
            outage.began(error, write=False)
            return False
        outage.ended()
        return True

    def is_reachable(self) -> bool:
        """Ask Redis itself, whatever this process last saw (the health check)."""
        if self._outage.down:
            return self._reconnect()
        try:
            self._cache.get_client(write=True).ping()
        except UNAVAILABLE as error:
            self._outage.began(error, write=False)
            return False
        return True

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
