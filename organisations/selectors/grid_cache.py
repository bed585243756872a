"""An organisation's dashboard grid, cached (issue 16, national scale): every
current member's light row (`matrix.LIGHT_FIELDS`) and cells, in name order.
The totals, the status filter and the status sort need every member's cells, so
without it each request read and computed all of them (50,000 cells for 5,000
people and 10 courses).

An entry is stored under the organisation, the Dutch day, the required courses
with their rules (`columns_for`, read on every request; course titles are not
part of a cell) and the versions (training.learner_cache) of the organisation
(teams, requirements, its validity rules), of its member set (`members_scope`:
any of its membership rows saved or deleted) and of everyone. It also holds a
digest of the versions of every member in it (`learner_scope`: their
certificates, enrolments, consents, memberships, name and profession, erasure)
and is used only while these are unchanged: one `get_many` of every member's
version per request. Every version is read before the rows it stands for, so a
change made while an entry is built leaves that entry unused.

Orders other than by name are read once per entry (membership ids only) and
stored beside it.

Used only with a cache every process shares (`learner_cache.enabled()`): with
each process's own memory, a change made in one process would leave another
showing the old statuses.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from certificates.status import expiring_within_days
from organisations.grid import Column, PersonRow
from organisations.models import Membership, Organisation
from organisations.selectors.matrix import cells_fill, light_rows
from training import learner_cache
from training.learner_cache import EVERYONE, learner_scope, organisation_scope

TIMEOUT = 60 * 60  # seconds
FORMAT = 1  # part of the key: a new shape of entry never reads an old one


def members_scope(organisation_id: int) -> str:
    """The organisation's member set: replaced whenever one of its membership
    rows is saved or deleted (organisations/apps.py). Not `organisation_scope`,
    which every member's "Mijn leeromgeving" depends on."""
    return f"organisation-members:{organisation_id}"


@dataclass(frozen=True)
class Grid:
    entry_id: str  # names this entry's stored orders
    people: list[PersonRow]  # fresh rows: the caller may change them


def _key(*, organisation: Organisation, columns: list[Column], today) -> str:
    scopes = [
        organisation_scope(organisation.pk),
        members_scope(organisation.pk),
        EVERYONE,
    ]
    versions = learner_cache.versions(scopes)
    raw = repr(
        (
            FORMAT,
            organisation.pk,
            today.isoformat(),
            [versions[scope] for scope in scopes],
            [(column.course_id, column.rules) for column in columns],
            expiring_within_days(),
        )
    )
    return f"dashboard-grid:{hashlib.sha256(raw.encode()).hexdigest()}"


def _digest(tokens: list[str | None]) -> str | None:
    if None in tokens:
        return None
    return hashlib.sha256("|".join(tokens).encode()).hexdigest()


def _people(rows: list[tuple]) -> list[PersonRow]:
    return [
        PersonRow(pk, user_id, profession, team_id, parent_id, start, cells=list(cells))
        for pk, user_id, profession, team_id, parent_id, start, cells in rows
    ]


def grid_get(
    *,
    organisation: Organisation,
    columns: list[Column],
    today: datetime.date,
    members: QuerySet[Membership],
) -> Grid | None:
    """Every current member with their cells, in the order of `members` (the
    organisation's current members in name order), from the cache while nothing
    that could change them has changed; None without a shared cache."""
    if not learner_cache.enabled():
        return None
    key = _key(organisation=organisation, columns=columns, today=today)
    entry = cache.get(key)
    token_of: dict[int, str | None] = {}
    if entry is not None:
        entry_id, digest, rows = entry
        tokens = learner_cache.versions_many([learner_scope(row[1]) for row in rows])
        if _digest(tokens) == digest:
            return Grid(entry_id=entry_id, people=_people(rows))
        # read before the rows below: still good for the rebuild (thousands of
        # keys, tens of milliseconds, not read twice)
        token_of = {row[1]: token for row, token in zip(rows, tokens, strict=True)}
    # The members' versions first (their ids from a narrow query), then their
    # rows and cells.
    user_ids = list(dict.fromkeys(members.order_by().values_list("user_id", flat=True)))
    unknown = [user_id for user_id in user_ids if token_of.get(user_id) is None]
    made = learner_cache.versions_many(
        [learner_scope(user_id) for user_id in unknown], make=True
    )
    token_of = {user_id: token_of.get(user_id) for user_id in user_ids}
    token_of.update(zip(unknown, made, strict=True))
    people = light_rows(members)
    cells_fill(organisation=organisation, people=people, columns=columns, today=today)
    entry_id = secrets.token_hex(8)
    if {person.user_id for person in people} == token_of.keys():
        # else the member set changed meanwhile: `members_scope` has moved on
        digest = _digest([token_of[person.user_id] for person in people])
        rows = [
            (
                person.membership_id,
                person.user_id,
                person.profession,
                person.team_id,
                person.team_parent_id,
                person.start_date,
                tuple(person.cells),
            )
            for person in people
        ]
        cache.set(key, (entry_id, digest, rows), TIMEOUT)
    return Grid(entry_id=entry_id, people=people)


def grid_ordered(
    grid: Grid, *, sort: str, membership_ids: Callable[[], list[int]]
) -> list[PersonRow] | None:
    """The grid's people in the order `membership_ids()` reads from the
    database, stored beside the entry; None when that order names other people
    (the member set changed meanwhile)."""
    key = f"dashboard-grid-order:{grid.entry_id}:{sort}"
    order = cache.get(key)
    by_id = {person.membership_id: person for person in grid.people}
    if order is None:
        order = membership_ids()
        if len(order) != len(by_id) or by_id.keys() != set(order):
            return None
        cache.set(key, order, TIMEOUT)
    return [by_id[membership_id] for membership_id in order]
