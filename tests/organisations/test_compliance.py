"""The pure status rules at their boundaries, and the dashboard's use of the
local date with a frozen clock."""

import datetime

import pytest
import time_machine

from organisations.compliance import (
    CellStatus,
    DueRule,
    cell_status,
    certificate_visible,
    due_on,
)

D = datetime.date
TODAY = D(2025, 6, 15)


def status(**kwargs):
    values = {
        "today": TODAY,
        "due": D(2025, 7, 1),
        "valid_until": None,
        "started": False,
        "expiring_within_days": 60,
    }
    values.update(kwargs)
    return cell_status(**values)


def test_certificate_is_valid_when_more_than_the_window_is_left():
    cell = status(valid_until=TODAY + datetime.timedelta(days=61))
    assert cell.status == CellStatus.GELDIG
    assert cell.date == TODAY + datetime.timedelta(days=61)


def test_certificate_expires_soon_when_exactly_the_window_is_left():
    cell = status(valid_until=TODAY + datetime.timedelta(days=60))
    assert cell.status == CellStatus.VERLOOPT_BINNENKORT


def test_certificate_expires_soon_when_valid_until_is_today():
    assert status(valid_until=TODAY).status == CellStatus.VERLOOPT_BINNENKORT


def test_certificate_is_expired_when_valid_until_was_yesterday():
    cell = status(valid_until=TODAY - datetime.timedelta(days=1))
    assert cell.status == CellStatus.VERLOPEN
    assert cell.date == TODAY - datetime.timedelta(days=1)


def test_expired_certificate_wins_when_the_person_is_also_overdue():
    cell = status(valid_until=D(2020, 1, 1), due=D(2019, 1, 1), started=True)
    assert cell.status == CellStatus.VERLOPEN


def test_not_started_when_due_today():
    cell = status(due=TODAY)
    assert cell.status == CellStatus.NIET_BEGONNEN
    assert cell.date == TODAY


def test_overdue_when_due_yesterday():
    cell = status(due=TODAY - datetime.timedelta(days=1))
    assert cell.status == CellStatus.TE_LAAT


def test_overdue_wins_when_started_but_late():
    assert status(due=D(2025, 6, 14), started=True).status == CellStatus.TE_LAAT


def test_in_progress_when_started_and_not_yet_due():
    assert status(started=True).status == CellStatus.BEZIG


def test_unshared_certificate_shows_with_the_due_date_when_not_visible():
    cell = status(unshared=True, started=True)
    assert cell.status == CellStatus.NIET_GEDEELD
    assert cell.date == D(2025, 7, 1)


def test_unshared_certificate_beats_overdue_when_late():
    assert status(unshared=True, due=D(2025, 1, 1)).status == CellStatus.NIET_GEDEELD


def test_visible_certificate_beats_an_unshared_one_when_both():
    cell = status(unshared=True, valid_until=TODAY + datetime.timedelta(days=100))
    assert cell.status == CellStatus.GELDIG


def test_zero_window_means_valid_until_the_last_day_when_configured():
    assert status(valid_until=TODAY, expiring_within_days=0).status == (
        CellStatus.VERLOOPT_BINNENKORT
    )
    assert status(
        valid_until=TODAY + datetime.timedelta(days=1), expiring_within_days=0
    ).status == (CellStatus.GELDIG)


def test_negative_window_is_refused_when_given():
    with pytest.raises(ValueError, match="negative"):
        status(expiring_within_days=-1)


def test_due_is_the_earliest_rule_when_several_apply():
    rules = [DueRule(due_date=D(2025, 9, 1)), DueRule(within_days=30)]
    assert due_on(rules=rules, joined_on=D(2025, 6, 1)) == D(2025, 7, 1)
    assert due_on(rules=rules, joined_on=D(2025, 8, 15)) == D(2025, 9, 1)


def test_due_within_days_counts_from_joining_when_zero_days():
    assert due_on(rules=[DueRule(within_days=0)], joined_on=TODAY) == TODAY


