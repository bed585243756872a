"""Validity arithmetic, certificate status and expiry reminders: pure, no database.

Dates are calendar dates in the site's time zone; the caller passes `today`, so a
frozen clock in tests is just an argument. A certificate is valid up to and including
its `valid_until` date and expired from the day after.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

MIN_MONTHS = 1
MAX_MONTHS = 120
DEFAULT_REMINDER_OFFSETS = (60, 30, 7, 0)  # days before valid_until


class Status(StrEnum):
    """What the verification page and "Mijn leeromgeving" show for a certificate.

    The values are the Dutch texts of the verification page.
    """

    VALID = "geldig"
    EXPIRING = "verloopt binnenkort"
    EXPIRED = "verlopen"
    REVOKED = "ingetrokken"
    REPLACED = "vervangen"
    CONTENT_UPDATED = "geldig — inhoud sindsdien bijgewerkt"
    UPDATE_OVERDUE = "verplichte update niet op tijd afgerond"


def valid_until(*, issued_on: date, months: int) -> date:
    """`issued_on` plus whole calendar months, clamped to the end of a shorter month.

    31 Jan + 1 month is 28 Feb (29 Feb in a leap year); 29 Feb 2024 + 12 months is
    28 Feb 2025. Raises `ValueError` unless 1 <= months <= 120.
    """
    if isinstance(months, bool) or not isinstance(months, int):
        raise ValueError("months must be a whole number")
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise ValueError(f"months must be between {MIN_MONTHS} and {MAX_MONTHS}")
    years, month_index = divmod(issued_on.month - 1 + months, 12)
    year = issued_on.year + years
    month = month_index + 1
    day = min(issued_on.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def certificate_status(
    *,
    today: date,
    valid_until: date,
    revoked_on: date | None = None,
    replaced: bool = False,
    content_update_pending: bool = False,
    content_update_overdue: bool = False,
    expiring_within_days: int = 60,
) -> Status:
    """The one status to show, the first that applies in this order of precedence:

    1. REVOKED: `revoked_on` is set (any date: a revocation is never postponed).
    2. REPLACED: a newer certificate for the same course exists.
    3. EXPIRED: `today` is after `valid_until`.
    4. UPDATE_OVERDUE: a mandatory content update was not completed in its grace
       period.
    5. CONTENT_UPDATED: the course changed materially since issue and the holder has
       not caught up yet (advisory, or mandatory within its grace period).
    6. EXPIRING: at most `expiring_within_days` days left (valid_until included).
    7. VALID.
    """
    if expiring_within_days < 0:
        raise ValueError("expiring_within_days must not be negative")
    if revoked_on is not None:
        return Status.REVOKED
    if replaced:
        return Status.REPLACED
    days_left = (valid_until - today).days
    if days_left < 0:
        return Status.EXPIRED
    if content_update_overdue:
        return Status.UPDATE_OVERDUE
    if content_update_pending:
        return Status.CONTENT_UPDATED
    if days_left <= expiring_within_days:
        return Status.EXPIRING
    return Status.VALID


def reminder_due(
    *,
    today: date,
    valid_until: date,
    offsets: Iterable[int] = DEFAULT_REMINDER_OFFSETS,
    already_sent: set[int],
) -> int | None:
    """The reminder offset (days before `valid_until`) to send now, or None.

    An offset is reached when at most that many days are left; on and after the
    expiry date that is the 0 reminder. Only the most recently reached offset is
    sent: a run that missed the 30-day reminder and finds 5 days left sends the
    7-day one, never a stale one. Once it is in `already_sent` the answer is None
    until the next offset is reached, so running this every hour is safe. Callers
    skip revoked and replaced certificates.
    """
    offsets = tuple(offsets)
    if not offsets or len(set(offsets)) != len(offsets):
        raise ValueError("offsets must be distinct and not empty")
    days_left = (valid_until - today).days
    reached = [offset for offset in offsets if days_left <= offset]
    if not reached:
        return None
    latest = min(reached)
    return None if latest in already_sent else latest
