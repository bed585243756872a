"""The compliance matrix: the organisation's required courses (columns), its
members (rows) and one status per cell, in a fixed number of queries whatever the
number of people. Statuses come from the pure rules in
`organisations.compliance`; which certificates an organisation may see follows
`compliance.certificate_visible` (earned as a member, or earlier with consent),
applied in the database so hidden certificates are never even read. Of those
only one fact is read: which required courses a member holds a current
certificate for that is valid today (the status "certificaat aanwezig, nog niet
gedeeld"); never its dates, score or code.

Rows are built in two steps: `LIGHT_FIELDS` (what the statuses need) for every
member, then `details_fill` adds names and team names for the rows on screen.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import CharField, Exists, F, Lookup, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, TruncDate

from certificates.models import Certificate
from certificates.status import expiring_within_days
from courses.models import Enrolment
from organisations.compliance import Cell, DueRule
from organisations.grid import Column, PersonRow, Rule, cells_compute
from organisations.models import (
    CertificateConsent,
    Membership,
    Organisation,
    RequiredTraining,
)

LIGHT_FIELDS = (
    "pk",
    "user_id",
    "user__profession",
    "team_id",
    "team__parent_id",
    "start_date",
)
DISPLAY_FIELDS = (
    "user__first_name",
    "user__last_name",
    "user__email",
    "team__name",
    "role",
)
PERSON_FIELDS = (*LIGHT_FIELDS, *DISPLAY_FIELDS)


def person_row(values: tuple) -> PersonRow:
    """A row from `LIGHT_FIELDS` or `PERSON_FIELDS` values."""
    row = PersonRow(*values)
    row.team_name = row.team_name or ""
    return row


def details_fill(people: list[PersonRow]) -> None:
    """Names, address, team name and role for these rows, in one query."""
    details = {
        values[0]: values[1:]
        for values in Membership.objects.filter(
            pk__in=[person.membership_id for person in people]
        ).values_list("pk", *DISPLAY_FIELDS)
    }
    for person in people:
        first, last, email, team, role = details[person.membership_id]
        person.first_name, person.last_name, person.email = first, last, email
        person.team_name, person.role = team or "", role


def columns_for(*, organisation: Organisation) -> list[Column]:
    """The organisation's required courses, alphabetically, in one query."""
    rows = (
        RequiredTraining.objects.filter(organisation=organisation)
        .order_by("course__title", "course_id", "pk")
        .values_list(
            "course_id",
            "course__title",
            "audience",
            "team_id",
            "profession",
            "due_date",
            "due_within_days",
        )
    )
    columns: dict[int, tuple[str, list[Rule]]] = {}
    for course_id, title, audience, team_id, profession, due_date, days in rows:
        rule = Rule(audience, team_id, profession, DueRule(due_date, days))
        columns.setdefault(course_id, (title, []))[1].append(rule)
    return [
        Column(course_id=course_id, title=title, rules=tuple(rules))
        for course_id, (title, rules) in columns.items()
    ]


# Above this many people SQLite selects them by membership alone instead of
# also listing their user ids (it allows 32,766 parameters in a statement).
ID_LIST_LIMIT = 20_000


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the list as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def user_ids_in(user_ids: list[int]) -> Q | Lookup:
    """A condition on `user_id`: one array parameter on PostgreSQL (5,000 ids
    as a list of parameters cost 20 ms of planning and 17 ms of Python per
    query), a list of parameters elsewhere."""
    if connection.vendor == "postgresql":
        return _AnyOf(F("user_id"), list(user_ids))
    return Q(user_id__in=list(user_ids))


