"""Our tool key pair: generated on first use, stored in `ToolKey`, published as a
JWKS for the platforms that verify what we sign."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction
from jwcrypto.jwk import JWK

from lti.models import ToolKey


def _jwk_of(public_pem: str) -> dict:
    jwk = json.loads(JWK.from_pem(public_pem.encode()).export_public())
    return {**jwk, "alg": "RS256", "use": "sig"}


def tool_key_generate() -> ToolKey:
    """A new 2048-bit RSA key; its kid is the JWK thumbprint (RFC 7638), the
    same value PyLTI1p3 puts in the header of what it signs."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )
    kid = _jwk_of(public_pem)["kid"]
    return ToolKey.objects.create(
        kid=kid, private_key=private_pem, public_key=public_pem
    )


def tool_key_current() -> ToolKey:
    """The newest active key, generated when there is none."""
    key = ToolKey.objects.filter(is_active=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return tool_key_generate()
    except IntegrityError:  # pragma: no cover - two first requests at once
        return ToolKey.objects.filter(is_active=True).first()


def tool_jwks() -> dict:
    """Every active public key, as the JWKS endpoint serves it."""
    tool_key_current()
    return {
        "keys": [
            _jwk_of(key.public_key) for key in ToolKey.objects.filter(is_active=True)
        ]
    }
