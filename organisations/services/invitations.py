"""Invitations: create (by email or as a link), send (the outbox), revoke, accept.

Accepting checks everything before it changes anything: an unknown, revoked,
expired or used invitation, or one meant for another address or domain, raises
`InvitationRefused` with a reason the friendly page explains, and no membership
is made. The invitation row is locked while it is accepted, so a single-use link
opened in two tabs makes one member.
"""

from __future__ import annotations

import datetime
import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.greetings import greeting_name
from organisations.models import (
    Invitation,
    InvitationKind,
    Membership,
    MembershipRole,
    Organisation,
    Team,
)
from organisations.services.memberships import membership_join
from training.models import User
from training.site_url import site_base_url

DEFAULT_DAYS = 30
INVITATION_EMAIL = "invitation"
MAX_DAYS = 365

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


class InvitationRefused(Exception):
    """Why an invitation cannot be accepted: `reason` is one of "unknown",
    "declined", "revoked", "expired", "used", "other_email", "domain",
    "unverified"."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


class AlreadyMember(ValidationError):
    """The address belongs to a current member: nothing is created or sent."""


def _expiry(days: int, now: datetime.datetime) -> datetime.datetime:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("Een uitnodiging is 1 tot %(max)s dagen geldig.") % {"max": MAX_DAYS}
        )
    return now + datetime.timedelta(days=days)


def domain_normalise(domain: str) -> str:
    domain = domain.strip().lower().lstrip("@")
    try:
        validate_email(f"test@{domain}")
    except ValidationError:
        raise ValidationError(
            _("%(domain)s is geen geldig e-maildomein.") % {"domain": domain}
        ) from None
    return domain


def invitation_open_for_email(
    *, organisation: Organisation, email: str, now: datetime.datetime
) -> Invitation | None:
    return (
        Invitation.objects.filter(
            organisation=organisation,
            kind=InvitationKind.EMAIL,
            email__iexact=email,
            revoked_at__isnull=True,
            accepted_at__isnull=True,
            expires_at__gt=now,
        )
        .order_by("-created_at")
        .first()
    )


def invitations_emailed_since(*, organisation: Organisation, since) -> int:
    return Invitation.objects.filter(
        organisation=organisation, kind=InvitationKind.EMAIL, created_at__gte=since
    ).count()


def invitation_quota_check(*, organisation: Organisation, now, adding: int = 1) -> None:
    """Raise `ValidationError` when `adding` more emailed invitations would pass
    the organisation's limit for the last 24 hours: a manager's account must not
    become a way to mail any address without end."""
    limit = settings.INVITATIONS_PER_ORGANISATION_PER_DAY
    sent = invitations_emailed_since(
        organisation=organisation, since=now - datetime.timedelta(days=1)
    )
    if sent + adding > limit:
        raise ValidationError(
            _(
                "Deze organisatie heeft in de afgelopen 24 uur al %(sent)s "
                "uitnodigingen per e-mail verstuurd; de grens is %(limit)s per dag. "
                "Probeer het later opnieuw of neem contact op met de beheerder."
            )
            % {"sent": sent, "limit": limit},
            code="invitation_limit",
        )


@transaction.atomic
def invitation_create_email(
    *,
    organisation: Organisation,
    email: str,
    actor: User,
    first_name: str = "",
    last_name: str = "",
    profession: str = "",
    team: Team | None = None,
    role: str = MembershipRole.LEARNER,
    days: int = DEFAULT_DAYS,
) -> Invitation:
    """Invite one address; its email is queued in the same transaction and sent
    after commit. An open invitation for the same address (any letter case) is
    returned instead of a second one (its `created_at` tells the caller); the
    database allows one (`invitation_one_open_per_address`), so two requests at
    once make one. An expired one is revoked first, as the new invitation
    replaces it. Raises `AlreadyMember` for the address of a current member."""
    email = email.strip().lower()
    validate_email(email)
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("Dit team hoort bij een andere organisatie."))
    now = timezone.now()
    if (
        Membership.objects.active()
        .filter(organisation=organisation, user__email__iexact=email)
        .exists()
    ):
        raise AlreadyMember(
            _("%(email)s is al lid van %(organisation)s; er is niets verstuurd.")
            % {"email": email, "organisation": organisation.name}
        )
    existing = invitation_open_for_email(
        organisation=organisation, email=email, now=now
    )
    if existing is not None:
        return existing
    invitation_quota_check(organisation=organisation, now=now)
    expires_at = _expiry(days, now)
    Invitation.objects.filter(
        organisation=organisation,
        kind=InvitationKind.EMAIL,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__lte=now,
    ).update(revoked_at=now)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                kind=InvitationKind.EMAIL,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                profession=profession,
                team=team,
                role=role,
                single_use=True,
                expires_at=expires_at,
                created_by=actor,
            )
    except IntegrityError:  # another request invited this address just now
        return invitation_open_for_email(
            organisation=organisation, email=email, now=now
        )
    invitation_send(invitation=invitation)
    return invitation


@transaction.atomic
def invitation_create_link(
    *,
    organisation: Organisation,
    actor: User,
    allowed_domain: str = "",
    single_use: bool = True,
    team: Team | None = None,
    days: int = DEFAULT_DAYS,
) -> Invitation:
    """A link to share: for one person (single use) or for everyone with an
    address in `allowed_domain` until it expires. Raises `ValidationError` for a
    reusable link without a domain."""
    domain = domain_normalise(allowed_domain) if allowed_domain.strip() else ""
    if not single_use and not domain:
        raise ValidationError(
            _("Een link voor meerdere mensen heeft een e-maildomein nodig.")
        )
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("Dit team hoort bij een andere organisatie."))
    return Invitation.objects.create(
        organisation=organisation,
        kind=InvitationKind.LINK,
        allowed_domain=domain,
        single_use=single_use,
        team=team,
        expires_at=_expiry(days, timezone.now()),
        created_by=actor,
    )


def invitation_url(invitation: Invitation) -> str:
    path = reverse("organisations:invitation", args=[invitation.token])
    return f"{site_base_url()}{path}"


def invitation_send(*, invitation: Invitation) -> bool:
    """Queue the email of an open email invitation in the outbox; False (queueing
    nothing) when it is no longer open. Once per invitation: queueing again is a
    no-op. `sent_at` is recorded when the outbox has sent it."""
    from organisations.emails import email_send

    if invitation.kind != InvitationKind.EMAIL or not invitation.is_open(
        timezone.now()
    ):
        return False
    existing = User.objects.filter(email__iexact=invitation.email).first()
    email_send(
        name=INVITATION_EMAIL,
        to=invitation.email,
        language=existing.preferred_language if existing else None,
        context={
            "invitation": invitation,
            "greeting_name": greeting_name(invitation.first_name),
            "organisation": invitation.organisation,
            "url": invitation_url(invitation),
        },
        key=f"{INVITATION_EMAIL}:{invitation.pk}",
    )
    return True


def invitation_email_sent(*, email) -> None:
    """`EMAIL_SENT_HOOK`: record when an invitation's email went out."""
    kind, _sep, invitation_id = email.dedup_key.partition(":")
    if kind == INVITATION_EMAIL and invitation_id.isdigit():
        Invitation.objects.filter(pk=int(invitation_id)).update(sent_at=email.sent_at)