def cells_fill(
    *,
    organisation: Organisation,
    people: list[PersonRow],
    columns: list[Column],
    today: datetime.date,
) -> None:
    """Set `cells` on every person, in three queries: the current
    certificates the organisation may see, the required courses with a hidden
    current certificate valid today, and the courses with activity it may see.
    The queries select these people by user id (so PostgreSQL reads them
    through the index on user id whatever the size of the organisation and of
    the tables) and test their current membership with `EXISTS` (joining
    through the user table instead read all of it, 100,000 rows)."""
    if not people or not columns:
        for person in people:
            person.cells = [None] * len(columns)
        return
    course_ids = [column.course_id for column in columns]
    user_ids = list({person.user_id: None for person in people})
    members = Membership.objects.active(today).filter(organisation=organisation)
    consented = CertificateConsent.objects.filter(
        organisation=organisation, granted=True, revoked_at__isnull=True
    ).values("user_id")

    def member(condition: Q) -> Exists:
        """A current membership of the row's user that meets `condition` (one
        `EXISTS`, which PostgreSQL runs as a join)."""
        return Exists(members.filter(condition, user_id=OuterRef("user_id")))

    def of_people(model) -> QuerySet:
        rows = model.objects.filter(course_id__in=course_ids).order_by()
        if connection.vendor == "postgresql" or len(user_ids) <= ID_LIST_LIMIT:
            rows = rows.filter(user_ids_in(user_ids))
        return rows

    current = of_people(Certificate).filter(
        revoked_at__isnull=True, replaced_by__isnull=True
    )
    certificates: dict[int, dict[int, datetime.date]] = {}
    parse = datetime.date.fromisoformat
    # `compliance.certificate_visible`: earned as a member, or with consent
    for user_id, course_id, text in current.filter(
        member(Q(start_date__lte=OuterRef("issued_on")) | Q(user_id__in=consented))
    ).values_list("user_id", "course_id", Cast("valid_until", CharField())):
        valid_until = parse(text)  # several times faster than the ORM's converter
        held = certificates.setdefault(user_id, {})
        if course_id not in held or valid_until > held[course_id]:
            held[course_id] = valid_until
    unshared: dict[int, set[int]] = {}
    for user_id, course_id in (
        current.filter(member(Q(start_date__gt=OuterRef("issued_on"))))
        .filter(valid_until__gte=today)
        .exclude(user_id__in=consented)
        .values_list("user_id", "course_id")
    ):
        unshared.setdefault(user_id, set()).add(course_id)
    started: dict[int, set[int]] = {}
    for user_id, course_id in (
        of_people(Enrolment)
        .annotate(active_on=TruncDate("last_activity_at"))  # the Dutch day
        .filter(
            # activity since joining; earlier activity only with consent
            member(Q(start_date__lte=OuterRef("active_on")) | Q(user_id__in=consented)),
            last_activity_at__isnull=False,
        )
        .values_list("user_id", "course_id")
    ):
        started.setdefault(user_id, set()).add(course_id)
    cells_compute(
        people=people,
        columns=columns,
        today=today,
        held=certificates,
        started=started,
        expiring_within_days=expiring_within_days(),
        unshared=unshared,
    )


def _member_row(membership: Membership) -> PersonRow:
    return person_row(
        Membership.objects.filter(pk=membership.pk).values_list(*PERSON_FIELDS).get()
    )


def person_cells(
    *, organisation: Organisation, membership: Membership, today: datetime.date
) -> list[tuple[Column, Cell]]:
    """The required courses of one member with their status."""
    columns = columns_for(organisation=organisation)
    person = _member_row(membership)
    cells_fill(organisation=organisation, people=[person], columns=columns, today=today)
    return [
        (column, cell)
        for column, cell in zip(columns, person.cells, strict=True)
        if cell is not None
    ]


def required_course_ids_for(*, membership: Membership) -> list[int]:
    """The courses the organisation requires of this member (two queries)."""
    columns = columns_for(organisation=membership.organisation)
    person = _member_row(membership)
    return [column.course_id for column in columns if column.due_rules_for(person)]


def members_own_users(members: QuerySet[Membership]) -> QuerySet[Membership]:
    """On PostgreSQL, `members` also limited to the members' own user ids, for
    a query that joins the user table (names, profession). That changes no row
    and no order (every member's user is among them) but the plan: taking the
    two conditions as independent, PostgreSQL expects a twentieth of the rows
    of a 5,000-person organisation among 100,000 users, and reads their users
    by primary key instead of reading the whole user table into a hash join
    (bench/scale.py's national data, `light_rows`: 14 ms instead of 21 to 31 ms
    under EXPLAIN ANALYZE, 18 instead of 21 ms with the rows in Python). An
    organisation of more than about a tenth of all users still gets the hash
    join."""
    if connection.vendor != "postgresql":
        return members
    return members.filter(user_id__in=members.order_by().values("user_id"))


def light_rows(members: QuerySet[Membership]) -> list[PersonRow]:
    """`LIGHT_FIELDS` rows of every member; dates read as text and parsed with
    `date.fromisoformat`, several times faster than the ORM's converters."""
    fields = (*LIGHT_FIELDS[:-1], Cast("start_date", CharField()))
    parse = datetime.date.fromisoformat
    return [
        PersonRow(pk, user_id, profession, team_id, parent_id, parse(start))
        for pk, user_id, profession, team_id, parent_id, start in members_own_users(
            members
        ).values_list(*fields)
    ]