def test_due_rule_needs_exactly_one_kind_when_built():
    with pytest.raises(ValueError, match="exactly one"):
        DueRule()
    with pytest.raises(ValueError, match="exactly one"):
        DueRule(due_date=TODAY, within_days=3)
    with pytest.raises(ValueError, match="no due rules"):
        due_on(rules=[], joined_on=TODAY)


def test_certificate_visible_when_earned_on_the_day_of_joining():
    assert certificate_visible(issued_on=TODAY, joined_on=TODAY, consent=False)


def test_certificate_hidden_when_earned_the_day_before_joining_without_consent():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert not certificate_visible(issued_on=yesterday, joined_on=TODAY, consent=False)
    assert certificate_visible(issued_on=yesterday, joined_on=TODAY, consent=True)


@pytest.mark.django_db
def test_dashboard_turns_overdue_at_local_midnight_when_clock_is_frozen(
    organisation, manager, course_tree
):
    from organisations.selectors.dashboard import Filters, dashboard_get
    from tests.factories.organisations import MembershipFactory, requirement_create

    requirement_create(organisation, course_tree.course, due_date=D(2025, 3, 31))
    member = MembershipFactory(organisation=organisation, start_date=D(2025, 1, 1))

    def cell_at(moment: str):
        with time_machine.travel(datetime.datetime.fromisoformat(moment), tick=False):
            from django.utils import timezone

            board = dashboard_get(
                organisation=organisation,
                filters=Filters(),
                page_number=1,
                today=timezone.localdate(),
            )
        row = next(p for p in board.page.object_list if p.membership_id == member.pk)
        return row.cells[0].status

    # 23:59 in Amsterdam on the due date is still on time; one minute later not.
    assert cell_at("2025-03-31T21:59:00+00:00") == CellStatus.NIET_BEGONNEN
    assert cell_at("2025-03-31T22:00:00+00:00") == CellStatus.TE_LAAT


def test_due_parts_give_the_same_date_as_due_on_when_combined():
    rules = [
        DueRule(due_date=D(2025, 9, 1)),
        DueRule(within_days=30),
        DueRule(within_days=90),
        DueRule(due_date=D(2025, 12, 1)),
    ]
    from organisations.compliance import due_from_parts, due_parts

    parts = due_parts(rules)
    assert parts == (D(2025, 9, 1), 30)
    for joined in (D(2025, 6, 1), D(2025, 8, 2), D(2025, 8, 10)):
        expected = min(D(2025, 9, 1), joined + datetime.timedelta(days=30))
        assert due_from_parts(parts, joined_on=joined) == expected
        assert due_on(rules=rules, joined_on=joined) == expected


def test_grid_computes_cells_without_a_database_when_given_facts():
    from organisations.grid import Column, PersonRow, Rule, cells_compute
    from organisations.models import RequirementAudience

    assert (RequirementAudience.EVERYONE, RequirementAudience.TEAM) == (
        "everyone",
        "team",
    )
    columns = [
        Column(1, "A", (Rule("everyone", None, "", DueRule(within_days=30)),)),
        Column(2, "B", (Rule("team", 7, "", DueRule(due_date=D(2025, 6, 1))),)),
        Column(3, "C", (Rule("profession", None, "politie", DueRule(within_days=1)),)),
    ]
    in_team = PersonRow(1, 10, "huisarts", 8, 7, D(2025, 6, 1))
    outside = PersonRow(2, 11, "politie", None, None, D(2025, 6, 1))
    cells_compute(
        people=[in_team, outside],
        columns=columns,
        today=TODAY,
        held={10: {1: D(2025, 7, 1)}},
        started={11: {1}},
        expiring_within_days=60,
    )
    assert [c.status if c else None for c in in_team.cells] == [
        CellStatus.VERLOOPT_BINNENKORT,
        CellStatus.TE_LAAT,
        None,
    ]
    assert [c.status if c else None for c in outside.cells] == [
        CellStatus.BEZIG,
        None,
        CellStatus.TE_LAAT,
    ]
