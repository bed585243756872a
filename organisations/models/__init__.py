"""Organisations: teams, memberships and roles, required training, invitations,
consent to show existing certificates, reminder and audit logs, and the
background jobs of imports and exports."""

from .invitations import Invitation, InvitationKind
from .jobs import ComplianceExport, JobStatus, StaffImport
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
    "ComplianceExport",
    "Invitation",
    "InvitationKind",
    "JobStatus",
    "Membership",
    "MembershipRole",
    "Organisation",
    "OrganisationKind",
    "OrganisationValidityRule",
    "RequiredTraining",
    "RequirementAudience",
    "StaffImport",
    "ReminderLog",
    "Team",
]
