"""The status of one certificate today, with its label and tone for display.

Reads only the certificate and its content notices (prefetch `content_notices`
to avoid a query per certificate); the precedence rules are in
`certificates.validity.certificate_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.validity import Status, certificate_status

LABELS = {
    Status.VALID: _("geldig"),
    Status.EXPIRING: _("verloopt binnenkort"),
    Status.EXPIRED: _("verlopen"),
    Status.REVOKED: _("ingetrokken"),
    Status.REPLACED: _("vervangen door nieuwere certificering"),
    Status.CONTENT_UPDATED: _("geldig — inhoud sindsdien bijgewerkt"),
    Status.UPDATE_OVERDUE: _("verplichte update niet op tijd afgerond"),
}
TONES = {
    Status.VALID: "ok",
    Status.EXPIRING: "warn",
    Status.CONTENT_UPDATED: "warn",
    Status.EXPIRED: "bad",
    Status.REVOKED: "bad",
    Status.REPLACED: "warn",
    Status.UPDATE_OVERDUE: "bad",
}


# The statuses in which a certificate counts as valid ("geldig") for an
# organisation: what the certificates ZIP holds.
VALID_STATUSES = frozenset({Status.VALID, Status.EXPIRING, Status.CONTENT_UPDATED})


def expiring_within_days() -> int:
    return int(getattr(settings, "CERTIFICATE_EXPIRING_DAYS", 60))


def open_notices(certificate) -> list:
    return [n for n in certificate.content_notices.all() if n.completed_at is None]


def revoked_on(certificate) -> date | None:
    # The Dutch calendar day of the revocation, not UTC's.
    if certificate.revoked_at is None:
        return None
    return timezone.localdate(certificate.revoked_at)


def status_of(*, certificate, today: date) -> Status:
    notices = open_notices(certificate)
    return certificate_status(
        today=today,
        valid_until=certificate.valid_until,
        revoked_on=revoked_on(certificate),
        replaced=certificate.replaced_by_id is not None,
        content_update_pending=bool(notices),
        content_update_overdue=any(n.is_overdue(today) for n in notices),
        expiring_within_days=expiring_within_days(),
    )


def is_valid(*, certificate, today: date) -> bool:
    """Whether the certificate counts as valid today, by the same rules as the
    verification page and "Mijn leeromgeving"."""
    return status_of(certificate=certificate, today=today) in VALID_STATUSES


@dataclass(frozen=True)
class StatusView:
    """What templates show: the status, its Dutch label and a tone (ok/warn/bad)."""

    status: Status
    label: str
    tone: str

    @property
    def name(self) -> str:
        return self.status.name


def status_view(status: Status) -> StatusView:
    return StatusView(status=status, label=str(LABELS[status]), tone=TONES[status])
