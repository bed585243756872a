"""Cursor pagination over (updated_at, id): no database.

A cursor is the last row's position, base64-encoded so clients treat it as
opaque. Ordering by a timestamp and then the id is stable while rows change: a
row changed during a sync moves to the end, where the next nightly run (or a
later page of this one) finds it again.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass


class BadCursor(ValueError):
    """The cursor was not made by this API."""


@dataclass(frozen=True)
class Position:
    updated_at: datetime.datetime
    pk: int


def cursor_encode(position: Position) -> str:
    text = json.dumps([position.updated_at.isoformat(), position.pk])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> Position:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        updated_at = datetime.datetime.fromisoformat(when)
    except (ValueError, TypeError) as error:
        raise BadCursor(str(error)) from error
    if not isinstance(pk, int) or updated_at.tzinfo is None:
        raise BadCursor("not a cursor")
    return Position(updated_at=updated_at, pk=pk)
