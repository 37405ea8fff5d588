"""A language's data file, checked and compiled once for the extractors.

The TOML files hold plain lists and tables; the extractors want typed,
lower-cased, ready-to-match values, with CLDR (through Babel) filling in what
the files deliberately leave out: month names and number separators. Building
that once per language keeps the extractors free of parsing and validation,
and a malformed file fails with a message that names the table and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from checker.errors import LanguageError
from checker.extract.values import PARTS
from checker.languages import LanguageData, base

#: Characters that CLDR and real texts use as a space-like thousands separator.
SPACE_SEPARATORS = " \u00a0\u202f"


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractors know of one language, typed and lower-cased.

    Phrase lists are sorted longest first so that "sampai dengan" is tried
    before "sampai". Month names map to 1-12; number words to their values.
    """

    code: str
    name: str
    babel_locale: str
    script: str
    # dates
    months: Mapping[str, int]
    julian_markers: tuple[str, ...]
    gregorian_markers: tuple[str, ...]
    month_first: bool
    day_suffixes: tuple[str, ...]
    date_joiners: tuple[str, ...]
    decade_suffixes: tuple[str, ...]
    century_suffixes: tuple[str, ...]
    decade_prefixes: tuple[str, ...]
    decade_before: tuple[str, ...]
    short_decade_before: tuple[str, ...]
    decade_words: Mapping[str, float]
    short_decade_century: int
    qualifiers: tuple[str, ...]
    date_parts: Mapping[str, str]
    month_before: tuple[str, ...]
    year_words: tuple[str, ...]
    date_range_from: tuple[str, ...]
    date_range_to: tuple[str, ...]
    date_range_between: tuple[str, ...]
    date_range_and: tuple[str, ...]
    # numbers
    decimal_symbol: str
    group_symbol: str
    number_words: Mapping[str, float]
    one_words: frozenset[str]
    scales: Mapping[str, float]
    scales_alone: frozenset[str]
    adders: Mapping[str, float]
    fractions: Mapping[str, float]
    joiners: tuple[str, ...]
    glued_parts: Mapping[str, float]
    space_groups: bool
    approximate: tuple[str, ...]
    at_least: tuple[str, ...]
    at_most: tuple[str, ...]
    number_range_from: tuple[str, ...]
    number_range_to: tuple[str, ...]
    number_range_between: tuple[str, ...]
    number_range_and: tuple[str, ...]
    labels: tuple[str, ...]
    ordinal_dot: bool
    ordinal_prefixes: tuple[str, ...]
    before_unit: tuple[str, ...]
    age_after: tuple[str, ...]
    age_before: tuple[str, ...]
    units: Mapping[str, tuple[str, ...]]
    # names
    name_particles: frozenset[str]
    not_names: frozenset[str]
    place_prepositions: frozenset[str]
    from_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    place_fillers: frozenset[str]
    place_and: frozenset[str]
    genitive_suffix: str
    genitive_after: str
    possessive_endings: tuple[str, ...]
    articles: frozenset[str]
    romanisation: tuple[tuple[str, str], ...]
    foreign_scripts: tuple[str, ...]
    skeleton: tuple[tuple[str, str], ...]
    # slots
    slots: Mapping[str, tuple[str, ...]]

    @property
    def space_grouping(self) -> bool:
        """True when the language groups thousands with a space ("13 500").

        Either CLDR says so, or the data file does (``space_groups``: Spanish
        texts write "700 000" though CLDR's group symbol is a dot).
        """
        return self.space_groups or self.group_symbol in SPACE_SEPARATORS


_CACHE: dict[str, tuple[Mapping[str, Mapping[str, Any]], Lexicon]] = {}


