"""The audit log: who changed a role, a membership or required training."""

from __future__ import annotations

from organisations.models import AuditLog, Organisation
from training.models import User


def audit_log_add(
    *,
    organisation: Organisation,
    action: str,
    actor: User | None,
    subject: User | None = None,
    **detail: str,
) -> AuditLog:
    """Append one row; `detail` values are stored as text (see `AuditLog`)."""
    return AuditLog.objects.create(
        organisation=organisation,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        detail={"schema_version": 1, **{k: str(v) for k, v in detail.items()}},
    )
