"""The dashboard's fast paths give what the rules give: the grid's shared rows
against `cell_status` cell by cell, the facts read for many people at once
(visibility on the day of joining, activity on the Dutch day, ended members),
and a query count that does not grow with the number of people."""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Enrolment
from organisations.compliance import CellStatus, DueRule, cell_status, due_on
from organisations.grid import Column, PersonRow, Rule, cells_compute
from organisations.selectors.dashboard import (
    Filters,
    dashboard_get,
    members_queryset,
    people_chunks,
)
from organisations.selectors.matrix import (
    PERSON_FIELDS,
    cells_fill,
    columns_for,
    light_rows,
    person_row,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import MembershipFactory, requirement_create
from tests.factories.users import UserFactory

TODAY = datetime.date(2025, 6, 15)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _reference(person, columns, *, held, started, unshared, expiring):
    """`cell_status` per cell, with no sharing at all."""
    cells = []
    for column in columns:
        rules = column.due_rules_for(person)
        if not rules:
            cells.append(None)
            continue
        course_id = column.course_id
        cells.append(
            cell_status(
                today=TODAY,
                due=due_on(rules=rules, joined_on=person.start_date),
                valid_until=held.get(person.user_id, {}).get(course_id),
                started=course_id in started.get(person.user_id, set()),
                expiring_within_days=expiring,
                unshared=course_id in unshared.get(person.user_id, set()),
            )
        )
    return cells


def test_grid_gives_each_cell_the_rules_status_when_rows_are_shared():
    rng = random.Random(16)
    columns = [
        Column(1, "A", (Rule("everyone", None, "", DueRule(within_days=30)),)),
        Column(
            2,
            "B",
            (
                Rule("team", 7, "", DueRule(due_date=datetime.date(2025, 6, 1))),
                Rule("profession", None, "politie", DueRule(within_days=10)),
            ),
        ),
        Column(3, "C", (Rule("profession", None, "politie", DueRule(within_days=1)),)),
        Column(4, "D", (Rule("team", 8, "", DueRule(within_days=400)),)),
    ]
    people, held, started, unshared = [], {}, {}, {}
    for n in range(400):
        user_id = 1000 + n
        team = rng.choice([(None, None), (7, None), (8, 7), (9, None)])
        people.append(
            PersonRow(
                n,
                user_id,
                rng.choice(["politie", "huisarts", ""]),
                *team,
                TODAY - datetime.timedelta(days=rng.randint(0, 60)),
            )
        )
        for course_id in (1, 2, 3, 4, 99):  # 99 is no column
            roll = rng.random()
            if roll < 0.2:
                valid = TODAY + datetime.timedelta(days=rng.randint(-30, 90))
                held.setdefault(user_id, {})[course_id] = valid
            elif roll < 0.3:
                unshared.setdefault(user_id, set()).add(course_id)
            if rng.random() < 0.3:
                started.setdefault(user_id, set()).add(course_id)
    cells_compute(
        people=people,
        columns=columns,
        today=TODAY,
        held=held,
        started=started,
        expiring_within_days=60,
        unshared=unshared,
    )
    for person in people:
        expected = _reference(
            person, columns, held=held, started=started, unshared=unshared, expiring=60
        )
        assert person.cells == expected, person
    assert len({id(person.cells) for person in people}) == len(people)


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _member(organisation, email: str, *, joined: int = -10):
    return MembershipFactory(
        organisation=organisation,
        start_date=_days(joined),
        user=UserFactory(email=email),
    )


def _statuses(organisation) -> dict[str, list]:
    board = dashboard_get(
        organisation=organisation,
        filters=Filters(),
        page_number=1,
        today=timezone.localdate(),
    )
    return {
        person.email: [cell.status if cell else None for cell in person.cells]
        for person in board.page.object_list
    }


@pytest.mark.django_db
def test_certificate_counts_from_the_day_of_joining_when_issued_that_day(
    organisation, course_tree
):
    course = course_tree.course
    requirement_create(organisation, course)
    same_day = _member(organisation, "dag@example.org")
    day_before = _member(organisation, "ervoor@example.org")
    for membership, issued in ((same_day, _days(-10)), (day_before, _days(-11))):
        CertificateFactory(
            user=membership.user,
            course=course,
            issued_on=issued,
            valid_until=_days(300),
        )
    found = _statuses(organisation)
    assert found["dag@example.org"] == [CellStatus.GELDIG]
    assert found["ervoor@example.org"] == [CellStatus.NIET_GEDEELD]


@pytest.mark.django_db
def test_activity_counts_on_the_dutch_day_of_joining_when_just_after_midnight(
    organisation, course_tree
):
    """Activity at 23:30 UTC the evening before joining is after midnight in
    Amsterdam, on the day of joining; 21:30 UTC is still the day before."""
    course = course_tree.course
    requirement_create(organisation, course, due_within_days=30)
    evening_before = datetime.datetime.combine(_days(-11), datetime.time(0, 0))
    utc = datetime.UTC
    for email, hour_utc in (("na@example.org", 23), ("voor@example.org", 21)):
        membership = _member(organisation, email)
        moment = evening_before.replace(hour=hour_utc, minute=30, tzinfo=utc)
        assert moment.astimezone(AMSTERDAM).date() == (
            _days(-10) if hour_utc == 23 else _days(-11)
        )
        Enrolment.objects.create(
            user=membership.user, course=course, last_activity_at=moment
        )
    found = _statuses(organisation)
    assert found["na@example.org"] == [CellStatus.BEZIG]
    assert found["voor@example.org"] == [CellStatus.NIET_BEGONNEN]


@pytest.mark.django_db
def test_ended_member_shows_no_certificate_when_cells_are_filled_for_them(
    organisation, course_tree
):
    course = course_tree.course
    requirement_create(organisation, course)
    gone = _member(organisation, "weg@example.org", joined=-100)
    CertificateFactory(
        user=gone.user, course=course, issued_on=_days(-50), valid_until=_days(300)
    )
    Enrolment.objects.create(
        user=gone.user, course=course, last_activity_at=timezone.now()
    )
    row = person_row(
        type(gone).objects.filter(pk=gone.pk).values_list(*PERSON_FIELDS).get()
    )
    columns = columns_for(organisation=organisation)
    today = timezone.localdate()
    cells_fill(organisation=organisation, people=[row], columns=columns, today=today)
    assert row.cells[0].status == CellStatus.GELDIG
    gone.end_date = _days(-1)
    gone.save()
    cells_fill(organisation=organisation, people=[row], columns=columns, today=today)
    assert row.cells[0].status == CellStatus.TE_LAAT


def _grow(organisation, courses, start: int, count: int) -> None:
    for n in range(start, start + count):
        # joined long enough ago to be late for the course without a certificate
        membership = _member(organisation, f"p{n}@example.org", joined=-100 - n)
        CertificateFactory(
            user=membership.user,
            course=courses[n % 2],
            issued_on=_days(-100 - n + (n % 3) - 1),
            valid_until=_days(n * 7 - 100),
        )
        Enrolment.objects.create(
            user=membership.user,
            course=courses[(n + 1) % 2],
            last_activity_at=timezone.now(),
        )


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_queries_stay_the_same_when_the_organisation_grows(organisation, home_page):
    courses = [
        course_tree_create(home_page, slug="a", title="A").course,
        course_tree_create(home_page, slug="b", title="B").course,
    ]
    for course in courses:
        requirement_create(organisation, course)
    today = timezone.localdate()
    columns = columns_for(organisation=organisation)
    requests = {
        "first page": Filters(),
        "status filter": Filters(status=CellStatus.TE_LAAT),
        "search": Filters(query="p1"),
        "sorted by a course": Filters(sort=f"c{courses[0].pk}"),
    }

    def counts() -> dict[str, int]:
        found = {
            name: _queries(
                lambda filters=filters: dashboard_get(
                    organisation=organisation,
                    filters=filters,
                    page_number=1,
                    today=today,
                )
            )
            for name, filters in requests.items()
        }
        found["export chunk"] = _queries(
            lambda: list(
                people_chunks(
                    organisation=organisation,
                    filters=Filters(),
                    today=today,
                    columns=columns,
                    chunk_size=1000,
                )
            )
        )
        return found

    _grow(organisation, courses, 1, 3)
    small = counts()
    _grow(organisation, courses, 4, 60)
    assert counts() == small


@pytest.mark.django_db
def test_light_rows_are_the_members_in_their_order_when_filtered(
    organisation, other_organisation
):
    # light_rows narrows its query to the members' own users on PostgreSQL:
    # that must neither drop nor add anyone, nor change the order
    today = timezone.localdate()
    team = organisation.teams.create(name="Team A")
    for last_name in ("Zwart", "de Bruin", "Aalders", "bakker"):
        user = UserFactory(last_name=last_name)
        MembershipFactory(organisation=organisation, user=user, team=team)
        MembershipFactory(organisation=other_organisation, user=user)
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Anders"))
    for filters in (Filters(), Filters(team=team.pk), Filters(query="a")):
        members = members_queryset(
            organisation=organisation, filters=filters, today=today
        )

        rows = light_rows(members)

        expected = list(members.values_list("pk", "user_id"))
        assert [(row.membership_id, row.user_id) for row in rows] == expected
        assert len(expected) > 1
