"""Linking an organisation sign-in to an existing account with the same email
address, only after the person signed in to that account (password and, when
set, their second factor). Until then the provider's sign-in waits in the
session; it never signs anyone in by email alone."""

from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest

PENDING_KEY = "sso_pending_link"


def link_pending_store(
    *, request: HttpRequest, sociallogin: SocialLogin, email: str
) -> None:
    request.session[PENDING_KEY] = {
        "email": email.lower(),
        "sociallogin": sociallogin.serialize(),
    }


def link_pending_email(*, request: HttpRequest) -> str:
    """The address of the account waiting to be linked, or ''."""
    return (request.session.get(PENDING_KEY) or {}).get("email", "")


def link_pending_take(*, request: HttpRequest) -> SocialLogin | None:
    """The waiting sign-in, removed from the session."""
    pending = request.session.pop(PENDING_KEY, None)
    if not pending:
        return None
    try:
        return SocialLogin.deserialize(pending["sociallogin"])
    except (KeyError, ValueError):
        return None
