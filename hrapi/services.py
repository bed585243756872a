"""Creating and revoking API keys, recording and rate limiting calls, and
writing memberships by employee number.

Memberships follow the spreadsheet staff import's rules, through the same
services: a current member stays a member (their team may change, never their
role); anyone else gets an email invitation (`invitation_create_email`, with its
daily quota), and becomes a member when they accept it. Ending uses
`membership_end`, which keeps the last organisation administrator. Writing the
same record twice changes nothing the second time: the employee number is the
key (`EmployeeLink`), and the services called are idempotent themselves.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrapi.keys import key_new
from hrapi.models import ApiCall, ApiKey, ApiScope, EmployeeLink
from organisations.models import Membership, Organisation, Team
from organisations.services.invitations import (
    AlreadyMember,
    invitation_create_email,
    invitation_open_for_email,
    invitation_revoke,
)
from organisations.services.memberships import membership_end, membership_team_change
from training.models import Profession, User

RATE_WINDOW_SECONDS = 60


@transaction.atomic
def api_key_create(
    *, organisation: Organisation, name: str, scope: str, actor: User
) -> tuple[ApiKey, str]:
    """A new key and its plain text, which is never stored: show it once."""
    if scope not in ApiScope.values:
        raise ValidationError(_("Onbekende rechten."))
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError(_("Geef de sleutel een naam."))
    new = key_new()
    key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        scope=scope,
        prefix=new.prefix,
        digest=new.digest,
        created_by=actor,
    )
    return key, new.plain


def api_key_revoke(*, key: ApiKey, actor: User) -> ApiKey:
    """Revoke for good; the next call with it is refused. Revoking twice keeps
    the first time."""
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    key.refresh_from_db()
    return key


def api_call_record(
    *,
    key: ApiKey | None,
    method: str,
    path: str,
    status: int,
    duration_ms: int,
) -> ApiCall:
    """One row per call, whatever its outcome; stamps the key's last use."""
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return ApiCall.objects.create(
        key=key,
        organisation_id=key.organisation_id if key else None,
        method=method[:8],
        path=path[:300],
        status=status,
        duration_ms=max(0, duration_ms),
    )


def call_retention_days() -> int:
    return int(getattr(settings, "HR_API_CALL_RETENTION_DAYS", 365))


def api_calls_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete call rows older than the retention; returns how many."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=call_retention_days())
    return ApiCall.objects.filter(created_at__lt=before).delete()[0]


def api_rate_allowed(*, key: ApiKey) -> bool:
    """Count one call for the key; False once over `HR_API_RATE_LIMIT` this
    minute. The counter lives in the cache (Redis in production), shared by
    every process."""
    limit = int(getattr(settings, "HR_API_RATE_LIMIT", 120))
    if limit <= 0:
        return True
    window = int(time.time() // RATE_WINDOW_SECONDS)
    counter = f"hrapi:rate:{key.pk}:{window}"
    cache.add(counter, 0, timeout=RATE_WINDOW_SECONDS * 2)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, timeout=RATE_WINDOW_SECONDS * 2)
        count = 1
    return count <= limit


class LinkConflict(Exception):
    """Another employee number of this organisation has this address."""


class LinkMissing(Exception):
    """No employee with this number was ever written."""


@dataclass(frozen=True)
class EmployeeRecord:
    """What the HR system sends for one employee."""

    external_id: str
    email: str
    first_name: str = ""
    last_name: str = ""
    team: str | None = None  # a team name; None leaves the team as it is
    profession: str = ""


@dataclass(frozen=True)
class EmployeeState:
    link: EmployeeLink
    state: str  # "member", "invited" or "ended"
    membership: Membership | None


def _membership_for(link: EmployeeLink) -> Membership | None:
    """The membership the link names, binding it the first time one exists."""
    if link.membership_id is not None:
        return Membership.objects.select_related("team", "user").get(
            pk=link.membership_id
        )
    membership = (
        Membership.objects.select_related("team", "user")
        .filter(organisation=link.organisation, user__email__iexact=link.email)
        .first()
    )
    if membership is not None and not hasattr(membership, "employee_link"):
        link.membership = membership
        link.save(update_fields=["membership", "updated_at"])
    return membership


