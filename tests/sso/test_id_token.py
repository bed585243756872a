"""Our ID-token check against the real provider's published keys: a token
signed with any other key, or with a shared-secret algorithm, is refused."""

import time

import jwt
import pytest
import requests
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import rsa

from sso.oidc import id_token_decode
from tests.sso.conftest import CLIENT_ID


def _claims(issuer: str) -> dict:
    now = int(time.time())
    return {
        "iss": issuer,
        "aud": CLIENT_ID,
        "sub": "sub-anna",
        "iat": now,
        "exp": now + 300,
    }


def _provider_kid(issuer: str) -> str:
    return requests.get(f"{issuer}/jwks", timeout=10).json()["keys"][0]["kid"]


def test_a_token_signed_with_another_key_under_the_providers_kid_is_refused(
    openid_provider,
):
    issuer = openid_provider.issuer
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        _claims(issuer),
        forged_key,
        algorithm="RS256",
        headers={"kid": _provider_kid(issuer)},
    )
    # allauth on its own skips the signature of a token it fetched itself.
    unchecked = jwtkit.verify_and_decode(
        credential=token,
        keys_url=f"{issuer}/jwks",
        issuer=issuer,
        audience=CLIENT_ID,
        lookup_kid=jwtkit.lookup_kid_jwk,
        verify_signature=False,
    )
    assert unchecked["sub"] == "sub-anna"

    with pytest.raises(OAuth2Error):
        id_token_decode(
            id_token=token,
            keys_url=f"{issuer}/jwks",
            issuer=issuer,
            audience=CLIENT_ID,
        )


def test_a_token_with_a_shared_secret_algorithm_is_refused(openid_provider):
    issuer = openid_provider.issuer
    token = jwt.encode(
        _claims(issuer),
        "a-guessed-secret-of-at-least-32-bytes!!",
        algorithm="HS256",
        headers={"kid": _provider_kid(issuer)},
    )

    with pytest.raises(OAuth2Error):
        id_token_decode(
            id_token=token,
            keys_url=f"{issuer}/jwks",
            issuer=issuer,
            audience=CLIENT_ID,
        )
