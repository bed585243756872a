"""Validity arithmetic, certificate status precedence and reminder idempotency."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.validity import (
    DEFAULT_REMINDER_OFFSETS,
    Status,
    certificate_status,
    reminder_due,
    valid_until,
)

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("issued_on", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 5, 15), 12, date(2026, 5, 15)),
        (date(2025, 1, 1), 120, date(2035, 1, 1)),
        (date(2099, 12, 31), 1, date(2100, 1, 31)),
        (date(2099, 12, 29), 2, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_valid_until_adds_calendar_months_when_months_in_range(
    issued_on, months, expected
):
    assert valid_until(issued_on=issued_on, months=months) == expected


@pytest.mark.parametrize("months", [0, -1, 121, 1.5, True, "12"])
def test_valid_until_raises_when_months_out_of_range(months):
    with pytest.raises(ValueError, match="months"):
        valid_until(issued_on=TODAY, months=months)


@given(
    issued_on=st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)),
    months=st.integers(min_value=1, max_value=120),
)
def test_valid_until_stays_within_months_times_31_days_when_any_date(issued_on, months):
    result = valid_until(issued_on=issued_on, months=months)
    assert issued_on < result <= issued_on + timedelta(days=months * 31)
    assert result.day <= issued_on.day
    assert (result.year - issued_on.year) * 12 + result.month - issued_on.month == (
        months
    )


def _status(**overrides):
    arguments = {"today": TODAY, "valid_until": TODAY + timedelta(days=200)}
    arguments.update(overrides)
    return certificate_status(**arguments)


def test_status_is_valid_when_far_from_expiry():
    assert _status() is Status.VALID


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (61, Status.VALID),
        (60, Status.EXPIRING),
        (1, Status.EXPIRING),
        (0, Status.EXPIRING),  # the valid_until day itself is still valid
        (-1, Status.EXPIRED),
        (-400, Status.EXPIRED),
    ],
)
def test_status_at_expiry_boundaries_when_days_left_vary(days_left, expected):
    assert _status(valid_until=TODAY + timedelta(days=days_left)) is expected


def test_status_uses_the_given_window_when_expiring_within_days_set():
    until = TODAY + timedelta(days=30)
    assert _status(valid_until=until, expiring_within_days=29) is Status.VALID
    assert _status(valid_until=until, expiring_within_days=30) is Status.EXPIRING
    with pytest.raises(ValueError, match="negative"):
        _status(expiring_within_days=-1)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {
                "revoked_on": TODAY,
                "replaced": True,
                "valid_until": TODAY - timedelta(days=1),
                "content_update_overdue": True,
                "content_update_pending": True,
            },
            Status.REVOKED,
        ),
        (
            {
                "replaced": True,
                "valid_until": TODAY - timedelta(days=1),
                "content_update_overdue": True,
            },
            Status.REPLACED,
        ),
        (
            {
                "valid_until": TODAY - timedelta(days=1),
                "content_update_overdue": True,
                "content_update_pending": True,
            },
            Status.EXPIRED,
        ),
        (
            {"content_update_overdue": True, "content_update_pending": True},
            Status.UPDATE_OVERDUE,
        ),
        (
            {"content_update_pending": True, "valid_until": TODAY + timedelta(days=3)},
            Status.CONTENT_UPDATED,
        ),
        ({"valid_until": TODAY + timedelta(days=3)}, Status.EXPIRING),
        ({"revoked_on": TODAY + timedelta(days=5)}, Status.REVOKED),
        ({"revoked_on": date(2020, 1, 1)}, Status.REVOKED),
    ],
)
def test_status_follows_precedence_when_several_conditions_hold(overrides, expected):
    assert _status(**overrides) is expected


def test_status_values_are_the_dutch_texts_when_shown():
    assert Status.VALID == "geldig"
    assert Status.CONTENT_UPDATED.value == "geldig — inhoud sindsdien bijgewerkt"
    assert {status.value for status in Status} >= {
        "geldig",
        "verloopt binnenkort",
        "verlopen",
        "ingetrokken",
        "vervangen",
    }
    assert len(set(Status)) == 7


def _due(days_left, already_sent, offsets=DEFAULT_REMINDER_OFFSETS):
    return reminder_due(
        today=TODAY,
        valid_until=TODAY + timedelta(days=days_left),
        offsets=offsets,
        already_sent=set(already_sent),
    )


@pytest.mark.parametrize(
    ("days_left", "already_sent", "expected"),
    [
        (90, (), None),
        (61, (), None),
        (60, (), 60),
        (60, (60,), None),
        (31, (60,), None),
        (30, (60,), 30),
        (30, (), 30),  # the 60-day reminder was missed: send only the current one
        (29, (60, 30), None),
        (7, (60, 30), 7),
        (5, (), 7),
        (1, (60, 30, 7), None),
        (0, (60, 30, 7), 0),
        (0, (60, 30, 7, 0), None),
        (-1, (60, 30, 7), 0),  # after expiry: the expiry reminder
        (-90, (), 0),
        (-90, (0,), None),
        (45, (30, 7), 60),  # only the offset reached now is looked up
    ],
)
def test_reminder_due_when_days_left_and_sent_vary(days_left, already_sent, expected):
    assert _due(days_left, already_sent) == expected


def test_reminder_is_sent_once_per_offset_when_run_every_hour_for_a_year():
    until = date(2025, 12, 31)
    sent = []
    day = until - timedelta(days=120)
    while day <= until + timedelta(days=30):
        for _hour in range(24):
            offset = reminder_due(today=day, valid_until=until, already_sent=set(sent))
            if offset is not None:
                sent.append(offset)
        day += timedelta(days=1)
    assert sent == [60, 30, 7, 0]


def test_reminder_due_uses_configured_offsets_when_given():
    assert _due(14, (), offsets=(14, 1)) == 14
    assert _due(14, (14,), offsets=(14, 1)) is None
    assert _due(0, (14,), offsets=(14, 1)) == 1
    with pytest.raises(ValueError, match="distinct"):
        _due(14, (), offsets=(7, 7))
    with pytest.raises(ValueError, match="empty"):
        _due(14, (), offsets=())
