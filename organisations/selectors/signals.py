"""Signals in the compliance dashboard and its exports: per member and signal,
read (with the date), open (with the deadline) or overdue.

What a manager sees follows the dashboard's sharing rules: only current
members, and only signals that reached a member for a reason the organisation
may already see. A signal for professions only counts (the profession is on
the dashboard); a signal for courses counts when the organisation requires one
of those courses of that member and may see their records of it: a
certificate earned or an enrolment begun or active since joining, or earlier
ones with the person's consent (as `matrix.cells_fill` and the person page).
Any other signal is left out, so the dashboard never tells a manager which
other courses a person follows, or what they did before joining.

A fixed number of queries whatever the number of people: recipients and
acknowledgements of the members, the signals with their courses, and the
members' consents, certificates and enrolments of the signals' courses.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from courses.models import Enrolment
from organisations.grid import Column, PersonRow
from organisations.models import CertificateConsent, Membership, Organisation
from organisations.selectors.matrix import columns_for, light_rows, user_ids_in
from signalling.models import Signal, SignalAcknowledgement, SignalRecipient
from signalling.rules import AckStatus, ack_status

SIGNAL_LABELS = {
    AckStatus.GELEZEN: _("gelezen"),
    AckStatus.OPEN: _("nog niet gelezen"),
    AckStatus.TE_LAAT: _("te laat"),
}
# The dashboard shows the signals with the latest deadlines; older ones stay in
# the exports of that time and in each person's acknowledgement records.
DASHBOARD_SIGNALS = 5
PERSON_SIGNALS = 50


@dataclass(frozen=True)
class SignalColumn:
    signal_id: int
    title: str
    acknowledge_by: datetime.date
    course_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class SignalCell:
    status: AckStatus
    date: datetime.date  # the day it was confirmed, or the deadline


@dataclass
class SignalTotal:
    column: SignalColumn
    counts: dict[AckStatus, int] = field(default_factory=dict)

    @property
    def reached(self) -> int:
        return sum(self.counts.values())

    def get(self, status: str) -> int:
        return self.counts.get(AckStatus(status), 0)


@dataclass(frozen=True)
class SignalBoard:
    columns: list[SignalColumn]
    totals: list[SignalTotal]
    cells: dict[int, list[SignalCell | None]]  # membership id -> per column


def _signal_columns(signal_ids: Iterable[int]) -> dict[int, SignalColumn]:
    signals = Signal.objects.filter(pk__in=list(signal_ids), live=True).only(
        "pk", "title", "acknowledge_by"
    )
    course_ids: dict[int, set[int]] = {}
    for signal_id, course_id in Signal.courses.through.objects.filter(
        signal_id__in=[signal.pk for signal in signals]
    ).values_list("signal_id", "coursepage_id"):
        course_ids.setdefault(signal_id, set()).add(course_id)
    return {
        signal.pk: SignalColumn(
            signal_id=signal.pk,
            title=signal.title,
            acknowledge_by=signal.acknowledge_by,
            course_ids=frozenset(course_ids.get(signal.pk, ())),
        )
        for signal in signals
    }


def _visible(column: SignalColumn, shared: set[int]) -> bool:
    return not column.course_ids or bool(column.course_ids & shared)


def _shared_courses(
    *, organisation: Organisation, people: list[PersonRow], course_ids: set[int]
) -> dict[int, set[int]]:
    """Per person, the courses of `course_ids` whose records the organisation may
    see: a certificate earned or an enrolment begun or active since joining, or
    any with the person's consent to share earlier records (three queries)."""
    joined = {person.user_id: person.start_date for person in people}
    shared: dict[int, set[int]] = {user_id: set() for user_id in joined}
    if not course_ids:
        return shared
    consented = set(
        CertificateConsent.objects.filter(
            user_ids_in(list(joined)),
            organisation=organisation,
            granted=True,
            revoked_at__isnull=True,
        ).values_list("user_id", flat=True)
    )
    for user_id, course_id, issued_on in Certificate.objects.filter(
        user_ids_in(list(joined)), course_id__in=course_ids, revoked_at__isnull=True
    ).values_list("user_id", "course_id", "issued_on"):
        if user_id in consented or issued_on >= joined[user_id]:
            shared[user_id].add(course_id)
    for user_id, course_id, enrolled_at, active_at in Enrolment.objects.filter(
        user_ids_in(list(joined)), course_id__in=course_ids
    ).values_list("user_id", "course_id", "enrolled_at", "last_activity_at"):
        since = joined[user_id]
        if (
            user_id in consented
            or timezone.localdate(enrolled_at) >= since
            or (active_at is not None and timezone.localdate(active_at) >= since)
        ):
            shared[user_id].add(course_id)
    return shared


