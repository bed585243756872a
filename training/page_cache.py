"""Whole-response cache for the public pages an anonymous visitor reads: the home
page, the catalogue and course pages (issue 21).

Only a GET or HEAD without a session or messages cookie can be answered from the
cache, so a signed-in person never gets it. A response is stored only when it is
a 200 from one of the page types in ``CACHED_PAGE_TYPES``, rendered for an
anonymous user, sets no cookie (so no session and no CSRF cookie), holds no CSRF
token and is not marked private or no-store. The key holds the host, the full
path and the language the locale middleware would choose (cookie, then
Accept-Language), and the response says ``Vary: Accept-Language, Cookie``.

Invalidation: a generation number in the cache, raised on every page publish,
unpublish, move and delete and on every change of a substance or referral card
(``page_cache_clear``), is part of the key. With a shared cache (Redis) a change
shows on the next request in every process; with the per-process memory cache
(no REDIS_URL) only in the process that made it, and in the others within
``PAGE_CACHE_TIMEOUT_LOCAL`` seconds.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from training.local_cache import (
    fresh_generation,
    immutable_get,
    immutable_set,
    local_get,
    local_set,
)

GENERATION_KEY = "page-cache-generation"
TIMEOUT_SHARED = 60 * 60  # seconds, with a cache every process shares
PAGE_CACHE_TIMEOUT_LOCAL = 30  # seconds, with each process's own memory
CACHED_PAGE_TYPES = (
    "training.homepage",
    "courses.courseindexpage",
    "courses.coursepage",
)


def _timeout() -> int:
    backend = settings.CACHES["default"]["BACKEND"]
    return PAGE_CACHE_TIMEOUT_LOCAL if "locmem" in backend.lower() else TIMEOUT_SHARED


# The generation as this request first read it: a lesson page's keys read it six
# times. Only between ``request_started`` and ``request_finished`` (tasks and
# commands read it afresh every time); a clear in this request forgets it.
_in_request: ContextVar[bool] = ContextVar("page_cache_in_request", default=False)
_request_generation: ContextVar[int | None] = ContextVar(
    "page_cache_request_generation", default=None
)


def request_started(**kwargs) -> None:
    _in_request.set(True)
    _request_generation.set(None)


def request_finished(**kwargs) -> None:
    _in_request.set(False)
    _request_generation.set(None)


def page_cache_clear(**kwargs) -> None:
    """Makes every cached page stale (a signal receiver)."""
    _request_generation.set(None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, fresh_generation(), None)


def page_cache_generation() -> int:
    """The current generation: part of every key that must change with the
    content (cached pages, routes, lesson bodies). Read once per request."""
    generation = _request_generation.get()
    if generation is not None:
        return generation
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # From the clock, not 0: see training/local_cache.py.
        generation = fresh_generation()
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY, generation)
    if _in_request.get():
        _request_generation.set(generation)
    return generation


def _key(request) -> str:
    language = translation.get_language_from_request(request)
    raw = f"{request.get_host()}|{request.get_full_path()}|{language}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:{page_cache_generation()}:{digest}"


def _may_read(request) -> bool:
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    )


def _may_store(request, response) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    label = getattr(getattr(page, "specific_class", None), "_meta", None)
    if label is None or label.label_lower not in CACHED_PAGE_TYPES:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    return b"csrfmiddlewaretoken" not in response.content


class PublicPageCacheMiddleware:
    """Answers anonymous visitors' page requests from the cache; placed after
    WhiteNoise so a hit skips sessions, CSRF, authentication and the page tree."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_read(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        if _may_store(request, response):
            cache.set(key, response, _timeout())
        return response


