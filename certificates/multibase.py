"""Multibase base58btc and Ed25519 Multikey encoding, without extra dependencies.

Data Integrity proofs carry their signature as multibase base58btc (a `z` followed by
Bitcoin-alphabet base58), and a Multikey carries an Ed25519 key as multibase of a
multicodec header plus the raw 32 bytes: `0xed 0x01` for a public key, `0x80 0x26` for
a secret key (the 32-byte seed). Decoding raises `ValueError` on anything malformed.
"""

from __future__ import annotations

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(ALPHABET)}

ED25519_PUB_HEADER = b"\xed\x01"
ED25519_PRIV_HEADER = b"\x80\x26"
ED25519_KEY_BYTES = 32


def b58encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet); each leading zero byte becomes a leading '1'."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise ValueError(f"not a base58btc character: {char!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: 'z' + base58btc(data)."""
    return "z" + b58encode(data)


def multibase_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z") or len(text) < 2:
        raise ValueError("expected a multibase base58btc string starting with 'z'")
    return b58decode(text[1:])


def encode_public_key(raw: bytes) -> str:
    return _encode_key(ED25519_PUB_HEADER, raw)


def encode_secret_key(raw: bytes) -> str:
    return _encode_key(ED25519_PRIV_HEADER, raw)


def decode_public_key(multibase: str) -> bytes:
    return _decode_key(ED25519_PUB_HEADER, multibase, "publicKeyMultibase")


def decode_secret_key(multibase: str) -> bytes:
    return _decode_key(ED25519_PRIV_HEADER, multibase, "secretKeyMultibase")


def _encode_key(header: bytes, raw: bytes) -> str:
    if len(raw) != ED25519_KEY_BYTES:
        raise ValueError(f"an Ed25519 key has {ED25519_KEY_BYTES} bytes")
    return multibase_encode(header + raw)


def _decode_key(header: bytes, multibase: str, what: str) -> bytes:
    data = multibase_decode(multibase)
    if not data.startswith(header) or len(data) != len(header) + ED25519_KEY_BYTES:
        raise ValueError(f"{what} is not an Ed25519 Multikey (header {header.hex()})")
    return data[len(header) :]
