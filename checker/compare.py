"""Compare: the facts of two sentences, value against value, into findings.

Two sentences that make the same claim often carry several dates or figures
each, and not all of them are about the same thing. So facts are first paired
with their counterparts, and only pairs are judged:

1. **Agreement.** A fact that agrees with some fact of the same kind on the
   other side (same slot, or a side that does not say) has a counterpart and
   is never reported: a year agrees with a full date inside it (precision), a
   Julian date with its Gregorian form, a point with a range that holds it,
   an estimate with a figure inside its tolerance.
2. **Same slot.** Of the rest, facts with the same slot pair up when both
   sides have as many of them (in order of position). Figures in the generic
   "death" slot pair only when each sentence has no other figure.
3. **Lifespan.** A bracketed range after a name ("(1879–1953)") is a birth
   and a death: its start pairs with a lone birth date on the other side, its
   end with a lone death date, unless the two sentences name different people.
4. **Sole pair** (between two articles only). When exactly one fact of a kind
   is left on each side whose slot the other sentence does not mention, and at
   least one of the two has no slot (the other's may not be generic), the two
   are taken to be about the same thing: the sentences were aligned because
   they make one claim. Only plausible pairs count (``_plausible``): dates at
   most ``SOLE_MAX_YEARS`` apart, figures that say what they count and are at
   most ``SOLE_MAX_RATIO`` times apart.

Judging a pair: dates that differ by exactly the Julian-Gregorian offset are a
*soft* finding (one side should say which calendar it uses); other different
days, months or years are *hard*. Figures are intervals: an estimate
("approximate") is widened by ``APPROXIMATE_TOLERANCE`` on each side, a round
figure ("800 000") is also read as rounded to its last non-zero digit;
intervals that still overlap are *soft*, disjoint ones *hard*. Figures in
different units are never compared. Names are compared only in the same slot,
and reported only when their keys are clearly different (``NAME_DIFFERENT``).

Inside one article (``scope="internal"``) the sole-pair rule is off and only
claims that cannot be about two occasions are compared (``_internal_worthy``).

Everything here is symmetric: swapping the two sides gives the same findings
with their sides swapped, and a sentence compared with itself gives nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from babel.dates import get_month_names
from rapidfuzz import fuzz

from checker.extract.dates import julian_to_gregorian
from checker.extract.lexicon import Lexicon, lexicon
from checker.extract.slots import GENERIC_SLOTS, LIFESPAN, after_place_word, subject_of
from checker.languages import LanguageData
from checker.records import (
    Calendar,
    DateRange,
    Fact,
    FactKind,
    Finding,
    NameKey,
    NumberInterval,
    PartialDate,
    Scope,
    Sentence,
    Severity,
)

#: An estimate ("omtrent", "sekitar") is read as the figure give or take this fraction.
APPROXIMATE_TOLERANCE = 0.10
#: Two name keys are "the same name" at or above this rapidfuzz ratio (surname or whole key).
NAME_SAME = 85.0
#: Two name keys are "clearly different" when no pair of their words reaches this ratio.
NAME_DIFFERENT = 60.0
#: Two subjects (the person an event is about) are compatible at or above this ratio.
SUBJECT_SAME = 80.0
#: A lone pair of dates (no event word ties them) further apart than this many
#: years, or figures more than this many times apart, are taken to be about
#: different things rather than to disagree.
SOLE_MAX_YEARS = 2
SOLE_MAX_RATIO = 10.0
#: A figure with no unit counts as a count of people only from this size up.
BARE_COUNT_MIN = 1000.0
#: Slots in which names (places) are compared: where someone was born or died.
NAME_SLOTS = frozenset({"birth", "death"})
#: Date slots of events that happen once to a person: the only ones compared
#: between two sentences of one article.
ONCE_SLOTS = frozenset({"birth", "death", LIFESPAN})
#: The Julian calendar was in use in Russia until this Gregorian date.
JULIAN_UNTIL = (1918, 2, 14)

#: Base confidence by how a pair was formed, before the alignment score weighs in.
BASIS_CONFIDENCE: dict[str, float] = {
    "slot": 0.9,
    "lifespan": 0.85,
    "slot-order": 0.7,
    "sole": 0.6,
    "sole-one-slot": 0.5,
}
#: A soft finding is less certain to need an edit than a hard one.
SOFT_FACTOR = 0.8

Basis = Literal["slot", "lifespan", "slot-order", "sole", "sole-one-slot"]
Role = Literal["whole", "start", "end"]


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
    reason: Literal["differ", "calendar", "overlap", "rounding"]
    src_value: PartialDate | DateRange | NumberInterval | NameKey
    tgt_value: PartialDate | DateRange | NumberInterval | NameKey
    part: Role = "whole"


def compare_facts(
    src_sentence: Sentence,
    src_facts: Sequence[Fact],
    tgt_sentence: Sentence,
    tgt_facts: Sequence[Fact],
    *,
    src_lang: LanguageData,
    tgt_lang: LanguageData,
    scope: Scope,
    alignment_score: float,
) -> list[Finding]:
    """The disagreements between the facts of two sentences, for an editor.

    Only facts of the same kind about the same slot are compared (see the
    module docstring for how counterparts are chosen). ``finding_id`` is left
    empty and ``review_status`` is ``"new"``: later stages fill them in.

    >>> from checker.extract import extract_facts
    >>> from checker.languages import load_language
    >>> nb, id_ = load_language("nb"), load_language("id")
    >>> a = Sentence(0, "Stalin (1879–1953) var leder.", 1, 0, "")
    >>> b = Sentence(0, "Stalin (18 Desember 1878 – 5 Maret 1953) adalah tokoh.", 1, 0, "")
    >>> found = compare_facts(a, extract_facts(a.text, nb), b, extract_facts(b.text, id_),
    ...     src_lang=nb, tgt_lang=id_, scope="cross", alignment_score=0.9)
    >>> [(f.severity, f.src_fact.text, f.tgt_fact.text) for f in found]
    [('hard', '1879–1953', '18 Desember 1878 – 5 Maret 1953')]
    >>> found[0].explanation
    'The Norwegian Bokmål text dates the birth to 1879; the Indonesian text gives 18 December 1878.'
    """
    src = _Side(src_sentence.text, tuple(src_facts), lexicon(src_lang))
    tgt = _Side(tgt_sentence.text, tuple(tgt_facts), lexicon(tgt_lang))
    findings: list[Finding] = []
    for kind in ("date", "number", "name"):
        pairs = _counterparts(kind, src, tgt, scope)
        if scope == "internal":
            pairs = [pair for pair in pairs if _internal_worthy(pair, src, tgt)]
        for pair in pairs:
            verdict = _judge(pair)
            if verdict is None:
                continue
            findings.append(
                Finding(
                    scope=scope,
                    kind=pair.src.kind,
                    severity=verdict.severity,
                    confidence=_confidence(pair, verdict, alignment_score),
                    src_lang=src_lang.code,
                    tgt_lang=tgt_lang.code,
                    src_fact=pair.src,
                    tgt_fact=pair.tgt,
                    src_sentence=src_sentence,
                    tgt_sentence=tgt_sentence,
                    alignment_score=alignment_score,
                    explanation=explain(pair, verdict, src_lang, tgt_lang, scope),
                )
            )
    findings.sort(key=lambda f: (f.src_fact.start, f.tgt_fact.start, f.kind))
    return findings


# --- counterparts -------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    """One sentence's text and facts, and its language's lexicon."""

    text: str
    facts: tuple[Fact, ...]
    lex: Lexicon

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    @property
    def names(self) -> list[Fact]:
        return self.of_kind("name")

    def is_place(self, fact: Fact) -> bool:
        """A name right after a place preposition ("i Gori", "di Kraków")."""
        return after_place_word(self.text, fact, self.lex)


def _eligible(a: Fact, b: Fact) -> bool:
    """Could ``a`` and ``b`` be about the same thing? Same slot, or one side does not say."""
    if a.slot is not None and b.slot is not None and a.slot != b.slot:
        return False
    if isinstance(a.value, NumberInterval) and isinstance(b.value, NumberInterval):
        return _units_comparable(a.value, b.value)
    return True


def _units_comparable(a: NumberInterval, b: NumberInterval) -> bool:
    return a.unit == b.unit or a.unit is None or b.unit is None


def _counterparts(kind: str, src_side: _Side, tgt_side: _Side, scope: Scope) -> list[_Pair]:
    src, tgt = src_side.of_kind(kind), tgt_side.of_kind(kind)
    if not src or not tgt:
        return []
    left_src = [a for a in src if not any(
        _eligible(a, b) and consistent(a.value, b.value) for b in tgt
    )]
    left_tgt = [b for b in tgt if not any(
        _eligible(a, b) and consistent(a.value, b.value) for a in src
    )]
    pairs: list[_Pair] = []
    used: set[int] = set()

    slots = sorted({f.slot for f in left_src if f.slot} & {f.slot for f in left_tgt if f.slot})
    for slot in slots:
        mine = [a for a in left_src if a.slot == slot]
        theirs = [b for b in left_tgt if b.slot == slot]
        if len(mine) != len(theirs):
            continue
        if kind == "name" and not _names_comparable(slot, mine, theirs, src_side, tgt_side):
            continue
        if kind == "number" and slot in GENERIC_SLOTS and (len(src) > 1 or len(tgt) > 1):
            continue  # "deaths" of what? Only when each sentence has just this one figure.
        basis: Basis = "slot" if len(mine) == 1 else "slot-order"
        for a, b in zip(mine, theirs, strict=True):
            if kind == "number" and not _units_comparable(_num(a), _num(b)):
                continue
            pairs.append(_Pair(a, b, basis))
            used.update((id(a), id(b)))

    if kind == "date":
        pairs += _lifespan_pairs(src_side, left_src, tgt_side, left_tgt, used)

    # A value whose slot the other sentence never mentions can only be about
    # the other sentence's unslotted value, if there is just one of each.
    src_slots, tgt_slots = {f.slot for f in src}, {f.slot for f in tgt}
    rest_src = [a for a in left_src if id(a) not in used and a.slot not in tgt_slots - {None}]
    rest_tgt = [b for b in left_tgt if id(b) not in used and b.slot not in src_slots - {None}]
    if scope == "cross" and kind != "name" and len(rest_src) == 1 and len(rest_tgt) == 1:
        a, b = rest_src[0], rest_tgt[0]
        # One side may name the event the other leaves unsaid, unless that is
        # a generic event ("died"), which too many sentences mention in passing.
        said = a.slot or b.slot
        if (a.slot is None or b.slot is None) and said not in GENERIC_SLOTS and _plausible(a, b):
            pairs.append(_Pair(a, b, "sole" if said is None else "sole-one-slot"))
    return pairs


def _plausible(a: Fact, b: Fact) -> bool:
    """Could two values that only the alignment ties together be claims about one thing?

    Conflicting claims differ modestly: dates more than ``SOLE_MAX_YEARS``
    apart, or figures more than ``SOLE_MAX_RATIO`` times apart, are more likely
    about two different things in a loosely aligned pair. Figures must also
    say what they count: the same unit on both sides, or a large bare count
    against a count of people ("5,5 sampai 6,5 juta" / "6-7 millioner omkomne").
    """
    dated = (PartialDate, DateRange)
    if isinstance(a.value, dated) and isinstance(b.value, dated):
        first, second = _year_span(a.value), _year_span(b.value)
        gap = max(first[0] - second[1], second[0] - first[1], 0)
        return gap <= SOLE_MAX_YEARS
    if isinstance(a.value, NumberInterval) and isinstance(b.value, NumberInterval):
        x, y = a.value, b.value
        if x.unit is None and y.unit is None:
            return False
        if x.unit != y.unit:
            bare, counted = (x, y) if x.unit is None else (y, x)
            if counted.unit != "people" or bare.high < BARE_COUNT_MIN:
                return False
        low = max(min(x.low, y.low), 1e-9)
        high = max(x.low, y.low)
        return high / low <= SOLE_MAX_RATIO
    return False


def _year_span(value: PartialDate | DateRange) -> tuple[int, int]:
    if isinstance(value, DateRange):
        return _year_span(value.start)[0], _year_span(value.end)[1]
    return value.year, value.year + (9 if value.decade else 0)


def _internal_worthy(pair: _Pair, src: _Side, tgt: _Side) -> bool:
    """Within one article, only claims that cannot be about two different occasions.

    An article mentions many arrests, deaths and treaties; two sentences of it
    with the same slot are often about different ones. So inside one article
    only a person's birth or death (lifespan included) is compared, and only
    when both sentences name the person and the names match; and figures only
    in a specific slot ("executions", not bare "deaths") with the same unit.
    """
    a, b = pair.src, pair.tgt
    if a.kind == "date":
        slots = {a.slot, b.slot}
        if not slots <= ONCE_SLOTS:
            return False
        first = subject_of(src.text, a, src.names, src.lex)
        second = subject_of(tgt.text, b, tgt.names, tgt.lex)
        return (
            first is not None
            and second is not None
            and _best_token_ratio(_key(first), _key(second)) >= SUBJECT_SAME
        )
    if a.kind == "number":
        return (
            a.slot is not None
            and a.slot == b.slot
            and a.slot not in GENERIC_SLOTS
            and _num(a).unit == _num(b).unit == "people"
        )
    return False


def slots_comparable(slot_a: str | None, slot_b: str | None) -> bool:
    """Whether facts in these two slots can ever be compared (for pre-filtering pairs).

    Equal slots, a side without a slot, or a lifespan against a birth or death.

    >>> slots_comparable("lifespan", "birth"), slots_comparable("arrest", "marriage")
    (True, False)
    """
    if slot_a is None or slot_b is None or slot_a == slot_b:
        return True
    return {slot_a, slot_b} in ({LIFESPAN, "birth"}, {LIFESPAN, "death"})


def _names_comparable(
    slot: str, mine: Sequence[Fact], theirs: Sequence[Fact], src: _Side, tgt: _Side
) -> bool:
    """Names are compared only as the one place of a birth or death on each side."""
    return (
        slot in NAME_SLOTS
        and len(mine) == 1
        and src.is_place(mine[0])
        and tgt.is_place(theirs[0])
        and not any(names_match(_key(mine[0]), _key(n)) for n in tgt.names)
        and not any(names_match(_key(theirs[0]), _key(n)) for n in src.names)
    )


def _key(fact: Fact) -> NameKey:
    assert isinstance(fact.value, NameKey)
    return fact.value


def _lifespan_pairs(
    src_side: _Side,
    src: Sequence[Fact],
    tgt_side: _Side,
    tgt: Sequence[Fact],
    used: set[int],
) -> list[_Pair]:
    pairs: list[_Pair] = []
    roles: tuple[tuple[str, Role], ...] = (("birth", "start"), ("death", "end"))
    for slot, role in roles:
        for forward in (True, False):
            span_side, point_side = (src, tgt) if forward else (tgt, src)
            spans = [f for f in span_side if f.slot == LIFESPAN and id(f) not in used]
            point = _one_date([
                f for f in point_side
                if f.slot == slot and isinstance(f.value, PartialDate) and id(f) not in used
            ])
            if len(spans) != 1 or point is None:
                continue
            a, b = (spans[0], point) if forward else (point, spans[0])
            if not _same_subject(src_side, a, tgt_side, b):
                continue
            pair = _Pair(
                a, b, "lifespan",
                src_role=role if forward else "whole",
                tgt_role="whole" if forward else role,
            )
            if _judge(pair) is None:
                continue  # the birth agrees with the lifespan's start: nothing to pair
            pairs.append(pair)
    return pairs


def _one_date(facts: Sequence[Fact]) -> Fact | None:
    """The one date these facts give: the most precise, if they all agree; else None.

    "født 6. desemberjul./ 18. desember 1878greg. ... i 1878" gives one birth date.
    """
    if not facts or not all(consistent(a.value, b.value) for a in facts for b in facts):
        return None

    def width(fact: Fact) -> tuple[int, int]:
        assert isinstance(fact.value, PartialDate)
        low, high = _bounds(fact.value)
        return (high[0] - low[0]) * 400 + (high[1] - low[1]) * 31 + high[2] - low[2], fact.start

    return min(facts, key=width)


def _same_subject(src: _Side, a: Fact, tgt: _Side, b: Fact) -> bool:
    """False only when both sentences name who the event is about, and the names differ."""
    first = subject_of(src.text, a, src.names, src.lex)
    second = subject_of(tgt.text, b, tgt.names, tgt.lex)
    if first is None or second is None:
        return True
    return _best_token_ratio(_key(first), _key(second)) >= SUBJECT_SAME


def _num(fact: Fact) -> NumberInterval:
    assert isinstance(fact.value, NumberInterval)
    return fact.value


# --- consistency --------------------------------------------------------------

Value = PartialDate | DateRange | NumberInterval | NameKey


def consistent(a: Value, b: Value) -> bool:
    """True when two values can both be right: the comparator's notion of agreement.

    Symmetric and reflexive. Dates agree when one contains the other (a year
    and a day in it), in either calendar; figures when one interval lies in
    the other's tolerance; names when their keys are close.

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
        return _inside(_raw(a), _explicit(b)) or _inside(_raw(b), _explicit(a))
    if isinstance(a, NameKey) and isinstance(b, NameKey):
        return names_match(a, b)
    return False


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
    if date.decade:
        return (date.year, 1, 1), (date.year + 9, 12, 31)
    if date.month is None:
        return (date.year, 1, 1), (date.year, 12, 31)
    if date.day is None:
        return (date.year, date.month, 1), (date.year, date.month, 31)
    return (date.year, date.month, date.day), (date.year, date.month, date.day)


