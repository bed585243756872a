"""Writing status events (see `CertificateStatusLog`)."""

from __future__ import annotations

from django.utils import timezone

from certificates.models import Certificate, CertificateStatusLog
from certificates.validity import Status


def status_log_add(
    *,
    certificate: Certificate,
    before: Status | None,
    after: Status,
    actor=None,
    reason: str = "",
) -> CertificateStatusLog:
    return CertificateStatusLog.objects.create(
        certificate=certificate,
        created_at=timezone.now(),
        actor=actor,
        from_status=before.name if before is not None else "",
        to_status=after.name,
        reason=reason,
    )
