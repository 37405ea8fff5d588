"""Value consistency: whether two values (or two facts) can both be right.

Dates agree when one holds the other, in either calendar (``calendars``);
figures when one lies in the other's tolerance (``APPROXIMATE_TOLERANCE``)
or in a round figure's rounding; names when their keys are close. This is
the comparator's notion of agreement, also used to pair facts
(``matching``), to judge a pair (``verdict``) and by the outlier check
(``checker.outliers``); it knows nothing of sentences or how facts pair.
"""

from __future__ import annotations

import math

from rapidfuzz import fuzz

from checker.compare.calendars import (
    _bounds,
    _calendar_equivalent,
    _forms,
    _span,
    _vague,
    _yearless,
)
from checker.compare.constants import (
    _SPAN_ROLES,
    APPROXIMATE_TOLERANCE,
    NAME_DIFFERENT,
    NAME_SAME,
    Role,
)
from checker.extract.slots import LIFESPAN
from checker.extract.values import VagueDate
from checker.records import DateRange, Fact, NameKey, NumberInterval, PartialDate


def facts_agree(a: Fact, b: Fact) -> bool:
    """Whether two facts can both be right; names when they are not clearly different.

    A lifespan against a birth or death date compares its start or end.

    >>> facts_agree(Fact("date", "1878", 0, 4, PartialDate(1878)),
    ...             Fact("date", "18 Desember 1878", 0, 16, PartialDate(1878, 12, 18)))
    True
    """
    if isinstance(a.value, NameKey) and isinstance(b.value, NameKey):
        return _best_token_ratio(a.value, b.value) >= NAME_DIFFERENT or names_match(
            a.value, b.value
        )
    x, y = a.value, b.value
    if isinstance(x, PartialDate | DateRange) and isinstance(y, PartialDate | DateRange):
        roles: dict[str | None, Role] = dict(_SPAN_ROLES)
        if a.slot == LIFESPAN and b.slot in roles and isinstance(y, PartialDate):
            return _dates_consistent(_part(x, roles[b.slot]), y)
        if b.slot == LIFESPAN and a.slot in roles and isinstance(x, PartialDate):
            return _dates_consistent(x, _part(y, roles[a.slot]))
        return _dates_consistent(x, y)
    if a.kind != b.kind:
        return False
    return consistent(x, y)


#: How far apart the stated ends of two figures may be for one to restate the other.
RESTATE_FACTOR = 1.5


def facts_restate(a: Fact, b: Fact) -> bool:
    """Whether ``b`` states the value ``a`` states: they agree, and figures are of one size.

    Stricter than ``facts_agree``, for finding the agreeing counterpart of a
    claim: "lebih dari 11.000" can be right alongside "1,5 millioner" (more
    than 11,000 is true of 1.5 million) but it does not state that figure, so
    it is no sign that the other article tells the same claim elsewhere.

    >>> big = Fact("number", "1,5 millioner", 0, 13, NumberInterval(1.5e6, 1.5e6, unit="people"))
    >>> more = Fact("number", "lebih dari 11.000", 0, 17,
    ...             NumberInterval(11e3, math.inf, at_least=True, unit="people"))
    >>> facts_agree(big, more), facts_restate(big, more)
    (True, False)
    """
    if not facts_agree(a, b):
        return False
    x, y = a.value, b.value
    if isinstance(x, NumberInterval) and isinstance(y, NumberInterval):
        first, second = _stated(x), _stated(y)
        return max(first, second) <= RESTATE_FACTOR * max(min(first, second), 1e-9)
    return True


def _stated(value: NumberInterval) -> float:
    """The figure a text states: a bound's own end, an interval's middle."""
    if value.at_least and not value.at_most:
        return value.low
    if value.at_most and not value.at_least:
        return value.high
    return (value.low + value.high) / 2


def _units_comparable(a: NumberInterval, b: NumberInterval) -> bool:
    return a.unit == b.unit or a.unit is None or b.unit is None


Value = PartialDate | DateRange | NumberInterval | NameKey


def consistent(a: Value, b: Value) -> bool:
    """True when two values can both be right: the comparator's notion of agreement.

    Symmetric and reflexive. Dates agree when one contains the other (a year
    and a day in it), in either calendar; figures when one interval lies in
    the other's tolerance or in a round figure's rounding; names when their
    keys are close.

    >>> consistent(PartialDate(1878), PartialDate(1878, 12, 18))
    True
    >>> consistent(NumberInterval(6e6, 6e6, approximate=True), NumberInterval(5e6, 7e6))
    True
    """
    if isinstance(a, PartialDate | DateRange) and isinstance(b, PartialDate | DateRange):
        return _dates_consistent(a, b)
    if isinstance(a, NumberInterval) and isinstance(b, NumberInterval):
        if not _units_comparable(a, b):
            return False
        # A figure inside another's tolerance, or inside what a round figure may
        # stand for ("786 098" and "800.000"): both can be right.
        return any(
            _inside(_raw(x), bounds(y))
            for x, y in ((a, b), (b, a))
            for bounds in (_explicit, _implicit)
        )
    if isinstance(a, NameKey) and isinstance(b, NameKey):
        return names_match(a, b)
    return False


