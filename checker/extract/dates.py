"""Dates in running text, as language-neutral partial dates and ranges.

Finds full dates ("18. desember 1878", "5 Maret 1953"), months of a year
("mai 1872"), years, decades ("1930-årene", "era 1920-an"), ranges ("fra 1924
til 1953", "antara 1934 sampai 1939", "1932–33") and a day given in both the
Julian and the Gregorian calendar ("6. desemberjul./ 18. desember 1878greg.",
"18 Desember [K.J.: 6 Desember] 1878"), which is one date: its value is the
Gregorian form and remembers the Julian one.

Also parts of a year or decade ("Våren 1913", "akhir tahun 1888", "slutten
av 1940-årene"), which are the months or years they name (``VagueDate``), and
months with no year ("Pada bulan Agustus", "fra april til juni": only after a
word of the data file's ``month_before``), which take the year the sentence
gives them when it gives one ("I mars 1908 ... i september") and otherwise
stay months of no year (``YearlessDate``).

Word order and small words are the data file's too: joiners between day,
month and year ("18 de diciembre de 1878", "the 18th of December"), day
suffixes ("18th"), whether the month may come first ("December 18, 1878"),
phrases that make a year a decade ("la década de 1920") or name a decade
without its century ("los años 30", "the thirties": read in the century of the
sentence's nearest year, or the base file's ``short_decade_century``). A
calendar marker may stand in brackets of its own ("6 de diciembre (jul.)/ 18
de diciembre de 1878 (greg.)"); a date with a Julian marker is Julian whatever
its year.

Month names come from CLDR; markers, decade suffixes, qualifiers, parts and range
words from the language's data file. Span finding is done with patterns built
from that data (``checker.extract.date_patterns``), because date parsers are
good at normalising a span already found and poor at finding one in a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checker.extract.date_patterns import AtomKind, DatePatterns, date_patterns
from checker.extract.lexicon import Lexicon, lexicon
from checker.extract.values import VagueDate, YearlessDate, part_of
from checker.languages import LanguageData
from checker.records import Calendar, DateRange, Fact, PartialDate

#: The first and last year read as a year when a four-digit number stands alone.
YEAR_MIN, YEAR_MAX = 1000, 2099


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    kind: AtomKind
    value: PartialDate | DateRange | None  # None: a day and month with no year
    day_month: tuple[int, int] | None = None  # (day, month) of a date with no year
    short: bool = False  # a decade written without its century ("los años 30")


@dataclass(frozen=True)
class DateScan:
    """What the date pass found in one text.

    Attributes:
        facts: the dates, sorted by start.
        masked: spans that are parts of dates but not facts ("7. november",
            a day and month with no year): other extractors must not read
            their digits as figures.
    """

    facts: tuple[Fact, ...]
    masked: tuple[tuple[int, int], ...]


def extract_dates(text: str, lang: LanguageData) -> list[Fact]:
    """Every date in ``text``, sorted by start, none overlapping.

    >>> from checker.languages import load_language
    >>> [f.normalized for f in extract_dates("Han døde 5. mars 1953.", load_language("nb"))]
    ['1953-03-05']
    """
    return list(scan_dates(text, lexicon(lang)).facts)


def scan_dates(text: str, lex: Lexicon) -> DateScan:
    """Dates of ``text`` and the spans other extractors must leave alone."""
    patterns = date_patterns(lex)
    atoms = _centuries(_resolve(_find_atoms(text, patterns, lex)))
    atoms = [_absorb_qualifier(text, atom, patterns, lex) for atom in atoms]
    merged = _infer_years(text, _merge_ranges(text, atoms, patterns), patterns)
    facts: list[Fact] = []
    masked: list[tuple[int, int]] = []
    for atom in merged:
        if atom.value is None:
            masked.append((atom.start, atom.end))
        else:
            facts.append(
                Fact(
                    kind="date",
                    text=text[atom.start : atom.end],
                    start=atom.start,
                    end=atom.end,
                    value=atom.value,
                )
            )
    return DateScan(tuple(facts), tuple(masked))


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Gregorian date of a Julian-calendar day (proleptic, through the Julian day number).

    >>> julian_to_gregorian(1878, 12, 6)
    (1878, 12, 18)
    """
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    # Gregorian calendar from the Julian day number (Richards' algorithm).
    f = jdn + 1401 + (((4 * jdn + 274277) // 146097) * 3) // 4 - 38
    e = 4 * f + 3
    g = (e % 1461) // 4
    h = 5 * g + 2
    g_day = (h % 153) // 5 + 1
    g_month = (h // 153 + 2) % 12 + 1
    g_year = e // 1461 - 4716 + (14 - g_month) // 12
    return g_year, g_month, g_day


# --- atoms --------------------------------------------------------------------


def _valid_year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def _valid_day(text: str | None) -> int | None:
    if text is None:
        return None
    day = int(text)
    return day if 1 <= day <= 31 else None


def _calendar(marker: str | None, patterns: DatePatterns) -> Calendar:
    if marker is None:
        return Calendar.UNSPECIFIED
    if patterns.julian is not None and patterns.julian.fullmatch(marker):
        return Calendar.JULIAN
    if patterns.gregorian is not None and patterns.gregorian.fullmatch(marker):
        return Calendar.GREGORIAN
    return Calendar.UNSPECIFIED


def _find_atoms(text: str, patterns: DatePatterns, lex: Lexicon) -> list[_Atom]:
    atoms: list[_Atom] = []
    for kind, pattern in patterns.atoms:
        for match in pattern.finditer(text):
            atom = _atom(kind, match, patterns, lex, text)
            if atom is not None:
                atoms.append(atom)
    return atoms


def _atom(
    kind: AtomKind, match: re.Match[str], patterns: DatePatterns, lex: Lexicon, text: str
) -> _Atom | None:
    groups = match.groupdict()
    start, end = match.start(), match.end()
    if kind == "dual":
        return _dual_atom(match, patterns, lex)
    if kind == "bare":
        if patterns.month_before is None or not patterns.month_before.search(text[:start]):
            return None
        return _Atom(start, end, kind, YearlessDate(0, lex.months[groups["m"].lower()]))
    if kind in ("full", "month", "daymonth"):
        month = lex.months[groups["m"].lower()] if groups.get("m") else None
        day = _valid_day(groups.get("d"))
        if kind == "daymonth":
            if day is None or month is None:
                return None
            return _Atom(start, end, kind, None, (day, month))
        year = _valid_year(groups.get("y"))
        if year is None or month is None or (kind == "full" and day is None):
            return None
        calendar = _calendar(groups.get("mk"), patterns)
        return _Atom(start, end, kind, PartialDate(year, month, day, calendar))
    if kind == "short":
        if patterns.not_year_after is not None and patterns.not_year_after.match(text, end):
            return None  # "los años 30 personas": a figure
        tens = int(lex.decade_words.get(" ".join(groups["w"].lower().split()), 0))
        if not 10 <= tens <= 90 or tens % 10:
            return None
        return _Atom(
            start, end, "decade",
            PartialDate(lex.short_decade_century + tens, decade=True), short=True,
        )
    if kind == "decade":
        year = _valid_year(groups["y"])
        if year is None:
            return None
        suffix = (groups.get("suffix") or "").lower()
        if year % 100 == 0 and any(suffix == s for s in lex.century_suffixes):
            return _Atom(start, end, "daymonth", None)  # a century: mask, no fact
        return _Atom(start, end, kind, PartialDate(year, decade=True))
    if kind == "range":
        first = _valid_year(groups["y1"])
        if first is None:
            return None
        last = first // 100 * 100 + int(groups["y2"])
        if last <= first:
            return None
        return _Atom(start, end, kind, DateRange(PartialDate(first), PartialDate(last)))
    year = _valid_year(groups.get("y"))
    if year is None:
        return None
    if patterns.not_year_after is not None and patterns.not_year_after.match(text, end):
        return None  # "1500 mennesker": a figure, not a year
    return _Atom(start, end, "year", PartialDate(year))


def _dual_atom(match: re.Match[str], patterns: DatePatterns, lex: Lexicon) -> _Atom | None:
    g = match.groupdict()
    d1, d2 = _valid_day(g["d1"]), _valid_day(g["d2"])
    m1, m2 = lex.months[g["m1"].lower()], lex.months[g["m2"].lower()]
    y1, y2 = _valid_year(g.get("y1")), _valid_year(g.get("y2"))
    cal1 = _calendar(g["mk1"], patterns)
    if d1 is None or d2 is None or (y1 is None and y2 is None) or cal1 == Calendar.UNSPECIFIED:
        return None
    cal2 = Calendar.GREGORIAN if cal1 == Calendar.JULIAN else Calendar.JULIAN
    if y1 is None:
        assert y2 is not None
        y1 = _other_year(y2, m2, cal2, m1)
    if y2 is None:
        y2 = _other_year(y1, m1, cal1, m2)
    first = PartialDate(y1, m1, d1, cal1)
    second = PartialDate(y2, m2, d2, cal2)
    julian, gregorian = (first, second) if cal1 == Calendar.JULIAN else (second, first)
    value = replace(gregorian, julian=julian)
    return _Atom(match.start(), match.end(), "dual", value)


def _other_year(year: int, month: int, calendar: Calendar, other_month: int) -> int:
    """The year of the other calendar's form, which may cross New Year (Julian is behind)."""
    if calendar == Calendar.GREGORIAN and other_month > month:
        return year - 1  # Gregorian 6 January, Julian 25 December of the year before
    if calendar == Calendar.JULIAN and other_month < month:
        return year + 1
    return year


_PRIORITY: dict[AtomKind, int] = {
    "dual": 0, "full": 1, "range": 2, "month": 3, "decade": 4, "short": 5, "daymonth": 6,
    "year": 7, "bare": 8,
}


def _centuries(atoms: list[_Atom]) -> list[_Atom]:
    """Put a decade of no century in the century of the nearest year of its sentence.

    With no year in the sentence it keeps the base file's ``short_decade_century``.
    """
    dated = [
        (a.start, a.value.year)
        for a in atoms
        if isinstance(a.value, PartialDate) and not a.short and a.value.year >= YEAR_MIN
    ] + [
        (a.start, a.value.start.year) for a in atoms if isinstance(a.value, DateRange)
    ]
    if not dated:
        return atoms
    result = []
    for atom in atoms:
        if atom.short and isinstance(atom.value, PartialDate):
            _start, year = min(dated, key=lambda d: (abs(d[0] - atom.start), d[0]))
            tens = atom.value.year % 100
            atom = replace(atom, value=PartialDate(year // 100 * 100 + tens, decade=True))
        result.append(atom)
    return result


def _resolve(atoms: list[_Atom]) -> list[_Atom]:
    """Keep the longest atom where several overlap (a year inside a full date is the date's)."""
    ranked = sorted(atoms, key=lambda a: (-(a.end - a.start), _PRIORITY[a.kind], a.start))
    chosen: list[_Atom] = []
    for atom in ranked:
        if all(atom.end <= c.start or atom.start >= c.end for c in chosen):
            chosen.append(atom)
    return sorted(chosen, key=lambda a: a.start)


def _infer_years(text: str, atoms: list[_Atom], patterns: DatePatterns) -> list[_Atom]:
    """Give a month with no year the year the sentence gives it.

    A month joined by "og"/"dan" to a dated month takes its year ("pada April
    dan Mei 1940"); otherwise a month takes the year of the date before it ("I
    mars 1908 ble han arrestert og ble i september dømt" is September 1908),
    but only a month at or after that date's month: "i desember 1912 ... i
    januar" may well be the next January, so it stays a month of no year.
    A month that starts a range has taken the year of its end already
    (``_try_range``); a range of two such months ("fra april til juni") is
    read like one month.
    """
    result: list[_Atom] = []
    last: PartialDate | None = None
    for i, atom in enumerate(atoms):
        value = atom.value
        first_month = value.start.month if isinstance(value, DateRange) else (
            value.month if isinstance(value, PartialDate) else None
        )
        if _yearless_value(value) and first_month is not None:
            year: int | None = None
            after = atoms[i + 1] if i + 1 < len(atoms) else None
            if (
                after is not None
                and isinstance(after.value, PartialDate)
                and _dated(after.value)
                and (after.value.month or 0) >= first_month
                and patterns.and_join.fullmatch(text[atom.end : after.start])
            ):
                year = after.value.year
            elif last is not None and _month_floor(last) <= first_month:
                year = last.year
            if year is not None:
                atom = replace(atom, value=_with_year(value, year))
        if isinstance(atom.value, DateRange) and _dated(atom.value.end):
            last = atom.value.end
        elif isinstance(atom.value, PartialDate) and _dated(atom.value):
            last = atom.value
        result.append(atom)
    return result


def _yearless_value(value: PartialDate | DateRange | None) -> bool:
    if isinstance(value, DateRange):
        return isinstance(value.start, YearlessDate) and isinstance(value.end, YearlessDate)
    return isinstance(value, YearlessDate)


def _dated(value: PartialDate) -> bool:
    """A date with a year, and no wider than a year (not a decade)."""
    return not isinstance(value, YearlessDate) and not value.decade


def _month_floor(date: PartialDate) -> int:
    """The first month a date may mean, within its year (0 when it gives none)."""
    if isinstance(date, VagueDate):
        return date.first[1] if date.first[0] == date.year else 0
    return date.month or 0


def _with_year(value: PartialDate | DateRange | None, year: int) -> PartialDate | DateRange | None:
    if isinstance(value, DateRange) and value.start.month and value.end.month:
        end_year = year if value.end.month >= value.start.month else year + 1
        return DateRange(
            PartialDate(year, value.start.month), PartialDate(end_year, value.end.month)
        )
    if isinstance(value, PartialDate) and value.month is not None:
        return PartialDate(year, value.month)
    return value


def _absorb_qualifier(text: str, atom: _Atom, patterns: DatePatterns, lex: Lexicon) -> _Atom:
    """Widen a date's span over a qualifier before it ("slutten av 1940-årene").

    A qualifier that names a part of a year or decade (the data file's
    ``parts``: "Våren 1913", "akhir tahun 1888") makes the date that part.
    """
    if atom.value is None:
        return atom
    before = text[: atom.start]
    if patterns.qualifier_before is not None:
        match = patterns.qualifier_before.search(before)
        if match is not None:
            part = lex.date_parts.get(" ".join(match.group("q").lower().split()))
            value = atom.value
            if part is not None and isinstance(value, PartialDate):
                value = part_of(value, part)
            return replace(atom, start=match.start(), value=value)
    if atom.kind == "decade" and patterns.prefix_before is not None:
        match = patterns.prefix_before.search(before)
        if match is not None:
            return replace(atom, start=match.start())
    return atom


def _endpoint(atom: _Atom) -> PartialDate | None:
    return atom.value if isinstance(atom.value, PartialDate) else None


def _merge_ranges(text: str, atoms: list[_Atom], patterns: DatePatterns) -> list[_Atom]:
    """Join two dates with a range word or dash between them into one DateRange."""
    merged: list[_Atom] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if i + 1 < len(atoms):
            joined = _try_range(text, atom, atoms[i + 1], patterns)
            if joined is not None:
                merged.append(joined)
                i += 2
                continue
        merged.append(atom)
        i += 1
    return merged


def _try_range(text: str, first: _Atom, second: _Atom, p: DatePatterns) -> _Atom | None:
    end = _endpoint(second)
    if end is None:
        return None
    start = _endpoint(first)
    if start is None and first.day_month is not None and end.day is not None:
        day, month = first.day_month
        start = PartialDate(end.year, month, day, end.calendar)
    if start is None:
        return None
    if (
        isinstance(start, YearlessDate)
        and not isinstance(end, YearlessDate)
        and start.month is not None
        and end.month is not None
    ):
        # "fra april til juni 1913": the month before takes the year after it
        start = PartialDate(end.year if start.month <= end.month else end.year - 1, start.month)
    between = text[first.end : second.start]
    before = text[: first.start]
    opener = p.opener_before.search(before) if p.opener_before else None
    between_word = p.between_before.search(before) if p.between_before else None
    by_dash = bool(p.dash_between.fullmatch(between))
    joined_by_to = by_dash or bool(p.to_between and p.to_between.fullmatch(between))
    joined_by_and = bool(between_word and p.and_between and p.and_between.fullmatch(between))
    if not (joined_by_to or joined_by_and):
        return None
    if by_dash:
        opener = None  # "la hambruna de 1932-1933": "de" opens nothing a dash closes
    if between_word is not None and (opener is None or joined_by_and):
        opener = between_word
    if _sort_key(end) < _sort_key(start):
        return None
    begin = opener.start() if opener is not None else first.start
    return _Atom(begin, second.end, "range", DateRange(start, end))


def _sort_key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 0, date.day or 0)
