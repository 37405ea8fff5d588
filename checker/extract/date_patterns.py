"""The patterns that find date spans, built once per language from its data.

Span finding is done with patterns built from the data file and CLDR month
names, because date parsers are good at normalising a span already found and
poor at finding one in a sentence; ``checker.extract.dates`` turns what they
match into values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from checker.extract.lexicon import Lexicon
from checker.extract.tokens import phrase_pattern

#: What a pattern matched: which reading of the span ``dates`` gives it.
AtomKind = Literal[
    "dual", "full", "month", "year", "decade", "short", "range", "daymonth", "bare"
]


@dataclass(frozen=True)
class DatePatterns:
    """A language's compiled date patterns: the atom patterns in priority order, then the
    context patterns looked for before, between and after atoms."""

    atoms: tuple[tuple[AtomKind, re.Pattern[str]], ...]
    qualifier_before: re.Pattern[str] | None
    month_before: re.Pattern[str] | None
    prefix_before: re.Pattern[str] | None
    opener_before: re.Pattern[str] | None
    between_before: re.Pattern[str] | None
    dash_between: re.Pattern[str]
    to_between: re.Pattern[str] | None
    and_join: re.Pattern[str]
    and_between: re.Pattern[str] | None
    not_year_after: re.Pattern[str] | None
    julian: re.Pattern[str] | None
    gregorian: re.Pattern[str] | None


_PATTERN_CACHE: dict[int, tuple[Lexicon, DatePatterns]] = {}


def date_patterns(lex: Lexicon) -> DatePatterns:
    """The patterns of a lexicon, built on first use (building them costs milliseconds)."""
    cached = _PATTERN_CACHE.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    built = _build_patterns(lex)
    _PATTERN_CACHE[id(lex)] = (lex, built)
    return built


def _alt(phrases: tuple[str, ...] | list[str]) -> str | None:
    pattern = phrase_pattern(phrases)
    return f"(?:{pattern})" if pattern else None


def _build_patterns(lex: Lexicon) -> DatePatterns:
    flags = re.IGNORECASE
    month = _alt(list(lex.months))
    assert month is not None, "CLDR always has month names"
    jm, gm = _alt(lex.julian_markers), _alt(lex.gregorian_markers)
    markers = "|".join(m for m in (jm, gm) if m)
    not_letter_after = r"(?![^\W\d_])"
    not_letter_before = r"(?<![^\W\d_])"
    suffix = _alt(lex.day_suffixes)
    day_suffix = rf"(?:{suffix})?" if suffix else ""
    joiners = _alt(lex.date_joiners)
    # between day and month: "18 de diciembre", "18th of December", "6. desember", "18 Desember"
    dm = rf"(?:\s+{joiners}\s+|\s*)" if joiners else r"\s*"
    # between month and year: "diciembre de 1878", "December, 1878", "mai 1872"
    my = rf"(?:\s+{joiners}\s+|\s*,?\s+)" if joiners else r"\s*,?\s+"

    def day(tag: str) -> str:
        return rf"(?<![\d.,])(?P<d{tag}>[0-3]?\d){day_suffix}\.?"

    def mon(tag: str) -> str:
        return rf"(?P<m{tag}>{month})"

    def year(tag: str) -> str:
        return rf"(?P<y{tag}>\d{{4}})(?!\d)"

    atoms: list[tuple[AtomKind, re.Pattern[str]]] = []
    if markers:
        # A marker may stand in brackets of its own: "6 de diciembre (jul.)/ 18 de ...".
        mark1 = rf"(?:[(\[]\s*)?(?P<mk1>{markers})(?:\s*[)\]])?"
        mark2 = rf"(?:[(\[]\s*)?(?P<mk2>{markers})(?:\s*[)\]])?"
        bare1 = rf"(?P<mk1>{markers})"
        # 6. desemberjul./ 18. desember 1878greg.  (first form carries its marker)
        atoms.append((
            "dual",
            re.compile(
                rf"{day('1')}{dm}{mon('1')}(?:{my}{year('1')})?\s*{mark1}\s*/?\s*"
                rf"{day('2')}{dm}{mon('2')}(?:{my}{year('2')})?(?:\s*{mark2})?",
                flags,
            ),
        ))
        # 18 Desember [K.J.: 6 Desember] 1878  (bracketed form carries the marker)
        atoms.append((
            "dual",
            re.compile(
                rf"{day('2')}{dm}{mon('2')}\s*[\[(]\s*{bare1}\s*:?\s*{day('1')}{dm}{mon('1')}"
                rf"(?:{my}{year('1')})?\s*[\])]{my}{year('2')}",
                flags,
            ),
        ))
        # 18 Desember 1878 [K.J.: 6 Desember 1878]
        atoms.append((
            "dual",
            re.compile(
                rf"{day('2')}{dm}{mon('2')}{my}{year('2')}\s*[\[(]\s*{bare1}\s*:?\s*"
                rf"{day('1')}{dm}{mon('1')}(?:{my}{year('1')})?\s*[\])]",
                flags,
            ),
        ))
    marker_tail = (
        rf"(?:\s*(?:[(\[]\s*)?(?P<mk>{markers})(?:\s*[)\]])?)?" if markers else ""
    )
    atoms.append((
        "full",
        re.compile(rf"{day('')}{dm}{mon('')}{not_letter_after}{my}{year('')}{marker_tail}", flags),
    ))
    if lex.month_first:
        # December 18, 1878  /  December 18th 1878
        atoms.append((
            "full",
            re.compile(
                rf"{not_letter_before}{mon('')}{not_letter_after}\s+{day('')}"
                rf"(?:\s*,\s*|\s+){year('')}{marker_tail}",
                flags,
            ),
        ))
    atoms.append((
        "month",
        re.compile(
            rf"{not_letter_before}{mon('')}{not_letter_after}{my}{year('')}{marker_tail}", flags
        ),
    ))
    atoms.append(("daymonth", re.compile(rf"{day('')}{dm}{mon('')}{not_letter_after}", flags)))
    # A month with no year ("i september", "Pada bulan Agustus"): only after a
    # word from the data file's month_before (checked in _atom).
    atoms.append(("bare", re.compile(rf"{not_letter_before}{mon('')}{not_letter_after}", flags)))
    decade_suffix = _alt(lex.decade_suffixes)
    if decade_suffix:
        atoms.append((
            "decade",
            re.compile(
                rf"(?<![\d.,])(?P<y>\d{{3}}0)(?P<suffix>{decade_suffix}){not_letter_after}", flags
            ),
        ))
    decade_before = _alt(lex.decade_before)
    boundary = r"(?:^|(?<=[\s(\[«\"“]))"
    if decade_before:
        # "la década de 1920", "los años 1930": a year ending in 0 after these is a decade
        atoms.append((
            "decade",
            re.compile(
                rf"{boundary}{decade_before}\s+(?P<y>\d{{3}}0)(?!\d)(?![.,]\d)", flags
            ),
        ))
    short_before = _alt(lex.short_decade_before)
    tens_words = _alt(list(lex.decade_words))
    if short_before and tens_words:
        # "los años 30", "los años treinta", "the thirties": a decade of no century
        atoms.append((
            "short",
            re.compile(
                rf"{boundary}{short_before}\s+(?P<w>{tens_words})(?![^\W_])(?![.,]\d)", flags
            ),
        ))
    atoms.append((
        "range",
        re.compile(
            rf"(?<![\d.,])(?P<y1>\d{{4}})\s*[-–—]\s*(?P<y2>\d{{2}})(?![\d]|[.,]\d)(?!\s*{month})",
            flags,
        ),
    ))
    atoms.append((
        "year",
        re.compile(rf"{not_letter_before}(?<![\d.,§])(?P<y>\d{{4}})(?!\d)(?![.,]\d)", flags),
    ))

    qualifier = _alt(list(lex.qualifiers) + list(lex.date_parts))
    month_before = _alt(lex.month_before)
    prefixes = _alt(list(lex.year_words) + list(lex.decade_prefixes))
    year_words = _alt(lex.year_words)
    month_words = _alt(lex.month_before)
    # "pada tahun 1922", and before a month "antara bulan Maret dan bulan Juni 1937"
    opt_year_word = "".join(
        rf"(?:{words}\s+)?" for words in (year_words, month_words) if words
    )
    opener = _alt(lex.date_range_from)
    between = _alt(lex.date_range_between)
    to = _alt(lex.date_range_to)
    and_ = _alt(lex.date_range_and)
    after_words = _alt(
        [w for words in lex.units.values() for w in words if w not in lex.year_words]
        + list(lex.scales)
    )
    return DatePatterns(
        atoms=tuple(atoms),
        qualifier_before=(
            re.compile(
                rf"{boundary}(?P<q>{qualifier})(?:\s+|-)(?:{prefixes}\s+)?$" if prefixes
                else rf"{boundary}(?P<q>{qualifier})(?:\s+|-)$",
                flags,
            )
            if qualifier
            else None
        ),
        month_before=(
            re.compile(rf"{boundary}{month_before}\s+$", flags) if month_before else None
        ),
        prefix_before=(
            re.compile(rf"{boundary}{_alt(lex.decade_prefixes)}\s+$", flags)
            if lex.decade_prefixes
            else None
        ),
        opener_before=(
            re.compile(rf"{boundary}{opener}\s+{opt_year_word}$", flags) if opener else None
        ),
        between_before=(
            re.compile(rf"{boundary}{between}\s+{opt_year_word}$", flags) if between else None
        ),
        dash_between=re.compile(r"\s*[-–—]\s*"),
        to_between=re.compile(rf"\s+{to}\s+{opt_year_word}", flags) if to else None,
        and_between=re.compile(rf"\s+{and_}\s+{opt_year_word}", flags) if and_ else None,
        and_join=re.compile(
            rf"\s*,\s*{opt_year_word}" + (rf"|\s+{and_}\s+{opt_year_word}" if and_ else ""),
            flags,
        ),
        not_year_after=(
            re.compile(rf"\s*{after_words}{not_letter_after}", flags) if after_words else None
        ),
        julian=re.compile(jm, flags) if jm else None,
        gregorian=re.compile(gm, flags) if gm else None,
    )
