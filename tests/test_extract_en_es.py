"""English and Spanish: dates, figures, names and sentence ends, one table row per form.

Sentences of ``SEED_CASES`` come from the English and Spanish seed articles
(checked below); ``FORM_CASES`` are ordinary encyclopaedic forms the seeds do
not happen to use ("December 18, 1878", "twenty-five", "los años treinta").
Nothing here is about one subject: the forms are what any article may write.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.extract import extract_dates, extract_facts, extract_numbers
from checker.languages import load_language
from checker.records import Calendar, DateRange, Fact, NumberInterval, PartialDate
from checker.segment import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "stalin"
INF = float("inf")

Value = PartialDate | DateRange | NumberInterval


def _approx(low: float, high: float | None = None, **flags: bool) -> NumberInterval:
    return NumberInterval(low, low if high is None else high, **flags)


# (language, sentence from a seed article, a value as written, its value)
SEED_CASES: list[tuple[str, str, str, Value]] = [
    ("en", "He was born on 18 December [O.S. 6 December] 1878, and baptised on 29 December.",
     "18 December [O.S. 6 December] 1878",
     PartialDate(1878, 12, 18, Calendar.GREGORIAN,
                 julian=PartialDate(1878, 12, 6, Calendar.JULIAN))),
    ("en", "This led to severe disruptions of food production that contributed to the famine of "
     "1932–33.", "1932–33", DateRange(PartialDate(1932), PartialDate(1933))),
    ("en", "Despite initially governing the country as part of a collective leadership, he "
     "ultimately consolidated power to become the Soviet Union's de facto dictator by the "
     "1930s.", "1930s", PartialDate(1930, decade=True)),
    ("en", 'To eradicate accused "enemies of the working class", Stalin instituted the Great '
     "Purge, in which over a million were imprisoned and at least 700,000 executed between "
     "1934 and 1939.", "at least 700,000", _approx(700000, INF, at_least=True)),
    ("en", 'To eradicate accused "enemies of the working class", Stalin instituted the Great '
     "Purge, in which over a million were imprisoned and at least 700,000 executed between "
     "1934 and 1939.", "over a million", _approx(1e6, INF, at_least=True)),
    ("en", 'To eradicate accused "enemies of the working class", Stalin instituted the Great '
     "Purge, in which over a million were imprisoned and at least 700,000 executed between "
     "1934 and 1939.", "between 1934 and 1939", DateRange(PartialDate(1934), PartialDate(1939))),
    ("en", "The Soviet Union experienced a major famine which peaked in the winter of 1932–33; "
     "between five and seven million people died.", "between five and seven million",
     _approx(5e6, 7e6, unit="people")),
    ("en", "During these years, approximately 1.6 million people were arrested, 700,000 were "
     "shot, and an unknown number died under NKVD torture.", "approximately 1.6 million",
     _approx(1.6e6, approximate=True, unit="people")),
    ("en", "Crowds were such that a crush killed about 100 people.", "about 100",
     _approx(100, approximate=True, unit="people")),
    ("en", "Stalin left Batumi in October, arriving at the small Siberian town of Novaya Uda in "
     "late November 1903.", "late November 1903", PartialDate(1903, 11)),
    ("en", "In early 1908, he travelled to the Swiss city of Geneva to meet with Lenin and the "
     "prominent Russian Marxist Georgi Plekhanov, although the latter exasperated him.",
     "early 1908", PartialDate(1908)),  # compared as its part: see test_parts below
    ("es", "Finalmente, el 6 de diciembre (jul.)/ 18 de diciembre de 1878 (greg.) nació su "
     "tercer hijo: el pequeño Iósif (de diminutivo Sosó o Soselo).",
     "6 de diciembre (jul.)/ 18 de diciembre de 1878 (greg.)",
     PartialDate(1878, 12, 18, Calendar.GREGORIAN,
                 julian=PartialDate(1878, 12, 6, Calendar.JULIAN))),
    ("es", "La agitación inicial en el sector agrícola interrumpió la producción de alimentos en "
     "la década de 1930 y contribuyó a la catastrófica hambruna soviética de 1932-1933.",
     "la década de 1930", PartialDate(1930, decade=True)),
    ("es", "La agitación inicial en el sector agrícola interrumpió la producción de alimentos en "
     "la década de 1930 y contribuyó a la catastrófica hambruna soviética de 1932-1933.",
     "1932-1933", DateRange(PartialDate(1932), PartialDate(1933))),
    ("es", "Aunque inicialmente presidía un liderazgo colectivo como primero entre iguales con "
     "Lev Kámenev y Grigori Zinóviev, a los que ejecutó posteriormente, hacia los años 30 ya "
     "se había convertido en dictador de facto de la Unión Soviética.", "hacia los años 30",
     PartialDate(1930, decade=True)),
    ("es", "Basándose en los datos suministrados tras la perestroika, documentados por el Gulag, "
     "fueron detenidas más de 1 300 000 personas por motivos políticos.", "más de 1 300 000",
     _approx(1.3e6, INF, at_least=True, unit="people")),
    ("es", "De ellas casi 700 000 fueron fusiladas.", "casi 700 000",
     _approx(0, 700000, approximate=True, at_most=True)),
    ("es", "Se estima que fueron víctimas de la Masacre de Katyn al menos 21.768 ciudadanos "
     "polacos.", "al menos 21.768", _approx(21768, INF, at_least=True)),
    ("es", "Finalmente, pasadas veinticuatro horas, Beria hizo venir a algunos doctores que "
     "dictaminaron que Stalin había sufrido un ataque cerebrovascular y había caído "
     "fulminado.", "veinticuatro", _approx(24)),
    ("es", "Entre 1919 y mediados de los años 1950, fueron deportadas más de seis millones de "
     "personas, casi el doble que los ciudadanos soviéticos deportados por el Tercer Reich "
     "durante la Gran Guerra Patria para realizar trabajos forzados.", "más de seis millones",
     _approx(6e6, INF, at_least=True, unit="people")),
    ("es", "En 1926-1927, se invirtieron en la industria cerca de mil millones de rublos; tres "
     "años después, se pudieron invertir ya en ella unos 5000 millones.", "unos 5000 millones",
     _approx(5e9, approximate=True)),
    ("es", "En 1926-1927, se invirtieron en la industria cerca de mil millones de rublos; tres "
     "años después, se pudieron invertir ya en ella unos 5000 millones.",
     "cerca de mil millones",
     _approx(0, 1e9, approximate=True, at_most=True, unit="rouble")),
    ("es", "La documentación fue manejada hábilmente por Hitler con la ayuda de Heydrich y "
     "ocasionaron la purga en el Ejército Rojo, con la eliminación de más de 3000 oficiales, "
     "entre ellos Mijaíl Tujachevski, máximo exponente de la guerra mecanizada en la Unión "
     "Soviética.", "más de 3000", _approx(3000, INF, at_least=True)),
]

# (language, an ordinary sentence form the seeds do not use, the value as written, its value)
FORM_CASES: list[tuple[str, str, str, Value]] = [
    ("en", "She was born on December 18, 1878, in a small town.", "December 18, 1878",
     PartialDate(1878, 12, 18)),
    ("en", "He died on the 5th of March 1953.", "5th of March 1953", PartialDate(1953, 3, 5)),
    ("en", "The famine killed 5.5 to 6.5 million people.", "5.5 to 6.5 million",
     _approx(5.5e6, 6.5e6, unit="people")),
    ("en", "Between 12 and 15 million people died.", "Between 12 and 15 million",
     _approx(12e6, 15e6, unit="people")),
    ("en", "Some twenty-five delegates attended.", "Some twenty-five",
     _approx(25, approximate=True, unit="people")),
    ("en", "The town had two hundred and fifty thousand inhabitants.",
     "two hundred and fifty thousand", _approx(250000, unit="people")),
    ("en", "It happened in the thirties.", "the thirties", PartialDate(1930, decade=True)),
    ("en", "He sent half a million troops east.", "half a million",
     _approx(500000, unit="people")),
    ("es", "En los años treinta la ciudad creció.", "los años treinta",
     PartialDate(1930, decade=True)),
    ("es", "Murieron más de 700 000 personas.", "más de 700 000",
     _approx(700000, INF, at_least=True, unit="people")),
    ("es", "Unos veinticinco delegados votaron.", "Unos veinticinco",
     _approx(25, approximate=True, unit="people")),
    ("es", "Hubo al menos treinta y cinco mil detenidos.", "al menos treinta y cinco mil",
     _approx(35000, INF, at_least=True, unit="people")),
    ("es", "La ciudad tenía cerca de doscientos mil habitantes.", "cerca de doscientos mil",
     _approx(0, 200000, approximate=True, at_most=True, unit="people")),
    ("es", "Murieron entre 12 y 15 millones de personas.", "entre 12 y 15 millones",
     _approx(12e6, 15e6, unit="people")),
    ("es", "Fueron deportados de 5 a 7 millones de personas.", "de 5 a 7 millones",
     _approx(5e6, 7e6, unit="people")),
    ("es", "Se casó en marzo de 1904.", "marzo de 1904", PartialDate(1904, 3)),
    ("es", "Murieron medio millón de personas.", "medio millón", _approx(500000, unit="people")),
    ("es", "De estos, un millón y medio habrían muerto.", "un millón y medio", _approx(1.5e6)),
    ("es", "A finales de la década de los años 40 volvió.", "A finales de la década de los años 40",
     PartialDate(1940, decade=True)),  # as its part: see test_parts below
]


def _find(code: str, sentence: str, written: str) -> Fact:
    facts = extract_facts(sentence, load_language(code))
    found = [f for f in facts if f.text == written]
    assert found, [f.text for f in facts]
    return found[0]


def _same(value: object, expected: Value) -> bool:
    if isinstance(expected, PartialDate) and isinstance(value, PartialDate):
        # parts of a year are compared by what they name, in test_parts
        return (value.year, value.month, value.day, value.decade) == (
            expected.year, expected.month, expected.day, expected.decade
        ) and (expected.julian is None or value == expected)
    return value == expected


@pytest.mark.parametrize(("code", "sentence", "written", "value"), SEED_CASES + FORM_CASES)
def test_forms(code: str, sentence: str, written: str, value: Value) -> None:
    fact = _find(code, sentence, written)
    assert _same(fact.value, value), fact.value


def test_seed_sentences_come_from_the_seeds() -> None:
    texts = {code: (SEEDS / f"{code}.txt").read_text("utf-8") for code in ("en", "es")}
    for code, sentence, _written, _value in SEED_CASES:
        assert sentence in texts[code], sentence


def test_parts() -> None:
    early = _find("en", "In early 1908, he travelled to Geneva.", "early 1908")
    assert early.normalized == "1908-01/1908-04~"
    mid = _find("en", "He ruled from the mid-1920s until his death in 1953.", "the mid-1920s")
    assert mid.normalized == "1923/1926~"
    late = _find("es", "A finales de la década de los años 40 volvió.",
                 "A finales de la década de los años 40")
    assert late.normalized == "1946/1949~"
    winter = _find("es", "El invierno de 1941 fue duro.", "El invierno de 1941")
    assert winter.normalized == "1940-12/1942-02~"


def test_a_decade_of_no_century_takes_the_sentences_century() -> None:
    es = load_language("es")
    (decade, year) = extract_dates("En los años 30 del siglo, hacia 1735, creció.", es)
    assert decade.value == PartialDate(1730, decade=True) and year.value == PartialDate(1735)
    assert [f.value for f in extract_dates("En los años 30 creció.", es)] == [
        PartialDate(1930, decade=True)
    ]


def test_a_spanish_lead_gives_birth_and_death() -> None:
    sentence = (SEEDS / "es.txt").read_text("utf-8").split("\n")[0]
    dates = [f for f in extract_facts(sentence, load_language("es")) if f.kind == "date"]
    assert [(f.normalized, f.slot) for f in dates[:2]] == [
        ("1878-12-18", "birth"), ("1953-03-05", "death")]


@pytest.mark.parametrize(
    ("sentence", "slots"),
    [
        ("Juan Pérez (Madrid, 3 de mayo de 1950) es un escritor.", ["birth"]),
        ("Juan Pérez (3 de mayo de 1950-Sevilla, 5 de marzo de 2001) fue un escritor.",
         ["birth", "death"]),
        ("El tratado de Versalles (Francia, 1919) cambió Europa.", ["treaty"]),  # no birth
        ("Juan Pérez (1950) es un escritor.", [None]),  # a year alone says nothing
    ],
)
def test_spanish_lead_forms(sentence: str, slots: list[str | None]) -> None:
    dates = [f for f in extract_facts(sentence, load_language("es")) if f.kind == "date"]
    assert [f.slot for f in dates] == slots


def test_an_english_lead_gives_a_lifespan() -> None:
    sentence = (SEEDS / "en.txt").read_text("utf-8").split("\n")[0]
    first = next(f for f in extract_facts(sentence, load_language("en")) if f.kind == "date")
    assert (first.normalized, first.slot) == ("1878-12-18..1953-03-05", "lifespan")


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("en", "His son was born in 1921."),  # a year, no figure
        ("en", "The 2nd Congress met."),  # an ordinal
        ("en", "See page 12 and No. 227."),  # labels
        ("es", "El XII Congreso se reunió."),
        ("es", "Según el artículo 58, fue condenado."),
        ("es", "Conoció a Lenin en 1905."),
    ],
)
def test_not_figures(code: str, sentence: str) -> None:
    facts = extract_facts(sentence, load_language(code))
    assert [f.text for f in facts if f.kind == "number"] == []


def test_a_figure_without_a_range_keeps_its_own_start() -> None:
    """"de" opens a range only when one follows ("de 5 a 7"), not in "de más de 3000"."""
    (fact,) = extract_numbers("la eliminación de más de 3000 oficiales", load_language("es"))
    assert fact.text == "más de 3000"


@pytest.mark.parametrize(
    ("code", "text", "sentences"),
    [
        ("en", "Many cities, e.g. Paris and Rome, grew. Dr. Smith of St. Petersburg wrote, etc. "
         "Then he left.",
         ["Many cities, e.g. Paris and Rome, grew.", "Dr. Smith of St. Petersburg wrote, etc.",
          "Then he left."]),
        ("en", "He was born on 18 December [O.S. 6 December] 1878. He died.",
         ["He was born on 18 December [O.S. 6 December] 1878.", "He died."]),
        ("es", "El Sr. Pérez y el Dr. Ruiz llegaron a Buenos Aires, Madrid, etc. Luego partieron.",
         ["El Sr. Pérez y el Dr. Ruiz llegaron a Buenos Aires, Madrid, etc.",
          "Luego partieron."]),
        # a note after a space belongs to the sentence before it
        ("es", "Fueron fusilados. ([cita requerida]) Según otros, no.",
         ["Fueron fusilados. ([cita requerida])", "Según otros, no."]),
        ("es", "Nació el 6 de diciembre (jul.)/ 18 de diciembre de 1878 (greg.) en Gori. Murió.",
         ["Nació el 6 de diciembre (jul.)/ 18 de diciembre de 1878 (greg.) en Gori.", "Murió."]),
    ],
)
def test_sentence_ends(code: str, text: str, sentences: list[str]) -> None:
    spans = split_sentences(text, load_language(code))
    assert [text[start:end] for start, end in spans] == sentences


@pytest.mark.parametrize(
    ("code", "sentence", "places"),
    [
        ("en", "He was born in the village of Gori in the Russian Empire.",
         ["Gori", "Russian Empire"]),
        ("en", "He was exiled to Siberia and Vologda.", ["Siberia", "Vologda"]),
        ("es", "Nació en la ciudad de Gori, cerca de Tiflis.", ["Gori", "Tiflis"]),
        ("es", "Conoció a Lenin en Cracovia y Viena.", ["Cracovia", "Viena"]),
    ],
)
def test_places(code: str, sentence: str, places: list[str]) -> None:
    from checker.extract import lexicon
    from checker.extract.slots import after_place_word

    lang = load_language(code)
    names = [f for f in extract_facts(sentence, lang) if f.kind == "name"]
    lex = lexicon(lang)
    assert [n.text for n in names if after_place_word(sentence, n, lex, names)] == places


@pytest.mark.parametrize(
    ("code", "sentence", "names"),
    [
        ("en", "It was founded by Charles de Gaulle and Ludwig van Beethoven.",
         ["Charles de Gaulle", "Ludwig van Beethoven"]),
        ("en", "After Lenin's death, Trotsky's supporters lost.", ["Lenin's", "Trotsky's"]),
        ("es", "Lo escribió Ramón de la Cruz con Iósif Stalin.",
         ["Ramón de la Cruz", "Iósif Stalin"]),
    ],
)
def test_name_spans(code: str, sentence: str, names: list[str]) -> None:
    facts = extract_facts(sentence, load_language(code))
    assert [f.text for f in facts if f.kind == "name"] == names


@pytest.mark.parametrize(
    ("code", "sentence", "slot"),
    [
        ("en", "During his years in power, he served as both General Secretary of the Communist "
         "Party of the Soviet Union (1922–1952) and Chairman of the Council of Ministers of the "
         "Soviet Union (1941–1953).", None),
        ("es", "El primer cargo de gobierno de Stalin fue el de Comisario del Pueblo de Asuntos "
         "Nacionales (1917-1923).", None),
        ("en", "His son Yakov Dzhugashvili (1907–1943) died in captivity.", "lifespan"),
    ],
)
def test_a_range_after_a_thing_is_no_lifespan(code: str, sentence: str, slot: str | None) -> None:
    dates = [f for f in extract_facts(sentence, load_language(code)) if f.kind == "date"]
    assert dates and all(f.slot == slot for f in dates)
