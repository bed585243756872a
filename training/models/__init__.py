"""Site-wide models: the user, the home and standard pages, site settings, the
email outbox, and the permission for background work."""

from .background import BackgroundTask
from .outbox import EmailStatus, OutboundEmail
from .pages import HomePage, StandardPage
from .settings import SiteSettings
from .users import Profession, User

__all__ = [
    "BackgroundTask",
    "EmailStatus",
    "HomePage",
    "OutboundEmail",
    "Profession",
    "SiteSettings",
    "StandardPage",
    "User",
]
