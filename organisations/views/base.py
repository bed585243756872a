"""The guard every manager view starts with, and small helpers for them."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from organisations.models import Team
from organisations.selectors.access import managed_membership_get


def manager_required(view=None, *, admin: bool = False):
    """Signed in, and a manager (with `admin`: organisation administrator) of the
    organisation in the URL; anyone else gets 404. The view receives the manager's
    membership as `membership`."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, organisation_id: int, *args, **kwargs):
            membership = managed_membership_get(
                user=request.user, organisation_id=organisation_id, admin=admin
            )
            request.organisation = membership.organisation
            return view(request, *args, membership=membership, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


def teams_of(organisation) -> list[Team]:
    return list(
        Team.objects.filter(organisation=organisation)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def manager_context(membership, active: str, **extra) -> dict:
    return {
        "organisation": membership.organisation,
        "membership": membership,
        "is_admin": membership.role == "admin",
        "active": active,
        "today": timezone.localdate(),
        **extra,
    }


def query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
