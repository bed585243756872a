"""Who may see what: the memberships of a signed-in person, and the check every
manager view starts with. Organisation data never crosses organisations: a manager
view gets its organisation only through `managed_membership_get`."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from organisations.models import Membership, MembershipRole
from organisations.models.organisations import MANAGING_ROLES
from training.models import User


def memberships_for_user(*, user: User) -> list[Membership]:
    """The person's current memberships, with organisation and team."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.active(timezone.localdate())
        .filter(user=user)
        .select_related("organisation", "team", "team__parent")
        .order_by("organisation__name")
    )


def managed_membership_get(
    *, user: User, organisation_id: int, admin: bool = False
) -> Membership:
    """The signed-in person's managing membership of the organisation; raises
    `Http404` (saying nothing about whether it exists) for anyone else. With
    `admin`, only organisation administrators pass."""
    roles = (MembershipRole.ADMIN,) if admin else MANAGING_ROLES
    membership = (
        Membership.objects.active(timezone.localdate())
        .filter(user=user, organisation_id=organisation_id, role__in=roles)
        .select_related("organisation")
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def member_get(*, organisation_id: int, membership_id: int) -> Membership:
    """A membership of this organisation (current or ended), or `Http404`."""
    membership = (
        Membership.objects.filter(pk=membership_id, organisation_id=organisation_id)
        .select_related("user", "team", "team__parent", "organisation")
        .first()
    )
    if membership is None:
        raise Http404
    return membership