def _point_dates_consistent(a: PartialDate, b: PartialDate) -> bool:
    for x in _forms(a):
        for y in _forms(b):
            (x_lo, x_hi), (y_lo, y_hi) = _bounds(x), _bounds(y)
            if (x_lo <= y_lo and y_hi <= x_hi) or (y_lo <= x_lo and x_hi <= y_hi):
                return True
    return False


def _point_in_range(point: PartialDate, span: DateRange) -> bool:
    low = min(_bounds(f)[0] for f in _forms(span.start))
    high = max(_bounds(f)[1] for f in _forms(span.end))
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


# --- judging ------------------------------------------------------------------


def _part(value: PartialDate | DateRange, role: Role) -> PartialDate | DateRange:
    if isinstance(value, DateRange) and role == "start":
        return value.start
    if isinstance(value, DateRange) and role == "end":
        return value.end
    return value


def _judge(pair: _Pair) -> _Verdict | None:
    a, b = pair.src.value, pair.tgt.value
    if isinstance(a, PartialDate | DateRange) and isinstance(b, PartialDate | DateRange):
        return _judge_dates(_part(a, pair.src_role), _part(b, pair.tgt_role), pair)
    if isinstance(a, NumberInterval) and isinstance(b, NumberInterval):
        return _judge_numbers(a, b)
    if isinstance(a, NameKey) and isinstance(b, NameKey):
        if _best_token_ratio(a, b) >= NAME_DIFFERENT or names_match(a, b):
            return None
        return _Verdict("hard", "differ", a, b)
    return None


