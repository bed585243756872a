"""The compliance trend: month-end shares from the records as they were then, the
figure for today equal to the dashboard's, what expires next, per team, a fixed
number of queries, and the managers' trend page with its accessible charts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from organisations.compliance import CellStatus
from organisations.selectors.dashboard import Filters, dashboard_get
from organisations.selectors.trend import month_ends, trend_get
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import (
    MembershipFactory,
    TeamFactory,
    requirement_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def member(organisation, *, joined=-400, end=None, team=None):
    return MembershipFactory(
        organisation=organisation,
        start_date=days(joined),
        end_date=end,
        team=team,
        user=UserFactory(),
    ).user


def certificate(user, course, *, issued_on, valid_until, **fields):
    return CertificateFactory(
        user=user,
        course=course,
        issued_on=issued_on,
        issued_at=timezone.make_aware(
            datetime.datetime.combine(issued_on, datetime.time(12))
        ),
        valid_until=valid_until,
        **fields,
    )


def course_shares(organisation):
    trend = trend_get(organisation=organisation, today=today())
    return trend, [(s.valid, s.required) for s in trend.courses[0].shares]


@pytest.fixture
def course(organisation, course_tree):
    requirement_create(organisation, course_tree.course, due_within_days=30)
    return course_tree.course


def test_month_ends_are_the_last_days_of_the_eleven_months_before_then_today():
    dates = month_ends(today=datetime.date(2026, 3, 14))
    assert dates[0] == datetime.date(2025, 4, 30)
    assert dates[-2] == datetime.date(2026, 2, 28)
    assert dates[-1] == datetime.date(2026, 3, 14)
    assert len(dates) == 12
    assert all(
        (b.replace(day=1) - a).days == 1
        for a, b in zip(dates[:-2], dates[1:-1], strict=True)
    )


def test_a_person_who_joined_later_does_not_count_in_earlier_months(
    organisation, course
):
    dates = month_ends(today=today())
    always = member(organisation, joined=-500)
    certificate(always, course, issued_on=days(-450), valid_until=days(400))
    joined = dates[6] + datetime.timedelta(days=1)
    member(organisation, joined=(joined - today()).days)
    _, shares = course_shares(organisation)
    assert shares[:7] == [(1, 1)] * 7
    assert shares[7:] == [(1, 2)] * 5


def test_a_person_who_left_stops_counting_after_the_day_they_left(organisation, course):
    dates = month_ends(today=today())
    member(organisation, joined=-500)
    member(organisation, joined=-500, end=dates[3])
    _, shares = course_shares(organisation)
    assert [required for _, required in shares] == [2] * 4 + [1] * 8


def test_an_expired_certificate_stops_counting_the_day_after_its_expiry(
    organisation, course
):
    dates = month_ends(today=today())
    user = member(organisation, joined=-500)
    certificate(user, course, issued_on=days(-450), valid_until=dates[5])
    trend, shares = course_shares(organisation)
    assert [valid for valid, _ in shares] == [1] * 6 + [0] * 6
    assert [s.percent for s in trend.overall.shares] == [100] * 6 + [0] * 6


def test_a_revoked_certificate_counts_until_the_day_it_was_revoked(
    organisation, course
):
    dates = month_ends(today=today())
    user = member(organisation, joined=-500)
    revoked_at = timezone.make_aware(
        datetime.datetime.combine(dates[8], datetime.time(9))
    )
    certificate(
        user, course, issued_on=days(-450), valid_until=days(400), revoked_at=revoked_at
    )
    _, shares = course_shares(organisation)
    assert [valid for valid, _ in shares] == [1] * 8 + [0] * 4


def test_a_renewed_certificate_keeps_counting_through_its_replacement(
    organisation, course
):
    dates = month_ends(today=today())
    user = member(organisation, joined=-500)
    new = certificate(user, course, issued_on=dates[4], valid_until=days(700), cycle=2)
    certificate(
        user,
        course,
        issued_on=days(-450),
        valid_until=dates[4] + datetime.timedelta(days=20),
        replaced_by=new,
    )
    _, shares = course_shares(organisation)
    assert shares == [(1, 1)] * 12


def test_a_certificate_earned_before_joining_without_consent_does_not_count(
    organisation, course
):
    user = member(organisation, joined=-100)
    certificate(user, course, issued_on=days(-200), valid_until=days(400))
    _, shares = course_shares(organisation)
    assert shares[-1] == (0, 1)


def test_the_figure_for_today_equals_the_dashboards_on_the_demo_organisations(
    home_page,
):
    from demo.accounts import demo_accounts_ensure
    from demo.loaders.organisations import organisations_load
    from organisations.models import Organisation
    from tests.factories.courses import course_tree_create

    course_tree_create(home_page, slug="3-mmc-en-nps", title="3-MMC en NPS")
    course_tree_create(home_page, slug="gespreksvaardigheden", title="Gesprekken")
    demo_accounts_ensure()
    organisations_load()
    for organisation in Organisation.objects.all():
        board = dashboard_get(
            organisation=organisation, filters=Filters(), page_number=1, today=today()
        )
        trend = trend_get(organisation=organisation, today=today())
        assert len(trend.courses) == len(board.columns) > 0
        for series, total in zip(trend.courses, board.totals, strict=True):
            valid = total.get(CellStatus.GELDIG) + total.get(
                CellStatus.VERLOOPT_BINNENKORT
            )
            assert (series.shares[-1].valid, series.shares[-1].required) == (
                valid,
                total.required,
            )
            assert 0 < total.required


def test_what_expires_next_counts_per_week_and_who_started_renewing(
    organisation, course
):
    renewing = member(organisation)
    certificate(renewing, course, issued_on=days(-300), valid_until=days(3))
    Enrolment.objects.create(user=renewing, course=course, cycle=2)
    waiting = member(organisation)
    certificate(waiting, course, issued_on=days(-300), valid_until=days(10))
    later = member(organisation)
    certificate(later, course, issued_on=days(-300), valid_until=days(7 * 13))
    weeks = trend_get(organisation=organisation, today=today()).weeks
    assert len(weeks) == 13
    assert weeks[0].start == today()
    assert [(w.expiring, w.renewing) for w in weeks] == [(1, 1), (1, 0)] + [(0, 0)] * 11


def test_teams_are_sorted_worst_first(organisation, course):
    good = TeamFactory(organisation=organisation, name="Goed")
    bad = TeamFactory(organisation=organisation, name="Achter")
    for team in (good, good, bad):
        user = member(organisation, team=team)
        if team is good:
            certificate(user, course, issued_on=days(-300), valid_until=days(300))
    member(organisation, team=bad)
    teams = trend_get(organisation=organisation, today=today()).teams
    assert [(t.name, t.share.valid, t.share.required) for t in teams] == [
        ("Achter", 0, 2),
        ("Goed", 2, 2),
    ]


@pytest.mark.parametrize("size", [5, 50])
def test_the_trend_costs_six_queries_whatever_the_number_of_people(
    organisation, course, size, django_assert_num_queries
):
    team = TeamFactory(organisation=organisation)
    for n in range(size):
        user = member(organisation, team=team if n % 2 else None)
        certificate(user, course, issued_on=days(-300), valid_until=days(n * 5))
    with django_assert_num_queries(6):
        trend = trend_get(organisation=organisation, today=today())
    assert trend.courses[0].shares[-1].required == size


def trend_url(organisation) -> str:
    return reverse("organisations:trend", args=[organisation.pk])


def test_the_trend_page_draws_each_chart_with_title_desc_and_a_table_of_its_numbers(
    organisation, course, manager_client
):
    user = member(organisation)
    certificate(user, course, issued_on=days(-300), valid_until=days(20))
    member(organisation)
    response = manager_client.get(trend_url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 3  # all together, the one course, the weeks
    for svg in svgs:
        ident = re.search(r'aria-labelledby="(\S+)-title \1-desc"', svg).group(1)
        assert 'role="img"' in svg
        assert f'<title id="{ident}-title">' in svg
        assert f'<desc id="{ident}-desc">' in svg
    # 1 of 3 people (the manager is a member too): 33% on the bar and in the table
    trend = trend_get(organisation=organisation, today=today())
    assert trend.courses[0].shares[-1].percent == 33
    assert ">33%</text>" in svgs[1]
    assert "33% (1/3)" in html
    assert "doel 90%" in svgs[0]
    week = (days(20) - today()).days // 7
    table = re.search(
        r'<table class="bb-table">\s*<caption id="table-weeks".*?</table>', html, re.S
    ).group(0)
    cells = re.findall(r"<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>", table)
    assert cells[week] == ("1", "0")
    assert f">{user.full_name}</a>: Testcursus" in table
    assert sum(int(expiring) for expiring, _ in cells) == 1


def test_a_manager_sets_the_target_between_1_and_100(organisation, manager_client):
    response = manager_client.post(trend_url(organisation), {"target": "101"})
    assert response.status_code == 400
    organisation.refresh_from_db()
    assert organisation.compliance_target == 90
    response = manager_client.post(trend_url(organisation), {"target": "75"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.compliance_target == 75


def test_the_trend_page_is_not_found_for_another_organisations_manager_or_a_learner(
    client, organisation, other_organisation, course
):
    from tests.factories.organisations import manager_create

    client.force_login(manager_create(other_organisation))
    assert client.get(trend_url(organisation)).status_code == 404
    client.force_login(member(organisation))
    assert client.get(trend_url(organisation)).status_code == 404
    assert client.post(trend_url(organisation), {"target": "5"}).status_code == 404
    client.logout()
    assert client.get(trend_url(organisation)).status_code == 302


def test_the_dashboard_links_to_the_trend_page(organisation, manager_client):
    response = manager_client.get(
        reverse("organisations:dashboard", args=[organisation.pk])
    )
    assert f'href="{trend_url(organisation)}"' in response.content.decode()


def test_a_replaced_certificate_stops_counting_once_its_successor_exists(
    organisation, course
):
    """As on the dashboard: a successor that is later revoked does not bring
    back the certificate it replaced."""
    dates = month_ends(today=today())
    user = member(organisation, joined=-500)
    revoked_at = timezone.make_aware(
        datetime.datetime.combine(dates[8], datetime.time(9))
    )
    new = certificate(
        user,
        course,
        issued_on=dates[4],
        valid_until=days(700),
        cycle=2,
        revoked_at=revoked_at,
    )
    certificate(
        user, course, issued_on=days(-450), valid_until=days(100), replaced_by=new
    )
    _, shares = course_shares(organisation)
    assert [valid for valid, _ in shares] == [1] * 8 + [0] * 4
    board = dashboard_get(
        organisation=organisation, filters=Filters(), page_number=1, today=today()
    )
    assert board.totals[0].get(CellStatus.GELDIG) == 0


def test_the_trend_page_costs_the_same_queries_for_5_and_50_people(
    organisation, course, manager_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team = TeamFactory(organisation=organisation)
    manager_client.get(trend_url(organisation))  # warm the per-process caches
    counts = []
    for size in (5, 45):
        for n in range(size):
            user = member(organisation, team=team if n % 2 else None)
            certificate(user, course, issued_on=days(-300), valid_until=days(n * 2))
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(trend_url(organisation)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db(False)
@pytest.mark.parametrize("seed", range(5))
def test_the_months_counted_from_masks_equal_the_cells_of_each_month(seed):
    """The past months are counted from bit masks of the days each membership
    and certificate covers (fast); on made-up histories they equal the shares
    `cells_compute` gives day by day (the dashboard's code)."""
    import random

    from organisations.compliance import DueRule
    from organisations.grid import Column, PersonRow, Rule, cells_compute
    from organisations.selectors.trend import (
        _Held,
        _held_on,
        _month_shares,
        _shares,
    )

    rng = random.Random(seed)
    day0 = datetime.date(2026, 3, 14)
    dates = month_ends(today=day0)[:-1]

    def some_day(low, high):
        return day0 + datetime.timedelta(days=rng.randint(low, high))

    columns = [
        Column(1, "A", (Rule("everyone", None, "", DueRule(within_days=30)),)),
        Column(2, "B", (Rule("team", 7, "", DueRule(within_days=60)),)),
        Column(3, "C", (Rule("profession", None, "arts", DueRule(within_days=0)),)),
    ]
    rows, certificates, consented = [], {}, set()
    for user_id in range(1, 120):
        start = some_day(-500, 0)
        end = rng.choice([None, None, some_day(-400, 30)])
        if end is not None and end < start:
            end = None
        person = PersonRow(
            user_id,
            user_id,
            rng.choice(["arts", "verpleegkundige"]),
            rng.choice([None, 7, 8]),
            None,
            start,
        )
        rows.append((person, end))
        if rng.random() < 0.3:
            consented.add(user_id)
        held = []
        for _ in range(rng.randint(0, 4)):
            issued = some_day(-700, 0)
            ends_on = rng.choice([None, None, some_day(-300, 60)])
            held.append(
                _Held(
                    rng.choice([1, 2, 3, 4]),
                    issued,
                    issued + datetime.timedelta(days=rng.randint(30, 500)),
                    ends_on,
                    1,
                )
            )
        certificates[user_id] = held

    overall, per_course = _month_shares(
        rows=rows,
        columns=columns,
        certificates=certificates,
        consented=consented,
        days=dates,
    )
    for index, day in enumerate(dates):
        people = [
            PersonRow(
                p.membership_id, p.user_id, p.profession, p.team_id, None, p.start_date
            )
            for p, end in rows
            if p.start_date <= day and (end is None or end >= day)
        ]
        cells_compute(
            people=people,
            columns=columns,
            today=day,
            held={
                p.user_id: _held_on(
                    certificates[p.user_id], day, p.start_date, p.user_id in consented
                )
                for p in people
            },
            started={},
            expiring_within_days=60,
        )
        everything, courses = _shares(people, len(columns))
        assert overall[index] == everything, day
        assert [shares[index] for shares in per_course] == courses, day
    assert any(share.valid for share in overall)


def test_the_figure_for_today_equals_the_dashboards_on_the_bench_data(home_page):
    """The bench organisation of bench/compliance.py (fewer people): certificates
    in every status, some earned before joining, people in teams."""
    from io import StringIO

    from django.core.management import call_command

    from organisations.models import Organisation

    call_command(
        "seed_bench_data",
        "--people=300",
        "--courses=4",
        "--required=4",
        "--certificates=720",
        stdout=StringIO(),
    )
    organisation = Organisation.objects.get(name="Benchorganisatie 1")
    board = dashboard_get(
        organisation=organisation, filters=Filters(), page_number=1, today=today()
    )
    trend = trend_get(organisation=organisation, today=today())
    assert len(trend.courses) == len(board.totals) == 4
    for series, total in zip(trend.courses, board.totals, strict=True):
        valid = total.get(CellStatus.GELDIG) + total.get(CellStatus.VERLOOPT_BINNENKORT)
        assert (series.shares[-1].valid, series.shares[-1].required) == (
            valid,
            total.required,
        )
        assert 0 < valid < total.required == 300
