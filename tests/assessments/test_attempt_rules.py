"""The pure start rules: attempt limit, cool-down, passed, awaiting marking."""

import datetime

from assessments.engine.attempt_rules import (
    PastAttempt,
    is_past_deadline,
    start_refusal,
)

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def _failed(minutes_ago: int) -> PastAttempt:
    return PastAttempt(submitted_at=NOW - minutes_ago * MINUTE, passed=False)


def test_start_is_allowed_when_there_are_no_attempts():
    assert (
        start_refusal(attempts=[], max_attempts=1, cooldown=10 * MINUTE, now=NOW)
        is None
    )


def test_start_is_refused_when_the_attempt_limit_is_reached():
    refusal = start_refusal(
        attempts=[_failed(60), _failed(30)],
        max_attempts=2,
        cooldown=datetime.timedelta(0),
        now=NOW,
    )
    assert refusal.code == "max_attempts"
    assert refusal.params == {"max": 2}


def test_start_is_allowed_without_limit_when_max_attempts_is_zero():
    attempts = [_failed(n) for n in range(100, 0, -1)]
    assert (
        start_refusal(
            attempts=attempts, max_attempts=0, cooldown=datetime.timedelta(0), now=NOW
        )
        is None
    )


def test_start_is_refused_until_the_cooldown_has_passed_when_the_last_attempt_failed():
    refusal = start_refusal(
        attempts=[_failed(3)], max_attempts=0, cooldown=10 * MINUTE, now=NOW
    )
    assert refusal.code == "cooldown"
    assert refusal.until == NOW + 7 * MINUTE
    assert (
        start_refusal(
            attempts=[_failed(10)], max_attempts=0, cooldown=10 * MINUTE, now=NOW
        )
        is None
    )


def test_start_is_refused_when_an_attempt_already_passed():
    attempts = [_failed(60), PastAttempt(NOW - MINUTE, True)]
    refusal = start_refusal(
        attempts=attempts, max_attempts=0, cooldown=datetime.timedelta(0), now=NOW
    )
    assert refusal.code == "already_passed"


def test_start_is_refused_when_the_last_attempt_awaits_marking():
    refusal = start_refusal(
        attempts=[PastAttempt(NOW - MINUTE, None)],
        max_attempts=0,
        cooldown=datetime.timedelta(0),
        now=NOW,
    )
    assert refusal.code == "awaiting_marking"


def test_open_attempts_do_not_count_when_checking_the_limit():
    refusal = start_refusal(
        attempts=[PastAttempt(None, None)],
        max_attempts=1,
        cooldown=datetime.timedelta(0),
        now=NOW,
    )
    assert refusal is None


def test_deadline_allows_a_few_seconds_of_grace_when_checking_lateness():
    deadline = NOW - datetime.timedelta(seconds=3)
    assert not is_past_deadline(deadline=deadline, now=NOW)
    assert is_past_deadline(deadline=NOW - datetime.timedelta(seconds=6), now=NOW)
    assert not is_past_deadline(deadline=None, now=NOW)
