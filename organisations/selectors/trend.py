"""Compliance over time for an organisation's managers: the share of staff with
a valid certificate at the end of each of the last months, per required course
and for all courses together, per team today, and what expires in the coming
weeks.

One status function: today's figures, the teams and the weeks come from
`grid.cells_compute` (so from `compliance.cell_status`), the same code the
dashboard and the exports use; a cell counts as "valid" when its status is
GELDIG or VERLOOPT_BINNENKORT. The past months count the same cells without
computing each one (`_month_shares`: bit masks of the days each membership and
certificate covers; 12 x people x courses cells took 4/5 of the page's time at
5,000 people), and a test holds them equal to `cells_compute` day by day. Only
the facts differ: the dashboard reads the certificates as they are now, this
reads them as they were on each date:

- a member on that date: the membership started on or before it and had not
  ended before it (`Membership.start_date`/`end_date`); the team and profession
  are today's (the model keeps no history of them);
- a certificate on that date: issued on or before it, not yet revoked then,
  and not yet replaced then (its successor issued after the date); visible to
  the organisation as the dashboard decides (earned as a member, or with
  consent; consent is today's, its history is not kept).

For today these facts are the dashboard's, so the last point equals it.
Everything is read in five queries whatever the number of people (a sixth
reads the names of those whose certificates expire in the coming weeks); the
months are counted in Python from those rows.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from certificates.models import Certificate
from certificates.status import expiring_within_days
from courses.models import Enrolment
from organisations.compliance import CellStatus
from organisations.grid import Column, PersonRow, cells_compute
from organisations.models import CertificateConsent, Membership, Organisation
from organisations.selectors.matrix import columns_for

MONTHS = 12
WEEKS = 13
VALID = frozenset({CellStatus.GELDIG, CellStatus.VERLOOPT_BINNENKORT})


@dataclass(frozen=True)
class Share:
    valid: int
    required: int  # people for whom the course was required then

    @property
    def percent(self) -> int | None:
        """Whole percent (0–100), None when nobody was required."""
        if not self.required:
            return None
        return round(100 * self.valid / self.required)


@dataclass(frozen=True)
class Series:
    """One line of the trend: a course (`course_id`) or all together (None)."""

    course_id: int | None
    title: str
    shares: list[Share]  # aligned with `Trend.dates`


@dataclass(frozen=True)
class TeamShare:
    team_id: int
    name: str
    share: Share


@dataclass(frozen=True)
class Expiry:
    membership_id: int
    name: str
    course: str
    valid_until: datetime.date
    renewing: bool


@dataclass(frozen=True)
class Week:
    start: datetime.date
    end: datetime.date  # inclusive
    expiring: int  # certificates of required courses ending in this week
    renewing: int  # of those, the holder has started the next cycle
    expiries: list[Expiry]  # who, by date and name


@dataclass(frozen=True)
class Trend:
    dates: list[datetime.date]  # month ends, the last one is today
    overall: Series  # people valid for every course required of them
    courses: list[Series]
    teams: list[TeamShare]  # today, worst first
    weeks: list[Week]


@dataclass(frozen=True, slots=True)
class _Held:
    course_id: int
    issued_on: datetime.date
    valid_until: datetime.date
    ends_on: datetime.date | None  # revoked or replaced from this day on
    cycle: int


def month_ends(*, today: datetime.date, months: int = MONTHS) -> list[datetime.date]:
    """The last day of each of the `months - 1` months before today's month,
    oldest first, then today."""
    ends = []
    end = today.replace(day=1) - datetime.timedelta(days=1)
    for _ in range(months - 1):
        ends.append(end)
        end = end.replace(day=1) - datetime.timedelta(days=1)
    return [*reversed(ends), today]


def _date(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else timezone.localdate(moment)


def _held_on(
    certificates: list[_Held], day: datetime.date, start: datetime.date, shared: bool
) -> dict[int, datetime.date]:
    held: dict[int, datetime.date] = {}
    for cert in certificates:
        if cert.issued_on > day or (cert.ends_on is not None and cert.ends_on <= day):
            continue
        if not shared and cert.issued_on < start:
            continue
        known = held.get(cert.course_id)
        if known is None or cert.valid_until > known:
            held[cert.course_id] = cert.valid_until
    return held


def _share(people: list[PersonRow], index: int | None) -> Share:
    valid = required = 0
    for person in people:
        cells = (
            [c for c in person.cells if c is not None]
            if index is None
            else [c for c in person.cells[index : index + 1] if c is not None]
        )
        if not cells:
            continue
        required += 1
        valid += all(cell.status in VALID for cell in cells)
    return Share(valid=valid, required=required)


def _shares(people: list[PersonRow], size: int) -> tuple[Share, list[Share]]:
    """All courses together and per course, in one pass over the cells."""
    valid, required = [0] * size, [0] * size
    all_valid = all_required = 0
    for person in people:
        counted, complete = False, True
        for index, cell in enumerate(person.cells):
            if cell is None:
                continue
            counted = True
            required[index] += 1
            if cell.status in VALID:
                valid[index] += 1
            else:
                complete = False
        if counted:
            all_required += 1
            all_valid += complete
    return Share(all_valid, all_required), [
        Share(v, r) for v, r in zip(valid, required, strict=True)
    ]


def _span(days: list[datetime.date], first: datetime.date, last: datetime.date | None):
    """A bit mask of the indexes of `days` (sorted) from `first` to `last`
    (None: no end), both included."""
    start = bisect_left(days, first)
    stop = len(days) if last is None else bisect_right(days, last)
    return ((1 << stop) - (1 << start)) if stop > start else 0


def _month_shares(
    *,
    rows: list[tuple[PersonRow, datetime.date | None]],
    columns: list[Column],
    certificates: dict[int, list[_Held]],
    consented: set[int],
    days: list[datetime.date],
) -> tuple[list[Share], list[list[Share]]]:
    """The shares on each of `days`, as `cells_compute` would count them, without
    computing every cell of every month: a cell is valid (GELDIG or
    VERLOOPT_BINNENKORT) exactly when a certificate the organisation may see is
    current on the day and its `valid_until` is not before it, so each person's
    memberships and certificates become bit masks of the days they cover (one
    bit per day), and the shares are counted from how many people share a mask.
    tests/organisations/test_trend.py compares this with `cells_compute` on
    made-up histories."""
    size = len(columns)
    one_day = datetime.timedelta(days=1)
    index = {column.course_id: i for i, column in enumerate(columns)}
    required_by_group: dict[tuple, list[int]] = {}
    # (column index or -1 for all together, active mask, valid mask) -> people
    counts: Counter[tuple[int, int, int]] = Counter()
    for person, end in rows:
        active = _span(days, person.start_date, end)
        if not active:
            continue
        group = (person.team_id, person.team_parent_id, person.profession)
        required = required_by_group.get(group)
        if required is None:
            required = required_by_group[group] = [
                i for i, column in enumerate(columns) if column.due_rules_for(person)
            ]
        if not required:
            continue
        held = [0] * size
        shared = person.user_id in consented
        for cert in certificates.get(person.user_id, ()):
            column = index.get(cert.course_id)
            if column is None or (not shared and cert.issued_on < person.start_date):
                continue
            last = cert.valid_until
            if cert.ends_on is not None and cert.ends_on - one_day < last:
                last = cert.ends_on - one_day
            if last >= cert.issued_on:
                held[column] |= _span(days, cert.issued_on, last)
        complete = active
        for column in required:
            valid = held[column] & active
            counts[(column, active, valid)] += 1
            complete &= valid
        counts[(-1, active, complete)] += 1
    valid_on = [[0] * len(days) for _ in range(size + 1)]
    required_on = [[0] * len(days) for _ in range(size + 1)]
    for (column, active, valid), people in counts.items():
        for bit in range(len(days)):
            if active >> bit & 1:
                required_on[column][bit] += people
                valid_on[column][bit] += valid >> bit & 1 and people
    overall = [Share(v, r) for v, r in zip(valid_on[-1], required_on[-1], strict=True)]
    per_course = [
        [Share(v, r) for v, r in zip(valid_on[i], required_on[i], strict=True)]
        for i in range(size)
    ]
    return overall, per_course


def trend_get(*, organisation: Organisation, today: datetime.date) -> Trend:
    """The trend of `organisation` up to `today`, in at most six queries."""
    columns = columns_for(organisation=organisation)
    dates = month_ends(today=today)
    if not columns:
        return Trend(dates, Series(None, "", [Share(0, 0)] * len(dates)), [], [], [])
    memberships = list(
        Membership.objects.filter(organisation=organisation, start_date__lte=today)
        .exclude(end_date__lt=dates[0])
        .values_list(
            "pk",
            "user_id",
            "user__profession",
            "team_id",
            "team__parent_id",
            "team__name",
            "team__parent__name",
            Cast("start_date", CharField()),
            Cast("end_date", CharField()),
        )
    )
    consented = set(
        CertificateConsent.objects.filter(
            organisation=organisation, granted=True, revoked_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    course_ids = [column.course_id for column in columns]
    certificates: dict[int, list[_Held]] = defaultdict(list)
    for user_id, course_id, issued, until, revoked_at, successor, cycle in (
        Certificate.objects.filter(
            user__memberships__organisation=organisation,
            course_id__in=course_ids,
            issued_on__lte=today,
        )
        .order_by()
        .values_list(
            "user_id",
            "course_id",
            Cast("issued_on", CharField()),
            Cast("valid_until", CharField()),
            "revoked_at",
            Cast("replaced_by__issued_on", CharField()),
            "cycle",
        )
    ):
        ends = [d for d in (_day(revoked_at), _date(successor)) if d is not None]
        certificates[user_id].append(
            _Held(
                course_id,
                _date(issued),
                _date(until),
                min(ends) if ends else None,
                cycle,
            )
        )
    cycles = {
        (user_id, course_id): cycle
        for user_id, course_id, cycle in Enrolment.objects.filter(
            user__memberships__organisation=organisation, course_id__in=course_ids
        ).values_list("user_id", "course_id", "cycle")
    }
    expiring_days = expiring_within_days()
    rows = [
        (
            PersonRow(pk, user_id, profession, team_id, parent_id, _date(start)),
            _date(end),
            (team_id, team_name, parent_id, parent_name),
        )
        for (
            pk,
            user_id,
            profession,
            team_id,
            parent_id,
            team_name,
            parent_name,
            start,
            end,
        ) in memberships
    ]
    overall, per_course = _month_shares(
        rows=[(person, end) for person, end, _team in rows],
        columns=columns,
        certificates=certificates,
        consented=consented,
        days=dates[:-1],
    )
    # Today with the dashboard's code: the last point equals the dashboard,
    # and the teams and the weeks need today's cells.
    day = dates[-1]
    people = [
        person
        for person, end, _team in rows
        if person.start_date <= day and (end is None or end >= day)
    ]
    held = {
        person.user_id: _held_on(
            certificates.get(person.user_id, []),
            day,
            person.start_date,
            person.user_id in consented,
        )
        for person in people
    }
    cells_compute(
        people=people,
        columns=columns,
        today=day,
        held=held,
        started={},
        expiring_within_days=expiring_days,
    )
    everything, courses = _shares(people, len(columns))
    overall.append(everything)
    for shares, share in zip(per_course, courses, strict=True):
        shares.append(share)
    return Trend(
        dates=dates,
        overall=Series(None, "", overall),
        courses=[
            Series(column.course_id, column.title, shares)
            for column, shares in zip(columns, per_course, strict=True)
        ],
        teams=_teams(people, {row[0].membership_id: row[2] for row in rows}),
        weeks=_weeks(people, columns, certificates, cycles, consented, today),
    )


def _teams(people: list[PersonRow], teams: dict[int, tuple]) -> list[TeamShare]:
    """Today's share per team; a team with subteams counts their people too,
    as the dashboard's team filter does."""
    members: dict[int, list[PersonRow]] = defaultdict(list)
    names: dict[int, str] = {}
    for person in people:
        team_id, team_name, parent_id, parent_name = teams[person.membership_id]
        if team_id is None:
            continue
        members[team_id].append(person)
        names[team_id] = team_name
        if parent_id is not None:
            members[parent_id].append(person)
            names[parent_id] = parent_name
    found = [
        TeamShare(team_id, names[team_id], _share(group, None))
        for team_id, group in members.items()
    ]
    found = [team for team in found if team.share.required]
    found.sort(key=lambda t: (t.share.valid / t.share.required, t.name.lower()))
    return found


