"""Revoking a certificate: with a reason, by someone allowed to, once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.services.log import status_log_add
from certificates.status import status_of
from certificates.validity import Status
from training.models import User

REVOKE_PERMISSION = "certificates.revoke_certificate"


class CertificateAlreadyRevoked(ValidationError):
    """A second revocation; the first one stands unchanged."""


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, actor: User, reason: str
) -> Certificate:
    """Revoke `certificate` and log who, when and why.

    Raises `PermissionDenied` unless `actor` may revoke, `ValidationError` without a
    reason and `CertificateAlreadyRevoked` the second time; nothing changes then.
    """
    if not actor.has_perm(REVOKE_PERMISSION):
        raise PermissionDenied(_("Je mag geen certificaten intrekken."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Geef een reden voor het intrekken op."))
    locked = (
        Certificate.objects.select_for_update()
        .prefetch_related("content_notices")
        .get(pk=certificate.pk)
    )
    if locked.revoked_at is not None:
        raise CertificateAlreadyRevoked(
            _("Dit certificaat is al ingetrokken op %(date)s.")
            % {"date": date_format(timezone.localtime(locked.revoked_at), "j F Y")}
        )
    before = status_of(certificate=locked, today=timezone.localdate())
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    status_log_add(
        certificate=locked,
        before=before,
        after=Status.REVOKED,
        actor=actor,
        reason=reason,
    )
    return locked
