"""Sending attendance records to PE-online in batches, and requeueing them.

Guarantees:
- A record is sent in one batch only: pending records of one register are claimed
  into a `SendBatch` (at most 100, rows locked with `SKIP LOCKED` on PostgreSQL and
  a conditional UPDATE everywhere; SQLite's write transactions are serial), so two
  senders never put a record in two calls. The batch itself is held with a lease
  (`next_attempt_at`, `attempts` as the holder's token): a sender that dies
  mid-call leaves a batch that is sent again, with the same rows, when the lease
  ends, and a sender that lost its lease cannot write results over the next one's.
- Each answered call stores per record: accepted (with the time) or rejected (with
  PE-online's error number and message). Rejected records are not sent again
  until `records_requeue` (a trainer fixed the number or the accreditation).
- No answer, a timeout, HTTP 5xx: the batch is tried again with the same rows after
  1, 2, 4 ... minutes (at most 6 hours between tries), `MAX_ATTEMPTS` tries in all;
  PE-online writes a (person, course, module, endDate) once, so a call that did
  arrive after all writes nothing twice.
- An answer we cannot read (not a Summary, rows we did not send, the call refused
  as a whole) fails the batch with the body kept, and its records become `failed`:
  nothing is lost, a trainer requeues them after looking.
- Without `PE_ONLINE_URL` (make run, tests) nothing is sent: records stay pending
  and the run says so.
- With `PE_ONLINE_TEST_MODE` (the account in Xaurum's test mode, where rows are
  checked but no points written) batches are marked `test_mode`; the first run with
  it off puts the records accepted in test mode back to pending, so they are sent
  for real.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from registers.models import (
    AttendanceRecord,
    BatchStatus,
    RecordStatus,
    Register,
    SendBatch,
)
from registers.peonline import client as pe_client
from registers.peonline.entry import MAX_ATTENDANCES, Attendance, EntryError, Settings

logger = logging.getLogger(__name__)

BATCH_SIZE = MAX_ATTENDANCES
# Longer than a call can take (PE_ONLINE_TIMEOUT per connect and read).
LEASE = datetime.timedelta(minutes=10)
RETRY_BASE = datetime.timedelta(minutes=1)
RETRY_MAX = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 12  # about 1.5 days of tries
FIELD_MAX = 2000  # characters of an error kept on a record
# Before the technical reason on a record whose batch failed (trainers read it).
FAILED_MESSAGE = "Verzenden mislukt; opnieuw aanbieden na controle. "


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed call: 1, 2, 4 ... minutes, capped."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


def pe_online_configured() -> bool:
    return bool(settings.PE_ONLINE_URL)


@dataclass
class SendReport:
    configured: bool = True
    waiting: int = 0  # pending records left alone (not configured)
    calls: int = 0
    accepted: int = 0
    rejected: int = 0
    retrying: int = 0  # batches to be tried again
    failed: int = 0  # batches failed (records to requeue)

    @property
    def message(self) -> str:
        if not self.configured:
            return (
                "PE-online is not configured (PE_ONLINE_URL is empty): nothing sent, "
                f"{self.waiting} records stay pending."
            )
        return (
            f"PE-online calls: {self.calls}; records accepted: {self.accepted}, "
            f"rejected: {self.rejected}; batches to retry: {self.retrying}, "
            f"failed: {self.failed}."
        )


def attendance_send_due(*, max_calls: int | None = None) -> SendReport:
    """Send every batch that is due: batches waiting for another try first, then
    new batches of pending records per register. Safe to run from several workers
    at once. `max_calls` bounds one run (the rest waits for the next)."""
    report = SendReport(configured=pe_online_configured())
    if not report.configured:
        report.waiting = AttendanceRecord.objects.filter(
            status=RecordStatus.PENDING
        ).count()
        logger.info(report.message)
        return report
    if not settings.PE_ONLINE_TEST_MODE:
        records_requeue_test_mode()

    def more() -> bool:
        return max_calls is None or report.calls < max_calls

    while more() and (claim := _batch_claim_due()) is not None:
        _batch_send(*claim, report=report)
    register_ids = (
        AttendanceRecord.objects.filter(
            status=RecordStatus.PENDING,
            batch__isnull=True,
            register__pe_online_org_id__isnull=False,
        )
        .order_by()
        .values_list("register_id", flat=True)
        .distinct()
    )
    for register_id in list(register_ids):
        while more() and (claim := _batch_create(register_id=register_id)):
            _batch_send(*claim, report=report)
    if report.calls:
        logger.info(report.message)
    return report


def _batch_create(*, register_id: int) -> tuple[SendBatch, int] | None:
    """Claim up to 100 pending records of one register into a new batch, held by
    the caller (attempt 1)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            AttendanceRecord.objects.select_for_update(skip_locked=True)
            .filter(
                register_id=register_id,
                status=RecordStatus.PENDING,
                batch__isnull=True,
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not ids:
            return None
        batch = SendBatch.objects.create(
            register_id=register_id,
            status=BatchStatus.SENDING,
            attempts=1,
            next_attempt_at=now + LEASE,
        )
        claimed = AttendanceRecord.objects.filter(
            pk__in=ids, status=RecordStatus.PENDING, batch__isnull=True
        ).update(status=RecordStatus.SENDING, batch=batch, updated_at=now)
        if not claimed:
            batch.delete()
            return None
    return batch, 1


def _batch_claim_due() -> tuple[SendBatch, int] | None:
    """Take the lease of one batch whose retry is due (or whose sender died)."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            SendBatch.objects.select_for_update(skip_locked=True)
            .filter(status=BatchStatus.SENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if due is None:
            return None
        won = SendBatch.objects.filter(
            pk=due.pk,
            status=BatchStatus.SENDING,
            attempts=due.attempts,
        ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    return (due, due.attempts + 1) if won else None


def _attendance(record: AttendanceRecord, *, org_id: int) -> Attendance:
    module = (record.register_module_id or "").strip()
    course_id = (record.register_course_id or "").strip()
    return Attendance(
        external_person_id=record.person_number,
        pe_course_id=int(course_id) if course_id else None,
        external_course_id="" if course_id else (record.external_course_id or ""),
        pe_module_id=int(module) if module.isdigit() else None,
        external_module_id="" if module.isdigit() else module,
        end_date=timezone.localtime(record.end_date),
        org_id=org_id,
    )


def _batch_send(batch: SendBatch, attempt: int, *, report: SendReport) -> None:
    register = Register.objects.get(pk=batch.register_id)
    records = list(
        AttendanceRecord.objects.filter(
            batch=batch, status=RecordStatus.SENDING
        ).order_by("pk")
    )
    sendable, attendances = [], []
    for record in records:
        try:
            attendances.append(
                _attendance(record, org_id=register.pe_online_org_id or 0)
            )
            sendable.append(record)
        except (EntryError, ValueError) as error:
            _records_fail([record], batch=batch, message=f"Niet te verzenden: {error}")
    if not sendable:
        _batch_finish(
            batch, attempt, status=BatchStatus.FAILED, error="No record to send."
        )
        report.failed += 1
        return
    try:
        result = pe_client.entry_send(
            url=settings.PE_ONLINE_URL,
            settings=Settings(
                user_id=settings.PE_ONLINE_USER_ID,
                user_key=settings.PE_ONLINE_KEY,
                org_id=register.pe_online_org_id,
            ),
            attendances=attendances,
            timeout=settings.PE_ONLINE_TIMEOUT,
            binding=settings.PE_ONLINE_BINDING,
        )
    except (EntryError, ValueError) as error:
        with transaction.atomic():
            if _batch_finish(
                batch, attempt, status=BatchStatus.FAILED, error=str(error)
            ):
                _records_fail(
                    sendable, batch=batch, message=FAILED_MESSAGE + str(error)
                )
        report.failed += 1
        return
    report.calls += 1
    if result.outcome == pe_client.Outcome.ANSWERED:
        _batch_answered(batch, attempt, sendable, result, report=report)
    elif result.outcome == pe_client.Outcome.RETRY and attempt < MAX_ATTEMPTS:
        _batch_retry_later(batch, attempt, result)
        report.retrying += 1
    else:
        error = result.error
        if result.outcome == pe_client.Outcome.RETRY:
            error = f"Geen antwoord na {attempt} pogingen: {error}"
        with transaction.atomic():
            if _batch_finish(
                batch, attempt, status=BatchStatus.FAILED, result=result, error=error
            ):
                _records_fail(sendable, batch=batch, message=FAILED_MESSAGE + error)
        report.failed += 1
        logger.warning("PE-online batch %s failed: %s", batch.pk, error)


def _held(batch: SendBatch, attempt: int):
    """The batch, locked, if this sender still holds it."""
    return (
        SendBatch.objects.select_for_update()
        .filter(pk=batch.pk, status=BatchStatus.SENDING, attempts=attempt)
        .first()
    )


@transaction.atomic
def _batch_finish(
    batch: SendBatch,
    attempt: int,
    *,
    status: str,
    result: pe_client.SendResult | None = None,
    error: str = "",
) -> bool:
    held = _held(batch, attempt)
    if held is None:
        return False
    held.status = status
    held.finished_at = timezone.now()
    held.next_attempt_at = None
    held.error = error
    held.test_mode = settings.PE_ONLINE_TEST_MODE
    if result is not None:
        held.http_status = result.http_status
        held.request_body = result.request_body
        held.response_body = result.response_body
    held.save()
    return True


@transaction.atomic
def _batch_retry_later(
    batch: SendBatch, attempt: int, result: pe_client.SendResult
) -> None:
    held = _held(batch, attempt)
    if held is None:
        return
    held.next_attempt_at = timezone.now() + retry_delay(attempt)
    held.http_status = result.http_status
    held.request_body = result.request_body
    held.response_body = result.response_body
    held.error = result.error
    held.save()
    logger.warning(
        "PE-online batch %s: try %s of %s got no answer (%s); next at %s.",
        batch.pk,
        attempt,
        MAX_ATTEMPTS,
        result.error,
        held.next_attempt_at.isoformat(),
    )


def _batch_answered(
    batch: SendBatch,
    attempt: int,
    records: list[AttendanceRecord],
    result: pe_client.SendResult,
    *,
    report: SendReport,
) -> None:
    summary = result.summary
    now = timezone.now()
    with transaction.atomic():
        if not _batch_finish(batch, attempt, status=BatchStatus.DONE, result=result):
            return
        accepted = [records[row.index].pk for row in summary.accepted]
        AttendanceRecord.objects.filter(
            pk__in=accepted, batch=batch, status=RecordStatus.SENDING
        ).update(
            status=RecordStatus.ACCEPTED,
            accepted_at=now,
            error_number="",
            error_message="",
            updated_at=now,
        )
        for row in summary.rejected:
            AttendanceRecord.objects.filter(
                pk=records[row.index].pk,
                batch=batch,
                status=RecordStatus.SENDING,
            ).update(
                status=RecordStatus.REJECTED,
                error_number=row.error_number[:20],
                error_message=row.error_message[:FIELD_MAX],
                updated_at=now,
            )
    report.accepted += len(summary.accepted)
    report.rejected += len(summary.rejected)


def _records_fail(
    records: list[AttendanceRecord], *, batch: SendBatch, message: str
) -> None:
    AttendanceRecord.objects.filter(
        pk__in=[record.pk for record in records],
        status=RecordStatus.SENDING,
    ).update(
        status=RecordStatus.FAILED,
        error_number="",
        error_message=message[:FIELD_MAX],
        updated_at=timezone.now(),
    )


@transaction.atomic
def records_requeue(*, records: Iterable[AttendanceRecord]) -> int:
    """Send rejected or failed records again (after a trainer fixed their cause):
    they become pending, out of their old batch, and a send is queued after commit.
    Pending, sending and accepted records are left alone. Returns how many."""
    ids = [record.pk for record in records]
    now = timezone.now()
    count = AttendanceRecord.objects.filter(
        pk__in=ids,
        status__in=(RecordStatus.REJECTED, RecordStatus.FAILED),
    ).update(
        status=RecordStatus.PENDING,
        batch=None,
        error_number="",
        error_message="",
        updated_at=now,
    )
    if count:
        attendance_send_soon()
    return count


def records_requeue_test_mode() -> int:
    """Records accepted while the account was in Xaurum's test mode had no points
    written: make them pending again (run when test mode is off)."""
    return AttendanceRecord.objects.filter(
        status=RecordStatus.ACCEPTED, batch__test_mode=True
    ).update(
        status=RecordStatus.PENDING,
        batch=None,
        accepted_at=None,
        updated_at=timezone.now(),
    )


def attendance_send_soon() -> None:
    """Queue a send after the current transaction commits (one waiting send is
    enough for any number of new records)."""

    def enqueue() -> None:
        from registers.tasks import attendance_send_task
        from training.background.services import task_enqueue_once

        task_enqueue_once(attendance_send_task)

    transaction.on_commit(enqueue, robust=True)
