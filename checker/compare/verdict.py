"""Verdict and confidence: how two paired facts disagree, and how sure that is.

A pair (``_Pair``, made by ``matching``) of facts that do not agree is
*hard* when both cannot be right and *soft* when both may still be
(``_near_miss``: a season next to the other date; figures that overlap only
as estimates or as rounded figures); agreeing facts get no verdict. The
confidence of a finding weighs how the pair was formed
(``BASIS_CONFIDENCE``) and its verdict against the alignment score.
Separate from ``matching``: which facts are counterparts is one question,
what their values say about each other another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from checker.compare.calendars import Bounds, _span, _vague, _yearless
from checker.compare.consistency import (
    Value,
    _best_token_ratio,
    _dates_consistent,
    _explicit,
    _implicit,
    _overlap,
    _part,
    _point_dates_consistent,
    _units_comparable,
    consistent,
    names_match,
)
from checker.compare.constants import BASIS_CONFIDENCE, NAME_DIFFERENT, SOFT_FACTOR, Basis, Role
from checker.extract.values import VagueDate
from checker.records import DateRange, Fact, NameKey, NumberInterval, PartialDate, Severity


@dataclass(frozen=True)
class _Pair:
    src: Fact
    tgt: Fact
    basis: Basis
    src_role: Role = "whole"
    tgt_role: Role = "whole"


@dataclass(frozen=True)
class _Verdict:
    severity: Severity
    reason: Literal["differ", "vague", "overlap", "rounding"]
    src_value: Value
    tgt_value: Value
    part: Role = "whole"


def _judge(pair: _Pair) -> _Verdict | None:
    a, b = pair.src.value, pair.tgt.value
    if isinstance(a, PartialDate | DateRange) and isinstance(b, PartialDate | DateRange):
        a, b = _part(a, pair.src_role), _part(b, pair.tgt_role)
        if pair.basis in ("sole", "sole-one-slot") and (_vague(a) or _vague(b)):
            # A pair that only the alignment ties together is judged at the
            # precision both texts are sure of: "Sommeren 1918" as 1918 (and
            # shown as written).
            verdict = _judge_dates(_unvague(a), _unvague(b), pair)
            if verdict is not None and verdict.part == "whole":
                verdict = replace(verdict, src_value=a, tgt_value=b)
            return verdict
        return _judge_dates(a, b, pair)
    if isinstance(a, NumberInterval) and isinstance(b, NumberInterval):
        return _judge_numbers(a, b)
    if isinstance(a, NameKey) and isinstance(b, NameKey):
        if _best_token_ratio(a, b) >= NAME_DIFFERENT or names_match(a, b):
            return None
        return _Verdict("hard", "differ", a, b)
    return None


def _unvague(value: PartialDate | DateRange) -> PartialDate | DateRange:
    """A part of a year or decade as the whole year or decade it names."""
    if isinstance(value, DateRange):
        return DateRange(
            PartialDate(value.start.year, decade=value.start.decade)
            if isinstance(value.start, VagueDate) else value.start,
            PartialDate(value.end.year, decade=value.end.decade)
            if isinstance(value.end, VagueDate) else value.end,
        )
    if isinstance(value, VagueDate):
        return PartialDate(value.year, calendar=value.calendar, decade=value.decade)
    return value


def _judge_dates(
    a: PartialDate | DateRange, b: PartialDate | DateRange, pair: _Pair
) -> _Verdict | None:
    if _dates_consistent(a, b):
        return None
    part: Role = pair.src_role if pair.src_role != "whole" else pair.tgt_role
    if isinstance(a, DateRange) and isinstance(b, DateRange):
        if not _point_dates_consistent(a.start, b.start):
            a, b, part = a.start, b.start, "start"
        else:
            a, b, part = a.end, b.end, "end"
    near = _near_miss(a, b)
    if near is not None:
        return _Verdict("soft", near, a, b, part)
    return _Verdict("hard", "differ", a, b, part)


def _near_miss(a: PartialDate | DateRange, b: PartialDate | DateRange) -> Literal["vague"] | None:
    """Why two disagreeing dates may still both be right, or None when they cannot.

    ``vague``: a part of a year or decade ("Våren 1913", "akhir tahun 1888")
    that ends right where the other date begins: where a season or "the end
    of a year" starts is a matter of convention (and before the calendar
    cut-over, of calendar), so February against spring is soft; January
    against spring is not. (Dates that are one day in the two calendars are
    not a disagreement at all: ``_calendar_equivalent``.)

    A date of no year ("Pada bulan Agustus") is never a near miss: nothing says
    which calendar or year it is in.
    """
    if _yearless(a) or _yearless(b):
        return None
    if _vague(a) or _vague(b):
        return "vague" if _adjacent(_span(a), _span(b), decade=_decade_part(a, b)) else None
    return None


def _decade_part(a: PartialDate | DateRange, b: PartialDate | DateRange) -> bool:
    return any(isinstance(v, VagueDate) and v.decade for v in (a, b))


def _adjacent(first: Bounds, second: Bounds, *, decade: bool) -> bool:
    """Whether two disjoint spans touch: no whole month (for a decade's part, year) between them."""
    (lo_a, hi_a), (lo_b, hi_b) = first, second
    if decade:
        return max(lo_b[0] - hi_a[0], lo_a[0] - hi_b[0]) <= 1
    months_a = (lo_a[0] * 12 + lo_a[1], hi_a[0] * 12 + hi_a[1])
    months_b = (lo_b[0] * 12 + lo_b[1], hi_b[0] * 12 + hi_b[1])
    return max(months_b[0] - months_a[1], months_a[0] - months_b[1]) <= 1


def _judge_numbers(a: NumberInterval, b: NumberInterval) -> _Verdict | None:
    if not _units_comparable(a, b) or consistent(a, b):
        return None
    if _overlap(_explicit(a), _explicit(b)):
        return _Verdict("soft", "overlap", a, b)
    if _overlap(_implicit(a), _implicit(b)):
        return _Verdict("soft", "rounding", a, b)
    return _Verdict("hard", "differ", a, b)


def _confidence(pair: _Pair, verdict: _Verdict, alignment_score: float) -> float:
    """Higher when the slot is explicit and the two sentences are surely a pair."""
    base = BASIS_CONFIDENCE[pair.basis]
    if verdict.severity == "soft":
        base *= SOFT_FACTOR
    score = min(max(alignment_score, 0.0), 1.0)
    return round(base * (0.4 + 0.6 * score), 4)
