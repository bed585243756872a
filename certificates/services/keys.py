"""Signing keys and the published issuer documents.

The secret key is encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256) under a
key derived from `OPEN_BADGES_KEY_ENCRYPTION_KEY`, or from `DJANGO_SECRET_KEY` when
that is empty: a database dump alone does not reveal the signing key. Changing the
encryption secret makes stored keys unusable; `create_signing_key --rotate` then
starts a new one (credentials signed before stay verifiable: their public keys stay
published).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from certificates import openbadges
from certificates.models import SigningKey
from training.site_url import site_base_url


def issuer_id() -> str:
    return f"{site_base_url()}/openbadges/issuer"


def key_id(number: int) -> str:
    return f"{issuer_id()}/keys/{number}"


def _secret_material(setting: str, label: str) -> bytes:
    explicit = getattr(settings, setting, "")
    if explicit:
        return explicit.encode()
    # derived, so development and tests need no extra secret
    return hmac.new(
        settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256
    ).digest()


def subject_salt() -> str:
    """The HMAC key for learners' subject identifiers (a site secret)."""
    return (
        getattr(settings, "OPEN_BADGES_SUBJECT_SALT", "")
        or _secret_material("OPEN_BADGES_SUBJECT_SALT", "bijblijven:subject-salt").hex()
    )


def _fernet() -> Fernet:
    material = _secret_material(
        "OPEN_BADGES_KEY_ENCRYPTION_KEY", "bijblijven:signing-key-encryption"
    )
    digest = hashlib.sha256(b"bijblijven-signing-key\0" + material).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def signing_key_secret(key: SigningKey) -> str:
    """The secretKeyMultibase of `key`. Raises `ImproperlyConfigured` when the
    encryption secret changed since the key was made."""
    try:
        return _fernet().decrypt(key.secret_encrypted.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            f"Signing key #{key.number} cannot be decrypted: did "
            "OPEN_BADGES_KEY_ENCRYPTION_KEY or DJANGO_SECRET_KEY change? Run "
            "`manage.py create_signing_key --rotate` to start a new key."
        ) from None


@transaction.atomic
def signing_key_create(*, rotate: bool = False) -> tuple[SigningKey, bool]:
    """The active key, and whether it was made now.

    Idempotent: with an active key and `rotate=False` nothing changes. With
    `rotate=True` the active key retires (stays published) and a new one starts.
    """
    current = SigningKey.objects.select_for_update().filter(active=True).first()
    if current is not None and not rotate:
        return current, False
    secret, public = openbadges.generate_key()
    number = (SigningKey.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    if current is not None:
        current.active = False
        current.retired_at = timezone.now()
        current.save(update_fields=["active", "retired_at"])
    key = SigningKey.objects.create(
        number=number,
        public_multibase=public,
        secret_encrypted=_fernet().encrypt(secret.encode()).decode(),
        active=True,
    )
    return key, True


def signing_key_active() -> SigningKey:
    """The active key, made on first use (two workers racing make one)."""
    key = SigningKey.objects.filter(active=True).first()
    if key is not None:
        return key
    try:
        return signing_key_create()[0]
    except IntegrityError:
        return SigningKey.objects.get(active=True)


def published_keys() -> list[SigningKey]:
    """Every key whose credentials must verify, the active one first."""
    return sorted(
        SigningKey.objects.all(), key=lambda key: (not key.active, -key.number)
    )


def issuer_profile_document() -> dict[str, Any] | None:
    keys = published_keys()
    if not keys:
        return None
    return openbadges.issuer_profile(
        issuer_id=issuer_id(),
        name=settings.OPEN_BADGES_ISSUER_NAME,
        url=f"{site_base_url()}/",
        key_ids_and_public_keys=[(key_id(k.number), k.public_multibase) for k in keys],
    )


def multikey_document(*, number: int) -> dict[str, Any] | None:
    key = SigningKey.objects.filter(number=number).first()
    if key is None:
        return None
    return openbadges.multikey_document(
        key_id=key_id(key.number),
        controller=issuer_id(),
        public_multibase=key.public_multibase,
    )
