"""A small memory in each process in front of the shared cache, for entries that
never change once written (issue 21).

Only for keys that hold a generation (the page-cache generation, the course
routes generation) or a revision id, so that a new value always comes under a
new key: read here first, then from the shared cache, and keep here what the
shared cache returned. Never for a value of one person unless the key holds the
person and the value can never change under it.

Generations start from the clock (``fresh_generation``), not from 0: after the
shared cache is emptied (an outage, a deploy) a generation starts higher than any
before, so no key kept here from before comes back with other content.

On only with a cache every process shares (``LOCAL_IMMUTABLE_CACHE``, on with
REDIS_URL): with each process's own memory the generation is not shared, and
another process's change shows here only when the entries expire.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

MAX_ENTRIES = 3000
# Seconds an entry stays here at most: the key already tells a change, this only
# bounds how long a value outlives its entry in the shared cache.
LOCAL_TIMEOUT = 10 * 60

_MISSING = object()
_local = LocMemCache(
    "local-immutable",
    {"TIMEOUT": LOCAL_TIMEOUT, "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}},
)


def fresh_generation() -> int:
    """A starting generation higher than any earlier one: milliseconds now."""
    return time.time_ns() // 1_000_000


def _enabled() -> bool:
    return getattr(settings, "LOCAL_IMMUTABLE_CACHE", False)


def immutable_get(key: str, default=None):
    """The value under ``key``: from this process's memory, else from the shared
    cache (and then kept here)."""
    if not _enabled():
        return cache.get(key, default)
    value = _local.get(key, _MISSING)
    if value is not _MISSING:
        return value
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        return default
    _local.set(key, value)
    return value


def immutable_set(key: str, value, timeout) -> None:
    """Store ``value`` in the shared cache and, when on, here."""
    cache.set(key, value, timeout)
    if _enabled():
        _local.set(key, value)


def local_get(key: str):
    """The value kept here under ``key`` (a copy: values are pickled), never
    from the shared cache; None when off or not kept."""
    return _local.get(key) if _enabled() else None


def local_set(key: str, value) -> None:
    """Keep ``value`` here only (for values too large or too many to send to
    the shared cache on every change); nothing when off."""
    if _enabled():
        _local.set(key, value)


def local_clear() -> None:
    """Forget everything kept here (tests)."""
    _local.clear()
