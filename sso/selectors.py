"""Reads: which identity provider an email address signs in at, and the
allauth apps built from the configured providers."""

from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp

from sso.models import IdentityProvider
from sso.validation import email_domain_of

OPENID_CONNECT = "openid_connect"


def identity_provider_for_email(*, email: str) -> IdentityProvider | None:
    """The active provider whose domains include the address's domain."""
    domain = email_domain_of(email)
    if not domain:
        return None
    return (
        IdentityProvider.objects.filter(is_active=True, domains__domain=domain)
        .select_related("organisation")
        .first()
    )


def identity_provider_origins() -> list[str]:
    """scheme://host[:port] of each active provider's issuer, sorted."""
    urls = IdentityProvider.objects.filter(is_active=True).values_list(
        "server_url", flat=True
    )
    return sorted({f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in urls})


def identity_provider_get(*, slug: str) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.filter(slug=slug)
        .select_related("organisation")
        .first()
    )


def social_app_for(provider: IdentityProvider) -> SocialApp:
    """An unsaved allauth app for `provider`; hidden from allauth's list of
    sign-in buttons, since the login form routes by email domain."""
    return SocialApp(
        provider=OPENID_CONNECT,
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={"server_url": provider.server_url, "hidden": True},
    )


def social_apps_list(
    *, provider: str | None = None, client_id: str | None = None
) -> list[SocialApp]:
    """allauth apps of the active providers, filtered as allauth asks: by the
    provider type ("openid_connect") or a provider_id (our slug)."""
    providers = IdentityProvider.objects.filter(is_active=True)
    if provider and provider != OPENID_CONNECT:
        providers = providers.filter(slug=provider)
    if client_id:
        providers = providers.filter(client_id=client_id)
    return [social_app_for(p) for p in providers]
