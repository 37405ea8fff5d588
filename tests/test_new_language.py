"""A fourth language from a data file alone: Swedish, from tests/data/languages/sv.toml.

The file is not shipped: the loader finds it through ``language_path`` (the
``CHECKER_LANGUAGE_PATH`` hook), and no Python line names Swedish. The table
holds real sentence forms of Swedish encyclopaedic text: dates, figures,
bounds, event words, names as Swedish romanises them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from checker.extract import extract_facts, name_key
from checker.languages import LanguageData, available_languages, language_path, load_language
from checker.records import DateRange, NumberInterval, PartialDate
from checker.segment import load_article, split_sentences

DATA = Path(__file__).resolve().parent / "data" / "languages"
PACKAGE = Path(__file__).resolve().parent.parent / "checker"
INF = float("inf")


@pytest.fixture()
def sv() -> Iterator[LanguageData]:
    with language_path(DATA):
        yield load_language("sv")


def test_swedish_is_there_only_with_the_extra_folder() -> None:
    assert "sv" not in available_languages()
    with language_path(DATA):
        assert "sv" in available_languages()
        assert load_language("swe").code == "sv"  # the base file's alias
        assert load_language("sv").name == "Swedish"


def test_no_python_code_names_swedish() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        assert '"sv"' not in text and "'sv'" not in text, path


# (sentence, a value as written, its value, its slot)
FORMS: list[tuple[str, str, PartialDate | DateRange | NumberInterval, str | None]] = [
    ("Han föddes den 18 december 1878 i Gori.", "18 december 1878",
     PartialDate(1878, 12, 18), "birth"),
    ("Stalin dog den 5 mars 1953 i Kuntsevo.", "5 mars 1953", PartialDate(1953, 3, 5), "death"),
    ("Han arresterades i april 1902.", "april 1902", PartialDate(1902, 4), "arrest"),
    ("Under 1930-talet växte städerna snabbt.", "1930-talet",
     PartialDate(1930, decade=True), None),
    ("Mellan 1934 och 1939 avrättades minst 700 000 människor.", "Mellan 1934 och 1939",
     DateRange(PartialDate(1934), PartialDate(1939)), "executions"),
    ("Mellan 1934 och 1939 avrättades minst 700 000 människor.", "minst 700 000",
     NumberInterval(700000, INF, at_least=True, unit="people"), "executions"),
    ("Svälten krävde mellan 12 och 15 miljoner människoliv.", "mellan 12 och 15 miljoner",
     NumberInterval(12e6, 15e6, unit="people"), "famine"),
    ("Omkring 1,5 miljoner deporterades.", "Omkring 1,5 miljoner",
     NumberInterval(1.5e6, 1.5e6, approximate=True), "exile"),
    ("Kongressen samlade tjugofem delegater.", "tjugofem", NumberInterval(25, 25), "conference"),
    ("Staden hade tvåhundra tusen invånare.", "tvåhundra tusen",
     NumberInterval(200000, 200000, unit="people"), "population"),
    ("Nästan femtusen fångar dog.", "Nästan femtusen",
     NumberInterval(0, 5000, approximate=True, at_most=True, unit="people"), "death"),
]


@pytest.mark.parametrize(("sentence", "written", "value", "slot"), FORMS)
def test_swedish_forms(
    sv: LanguageData,
    sentence: str,
    written: str,
    value: PartialDate | DateRange | NumberInterval,
    slot: str | None,
) -> None:
    facts = {f.text: f for f in extract_facts(sentence, sv)}
    assert written in facts, sorted(facts)
    assert (facts[written].value, facts[written].slot) == (value, slot)


def test_swedish_spring_is_its_months(sv: LanguageData) -> None:
    (fact,) = [f for f in extract_facts("Våren 1913 återvände han.", sv) if f.kind == "date"]
    assert (fact.normalized, fact.slot) == ("1913-03/1913-05~", "return")


@pytest.mark.parametrize(
    ("swedish", "english"),
    [("Chrusjtjov", "Khrushchev"), ("Tjechov", "Chekhov"), ("Dzjugasjvili", "Jughashvili"),
     ("Sjukov", "Zhukov"), ("Jezjov", "Yezhov"), ("Lenins", "Lenin's"), ("Churchill", "Churchill")],
)
def test_swedish_names_key_like_english_ones(sv: LanguageData, swedish: str, english: str) -> None:
    a, b = name_key(swedish, sv).key, name_key(english, load_language("en")).key
    assert a == b or fuzz.ratio(a, b) >= 85, (a, b)


def test_swedish_names_and_places(sv: LanguageData) -> None:
    sentence = "Han träffade Nikita Chrusjtjov i Moskva och reste sedan till Wien."
    names = [f.text for f in extract_facts(sentence, sv) if f.kind == "name"]
    assert names == ["Nikita Chrusjtjov", "Moskva", "Wien"]


def test_swedish_sentences_split(sv: LanguageData) -> None:
    text = (
        "Han träffade bl.a. Lenin i Kraków. Sedan reste han till ca. 20 städer osv. "
        "Det var 1913."
    )
    assert [text[a:b] for a, b in split_sentences(text, sv)] == [
        "Han träffade bl.a. Lenin i Kraków.",
        "Sedan reste han till ca. 20 städer osv.",
        "Det var 1913.",
    ]


def test_a_swedish_article_loads_and_is_detected(tmp_path: Path) -> None:
    article = tmp_path / "sv.txt"
    article.write_text(
        "Josef Stalin föddes den 18 december 1878 i Gori i Georgien.\n"
        "== Uppväxt ==\n"
        "Han studerade vid prästseminariet i Tbilisi och arresterades första gången 1902. "
        "Under 1930-talet avrättades minst 700 000 människor.\n",
        encoding="utf-8",
    )
    with language_path(DATA):
        loaded = load_article(article)  # language detected
    assert loaded.lang == "sv"
    assert [s.section for s in loaded.sentences] == ["", "Uppväxt", "Uppväxt"]
