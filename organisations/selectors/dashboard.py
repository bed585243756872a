"""The compliance dashboard: people × required courses, one status per cell.

A page costs a fixed number of queries whatever the number of people: the
required courses, every matching member as a few plain values, the current
certificates (visible, and hidden but valid) and the visible activity of those
members, by user id (`matrix.cells_fill`), then names for the rows on the
page. Filters on team, profession and search, and sorting by name, address or
team run in the database; the status filter, sorting by a course's status (a
stable sort, so names stay in order within a status) and the totals per course
need every member's statuses and run in Python (`grid.cells_compute`, which
shares rows of cells between people with the same rules and start date). The
dashboard view hands the same member rows to the signal board
(`Dashboard.members`). Exports walk the members in chunks (`people_chunks`),
so their memory does not grow with the number of rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from organisations.compliance import SEVERITY, CellStatus
from organisations.models import Membership, Organisation
from organisations.selectors.grid_cache import grid_get, grid_ordered
from organisations.selectors.matrix import (
    PERSON_FIELDS,
    Column,
    PersonRow,
    cells_fill,
    columns_for,
    details_fill,
    light_rows,
    person_row,
)

PER_PAGE = 50
EXPORT_CHUNK = 500
_NAME = (Lower("user__last_name"), Lower("user__first_name"), "user__email")
ORDERINGS = {
    "naam": _NAME,
    "-naam": tuple(
        order.desc() if hasattr(order, "desc") else f"-{order}" for order in _NAME
    ),
    "email": ("user__email",),
    "team": (Lower("team__name"), *_NAME),
}
STATUSES = frozenset(status.value for status in CellStatus)


@dataclass(frozen=True)
class Filters:
    team: int | None = None
    profession: str = ""
    status: str = ""
    query: str = ""
    sort: str = "naam"


@dataclass(frozen=True)
class Total:
    counts: dict[CellStatus, int]
    required: int

    def get(self, status: str) -> int:
        return self.counts.get(CellStatus(status), 0)


@dataclass(frozen=True)
class Dashboard:
    columns: list[Column]
    page: Page
    totals: list[Total]
    people_count: int
    today: datetime.date
    sort: str
    # every member the filters other than the status match, in no set order
    # (for the signal board)
    members: list[PersonRow] = field(default_factory=list)


def sort_valid(sort: str, columns: list[Column]) -> str:
    if sort in ORDERINGS:
        return sort
    ids = {f"c{column.course_id}" for column in columns}
    return sort if sort.lstrip("-") in ids else "naam"


def search_condition(query: str, *, prefix: str = "") -> Q:
    """Part of a first name, last name or email address. On PostgreSQL the
    trigram indexes of training/migrations/0011 answer it."""
    return (
        Q(**{f"{prefix}first_name__icontains": query})
        | Q(**{f"{prefix}last_name__icontains": query})
        | Q(**{f"{prefix}email__icontains": query})
    )


def members_queryset(
    *,
    organisation: Organisation,
    filters: Filters,
    today: datetime.date,
    sort: str = "naam",
) -> QuerySet[Membership]:
    members = Membership.objects.active(today).filter(organisation=organisation)
    if filters.team:
        members = members.filter(
            Q(team_id=filters.team) | Q(team__parent_id=filters.team)
        )
    if filters.profession:
        members = members.filter(user__profession=filters.profession)
    query = filters.query.strip()[:100]
    if query:
        members = members.filter(search_condition(query, prefix="user__"))
    return members.order_by(*ORDERINGS.get(sort, ORDERINGS["naam"]), "pk")


def _status_sort(people: list[PersonRow], sort: str, columns: list[Column]) -> None:
    """Worst status first (or last with a leading minus); a stable sort keeps
    the database's name order within one status."""
    course_id = int(sort.lstrip("-")[1:])
    index = next(i for i, c in enumerate(columns) if c.course_id == course_id)

    def key(person: PersonRow):
        cell = person.cells[index]
        if cell is None:
            return (len(SEVERITY), datetime.date.max)
        return (SEVERITY[cell.status], cell.date)

    people.sort(key=key, reverse=sort.startswith("-"))


