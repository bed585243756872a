"""Erasing a person's organisation records (through
`training.erasure.ERASURE_HOOK`).

Memberships end (audited, as any end) and stay, so an organisation's history
still counts a former member, now without a name. Invitations to the person and
their rows in staff imports lose name and address (open invitations are
revoked); consents are deleted. Reminder and audit rows only point at the
account, which is anonymous afterwards. Compliance exports already made are
files with names: they are deleted after `EXPORT_KEEP_HOURS` like any export.

Refused while the person is an organisation's last administrator: someone else
must take that role first.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import (
    CertificateConsent,
    Invitation,
    Membership,
    MembershipRole,
    StaffImport,
)
from organisations.services.memberships import membership_end
from training.erasure import Erasure, erased_email


def erase(*, erasure: Erasure) -> None:
    user = erasure.user
    # The Dutch calendar day, not UTC's: near midnight they differ.
    today = timezone.localdate(erasure.moment)
    open_memberships = list(
        Membership.objects.select_for_update()
        .filter(user=user)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organisation")
    )
    _refuse_last_administrator(open_memberships)
    for membership in open_memberships:
        membership_end(
            membership=membership,
            actor=erasure.actor,
            end_date=today - datetime.timedelta(days=1),
        )
    CertificateConsent.objects.filter(user=user).delete()
    _invitations_anonymise(erasure)
    _staff_imports_anonymise(erasure)


def _refuse_last_administrator(memberships: list[Membership]) -> None:
    for membership in memberships:
        if membership.role != MembershipRole.ADMIN:
            continue
        others = (
            Membership.objects.active()
            .filter(organisation=membership.organisation, role=MembershipRole.ADMIN)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise ValidationError(
                _(
                    "Dit account is de enige organisatiebeheerder van "
                    "%(organisation)s. Geef die rol eerst aan iemand anders; "
                    "daarna kan het account gewist worden."
                )
                % {"organisation": membership.organisation.name}
            )


def _invitations_anonymise(erasure: Erasure) -> None:
    address = Q(accepted_by=erasure.user)
    for email in erasure.emails:
        address |= Q(email__iexact=email)
    invitations = Invitation.objects.filter(address)
    invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=erasure.moment
    )
    invitations.exclude(email="").update(email=erased_email(erasure.user.pk))
    invitations.update(first_name="", last_name="")


def _staff_imports_anonymise(erasure: Erasure) -> None:
    for email in erasure.emails:
        for staff_import in StaffImport.objects.filter(rows__icontains=email):
            rows = [_row_anonymised(row, erasure) for row in staff_import.rows]
            if rows != staff_import.rows:
                staff_import.rows = rows
                staff_import.save(update_fields=["rows"])


def _row_anonymised(row: dict, erasure: Erasure) -> dict:
    if str(row.get("email", "")).lower() not in erasure.emails:
        return row
    return {
        **row,
        "email": erased_email(erasure.user.pk),
        "first_name": "",
        "last_name": "",
    }
