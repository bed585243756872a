"""Template context every page needs, computed without a query per request where
the answer rarely changes."""

from django.core.cache import cache

ADMIN_ACCESS_TIMEOUT = 60  # seconds: a new trainer sees "Beheer" within a minute


def user_can_access_admin(user) -> bool:
    """Whether ``user`` may open the Wagtail admin; cached per user so learners'
    pages skip the two permission queries."""
    if user is None or not user.is_authenticated:
        return False
    # Asked up to three times a request (middleware, header, context processor):
    # kept on the user object, which each request loads afresh.
    allowed = getattr(user, "_can_access_admin", None)
    if allowed is not None:
        return allowed
    key = f"can-access-admin:{user.pk}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, ADMIN_ACCESS_TIMEOUT)
    user._can_access_admin = allowed
    return allowed


def navigation(request) -> dict:
    """``can_access_admin`` for the header's "Beheer" link and the Wagtail user bar."""
    return {"can_access_admin": user_can_access_admin(getattr(request, "user", None))}