def _cells(
    *,
    organisation: Organisation,
    people: list[PersonRow],
    columns: list[Column],
    today: datetime.date,
    signal_columns: dict[int, SignalColumn] | None = None,
) -> tuple[dict[int, SignalColumn], dict[tuple[int, int], SignalCell]]:
    """(signal columns, {(membership id, signal id): cell}) for the visible
    pairs of these people; the given signals only, when `signal_columns`."""
    by_user = {person.user_id: person for person in people}
    if not by_user:
        return signal_columns or {}, {}
    recipients = SignalRecipient.objects.filter(
        user_ids_in(list(by_user)), signal__live=True
    )
    if signal_columns is not None:
        recipients = recipients.filter(signal_id__in=list(signal_columns))
    pairs = list(recipients.values_list("signal_id", "user_id"))
    if signal_columns is None:
        signal_columns = _signal_columns({signal_id for signal_id, _u in pairs})
    if not pairs or not signal_columns:
        return signal_columns, {}
    reached = {user_id: by_user[user_id] for _s, user_id in pairs}
    acknowledged = {
        (signal_id, user_id): moment
        for signal_id, user_id, moment in SignalAcknowledgement.objects.filter(
            user_ids_in(list(reached)),
            signal_id__in=list(signal_columns),
        ).values_list("signal_id", "user_id", "acknowledged_at")
    }
    # the required courses of the people reached only (a few, usually), once
    # per team, parent team and profession
    by_group: dict[tuple, set[int]] = {}
    required = {}
    for person in reached.values():
        group = (person.team_id, person.team_parent_id, person.profession)
        if group not in by_group:
            by_group[group] = {
                column.course_id for column in columns if column.due_rules_for(person)
            }
        required[person.user_id] = by_group[group]
    targeted = set().union(*(column.course_ids for column in signal_columns.values()))
    shared = _shared_courses(
        organisation=organisation,
        people=list(reached.values()),
        course_ids=targeted & set().union(*required.values()),
    )
    cells = {}
    for signal_id, user_id in pairs:
        column = signal_columns.get(signal_id)
        if column is None or not _visible(column, required[user_id] & shared[user_id]):
            continue
        moment = acknowledged.get((signal_id, user_id))
        status = ack_status(
            acknowledged_at=moment, acknowledge_by=column.acknowledge_by, today=today
        )
        day = (
            timezone.localdate(moment) if moment is not None else column.acknowledge_by
        )
        cells[(by_user[user_id].membership_id, signal_id)] = SignalCell(status, day)
    return signal_columns, cells


def signal_board_get(
    *,
    organisation: Organisation,
    members,
    columns: list[Column],
    today: datetime.date,
    limit: int = DASHBOARD_SIGNALS,
    people: list[PersonRow] | None = None,
) -> SignalBoard:
    """The signals that visibly reached any of `members` (a queryset of the
    organisation's current memberships), latest deadline first, with totals
    over those members and a row of cells per member. `people` may give the
    members' light rows already read (`Dashboard.members`): one query less."""
    if people is None:
        people = light_rows(members)
    found, cells = _cells(
        organisation=organisation, people=people, columns=columns, today=today
    )
    shown = {signal_id for _m, signal_id in cells}
    chosen = sorted(
        (column for column in found.values() if column.signal_id in shown),
        key=lambda column: (column.acknowledge_by, column.signal_id),
        reverse=True,
    )[:limit]
    totals = [SignalTotal(column=column) for column in chosen]
    rows: dict[int, list[SignalCell | None]] = {}
    for person in people:
        row = [cells.get((person.membership_id, c.signal_id)) for c in chosen]
        rows[person.membership_id] = row
        for total, cell in zip(totals, row, strict=True):
            if cell is not None:
                total.counts[cell.status] = total.counts.get(cell.status, 0) + 1
    return SignalBoard(columns=chosen, totals=totals, cells=rows)


def signal_export_columns(
    *, organisation: Organisation, columns: list[Column], today: datetime.date
) -> dict[int, SignalColumn]:
    """Every live signal that visibly reached a current member (exports list
    them all, not only the dashboard's latest)."""
    people = light_rows(
        Membership.objects.active(today).filter(organisation=organisation)
    )
    found, cells = _cells(
        organisation=organisation, people=people, columns=columns, today=today
    )
    shown = {signal_id for _m, signal_id in cells}
    return {pk: column for pk, column in found.items() if pk in shown}


def signal_cells_for(
    *,
    organisation: Organisation,
    people: list[PersonRow],
    columns: list[Column],
    signal_columns: dict[int, SignalColumn],
    today: datetime.date,
) -> dict[tuple[int, int], SignalCell]:
    """{(membership id, signal id): cell} for a chunk of an export."""
    if not signal_columns:
        return {}
    return _cells(
        organisation=organisation,
        people=people,
        columns=columns,
        today=today,
        signal_columns=signal_columns,
    )[1]


def person_signals(
    *, organisation: Organisation, membership: Membership, today: datetime.date
) -> list[tuple[SignalColumn, SignalCell]]:
    """The signals that visibly reached this current member, latest deadline
    first, with their status; nothing once the membership has ended."""
    board = signal_board_get(
        organisation=organisation,
        members=Membership.objects.active(today).filter(pk=membership.pk),
        columns=columns_for(organisation=organisation),
        today=today,
        limit=PERSON_SIGNALS,
    )
    cells = board.cells.get(membership.pk, [])
    return [
        (column, cell)
        for column, cell in zip(board.columns, cells, strict=True)
        if cell is not None
    ]
