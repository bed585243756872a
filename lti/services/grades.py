"""Sending a course's result to the learner's LMS through Assignment and Grade
Services when we issue their certificate.

`score_sends_create` runs inside the issuing transaction (the certificate-issued
hook) and only records what to send; `score_send_task` posts it after commit
(client-credentials JWT grant for an access token, then a score POST to the line
item). A platform that is down fails the task, which is retried with back-off;
the row keeps the attempts and the last error for admins."""

from __future__ import annotations

import requests
from django.db import transaction
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector

from certificates.models import Certificate
from lti.models import GradeTarget, ScoreSend, ScoreSendStatus
from lti.tool_config import registration_for_pylti

# seconds to wait for the platform to connect and to answer
PLATFORM_TIMEOUT = (5, 20)
SCORE_MAXIMUM = 100


class _TimeoutSession(requests.Session):
    """PyLTI1p3 sets no timeout; a platform that hangs must not hold a worker."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", PLATFORM_TIMEOUT)
        return super().request(*args, **kwargs)


def score_sends_create(*, certificate: Certificate) -> list[ScoreSend]:
    """Record a score to send for each line item the learner launched this course
    from, and queue the sending once the certificate is committed."""
    targets = GradeTarget.objects.filter(
        user_id=certificate.user_id,
        course_id=certificate.course_id,
        registration__is_active=True,
    )
    sends = [
        ScoreSend.objects.get_or_create(target=target, certificate=certificate)[0]
        for target in targets
    ]
    for send in sends:
        transaction.on_commit(lambda pk=send.pk: score_send_enqueue(score_send_id=pk))
    return sends


def score_send_enqueue(*, score_send_id: int) -> None:
    from lti.tasks import score_send_task

    score_send_task.enqueue(score_send_id=score_send_id)


def grade_of(*, send: ScoreSend) -> Grade:
    certificate = send.certificate
    return (
        Grade()
        .set_score_given(SCORE_MAXIMUM)
        .set_score_maximum(SCORE_MAXIMUM)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(send.target.sub)
        .set_timestamp(certificate.issued_at.isoformat())
        .set_comment(f"Bijblijven certificate {certificate.code_display}")
    )


def score_send(*, score_send_id: int) -> ScoreSend:
    """Post the score unless it was sent already (idempotent: the task may run
    again). Records the attempt; re-raises the platform's error so the task
    fails and its retry policy applies."""
    send = ScoreSend.objects.select_related("target__registration", "certificate").get(
        pk=score_send_id
    )
    if send.status == ScoreSendStatus.SENT:
        return send
    target = send.target
    service = AssignmentsGradesService(
        ServiceConnector(
            registration_for_pylti(target.registration),
            requests_session=_TimeoutSession(),
        ),
        {"scope": target.scopes, "lineitem": target.lineitem_url},
    )
    send.attempts += 1
    try:
        service.put_grade(grade_of(send=send))
    except Exception as error:
        send.status = ScoreSendStatus.FAILED
        send.last_error = f"{type(error).__name__}: {error}"[:2000]
        send.save(update_fields=["status", "attempts", "last_error"])
        raise
    send.status = ScoreSendStatus.SENT
    send.sent_at = timezone.now()
    send.last_error = ""
    send.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return send
