"""Certificates: issued records, templates, validity rules, keys, notices and the
outbox of certificates still to issue."""

from .certificate import Certificate, CertificateStatusLog
from .issue_requests import IssueRequest
from .keys import SigningKey
from .notices import ContentUpdateNotice, ReminderLog
from .rules import ValidityRule
from .templates import CertificateTemplate, CertificateTemplateCourse

__all__ = [
    "Certificate",
    "CertificateStatusLog",
    "CertificateTemplate",
    "CertificateTemplateCourse",
    "ContentUpdateNotice",
    "IssueRequest",
    "ReminderLog",
    "SigningKey",
    "ValidityRule",
]
