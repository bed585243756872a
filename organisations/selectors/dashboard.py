"""The compliance dashboard: people × required courses, one status per cell.

A page costs the five queries of `organisations.selectors.matrix` whatever the
number of people. Filters on team, profession
and search run in the database; the status filter, sorting by a course's status and
the totals per course need every member's statuses and run in Python on plain
tuples (5,000 people × 10 courses stay well under the 300 ms page budget, see
`bench/compliance.py`). Exports walk the members in chunks (`people_chunks`), so
their memory does not grow with the number of rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from organisations.compliance import SEVERITY, CellStatus
from organisations.models import Membership, Organisation
from organisations.selectors.matrix import (
    PERSON_FIELDS,
    Column,
    PersonRow,
    cells_fill,
    columns_for,
    person_row,
)

PER_PAGE = 50
EXPORT_CHUNK = 500
SORTS = ("naam", "-naam", "email", "team")
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


def members_queryset(
    *, organisation: Organisation, filters: Filters, today: datetime.date
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
        members = members.filter(
            Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
        )
    return members.order_by("user__last_name", "user__first_name", "user__email")


def _sort_key(sort: str, columns: list[Column]):
    def name(person: PersonRow):
        return (person.last_name.lower(), person.first_name.lower(), person.email)

    if sort == "email":
        return lambda person: person.email, False
    if sort == "team":
        return lambda person: (
            person.team_name.lower() or "\uffff",
            *name(person),
        ), False
    if sort == "-naam":
        return name, True
    if sort.lstrip("-").startswith("c"):
        try:
            course_id = int(sort.lstrip("-")[1:])
        except ValueError:
            return name, False
        index = next(
            (i for i, c in enumerate(columns) if c.course_id == course_id), None
        )
        if index is not None:

            def by_status(person: PersonRow):
                cell = person.cells[index]
                if cell is None:
                    return (99, datetime.date.max, *name(person))
                return (SEVERITY[cell.status], cell.date, *name(person))

            return by_status, sort.startswith("-")
    return name, False


def sort_valid(sort: str, columns: list[Column]) -> str:
    if sort in SORTS:
        return sort
    ids = {f"c{column.course_id}" for column in columns}
    return sort if sort.lstrip("-") in ids else "naam"


def totals_for(*, people: list[PersonRow], columns: list[Column]) -> list[Total]:
    counters = [Counter() for _ in columns]
    for person in people:
        for counter, cell in zip(counters, person.cells, strict=True):
            if cell is not None:
                counter[cell.status] += 1
    return [
        Total(counts=dict(counter), required=sum(counter.values()))
        for counter in counters
    ]


def dashboard_get(
    *,
    organisation: Organisation,
    filters: Filters,
    page_number: str | int | None,
    today: datetime.date,
    per_page: int = PER_PAGE,
) -> Dashboard:
    """One page of the dashboard with totals over every person the filters match,
    in five queries."""
    columns = columns_for(organisation=organisation)
    members = members_queryset(organisation=organisation, filters=filters, today=today)
    people = [person_row(values) for values in members.values_list(*PERSON_FIELDS)]
    cells_fill(
        organisation=organisation,
        people=people,
        columns=columns,
        today=today,
        user_ids=members.values("user_id") if len(people) > 500 else None,
    )
    if filters.status in STATUSES:
        people = [person for person in people if person.has_status(filters.status)]
    key, reverse = _sort_key(sort_valid(filters.sort, columns), columns)
    if key is not None and filters.sort != "naam":
        people.sort(key=key, reverse=reverse)
    paginator = Paginator(people, per_page, allow_empty_first_page=True)
    return Dashboard(
        columns=columns,
        page=paginator.get_page(page_number),
        totals=totals_for(people=people, columns=columns),
        people_count=len(people),
        today=today,
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
