"""Adding and removing required training. Both are audited; adding one enrols
every member it applies to (as 'assigned') in a background task."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from courses.models.progress import EnrolmentSource
from courses.selectors import course_source_get
from courses.services import enrolment_create
from organisations.models import (
    AuditAction,
    Membership,
    Organisation,
    RequiredTraining,
    RequirementAudience,
    Team,
)
from organisations.services.audit import audit_log_add
from training.models import User


@transaction.atomic
def required_training_add(
    *,
    organisation: Organisation,
    course: CoursePage,
    actor: User | None,
    audience: str = RequirementAudience.EVERYONE,
    team: Team | None = None,
    profession: str = "",
    due_date: datetime.date | None = None,
    due_within_days: int | None = None,
) -> RequiredTraining:
    """Require `course`. Raises `ValidationError` for an unpublished course, a
    team of another organisation, a missing audience detail, or not exactly one
    of `due_date` and `due_within_days`. A translation requires its source course
    (learning records live there). Enrols the members after commit."""
    course = course_source_get(course=course)
    if not course.live:
        raise ValidationError(_("Deze cursus is niet (meer) beschikbaar."))
    requirement = RequiredTraining(
        organisation=organisation,
        course=course,
        audience=audience,
        team=team if audience == RequirementAudience.TEAM else None,
        profession=profession if audience == RequirementAudience.PROFESSION else "",
        due_date=due_date,
        due_within_days=due_within_days,
        created_by=actor,
    )
    requirement.full_clean()
    requirement.save()
    audit_log_add(
        organisation=organisation,
        action=AuditAction.REQUIREMENT_ADDED,
        actor=actor,
        course=course.title,
        after=requirement.audience_label,
    )
    requirement_id = requirement.pk
    transaction.on_commit(
        lambda: requirement_enrol_enqueue(requirement_id=requirement_id)
    )
    return requirement


def requirement_enrol_enqueue(*, requirement_id: int) -> None:
    from organisations.tasks import requirement_enrol_task

    requirement_enrol_task.enqueue(requirement_id=requirement_id)


def requirement_enrol_members(*, requirement: RequiredTraining) -> int:
    """Enrol every current member the requirement applies to in its course (as
    'assigned'); idempotent. Returns the number of members."""
    course = requirement.course
    if not course.live:
        return 0
    members = Membership.objects.active(timezone.localdate()).filter(
        organisation_id=requirement.organisation_id
    )
    if requirement.audience == RequirementAudience.TEAM:
        members = members.filter(
            Q(team_id=requirement.team_id) | Q(team__parent_id=requirement.team_id)
        )
    elif requirement.audience == RequirementAudience.PROFESSION:
        members = members.filter(user__profession=requirement.profession)
    count = 0
    for membership in members.select_related("user"):
        enrolment_create(
            user=membership.user, course=course, source=EnrolmentSource.ASSIGNED
        )
        count += 1
    return count


@transaction.atomic
def required_training_remove(
    *, requirement: RequiredTraining, actor: User | None
) -> None:
    """Stop requiring the course for this audience. Enrolments and certificates
    stay the learners'. Audited."""
    audit_log_add(
        organisation=requirement.organisation,
        action=AuditAction.REQUIREMENT_REMOVED,
        actor=actor,
        course=requirement.course.title,
        before=requirement.audience_label,
    )
    requirement.delete()