def totals_for(*, people: list[PersonRow], columns: list[Column]) -> list[Total]:
    """The count of each status per column. Cells are shared between people
    (`grid.cells_compute` and the pickled grid keep one object per distinct
    cell), so each column is counted by object in C (`Counter` of `id`s) and
    only the distinct cells are looked at in Python: 50,000 cells cost a few
    milliseconds instead of tens."""
    rows = [person.cells for person in people]
    totals = []
    for index in range(len(columns)):
        column = list(map(itemgetter(index), rows))
        by_id = dict(zip(map(id, column), column, strict=True))
        counts: Counter = Counter()
        for cell_id, number in Counter(map(id, column)).items():
            if (cell := by_id[cell_id]) is not None:
                counts[cell.status] += number
        totals.append(Total(counts=dict(counts), required=sum(counts.values())))
    return totals


def _from_grid(
    *,
    organisation: Organisation,
    filters: Filters,
    today: datetime.date,
    sort: str,
    columns: list[Column],
) -> list[PersonRow] | None:
    """The members the filters match, in `sort`'s order (a course's status
    sorts by name first) with their cells, from the cached grid
    (`grid_cache`); the same people in the same order as the database would
    give. None without a shared cache."""
    grid = grid_get(
        organisation=organisation,
        columns=columns,
        today=today,
        members=members_queryset(
            organisation=organisation, filters=Filters(), today=today
        ),
    )
    if grid is None:
        return None
    people = grid.people
    if sort in ORDERINGS and sort != "naam":
        people = grid_ordered(
            grid,
            sort=sort,
            membership_ids=lambda: list(
                members_queryset(
                    organisation=organisation, filters=Filters(), today=today, sort=sort
                ).values_list("pk", flat=True)
            ),
        )
        if people is None:
            return None
    if team := filters.team:
        people = [p for p in people if team in (p.team_id, p.team_parent_id)]
    if profession := filters.profession:
        people = [p for p in people if p.profession == profession]
    if filters.query.strip()[:100]:
        # the search stays in the database (trigram indexes on PostgreSQL)
        found = set(
            members_queryset(
                organisation=organisation,
                filters=Filters(query=filters.query),
                today=today,
            )
            .order_by()
            .values_list("pk", flat=True)
        )
        people = [p for p in people if p.membership_id in found]
    return people


def dashboard_get(
    *,
    organisation: Organisation,
    filters: Filters,
    page_number: str | int | None,
    today: datetime.date,
    per_page: int = PER_PAGE,
    columns: list[Column] | None = None,
) -> Dashboard:
    """One page of the dashboard with totals over every person the filters
    match, in six queries (`columns`: the required courses, if already read)."""
    if columns is None:
        columns = columns_for(organisation=organisation)
    sort = sort_valid(filters.sort, columns)
    everyone = _from_grid(
        organisation=organisation,
        filters=filters,
        today=today,
        sort=sort,
        columns=columns,
    )
    if everyone is None:
        members = members_queryset(
            organisation=organisation, filters=filters, today=today, sort=sort
        )
        everyone = light_rows(members)
        cells_fill(
            organisation=organisation, people=everyone, columns=columns, today=today
        )
    people = everyone
    if filters.status in STATUSES:
        people = [person for person in people if person.has_status(filters.status)]
    if sort not in ORDERINGS:
        _status_sort(people, sort, columns)
    paginator = Paginator(people, per_page, allow_empty_first_page=True)
    page = paginator.get_page(page_number)
    details_fill(page.object_list)
    return Dashboard(
        columns=columns,
        page=page,
        totals=totals_for(people=people, columns=columns),
        people_count=len(people),
        today=today,
        sort=sort,
        members=everyone,
    )


def people_chunks(
    *,
    organisation: Organisation,
    filters: Filters,
    today: datetime.date,
    columns: list[Column],
    chunk_size: int | None = None,
) -> Iterator[list[PersonRow]]:
    """The filtered people in name order, `chunk_size` at a time with their cells:
    memory stays that of one chunk whatever the size of the organisation."""
    chunk_size = chunk_size or EXPORT_CHUNK
    members = members_queryset(organisation=organisation, filters=filters, today=today)
    chunk: list[PersonRow] = []

    def filled(chunk: list[PersonRow]) -> list[PersonRow]:
        cells_fill(
            organisation=organisation, people=chunk, columns=columns, today=today
        )
        if filters.status in STATUSES:
            return [person for person in chunk if person.has_status(filters.status)]
        return chunk

    for values in members.values_list(*PERSON_FIELDS).iterator(chunk_size=chunk_size):
        chunk.append(person_row(values))
        if len(chunk) >= chunk_size:
            yield filled(chunk)
            chunk = []
    if chunk:
        yield filled(chunk)
