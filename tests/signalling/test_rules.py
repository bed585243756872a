"""The pure rules: what a signal needs before it is saved, reading time, and
where a person stands with it."""

import datetime

from signalling.rules import (
    MAX_WORDS,
    AckStatus,
    ack_status,
    reading_minutes,
    signal_problems,
    word_count,
)

TODAY = datetime.date(2026, 6, 1)


def _problems(**overrides):
    arguments = {
        "words": 80,
        "has_courses": True,
        "has_professions": False,
        "acknowledge_by": TODAY + datetime.timedelta(days=7),
        "acknowledge_by_before": None,
        "today": TODAY,
    }
    return signal_problems(**{**arguments, **overrides})


def test_signal_problems_are_none_when_text_target_and_deadline_are_given():
    assert _problems() == {}
    assert _problems(has_courses=False, has_professions=True) == {}
    assert _problems(acknowledge_by=TODAY) == {}


def test_signal_is_refused_when_it_has_no_target():
    problems = _problems(has_courses=False, has_professions=False)
    assert "doelgroep" in problems["courses"]


def test_signal_is_refused_when_the_text_is_empty():
    assert "zonder tekst" in _problems(words=0)["body"]


def test_signal_is_refused_when_the_text_is_longer_than_two_minutes():
    assert "twee minuten" in _problems(words=MAX_WORDS + 1)["body"]
    assert "body" not in _problems(words=MAX_WORDS)


def test_signal_is_refused_when_the_deadline_is_in_the_past():
    problems = _problems(acknowledge_by=TODAY - datetime.timedelta(days=1))
    assert "verleden" in problems["acknowledge_by"]
    assert "acknowledge_by" in _problems(acknowledge_by=None)


def test_signal_keeps_a_stored_deadline_that_has_passed_when_edited():
    passed = TODAY - datetime.timedelta(days=3)
    assert _problems(acknowledge_by=passed, acknowledge_by_before=passed) == {}


def test_word_count_reads_text_without_markup():
    assert word_count(["<p>Drie <strong>losse</strong> woorden</p>", ""]) == 3
    assert word_count(["<p></p>"]) == 0


def test_reading_minutes_round_up_and_start_at_one():
    assert reading_minutes(0) == 1
    assert reading_minutes(225) == 1
    assert reading_minutes(226) == 2


def test_ack_status_when_read_open_or_overdue():
    deadline = TODAY
    moment = datetime.datetime(2026, 6, 5, 10, 0, tzinfo=datetime.UTC)
    assert (
        ack_status(acknowledged_at=moment, acknowledge_by=deadline, today=TODAY)
        == AckStatus.GELEZEN
    )
    assert (
        ack_status(acknowledged_at=None, acknowledge_by=deadline, today=TODAY)
        == AckStatus.OPEN
    )
    later = TODAY + datetime.timedelta(days=1)
    assert (
        ack_status(acknowledged_at=None, acknowledge_by=deadline, today=later)
        == AckStatus.TE_LAAT
    )
    assert (
        ack_status(acknowledged_at=moment, acknowledge_by=deadline, today=later)
        == AckStatus.GELEZEN
    )