@transaction.atomic
def invitation_decline(*, token: str) -> Invitation | None:
    """The invited person says no to an email invitation that is still open:
    it closes (declined and revoked, so the organisation may invite again
    later). Anyone holding the token may decline, without an account. Returns
    the invitation, or None when there is no open email invitation to decline;
    declining twice changes nothing."""
    invitation = invitation_get(token=token)
    if invitation is None or invitation.kind != InvitationKind.EMAIL:
        return None
    now = timezone.now()
    if invitation.declined_at is not None:
        return invitation
    if not invitation.is_open(now):
        return None
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        declined_at=now, revoked_at=now
    )
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_check(
    *, invitation: Invitation | None, user: User | None, now: datetime.datetime
) -> None:
    """Raise `InvitationRefused` unless `user` (or, for None, anyone) may accept
    `invitation` at `now`."""
    if invitation is None:
        raise InvitationRefused("unknown")
    if invitation.declined_at is not None:
        raise InvitationRefused("declined", invitation)
    if invitation.revoked_at is not None:
        raise InvitationRefused("revoked", invitation)
    if invitation.single_use and invitation.accepted_at is not None:
        raise InvitationRefused("used", invitation)
    if now >= invitation.expires_at:
        raise InvitationRefused("expired", invitation)
    if user is None:
        return
    address = user.email.lower()
    if invitation.kind == InvitationKind.EMAIL and address != invitation.email.lower():
        raise InvitationRefused("other_email", invitation)
    if invitation.allowed_domain and address.rsplit("@", 1)[-1] != (
        invitation.allowed_domain
    ):
        raise InvitationRefused("domain", invitation)
    if (invitation.kind == InvitationKind.EMAIL or invitation.allowed_domain) and not (
        EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    ):
        raise InvitationRefused("unverified", invitation)


def invitation_get(*, token: str) -> Invitation | None:
    # Tokens are URL-safe base64; anything else (a NUL byte, which PostgreSQL
    # refuses in text) is unknown without asking the database.
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    return (
        Invitation.objects.select_related("organisation", "team")
        .filter(token=token)
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Join the invitation's organisation. Raises `InvitationRefused`, changing
    nothing, when the invitation cannot be accepted by `user` now."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "team")
        .filter(token=token)
        .first()
        if invitation_get(token=token) is not None
        else None
    )
    invitation_check(invitation=invitation, user=user, now=timezone.now())
    membership = membership_join(
        user=user,
        organisation=invitation.organisation,
        team=invitation.team,
        role=invitation.role,
        actor=invitation.created_by,
    )
    if invitation.profession and not user.profession:
        user.profession = invitation.profession
        user.save(update_fields=["profession"])
    invitation.uses += 1
    fields = ["uses"]
    if invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        fields += ["accepted_at", "accepted_by"]
    invitation.save(update_fields=fields)
    return membership