def _weeks(
    people: list[PersonRow],
    columns: list[Column],
    certificates: dict[int, list[_Held]],
    cycles: dict[tuple[int, int], int],
    consented: set[int],
    today: datetime.date,
) -> list[Week]:
    """Per seven days from today, the certificates the dashboard shows for
    today's members and their required courses that end in those days."""
    found: list[list[tuple]] = [[] for _ in range(WEEKS)]
    horizon = today + datetime.timedelta(days=7 * WEEKS)
    for person in people:
        shown: dict[int, _Held] = {}
        for cert in certificates.get(person.user_id, []):
            if cert.ends_on is not None and cert.ends_on <= today:
                continue
            if person.user_id not in consented and cert.issued_on < person.start_date:
                continue
            known = shown.get(cert.course_id)
            if known is None or cert.valid_until > known.valid_until:
                shown[cert.course_id] = cert
        for column, cell in zip(columns, person.cells, strict=True):
            cert = shown.get(column.course_id)
            if cell is None or cert is None:
                continue
            if not today <= cert.valid_until < horizon:
                continue
            cycle = cycles.get((person.user_id, column.course_id), 0)
            found[(cert.valid_until - today).days // 7].append(
                (
                    person.membership_id,
                    column.title,
                    cert.valid_until,
                    cycle > cert.cycle,
                )
            )
    ids = {entry[0] for entries in found for entry in entries}
    names = {}
    if ids:
        names = {
            pk: f"{first} {last}".strip() or email
            for pk, first, last, email in Membership.objects.filter(
                pk__in=ids
            ).values_list("pk", "user__first_name", "user__last_name", "user__email")
        }
    weeks = []
    for index, entries in enumerate(found):
        start = today + datetime.timedelta(days=7 * index)
        expiries = sorted(
            (
                Expiry(pk, names[pk], title, valid_until, renewing)
                for pk, title, valid_until, renewing in entries
            ),
            key=lambda e: (e.valid_until, e.name.lower(), e.course),
        )
        weeks.append(
            Week(
                start,
                start + datetime.timedelta(days=6),
                len(expiries),
                sum(e.renewing for e in expiries),
                expiries,
            )
        )
    return weeks
