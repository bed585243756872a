"""Pure checks on what an administrator types for an identity provider: the
issuer address and the email domains. No database."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Microsoft's multi-tenant endpoints publish an issuer with a "{tenantid}"
# placeholder, which never equals the `iss` of a real ID token: every sign-in
# would fail the issuer check. Each tenant is configured on its own.
MICROSOFT_MULTI_TENANT_SEGMENTS = ("common", "organizations", "consumers")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def server_url_check(url: str) -> str:
    """The issuer URL without a trailing slash; raises `ValidationError` for a
    multi-tenant Microsoft endpoint or plain http to anywhere but loopback."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError(_("Vul het volledige adres van de uitgever in."))
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ValidationError(_("Het adres van de uitgever moet met https beginnen."))
    segments = [s.lower() for s in parts.path.split("/") if s]
    if parts.hostname.endswith("microsoftonline.com") and any(
        s in MICROSOFT_MULTI_TENANT_SEGMENTS for s in segments
    ):
        raise ValidationError(
            _(
                "Dit is het gedeelde adres van Microsoft (/common, /organizations "
                "of /consumers). Daarmee mislukt de controle van de uitgever bij "
                "elke aanmelding. Gebruik het adres met de tenant-ID van de "
                "organisatie: https://login.microsoftonline.com/<tenant-id>/v2.0"
            )
        )
    return url


def email_domain_of(email: str) -> str:
    """The lower-case domain after the last @, or '' when there is none."""
    _local, at, domain = email.strip().rpartition("@")
    return domain.lower().rstrip(".") if at else ""


def email_domain_check(domain: str) -> str:
    """A bare domain (zorg.example), lower-cased; raises `ValidationError` for an
    address, a URL or a domain without a dot."""
    domain = domain.strip().lower().rstrip(".").removeprefix("@")
    if not domain or "." not in domain or any(c in domain for c in "@/: "):
        raise ValidationError(_("Vul alleen het domein in, zoals zorginstelling.nl."))
    return domain
