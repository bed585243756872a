"""Finishing what issuing left undone, so a completed course never stays without
its certificate.

Every progress event writes an `IssueRequest` in its own transaction
(`issue_request_record`); after commit the request is processed at once, in the
learner's request. When that fails (a lock held too long, a database hiccup) the
row stays, with the error and the time of the next attempt, and a task tries again
with back-off; when the process dies first the row stays as it was. The sweep
(`issue_requests_process_due`, run by `manage.py issue_missing_certificates`) picks
up whatever is left, and `certificates_issue_missing` also finds completed cycles
without a certificate that have no row at all (progress from before the outbox,
a row deleted by hand).

Issuing stays idempotent (`certificate_issue`: the enrolment row lock and the unique
constraint), so the request, the task and the sweep may all run at once and still
issue one certificate per cycle.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, IssueRequest
from certificates.selectors import enrolments_without_certificate
from certificates.services.issue import certificate_issue_if_complete
from courses.models import CoursePage
from training.models import User

logger = logging.getLogger(__name__)

RETRY_FIRST = datetime.timedelta(seconds=30)
RETRY_LONGEST = datetime.timedelta(hours=1)
# Attempts after which only the sweep retries (a task chain of ~15 minutes).
RETRY_TASK_ATTEMPTS = 5
# A fresh row is being processed by the request that wrote it: the sweep leaves it.
SWEEP_GRACE = datetime.timedelta(minutes=2)


def retry_delay(*, attempts: int) -> datetime.timedelta:
    """30 s after the first failure, doubling, at most an hour: never giving up."""
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)


def issue_request_record(*, user: User, course: CoursePage) -> IssueRequest:
    """Write the request in the caller's transaction; process it after commit."""
    request = IssueRequest.objects.create(user=user, course=course)
    transaction.on_commit(
        lambda: issue_request_process(request=request, retry_task=True)
    )
    return request


def _issue(*, user: User, course: CoursePage, request_ids: list[int]):
    """Issue if complete and delete the requests seen before deciding; on failure
    keep them with the error and the time of the next attempt. Returns
    (certificate or None, failed)."""
    try:
        certificate = certificate_issue_if_complete(user=user, course=course)
    except Exception as error:  # noqa: BLE001 - recorded and retried, never lost
        logger.warning(
            "Issuing a certificate failed (user %s, course %s); kept for retry: %r",
            user.pk,
            course.pk,
            error,
        )
        _failure_record(request_ids=request_ids, error=error)
        return None, True
    IssueRequest.objects.filter(pk__in=request_ids).delete()
    return certificate, False


def _failure_record(*, request_ids: list[int], error: Exception) -> None:
    now = timezone.now()
    try:
        for request in IssueRequest.objects.filter(pk__in=request_ids):
            request.attempts += 1
            request.last_error = f"{type(error).__name__}: {error}"[:2000]
            request.next_attempt_at = now + retry_delay(attempts=request.attempts)
            request.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    except Exception:  # the database may be what failed; the row stays anyway
        logger.exception("Could not record the failed issue attempt.")


def issue_request_process(
    *, request: IssueRequest, retry_task: bool = False
) -> Certificate | None:
    """Decide one request. With `retry_task`, a failure also enqueues
    `certificate_issue_task` for its next attempt (when the task backend can defer
    work; otherwise the sweep is the retry)."""
    certificate, failed = _issue(
        user=request.user, course=request.course, request_ids=[request.pk]
    )
    if failed and retry_task:
        _retry_enqueue(request_id=request.pk)
    return certificate


def _retry_enqueue(*, request_id: int) -> None:
    from certificates.tasks import certificate_issue_task

    try:
        request = IssueRequest.objects.filter(pk=request_id).first()
        if request is None or request.next_attempt_at is None:
            return
        if request.attempts >= RETRY_TASK_ATTEMPTS:
            return  # the sweep's timer goes on trying, with the error on the row
        if not certificate_issue_task.get_backend().supports_defer:
            return
        certificate_issue_task.using(run_after=request.next_attempt_at).enqueue(
            request_id=request_id
        )
    except Exception:  # the sweep retries as well
        logger.exception("Could not enqueue the retry of issue request %s.", request_id)


@dataclass
class SweepResult:
    issued: int = 0
    not_complete: int = 0
    failed: int = 0


def issue_requests_process_due(*, now: datetime.datetime | None = None) -> SweepResult:
    """Process every request whose next attempt is due and every request older
    than `SWEEP_GRACE` that was never tried, one decision per learner and course."""
    now = now or timezone.now()
    due = IssueRequest.objects.filter(next_attempt_at__lte=now) | (
        IssueRequest.objects.filter(
            next_attempt_at__isnull=True, created_at__lte=now - SWEEP_GRACE
        )
    )
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, user_id, course_id in due.values_list("pk", "user_id", "course_id"):
        groups[(user_id, course_id)].append(pk)
    result = SweepResult()
    users = User.objects.in_bulk({user_id for user_id, _c in groups})
    courses = CoursePage.objects.in_bulk({course_id for _u, course_id in groups})
    for (user_id, course_id), request_ids in groups.items():
        if user_id not in users or course_id not in courses:
            continue  # deleted meanwhile; its rows went with it
        certificate, failed = _issue(
            user=users[user_id], course=courses[course_id], request_ids=request_ids
        )
        _count(result, certificate=certificate, failed=failed)
    return result


def certificates_issue_missing() -> SweepResult:
    """Find enrolments whose current cycle has progress but no certificate, and
    issue those that are complete (the slow, thorough sweep)."""
    result = SweepResult()
    for enrolment in enrolments_without_certificate().iterator(chunk_size=500):
        seen = list(
            IssueRequest.objects.filter(
                user=enrolment.user_id, course=enrolment.course_id
            ).values_list("pk", flat=True)
        )
        certificate, failed = _issue(
            user=enrolment.user, course=enrolment.course, request_ids=seen
        )
        _count(result, certificate=certificate, failed=failed)
    return result


def _count(result: SweepResult, *, certificate, failed: bool) -> None:
    if failed:
        result.failed += 1
    elif certificate is None:
        result.not_complete += 1
    else:
        result.issued += 1