def lexicon(lang: LanguageData) -> Lexicon:
    """The compiled lexicon of ``lang``, built once per loaded data file.

    >>> from checker.languages import load_language
    >>> lexicon(load_language("nb")).months["desember"]
    12

    Raises:
        LanguageError: a table of the data file has a key of the wrong type.
    """
    cached = _CACHE.get(lang.code)
    if cached is not None and cached[0] is lang.sections:
        return cached[1]
    built = _build(lang)
    _CACHE[lang.code] = (lang.sections, built)
    return built


def _longest_first(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(items), key=lambda item: (-len(item), item)))


class _Reader:
    """Typed access to one language file's tables, with messages that name the key."""

    def __init__(self, lang: LanguageData) -> None:
        self.lang = lang

    def _raw(self, table: str, key: str) -> Any:
        try:
            return self.lang.section(table)[key]
        except KeyError:
            raise LanguageError(
                f"{self.lang.code}.toml: [{table}] lacks key {key!r} (see the other language files)"
            ) from None

    def _fail(self, table: str, key: str, what: str) -> LanguageError:
        return LanguageError(f"{self.lang.code}.toml: [{table}] {key} must be {what}")

    def strings(self, table: str, key: str) -> tuple[str, ...]:
        value = self._raw(table, key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(table, key, "a list of strings")
        return _longest_first([v.lower() for v in value if v.strip()])

    def string(self, table: str, key: str) -> str:
        value = self._raw(table, key)
        if not isinstance(value, str):
            raise self._fail(table, key, "a string")
        return value.lower()

    def boolean(self, table: str, key: str) -> bool:
        value = self._raw(table, key)
        if not isinstance(value, bool):
            raise self._fail(table, key, "true or false")
        return value

    def numbers(self, table: str, key: str) -> dict[str, float]:
        value = self._raw(table, key)
        if not isinstance(value, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            raise self._fail(table, key, "a table of words to numbers")
        return {str(k).lower(): float(v) for k, v in value.items()}

    def string_table(self, table: str, key: str, allowed: frozenset[str]) -> dict[str, str]:
        value = self._raw(table, key)
        if not isinstance(value, dict) or not all(
            isinstance(v, str) and v in allowed for v in value.values()
        ):
            names = ", ".join(sorted(allowed))
            raise self._fail(table, key, f"a table of phrases to one of {names}")
        return {" ".join(str(k).lower().split()): str(v) for k, v in value.items()}

    def string_lists(self, table: str, key: str) -> dict[str, tuple[str, ...]]:
        value = self._raw(table, key)
        if not isinstance(value, dict):
            raise self._fail(table, key, "a table of lists of strings")
        result: dict[str, tuple[str, ...]] = {}
        for name, items in value.items():
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise self._fail(table, f"{key}.{name}", "a list of strings")
            result[str(name)] = _longest_first([v.lower() for v in items if v.strip()])
        return result

    def pairs(self, table: str, key: str) -> tuple[tuple[str, str], ...]:
        value = self._raw(table, key)
        ok = isinstance(value, list) and all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
            for v in value
        )
        if not ok:
            raise self._fail(table, key, 'a list of ["from", "to"] pairs')
        return tuple((str(a).lower(), str(b).lower()) for a, b in value)

    def slot_table(self) -> dict[str, tuple[str, ...]]:
        table = self.lang.section("slots")
        result: dict[str, tuple[str, ...]] = {}
        for slot in sorted(table):
            result[slot] = self.strings("slots", slot)
        return result


def _months(lang: LanguageData, variants: Mapping[str, float]) -> dict[str, int]:
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context, locale=lang.babel_locale).items():
            months[str(name).lower()] = int(number)
    for name, number in variants.items():
        if not 1 <= number <= 12 or not float(number).is_integer():
            raise LanguageError(f"{lang.code}.toml: [dates] month_variants.{name} must be 1-12")
        months[name] = int(number)
    return months


