"""Site-wide models: the user, the home and standard pages, site settings, the
email outbox, the privacy log, and the permission for background work."""

from .background import BackgroundTask
from .outbox import EmailStatus, OutboundEmail
from .pages import HomePage, StandardPage
from .privacy import AppendOnlyError, PrivacyAction, PrivacyLogEntry, PrivacySource
from .settings import SiteSettings
from .users import Profession, User

__all__ = [
    "AppendOnlyError",
    "BackgroundTask",
    "EmailStatus",
    "HomePage",
    "OutboundEmail",
    "PrivacyAction",
    "PrivacyLogEntry",
    "PrivacySource",
    "Profession",
    "SiteSettings",
    "StandardPage",
    "User",
]