def content_changed(sender, instance=None, **kwargs) -> None:
    """Receiver for publish, unpublish, move, delete and save: clears the cache when
    the object is a page, a card, a site, a view restriction or a site setting
    (the header and footer show settings; other models are ignored)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page, PageViewRestriction, Site

    from courses.models.snippets import CardBase

    settings_types = BaseSiteSetting | BaseGenericSetting
    if isinstance(instance, settings_types) and kwargs.get("created"):
        return  # made on its first read, so nothing cached holds other values
    if isinstance(
        instance,
        Page
        | CardBase
        | Site
        | PageViewRestriction
        | BaseSiteSetting
        | BaseGenericSetting,
    ):
        page_cache_clear()


# --- Per-request look-ups every page makes ------------------------------------
# Cached under the generation, so any change to pages, sites, view restrictions or
# settings makes them stale as the whole-page cache above.


def _cached(key: str, compute):
    full_key = f"{key}:{page_cache_generation()}"
    value = immutable_get(full_key)
    if value is None:
        value = compute()
        if value is not None:
            immutable_set(full_key, value, _timeout())
    return value


def site_settings_cached(model, site, compute):
    """``model.for_site(site)`` from the cache (``compute`` reads the database)."""
    return _cached(f"site-settings:{model._meta.label_lower}:{site.pk}", compute)


def view_restricted_cached(page, compute) -> bool:
    """Whether ``page`` or an ancestor has a view restriction (``compute`` asks
    the database)."""
    return _cached(f"view-restricted:{page.path}", compute)


class ViewRestrictionsCachedMixin:
    """For pages a learner opens at every step: Wagtail checks the page's and its
    ancestors' view restrictions on each request (two queries). Whether there
    are any is cached; with none, an empty queryset answers without a query.
    With a per-process cache, a restriction added in another process applies
    here within ``PAGE_CACHE_TIMEOUT_LOCAL`` seconds."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        restricted = view_restricted_cached(
            self,
            lambda: (
                super(ViewRestrictionsCachedMixin, self)
                .get_view_restrictions()
                .exists()
            ),
        )
        if restricted:
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


def _route_key(request) -> str:
    raw = f"{request.get_host()}|{request.path_info}|{translation.get_language()}"
    return f"page-route:{hashlib.sha256(raw.encode()).hexdigest()}"


def route_remember(page, request, serve_args, serve_kwargs) -> None:
    """``before_serve_page`` hook: remember which page this path led to (plain
    page routes only: no sub-route arguments)."""
    if serve_args or serve_kwargs or getattr(request, "_page_route_cached", False):
        return
    key = f"{_route_key(request)}:{page_cache_generation()}"
    immutable_set(key, (page.content_type_id, page.pk), _timeout())


def _serves_pages(request) -> bool:
    """Whether Wagtail serves this path: other views ("Mijn leeromgeving", the
    admin) never have a route entry, and asking the cache costs a round trip."""
    try:
        return resolve(request.path_info).url_name == "wagtail_serve"
    except Resolver404:
        return False


class PageLookupCacheMiddleware:
    """Gives Wagtail the request's site and, for a path served before, its page,
    from the cache: one query for the page instead of the site, the locale and
    every level of the tree. Placed after LocaleMiddleware (the route depends on
    the language) and after authentication; the page is fetched live, and serving
    runs every hook (view restrictions included) as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            self._site(request)
            if _serves_pages(request):
                self._route(request)
        except DatabaseError:
            # Only a shortcut: while the database is down the view still answers
            # (/health/ its 503 report, other pages the 503 page).
            pass
        return self.get_response(request)

    @staticmethod
    def _site(request) -> None:
        from wagtail.models import Site

        host = f"{request.get_host()}:{request.get_port()}"
        site = _cached(f"site:{host}", lambda: Site._find_for_request(request))
        if site is not None:
            request._wagtail_site = site

    @staticmethod
    def _route(request) -> None:
        from django.contrib.contenttypes.models import ContentType
        from wagtail.url_routing import RouteResult

        key = f"{_route_key(request)}:{page_cache_generation()}"
        entry = immutable_get(key)
        if entry is None:
            return
        # The live page as fetched under this generation: any save, publish,
        # unpublish, move or delete of a page raises it (``content_changed``).
        # Kept in this process only, a fresh copy on every read.
        page = local_get(f"page-object:{key}")
        if page is None:
            content_type_id, page_id = entry
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            page = model and model.objects.filter(pk=page_id, live=True).first()
            if page is not None:
                local_set(f"page-object:{key}", page)
        if page is not None:
            request._wagtail_route_for_request = RouteResult(page)
            request._page_route_cached = True


def signals_connect() -> None:
    from django.core import signals as request_signals
    from django.db.models.signals import post_delete, post_save
    from wagtail import hooks
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    for signal in (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
        post_delete,
        post_save,
    ):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{id(signal)}")
    hooks.register("before_serve_page", route_remember)
    request_signals.request_started.connect(
        request_started, dispatch_uid="page_cache_request_started"
    )
    request_signals.request_finished.connect(
        request_finished, dispatch_uid="page_cache_request_finished"
    )