def _build(lang: LanguageData) -> Lexicon:
    read = _Reader(lang)
    shared = base()
    units = read.string_lists("numbers", "units")
    for key in units:
        if not re.fullmatch(r"[a-z_]+", key):
            raise LanguageError(
                f"{lang.code}.toml: [numbers.units] key {key!r} must be a lower-case unit name"
            )
    return Lexicon(
        code=lang.code,
        name=lang.name,
        babel_locale=lang.babel_locale,
        script=lang.script,
        months=_months(lang, read.numbers("dates", "month_variants")),
        julian_markers=read.strings("dates", "julian_markers"),
        gregorian_markers=read.strings("dates", "gregorian_markers"),
        month_first=read.boolean("dates", "month_first"),
        day_suffixes=read.strings("dates", "day_suffixes"),
        date_joiners=read.strings("dates", "date_joiners"),
        decade_suffixes=read.strings("dates", "decade_suffixes"),
        century_suffixes=read.strings("dates", "century_suffixes"),
        decade_prefixes=read.strings("dates", "decade_prefixes"),
        decade_before=read.strings("dates", "decade_before"),
        short_decade_before=read.strings("dates", "short_decade_before"),
        decade_words=read.numbers("dates", "decade_words"),
        short_decade_century=shared.short_decade_century,
        qualifiers=read.strings("dates", "qualifiers"),
        date_parts=read.string_table("dates", "parts", PARTS),
        month_before=read.strings("dates", "month_before"),
        year_words=read.strings("dates", "year_words"),
        date_range_from=read.strings("dates", "range_from"),
        date_range_to=read.strings("dates", "range_to"),
        date_range_between=read.strings("dates", "range_between"),
        date_range_and=read.strings("dates", "range_and"),
        decimal_symbol=str(get_decimal_symbol(lang.babel_locale)),
        group_symbol=str(get_group_symbol(lang.babel_locale)),
        number_words=read.numbers("numbers", "words"),
        one_words=frozenset(read.strings("numbers", "one_words")),
        scales=read.numbers("numbers", "scales"),
        scales_alone=frozenset(read.strings("numbers", "scales_alone")),
        adders=read.numbers("numbers", "adders"),
        fractions=read.numbers("numbers", "fractions"),
        joiners=read.strings("numbers", "joiners"),
        glued_parts=read.numbers("numbers", "glued_parts"),
        space_groups=read.boolean("numbers", "space_groups"),
        approximate=read.strings("numbers", "approximate"),
        at_least=read.strings("numbers", "at_least"),
        at_most=read.strings("numbers", "at_most"),
        number_range_from=read.strings("numbers", "range_from"),
        number_range_to=read.strings("numbers", "range_to"),
        number_range_between=read.strings("numbers", "range_between"),
        number_range_and=read.strings("numbers", "range_and"),
        labels=read.strings("numbers", "labels"),
        ordinal_dot=read.boolean("numbers", "ordinal_dot"),
        ordinal_prefixes=read.strings("numbers", "ordinal_prefixes"),
        before_unit=read.strings("numbers", "before_unit"),
        age_after=read.strings("numbers", "age_after"),
        age_before=read.strings("numbers", "age_before"),
        units=units,
        name_particles=frozenset(read.strings("names", "particles")),
        not_names=frozenset(read.strings("names", "not_names")),
        place_prepositions=frozenset(read.strings("names", "place_prepositions")),
        from_prepositions=frozenset(read.strings("names", "from_prepositions")),
        place_nouns=frozenset(read.strings("names", "place_nouns")),
        place_fillers=frozenset(read.strings("names", "place_fillers")),
        place_and=frozenset(read.strings("names", "place_and")),
        genitive_suffix=read.string("names", "genitive_suffix"),
        genitive_after=read.string("names", "genitive_after"),
        possessive_endings=read.strings("names", "possessive_endings"),
        articles=frozenset(read.strings("names", "articles")),
        romanisation=read.pairs("names", "romanisation"),
        foreign_scripts=tuple(s for s in shared.scripts if s != lang.script),
        skeleton=shared.skeleton,
        slots=read.slot_table(),
    )