def _judge_dates(
    a: PartialDate | DateRange, b: PartialDate | DateRange, pair: _Pair
) -> _Verdict | None:
    if _dates_consistent(a, b):
        return None
    part: Role = pair.src_role if pair.src_role != "whole" else pair.tgt_role
    if isinstance(a, DateRange) and isinstance(b, DateRange):
        if not _point_dates_consistent(a.start, b.start):
            a_point, b_point, part = a.start, b.start, "start"
        else:
            a_point, b_point, part = a.end, b.end, "end"
        if _calendar_shift(a_point, b_point):
            return _Verdict("soft", "calendar", a_point, b_point, part)
        return _Verdict("hard", "differ", a_point, b_point, part)
    if isinstance(a, PartialDate) and isinstance(b, PartialDate) and _calendar_shift(a, b):
        return _Verdict("soft", "calendar", a, b, part)
    return _Verdict("hard", "differ", a, b, part)


def _calendar_shift(a: PartialDate, b: PartialDate) -> bool:
    """Two days that are one day in the Julian and Gregorian calendars, not marked as such."""
    if a.month is None or a.day is None or b.month is None or b.day is None:
        return False
    first, second = (a.year, a.month, a.day), (b.year, b.month, b.day)
    for x, y in ((first, second), (second, first)):
        if x < JULIAN_UNTIL and julian_to_gregorian(*x) == y:
            return True
    return False


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


