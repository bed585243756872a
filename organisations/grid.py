"""Statuses for many people at once, from facts read beforehand: pure, no
database. `selectors.matrix` reads the facts; the per-cell decision is
`compliance.cell_status`, called here once per distinct set of inputs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from organisations.compliance import (
    Cell,
    DueRule,
    cell_status,
    due_from_parts,
    due_parts,
)

EVERYONE, TEAM = "everyone", "team"  # RequirementAudience values


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
            if rule.audience == EVERYONE:
                found.append(rule.due)
            elif rule.audience == TEAM:
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
    profession: str
    team_id: int | None
    team_parent_id: int | None
    start_date: datetime.date
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    team_name: str = ""
    role: str = ""
    cells: list[Cell | None] = field(default_factory=list)  # aligned with columns

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def has_status(self, status: str) -> bool:
        return any(cell is not None and cell.status == status for cell in self.cells)


def cells_compute(
    *,
    people: list[PersonRow],
    columns: list[Column],
    today: datetime.date,
    held: dict[int, dict[int, datetime.date]],
    started: dict[int, set[int]],
    expiring_within_days: int,
    unshared: dict[int, set[int]] | None = None,
) -> None:
    """The per-cell loop. People share their rules (same team and profession)
    and their due dates (same rules and start date), and cells share their inputs
    to `cell_status`: memoising those keeps the pure rules the only place a
    status is decided, at a fraction of the calls. Cells are immutable, so one
    may be shared between people.

    `held` maps user id → course id → the valid-until date of the current
    certificate the organisation may see; `started` maps user id → course ids
    with any activity; `unshared` maps user id → course ids with a current
    certificate valid today that the organisation may not see."""
    course_ids = [column.course_id for column in columns]
    rules_by_group: dict[tuple, list[tuple | None]] = {}
    dues_by_group_start: dict[tuple, list[datetime.date | None]] = {}
    memo: dict[tuple, Cell] = {}
    memo_get = memo.get

    def decide(inputs: tuple) -> Cell:
        due, valid_until, has_started, has_unshared = inputs
        cell = memo[inputs] = cell_status(
            today=today,
            due=due,
            valid_until=valid_until,
            started=has_started,
            expiring_within_days=expiring_within_days,
            unshared=has_unshared,
        )
        return cell

    no_certificates: dict[int, datetime.date] = {}
    not_started: set[int] = set()
    unshared = unshared or {}
    for person in people:
        group = (person.team_id, person.team_parent_id, person.profession)
        dues = dues_by_group_start.get((group, person.start_date))
        if dues is None:
            parts_per_column = rules_by_group.get(group)
            if parts_per_column is None:
                parts_per_column = rules_by_group[group] = [
                    due_parts(rules)
                    if (rules := column.due_rules_for(person))
                    else None
                    for column in columns
                ]
            dues = dues_by_group_start[(group, person.start_date)] = [
                None
                if parts is None
                else due_from_parts(parts, joined_on=person.start_date)
                for parts in parts_per_column
            ]
        held_get = held.get(person.user_id, no_certificates).get
        person_started = started.get(person.user_id, not_started)
        person_unshared = unshared.get(person.user_id, not_started)
        person.cells = [
            None
            if due is None
            else memo_get(
                inputs := (
                    due,
                    held_get(course_id),
                    course_id in person_started,
                    course_id in person_unshared,
                )
            )
            or decide(inputs)
            for course_id, due in zip(course_ids, dues, strict=True)
        ]
