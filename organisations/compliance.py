"""The status of one person for one required course on one day: pure, no database.

The caller passes `today`, so a frozen clock in tests is just an argument. The rules,
first match wins:

1. A certificate the organisation may see (current: not revoked, not replaced):
   - GELDIG while more than `expiring_within_days` days are left,
   - VERLOOPT_BINNENKORT from that many days before `valid_until` up to and including
     `valid_until`,
   - VERLOPEN from the day after `valid_until` (the training recurs: it is due
     again). The date shown is `valid_until`.
2. No such certificate:
   - NIET_GEDEELD when the person holds a current certificate that is valid today
     but that the organisation may not see yet (earned before joining, not
     shared). It beats TE_LAAT: the person is trained, only the sharing is
     missing. The manager learns that one exists and nothing else: the date
     shown is the due date, never the certificate's,
   - BEZIG when the person has started the course (any activity),
   - NIET_BEGONNEN otherwise. The date shown is the due date.

The due date is the requirement's fixed date, or the day the person joined plus the
requirement's number of days; when several requirements of one organisation ask for
the same course, the earliest due date counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class CellStatus(StrEnum):
    """Values are the Dutch labels' keys; display text lives in `LABELS`."""

    GELDIG = "geldig"
    VERLOOPT_BINNENKORT = "verloopt_binnenkort"
    VERLOPEN = "verlopen"
    TE_LAAT = "te_laat"
    NIET_BEGONNEN = "niet_begonnen"
    BEZIG = "bezig"
    NIET_GEDEELD = "niet_gedeeld"


# Worst first: sorting by a course's column puts the people to act on at the top.
SEVERITY = {
    CellStatus.TE_LAAT: 0,
    CellStatus.VERLOPEN: 1,
    CellStatus.NIET_BEGONNEN: 2,
    CellStatus.BEZIG: 3,
    CellStatus.NIET_GEDEELD: 4,
    CellStatus.VERLOOPT_BINNENKORT: 5,
    CellStatus.GELDIG: 6,
}
# Statuses a reminder is about ("all overdue" means the first two).
OVERDUE = frozenset({CellStatus.TE_LAAT, CellStatus.VERLOPEN})
NEEDS_ACTION = frozenset(
    {
        CellStatus.TE_LAAT,
        CellStatus.VERLOPEN,
        CellStatus.NIET_BEGONNEN,
        CellStatus.BEZIG,
        CellStatus.NIET_GEDEELD,
        CellStatus.VERLOOPT_BINNENKORT,
    }
)


@dataclass(frozen=True, slots=True)
class Cell:
    status: CellStatus
    date: datetime.date  # valid_until with a certificate, else the due date

    @property
    def severity(self) -> int:
        return SEVERITY[self.status]

    def __reduce__(self):
        # A cached dashboard grid holds thousands of cells: rebuilding each
        # through its constructor unpickles several times faster than the
        # default for frozen dataclasses with slots (which looks up the fields
        # for every object).
        return (Cell, (self.status, self.date))


@dataclass(frozen=True, slots=True)
class DueRule:
    """The due part of a requirement: a fixed date or days after joining."""

    due_date: datetime.date | None = None
    within_days: int | None = None

    def __post_init__(self) -> None:
        if (self.due_date is None) == (self.within_days is None):
            raise ValueError("give exactly one of due_date and within_days")
        if self.within_days is not None and self.within_days < 0:
            raise ValueError("within_days must not be negative")


def due_parts(rules: Iterable[DueRule]) -> tuple[datetime.date | None, int | None]:
    """The earliest fixed date and the fewest days after joining among `rules`:
    all that `due_from_parts` needs, so callers can reuse it for many people."""
    fixed = [rule.due_date for rule in rules if rule.due_date is not None]
    days = [rule.within_days for rule in rules if rule.within_days is not None]
    if not fixed and not days:
        raise ValueError("no due rules")
    return (min(fixed) if fixed else None, min(days) if days else None)


def due_from_parts(
    parts: tuple[datetime.date | None, int | None], *, joined_on: datetime.date
) -> datetime.date:
    fixed, days = parts
    relative = None if days is None else joined_on + datetime.timedelta(days=days)
    if fixed is None:
        return relative
    return fixed if relative is None or fixed < relative else relative


def due_on(*, rules: Iterable[DueRule], joined_on: datetime.date) -> datetime.date:
    """The earliest due date of `rules` for someone who joined on `joined_on`.
    Raises `ValueError` when there are no rules."""
    return due_from_parts(due_parts(list(rules)), joined_on=joined_on)


def cell_status(
    *,
    today: datetime.date,
    due: datetime.date,
    valid_until: datetime.date | None,
    started: bool,
    expiring_within_days: int,
    unshared: bool = False,
) -> Cell:
    """See the module docstring. `valid_until` is that of the person's current
    certificate the organisation may see, or None; `unshared` says whether the
    person holds a current certificate valid today that it may not see."""
    if expiring_within_days < 0:
        raise ValueError("expiring_within_days must not be negative")
    if valid_until is not None:
        days_left = (valid_until - today).days
        if days_left < 0:
            return Cell(CellStatus.VERLOPEN, valid_until)
        if days_left <= expiring_within_days:
            return Cell(CellStatus.VERLOOPT_BINNENKORT, valid_until)
        return Cell(CellStatus.GELDIG, valid_until)
    if unshared:
        return Cell(CellStatus.NIET_GEDEELD, due)
    if today > due:
        return Cell(CellStatus.TE_LAAT, due)
    if started:
        return Cell(CellStatus.BEZIG, due)
    return Cell(CellStatus.NIET_BEGONNEN, due)


def certificate_visible(
    *,
    issued_on: datetime.date,
    joined_on: datetime.date,
    consent: bool,
) -> bool:
    """An organisation sees a certificate earned while the person was a member;
    one earned before joining only with the person's consent."""
    return consent or issued_on >= joined_on
