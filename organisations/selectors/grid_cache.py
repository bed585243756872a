"""An organisation's dashboard grid, cached (issue 16, national scale): every
current member's light row (`matrix.LIGHT_FIELDS`) and cells, in name order.
The totals, the status filter and the status sort need every member's cells, so
without it each request read and computed all of them (50,000 cells for 5,000
people and 10 courses).

An entry is stored under the organisation, the Dutch day, the required courses
with their rules (`columns_for`, read on every request; course titles are not
part of a cell) and the versions (training.learner_cache) of the organisation
(teams, requirements, its validity rules), of its member set (`members_scope`:
any of its membership rows saved or deleted) and of everyone. It holds the
version of its members' statuses (`statuses_scope`, replaced whenever any
member's own version is: their certificates, enrolments, consents,
memberships, name and profession, erasure) and is used as it is while that is
unchanged: one read, whatever the number of members.

When it has changed, the version of every member (`learner_scope`), stored
beside the entry, tells which members changed: only their rows and cells are
read again, and the order by name is read again (a name may have changed).
Every version is read before the rows it stands for, so a change made while an
entry is built or refreshed leaves that entry stale.

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
from organisations.selectors.matrix import cells_fill, light_rows, members_own_users
from training import learner_cache
from training.learner_cache import EVERYONE, learner_scope, organisation_scope

TIMEOUT = 60 * 60  # seconds
FORMAT = 2  # part of the key: a new shape of entry never reads an old one
# More changed members than this and the whole grid is computed again: a
# refresh reads their rows by user id, a list that long costs more than it saves.
REFRESH_LIMIT = 500


def members_scope(organisation_id: int) -> str:
    """The organisation's member set: replaced whenever one of its membership
    rows is saved or deleted (organisations/apps.py). Not `organisation_scope`,
    which every member's "Mijn leeromgeving" depends on."""
    return f"organisation-members:{organisation_id}"


def statuses_scope(organisation_id: int) -> str:
    """Replaced whenever any member's own version is (`FOLLOWERS_HOOK` in
    organisations/wagtail_hooks.py): one read tells a request that none of
    thousands of members changed."""
    return f"organisation-statuses:{organisation_id}"


@dataclass(frozen=True)
class Grid:
    entry_id: str  # names this entry's stored orders
    people: list[PersonRow]  # fresh rows: the caller may change them


def _key(*, organisation: Organisation, columns: list[Column], today, versions) -> str:
    raw = repr(
        (
            FORMAT,
            organisation.pk,
            today.isoformat(),
            versions,
            [(column.course_id, column.rules) for column in columns],
            expiring_within_days(),
        )
    )
    return f"dashboard-grid:{hashlib.sha256(raw.encode()).hexdigest()}"


def _people(rows: list[tuple]) -> list[PersonRow]:
    return [
        PersonRow(pk, user_id, profession, team_id, parent_id, start, cells=list(cells))
        for pk, user_id, profession, team_id, parent_id, start, cells in rows
    ]


def _row(person: PersonRow) -> tuple:
    return (
        person.membership_id,
        person.user_id,
        person.profession,
        person.team_id,
        person.team_parent_id,
        person.start_date,
        tuple(person.cells),
    )


@dataclass(frozen=True)
class _Context:
    key: str
    statuses: str  # the members' statuses version, read before any row
    organisation: Organisation
    columns: list[Column]
    today: datetime.date
    members: QuerySet[Membership]


def _store(context: _Context, rows: list[tuple], tokens: list[str]) -> str:
    """Store the rows with the version of each member they were read under
    (kept apart: only a refresh reads them)."""
    entry_id = secrets.token_hex(8)
    cache.set_many(
        {
            context.key: (entry_id, context.statuses, rows),
            f"{context.key}:tokens": (entry_id, tokens),
        },
        TIMEOUT,
    )
    return entry_id


