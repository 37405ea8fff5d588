"""Dates as spans of days, in the Julian and Gregorian calendars.

A date means a span of days: a year its days, a season or part of a year the
months it names, a month of no year that month in any year. A date may be
given in both calendars ("6. desemberjul./ 18. desember 1878greg."), and an
unmarked date before the latest cut-over (``JULIAN_UNTIL``) may be a Julian
one. Kept apart from value consistency because it is calendar arithmetic,
not a rule about when two claims agree.
"""

from __future__ import annotations

import calendar

from checker.compare.constants import JULIAN_UNTIL
from checker.extract.dates import julian_to_gregorian
from checker.extract.values import VagueDate, YearlessDate
from checker.records import Calendar, DateRange, PartialDate


def _year_span(value: PartialDate | DateRange) -> tuple[int, int]:
    if isinstance(value, DateRange):
        return _year_span(value.start)[0], _year_span(value.end)[1]
    if isinstance(value, VagueDate):
        return value.first[0], value.last[0]
    return value.year, value.year + (9 if value.decade else 0)


Bounds = tuple[tuple[int, int, int], tuple[int, int, int]]


def _forms(date: PartialDate) -> list[PartialDate]:
    """The date and its other-calendar forms (the Julian form given, or the Gregorian computed)."""
    forms = [date]
    if date.julian is not None:
        forms.append(date.julian)
    if date.calendar == Calendar.JULIAN and date.month and date.day:
        y, m, d = julian_to_gregorian(date.year, date.month, date.day)
        forms.append(PartialDate(y, m, d, Calendar.GREGORIAN))
    return forms


def _bounds(date: PartialDate) -> Bounds:
    """The first and last day a date may mean, as (year, month, day); 31 is a month's end."""
    if isinstance(date, VagueDate):
        (y1, m1), (y2, m2) = date.first, date.last
        return (y1, m1, 1), (y2, m2, 31)
    if date.decade:
        return (date.year, 1, 1), (date.year + 9, 12, 31)
    if date.month is None:
        return (date.year, 1, 1), (date.year, 12, 31)
    if date.day is None:
        return (date.year, date.month, 1), (date.year, date.month, 31)
    return (date.year, date.month, date.day), (date.year, date.month, date.day)


def _span(value: PartialDate | DateRange) -> Bounds:
    """The first and last day of a date or range, in the calendars it is given in."""
    if isinstance(value, DateRange):
        return (
            min(_bounds(f)[0] for f in _forms(value.start)),
            max(_bounds(f)[1] for f in _forms(value.end)),
        )
    return _bounds(value)


def _yearless(value: PartialDate | DateRange) -> bool:
    if isinstance(value, DateRange):
        return isinstance(value.start, YearlessDate) or isinstance(value.end, YearlessDate)
    return isinstance(value, YearlessDate)


def _vague(value: PartialDate | DateRange) -> bool:
    if isinstance(value, DateRange):
        return isinstance(value.start, VagueDate) or isinstance(value.end, VagueDate)
    return isinstance(value, VagueDate)


def _calendar_equivalent(a: PartialDate, b: PartialDate) -> bool:
    """Two dates of month precision or finer, before the cut-over, that overlap once one of
    them is read as a Julian date: "6 December 1878" and "18 December 1878" are one day,
    "Februari 1913" and "7. mars 1913" may be. Neither says which calendar it uses, so
    they are not a disagreement (DESIGN: Julian and Gregorian forms of one day are not a
    conflict).
    """
    if _vague(a) or _vague(b) or not (_has_month(a) and _has_month(b)):
        return False
    return _julian_overlap(_span(a), _span(b))


def _has_month(value: PartialDate | DateRange) -> bool:
    if isinstance(value, DateRange):
        return _has_month(value.start) and _has_month(value.end)
    return value.month is not None and not value.decade


def _julian_overlap(first: Bounds, second: Bounds) -> bool:
    """Whether the spans overlap when one of them, before 1918, is read as a Julian date."""
    for shifted, other in ((first, second), (second, first)):
        lo, hi = shifted
        if lo >= JULIAN_UNTIL:
            continue
        lo_g, hi_g = julian_to_gregorian(*_real_day(lo)), julian_to_gregorian(*_real_day(hi))
        if lo_g <= other[1] and other[0] <= hi_g:
            return True
    return False


def _real_day(day: tuple[int, int, int]) -> tuple[int, int, int]:
    """A bound with 31 for "the month's end" made a real day of that month."""
    year, month, number = day
    return year, month, min(number, calendar.monthrange(year, month)[1])
