"""Figures in real sentences from both seed articles, as intervals with flags and units."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract import extract_facts, extract_numbers, lexicon, parse_figure
from checker.languages import load_language
from checker.records import NumberInterval

INF = math.inf


def point(value: float, **flags: object) -> NumberInterval:
    return NumberInterval(value, value, **flags)  # type: ignore[arg-type]


# (language, sentence, the figure as written, its value)
CASES: list[tuple[str, str, str, NumberInterval]] = [
    # digits with the language's own separators
    ("nb", "Ifølge en pressemelding fra KGB ble 786 098 personer henrettet for "
     "«kontrarevolusjonær virksomhet eller kriminalitet mot staten» under Stalins styre.",
     "786 098", point(786098, unit="people")),
    ("nb", "Antony Beevor anslår at 13 500 sovjetiske soldater ble henrettet.",
     "13 500", point(13500)),
    ("id", "700.000 orang ditembak, dan sejumlah orang yang tidak diketahui jumlahnya tewas "
     "akibat penyiksaan oleh NKVD.", "700.000", point(700000, unit="people")),
    ("nb", "Han var kraftig bygd, men ikke særlig høy (163 cm som voksen).",
     "163", point(163, unit="cm")),
    # decimals with scale words, estimates
    ("nb", "Mellom september 1936 og desember 1938 ble anslagsvis 1,5 millioner mennesker "
     "henrettet, halvparten av dem i henhold til formell domfellelse.",
     "anslagsvis 1,5 millioner", point(1.5e6, approximate=True, unit="people")),
    ("id", "Pada tahun-tahun tersebut, sekitar 1,6 juta orang ditangkap.",
     "sekitar 1,6 juta", point(1.6e6, approximate=True, unit="people")),
    ("nb", "Okhranas arkiver viser at omkring 40 personer ble drept.",
     "omkring 40", point(40, approximate=True, unit="people")),
    ("id", "Sekitar 40 orang tewas, tetapi anggota-anggota geng Stalin berhasil lolos.",
     "Sekitar 40", point(40, approximate=True, unit="people")),
    # number words
    ("nb", "I hungersnøden i 1932–1933 mistet omtrent seks millioner mennesker livet.",
     "omtrent seks millioner", point(6e6, approximate=True, unit="people")),
    ("id", "Stalin mengklaim telah menghayati ajaran Marxisme sejak usia lima belas tahun.",
     "lima belas", point(15, unit="age")),
    ("id", "Ia dihukum empat tahun pengasingan di Turukhansk.", "empat", point(4, unit="year")),
    ("nb", "I mars 1913 ble han arrestert og dømt til fire år i Nord-Sibir.",
     "fire", point(4, unit="year")),
    # bounds
    ("nb", "Resultatet ble en hungersnød i Ukraina, Nord-Kaukasus og nedre Volga som krevde minst "
     "seks millioner menneskeliv, hvorav de aller fleste var ukrainere.",
     "minst seks millioner", NumberInterval(6e6, INF, at_least=True, unit="people")),
    ("id", "Stalin melancarkan gerakan yang mengakibatkan lebih dari sejuta orang dipenjarakan "
     "dan sekurang-kurangnya 700.000 orang dihukum mati antara 1934 sampai 1939.",
     "sekurang-kurangnya 700.000", NumberInterval(7e5, INF, at_least=True, unit="people")),
    ("id", "Stalin melancarkan gerakan yang mengakibatkan lebih dari sejuta orang dipenjarakan.",
     "lebih dari sejuta", NumberInterval(1e6, INF, at_least=True, unit="people")),
    ("nb", "Byttet var på minst 250 000 rubler.", "minst 250 000",
     NumberInterval(250000, INF, at_least=True, unit="rouble")),
    # ranges
    ("nb", "Eksperter på russisk historie, som Jens Petter Nielsen og Åsmund Egge, anslår tallene "
     "til rundt 800 000 omkomne i Den store terroren og 6-7 millioner omkomne under "
     "hungersnøden.", "6-7 millioner", NumberInterval(6e6, 7e6, unit="people")),
    ("id", "Diperkirakan lima hingga tujuh juta orang tewas, dan bahkan banyak yang terpaksa "
     "memakan orang-orang mati untuk bertahan hidup.", "Diperkirakan lima hingga tujuh juta",
     NumberInterval(5e6, 7e6, approximate=True, unit="people")),
    ("id", "Perkiraan sejarawan R. W. Davies mencapai kisaran angka 5,5 sampai 6,5 juta.",
     "5,5 sampai 6,5 juta", NumberInterval(5.5e6, 6.5e6)),
    ("nb", "Fordrivelsen var brutal, det antas at mellom to og tre millioner sivile døde som "
     "direkte følge.", "mellom to og tre millioner", NumberInterval(2e6, 3e6, unit="people")),
    ("nb", "Det gjaldt det daværende Tyskland, hvor mellom 12 og 15 millioner mennesker ble "
     "fordrevet.", "mellom 12 og 15 millioner", NumberInterval(12e6, 15e6, unit="people")),
    ("nb", "Overslagene spriker, fra 5–7 millioner.", "fra 5–7 millioner",
     NumberInterval(5e6, 7e6)),
    # percentages, ages, durations
    ("nb", "Kvoten på 44 prosent ble møtt.", "44", point(44, unit="percent")),
    ("nb", "Moren var bare 15 år gammel da hun ble gift med Vissarion og 20 år gammel da Josef "
     "ble født.", "15", point(15, unit="age")),
    ("nb", "Da Josef Dzjugasjvili i en alder av 15 år avsluttet sitt annet studieår ved seminaret, "
     "kom han i kontakt med de hemmelige marxistiske kretsene.", "15", point(15, unit="age")),
    ("id", "Ketika Stalin berusia 12 tahun, dia terluka parah setelah tertabrak phaeton.",
     "12", point(12, unit="age")),
    ("nb", "I mars 1908 ble han arrestert og ble i september dømt til 2 år i Sibir.",
     "2", point(2, unit="year")),
    ("id", "Ia akhirnya dijatuhi hukuman dua tahun pengasingan di desa Solvychegodsk.",
     "dua", point(2, unit="year")),
    ("id", "Jerman membayar pampasan perang senilai 20 miliar dolar kepada Uni Soviet.",
     "20 miliar", point(2e10, unit="dollar")),
]


@pytest.mark.parametrize(("code", "sentence", "written", "value"), CASES)
def test_figures(code: str, sentence: str, written: str, value: NumberInterval) -> None:
    figures = extract_numbers(sentence, load_language(code))
    assert (written, value) in [(f.text, f.value) for f in figures]


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("nb", "Etter annen verdenskrig, under 2. verdenskrig, kom han på nummer to."),
        ("nb", "Det rettslige grunnlag var den sovjetiske straffelovs § 58."),
        ("nb", "New York: HarperCollins, 2003 (hardcover, ISBN 0-06-019524-X)."),
        ("nb", "Det skjedde kl 00:30 om natten."),
        ("nb", "Etter 1905-revolusjonen ble han en av anførerne."),
        ("nb", "Han ble arrestert i 1902."),
        ("id", "Stalin dan Yezhov menandatangani Perintah No. 00447."),
        ("id", "Selama Kongres Partai ke-11 pada tahun 1922, Lenin mengangkat Stalin."),
        ("id", "Dengan menggunakan sistem Rencana Lima Tahun, Uni Soviet berusaha."),
        ("id", "Stalin tinggal satu kamar dengan rekan Bolsheviknya."),
    ],
)
def test_not_figures(code: str, sentence: str) -> None:
    """Ordinals, labels, codes, times, years and 'one' as an article are not figures."""
    facts = extract_facts(sentence, load_language(code))
    assert [f for f in facts if f.kind == "number"] == []


@pytest.mark.parametrize(
    ("code", "raw", "value"),
    [
        ("nb", "13 500", 13500.0),
        ("nb", "786\u00a0098", 786098.0),
        ("nb", "1,5", 1.5),
        ("nb", "1.5", 1.5),
        ("nb", "1.500", 1500.0),
        ("id", "700.000", 700000.0),
        ("id", "1.500.000", 1500000.0),
        ("id", "1,6", 1.6),
        ("id", "5,5", 5.5),
        ("id", "1.234,5", 1234.5),
        ("nb", "1 2345", None),
    ],
)
def test_parse_figure(code: str, raw: str, value: float | None) -> None:
    assert parse_figure(raw, lexicon(load_language(code))) == value


def test_digits_glued_to_letters_are_not_figures() -> None:
    nb = load_language("nb")
    facts = extract_numbers("Et lite hus med bare ett rom på 15 m2 og kjøkken.", nb)
    assert [f.text for f in facts] == ["15"]


def test_year_in_a_sentence_is_a_date_not_a_figure() -> None:
    facts = extract_facts("I 1937 ble 13 500 mennesker arrestert.", load_language("nb"))
    assert [(f.kind, f.normalized) for f in facts if f.kind != "name"] == [
        ("date", "1937"),
        ("number", "13500"),
    ]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.sampled_from(["nb", "id"]),
    st.lists(
        st.sampled_from([
            *"0123456789 .,–-/:%§ ",
            "minst ", "sekitar ", "millioner ", "juta ", "lima ", "belas ", "hingga ",
            "mellom ", "og ", "år ", "tahun ", "ke-", "nr. ", "orang ", "seks ",
        ]),
        max_size=25,
    ).map("".join),
)
def test_figures_never_raise_and_stay_inside_the_text(code: str, text: str) -> None:
    for figure in extract_numbers(text, load_language(code)):
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        assert isinstance(figure.value, NumberInterval)
        assert figure.value.low <= figure.value.high
