"""The organisations app's part of a person's data download (GDPR articles 15 and
20), offered through `training.personal_data.PERSONAL_DATA_HOOK`: their
memberships, consents to show certificates, invitations addressed to or accepted
by them, reminders sent to them and the audit log entries about them. Records
name organisations, teams and roles rather than ids; invitation tokens and other
people (the manager who invited, reminded or changed something) are left out:
an actor is only described as "uzelf" or "de organisatie". Five queries, however
many records there are.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from organisations.models import (
    AuditAction,
    AuditLog,
    CertificateConsent,
    Invitation,
    InvitationKind,
    Membership,
    MembershipRole,
    ReminderLog,
)
from training.models import User
from training.personal_data import iso

# Audit actions whose `before`/`after` hold a role code, shown as its label.
ROLE_DETAIL_ACTIONS = (AuditAction.MEMBER_ADDED, AuditAction.ROLE_CHANGED)


def _role_label(value: str) -> str:
    return str(MembershipRole(value).label) if value in MembershipRole.values else value


def _team_name(team) -> str | None:
    return str(team) if team is not None else None


def _joined_via(kind: str | None) -> str:
    if kind == InvitationKind.EMAIL:
        return _("uitnodiging per e-mail")
    if kind == InvitationKind.LINK:
        return _("uitnodigingslink")
    # Added in the admin, or a reusable link first accepted by someone else
    # (an invitation remembers only its first acceptor).
    return _("niet vastgelegd")


def _invitations(user: User) -> list[Invitation]:
    addressed = Q(accepted_by=user)
    if user.email:  # link invitations have no address: never match on ""
        addressed |= Q(kind=InvitationKind.EMAIL, email__iexact=user.email)
    return list(
        Invitation.objects.filter(addressed)
        .select_related("organisation", "team__parent")
        .order_by("created_at", "pk")
    )


def _membership_rows(user: User, accepted_kind: dict[int, str]) -> list[dict[str, Any]]:
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation", "team__parent")
        .order_by("start_date", "pk")
    )
    return [
        {
            "organisatie": membership.organisation.name,
            "team": _team_name(membership.team),
            "rol": str(membership.get_role_display()),
            "lid_sinds": iso(membership.start_date),
            "lid_tot": iso(membership.end_date),
            "lid_geworden_via": _joined_via(
                accepted_kind.get(membership.organisation_id)
            ),
        }
        for membership in memberships
    ]


def _consent_rows(user: User) -> list[dict[str, Any]]:
    consents = (
        CertificateConsent.objects.filter(user=user)
        .select_related("organisation")
        .order_by("decided_at", "pk")
    )
    return [
        {
            "organisatie": consent.organisation.name,
            "toestemming": consent.granted and consent.revoked_at is None,
            "besloten_op": iso(consent.decided_at),
            "gegeven_op": iso(consent.decided_at) if consent.granted else None,
            "ingetrokken_op": iso(consent.revoked_at),
        }
        for consent in consents
    ]


def _invitation_rows(user: User, invitations: list[Invitation]) -> list[dict]:
    rows = []
    for invitation in invitations:
        accepted_by_them = invitation.accepted_by_id == user.pk
        rows.append(
            {
                "organisatie": invitation.organisation.name,
                "soort": str(invitation.get_kind_display()),
                "e_mailadres": invitation.email or None,
                "voornaam": invitation.first_name or None,
                "achternaam": invitation.last_name or None,
                "beroep": str(invitation.get_profession_display()) or None,
                "team": _team_name(invitation.team),
                "rol": str(invitation.get_role_display()),
                "aangemaakt_op": iso(invitation.created_at),
                "verstuurd_op": iso(invitation.sent_at),
                "verloopt_op": iso(invitation.expires_at),
                "geaccepteerd_op": iso(invitation.accepted_at)
                if accepted_by_them
                else None,
                "ingetrokken_op": iso(invitation.revoked_at),
            }
        )
    return rows


def _reminder_rows(user: User) -> list[dict[str, Any]]:
    reminders = (
        ReminderLog.objects.filter(user=user)
        .select_related("organisation")
        .order_by("sent_at", "pk")
    )
    return [
        {
            "organisatie": reminder.organisation.name,
            "verstuurd_op": iso(reminder.sent_at),
            "cursussen": [line for line in reminder.courses.splitlines() if line],
        }
        for reminder in reminders
    ]


def _actor(entry: AuditLog, user: User) -> str | None:
    if entry.actor_id is None:
        return None
    return _("uzelf") if entry.actor_id == user.pk else _("de organisatie")


def _audit_rows(user: User) -> list[dict[str, Any]]:
    entries = (
        AuditLog.objects.filter(subject=user)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    rows = []
    for entry in entries:
        detail = entry.detail if isinstance(entry.detail, dict) else {}
        before, after = detail.get("before"), detail.get("after")
        if entry.action in ROLE_DETAIL_ACTIONS:
            before = _role_label(before) if before else before
            after = _role_label(after) if after else after
        rows.append(
            {
                "organisatie": entry.organisation.name,
                "gebeurtenis": str(entry.get_action_display()),
                "tijdstip": iso(entry.created_at),
                "door": _actor(entry, user),
                "voorheen": before or None,
                "daarna": after or None,
                "cursus": detail.get("course") or None,
            }
        )
    return rows


def personal_data(*, user: User) -> dict[str, Any]:
    """Everything the organisations app stores about `user`, by section."""
    invitations = _invitations(user)
    # Latest accepted invitation per organisation: how the person joined it.
    accepted_kind = {
        invitation.organisation_id: invitation.kind
        for invitation in invitations
        if invitation.accepted_by_id == user.pk
    }
    return {
        "lidmaatschappen": _membership_rows(user, accepted_kind),
        "toestemmingen": _consent_rows(user),
        "uitnodigingen": _invitation_rows(user, invitations),
        "herinneringen": _reminder_rows(user),
        "logboek": _audit_rows(user),
    }
