"""Extract: the dates, figures and names of one sentence, as language-neutral facts.

Language knowledge comes from the language's data file (and CLDR through
Babel); the values that come out are the same for every language: partial
dates and ranges, number intervals, name keys. The comparator never needs to
know which language a fact came from.

Dates are found first and their spans are off limits to figures (a day or a
year is not a count); names are found outside dates and figures. Then every
fact gets its slot from the event words around it.
"""

from __future__ import annotations

import functools

from checker.extract.dates import extract_dates, julian_to_gregorian, scan_dates
from checker.extract.lexicon import Lexicon, lexicon
from checker.extract.names import extract_names, name_key, scan_names
from checker.extract.numbers import extract_numbers, scan_numbers
from checker.extract.numerals import parse_figure
from checker.extract.slots import LIFESPAN, assign_slots
from checker.languages import LanguageData
from checker.records import Fact

__all__ = [
    "LIFESPAN",
    "Lexicon",
    "extract_dates",
    "extract_facts",
    "extract_names",
    "extract_numbers",
    "julian_to_gregorian",
    "lexicon",
    "name_key",
    "parse_figure",
]


def extract_facts(text: str, lang: LanguageData) -> tuple[Fact, ...]:
    """All dates, figures and names in one sentence, sorted by start, with slots.

    Offsets are into ``text`` (``text[f.start:f.end] == f.text``). Facts of one
    kind never overlap: a year inside a full date is part of the date, and a
    number inside a date is not a figure.

    >>> from checker.languages import load_language
    >>> facts = extract_facts("Stalin døde 5. mars 1953 i Kuntsevo.", load_language("nb"))
    >>> [(f.kind, f.normalized, f.slot) for f in facts]
    [('date', '1953-03-05', 'death'), ('name', 'kuntsevo', 'death')]
    """
    return _facts_of(text, _Identity(lexicon(lang)))


class _Identity:
    """A lexicon as a cache key: by identity (a reloaded data file is a new lexicon)."""

    __slots__ = ("lex",)

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __hash__(self) -> int:
        return id(self.lex)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and other.lex is self.lex


#: Sentences whose facts are kept: extraction is pure and costs about 2 ms a
#: sentence, and a run meets the same sentence again (every pair of an article's
#: editions, the mutation test's re-check, the tests' repeated runs).
FACT_CACHE_SIZE = 50_000


@functools.lru_cache(maxsize=FACT_CACHE_SIZE)
def _facts_of(text: str, key: _Identity) -> tuple[Fact, ...]:
    lex = key.lex
    dates = scan_dates(text, lex)
    date_spans = [(f.start, f.end) for f in dates.facts] + list(dates.masked)
    numbers = scan_numbers(text, lex, skip=date_spans)
    taken = date_spans + [(f.start, f.end) for f in numbers]
    names = scan_names(text, lex, skip=taken)
    facts = sorted([*dates.facts, *numbers, *names], key=lambda f: (f.start, f.kind, f.end))
    return tuple(assign_slots(text, facts, lex))
