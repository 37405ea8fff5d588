"""Dates in real sentences from both seed articles, one table row per form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract import extract_dates, extract_facts, julian_to_gregorian
from checker.extract.values import VagueDate, YearlessDate, part_of
from checker.languages import load_language
from checker.records import Calendar, DateRange, PartialDate
from tests.helpers import SEEDS

G, J = Calendar.GREGORIAN, Calendar.JULIAN


def part(year: int, name: str, *, decade: bool = False) -> PartialDate:
    """A named part of a year or decade, as the extractor builds it."""
    return part_of(PartialDate(year, decade=decade), name)


# (language, sentence from the seed article, the date as written, its value)
# Parts of a year or decade ("akhir tahun 1888", "slutten av 1940-årene") used
# to keep the bare year or decade; they are now the part they name (VagueDate).
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
     "akhir tahun 1888", part(1888, "late")),
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
     "slutten av 1940-årene", part(1940, "late", decade=True)),
    ("id", "Ia menjadi kepala negara Uni Soviet sejak pertengahan era 1920-an sampai akhir "
     "hayatnya pada tahun 1953.", "pertengahan era 1920-an", part(1920, "mid", decade=True)),
    ("id", "Pada akhir tahun 1930-an, Stalin membatasi pemujaan terhadap dirinya dan menunjukkan "
     "citra kerendahan hati, contohnya dengan menggunakan humor yang menyerang diri sendiri.",
     "akhir tahun 1930-an", part(1930, "late", decade=True)),
    # seasons and parts of a year
    ("nb", "Våren 1913 kom han tilbake til Russland.", "Våren 1913", part(1913, "spring")),
    ("nb", "Høsten 1901 ble Dzjugasjvili sendt av den sosialdemokratiske komite i Tbilisi til "
     "Batumi for å drive propaganda blant arbeiderne.", "Høsten 1901", part(1901, "autumn")),
    ("nb", "Mot slutten av 1920 var hele Kaukasusområdet, med unntak av Georgia, sovjetisk "
     "territorium.", "slutten av 1920", part(1920, "late")),
    ("id", "Pada musim panas tahun 1921, ia kembali ke Kaukasus selatan, dan di situ ia menyerukan "
     "kepada para komunis Georgia untuk menghindari nasionalisme Georgia yang bersifat "
     "chauvinistik yang ia yakini akan mengesampingkan minoritas Abkhazia, Ossetia dan Adjaria.",
     "musim panas tahun 1921", part(1921, "summer")),
    ("id", "Setelah terjadinya bentrok antara pasukan Polandia dan Rusia, Perang Polandia-Rusia "
     "meletus pada musim semi tahun 1920.", "musim semi tahun 1920", part(1920, "spring")),
    # months of no year, and months that take the year the sentence gives them
    ("nb", "Reisen til Kostino i Nord-Sibir varte fra april til juni.", "fra april til juni",
     DateRange(YearlessDate(0, 4), YearlessDate(0, 6))),
    ("id", "Pada bulan Agustus, ia tiba di desa Monastyrskoe, meskipun setelah empat minggu ia "
     "dipindah ke Kostino.", "Agustus", YearlessDate(0, 8)),
    ("nb", "I mars 1908 ble han arrestert og ble i september dømt til 2 år i Sibir, han rømte i "
     "juni 1909 og reiste tilbake til Baku.", "september", PartialDate(1908, 9)),
    ("id", "Salah satu peristiwa yang terjadi di tengah upaya tersebut adalah pembantaian Katyn "
     "pada April dan Mei 1940, ketika 22.000 anggota angkatan bersenjata, polisi dan "
     "intelijensia Polandia dihukum mati.", "April", PartialDate(1940, 4)),
    ("id", "Simon Montefiore berpendapat bahwa meskipun Stalin mula-mula memerintah sebagai "
     "bagian dari suatu oligarki Partai Komunis, pemerintahan Uni Soviet berubah dari bentuk "
     "oligarki menjadi kediktatoran perseorangan pada tahun 1934, dengan Stalin selaku "
     '"diktator mutlak" antara bulan Maret dan bulan Juni 1937, manakala tokoh-tokoh militer '
     "dan NKVD disingkirkan.", "antara bulan Maret dan bulan Juni 1937",
     DateRange(PartialDate(1937, 3), PartialDate(1937, 6))),
    ("id", "Ia menghadiri Kongres PBDSR Kelima, yang diadakan di kota London pada Mei–Juni 1907.",
     "Mei–Juni 1907", DateRange(PartialDate(1907, 5), PartialDate(1907, 6))),
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
        ("id", "Perayaan Mei itu dihadiri Agustus Salim."),
        ("nb", "Mars er en planet, og mai er en måned."),
    ],
)
def test_not_dates(code: str, sentence: str) -> None:
    """Figures, centuries, days without a year and month names with no preposition are not dates."""
    assert extract_dates(sentence, load_language(code)) == []


def test_a_month_before_the_dated_month_stays_yearless() -> None:
    """After "desember 1912", "i januar" may be the next January: no year is guessed."""
    dates = extract_dates("I desember 1912 reiste han, og i januar kom han.", load_language("nb"))
    assert [d.normalized for d in dates] == ["1912-12", "--01"]


def test_parts_of_a_year_cover_their_months() -> None:
    nb, id_ = load_language("nb"), load_language("id")
    (spring,) = extract_dates("Våren 1913 kom han tilbake til Russland.", nb)
    assert isinstance(spring.value, VagueDate)
    assert (spring.value.first, spring.value.last) == ((1913, 3), (1913, 5))
    assert spring.normalized == "1913-03/1913-05~"
    (late,) = extract_dates("Pada akhir tahun 1888, Stalin mendaftar masuk sekolah.", id_)
    assert late.normalized == "1888-09/1888-12~"
    (winter,) = extract_dates("Vinteren 1942 var kald.", nb)
    assert winter.normalized == "1941-12/1943-02~"  # the winter that ends in 1942, or begins
    (decade,) = extract_dates("Det skjedde i slutten av 1940-årene.", nb)
    assert decade.normalized == "1946/1949~"


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
