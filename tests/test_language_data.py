"""The language data files: same keys everywhere, and every value usable by the extractors."""

from __future__ import annotations

import pytest

from checker.errors import LanguageError
from checker.extract import lexicon
from checker.extract.names import SKELETON
from checker.languages import (
    LanguageData,
    available_languages,
    load_language,
    validate_language_files,
)

LANGUAGES = available_languages()


def test_language_files_have_the_same_keys() -> None:
    assert validate_language_files() == []


def test_the_seed_languages_are_there() -> None:
    assert {"nb", "id"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_file_compiles_to_a_lexicon(code: str) -> None:
    lex = lexicon(load_language(code))
    assert sorted(set(lex.months.values())) == list(range(1, 13))
    assert lex.decimal_symbol != lex.group_symbol
    assert all(value > 0 for value in lex.number_words.values())
    assert all(value >= 10 for value in lex.scales.values())
    assert lex.slots and all(lex.slots.values())


def test_nested_tables_have_the_same_keys_in_every_language() -> None:
    """The validator compares top-level keys; units and slots are checked here too."""
    lexicons = [lexicon(load_language(code)) for code in LANGUAGES]
    assert len({tuple(sorted(lex.units)) for lex in lexicons}) == 1
    assert len({tuple(sorted(lex.slots)) for lex in lexicons}) == 1


@pytest.mark.parametrize("code", LANGUAGES)
def test_patterns_are_lower_case(code: str) -> None:
    lex = lexicon(load_language(code))
    for patterns in lex.slots.values():
        assert all(p == p.lower() and p.strip() == p for p in patterns)
    for old, new in lex.romanisation:
        assert old and old == old.lower() and new.isascii() and new == new.lower()


def test_romanisation_targets_what_the_skeleton_folds() -> None:
    """A language's rules rewrite towards English-style spelling, never away from the skeleton."""
    skeleton_outputs = {new for _old, new in SKELETON}
    for code in LANGUAGES:
        for old, _new in lexicon(load_language(code)).romanisation:
            assert old not in skeleton_outputs, (code, old)


def test_a_malformed_table_is_named_in_the_error() -> None:
    good = load_language("nb")
    sections = {name: dict(table) for name, table in good.sections.items()}
    sections["dates"]["julian_markers"] = "jul."
    broken = LanguageData(code="xx", name="Broken", babel_locale="nb", sections=sections)
    with pytest.raises(LanguageError, match=r"xx\.toml: \[dates\] julian_markers must be a list"):
        lexicon(broken)


def test_a_part_of_a_year_must_be_a_known_part() -> None:
    good = load_language("nb")
    sections = {name: dict(table) for name, table in good.sections.items()}
    sections["dates"]["parts"] = {"våren": "springtime"}
    broken = LanguageData(code="xx", name="Broken", babel_locale="nb", sections=sections)
    with pytest.raises(LanguageError, match=r"xx\.toml: \[dates\] parts must be a table"):
        lexicon(broken)


@pytest.mark.parametrize("code", LANGUAGES)
def test_month_and_place_words_are_lower_case(code: str) -> None:
    lex = lexicon(load_language(code))
    for words in (lex.month_before, lex.place_nouns, lex.place_and, lex.from_prepositions):
        assert all(w == w.lower() and w.strip() == w for w in words)
    assert lex.from_prepositions <= lex.place_prepositions
