"""The email that tells a learner their certificate was issued. Queued in the
outbox in the transaction that records the certificate, so it goes out exactly
when the certificate exists and once (keyed by the certificate)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from certificates.credentials import verification_url
from certificates.models import Certificate
from certificates.services.emails import email_send

ISSUED_EMAIL = "certificate_issued"


def certificate_issued_email(*, certificate: Certificate) -> None:
    user = certificate.user
    email_send(
        name=ISSUED_EMAIL,
        to=user.email,
        language=user.preferred_language,
        context={
            "holder": user,
            "certificate": certificate,
            "certificates_url": settings.SITE_BASE_URL
            + reverse("certificates:history"),
            "verify_url": verification_url(certificate),
        },
        key=f"{ISSUED_EMAIL}:{certificate.pk}",
    )