# --- explanations -------------------------------------------------------------

#: What a slot is about, in the words of an explanation ("dates the birth to 1879").
SLOT_EVENTS: dict[str, str] = {
    "birth": "the birth",
    "death": "the death",
    "executions": "the executions",
    "famine": "the famine",
    "marriage": "the marriage",
    "arrest": "the arrest",
    "imprisonment": "the imprisonment",
    "sentence": "the sentence",
    "education": "the schooling",
    "leader": "the time as leader",
    "appointment": "the appointment",
    "publication": "the publication",
    "founding": "the founding",
    "invasion": "the invasion",
    "treaty": "the treaty",
    "conference": "the conference",
    "height": "the height",
    "population": "the population",
    LIFESPAN: "the lifespan",
}

#: What a figure in a slot counts ("gives about 1.5 million for the executions").
SLOT_COUNTS: dict[str, str] = {
    "death": "the deaths",
    "famine": "the famine deaths",
    "arrest": "the arrests",
    "imprisonment": "the people imprisoned",
}

_UNIT_WORDS: dict[str, str] = {
    "people": " people",
    "year": " years",
    "age": " years old",
    "percent": "%",
    "month": " months",
    "week": " weeks",
    "day": " days",
    "cm": " cm",
    "km": " km",
    "kg": " kg",
    "tonne": " tonnes",
    "rouble": " roubles",
    "dollar": " dollars",
}

