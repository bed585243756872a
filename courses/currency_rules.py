"""When content counts as possibly out of date: pure rules, no database. The
limits come from the trainers' site setting (``CurrencySettings``)."""

import re

YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def source_year(text: str) -> int | None:
    """The latest four-digit year (1900–2099) in ``text``, else None."""
    years = [int(year) for year in YEAR.findall(text or "")]
    return max(years) if years else None


def source_problem(year_text: str, *, this_year: int, max_age_years: int) -> str:
    """What is wrong with a source whose year field (or whole citation) is
    ``year_text``: "no_year", "too_old" or "" (nothing). A source exactly
    ``max_age_years`` old is fine."""
    year = source_year(year_text)
    if year is None:
        return "no_year"
    if this_year - year > max_age_years:
        return "too_old"
    return ""


def months_between(earlier, later) -> int:
    """Whole months from date ``earlier`` to date ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)
