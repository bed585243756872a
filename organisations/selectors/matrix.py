"""The compliance matrix: the organisation's required courses (columns), its
members as plain values (rows) and one status per cell, in a fixed number of
queries whatever the number of people. Statuses come from the pure rules in
`organisations.compliance`; which certificates an organisation may see follows
`compliance.certificate_visible` (consent)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from certificates.models import Certificate
from certificates.status import expiring_within_days
from courses.models import Enrolment
from organisations.compliance import (
    Cell,
    DueRule,
    cell_status,
    certificate_visible,
    due_on,
)
from organisations.models import (
    CertificateConsent,
    Membership,
    Organisation,
    RequiredTraining,
    RequirementAudience,
)


@dataclass(frozen=True, slots=True)
class Rule:
    audience: str
    team_id: int | None
    profession: str
    due: DueRule


@dataclass(frozen=True)
class Column:
    """A required course and the requirements that ask for it."""

    course_id: int
    title: str
    rules: tuple[Rule, ...]

    def due_rules_for(self, person: PersonRow) -> list[DueRule]:
        found = []
        for rule in self.rules:
            if rule.audience == RequirementAudience.EVERYONE:
                found.append(rule.due)
            elif rule.audience == RequirementAudience.TEAM:
                if rule.team_id is not None and rule.team_id in (
                    person.team_id,
                    person.team_parent_id,
                ):
                    found.append(rule.due)
            elif rule.profession and rule.profession == person.profession:
                found.append(rule.due)
        return found


@dataclass(slots=True)
class PersonRow:
    membership_id: int
    user_id: int
    first_name: str
    last_name: str
    email: str
    profession: str
    team_id: int | None
    team_name: str
    team_parent_id: int | None
    start_date: datetime.date
    role: str
    cells: list[Cell | None] = field(default_factory=list)  # aligned with columns

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def has_status(self, status: str) -> bool:
        return any(cell is not None and cell.status == status for cell in self.cells)


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


PERSON_FIELDS = (
    "pk",
    "user_id",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__profession",
    "team_id",
    "team__name",
    "team__parent_id",
    "start_date",
    "role",
)


def person_row(values: tuple) -> PersonRow:
    row = PersonRow(*values)
    row.team_name = row.team_name or ""
    return row


def cells_fill(
    *,
    organisation: Organisation,
    people: list[PersonRow],
    columns: list[Column],
    today: datetime.date,
    user_ids: Iterable[int] | QuerySet | None = None,
) -> None:
    """Set `cells` on every person, in three queries. `user_ids` (a list or a
    `values("user_id")` subquery) defaults to the people's ids."""
    if not people or not columns:
        for person in people:
            person.cells = [None] * len(columns)
        return
    if user_ids is None:
        user_ids = [person.user_id for person in people]
    course_ids = [column.course_id for column in columns]
    certificates: dict[tuple[int, int], tuple[datetime.date, datetime.date]] = {}
    for user_id, course_id, valid_until, issued_on in Certificate.objects.filter(
        user_id__in=user_ids,
        course_id__in=course_ids,
        revoked_at__isnull=True,
        replaced_by__isnull=True,
    ).values_list("user_id", "course_id", "valid_until", "issued_on"):
        known = certificates.get((user_id, course_id))
        if known is None or valid_until > known[0]:
            certificates[(user_id, course_id)] = (valid_until, issued_on)
    started = set(
        Enrolment.objects.filter(
            user_id__in=user_ids,
            course_id__in=course_ids,
            last_activity_at__isnull=False,
        ).values_list("user_id", "course_id")
    )
    consents = set(
        CertificateConsent.objects.filter(
            organisation=organisation, granted=True, revoked_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    expiring = expiring_within_days()
    for person in people:
        consent = person.user_id in consents
        cells: list[Cell | None] = []
        for column in columns:
            rules = column.due_rules_for(person)
            if not rules:
                cells.append(None)
                continue
            key = (person.user_id, column.course_id)
            certificate = certificates.get(key)
            valid_until = None
            if certificate is not None and certificate_visible(
                issued_on=certificate[1], joined_on=person.start_date, consent=consent
            ):
                valid_until = certificate[0]
            cells.append(
                cell_status(
                    today=today,
                    due=due_on(rules=rules, joined_on=person.start_date),
                    valid_until=valid_until,
                    started=key in started,
                    expiring_within_days=expiring,
                )
            )
        person.cells = cells


def person_cells(
    *, organisation: Organisation, membership: Membership, today: datetime.date
) -> list[tuple[Column, Cell]]:
    """The required courses of one member with their status."""
    columns = columns_for(organisation=organisation)
    person = person_row(
        Membership.objects.filter(pk=membership.pk).values_list(*PERSON_FIELDS).get()
    )
    cells_fill(organisation=organisation, people=[person], columns=columns, today=today)
    return [
        (column, cell)
        for column, cell in zip(columns, person.cells, strict=True)
        if cell is not None
    ]


def required_course_ids_for(*, membership: Membership) -> list[int]:
    """The courses the organisation requires of this member (two queries)."""
    columns = columns_for(organisation=membership.organisation)
    person = person_row(
        Membership.objects.filter(pk=membership.pk).values_list(*PERSON_FIELDS).get()
    )
    return [column.course_id for column in columns if column.due_rules_for(person)]
