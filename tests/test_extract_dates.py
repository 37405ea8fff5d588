"""Dates in real sentences from both seed articles, one table row per form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract import extract_dates, extract_facts, julian_to_gregorian
from checker.languages import load_language
from checker.records import Calendar, DateRange, PartialDate

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "stalin"

G, J = Calendar.GREGORIAN, Calendar.JULIAN

# (language, sentence from the seed article, the date as written, its value)
CASES: list[tuple[str, str, str, PartialDate | DateRange]] = [
    # full dates
    ("nb", "Stalin døde 5. mars 1953 i Kuntsevo utenfor Moskva.",
     "5. mars 1953", PartialDate(1953, 3, 5)),
    ("nb", "Det mest berømte av hans bankran ble gjennomført 13. juni 1907 i den russiske "
     "riksbanks filial i Tbilisi.", "13. juni 1907", PartialDate(1907, 6, 13)),
    ("id", "Pada akhirnya Stalin menjemput ajal pada tanggal 5 Maret 1953.",
     "5 Maret 1953", PartialDate(1953, 3, 5)),
    ("id", "Pada tanggal 1 Maret 1953, Stalin ditemukan setengah sadar di lantai kamar tidur "
     "dachanya di Volynskoe.", "1 Maret 1953", PartialDate(1953, 3, 1)),
    # month and year
    ("nb", "Han forlot stillingen som kontorist i mai 1901, da han var nær ved å bli arrestert "
     "på grunn av sitt arbeid i den politiske undergrunn.", "mai 1901", PartialDate(1901, 5)),
    ("id", "Mereka mencoba menangkapnya pada Maret 1901, tetapi ia berhasil lolos dan "
     "bersembunyi, dan hidup dari sumbangan teman-teman dan simpatisannya.",
     "Maret 1901", PartialDate(1901, 3)),
    ("id", 'Stalin merupakan anak dari Besarion "Beso" Jughashvili dan Ekaterine "Keke" Geladze, '
     "yang menikah pada Mei 1872, dan sempat memiliki dua anak yang meninggal pada saat bayi "
     "sebelum Stalin lahir.", "Mei 1872", PartialDate(1872, 5)),
    ("id", "Ia masuk sekolah tersebut pada Agustus 1894, dibantu oleh beasiswa yang mengurangi "
     "iuran yang harus dibayarkan.", "Agustus 1894", PartialDate(1894, 8)),
    # years, with and without qualifiers
    ("nb", "Fra 1887 gikk Josef Dzjugasjvili på skole i Gori.", "1887", PartialDate(1887)),
    ("id", "Pada akhir tahun 1888, Stalin mendaftar masuk Sekolah Gereja Gori.",
     "akhir tahun 1888", PartialDate(1888)),
    ("nb", "På konferansene i Teheran (1943) og Jalta (1945) lyktes Stalin i å legge et "
     "avgjørende grunnlag for flere av de territorielle erobringer som han skulle gjennomføre "
     "i etterkant av krigen.", "1943", PartialDate(1943)),
    # year ranges
    ("nb", "Josef Vissarionovitsj Stalin (1879–1953) var Sovjetunionens leder fra 1924 til 1953.",
     "1879–1953", DateRange(PartialDate(1879), PartialDate(1953))),
    ("nb", "Josef Vissarionovitsj Stalin (1879–1953) var Sovjetunionens leder fra 1924 til 1953.",
     "fra 1924 til 1953", DateRange(PartialDate(1924), PartialDate(1953))),
    ("nb", "I hungersnøden i 1932–1933 mistet omtrent seks millioner mennesker livet.",
     "1932–1933", DateRange(PartialDate(1932), PartialDate(1933))),
    ("id", "Ia menjadi kepala negara Uni Soviet sejak pertengahan era 1920-an sampai akhir "
     "hayatnya pada tahun 1953, dengan gelar Sekretaris Jenderal Partai Komunis Uni Soviet "
     "sejak tahun 1922 sampai 1952, dan Kepala Pemerintahan Uni Soviet sejak tahun 1941 "
     "sampai 1953.", "sejak tahun 1922 sampai 1952",
     DateRange(PartialDate(1922), PartialDate(1952))),
    ("id", 'Guna mengenyahkan pihak-pihak yang dianggap sebagai "musuh-musuh kelas pekerja", '
     'Stalin melancarkan gerakan "Pembersihan Besar-Besaran" yang mengakibatkan lebih dari '
     "sejuta orang dipenjarakan dan sekurang-kurangnya 700.000 orang dihukum mati antara 1934 "
     "sampai 1939.", "antara 1934 sampai 1939", DateRange(PartialDate(1934), PartialDate(1939))),
    ("id", "Namun, kebijakan-kebijakan tersebut gagal menghentikan bencana kelaparan yang "
     "mencapai puncaknya pada musim dingin tahun 1932–33.", "musim dingin tahun 1932–33",
     DateRange(PartialDate(1932), PartialDate(1933))),
    ("nb", "Mellom september 1936 og desember 1938 ble anslagsvis 1,5 millioner mennesker "
     "henrettet, halvparten av dem i henhold til formell domfellelse.",
     "Mellom september 1936 og desember 1938",
     DateRange(PartialDate(1936, 9), PartialDate(1938, 12))),
    ("id", "Josef Stalin (lahir dengan nama Ioseb Besarionis dze Jughashvili; 18 Desember 1878 – "
     "5 Maret 1953) adalah tokoh revolusi dan politikus Uni Soviet keturunan Georgia.",
     "18 Desember 1878 – 5 Maret 1953",
     DateRange(PartialDate(1878, 12, 18), PartialDate(1953, 3, 5))),
    # decades
    ("nb", "I 1930-årene iverksatte han omfattende utrenskninger, som toppet seg i 1937.",
     "1930-årene", PartialDate(1930, decade=True)),
    ("nb", "Utenlandske gjester rapporterte fra slutten av 1940-årene om Stalins fysiske forfall.",
     "slutten av 1940-årene", PartialDate(1940, decade=True)),
    ("id", "Ia menjadi kepala negara Uni Soviet sejak pertengahan era 1920-an sampai akhir "
     "hayatnya pada tahun 1953.", "pertengahan era 1920-an", PartialDate(1920, decade=True)),
    # one day in two calendars is one date: the Gregorian form, remembering the Julian
    ("nb", "Josef Dzjugasjvili ble født 6. desemberjul./ 18. desember 1878greg. i Gori i "
     "Georgia i Kaukasus i 1878.", "6. desemberjul./ 18. desember 1878greg.",
     PartialDate(1878, 12, 18, G, julian=PartialDate(1878, 12, 6, J))),
    ("id", "Stalin dilahirkan dengan nama Ioseb Jughashvili di kota Gori, Georgia pada tanggal "
     "18 Desember [K.J.: 6 Desember] 1878.", "18 Desember [K.J.: 6 Desember] 1878",
     PartialDate(1878, 12, 18, G, julian=PartialDate(1878, 12, 6, J))),
    # spellings CLDR lacks, from the data file
    ("id", "Gencatan senjata ditandatangani pada 11 Nopember 1918.", "11 Nopember 1918",
     PartialDate(1918, 11, 11)),
]


@pytest.mark.parametrize(("code", "sentence", "written", "value"), CASES)
def test_date_forms(code: str, sentence: str, written: str, value: object) -> None:
    dates = extract_dates(sentence, load_language(code))
    assert (written, value) in [(d.text, d.value) for d in dates]


def test_case_sentences_come_from_the_seeds() -> None:
    """The table is made of real sentences (the last one aside), so it tests real text."""
    texts = {code: (SEEDS / f"{code}.txt").read_text("utf-8") for code in ("nb", "id")}
    for code, sentence, _written, _value in CASES[:-1]:
        assert sentence in texts[code] or sentence.rstrip(".") in texts[code], sentence


def test_lead_sentence_has_exactly_the_two_ranges() -> None:
    facts = extract_facts(
        "Josef Vissarionovitsj Stalin (1879–1953) var Sovjetunionens leder fra 1924 til 1953.",
        load_language("nb"),
    )
    assert [f.normalized for f in facts if f.kind == "date"] == ["1879..1953", "1924..1953"]


def test_dual_date_year_is_part_of_the_date_not_a_second_date() -> None:
    dates = extract_dates(
        "Han ble født 6. desemberjul./ 18. desember 1878greg. i Gori.", load_language("nb")
    )
    assert len(dates) == 1
    assert dates[0].normalized == "1878-12-18"


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("nb", "Antony Beevor anslår at 13 500 sovjetiske soldater ble skutt."),
        ("nb", "Byttet var på 1500 mennesker."),
        ("nb", "I den provisoriske regjering som kom til makt den 7. november fikk Stalin posten."),
        ("nb", "Det skjedde på 1800-tallet."),
        ("nb", "Det antas å dreie seg om millioner over en 23-årsperiode."),
        ("id", "Pada tanggal 17 September, Tentara Merah memasuki wilayah timur Polandia."),
    ],
)
def test_not_dates(code: str, sentence: str) -> None:
    """Figures, centuries and days without a year are not dates."""
    assert extract_dates(sentence, load_language(code)) == []


def test_day_without_year_is_not_a_figure_either() -> None:
    facts = extract_facts("Regjeringen kom til makt den 7. november.", load_language("nb"))
    assert [f for f in facts if f.kind in ("date", "number")] == []


def test_day_before_a_full_date_takes_its_year() -> None:
    dates = extract_dates("Det varte fra 28. februar til 1. mars 1953.", load_language("nb"))
    assert [d.value for d in dates] == [
        DateRange(PartialDate(1953, 2, 28), PartialDate(1953, 3, 1))
    ]


@pytest.mark.parametrize(
    ("julian", "gregorian"),
    [
        ((1878, 12, 6), (1878, 12, 18)),
        ((1917, 10, 25), (1917, 11, 7)),
        ((1699, 12, 25), (1700, 1, 4)),
        ((1899, 12, 25), (1900, 1, 6)),
    ],
)
def test_julian_to_gregorian(julian: tuple[int, int, int], gregorian: tuple[int, int, int]) -> None:
    assert julian_to_gregorian(*julian) == gregorian


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.sampled_from(["nb", "id"]),
    st.text(
        alphabet=st.sampled_from(list("0123456789 .,–-/()[]:aeiKJgrdesmbMarjulDnoy")),
        max_size=60,
    ),
)
def test_dates_never_raise_and_stay_inside_the_text(code: str, text: str) -> None:
    for date in extract_dates(text, load_language(code)):
        assert 0 <= date.start < date.end <= len(text)
        assert text[date.start : date.end] == date.text
