"""Making and checking API keys: no database.

A key reads ``bbk_<prefix>_<secret>``: the prefix (8 characters) finds the row,
the secret (32 bytes from `secrets`) is what makes it unguessable. Only the
SHA-256 of the whole key is stored; a plain hash suffices (no slow password hash)
because the secret has 256 bits of entropy, and it is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_START = "bbk_"
PREFIX_LENGTH = 8


@dataclass(frozen=True)
class NewKey:
    plain: str  # shown once, never stored
    prefix: str
    digest: str


def key_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def key_new() -> NewKey:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    plain = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(plain=plain, prefix=prefix, digest=key_digest(plain))


def key_prefix(plain: str) -> str | None:
    """The prefix of something shaped like a key, else None."""
    if not plain.startswith(KEY_START) or len(plain) > 200:
        return None
    prefix, _sep, secret = plain.removeprefix(KEY_START).partition("_")
    if len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix


def key_matches(plain: str, digest: str) -> bool:
    return hmac.compare_digest(key_digest(plain), digest)
