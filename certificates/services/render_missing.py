"""The sweep that renders what is missing: certificates still without a PDF some
minutes after issue (a render task lost, or failed after all its retries), and
with `check_files` those whose stored file went missing. Each gets one render task,
unless one is already waiting or running."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from certificates.models import Certificate
from certificates.services.issue import certificate_render_enqueue
from certificates.services.render import certificate_pdf_stored

# A fresh certificate's render is on its way: leave it to its task.
RENDER_GRACE = datetime.timedelta(minutes=2)


@dataclass
class RenderSweepResult:
    enqueued: int = 0
    already_pending: int = 0
    files_missing: int = 0


def certificates_render_missing(
    *, check_files: bool = False, now: datetime.datetime | None = None
) -> RenderSweepResult:
    now = now or timezone.now()
    result = RenderSweepResult()
    # An empty holder name is an erased account's: never rendered again.
    unrendered = (
        Certificate.objects.filter(pdf="", issued_at__lte=now - RENDER_GRACE)
        .exclude(holder_name="")
        .only("pk")
    )
    for certificate in unrendered.iterator(chunk_size=500):
        _enqueue(certificate, result)
    if check_files:
        rendered = Certificate.objects.exclude(pdf="").only("pk", "pdf")
        for certificate in rendered.iterator(chunk_size=500):
            if not certificate_pdf_stored(certificate=certificate):
                result.files_missing += 1
                _enqueue(certificate, result)
    return result


def _enqueue(certificate: Certificate, result: RenderSweepResult) -> None:
    if certificate_render_enqueue(certificate=certificate):
        result.enqueued += 1
    else:
        result.already_pending += 1
