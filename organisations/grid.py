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
    may be shared between people. Most cells have no certificate, activity or
    hidden certificate behind them: a person's row starts as a copy of the row
    of those "bare" cells for their group and start date, and only the courses
    with a fact are looked up again.

    `held` maps user id → course id → the valid-until date of the current
    certificate the organisation may see; `started` maps user id → course ids
    with any activity; `unshared` maps user id → course ids with a current
    certificate valid today that the organisation may not see."""
    course_ids = [column.course_id for column in columns]
    indexes_of: dict[int, list[int]] = {}
    for index, course_id in enumerate(course_ids):
        indexes_of.setdefault(course_id, []).append(index)
    # groups (team, parent team, profession) with the same due parts per column
    # share a number, and (that number, start date) shares one row of dues
    rules_of_group: dict[tuple, int] = {}
    rules_number: dict[tuple, int] = {}
    parts_by_number: list[tuple] = []
    rows: dict[tuple, tuple[list, list[Cell | None]]] = {}
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

    def rules_for(person: PersonRow, group: tuple) -> int:
        parts = tuple(
            due_parts(rules) if (rules := column.due_rules_for(person)) else None
            for column in columns
        )
        number = rules_number.get(parts)
        if number is None:
            number = rules_number[parts] = len(parts_by_number)
            parts_by_number.append(parts)
        rules_of_group[group] = number
        return number

    def row_for(key: tuple) -> tuple[list, list[Cell | None]]:
        number, joined_on = key
        dues = [
            None if parts is None else due_from_parts(parts, joined_on=joined_on)
            for parts in parts_by_number[number]
        ]
        bare = [
            None
            if due is None
            else memo_get(inputs := (due, None, False, False)) or decide(inputs)
            for due in dues
        ]
        row = rows[key] = (dues, bare)
        return row

    nothing: dict = {}
    unshared = unshared or nothing
    held_of, started_of, unshared_of = held.get, started.get, unshared.get
    for person in people:
        group = (person.team_id, person.team_parent_id, person.profession)
        number = rules_of_group.get(group)
        if number is None:
            number = rules_for(person, group)
        key = (number, person.start_date)
        dues, bare = rows.get(key) or row_for(key)
        cells = bare.copy()
        person_held = held_of(person.user_id)
        person_started = started_of(person.user_id)
        person_unshared = unshared_of(person.user_id)
        if person_held or person_started or person_unshared:
            # only the courses with a fact differ from the bare row
            person_held = person_held or nothing
            person_started = person_started or nothing
            person_unshared = person_unshared or nothing
            for course_id in {*person_held, *person_started, *person_unshared}:
                for index in indexes_of.get(course_id, ()):
                    if (due := dues[index]) is None:
                        continue
                    inputs = (
                        due,
                        person_held.get(course_id),
                        course_id in person_started,
                        course_id in person_unshared,
                    )
                    cells[index] = memo_get(inputs) or decide(inputs)
        person.cells = cells
