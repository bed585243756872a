"""Certificates: issued records, templates, validity rules, keys, notices."""

from .certificate import Certificate, CertificateStatusLog
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
    "ReminderLog",
    "SigningKey",
    "ValidityRule",
]
