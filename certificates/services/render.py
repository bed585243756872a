"""Signing the credential and rendering and storing the PDF of an issued
certificate, and serving PDFs (a revoked certificate's PDF says so).

A stored PDF can go missing (media restored from an older backup, a volume not
shared with a new app server, a file deleted by hand). The record holds everything
the PDF shows, and the signed credential, so a missing file is made again on demand
(`certificate_pdf_restore`) instead of failing the download.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from certificates.credentials import credential_sign
from certificates.models import Certificate
from certificates.rendering import certificate_pdf, certificate_template_for
from certificates.services.keys import signing_key_active

logger = logging.getLogger(__name__)


def certificate_pdf_stored(*, certificate: Certificate) -> bool:
    """Rendered, and its file is still in storage."""
    return certificate.is_rendered and certificate.pdf.storage.exists(
        certificate.pdf.name
    )


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Sign, render and store once; a certificate already rendered is returned as is
    (its file made again when it went missing).

    The slow part (signing, WeasyPrint) runs outside any transaction so that the
    database stays free for other writers; the row is then locked and written once.
    """
    if not certificate.holder_name:  # erased: never rendered again
        return certificate
    if certificate.is_rendered:
        if not certificate_pdf_stored(certificate=certificate):
            certificate_pdf_restore(certificate=certificate, strict=True)
        return certificate
    key = signing_key_active()
    template = certificate_template_for(certificate.course)
    credential = credential_sign(certificate=certificate, key=key)
    rendered_at = timezone.now()
    certificate.rendered_at = rendered_at
    pdf_bytes = certificate_pdf(
        certificate=certificate, template=template, credential=credential
    )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_rendered or not locked.holder_name:
            return locked
        locked.pdf.save("certificate.pdf", ContentFile(pdf_bytes), save=False)
        locked.credential = credential
        locked.signing_key = key
        locked.template = template if template.pk else None
        locked.rendered_at = rendered_at
        locked.save(
            update_fields=[
                "pdf",
                "credential",
                "signing_key",
                "template",
                "rendered_at",
            ]
        )
    return locked


def certificate_pdf_restore(*, certificate: Certificate, strict: bool = False) -> bytes:
    """Make the PDF of a rendered certificate again from its record and stored
    credential, store it under its own name, and return the bytes.

    Storing is best effort unless `strict`: the caller (a download) still gets the
    PDF when the storage refuses it. With `strict` (the render task) a storage error
    is raised, so that the task is retried.
    """
    template = certificate.template or certificate_template_for(certificate.course)
    pdf_bytes = certificate_pdf(
        certificate=certificate, template=template, credential=certificate.credential
    )
    try:
        _store_again(certificate=certificate, pdf_bytes=pdf_bytes)
    except Exception:
        if strict:
            raise
        logger.exception("Could not store the remade PDF of %s.", certificate.pk)
    return pdf_bytes


def _store_again(*, certificate: Certificate, pdf_bytes: bytes) -> None:
    storage = certificate.pdf.storage
    name = certificate.pdf.name
    if storage.exists(name):  # restored by a concurrent request
        return
    saved = storage.save(name, ContentFile(pdf_bytes))
    logger.warning(
        "The PDF of certificate %s was missing; stored again.", certificate.pk
    )
    if saved != name:
        certificate.pdf.name = saved
        certificate.save(update_fields=["pdf"])


def certificate_pdf_bytes(*, certificate: Certificate) -> bytes:
    """The PDF to hand out: the stored one (made again when its file is missing),
    or for a revoked certificate a fresh rendering of the same credential with an
    "INGETROKKEN" banner."""
    if not certificate.is_rendered:
        certificate = certificate_render(certificate=certificate)
    if certificate.revoked_at is None:
        if not certificate_pdf_stored(certificate=certificate):
            return certificate_pdf_restore(certificate=certificate)
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:  # deleted since the check
            return certificate_pdf_restore(certificate=certificate)
    template = certificate.template or certificate_template_for(certificate.course)
    return certificate_pdf(
        certificate=certificate,
        template=template,
        credential=certificate.credential,
        revoked_on=timezone.localdate(certificate.revoked_at),
    )
