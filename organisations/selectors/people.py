"""A person's history as their organisation may see it: required courses with
status, certificates of those courses (earlier ones only with consent), progress
per required course, reminders and audit entries. Never answers to reflection
questions, essay answers or scenario transcripts: nothing here reads them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate
from certificates.selectors import CertificateRow, certificate_rows
from certificates.status import is_valid
from courses.models import CoursePage, Enrolment, LessonCompletion
from courses.selectors import course_completion_status
from organisations.compliance import Cell
from organisations.models import (
    AuditLog,
    CertificateConsent,
    Membership,
    Organisation,
    ReminderLog,
    RequiredTraining,
)
from organisations.selectors.matrix import Column, person_cells


def certificates_visible(
    *, organisation: Organisation, today: datetime.date
) -> QuerySet[Certificate]:
    """Certificates of the organisation's required courses held by its current
    members, that it may see: earned since the person joined, or earlier with
    their consent. All cycles; filter further for current ones."""
    members = Membership.objects.active(today).filter(
        organisation=organisation, user_id=OuterRef("user_id")
    )
    consented = CertificateConsent.objects.filter(
        organisation=organisation,
        user_id=OuterRef("user_id"),
        granted=True,
        revoked_at__isnull=True,
    )
    required = RequiredTraining.objects.filter(organisation=organisation).values(
        "course_id"
    )
    return Certificate.objects.filter(course_id__in=required).filter(
        Q(Exists(members.filter(start_date__lte=OuterRef("issued_on"))))
        | (Q(Exists(members)) & Q(Exists(consented)))
    )


def certificates_for_zip(
    *,
    organisation: Organisation,
    today: datetime.date,
    membership_ids: list[int] | None = None,
) -> Iterator[Certificate]:
    """Visible certificates that are valid today (`certificates.status.is_valid`,
    as the verification page says), by holder, read 50 at a time."""
    certificates = certificates_visible(organisation=organisation, today=today).filter(
        revoked_at__isnull=True, replaced_by__isnull=True, valid_until__gte=today
    )
    if membership_ids is not None:
        certificates = certificates.filter(
            user_id__in=Membership.objects.filter(
                organisation=organisation, pk__in=membership_ids
            ).values("user_id")
        )
    certificates = (
        certificates.select_related("course", "template")
        .prefetch_related("content_notices")
        .order_by("holder_name", "course_title", "pk")
    )
    return (
        certificate
        for certificate in certificates.iterator(chunk_size=50)
        if is_valid(certificate=certificate, today=today)
    )


class ProgressHidden:
    """Why the organisation sees no progress for a course (None: it does)."""

    ENDED = "ended"  # the membership has ended: later activity is not theirs
    BEFORE_JOINING = "before_joining"  # started before joining, no consent


@dataclass(frozen=True)
class Progress:
    course: CoursePage
    enrolment: Enrolment | None
    done: int
    total: int
    requirements: tuple  # courses.completion.Requirement: kind, title, done
    hidden: str | None = None  # a ProgressHidden value


def progress_hidden(
    *,
    membership: Membership,
    today: datetime.date,
    consented: bool,
    began: datetime.datetime | None,
) -> str | None:
    """Whether the organisation may see a course's progress: only while the
    membership runs, and for a cycle that `began` before the person joined only
    with their consent to share earlier records."""
    if membership.end_date is not None and membership.end_date < today:
        return ProgressHidden.ENDED
    if began is None or consented:
        return None
    if timezone.localdate(began) < membership.start_date:
        return ProgressHidden.BEFORE_JOINING
    return None


def _cycle_beginnings(
    *, user_id: int, enrolments: dict[int, Enrolment]
) -> dict[int, datetime.datetime]:
    """When each enrolment's current cycle began, as far as the records tell: the
    enrolment itself for a first cycle, else its first completed lesson."""
    began = {
        course_id: enrolment.enrolled_at
        for course_id, enrolment in enrolments.items()
        if enrolment.cycle == 1
    }
    cycles = Q()
    for course_id, enrolment in enrolments.items():
        if enrolment.cycle > 1:
            cycles |= Q(course_id=course_id, cycle=enrolment.cycle)
    if cycles:
        rows = (
            LessonCompletion.objects.filter(cycles, user_id=user_id)
            .values("course_id")
            .annotate(first=Min("completed_at"))
        )
        began |= {row["course_id"]: row["first"] for row in rows}
    return began


@dataclass(frozen=True)
class PersonHistory:
    membership: Membership
    cells: list[tuple[Column, Cell]]
    certificates: list[CertificateRow]
    progress: list[Progress]
    reminders: list[ReminderLog]
    audit: list[AuditLog]


def person_history(
    *, organisation: Organisation, membership: Membership, today: datetime.date
) -> PersonHistory:
    cells = person_cells(organisation=organisation, membership=membership, today=today)
    certificates = (
        certificates_visible(organisation=organisation, today=today)
        .filter(user_id=membership.user_id)
        .prefetch_related("content_notices")
        .order_by("course_title", "-cycle")
    )
    course_ids = [column.course_id for column, _cell in cells]
    courses = CoursePage.objects.filter(pk__in=course_ids).order_by("title")
    enrolments = {
        e.course_id: e
        for e in Enrolment.objects.filter(
            user_id=membership.user_id, course_id__in=course_ids
        )
    }
    consented = CertificateConsent.objects.filter(
        organisation=organisation,
        user_id=membership.user_id,
        granted=True,
        revoked_at__isnull=True,
    ).exists()
    began = _cycle_beginnings(user_id=membership.user_id, enrolments=enrolments)
    progress = []
    for course in courses:
        enrolment = enrolments.get(course.pk)
        hidden = progress_hidden(
            membership=membership,
            today=today,
            consented=consented,
            began=began.get(course.pk),
        )
        if hidden:
            progress.append(Progress(course, None, 0, 0, (), hidden=hidden))
            continue
        status = course_completion_status(
            user=membership.user, course=course, enrolment=enrolment
        )
        progress.append(
            Progress(
                course=course,
                enrolment=enrolment,
                done=status.done_count,
                total=status.total,
                requirements=status.requirements,
            )
        )
    return PersonHistory(
        membership=membership,
        cells=cells,
        certificates=certificate_rows(certificates=certificates, today=today),
        progress=progress,
        reminders=list(
            ReminderLog.objects.filter(
                organisation=organisation, user_id=membership.user_id
            ).select_related("sent_by")[:50]
        ),
        audit=list(
            AuditLog.objects.filter(
                organisation=organisation, subject_id=membership.user_id
            ).select_related("actor")[:50]
        ),
    )
