"""Time limits in months and working days, by the rule of Regulation (EEC, Euratom) No 1182/71.

Pure date arithmetic. Which days are public holidays is data (rules/rights.yaml, ``calendar``):
fixed dates, and days counted from Easter Sunday, which is computed here (the Gregorian
computus), not tabled. This is the rule for a deadline that runs from an event (the GDPR's
one-month answer to a request). Retention periods count differently (a period from the last
day of a month ends on the last day of a month): that is ``retention.add_period``.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as _dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """Days on which a deadline cannot end. ``fixed`` are (month, day); ``from_easter`` are day offsets."""

    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday(): Saturday, Sunday
    fixed: frozenset[tuple[int, int]] = frozenset()
    from_easter: frozenset[int] = frozenset()


def easter_sunday(year: int) -> _dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return _dt.date(year, month, day + 1)


def is_working_day(day: _dt.date, cal: HolidayCalendar) -> bool:
    if day.weekday() in cal.weekend or (day.month, day.day) in cal.fixed:
        return False
    return not cal.from_easter or (day - easter_sunday(day.year)).days not in cal.from_easter


def next_working_day(day: _dt.date, cal: HolidayCalendar) -> _dt.date:
    """``day`` itself if it is a working day, else the first working day after it (Reg. 1182/71 art. 3(4))."""
    while not is_working_day(day, cal):
        day += _dt.timedelta(days=1)
    return day


def add_months(start: _dt.date, months: int) -> _dt.date:
    """The same date ``months`` later; the month's last day where that date does not exist (art. 3(2)(c)).

    30 April + 1 month is 30 May (not 31 May); 31 January + 1 month is 28 (29) February.
    """
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return _dt.date(year, month, min(start.day, _stdcal.monthrange(year, month)[1]))


def deadline(start: _dt.date, months: int, days: int, cal: HolidayCalendar) -> _dt.date:
    """The last day of a period of ``months`` (then ``days``) from ``start``, moved off holidays and weekends."""
    return next_working_day(add_months(start, months) + _dt.timedelta(days=days), cal)
