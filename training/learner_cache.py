"""A learner's own rendered fragments, cached until something they show changes
(issue 21: "Mijn leeromgeving" rendered its panels from about ten queries on
every request).

A fragment is cached under the learner's *version*, a version for everyone and
the page-cache generation (any publish or settings change), with the day, the
interface language and the host; it also records the versions of the *scopes*
it depends on (the learner's organisations) and is used only while they are
unchanged. A version is a random token, replaced (never counted up) on a change,
so a version that fell out of the cache can never bring back an old fragment.

Who changes a version: each app connects its own models with ``watch`` (a saved
or deleted row names the learner, the scope or everyone it concerns); a write
that sends no model signal (``QuerySet.update``, ``bulk_create``) calls
``learner_changed``, ``scope_changed`` or ``everyone_changed`` itself. A
learner's change also replaces the versions ``FOLLOWERS_HOOK`` names for them
(their organisations' dashboard statuses, one query). The
version is replaced at once and again when the transaction commits, so a request
that read the old rows while the change was under way cannot store them under
the new version.

The cache is used only with a cache every process shares (Redis,
``LEARNER_FRAGMENT_CACHE``): with each process's own memory, a change made in
one process would leave another showing the old status.

CSRF tokens differ per browser: a fragment is rendered with a placeholder in
their place, and each request puts its own token in.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

from training.page_cache import page_cache_generation

TIMEOUT = 60 * 60  # seconds
EVERYONE = "everyone"
# fn(*, user) -> the scopes (``organisation_scope``) a learner's fragments also
# depend on; the learner's version changes whenever this list would.
SCOPES_HOOK = "bijblijven_learner_scopes"
# fn(*, user_ids) -> further scopes whose versions change whenever one of these
# learners' versions does (the dashboards of their organisations); called only
# when the cache is on, inside the writing transaction.
FOLLOWERS_HOOK = "bijblijven_learner_followers"
CSRF_PLACEHOLDER = "bbcsrfplaceholder0e5c3b1a"


def enabled() -> bool:
    return getattr(settings, "LEARNER_FRAGMENT_CACHE", False)


def _version_key(scope: str) -> str:
    return f"learner-version:{scope}"


def learner_scope(user_id: int) -> str:
    return f"user:{user_id}"


def organisation_scope(organisation_id: int) -> str:
    return f"organisation:{organisation_id}"


def _replace(scopes: list[str]) -> None:
    cache.set_many({_version_key(s): secrets.token_hex(8) for s in scopes}, None)


def _followers(scopes: list[str]) -> list[str]:
    prefix = learner_scope(0)[:-1]
    user_ids = [int(s[len(prefix) :]) for s in scopes if s.startswith(prefix)]
    if not user_ids or not enabled():
        return []
    return [
        scope
        for hook in hooks.get_hooks(FOLLOWERS_HOOK)
        for scope in hook(user_ids=user_ids)
    ]


def _changed(scopes: list[str]) -> None:
    if not scopes:
        return
    scopes = [*scopes, *_followers(scopes)]
    _replace(scopes)
    transaction.on_commit(lambda: _replace(scopes), robust=True)


def learner_changed(*user_ids: int) -> None:
    _changed([learner_scope(pk) for pk in user_ids if pk])


def scope_changed(*scopes: str) -> None:
    _changed(list(scopes))


def everyone_changed() -> None:
    _changed([EVERYONE])


def _versions(scopes: Iterable[str]) -> dict[str, str]:
    """The current version of each scope, made on first use."""
    keys = {_version_key(s): s for s in scopes}
    found = cache.get_many(list(keys))
    missing = {key: secrets.token_hex(8) for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, None):
            value = cache.get(key, value)
        found[key] = value
    return {keys[key]: value for key, value in found.items()}


def versions_many(scopes: list[str], *, make: bool = False) -> list[str | None]:
    """The current version of each scope, in order, in one round trip: for
    thousands of scopes at once (`_versions` would add each missing one in a
    round trip of its own). A missing version is None, or is made (`make`): read
    the versions with `make` *before* reading the rows they stand for, as
    `_versions`, so a change made meanwhile leaves them stale."""
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    if make:
        missing = {key: secrets.token_hex(8) for key in keys if key not in found}
        if missing:
            # set, not add: a version made by a change at the same moment may be
            # overwritten, but that change replaces it again when it commits
            cache.set_many(missing, None)
            found.update(missing)
    return [found.get(key) for key in keys]


def versions(scopes: Iterable[str]) -> dict[str, str]:
    """The current version of each scope, made on first use."""
    return _versions(scopes)


def watch(model, *, scopes: Callable[[object], Iterable[str]]) -> None:
    """Replace the versions of ``scopes(instance)`` whenever a ``model`` row is
    saved or deleted."""

    def receiver(sender, instance, **kwargs):
        if kwargs.get("raw"):  # loading fixtures
            return
        scope_changed(*[s for s in scopes(instance) if s])

    uid = f"learner-cache:{model._meta.label_lower}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


def watch_learner(model, field: str = "user_id") -> None:
    watch(model, scopes=lambda obj: [learner_scope(getattr(obj, field))])


def watch_everyone(model) -> None:
    watch(model, scopes=lambda obj: [EVERYONE])


def learner_fragment(request, *, name: str, render: Callable[[], str]) -> SafeString:
    """The learner's fragment ``name`` (``render()`` makes it, with
    ``CSRF_PLACEHOLDER`` as the CSRF token), from the cache while the learner's,
    everyone's and each of their scopes' (``SCOPES_HOOK``) versions are those it
    was rendered under."""
    if not enabled() or not request.user.is_authenticated:
        return _with_token(request, render())
    return _with_token(request, learner_value(request, name=name, compute=render))


def learner_value(
    request, *, name: str, compute: Callable[[], object], scoped: bool = True
):
    """``compute()`` for the signed-in learner, from the cache while the
    learner's, everyone's and (with ``scoped``) each of their scopes'
    (``SCOPES_HOOK``) versions are those it was computed under. Anything it
    holds about the learner must come from watched rows. Without ``scoped``
    the value may not depend on the learner's organisations (saves a round
    trip). Only when ``enabled()`` and the user is signed in."""
    user = request.user
    own = _versions([learner_scope(user.pk), EVERYONE])
    raw = "|".join(
        [
            name,
            str(user.pk),
            own[learner_scope(user.pk)],
            own[EVERYONE],
            str(page_cache_generation()),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.get_host(),
        ]
    )
    key = f"learner-fragment:{hashlib.sha256(raw.encode()).hexdigest()}"
    entry = cache.get(key)
    if entry is not None:
        scope_versions, value = entry
        if not scope_versions or _versions(scope_versions) == scope_versions:
            return value
    scopes = (
        [s for hook in hooks.get_hooks(SCOPES_HOOK) for s in hook(user=user)]
        if scoped
        else []
    )
    # Read before computing: a change made meanwhile leaves this entry unused.
    scope_versions = _versions(scopes) if scopes else {}
    value = compute()
    cache.set(key, (scope_versions, value), TIMEOUT)
    return value


def with_token(request, html: str) -> SafeString:
    """``html`` with this request's CSRF token in place of ``CSRF_PLACEHOLDER``."""
    return _with_token(request, html)


def _with_token(request, html: str) -> SafeString:
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    # Rendered by the template engine, which escaped what it had to.
    return mark_safe(html)  # noqa: S308
