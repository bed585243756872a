"""Creating attendance records: exactly once per learner, accreditation and
certificate (a course) or cycle (a module accredited on its own).

A record is created when a certificate is issued (`attendance_records_for_certificate`,
called through `certificates.services.issue.CERTIFICATE_ISSUED_HOOK` inside the
transaction that records the certificate) and when progress completes a module
that a register accredits on its own (`attendance_records_for_progress`, through
`courses.services.PROGRESS_RECORDED_HOOK`, in the progress's transaction), for each
accreditation whose register the learner has a number for with consent and whose
period contains the completion date. An accreditation with module accreditations is
a course accredited in parts: its records are per module, never for the course.

Exactly once: a record is looked up first and inserted in a savepoint; the
conditional unique constraints on `AttendanceRecord` turn a concurrent or repeated
insert into an `IntegrityError`, after which the existing row is returned. A record
snapshots the number and the course and module ids, so later edits change nothing
already created. A new (or revived) record queues a send to PE-online after
the commit (`registers.services.sending.attendance_send_soon`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courses.models import CourseAccreditation, CoursePage, ModuleAccreditation
from registers.models import AttendanceRecord, RecordStatus, RegisterNumber
from registers.services.sending import attendance_send_soon
from training.models import User

# not sent yet, and not on its way: may still be withdrawn or corrected
UNSENT = (RecordStatus.PENDING, RecordStatus.FAILED, RecordStatus.REJECTED)


def consented_numbers(*, user: User) -> dict[int, RegisterNumber]:
    """The learner's numbers they let us register points with, by register id."""
    return {
        number.register_id: number
        for number in RegisterNumber.objects.filter(user=user, consent_to_register=True)
    }


def _record_find(lookup: dict[str, Any]) -> AttendanceRecord | None:
    return AttendanceRecord.objects.filter(**lookup).first()


def _record_ensure(*, lookup: dict[str, Any], values: dict[str, Any]):
    """The record matching ``lookup``, created with ``values`` when there is none.
    Returns (record, created). Safe against a concurrent creation of the same row."""
    existing = _record_find(lookup)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            record = AttendanceRecord.objects.create(**lookup, **values)
    except IntegrityError:
        return AttendanceRecord.objects.get(**lookup), False
    attendance_send_soon()
    return record, True


def _revive(record: AttendanceRecord, *, number: RegisterNumber) -> None:
    """Consent given again: a withdrawn record goes back in the queue."""
    if record.status == RecordStatus.WITHDRAWN:
        record.status = RecordStatus.PENDING
        record.person_number = number.number
        record.save(update_fields=["status", "person_number", "updated_at"])
        attendance_send_soon()


def attendance_records_for_certificate(*, certificate) -> list[AttendanceRecord]:
    """One record per accreditation of the certificate's course that applies (see
    the module docstring). Idempotent. Two queries when the learner has no
    consented number, one more per record created."""
    if certificate.revoked_at is not None:
        return []
    numbers = consented_numbers(user=certificate.user)
    if not numbers:
        return []
    day = timezone.localdate(certificate.issued_at)
    accreditations = (
        CourseAccreditation.objects.filter(
            course_id=certificate.course_id, register_id__in=numbers
        )
        .annotate(
            in_parts=Exists(
                ModuleAccreditation.objects.filter(accreditation=OuterRef("pk"))
            )
        )
        .order_by("sort_order", "pk")
    )
    records = []
    for accreditation in accreditations:
        if accreditation.in_parts or not accreditation.covers(day):
            continue
        number = numbers[accreditation.register_id]
        # an accreditation deleted and entered again is the same attendance
        earlier = AttendanceRecord.objects.filter(
            certificate=certificate,
            register_id=accreditation.register_id,
            module__isnull=True,
        ).exclude(accreditation=accreditation)
        if earlier.exists():
            continue
        record, created = _record_ensure(
            lookup={
                "user": certificate.user,
                "accreditation": accreditation,
                "module": None,
                "certificate": certificate,
            },
            values={
                "register_id": accreditation.register_id,
                "course_id": certificate.course_id,
                "person_number": number.number,
                "register_course_id": accreditation.register_course_id,
                "external_course_id": accreditation.external_course_id,
                "end_date": certificate.issued_at,
                "cycle": certificate.cycle,
            },
        )
        if not created:
            _revive(record, number=number)
        records.append(record)
    return records


