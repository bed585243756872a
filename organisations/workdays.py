"""Working days in the Netherlands: Monday to Friday, except the public
holidays most employers give off (New Year, Easter Monday, King's Day,
Ascension Day, Whit Monday, Christmas and Boxing Day; Liberation Day only in
lustrum years, as in most collective agreements). Pure, no database.
"""

from __future__ import annotations

import datetime

ONE_DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Western Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int) -> set[datetime.date]:
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it moves to the Saturday before
        kings_day -= ONE_DAY
    holidays = {
        datetime.date(year, 1, 1),
        easter + ONE_DAY,
        kings_day,
        easter + datetime.timedelta(days=39),  # Ascension Day
        easter + datetime.timedelta(days=50),  # Whit Monday
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    }
    if year % 5 == 0:
        holidays.add(datetime.date(year, 5, 5))
    return holidays


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def first_working_day(day: datetime.date) -> datetime.date:
    """The first working day of `day`'s month."""
    found = day.replace(day=1)
    while not is_working_day(found):
        found += ONE_DAY
    return found


def next_report_day(today: datetime.date) -> datetime.date:
    """The first working day of this month if it has not passed, else of the
    next month."""
    this_month = first_working_day(today)
    if today <= this_month:
        return this_month
    return first_working_day((today.replace(day=28) + 4 * ONE_DAY).replace(day=1))
