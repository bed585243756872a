"""W3C Bitstring Status List (revocation): where a certificate's bit is and the
list's encoded bits. Pure functions, no Django.

Each certificate gets a fixed position from its id: list `1 + (id - 1) // SIZE`,
index `(id - 1) % SIZE`. A list is SIZE bits (the specification's minimum,
16 KB, so one bit tells a verifier little about whom it concerns), GZIP
compressed, base64url without padding, with the multibase prefix "u". Bit 0 is
the most significant bit of the first byte.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

SIZE = 131_072  # bits per list
PURPOSE = "revocation"


def position(certificate_id: int) -> tuple[int, int]:
    """(list number, index in that list) of a certificate."""
    if certificate_id < 1:
        raise ValueError("certificate ids start at 1")
    offset = certificate_id - 1
    return 1 + offset // SIZE, offset % SIZE


def ids_of_list(number: int) -> tuple[int, int]:
    """The first and last certificate id whose bit is in list `number`."""
    return (number - 1) * SIZE + 1, number * SIZE


def encoded_list(set_indexes: Iterable[int]) -> str:
    bits = bytearray(SIZE // 8)
    for index in set_indexes:
        if not 0 <= index < SIZE:
            raise ValueError(f"index {index} is outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)  # the same bits, the same text
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def is_set(encoded: str, index: int) -> bool:
    """Read one bit back (what a verifier does)."""
    if not encoded.startswith("u"):
        raise ValueError("not a base64url multibase string")
    text = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    return bool(raw[index // 8] & (0x80 >> (index % 8)))
