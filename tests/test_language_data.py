"""The language data files and the base they share: the schema, the messages, the typed base."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import LanguageError
from checker.extract import lexicon
from checker.extract.names import language_pass, skeleton
from checker.languages import (
    LanguageData,
    available_languages,
    base,
    canonical_code,
    language_path,
    language_problems,
    load_language,
    validate_language_files,
)

LANGUAGES = available_languages()


def _raw(code: str) -> dict[str, Any]:
    text = resources.files("checker.languages").joinpath(f"{code}.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_language_files_match_the_schema() -> None:
    assert validate_language_files() == []


def test_the_shipped_languages_are_there() -> None:
    assert {"nb", "id", "en", "es"} <= set(LANGUAGES)


def test_aliases_come_from_the_base() -> None:
    assert canonical_code("no") == "nb"
    assert canonical_code("NO") == "nb"
    assert base().aliases["no"] == "nb"
    assert load_language("no") is load_language("nb")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_file_compiles_to_a_lexicon(code: str) -> None:
    lex = lexicon(load_language(code))
    assert sorted(set(lex.months.values())) == list(range(1, 13))
    assert lex.decimal_symbol != lex.group_symbol
    assert all(value > 0 for value in lex.number_words.values())
    assert all(value >= 10 for value in lex.scales.values())
    assert set(lex.slots) == set(base().lexical_slots)
    assert all(lex.slots.values()), "every slot has words"
    assert set(lex.units) == set(base().units) - base().structural_units


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_names_are_english_names(code: str) -> None:
    name = load_language(code).name
    assert name and name[0].isupper() and name != code


def test_base_slots_say_how_the_comparator_treats_them() -> None:
    slots = base().slots
    assert slots["birth"].event == "the birth" and slots["birth"].once
    assert not slots["birth"].recurs
    assert slots["arrest"].recurs and slots["arrest"].count == "the arrests"
    assert slots["sentence"].place == "the sentence served"
    assert slots["executions"].count == slots["executions"].event
    assert slots["lifespan"].structural
    assert base().generic_slots == {"death"}
    assert base().place_only_slots == {"stay"}
    assert "stay" in base().place_slots and "return" not in base().place_slots
    assert "lifespan" not in base().lexical_slots


def test_the_julian_cutover_is_data_of_countries() -> None:
    b = base()
    assert b.cutover("Russia") == date(1918, 2, 14)
    assert b.cutover("Great Britain and its colonies") == date(1752, 9, 14)
    assert b.cutover("Atlantis") is None
    assert b.julian_cutover == max(c.gregorian_from for c in b.cutovers)


def _problems_with(code: str, change: Any) -> list[str]:
    raw = _raw(code)
    change(raw)
    return language_problems(code, raw)


def test_a_missing_slot_is_named() -> None:
    problems = _problems_with("en", lambda raw: raw["slots"].pop("famine"))
    assert problems == [
        "en.toml: [slots] lacks slot 'famine' (every language file names the events of "
        "_base.toml [slots])"
    ]


def test_a_missing_unit_is_named() -> None:
    problems = _problems_with("es", lambda raw: raw["numbers"]["units"].pop("km"))
    assert problems == [
        "es.toml: [numbers.units] lacks unit 'km' (every unit of _base.toml [units] but age)"
    ]


def test_an_unknown_slot_is_named() -> None:
    problems = _problems_with("es", lambda raw: raw["slots"].update(coronation=["coronado"]))
    assert len(problems) == 1
    assert "has slot 'coronation', which is unknown (add [slots.coronation] to _base.toml" in (
        problems[0]
    )


def test_a_structural_slot_is_not_listed_with_words() -> None:
    problems = _problems_with("nb", lambda raw: raw["slots"].update(lifespan=["levde"]))
    assert len(problems) == 1 and "structural" in problems[0]


def test_unknown_and_missing_keys_are_named() -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["dates"]["month_fist"] = True
        del raw["dates"]["month_first"]
        raw["colour"] = "blue"

    problems = _problems_with("en", change)
    assert any("[dates] lacks key 'month_first' (true or false" in p for p in problems)
    assert any("[dates] has unknown key 'month_fist'" in p for p in problems)
    assert any("unknown key 'colour'" in p for p in problems)
    assert len(problems) == 3


def test_a_value_of_the_wrong_kind_is_named() -> None:
    problems = _problems_with("id", lambda raw: raw["numbers"].update(adders=["belas"]))
    assert problems == ["id.toml: [numbers] adders must be a table of words to numbers"]


def test_a_wrong_code_and_an_unknown_script_are_named() -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["code"] = "xx"
        raw["script"] = "KLINGON"

    problems = _problems_with("nb", change)
    assert any("code is 'xx', the file name says 'nb'" in p for p in problems)
    assert any("script 'KLINGON'" in p for p in problems)


def test_an_invalid_file_fails_to_load_with_its_problems(tmp_path: Path) -> None:
    raw = (tmp_path / "xx.toml")
    raw.write_text('code = "xx"\nname = "Broken"\n', encoding="utf-8")
    with language_path(tmp_path):
        assert "xx" in available_languages()
        with pytest.raises(LanguageError, match=r"xx\.toml is invalid: .*lacks key 'babel_locale'"):
            load_language("xx")
        assert any(p.startswith("xx.toml:") for p in validate_language_files())
    assert "xx" not in available_languages()


def test_an_unknown_code_says_how_to_add_it() -> None:
    with pytest.raises(LanguageError, match=r"no language data for 'qq'.*add qq\.toml"):
        load_language("qq")


@pytest.mark.parametrize("code", LANGUAGES)
def test_patterns_are_lower_case(code: str) -> None:
    lex = lexicon(load_language(code))
    for patterns in lex.slots.values():
        assert all(p == p.lower() and p.strip() == p for p in patterns)
    for old, new in lex.romanisation:
        assert old and old == old.lower() and new.isascii() and new == new.lower()


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
    for words in (lex.month_before, lex.place_nouns, lex.place_and, lex.from_prepositions,
                  lex.place_fillers):
        assert all(w == w.lower() and w.strip() == w for w in words)
    assert lex.from_prepositions <= lex.place_prepositions


_ASCII_WORD = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), max_size=14)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_ASCII_WORD)
def test_language_rules_find_nothing_in_a_skeleton(word: str) -> None:
    """A key is its own key: no language's rules read what the skeleton leaves."""
    folded = skeleton(word)
    assert skeleton(folded) == folded
    for code in LANGUAGES:
        assert language_pass(folded, lexicon(load_language(code)).romanisation) == folded, code


def test_the_language_pass_is_one_pass_longest_first() -> None:
    rules = (("ch", "kh"), ("tj", "ch"), ("sjtj", "shch"), ("sj", "sh"))
    assert language_pass("tjechov", rules) == "chekhov"  # not "khekhov"
    assert language_pass("chrusjtjov", rules) == "khrushchov"  # "sjtj" before "sj"
    assert language_pass("chrusjtjov", tuple(reversed(rules))) == "khrushchov"


def test_base_phrases_and_units_for_explanations() -> None:
    b = base()
    assert b.slots["lifespan"].spans == ("birth", "death")
    assert b.slots["lifespan"].phrase("start") == "the birth"
    assert b.slots["lifespan"].phrase("end") == "the death"
    assert b.slots["famine"].phrase() == "the famine"
    assert b.unit_text("people", "700,000") == "700,000 people"
    assert b.unit_text("age", "15") == "15 years old"
    assert b.unit_text("percent", "62") == "62%"
