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
   "death" slot pair only when each sentence has no other figure. Dates of an
   event that recurs (``RECURRING_SLOTS``: arrests, exiles, treaties,
   congresses...) pair only when plausibly one occasion (``_plausible``), or
   when the same person or place stands next to both (``_tied_by_name``).
3. **Lifespan.** A bracketed range after a name ("(1879–1953)") is a birth
   and a death: its start pairs with a lone birth date on the other side, its
   end with a lone death date, unless the two sentences name different people.
4. **Sole pair** (between two articles only). Facts left on each side whose
   slot the other sentence does not mention, at least one of the two without
   a slot (the other's not generic), are about the same thing when the same
   person or place stands next to both (``_tied_by_name``). Only plausible
   pairs count (``_plausible``): dates at most ``SOLE_MAX_YEARS`` apart (a
   month of no year only against another), figures that say what they count
   and are at most ``SOLE_MAX_RATIO`` times apart. Such a pair is judged at
   the precision both sides are sure of: a season or part of a year as its
   whole year.
5. **Places** (``_place_pairs``). A place is a name after a place preposition
   ("i Sibir", "di desa Solvychegodsk"); it is in the slots of the event words
   near it. Two places pair when they share a slot of ``PLACE_SLOTS`` and are
   the only places in it on each side, unless the other sentence names either
   of them anywhere (one may lie inside the other: no gazetteer is used), the
   sentences' dates are years apart, or they name different people.

Judging a pair of dates. Dates are spans of days: a year holds its days, a
season or part of a year ("Våren 1913", "akhir tahun 1888") the months it
names (``checker.extract.values``), a month of no year ("Pada bulan Agustus")
that month in any year. Dates agree when one holds the other, or overlap when
one is a season or part of a year. Disagreeing dates are *soft* when both may
still be right (``_near_miss``): the same day in the Julian and Gregorian
calendars; two dates of month precision before 1918 that overlap when one is
read as Julian ("Februari 1913" / "7. mars 1913"); a season or part of a year
that ends right where the other date begins ("februar 1913" / "Våren 1913":
where spring begins is convention). Other different days, months or years are
*hard* ("januar 1913" / "Våren 1913").

Figures are intervals: an estimate ("approximate") is widened by
``APPROXIMATE_TOLERANCE`` on each side, a round figure ("800 000") is also read
as rounded to its last non-zero digit; intervals that still overlap are
*soft*, disjoint ones *hard*. Figures in different units are never compared.
Places are reported only when their keys are clearly different
(``NAME_DIFFERENT``): "Sibir" against "Solvychegodsk", not "Wien" against "Wina".

Inside one article (``scope="internal"``) the sole-pair rule is off, places
are not compared, and only claims that cannot be about two occasions are
compared (``_internal_worthy``), or two dates of one event that nearly meet.

Everything here is symmetric: swapping the two sides gives the same findings
with their sides swapped, and a sentence compared with itself gives nothing.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from babel.dates import get_month_names
from rapidfuzz import fuzz

from checker.extract.dates import julian_to_gregorian
from checker.extract.lexicon import Lexicon, lexicon
from checker.extract.names import key_for
from checker.extract.slots import (
    GENERIC_SLOTS,
    LIFESPAN,
    after_place_word,
    place_slots,
    subject_of,
)
from checker.extract.values import VagueDate, YearlessDate
from checker.languages import LanguageData, base
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
#: How sure the alignment must be before two sentences' values are compared
#: across articles. The aligner keeps pairs on little evidence (a missed pair
#: hides a conflict), so below ``SURE_ALIGNMENT`` a finding also needs values
#: that differ modestly (as for a lone pair, see ``_plausible``): two
#: conferences or two books years apart are two events, not a conflict.
#: Values in the same event slot are compared from ``SLOT_MIN_ALIGNMENT`` up
#: (or on a pair the aligner made for that claim), a lone pair of values with no
#: event word to tie them from ``SOLE_MIN_ALIGNMENT``.
SURE_ALIGNMENT = 0.5
SLOT_MIN_ALIGNMENT = 0.15
SOLE_MIN_ALIGNMENT = 0.2
#: A figure with no unit counts as a count of people only from this size up.
BARE_COUNT_MIN = 1000.0
#: The slot taxonomy is data (``checker/languages/_base.toml``): slots in which
#: places are compared (where someone was born, held, exiled...; not where someone
#: went: a journey has many stops), events of moving people about (whose figures
#: an article gives for many groups, so they are not compared inside one
#: article), events that happen to one person many times (two dates in one are
#: compared only when plausibly one occasion, ``_plausible``), and events that
#: happen once (the only dates compared inside one article).
PLACE_SLOTS = base().place_slots
MOVEMENT_SLOTS = base().movement_slots
RECURRING_SLOTS = base().recurring_slots
ONCE_SLOTS = base().once_slots
#: Two sentences whose dates are all more than this many years apart are not
#: about one occasion: their places are not compared.
PLACE_MAX_YEARS = 1
#: Before the latest Gregorian cut-over of any country (base data), an unmarked
#: date may be a Julian one.
JULIAN_UNTIL = base().julian_cutover.timetuple()[:3]

#: The slots a lifespan's start and end are (base data: ``spans``), with the part of it each is.
_SPAN_ROLES: tuple[tuple[str, Role], ...] = tuple(
    zip(base().slots[LIFESPAN].spans or (), ("start", "end"), strict=False)
)

#: Base confidence by how a pair was formed, before the alignment score weighs in.
BASIS_CONFIDENCE: dict[str, float] = {
    "slot": 0.9,
    "lifespan": 0.85,
    "slot-order": 0.7,
    "sole": 0.6,
    "sole-one-slot": 0.5,
    "person": 0.7,
}
#: A soft finding is less certain to need an edit than a hard one.
SOFT_FACTOR = 0.8

Basis = Literal["slot", "lifespan", "slot-order", "sole", "sole-one-slot", "person"]
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
    reason: Literal["differ", "vague", "overlap", "rounding"]
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
    claim_paired: bool = False,
    background_names: frozenset[str] = frozenset(),
    article_names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[Finding]:
    """The disagreements between the facts of two sentences, for an editor.

    Only facts of the same kind about the same slot are compared (see the
    module docstring for how counterparts are chosen). Across articles, a
    weakly aligned pair needs more (see ``SURE_ALIGNMENT``); ``claim_paired``
    says the aligner paired the sentences for a claim of the same event.
    ``finding_id`` is left empty and ``review_status`` is ``"new"``: later
    stages fill them in. ``background_names`` are the first letters of name
    tokens that stand everywhere in the articles (their subject), which tie
    no two values together; ``article_names`` those each article names
    anywhere (source, target): two people are compared only when each article
    knows both.

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
    src = _Side(
        src_sentence.text, tuple(src_facts), lexicon(src_lang), background_names,
        article_names[0],
    )
    tgt = _Side(
        tgt_sentence.text, tuple(tgt_facts), lexicon(tgt_lang), background_names,
        article_names[1],
    )
    findings: list[Finding] = []
    spans = _FigureSpans(src, tgt)
    for kind in ("date", "number", "name"):
        for pair in _counterparts(kind, src, tgt, scope):
            if not spans.comparable(pair):
                continue
            verdict = _judge(pair)
            if verdict is None:
                continue
            if scope == "internal" and not (
                _within_reach(pair.src, pair.tgt) and _internal_worthy(pair, verdict, src, tgt)
            ):
                continue
            if scope == "cross" and not _aligned_enough(pair, alignment_score, claim_paired):
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
                    explanation=spans.explain(pair, verdict, src_lang, tgt_lang, scope)
                    or explain(pair, verdict, src_lang, tgt_lang, scope),
                )
            )
    findings.sort(key=lambda f: (f.src_fact.start, f.tgt_fact.start, f.kind))
    return findings


class _FigureSpans:
    """The periods two sentences' figures are for: a figure is compared only with one for
    the same period.

    A date range in a sentence that counts something ("Mellom september 1936
    og desember 1938 ble anslagsvis 1,5 millioner mennesker henrettet") is the
    span of its figure, not the date of an event. Two figures for different
    spans measure different things (700,000 shot in 1937–38 fit inside 800,000
    shot in 1930–52), so they are not compared; and two spans are compared as
    dates only when their figures agree, which makes the span the difference.
    """

    def __init__(self, src: _Side, tgt: _Side) -> None:
        self.src, self.tgt = _spans(src), _spans(tgt)
        self.src_counts, self.tgt_counts = _counts(src), _counts(tgt)

    def _figures_agree(self) -> bool:
        return any(consistent(a.value, b.value) for a in self.src_counts for b in self.tgt_counts)

    def _spans_differ(self) -> bool:
        if not self.src or not self.tgt:
            return False
        return not any(consistent(a.value, b.value) for a in self.src for b in self.tgt)

    def _is_span_pair(self, pair: _Pair) -> bool:
        return any(pair.src is f for f in self.src) and any(pair.tgt is f for f in self.tgt)

    def comparable(self, pair: _Pair) -> bool:
        if pair.src.kind == "number":
            return not self._spans_differ()
        if pair.src.kind == "date" and self._is_span_pair(pair):
            return self._figures_agree()
        return True

    def explain(
        self,
        pair: _Pair,
        verdict: _Verdict,
        src_lang: LanguageData,
        tgt_lang: LanguageData,
        scope: Scope,
    ) -> str | None:
        """For two spans of one figure: say that the span, not the figure, differs."""
        if not (pair.src.kind == "date" and self._is_span_pair(pair)):
            return None
        figure = next(
            a for a in self.src_counts for b in self.tgt_counts if consistent(a.value, b.value)
        )
        first = f"The {src_lang.name} text" if scope == "cross" else (
            f"One sentence of the {src_lang.name} text"
        )
        second = f"the {tgt_lang.name} text" if scope == "cross" else "another"
        assert isinstance(pair.src.value, DateRange | PartialDate)
        assert isinstance(pair.tgt.value, DateRange | PartialDate)
        assert isinstance(figure.value, NumberInterval)
        return (
            f"{first} gives {format_number(figure.value)} for {format_date(pair.src.value)}; "
            f"{second} gives it for {format_date(pair.tgt.value)}: the period differs, "
            "not the figure."
        )


def _counts(side: _Side) -> list[Fact]:
    """The figures of a sentence that count something: people, or a large bare count."""
    return [
        f for f in side.of_kind("number")
        if isinstance(f.value, NumberInterval)
        and (f.value.unit == "people" or (f.value.unit is None and f.value.high >= BARE_COUNT_MIN))
    ]


def _spans(side: _Side) -> list[Fact]:
    """The date ranges of a sentence that counts something: the periods of its figures."""
    if not _counts(side):
        return []
    return [f for f in side.of_kind("date") if isinstance(f.value, DateRange)]


# --- agreement of two facts ----------------------------------------------------


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


# --- counterparts -------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    """One sentence's text and facts, its language's lexicon, the names that stand
    everywhere in the two articles (``background``) and the names its own article
    names anywhere (``article_names``), both as first letters of name tokens."""

    text: str
    facts: tuple[Fact, ...]
    lex: Lexicon
    background: frozenset[str] = frozenset()
    article_names: frozenset[str] = frozenset()

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    @property
    def names(self) -> list[Fact]:
        return self.of_kind("name")

    def is_place(self, fact: Fact) -> bool:
        """A name right after a place preposition ("i Gori", "di Kraków")."""
        return after_place_word(self.text, fact, self.lex, self.names)

    def places(self) -> list[tuple[Fact, dict[str, int]]]:
        """Each place of the sentence, with the slots (and their costs) it is in.

        A place named by its kind ("Penjara Bailov", a prison; "Provinsi
        Vologda") is left out: it lies inside, or around, the places of other
        names, and no gazetteer says which. A place is in a generic slot
        ("death") only when that is its nearest event: "1,7 millioner omkom i
        Gulag-leire" and "800.000 orang tewas ditembak mati di Uni Soviet" do
        not give the place of one death.
        """
        result = []
        for fact in self.names:
            first_word = fact.text.split()[0].lower()
            if first_word in self.lex.place_nouns:
                continue  # "Penjara Shpalerhy", "Provinsi Vologda": a prison in a city, a province
            if self.is_place(fact):
                costs = place_slots(self.text, fact, self.facts, self.lex)
                for slot in GENERIC_SLOTS & set(costs):
                    if fact.slot != slot:
                        del costs[slot]
                result.append((fact, costs))
        return result


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
    if kind == "name":
        if scope != "cross":
            return []
        return _place_pairs(src_side, tgt_side) + _person_pairs(src_side, tgt_side)
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
        if kind == "number" and slot in GENERIC_SLOTS and (len(src) > 1 or len(tgt) > 1):
            continue  # "deaths" of what? Only when each sentence has just this one figure.
        basis: Basis = "slot" if len(mine) == 1 else "slot-order"
        for a, b in zip(mine, theirs, strict=True):
            if kind == "number" and not _units_comparable(_num(a), _num(b)):
                continue
            if slot in ONCE_SLOTS and not _same_subject(src_side, a, tgt_side, b):
                continue  # the births (or lifespans) of two different people
            if (
                kind == "date"
                and slot in RECURRING_SLOTS
                and not (_plausible(a, b) or _tied_by_name(src_side, a, tgt_side, b))
            ):
                continue  # two returns (or arrests) years apart: two occasions
            pairs.append(_Pair(a, b, basis))
            used.update((id(a), id(b)))

    if kind == "date":
        pairs += _lifespan_pairs(src_side, left_src, tgt_side, left_tgt, used)

    # A value whose slot the other sentence never mentions can only be about
    # an unslotted value of the other sentence: the one with the same person or
    # place next to it. (Pairing the only ones left in two sentences that
    # surely make one claim was tried: a reader judged 13 of 15 such findings
    # false, on the seeds and on the English and Spanish editions.)
    src_slots, tgt_slots = {f.slot for f in src}, {f.slot for f in tgt}
    rest_src = [a for a in left_src if id(a) not in used and a.slot not in tgt_slots - {None}]
    rest_tgt = [b for b in left_tgt if id(b) not in used and b.slot not in src_slots - {None}]
    if scope != "cross":
        return pairs
    ties = [
        (a, b) for a in rest_src for b in rest_tgt if _tied_by_name(src_side, a, tgt_side, b)
    ]
    lone = [
        (a, b) for a, b in ties
        if sum(x is a for x, _ in ties) == 1 and sum(y is b for _, y in ties) == 1
    ]
    for a, b in lone:
        # One side may name the event the other leaves unsaid, unless that is
        # a generic event ("died"), which too many sentences mention in passing.
        said = a.slot or b.slot
        if (a.slot is None or b.slot is None) and said not in GENERIC_SLOTS and _plausible(a, b):
            pairs.append(_Pair(a, b, "sole" if said is None else "sole-one-slot"))
    return pairs


#: Words between a value and a name for the name to be "next to" the value.
NAME_TIE_WORDS = 5


def _tied_by_name(src: _Side, a: Fact, tgt: _Side, b: Fact) -> bool:
    """Whether a person or place next to one value is next to the other too.

    Two values that no event word ties together ("I 1898 ledet han en
    studiesirkel" / "Pada Oktober 1899, Stalin mulai bekerja sebagai seorang
    meteorolog") are about the same thing only when something else is shared
    right next to them: the same person or place, by name. Names that stand
    everywhere in the two articles (``_Side.background``: the article's subject)
    tie nothing.
    """
    near_a = [n for n in src.names if _words_between(src.text, a, n) <= NAME_TIE_WORDS]
    near_b = [n for n in tgt.names if _words_between(tgt.text, b, n) <= NAME_TIE_WORDS]
    for x in near_a:
        for y in near_b:
            tokens = [
                (p, q)
                for p in _key(x).tokens
                for q in _key(y).tokens
                if len(p) > 2 and len(q) > 2
                and p[:NAME_PREFIX] not in src.background
                and q[:NAME_PREFIX] not in tgt.background
            ]
            if any(fuzz.ratio(p, q) >= NAME_SAME for p, q in tokens):
                return True
    return False


#: Letters of a name token that identify it in ``background`` (as in alignment anchors).
NAME_PREFIX = 5


def _words_between(text: str, first: Fact, second: Fact) -> int:
    """How many words stand between two facts of one sentence."""
    start, end = (first.end, second.start) if first.end <= second.start else (
        second.end, first.start
    )
    return len(text[start:end].split()) if end > start else 0


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
        if _yearless(a.value) or _yearless(b.value):
            # A month of no year is about the same thing as another only when
            # neither side gives a year ("fra april til juni" / "Pada bulan Agustus").
            return _yearless(a.value) and _yearless(b.value)
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


#: Dates further apart than this many years are two events, however alike their sentences.
MAX_YEARS_APART = 10


def _within_reach(a: Fact, b: Fact) -> bool:
    """Whether two dates are at most ``MAX_YEARS_APART`` apart, two figures at most
    ``SOLE_MAX_RATIO`` times (names always are): further apart, they are two facts."""
    if isinstance(a.value, NumberInterval) and isinstance(b.value, NumberInterval):
        low = max(min(a.value.low, b.value.low), 1e-9)
        return max(a.value.low, b.value.low) / low <= SOLE_MAX_RATIO
    dated = (PartialDate, DateRange)
    if not (isinstance(a.value, dated) and isinstance(b.value, dated)):
        return True
    if _yearless(a.value) or _yearless(b.value):
        return True
    first, second = _year_span(a.value), _year_span(b.value)
    return max(first[0] - second[1], second[0] - first[1], 0) <= MAX_YEARS_APART


def _year_span(value: PartialDate | DateRange) -> tuple[int, int]:
    if isinstance(value, DateRange):
        return _year_span(value.start)[0], _year_span(value.end)[1]
    if isinstance(value, VagueDate):
        return value.first[0], value.last[0]
    return value.year, value.year + (9 if value.decade else 0)


def _internal_worthy(pair: _Pair, verdict: _Verdict, src: _Side, tgt: _Side) -> bool:
    """Within one article, only claims that cannot be about two different occasions.

    An article mentions many arrests, deaths and treaties; two sentences of it
    with the same slot are often about different ones. So inside one article
    only a person's birth or death (lifespan included) is compared, and only
    when both sentences name the person and the names match; and figures only
    in a specific slot of an event that does not recur ("executions", not bare
    "deaths" or "arrests": an article counts arrests of many scopes) with the same unit.

    Other events ("kom tilbake", "arrestert") are compared only on a near
    miss: two dates of one event that nearly meet (a season against the month
    before it, a month against the next one before 1918) are one occasion told
    twice, where dates months apart are more likely two occasions. Such a
    finding is soft, and only when the sentences do not name different people.
    """
    a, b = pair.src, pair.tgt
    if a.kind == "date":
        slots = {a.slot, b.slot}
        if not slots <= ONCE_SLOTS:
            return (
                a.slot is not None
                and a.slot == b.slot
                and a.slot not in GENERIC_SLOTS
                and verdict.reason == "vague"
                and _same_subject(src, a, tgt, b)
            )
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
            and a.slot not in GENERIC_SLOTS | MOVEMENT_SLOTS | RECURRING_SLOTS
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
    return {slot_a, slot_b} in [{LIFESPAN, slot} for slot, _ in _SPAN_ROLES]


def _person_pairs(src: _Side, tgt: _Side) -> list[_Pair]:
    """Two people named for one role: the one person each side names that the other does not,
    in the same event slot.

    "I 1904 giftet han seg med Kato Svanidze" against "Pada tahun 1904, Stalin
    menikahi Ekaterina Molotova": each sentence names one person the other
    never names, next to the same event word. A name the other sentence names
    anywhere, in any form ("Kato" / "Ekaterina Svanidze"), is matched; places
    and names of no event are left alone.
    """
    def unmatched(side: _Side, other: _Side) -> list[Fact]:
        return [
            f for f in side.names
            if f.slot is not None
            and f.slot not in GENERIC_SLOTS
            and not side.is_place(f)
            and f.text.split()[0].lower() not in side.lex.place_nouns
            and not _mentioned(f, other.names)
        ]

    mine, theirs = unmatched(src, tgt), unmatched(tgt, src)
    if len(mine) != 1 or len(theirs) != 1 or mine[0].slot != theirs[0].slot:
        return []
    a, b = mine[0], theirs[0]
    # Both must be known to the other article by name (so both are people it names,
    # not a country against a party), and neither be the articles' subject.
    if not (_known(a, tgt.article_names) and _known(b, src.article_names)):
        return []
    if _surname(a) in src.background or _surname(b) in tgt.background:
        return []
    return [_Pair(a, b, "person")]


def _surname(fact: Fact) -> str:
    return _key(fact).tokens[-1][:NAME_PREFIX] if _key(fact).tokens else ""


def _known(fact: Fact, names: frozenset[str]) -> bool:
    """Whether an article names this person anywhere (by the first letters of the surname)."""
    return bool(_surname(fact)) and _surname(fact) in names


def _place_pairs(src: _Side, tgt: _Side) -> list[_Pair]:
    """Places of the same event on the two sides: one place per side in a shared slot.

    A place is a name after a place preposition (``_Side.is_place``); its slots
    are those of the event words near it (``place_slots``), so "dømt til 2 år i
    Sibir" is the place of a sentence and "dijatuhi hukuman dua tahun
    pengasingan di desa Solvychegodsk" of a sentence and an exile. Two places
    pair in a slot both have, when each side has only that one place in it;
    the nearest shared slot wins. A place that the other sentence names
    anywhere (in any role, or as a larger region: "Nord-Sibir" against
    "Turukhansk ... di Siberia") is not compared: one may lie inside the other,
    and no gazetteer says which. Nor are the places of two different people.
    """
    if _years_apart(src, tgt):
        return []
    src_places = src.places()
    tgt_places = tgt.places()
    candidates: list[tuple[int, str, Fact, Fact]] = []
    for slot in sorted(PLACE_SLOTS):
        mine = [(fact, costs[slot]) for fact, costs in src_places if slot in costs]
        theirs = [(fact, costs[slot]) for fact, costs in tgt_places if slot in costs]
        if len(mine) == 1 and len(theirs) == 1:
            (a, cost_a), (b, cost_b) = mine[0], theirs[0]
            candidates.append((cost_a + cost_b, slot, a, b))
    pairs: list[_Pair] = []
    used: set[int] = set()
    for _cost, slot, a, b in sorted(candidates, key=lambda c: (c[0], c[1])):
        if id(a) in used or id(b) in used:
            continue
        used.update((id(a), id(b)))
        if _mentioned(a, tgt.names) or _mentioned(b, src.names):
            continue
        a_slot, b_slot = replace(a, slot=slot), replace(b, slot=slot)
        if _same_subject(src, a_slot, tgt, b_slot):
            pairs.append(_Pair(a_slot, b_slot, "slot"))
    return pairs


def _years_apart(src: _Side, tgt: _Side) -> bool:
    """Whether both sentences give dates, each of one years from each of the other."""
    spans = []
    for side in (src, tgt):
        dates = [
            _year_span(f.value)
            for f in side.of_kind("date")
            if isinstance(f.value, PartialDate | DateRange) and not _yearless(f.value)
        ]
        if not dates:
            return False
        spans.append(dates)
    return all(
        max(a[0] - b[1], b[0] - a[1]) > PLACE_MAX_YEARS for a in spans[0] for b in spans[1]
    )


def _mentioned(place: Fact, names: Sequence[Fact]) -> bool:
    """Whether any of ``names`` may be the same place (not clearly a different name)."""
    key = _key(place)
    return any(
        names_match(key, _key(name)) or _best_token_ratio(key, _key(name)) >= NAME_DIFFERENT
        for name in names
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
    roles = _SPAN_ROLES
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
    """False only when both sentences name who the event is about, and the names differ.

    A lifespan's owner is the name before its brackets, or, when the sentence
    opens with it (no name fact there), the capitalised words before them:
    "Josef Stalin (18 Desember 1878 – 5 Maret 1953)" is not the lifespan of
    "Jekaterina Dzjugasjvili (1858-1937)".
    """
    first = _subject_key(src, a)
    second = _subject_key(tgt, b)
    if first is None or second is None:
        return True
    return _best_token_ratio(first, second) >= SUBJECT_SAME


def _subject_key(side: _Side, fact: Fact) -> NameKey | None:
    subject = subject_of(side.text, fact, side.names, side.lex)
    if subject is not None:
        return _key(subject)
    if fact.slot != LIFESPAN:
        return None
    before = side.text[: side.text.rfind("(", 0, fact.start)].split()[-3:]
    words = [w for w in before if w[:1].isupper()]
    return key_for(" ".join(words), side.lex) if words else None


def _num(fact: Fact) -> NumberInterval:
    assert isinstance(fact.value, NumberInterval)
    return fact.value


# --- consistency --------------------------------------------------------------

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


def _has_month(value: PartialDate | DateRange) -> bool:
    if isinstance(value, DateRange):
        return _has_month(value.start) and _has_month(value.end)
    return value.month is not None and not value.decade


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


def _judge_numbers(a: NumberInterval, b: NumberInterval) -> _Verdict | None:
    if not _units_comparable(a, b) or consistent(a, b):
        return None
    if _overlap(_explicit(a), _explicit(b)):
        return _Verdict("soft", "overlap", a, b)
    if _overlap(_implicit(a), _implicit(b)):
        return _Verdict("soft", "rounding", a, b)
    return _Verdict("hard", "differ", a, b)


def _aligned_enough(pair: _Pair, alignment_score: float, claim_paired: bool) -> bool:
    """Whether a cross pair is surely enough about one thing to compare these values.

    However sure the alignment, values decades apart are two events: conflicting
    tellings of one fact differ modestly (``_within_reach``).
    """
    if not _within_reach(pair.src, pair.tgt):
        return False
    if alignment_score >= SURE_ALIGNMENT:
        return True
    if pair.basis in ("sole", "sole-one-slot"):
        return alignment_score >= SOLE_MIN_ALIGNMENT
    enough = claim_paired or alignment_score >= SLOT_MIN_ALIGNMENT
    return enough and _plausible(pair.src, pair.tgt)


def _confidence(pair: _Pair, verdict: _Verdict, alignment_score: float) -> float:
    """Higher when the slot is explicit and the two sentences are surely a pair."""
    base = BASIS_CONFIDENCE[pair.basis]
    if verdict.severity == "soft":
        base *= SOFT_FACTOR
    score = min(max(alignment_score, 0.0), 1.0)
    return round(base * (0.4 + 0.6 * score), 4)


# --- explanations -------------------------------------------------------------

_ENGLISH_MONTHS = {int(k): str(v) for k, v in get_month_names("wide", locale="en").items()}


def format_date(value: PartialDate | DateRange) -> str:
    """A date in English for an explanation: "18 December 1878", "May 1872", "the 1920s".

    Parts of a year and months of no year too: "spring 1913", "August".

    >>> format_date(PartialDate(1878, 12, 18))
    '18 December 1878'
    """
    if isinstance(value, DateRange):
        start, end = value.start, value.end
        if (
            start.year == end.year
            and start.month is not None
            and start.day is None
            and end.day is None
            and not isinstance(start, VagueDate | YearlessDate)
            and not isinstance(end, VagueDate)
        ):
            return f"{_ENGLISH_MONTHS[start.month]}–{format_date(end)}"  # May–June 1907
        joiner = " – " if start.day or end.day else "–"
        return f"{format_date(start)}{joiner}{format_date(end)}"
    if isinstance(value, VagueDate):
        return value.english()
    if isinstance(value, YearlessDate) and value.month is not None:
        return _ENGLISH_MONTHS[value.month]
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
    return prefix + base().unit_text(value.unit, text)


def _format(value: Value) -> str:
    if isinstance(value, PartialDate | DateRange):
        return format_date(value)
    if isinstance(value, NumberInterval):
        return format_number(value)
    return value.key


def _event(fact: Fact, other: Fact, part: Role) -> str | None:
    """The event both sides speak of, or None when they do not both say."""
    slot = fact.slot if fact.slot == other.slot else None
    if fact.slot != other.slot and LIFESPAN in (fact.slot, other.slot):
        slot = LIFESPAN
    if slot is None:
        return None
    info = base().slots.get(slot)
    if info is None:
        return "the " + slot.replace("_", " ")
    return info.phrase(None if part == "whole" else part)


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
            "vague": (
                ", right next to it: a season or part of a year has no sharp edges, "
                "so both may mean the same time"
            ),
        }.get(verdict.reason, "" if event else " for what looks like the same event")
        return f"{claim}; {second} gives {b}{tail}."
    if kind == "number":
        slot = pair.src.slot if pair.src.slot == pair.tgt.slot else None
        counted = base().slots[slot].count if slot is not None and slot in base().slots else ""
        claim = f"{first} gives {a}" + (f" for {counted}" if counted else "")
        tail = {
            "overlap": ", an estimate that overlaps but does not match",
            "rounding": ", which may be the same figure rounded",
        }.get(verdict.reason, "")
        return f"{claim}; {second} gives {b}{tail}."
    slot = pair.src.slot if pair.src.slot == pair.tgt.slot else None
    if slot is not None and pair.basis != "person":
        what = base().slots[slot].place if slot in base().slots else (event or "the event")
        here, there = english_place(pair.src.text, src_lang), english_place(pair.tgt.text, tgt_lang)
        return f"{first} places {what} in {here}; {second} in {there}."
    where = f" for {event}" if event else ""
    return f"{first} names {pair.src.text}{where}; {second} names {pair.tgt.text}."


def english_place(name: str, lang: LanguageData) -> str:
    """A place as an English reader knows it, where CLDR knows it: "Sveits (Switzerland)".

    CLDR names every country and territory in every language, so a country in
    any edition's spelling is given its English name too; other places (cities,
    regions) are shown as written.

    >>> from checker.languages import load_language
    >>> english_place("Sveits", load_language("nb")), english_place("Gori", load_language("nb"))
    ('Sveits (Switzerland)', 'Gori')
    """
    english = _english_territories(lang.babel_locale).get(name.casefold())
    return f"{name} ({english})" if english and english != name else name


@cache
def _english_territories(locale: str) -> dict[str, str]:
    from babel import Locale

    local, english = Locale.parse(locale).territories, Locale("en").territories
    return {str(v).casefold(): str(english[k]) for k, v in local.items() if k in english}
