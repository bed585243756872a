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
from .reports import DeliveryStatus, MonthlyReportDelivery
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
    "DeliveryStatus",
    "Invitation",
    "InvitationKind",
    "JobStatus",
    "Membership",
    "MembershipRole",
    "MonthlyReportDelivery",
    "Organisation",
    "OrganisationKind",
    "OrganisationValidityRule",
    "RequiredTraining",
    "RequirementAudience",
    "StaffImport",
    "ReminderLog",
    "Team",
]
