"""The public verification page, kept whole in the cache for visitors (issue 21).

A QR scan is an anonymous GET whose page depends only on the certificate, its
open content-update notices and their changes, the day (expiry) and the site
chrome (settings, footer pages). The key holds the code, host, language, today,
a generation raised on every save or delete of a certificate, a notice or a
content change, and the page-cache generation (site settings and pages). Only
a 200 without cookies for an anonymous visitor is stored; the rate limit is
counted before the cache is read.

With the per-process memory cache (no REDIS_URL) a revocation made in another
process shows here within ``TIMEOUT_LOCAL`` seconds; with Redis at once.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from training.page_cache import page_cache_generation

GENERATION_KEY = "verify-page-generation"
TIMEOUT_SHARED = 60 * 60  # seconds
TIMEOUT_LOCAL = 30  # seconds, with each process's own memory


def _timeout() -> int:
    backend = settings.CACHES["default"]["BACKEND"].lower()
    return TIMEOUT_LOCAL if "locmem" in backend else TIMEOUT_SHARED


def verify_cache_clear(**kwargs) -> None:
    """Makes every cached verification page stale (a signal receiver)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _key(request, code: str) -> str:
    generation = cache.get_or_set(GENERATION_KEY, 0, None)
    raw = (
        f"{request.get_host()}|{code}|{translation.get_language()}|"
        f"{timezone.localdate().isoformat()}|{generation}|{page_cache_generation()}"
    )
    return f"verify-page:{hashlib.sha256(raw.encode()).hexdigest()}"


def verify_page_cached(request, code: str, render):
    """The page for ``code`` from the cache for an anonymous visitor, else
    ``render()``'s response (stored once rendered, when it may be)."""
    if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
        return render()
    key = _key(request, code)
    cached = cache.get(key)
    if cached is not None:
        return cached
    response = render()

    def store(rendered):
        if rendered.status_code == 200 and not rendered.cookies:
            cache.set(key, rendered, _timeout())

    response.add_post_render_callback(store)
    return response


def signals_connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from certificates.models import Certificate, ContentUpdateNotice
    from courses.models import ContentChange

    for model in (Certificate, ContentUpdateNotice, ContentChange):
        for signal in (post_save, post_delete):
            signal.connect(
                verify_cache_clear,
                sender=model,
                dispatch_uid=f"verify_cache_{model.__name__}_{id(signal)}",
            )
