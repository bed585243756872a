"""The learner's own certificates: history, CSV export, PDF and credential
downloads, renewal. Someone else's certificate is "not found" (404), never a hint
that it exists."""

from __future__ import annotations

import csv
import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from certificates.credentials import credential_bytes
from certificates.selectors import (
    certificate_get_for_holder,
    certificate_list_for_holder,
    certificate_rows,
    certificate_rows_with_remarks,
)
from certificates.services.exports import history_rows
from certificates.services.issue import certificate_render_enqueue
from certificates.services.render import certificate_pdf_bytes, certificate_pdf_stored
from certificates.services.renewal import certificate_renewal_start
from training.sendfile import private_file_response

RENDER_RETRY_AFTER = datetime.timedelta(minutes=5)
logger = logging.getLogger(__name__)


def _own(request, code: str):
    certificate = certificate_get_for_holder(user=request.user, code=code)
    if certificate is None:
        raise Http404(_("Certificaat niet gevonden."))
    return certificate


def _filename(certificate, extension: str) -> str:
    return f"certificaat-{certificate.code_display}.{extension}"


def _pending(request, certificate):
    """ "Wordt aangemaakt"; a render that is long overdue (a lost task, a worker that
    was down) is enqueued again, which is harmless because rendering is
    idempotent."""
    if certificate.issued_at < timezone.now() - RENDER_RETRY_AFTER:
        certificate_render_enqueue(certificate=certificate)
    return TemplateResponse(
        request, "certificates/pending.html", {"certificate": certificate}, status=202
    )


@login_required
@require_GET
def history(request):
    certificates = certificate_list_for_holder(user=request.user)
    rows = certificate_rows(certificates=certificates, today=timezone.localdate())
    rows = certificate_rows_with_remarks(rows=rows, user=request.user)
    return TemplateResponse(request, "certificates/history.html", {"rows": rows})


class _Echo:
    def write(self, value):
        return value


@never_cache
@login_required
@require_GET
def history_csv(request):
    writer = csv.writer(_Echo())
    rows = history_rows(
        certificates=certificate_list_for_holder(user=request.user),
        today=timezone.localdate(),
    )

    def lines():
        yield "\ufeff"  # spreadsheet programs then read UTF-8
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certificaten.csv"'
    return response


@never_cache
@login_required
@require_GET
def pdf(request, code: str):
    certificate = _own(request, code)
    if not certificate.is_rendered:
        return _pending(request, certificate)
    if certificate.revoked_at is None and certificate_pdf_stored(
        certificate=certificate
    ):
        return private_file_response(
            request,
            certificate.pdf,
            filename=_filename(certificate, "pdf"),
            content_type="application/pdf",
        )
    # revoked (a fresh PDF with a banner), or its file went missing (made again
    # now from the record, well under a second)
    try:
        pdf_bytes = certificate_pdf_bytes(certificate=certificate)
    except Exception:
        logger.exception("Could not make the PDF of certificate %s.", certificate.pk)
        certificate_render_enqueue(certificate=certificate)
        return TemplateResponse(
            request,
            "certificates/pending.html",
            {"certificate": certificate},
            status=202,
        )
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(certificate, "pdf")}"'
    )
    return response


@never_cache
@login_required
@require_GET
def credential(request, code: str):
    certificate = _own(request, code)
    if certificate.credential is None:
        return _pending(request, certificate)
    response = HttpResponse(
        credential_bytes(certificate.credential),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(certificate, "json")}"'
    )
    return response


@login_required
@require_POST
def renew(request, code: str):
    certificate = _own(request, code)
    try:
        enrolment = certificate_renewal_start(
            user=request.user, certificate=certificate
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("certificates:history")
    if enrolment.cycle_scope == "refresher":
        messages.success(request, _("Vernieuwing gestart: rond de opfrismodules af."))
    else:
        messages.success(request, _("Vernieuwing gestart: rond de cursus opnieuw af."))
    return redirect(certificate.course.url)
