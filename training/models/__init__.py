"""Site-wide models: the user, the home and standard pages, site settings."""

from .pages import HomePage, StandardPage
from .settings import SiteSettings
from .users import Profession, User

__all__ = ["HomePage", "Profession", "SiteSettings", "StandardPage", "User"]