def _team(organisation: Organisation, name: str) -> Team | None:
    name = " ".join(name.split())
    if not name:
        return None
    team = Team.objects.filter(organisation=organisation, name__iexact=name).first()
    if team is None:
        raise ValidationError(
            _("Onbekend team %(team)s.") % {"team": name}, code="team"
        )
    return team


def _record_check(record: EmployeeRecord) -> EmployeeRecord:
    from django.core.validators import validate_email

    email = record.email.strip().lower()
    validate_email(email)
    if record.profession and record.profession not in Profession.values:
        raise ValidationError(
            _("Onbekend beroep %(value)s.") % {"value": record.profession},
            code="profession",
        )
    return EmployeeRecord(
        external_id=record.external_id.strip(),
        email=email,
        first_name=" ".join(record.first_name.split())[:150],
        last_name=" ".join(record.last_name.split())[:150],
        team=record.team,
        profession=record.profession,
    )


def _link_lock(organisation: Organisation, record: EmployeeRecord) -> EmployeeLink:
    if (
        EmployeeLink.objects.filter(organisation=organisation, email=record.email)
        .exclude(external_id=record.external_id)
        .exists()
    ):
        raise LinkConflict
    try:
        with transaction.atomic():
            link, _created = EmployeeLink.objects.get_or_create(
                organisation=organisation,
                external_id=record.external_id,
                defaults={"email": record.email},
            )
    except IntegrityError:  # the same number written by another call just now
        pass
    link = (
        EmployeeLink.objects.select_for_update()
        .select_related("organisation")
        .get(organisation=organisation, external_id=record.external_id)
    )
    if link.email != record.email and link.membership_id is None:
        link.email = record.email  # not joined yet: invite the new address
        link.save(update_fields=["email", "updated_at"])
    return link


@transaction.atomic
def employee_put(
    *, organisation: Organisation, record: EmployeeRecord, key: ApiKey
) -> EmployeeState:
    """Add or update one employee (see the module docstring). Raises
    `ValidationError` for a bad address, team or profession or a full daily
    invitation quota, `LinkConflict` when another number has the address."""
    record = _record_check(record)
    team = _team(organisation, record.team) if record.team else None
    link = _link_lock(organisation, record)
    membership = _membership_for(link)
    today = timezone.localdate()
    if membership is not None and membership.is_active(today):
        if record.team is not None and membership.team_id != (team and team.pk):
            membership = membership_team_change(
                membership=membership, team=team, actor=None
            )
        return EmployeeState(link=link, state="member", membership=membership)
    try:
        invitation_create_email(
            organisation=organisation,
            email=link.email,
            actor=key.created_by,
            first_name=record.first_name,
            last_name=record.last_name,
            profession=record.profession,
            team=team,
        )
    except AlreadyMember:  # joined between the look-up and now
        return EmployeeState(
            link=link, state="member", membership=_membership_for(link)
        )
    return EmployeeState(link=link, state="invited", membership=membership)


@transaction.atomic
def employee_end(
    *,
    organisation: Organisation,
    external_id: str,
    end_date: datetime.date | None = None,
) -> EmployeeState:
    """End the employee's membership from `end_date` (default: yesterday), or
    withdraw their open invitation. Ending again changes nothing. Raises
    `LinkMissing` for an unknown number, `ValidationError` for the last
    organisation administrator."""
    link = (
        EmployeeLink.objects.select_for_update()
        .select_related("organisation")
        .filter(organisation=organisation, external_id=external_id.strip())
        .first()
    )
    if link is None:
        raise LinkMissing
    membership = _membership_for(link)
    today = timezone.localdate()
    if membership is not None:
        wanted = max(
            end_date or today - datetime.timedelta(days=1), membership.start_date
        )
        ended_before = membership.end_date is not None and membership.end_date < today
        if membership.end_date != wanted and not ended_before:
            membership = membership_end(
                membership=membership, actor=None, end_date=wanted
            )
    invitation = invitation_open_for_email(
        organisation=organisation, email=link.email, now=timezone.now()
    )
    if invitation is not None:
        invitation_revoke(invitation=invitation)
    return EmployeeState(link=link, state="ended", membership=membership)
