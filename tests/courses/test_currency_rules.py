"""When a source or a legal check counts as old (pure rules)."""

import datetime

from courses.currency_rules import months_between, source_problem, source_year


def test_source_year_takes_latest_year_when_several_appear():
    assert source_year("Trimbos 2019, herzien 2023") == 2023


def test_source_problem_is_no_year_when_citation_has_none():
    assert source_problem("", this_year=2026, max_age_years=5) == "no_year"


def test_source_problem_is_too_old_when_older_than_limit():
    assert source_problem("2020", this_year=2026, max_age_years=5) == "too_old"


def test_source_problem_is_empty_when_exactly_at_limit():
    assert source_problem("2021", this_year=2026, max_age_years=5) == ""


def test_months_between_counts_whole_months_when_day_not_reached():
    earlier = datetime.date(2025, 12, 6)
    assert months_between(earlier, datetime.date(2026, 12, 5)) == 11
    assert months_between(earlier, datetime.date(2026, 12, 6)) == 12
