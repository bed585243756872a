"""What the monthly report says besides the trend: who is overdue today (every
required course with status "te laat" or "verlopen", the same cells as the
dashboard, the CSV export and "remind everyone overdue") and the signals that
reached members who have not confirmed reading them yet (the dashboard's
sharing rules, `selectors.signals`).

A fixed number of queries whatever the number of people: the trend's six, the
dashboard's cells per chunk of people, the signals' board and one for names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from organisations.compliance import OVERDUE, CellStatus
from organisations.models import Membership, Organisation
from organisations.selectors.dashboard import Filters, people_chunks
from organisations.selectors.matrix import columns_for
from organisations.selectors.signals import (
    SignalColumn,
    signal_board_get,
)
from organisations.selectors.trend import Trend, trend_get
from signalling.rules import AckStatus

# Every live signal that reached someone, not only the dashboard's latest five.
REPORT_SIGNALS = 1000


@dataclass(frozen=True)
class OverdueLine:
    membership_id: int
    name: str
    team: str
    course: str
    status: CellStatus
    date: datetime.date  # the due date, or the day the certificate expired


@dataclass(frozen=True)
class Unread:
    name: str
    late: bool  # the deadline to confirm has passed


@dataclass(frozen=True)
class OpenSignal:
    column: SignalColumn
    reached: int
    unread: list[Unread]  # by name

    @property
    def late(self) -> int:
        return sum(person.late for person in self.unread)


@dataclass(frozen=True)
class MonthlyReport:
    organisation: Organisation
    today: datetime.date
    trend: Trend
    overdue: list[OverdueLine]  # by name, then course
    signals: list[OpenSignal]  # latest deadline first


def overdue_list(
    *, organisation: Organisation, today: datetime.date
) -> list[OverdueLine]:
    """Every current member's required course that is overdue or expired."""
    columns = columns_for(organisation=organisation)
    lines = []
    for chunk in people_chunks(
        organisation=organisation, filters=Filters(), today=today, columns=columns
    ):
        for person in chunk:
            for column, cell in zip(columns, person.cells, strict=True):
                if cell is not None and cell.status in OVERDUE:
                    lines.append(
                        OverdueLine(
                            person.membership_id,
                            person.full_name,
                            person.team_name,
                            column.title,
                            cell.status,
                            cell.date,
                        )
                    )
    return lines


def open_signals_list(
    *, organisation: Organisation, today: datetime.date
) -> list[OpenSignal]:
    """Signals not yet confirmed by everyone they reached, with who has not."""
    board = signal_board_get(
        organisation=organisation,
        members=Membership.objects.active(today).filter(organisation=organisation),
        columns=columns_for(organisation=organisation),
        today=today,
        limit=REPORT_SIGNALS,
    )
    waiting: list[list[tuple[int, bool]]] = [[] for _ in board.columns]
    for membership_id, cells in board.cells.items():
        for index, cell in enumerate(cells):
            if cell is not None and cell.status != AckStatus.GELEZEN:
                waiting[index].append((membership_id, cell.status == AckStatus.TE_LAAT))
    ids = {pk for entries in waiting for pk, _late in entries}
    names = {}
    if ids:
        names = {
            pk: f"{first} {last}".strip() or email
            for pk, first, last, email in Membership.objects.filter(
                pk__in=ids
            ).values_list("pk", "user__first_name", "user__last_name", "user__email")
        }
    found = []
    for column, total, entries in zip(
        board.columns, board.totals, waiting, strict=True
    ):
        if entries:
            unread = sorted(
                (Unread(names[pk], late) for pk, late in entries),
                key=lambda person: person.name.lower(),
            )
            found.append(OpenSignal(column, total.reached, unread))
    return found


def monthly_report_get(
    *, organisation: Organisation, today: datetime.date
) -> MonthlyReport:
    return MonthlyReport(
        organisation=organisation,
        today=today,
        trend=trend_get(organisation=organisation, today=today),
        overdue=overdue_list(organisation=organisation, today=today),
        signals=open_signals_list(organisation=organisation, today=today),
    )
