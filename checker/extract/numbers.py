"""Figures in running text, as intervals that keep estimates and bounds honest.

"anslagsvis 1,5 millioner" and "sekurang-kurangnya 700.000" are not points:
the first is an estimate, the second a lower bound. Each figure becomes a
``NumberInterval`` with its flags and, when the sentence gives one, a unit
("people", "year", "age", "percent"...), so that the comparator can tell a
real disagreement from two compatible ways of saying the same thing.

Digits are read with the language's own CLDR separators first ("13 500",
"700.000", "1,5"), then with the other common convention when the language's
cannot explain the text ("1.5" in a Norwegian sentence). Number words
("seks", "lima belas", "sejuta") and scale words ("millioner", "juta") come
from the data file, and one grammar (in ``checker.extract.numerals``, which
reads a numeral; this module reads the figure around it) reads them in every
language: "twenty-five", "treinta y cinco", "veinticinco", "tjuefem", "dua
puluh lima", "half a million" differ only in the data (joiners, glued parts,
scales below a thousand, adders, fractions). Years, dates, ordinals ("2.
verdenskrig", "ke-11") and labels ("nr. 2", "§ 58") are not figures.

>>> from checker.languages import load_language
>>> [f.normalized for f in extract_numbers("unos veinticinco mil", load_language("es"))]
['~25000']
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from checker.extract.lexicon import Lexicon, lexicon
from checker.extract.numerals import DASHES, Numeral, merge_space_groups, read_numeral
from checker.extract.tokens import Token, match_at, match_before, tokenize
from checker.languages import LanguageData
from checker.records import Fact, NumberInterval


def extract_numbers(
    text: str, lang: LanguageData, *, skip: Sequence[tuple[int, int]] = ()
) -> list[Fact]:
    """Every figure in ``text`` outside the ``skip`` spans (dates), sorted by start.

    >>> from checker.languages import load_language
    >>> nb = load_language("nb")
    >>> [f.normalized for f in extract_numbers("minst seks millioner mennesker", nb)]
    ['>=6000000']
    """
    return scan_numbers(text, lexicon(lang), skip=skip)


def scan_numbers(
    text: str, lex: Lexicon, *, skip: Sequence[tuple[int, int]] = ()
) -> list[Fact]:
    """Figures of ``text`` for a compiled lexicon; see ``extract_numbers``."""
    tokens = merge_space_groups(text, tokenize(text), lex)
    blocked = [any(s <= t.start < e or s < t.end <= e for s, e in skip) for t in tokens]
    facts: list[Fact] = []
    i = 0
    while i < len(tokens):
        numeral = None if blocked[i] else read_numeral(tokens, i, lex, text)
        if numeral is None:
            i += 1
            continue
        fact, after = _figure(text, tokens, blocked, numeral, lex)
        if fact is not None:
            facts.append(fact)
        i = max(after, i + 1)
    return facts


def _figure(
    text: str,
    tokens: Sequence[Token],
    blocked: Sequence[bool],
    first: Numeral,
    lex: Lexicon,
) -> tuple[Fact | None, int]:
    """Read a whole figure around a numeral: modifiers, a range, the unit."""
    start = first.first
    # Labels and ordinals are not figures.
    if match_before(tokens, start, lex.labels) is not None:
        return None, first.last
    if not first.worded and match_before(tokens, start, lex.ordinal_prefixes) is not None:
        return None, first.last
    if (
        lex.ordinal_dot
        and not first.worded
        and first.scale == 1.0
        and first.last + 1 < len(tokens)
        and tokens[first.last].text == "."
        and tokens[first.last].start == tokens[first.last - 1].end
        and tokens[first.last + 1].kind == "word"
    ):
        return None, first.last + 1
    if (
        first.last < len(tokens)
        and tokens[first.last].text in DASHES
        and tokens[first.last].start == tokens[first.last - 1].end
        and first.last + 1 < len(tokens)
        and tokens[first.last + 1].kind == "word"
        and tokens[first.last + 1].start == tokens[first.last].end
    ):
        return None, first.last + 2  # "23-årsperiode", "1905-revolusjonen"

    # Modifiers before the figure: estimates, bounds, range openers.
    approximate = at_least = at_most = False
    begin = start
    between = False
    before_opener: int | None = None  # where the figure starts if "fra"/"de" opens no range
    for _ in range(3):
        if (found := match_before(tokens, begin, lex.number_range_between)) is not None:
            between, begin = True, found[1]
        elif (found := match_before(tokens, begin, lex.approximate)) is not None:
            phrase = found[0]
            approximate = True
            at_most = at_most or phrase in lex.at_most
            at_least = at_least or phrase in lex.at_least
            begin = found[1]
        elif (found := match_before(tokens, begin, lex.at_least)) is not None:
            at_least, begin = True, found[1]
        elif (found := match_before(tokens, begin, lex.at_most)) is not None:
            at_most, begin = True, found[1]
        elif (found := match_before(tokens, begin, lex.number_range_from)) is not None:
            before_opener, begin = begin, found[1]
        else:
            break
    if begin < start and blocked[begin]:
        begin = start

    # A range: "6-7 millioner", "lima hingga tujuh juta", "mellom 12 og 15".
    low, high, last = first.value, first.value, first.last
    second = _range_end(tokens, blocked, first, lex, between, text)
    if second is not None:
        numeral, low_value = second
        low, high, last = low_value, numeral.value, numeral.last
        at_least = at_most = False
    elif before_opener is not None and begin < before_opener:
        begin = before_opener  # "de más de 3000": "de" is no range opener here
    unit, after = _unit(tokens, last, lex)
    if _is_age(tokens, begin, after, unit, lex):
        unit = "age"
    if at_least and at_most:
        at_least = at_most = False
    if at_least:
        high = math.inf
    elif at_most:
        low = 0.0
    value = NumberInterval(
        low=low,
        high=high,
        approximate=approximate,
        at_least=at_least,
        at_most=at_most,
        unit=unit,
    )
    char_start, char_end = tokens[begin].start, tokens[last - 1].end
    fact = Fact(
        kind="number",
        text=text[char_start:char_end],
        start=char_start,
        end=char_end,
        value=value,
    )
    return fact, last


def _range_end(
    tokens: Sequence[Token],
    blocked: Sequence[bool],
    first: Numeral,
    lex: Lexicon,
    between: bool,
    text: str,
) -> tuple[Numeral, float] | None:
    index = first.last
    if index >= len(tokens):
        return None
    connector_end: int | None = None
    connectors = lex.number_range_to + (lex.number_range_and if between else ())
    if tokens[index].text in DASHES and not first.worded:
        connector_end = index + 1
    elif (found := match_at(tokens, index, connectors)) is not None:
        connector_end = found[1]
    if connector_end is None or connector_end >= len(tokens) or blocked[connector_end]:
        return None
    second = read_numeral(tokens, connector_end, lex, text)
    if second is None:
        return None
    low = first.value
    if first.scale == 1.0 and second.scale > 1.0 and first.base <= second.base:
        low = first.base * second.scale  # "6-7 millioner": the scale belongs to both
    if low > second.value:
        return None
    return second, low


def _unit(tokens: Sequence[Token], index: int, lex: Lexicon) -> tuple[str | None, int]:
    """The unit after a figure, and the index after it; a word of ``before_unit``
    may stand between ("seis millones de personas")."""
    found = _unit_at(tokens, index, lex)
    if found[0] is None and (joined := match_at(tokens, index, lex.before_unit)) is not None:
        after = _unit_at(tokens, joined[1], lex)
        if after[0] is not None:
            return after
    return found


def _unit_at(tokens: Sequence[Token], index: int, lex: Lexicon) -> tuple[str | None, int]:
    best: tuple[int, str, int] | None = None
    for unit, words in sorted(lex.units.items()):
        found = match_at(tokens, index, words)
        if found is not None:
            length = found[1] - index
            if best is None or length > best[0]:
                best = (length, unit, found[1])
    if best is None:
        return None, index
    return best[1], best[2]


def _is_age(
    tokens: Sequence[Token], begin: int, after: int, unit: str | None, lex: Lexicon
) -> bool:
    """"15 år gammel", "berusia 12 tahun", "i en alder av 15 år": an age, not a duration."""
    if unit == "year" and match_at(tokens, after, lex.age_after) is not None:
        return True
    if unit not in (None, "year"):
        return False
    return any(
        match_before(tokens, k, lex.age_before) is not None for k in (begin, begin - 1) if k > 0
    )
