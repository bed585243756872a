"""Open Badges 3.0 credentials for certificates: build, sign, verify, publish the key.

A certificate is also an `OpenBadgeCredential` (W3C Verifiable Credentials 2.0 data
model) signed with a Data Integrity proof, cryptosuite `eddsa-rdfc-2022` (see
`certificates/dataintegrity.py`). Pure functions, no Django: callers pass settings in.

Published documents (serve them as `application/ld+json` at stable URLs):
- `issuer_profile(...)` at the issuer id, e.g. `https://<site>/openbadges/issuer`.
  It is the OB `Profile` and also the controller document of the signing key
  (`assertionMethod` lists the key), because verifiers require the credential's issuer
  to be the controller of the verification method.
- `multikey_document(...)` at the key id, e.g.
  `https://<site>/openbadges/issuer/keys/1`, the URL that the proof's
  `verificationMethod` names. Keep retired keys published so
  that credentials signed with them stay verifiable.

The learner is identified by `subject_identifier(...)`, a keyed hash of the email
address; the email itself never appears in a credential.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.dataintegrity import add_proof, check_proof, xsd_datetime
from certificates.multibase import (
    decode_public_key,
    decode_secret_key,
    encode_public_key,
    encode_secret_key,
)

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CID_V1_CONTEXT = "https://www.w3.org/ns/cid/v1"
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"

SUBJECT_PREFIX = "urn:bijblijven:subject:"

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")
# RDFC-1.0 and pyld escape these differently; tab, newline and return are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def subject_identifier(*, email: str, salt: str) -> str:
    """`urn:bijblijven:subject:<hex>`: HMAC-SHA256 of the normalised email.

    `salt` is a site secret (a setting), not stored in the credential, so the
    identifier cannot be traced back to an email address by guessing.
    The same email and salt always give the same identifier.
    """
    if not salt:
        raise ValueError("a salt is required")
    normalised = email.strip().lower()
    if "@" not in normalised:
        raise ValueError("not an email address")
    digest = hmac.new(salt.encode(), normalised.encode(), hashlib.sha256).hexdigest()
    return SUBJECT_PREFIX + digest


def build_credential(
    *,
    credential_id: str,
    issuer: dict[str, str],
    subject_id: str,
    achievement: dict[str, str],
    valid_from: datetime,
    valid_until: datetime,
    name: str,
    credential_status: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential.

    `issuer`: id, name, url. `achievement`: id, name, description,
    criteria_narrative. `valid_from`/`valid_until` must be timezone-aware; they are
    written in UTC to the second. Raises `ValueError` on missing or malformed input.
    """
    for label, iri in (
        ("credential_id", credential_id),
        ("subject_id", subject_id),
        ("issuer id", issuer.get("id")),
        ("issuer url", issuer.get("url")),
        ("achievement id", achievement.get("id")),
    ):
        _require_iri(label, iri)
    if "@" in subject_id or subject_id.lower().startswith("mailto:"):
        raise ValueError("subject_id must be a hashed identifier, never an email")
    _require_text("name", name)
    _require_text("issuer name", issuer.get("name"))
    for key in ("name", "description", "criteria_narrative"):
        _require_text(f"achievement {key}", achievement.get(key))
    valid_from_text, valid_until_text = (
        xsd_datetime(valid_from),
        xsd_datetime(valid_until),
    )
    if valid_until <= valid_from:
        raise ValueError("valid_until must be after valid_from")
    status = {"credentialStatus": credential_status} if credential_status else {}
    return {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {
            "id": issuer["id"],
            "type": ["Profile"],
            "name": issuer["name"],
            "url": issuer["url"],
        },
        "validFrom": valid_from_text,
        "validUntil": valid_until_text,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": achievement["id"],
                "type": ["Achievement"],
                "name": achievement["name"],
                "description": achievement["description"],
                "criteria": {"narrative": achievement["criteria_narrative"]},
            },
        },
        **status,
    }


def generate_key() -> tuple[str, str]:
    """A new Ed25519 key pair as (secretKeyMultibase, publicKeyMultibase)."""
    secret = Ed25519PrivateKey.generate()
    return (
        encode_secret_key(secret.private_bytes_raw()),
        encode_public_key(secret.public_key().public_bytes_raw()),
    )


def sign(
    *,
    credential: dict[str, Any],
    secret_multibase: str,
    verification_method: str,
    created: datetime,
) -> dict[str, Any]:
    """A copy of `credential` with an eddsa-rdfc-2022 proof.

    `verification_method` is the key id (where `multikey_document` is published).
    Raises `ValueError` for a malformed key or a document that cannot be
    canonicalised safely (undefined terms, relative IRIs, control characters).
    """
    _require_iri("verification_method", verification_method)
    return add_proof(
        document=credential,
        secret_key=decode_secret_key(secret_multibase),
        verification_method=verification_method,
        created=created,
    )


def verify(*, credential: dict[str, Any], public_multibase: str) -> bool:
    """True only if `credential` carries a valid eddsa-rdfc-2022 proof by this key.

    Checks the signature, not validity dates or revocation (see `validity.py`).
    Any tampered or malformed credential gives False; only a malformed
    `public_multibase` (a caller error) raises `ValueError`.
    """
    public_key = decode_public_key(public_multibase)
    try:
        return check_proof(document=credential, public_key=public_key)
    # Verification is a boundary for untrusted input: whatever a tampered document
    # makes the JSON-LD processor or the decoders raise means "not verified".
    except Exception:  # noqa: BLE001
        return False


def multikey_document(
    *, key_id: str, controller: str, public_multibase: str
) -> dict[str, Any]:
    """The public key as a stand-alone Multikey document, published at `key_id`."""
    return {
        "@context": MULTIKEY_V1_CONTEXT,
        **_multikey(key_id, controller, public_multibase),
    }


def issuer_profile(
    *,
    issuer_id: str,
    name: str,
    url: str,
    key_ids_and_public_keys: list[tuple[str, str]],
    email: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """The issuer's OB 3.0 Profile, also the controller document of its keys.

    `key_ids_and_public_keys`: every (key id, publicKeyMultibase) whose credentials
    must still verify, current key first.
    """
    _require_iri("issuer_id", issuer_id)
    _require_iri("url", url)
    _require_text("name", name)
    if not key_ids_and_public_keys:
        raise ValueError("an issuer profile lists at least one key")
    methods = [
        _multikey(key_id, issuer_id, public)
        for key_id, public in key_ids_and_public_keys
    ]
    profile: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, CID_V1_CONTEXT],
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "url": url,
    }
    if email:
        profile["email"] = email
    if description:
        profile["description"] = description
    profile["verificationMethod"] = methods
    profile["assertionMethod"] = [method["id"] for method in methods]
    return profile


def _multikey(key_id: str, controller: str, public_multibase: str) -> dict[str, str]:
    _require_iri("key_id", key_id)
    _require_iri("controller", controller)
    decode_public_key(public_multibase)  # raises ValueError when malformed
    return {
        "id": key_id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_multibase,
    }


def _require_iri(label: str, value: object) -> None:
    if not isinstance(value, str) or not _ABSOLUTE_IRI.fullmatch(value):
        raise ValueError(f"{label} must be an absolute IRI, got {value!r}")


def _require_text(label: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{label} is required")
    if _CONTROL.search(value):
        raise ValueError(f"{label} contains control characters")
