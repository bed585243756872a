"""Joining, leaving, roles and teams. Every change of a role or membership is
written to the audit log in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from courses.models.progress import EnrolmentSource
from courses.services import enrolment_create
from organisations.models import (
    AuditAction,
    Membership,
    MembershipRole,
    Organisation,
    Team,
)
from organisations.selectors.matrix import required_course_ids_for
from organisations.services.audit import audit_log_add
from training.models import User

ROLE_RANK = {
    MembershipRole.LEARNER: 0,
    MembershipRole.MANAGER: 1,
    MembershipRole.ADMIN: 2,
}


@transaction.atomic
def team_create(
    *, organisation: Organisation, name: str, parent: Team | None = None
) -> Team:
    """Create a team (one level of nesting). Raises `ValidationError` for a
    duplicate name, a parent elsewhere or a parent that is itself a subteam."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Geef het team een naam."))
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError(
            _("Er bestaat al een team met de naam %(name)s.") % {"name": name}
        )
    team = Team(organisation=organisation, name=name, parent=parent)
    team.full_clean()
    team.save()
    return team


def required_enrolments_ensure(*, membership: Membership) -> int:
    """Enrol the member (as 'assigned') in every live course the organisation
    requires of them; returns how many courses. Existing enrolments stay as
    they are."""
    course_ids = required_course_ids_for(membership=membership)
    count = 0
    for course in CoursePage.objects.live().filter(pk__in=course_ids):
        enrolment_create(
            user=membership.user, course=course, source=EnrolmentSource.ASSIGNED
        )
        count += 1
    return count


@transaction.atomic
def membership_join(
    *,
    user: User,
    organisation: Organisation,
    team: Team | None = None,
    role: str = MembershipRole.LEARNER,
    actor: User | None = None,
    today: datetime.date | None = None,
) -> Membership:
    """Make `user` a current member. An ended membership starts again today; a
    current one keeps its role unless `role` is higher, and gets `team` if it has
    none. Enrols the member in their required courses. Audited."""
    today = today or timezone.localdate()
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("Dit team hoort bij een andere organisatie."))
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, organisation=organisation)
        .first()
    )
    if membership is None:
        membership = Membership.objects.create(
            user=user, organisation=organisation, team=team, role=role, start_date=today
        )
        audit_log_add(
            organisation=organisation,
            action=AuditAction.MEMBER_ADDED,
            actor=actor or user,
            subject=user,
            after=role,
        )
    else:
        changed = []
        if not membership.is_active(today):
            membership.start_date = today
            membership.end_date = None
            changed += ["start_date", "end_date"]
            audit_log_add(
                organisation=organisation,
                action=AuditAction.MEMBER_ADDED,
                actor=actor or user,
                subject=user,
                after=role,
            )
        if ROLE_RANK[MembershipRole(role)] > ROLE_RANK[MembershipRole(membership.role)]:
            audit_log_add(
                organisation=organisation,
                action=AuditAction.ROLE_CHANGED,
                actor=actor or user,
                subject=user,
                before=membership.role,
                after=role,
            )
            membership.role = role
            changed.append("role")
        if team is not None and membership.team_id is None:
            membership.team = team
            changed.append("team")
        if changed:
            membership.save(update_fields=changed)
    required_enrolments_ensure(membership=membership)
    return membership


def _managers_left(membership: Membership) -> bool:
    return (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role=MembershipRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_role_change(
    *, membership: Membership, role: str, actor: User
) -> Membership:
    """Change a member's role. Raises `ValidationError` when it would leave the
    organisation without an organisation administrator. Audited."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in MembershipRole.values:
        raise ValidationError(_("Onbekende rol."))
    if membership.role == role:
        return membership
    if membership.role == MembershipRole.ADMIN and not _managers_left(membership):
        raise ValidationError(
            _("Een organisatie houdt minstens één organisatiebeheerder.")
        )
    audit_log_add(
        organisation=membership.organisation,
        action=AuditAction.ROLE_CHANGED,
        actor=actor,
        subject=membership.user,
        before=membership.role,
        after=role,
    )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_team_change(
    *, membership: Membership, team: Team | None, actor: User
) -> Membership:
    """Move a member to another team (or none). Audited; enrols them in what
    the new team requires."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if team is not None and team.organisation_id != membership.organisation_id:
        raise ValidationError(_("Dit team hoort bij een andere organisatie."))
    if membership.team_id == (team.pk if team else None):
        return membership
    audit_log_add(
        organisation=membership.organisation,
        action=AuditAction.TEAM_CHANGED,
        actor=actor,
        subject=membership.user,
        before=str(membership.team or ""),
        after=str(team or ""),
    )
    membership.team = team
    membership.save(update_fields=["team"])
    required_enrolments_ensure(membership=membership)
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, actor: User, end_date: datetime.date | None = None
) -> Membership:
    """End a membership (from `end_date`, default yesterday, so it stops counting
    today). The person's learning records stay theirs. Audited."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    end_date = end_date or timezone.localdate() - datetime.timedelta(days=1)
    if membership.role == MembershipRole.ADMIN and not _managers_left(membership):
        raise ValidationError(
            _("Een organisatie houdt minstens één organisatiebeheerder.")
        )
    end_date = max(end_date, membership.start_date)
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    audit_log_add(
        organisation=membership.organisation,
        action=AuditAction.MEMBER_ENDED,
        actor=actor,
        subject=membership.user,
        after=end_date.isoformat(),
    )
    return membership