def _month_of_year(value: PartialDate | DateRange) -> tuple[int, int] | None:
    """The months (first, last) a date names within some year, or None when it names no month.

    Used against a month of no year ("Pada bulan Agustus"): a year, a decade
    or a span over a new year says nothing about which month it was.
    """
    if isinstance(value, DateRange):
        first, last = _month_of_year(value.start), _month_of_year(value.end)
        if first is None or last is None or first[0] > last[1]:
            return None
        if not _yearless(value) and value.start.year != value.end.year:
            return None
        return first[0], last[1]
    if isinstance(value, VagueDate):
        (y1, m1), (y2, m2) = value.first, value.last
        return (m1, m2) if y1 == y2 and not value.decade else None
    if value.month is None or value.decade:
        return None
    return value.month, value.month


def _months_consistent(a: PartialDate | DateRange, b: PartialDate | DateRange) -> bool:
    """Two dates, at least one of no year, agree when their months of the year overlap."""
    first, second = _month_of_year(a), _month_of_year(b)
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


def _point_dates_consistent(a: PartialDate, b: PartialDate) -> bool:
    """One date inside the other (a year and a day in it), or overlapping when one is vague,
    or one day in the two calendars (``_calendar_equivalent``)."""
    if _yearless(a) or _yearless(b):
        return _months_consistent(a, b)
    if _calendar_equivalent(a, b):
        return True
    for x in _forms(a):
        for y in _forms(b):
            (x_lo, x_hi), (y_lo, y_hi) = _bounds(x), _bounds(y)
            if _vague(x) or _vague(y):
                if x_lo <= y_hi and y_lo <= x_hi:
                    return True
            elif (x_lo <= y_lo and y_hi <= x_hi) or (y_lo <= x_lo and x_hi <= y_hi):
                return True
    return False


def _point_in_range(point: PartialDate, span: DateRange) -> bool:
    if _yearless(point) or _yearless(span):
        return _months_consistent(point, span)
    low, high = _span(span)
    return any(_bounds(f)[0] <= high and _bounds(f)[1] >= low for f in _forms(point))


def _dates_consistent(a: PartialDate | DateRange, b: PartialDate | DateRange) -> bool:
    if isinstance(a, DateRange) and isinstance(b, DateRange):
        return _point_dates_consistent(a.start, b.start) and _point_dates_consistent(a.end, b.end)
    if isinstance(a, DateRange):
        assert isinstance(b, PartialDate)
        return _point_in_range(b, a)
    if isinstance(b, DateRange):
        return _point_in_range(a, b)
    return _point_dates_consistent(a, b)


Interval = tuple[float, float]


def _raw(value: NumberInterval) -> Interval:
    low = value.low
    high = math.inf if value.at_least else value.high
    if value.at_most:
        low = min(low, 0.0)
    return low, high


def _explicit(value: NumberInterval) -> Interval:
    """The interval a figure claims: estimates widened by ``APPROXIMATE_TOLERANCE``."""
    low, high = _raw(value)
    if value.approximate:
        low, high = low * (1 - APPROXIMATE_TOLERANCE), high * (1 + APPROXIMATE_TOLERANCE)
    return low, high


def rounding_half_unit(value: float) -> float:
    """Half a unit of a round figure's last non-zero digit; 0 for a figure that is not round.

    "800 000" may stand for anything from 750 000 to 850 000; "786 098" is exact.
    A figure is round when it ends in at least two zeros.

    >>> rounding_half_unit(800000.0), rounding_half_unit(1500000.0), rounding_half_unit(786098.0)
    (50000.0, 50000.0, 0.0)
    """
    if value <= 0 or not float(value).is_integer():
        return 0.0
    number, unit = int(value), 1
    while number % 10 == 0:
        number //= 10
        unit *= 10
    return unit / 2 if unit >= 100 else 0.0


def _implicit(value: NumberInterval) -> Interval:
    """The explicit interval, and for a single round figure its rounding too."""
    low, high = _explicit(value)
    if value.low == value.high and not (value.at_least or value.at_most):
        half = rounding_half_unit(value.low)
        low, high = min(low, value.low - half), max(high, value.high + half)
    return low, high


def _inside(inner: Interval, outer: Interval) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlap(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def names_match(a: NameKey, b: NameKey) -> bool:
    """True when two name keys name the same person or place (surnames compared).

    >>> names_match(NameKey("karl marks", ("karl", "marks")), NameKey("marks", ("marks",)))
    True
    """
    if a.key == b.key:
        return True
    if not a.tokens or not b.tokens:
        return False
    if fuzz.ratio(a.key, b.key) >= NAME_SAME:
        return True
    return fuzz.ratio(a.tokens[-1], b.tokens[-1]) >= NAME_SAME


def _best_token_ratio(a: NameKey, b: NameKey) -> float:
    return max(
        (fuzz.ratio(x, y) for x in a.tokens for y in b.tokens if len(x) > 2 and len(y) > 2),
        default=0.0,
    )


def _part(value: PartialDate | DateRange, role: Role) -> PartialDate | DateRange:
    if isinstance(value, DateRange) and role == "start":
        return value.start
    if isinstance(value, DateRange) and role == "end":
        return value.end
    return value
