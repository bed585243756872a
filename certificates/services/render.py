"""Signing the credential and rendering and storing the PDF of an issued
certificate, and serving PDFs (a revoked certificate's PDF says so)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from certificates.credentials import credential_sign
from certificates.models import Certificate
from certificates.rendering import certificate_pdf, certificate_template_for
from certificates.services.keys import signing_key_active


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Sign, render and store once; a certificate already rendered is returned as is.

    The slow part (signing, WeasyPrint) runs outside any transaction so that the
    database stays free for other writers; the row is then locked and written once.
    """
    if certificate.is_rendered:
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
        if locked.is_rendered:
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


def certificate_pdf_bytes(*, certificate: Certificate) -> bytes:
    """The PDF to hand out: the stored one, or for a revoked certificate a fresh
    rendering of the same credential with an "INGETROKKEN" banner."""
    if not certificate.is_rendered:
        certificate = certificate_render(certificate=certificate)
    if certificate.revoked_at is None:
        with certificate.pdf.open("rb") as handle:
            return handle.read()
    template = certificate.template or certificate_template_for(certificate.course)
    return certificate_pdf(
        certificate=certificate,
        template=template,
        credential=certificate.credential,
        revoked_on=timezone.localdate(certificate.revoked_at),
    )