_ENGLISH_MONTHS = {int(k): str(v) for k, v in get_month_names("wide", locale="en").items()}


def format_date(value: PartialDate | DateRange) -> str:
    """A date in English for an explanation: "18 December 1878", "May 1872", "the 1920s".

    >>> format_date(PartialDate(1878, 12, 18))
    '18 December 1878'
    """
    if isinstance(value, DateRange):
        joiner = " – " if value.start.day or value.end.day else "–"
        return f"{format_date(value.start)}{joiner}{format_date(value.end)}"
    if value.decade:
        return f"the {value.year}s"
    if value.month is None:
        return str(value.year)
    month = _ENGLISH_MONTHS[value.month]
    if value.day is None:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _figure(value: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size and round(value / size, 2) * size == value:
            return f"{value / size:g} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,g}"


def format_number(value: NumberInterval) -> str:
    """A figure in English: "about 1.5 million", "at least 700,000 people", "5–7 million".

    >>> format_number(NumberInterval(5e6, 7e6))
    '5–7 million'
    """
    prefix = "about " if value.approximate else ""
    if value.at_least and not value.at_most:
        text = "at least " + _figure(value.low)
    elif value.at_most and not value.at_least:
        text = "at most " + _figure(value.high)
    elif value.low == value.high:
        text = _figure(value.low)
    else:
        low, high = _figure(value.low), _figure(value.high)
        if low.endswith(" million") and high.endswith(" million"):
            text = f"{low.removesuffix(' million')}–{high}"
        else:
            text = f"{low}–{high}"
    unit = _UNIT_WORDS.get(value.unit, f" {value.unit}") if value.unit else ""
    return prefix + text + unit


def _format(value: Value) -> str:
    if isinstance(value, PartialDate | DateRange):
        return format_date(value)
    if isinstance(value, NumberInterval):
        return format_number(value)
    return value.key


def _event(fact: Fact, other: Fact, part: Role) -> str | None:
    """The event both sides speak of, or None when they do not both say."""
    slot = fact.slot if fact.slot == other.slot else None
    if slot == LIFESPAN or (fact.slot != other.slot and LIFESPAN in (fact.slot, other.slot)):
        if part == "start":
            return "the birth"
        if part == "end":
            return "the death"
        return SLOT_EVENTS[LIFESPAN]
    if slot is None:
        return None
    event = SLOT_EVENTS.get(slot, "the " + slot.replace("_", " "))
    if part == "start":
        return f"the start of {event.removeprefix('the ')}"
    if part == "end":
        return f"the end of {event.removeprefix('the ')}"
    return event


def explain(
    pair: _Pair,
    verdict: _Verdict,
    src_lang: LanguageData,
    tgt_lang: LanguageData,
    scope: Scope,
) -> str:
    """One plain English sentence that tells an editor what disagrees."""
    if scope == "internal":
        first, second = f"One sentence of the {src_lang.name} text", "another"
    else:
        first, second = f"The {src_lang.name} text", f"the {tgt_lang.name} text"
    a, b = _format(verdict.src_value), _format(verdict.tgt_value)
    kind: FactKind = pair.src.kind
    event = _event(pair.src, pair.tgt, verdict.part)
    if kind == "date":
        claim = f"{first} dates {event} to {a}" if event else f"{first} gives {a}"
        tail = {
            "calendar": (
                ", the same day in the other calendar (Julian and Gregorian), "
                "so one side should say which calendar it uses"
            ),
        }.get(verdict.reason, "" if event else " for what looks like the same event")
        return f"{claim}; {second} gives {b}{tail}."
    if kind == "number":
        slot = pair.src.slot if pair.src.slot == pair.tgt.slot else None
        counted = SLOT_COUNTS.get(slot, SLOT_EVENTS.get(slot, "")) if slot else ""
        claim = f"{first} gives {a}" + (f" for {counted}" if counted else "")
        tail = {
            "overlap": ", an estimate that overlaps but does not match",
            "rounding": ", which may be the same figure rounded",
        }.get(verdict.reason, "")
        return f"{claim}; {second} gives {b}{tail}."
    where = f" for {event}" if event else ""
    return f"{first} names {pair.src.text}{where}; {second} names {pair.tgt.text}."