def attendance_records_for_progress(
    *, user: User, course: CoursePage, now: datetime.datetime | None = None
) -> list[AttendanceRecord]:
    """A record for each module of ``course`` accredited on its own that the
    learner has now completed in their current cycle. One query when the course
    has no module accreditations (the usual case)."""
    module_accreditations = list(
        ModuleAccreditation.objects.filter(accreditation__course=course)
        .select_related("accreditation")
        .order_by("module_id", "sort_order", "pk")
    )
    if not module_accreditations:
        return []
    numbers = consented_numbers(user=user)
    module_accreditations = [
        ma for ma in module_accreditations if ma.accreditation.register_id in numbers
    ]
    if not module_accreditations:
        return []
    from courses.selectors import course_completion_status

    status = course_completion_status(user=user, course=course)
    if not status.enrolled:
        return []
    done: dict[int, bool] = {}
    for requirement in status.requirements:
        if requirement.module_id is not None:
            done[requirement.module_id] = (
                done.get(requirement.module_id, True) and requirement.done
            )
    now = now or timezone.now()
    day = timezone.localdate(now)
    records = []
    for ma in module_accreditations:
        accreditation = ma.accreditation
        if not done.get(ma.module_id) or not accreditation.covers(day):
            continue
        number = numbers[accreditation.register_id]
        record, created = _record_ensure(
            lookup={
                "user": user,
                "accreditation": accreditation,
                "module_id": ma.module_id,
                "cycle": status.cycle,
            },
            values={
                "register_id": accreditation.register_id,
                "course_id": course.pk,
                "person_number": number.number,
                "register_course_id": accreditation.register_course_id,
                "external_course_id": accreditation.external_course_id,
                "register_module_id": ma.register_module_id,
                "end_date": now,
            },
        )
        if not created:
            _revive(record, number=number)
        records.append(record)
    return records


def attendance_records_catch_up(*, user: User, register_id: int) -> int:
    """After the learner gave consent (or added a number with it): records for the
    certificates they already hold whose completion lies in an accreditation
    period of that register; withdrawn ones go back in the queue. Returns how many
    records are now waiting."""
    from certificates.models import Certificate

    certificates = Certificate.objects.filter(
        user=user,
        revoked_at__isnull=True,
        course__accreditations__register_id=register_id,
    ).distinct()
    waiting = 0
    for certificate in certificates:
        for record in attendance_records_for_certificate(certificate=certificate):
            if record.register_id == register_id and (
                record.status == RecordStatus.PENDING
            ):
                waiting += 1
    number = RegisterNumber.objects.get(user=user, register_id=register_id)
    revived = AttendanceRecord.objects.filter(
        user=user,
        register_id=register_id,
        module__isnull=False,
        status=RecordStatus.WITHDRAWN,
    ).update(
        status=RecordStatus.PENDING,
        person_number=number.number,
        updated_at=timezone.now(),
    )
    if revived:
        attendance_send_soon()
    return waiting + revived


def attendance_records_withdraw(*, user: User, register_id: int) -> int:
    """Consent withdrawn or number removed: records not yet sent for that register
    are marked withdrawn (kept for the history, never sent). Accepted records and
    those being sent right now stay. Returns how many were withdrawn."""
    return AttendanceRecord.objects.filter(
        user=user, register_id=register_id, status__in=UNSENT
    ).update(status=RecordStatus.WITHDRAWN, updated_at=timezone.now())


def attendance_records_renumber(*, user: User, register_id: int, number: str) -> int:
    """The learner corrected their number: records not yet sent take the new one
    (a rejected record still needs a trainer to requeue it)."""
    return AttendanceRecord.objects.filter(
        user=user, register_id=register_id, status__in=UNSENT
    ).update(person_number=number, updated_at=timezone.now())
