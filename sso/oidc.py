"""allauth's OpenID Connect views with a stricter ID-token check.

allauth skips the signature check of an ID token it fetched itself from the
token endpoint (allowed by OpenID Connect Core 3.1.3.7 over TLS) and allows no
clock difference. Here the signature is always checked against the provider's
published keys, and `SSO_ID_TOKEN_LEEWAY` seconds of clock skew are allowed.
The URLs are allauth's own (same paths), listed before allauth's."""

import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
    OAuth2LoginView,
)
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from django.conf import settings
from django.http import Http404

# Asymmetric algorithms only: a provider's published key must be the one that
# signed (never "none", never a shared secret).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")


def id_token_decode(
    *, id_token: str, keys_url: str, issuer: str, audience: str
) -> dict:
    """The claims of a signed ID token; raises `OAuth2Error` when the
    signature, issuer, audience or times do not hold."""
    try:
        alg, key = jwtkit.fetch_key(id_token, keys_url, jwtkit.lookup_kid_jwk)
        if alg not in ALGORITHMS:
            raise OAuth2Error(f"Unsupported ID token algorithm {alg!r}")
        claims = jwt.decode(
            id_token,
            key=key,
            algorithms=[alg],
            issuer=issuer,
            audience=audience,
            leeway=settings.SSO_ID_TOKEN_LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        jwtkit.verify_jti(claims)
    except (jwt.PyJWTError, KeyError) as error:
        raise OAuth2Error("Invalid id_token") from error
    return claims


class VerifiedOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        return id_token_decode(
            id_token=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
        )


def oidc_login(request, provider_id):
    try:
        adapter = VerifiedOpenIDConnectAdapter(request, provider_id)
        return OAuth2LoginView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def oidc_callback(request, provider_id):
    try:
        adapter = VerifiedOpenIDConnectAdapter(request, provider_id)
        return OAuth2CallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
