"""Organisations: teams, memberships and roles, required training, invitations,
consent to show existing certificates, reminder and audit logs."""

from .invitations import Invitation, InvitationKind
from .organisations import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Team,
)
from .records import AuditAction, AuditLog, CertificateConsent, ReminderLog
from .requirements import (
    OrganisationValidityRule,
    RequiredTraining,
    RequirementAudience,
)

__all__ = [
    "AuditAction",
    "AuditLog",
    "CertificateConsent",
    "Invitation",
    "InvitationKind",
    "Membership",
    "MembershipRole",
    "Organisation",
    "OrganisationKind",
    "OrganisationValidityRule",
    "RequiredTraining",
    "RequirementAudience",
    "ReminderLog",
    "Team",
]
