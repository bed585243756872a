"""A learner's consent for an organisation to see the certificates they earned
before joining it. Yes, no and revoking are all recorded (audit log)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from organisations.models import AuditAction, CertificateConsent, Organisation
from organisations.services.audit import audit_log_add
from training.models import User


@transaction.atomic
def consent_decide(
    *, user: User, organisation: Organisation, granted: bool
) -> CertificateConsent:
    """Record yes or no. A no (or revoking) hides the earlier certificates again
    at once: the dashboard reads consent on every request."""
    now = timezone.now()
    consent, _created = CertificateConsent.objects.select_for_update().get_or_create(
        user=user, organisation=organisation, defaults={"decided_at": now}
    )
    was_granted = consent.granted and consent.revoked_at is None
    consent.granted = granted
    consent.decided_at = now
    consent.revoked_at = None if granted else (now if was_granted else None)
    consent.save(update_fields=["granted", "decided_at", "revoked_at"])
    if granted != was_granted:
        audit_log_add(
            organisation=organisation,
            action=AuditAction.CONSENT_GIVEN
            if granted
            else AuditAction.CONSENT_REVOKED,
            actor=user,
            subject=user,
        )
    return consent


def consent_revoke(*, user: User, organisation: Organisation) -> CertificateConsent:
    return consent_decide(user=user, organisation=organisation, granted=False)


def consent_pending(*, user: User, organisation: Organisation) -> bool:
    """Has the learner earlier certificates and not yet answered for this
    organisation? Then the yes/no screen is shown after joining."""
    from certificates.models import Certificate

    if CertificateConsent.objects.filter(user=user, organisation=organisation).exists():
        return False
    return Certificate.objects.filter(user=user, revoked_at__isnull=True).exists()