def _built(context: _Context, token_of: dict[int, str | None]) -> Grid:
    """Every member's row and cells computed. `token_of` holds members'
    versions already read (for a stale entry) that are still good to use."""
    members = context.members
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
    cells_fill(
        organisation=context.organisation,
        people=people,
        columns=context.columns,
        today=context.today,
    )
    entry_id = secrets.token_hex(8)
    if {person.user_id for person in people} == token_of.keys():
        # else the member set changed meanwhile: `members_scope` has moved on
        entry_id = _store(
            context,
            [_row(person) for person in people],
            [token_of[person.user_id] for person in people],
        )
    return Grid(entry_id=entry_id, people=people)


def _refreshed(context: _Context, entry_id: str, rows: list[tuple]) -> Grid:
    """The stored rows with those of the members whose version changed
    computed again, in the members' current name order (a name may have
    changed); everything computed again when that is not possible."""
    stored = cache.get(f"{context.key}:tokens")
    scopes = [learner_scope(row[1]) for row in rows]
    now = learner_cache.versions_many(scopes, make=True)
    token_of = {row[1]: token for row, token in zip(rows, now, strict=True)}
    if stored is None or stored[0] != entry_id:
        return _built(context, token_of)  # evicted, or another request's
    changed = {
        row[1]
        for row, before, after in zip(rows, stored[1], now, strict=True)
        if before != after
    }
    if len(changed) > REFRESH_LIMIT:
        return _built(context, token_of)
    row_of = {row[0]: row for row in rows}
    if changed:
        order = list(members_own_users(context.members).values_list("pk", flat=True))
        people = light_rows(context.members.filter(user_id__in=changed))
        expected = {pk for pk, row in row_of.items() if row[1] in changed}
        if (
            len(order) != len(row_of)
            or row_of.keys() != set(order)
            or {person.membership_id for person in people} != expected
        ):
            return _built(context, token_of)  # the member set changed meanwhile
        cells_fill(
            organisation=context.organisation,
            people=people,
            columns=context.columns,
            today=context.today,
        )
        row_of.update((person.membership_id, _row(person)) for person in people)
        rows = [row_of[pk] for pk in order]
    entry_id = _store(context, rows, [token_of[row[1]] for row in rows])
    return Grid(entry_id=entry_id, people=_people(rows))


def _versions_read(
    *, organisation: Organisation, columns: list[Column], today: datetime.date
) -> tuple[str, str]:
    """The grid's key and its members' statuses version (one round trip)."""
    scopes = [
        organisation_scope(organisation.pk),
        members_scope(organisation.pk),
        EVERYONE,
        statuses_scope(organisation.pk),
    ]
    versions = learner_cache.versions(scopes)
    key = _key(
        organisation=organisation,
        columns=columns,
        today=today,
        versions=[versions[scope] for scope in scopes[:3]],
    )
    return key, versions[scopes[3]]


def view_key(
    *,
    organisation: Organisation,
    columns: list[Column],
    today: datetime.date,
    view: tuple,
) -> str | None:
    """A key for what a page shows of the grid (`view`: its filters, order and
    page), valid while the grid is, with the course titles; None without a
    shared cache. Read it before the rows, as any version."""
    if not learner_cache.enabled():
        return None
    key, statuses = _versions_read(
        organisation=organisation, columns=columns, today=today
    )
    titles = [column.title for column in columns]
    raw = repr((key, statuses, titles, view))
    return f"dashboard-view:{hashlib.sha256(raw.encode()).hexdigest()}"


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
    key, statuses = _versions_read(
        organisation=organisation, columns=columns, today=today
    )
    context = _Context(
        key=key,
        statuses=statuses,
        organisation=organisation,
        columns=columns,
        today=today,
        members=members,
    )
    entry = cache.get(context.key)
    if entry is None:
        return _built(context, {})
    entry_id, statuses, rows = entry
    if statuses == context.statuses:
        return Grid(entry_id=entry_id, people=_people(rows))
    return _refreshed(context, entry_id, rows)


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
