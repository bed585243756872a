"""Erasing a person's account (GDPR article 17), by themselves or by an
administrator on their request.

`training` cannot import the apps above it, so each app erases its own part
through the Wagtail hook `ERASURE_HOOK`: a function `(*, erasure: Erasure) -> None`
that deletes what only the person needs (reflections, essays, progress) and
anonymises what others depend on (a certificate's code keeps verifying, an
organisation keeps that a membership ended). A hook may raise `ValidationError`
to refuse (the last organisation administrator); nothing changes then.

The user row is kept as an anonymous holder of those records: no name, an
address under `ERASED_EMAIL_DOMAIN` that is never mailed, no password, inactive,
no groups. The privacy log records who erased which row and when, nothing more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from training.models import (
    EmailStatus,
    OutboundEmail,
    PrivacyAction,
    PrivacyLogEntry,
    PrivacySource,
    User,
)

ERASURE_HOOK = "bijblijven_erase_personal_data"
# RFC 2606: .invalid never resolves, so nothing can be delivered there.
ERASED_EMAIL_DOMAIN = "gewist.invalid"
ERASE_PERMISSION = "training.erase_account"


@dataclass(frozen=True)
class Erasure:
    """What the apps' erasure functions get: the person (still with their data),
    every address they used, who asked, and their choice for certificates."""

    user: User
    emails: frozenset[str]
    actor: User
    revoke_certificates: bool
    moment: datetime.datetime


def erased_email(user_id: int) -> str:
    return f"gewist-{user_id}@{ERASED_EMAIL_DOMAIN}"


def is_erased_email(address: str) -> bool:
    return address.lower().endswith("@" + ERASED_EMAIL_DOMAIN)


@transaction.atomic
def account_erase(
    *, user: User, actor: User, revoke_certificates: bool = False
) -> bool:
    """Erase `user`'s personal data in one transaction; returns False, changing
    nothing, when the account was erased already (a second submit).

    Raises `ValidationError` when an app refuses. The caller checks that `actor`
    is the person or holds `ERASE_PERMISSION`.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.erased_at is not None:
        return False
    emails = {locked.email.lower()}
    emails.update(
        address.lower()
        for address in EmailAddress.objects.filter(user=locked).values_list(
            "email", flat=True
        )
    )
    erasure = Erasure(
        user=locked,
        emails=frozenset(emails),
        actor=actor,
        revoke_certificates=revoke_certificates,
        moment=timezone.now(),
    )
    for erase in hooks.get_hooks(ERASURE_HOOK):
        erase(erasure=erasure)
    _account_anonymise(erasure)
    PrivacyLogEntry.objects.create(
        actor=actor,
        subject=locked,
        action=PrivacyAction.ERASED,
        source=PrivacySource.ACCOUNT,
        context="certificaten ingetrokken" if revoke_certificates else "",
    )
    return True


def _account_anonymise(erasure: Erasure) -> None:
    """The user row itself and what `training` and Wagtail keep about it."""
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, PageSubscription
    from wagtail.users.models import UserProfile

    user = erasure.user
    EmailAddress.objects.filter(user=user).delete()
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()
    PageSubscription.objects.filter(user=user).delete()
    _outbox_anonymise(erasure)

    user.email = erased_email(user.pk)
    user.first_name = ""
    user.last_name = ""
    user.profession = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.erased_at = erasure.moment
    # A new password hash also ends every session (Django checks it per request).
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _outbox_anonymise(erasure: Erasure) -> None:
    """Messages to the person keep their row (its dedup key stops a resend) but
    lose address, subject and bodies; those still waiting are never sent."""
    to_person = OutboundEmail.objects.none()
    for address in erasure.emails:
        to_person = to_person | OutboundEmail.objects.filter(to__iexact=address)
    to_person.exclude(status=EmailStatus.SENT).update(
        status=EmailStatus.FAILED, last_error="account gewist"
    )
    to_person.update(
        to=erased_email(erasure.user.pk), subject="", body_text="", body_html=""
    )
