"""Properties that hold in every language with a data file, whichever files are present.

The languages are those ``available_languages()`` finds, the shipped ones and
the test-only ones of ``tests/data/languages`` (a language added from a data
file alone): a new file is covered without touching this module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.dates import get_month_names
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract import extract_dates, extract_facts, extract_names, extract_numbers, lexicon
from checker.extract.names import name_key
from checker.languages import LanguageData, available_languages, language_path, load_language
from checker.records import Calendar, NumberInterval, PartialDate
from checker.segment import split_sentences

DATA = Path(__file__).resolve().parent / "data" / "languages"

with language_path(DATA):
    LANGS: dict[str, LanguageData] = {code: load_language(code) for code in available_languages()}
CODES = sorted(LANGS)


def test_the_test_only_language_is_among_them() -> None:
    assert "sv" in CODES and {"nb", "id", "en", "es"} <= set(CODES)


def _month_names(lang: LanguageData) -> list[tuple[str, int]]:
    return sorted(
        {
            (str(name), int(number))
            for context in ("format", "stand-alone")
            for number, name in get_month_names("wide", context, locale=lang.babel_locale).items()
        }
    )


@pytest.mark.parametrize("code", CODES)
def test_every_cldr_month_name_parses_to_its_month(code: str) -> None:
    lang = LANGS[code]
    for name, number in _month_names(lang):
        for written in (name, name.capitalize()):
            text = f"{written} 1905"
            assert [f.value for f in extract_dates(text, lang)] == [PartialDate(1905, number)], (
                code, text)
            text = f"17 {written} 1905"
            assert [f.value for f in extract_dates(text, lang)] == [
                PartialDate(1905, number, 17)], (code, text)


def _value(text: str, lang: LanguageData) -> float | None:
    facts = extract_numbers(text, lang)
    if len(facts) != 1 or facts[0].text != text:
        return None
    value = facts[0].value
    assert isinstance(value, NumberInterval)
    return value.low if value.low == value.high else None


@pytest.mark.parametrize("code", CODES)
def test_every_number_word_parses_to_its_value(code: str) -> None:
    lex = lexicon(LANGS[code])
    for word, value in lex.number_words.items():
        assert _value(word, LANGS[code]) == value, (code, word)


@pytest.mark.parametrize("code", CODES)
def test_a_digit_times_a_scale_word_is_their_product(code: str) -> None:
    """"tre hundre", "dua puluh", "seis millones", "three thousand": one grammar, from data."""
    lang = LANGS[code]
    lex = lexicon(lang)
    digits = {w: v for w, v in lex.number_words.items() if 2 <= v <= 9}
    assert digits, code
    for word, value in digits.items():
        for scale, factor in lex.scales.items():
            if scale.isalpha():
                assert _value(f"{word} {scale}", lang) == value * factor, (code, word, scale)
        for one in lex.one_words:
            for scale, factor in lex.scales.items():
                if scale.isalpha():
                    assert _value(f"{one} {scale}", lang) == factor, (code, one, scale)


@pytest.mark.parametrize("code", CODES)
def test_a_fraction_of_a_scale_is_that_part_of_it(code: str) -> None:
    """"half a million", "medio millón", "setengah juta": a fraction needs its scale."""
    lang = LANGS[code]
    lex = lexicon(lang)
    for word, part in lex.fractions.items():
        assert _value(word, lang) is None, (code, word)
        for scale, factor in lex.scales.items():
            if scale.isalpha() and factor >= 1000:
                assert _value(f"{word} {scale}", lang) == part * factor, (code, word, scale)


@pytest.mark.parametrize("code", CODES)
def test_tens_and_units_make_one_number(code: str) -> None:
    """A tens word and a digit word, spaced, joined or glued as the language allows."""
    lang = LANGS[code]
    lex = lexicon(lang)
    tens = {w: v for w, v in lex.number_words.items() if 20 <= v <= 90 and v % 10 == 0}
    units = {w: v for w, v in lex.number_words.items() if 2 <= v <= 9}
    for t, tv in tens.items():
        for u, uv in units.items():
            forms = [f"{t} {u}", f"{t}{u}"]
            forms += [f"{t}{j}{u}" if not j.isalpha() else f"{t} {j} {u}" for j in lex.joiners]
            for form in forms:
                assert _value(form, lang) == tv + uv, (code, form)


@pytest.mark.parametrize("code", CODES)
def test_figures_in_the_locales_own_format_parse(code: str) -> None:
    lang = LANGS[code]
    for number in (7, 42, 1500, 13500, 700000, 1300000, 21768):
        written = str(format_decimal(number, locale=lang.babel_locale))
        assert _value(written, lang) == number, (code, written)


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzæøåäöüéñáíóúç ABCDJKSTZ-'.,;()[]–0123456789")
        + list("ДжугашвилиХрущёвЙЩЯ")
        + list("ჯუღაშვილი")
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(CODES), _TEXT)
def test_name_key_folding_is_idempotent(code: str, text: str) -> None:
    lang = LANGS[code]
    key = name_key(text, lang)
    assert name_key(key.key, lang) == key
    assert key.key == key.key.lower() and key.key.isascii()


NO_GENITIVE = [code for code in CODES if not lexicon(LANGS[code]).genitive_suffix]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(CODES), st.sampled_from(NO_GENITIVE), _TEXT)
def test_a_key_is_a_key_in_every_language(first: str, second: str, text: str) -> None:
    """Read as a name of another language, a key stays itself (but for a genitive
    ending, which a language with one strips: "abshs" is the Norwegian genitive of "absh")."""
    key = name_key(text, LANGS[first]).key
    assert name_key(key, LANGS[second]).key == key


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(CODES), st.integers(1000, 2099))
def test_a_year_in_digits_is_a_date(code: str, year: int) -> None:
    lang = LANGS[code]
    for text in (f"({year})", f"{year}.", f"x {year}, y"):
        assert [f.value for f in extract_dates(text, lang)] == [PartialDate(year)], (code, text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(CODES), _TEXT)
def test_extraction_never_raises_and_stays_inside_the_text(code: str, text: str) -> None:
    lang = LANGS[code]
    for fact in extract_facts(text, lang):
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.text
    for start, end in split_sentences(text, lang):
        assert 0 <= start < end <= len(text)
    assert all(f.kind == "name" for f in extract_names(text, lang))


# Compound numbers as each language writes them, all read by the one grammar.
COMPOUNDS: list[tuple[str, str, float]] = [
    ("en", "twenty-five", 25),
    ("en", "two hundred and fifty thousand", 250000),
    ("en", "three million", 3e6),
    ("es", "veinticinco", 25),
    ("es", "veintidós", 22),
    ("es", "dieciocho", 18),
    ("es", "treinta y cinco", 35),
    ("es", "doscientos cincuenta mil", 250000),
    ("es", "cinco mil millones", 5e9),
    ("nb", "tjuefem", 25),
    ("nb", "to hundre og femti", 250),
    ("nb", "seks millioner", 6e6),
    ("id", "dua puluh lima", 25),
    ("id", "lima belas", 15),
    ("id", "tiga ratus lima puluh ribu", 350000),
    ("id", "seratus ribu", 100000),
    ("sv", "tjugofem", 25),
    ("sv", "tvåhundra", 200),
    ("sv", "femtusen", 5000),
]


@pytest.mark.parametrize(("code", "text", "value"), COMPOUNDS)
def test_compound_numbers(code: str, text: str, value: float) -> None:
    assert _value(text, LANGS[code]) == value


# A date with a Julian marker is Julian whatever its year (the cut-over of a
# country is data of _base.toml, not a rule of the extractor).
JULIAN: list[tuple[str, str]] = [
    ("en", "The decree was signed on 25 February 1923 O.S. in Athens."),
    ("es", "Nació el 3 de enero de 1700 (jul.) en Londres."),
    ("nb", "Han kom 2. mars 1925jul. til Aten."),
    ("id", "Ia lahir 3 Maret 1925 K.J. di Athena."),
]


@pytest.mark.parametrize(("code", "sentence"), JULIAN)
def test_a_julian_marker_is_julian_in_any_year(code: str, sentence: str) -> None:
    (date,) = extract_dates(sentence, LANGS[code])
    assert isinstance(date.value, PartialDate) and date.value.calendar == Calendar.JULIAN
