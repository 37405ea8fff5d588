"""The comparator: one test per rule, the seeds' real conflicts, and its invariants."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.compare import (
    APPROXIMATE_TOLERANCE,
    compare_facts,
    consistent,
    format_date,
    format_number,
    rounding_half_unit,
)
from checker.extract import extract_facts
from checker.languages import load_language
from checker.records import Finding, NumberInterval, PartialDate, Scope, Sentence

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "stalin"


def compare(
    src: str,
    tgt: str,
    src_lang: str = "nb",
    tgt_lang: str = "id",
    scope: Scope = "cross",
    score: float = 0.9,
) -> list[Finding]:
    a, b = load_language(src_lang), load_language(tgt_lang)
    return compare_facts(
        Sentence(0, src, 1, 0, ""),
        extract_facts(src, a),
        Sentence(1, tgt, 2, 0, ""),
        extract_facts(tgt, b),
        src_lang=a,
        tgt_lang=b,
        scope=scope,
        alignment_score=score,
    )


def in_seed(code: str, sentence: str) -> bool:
    return sentence in (SEEDS / f"{code}.txt").read_text("utf-8")


# --- the seeds' two known conflicts, with the real sentences --------------------------

NB_LEAD = "Josef Vissarionovitsj Stalin (1879–1953) var Sovjetunionens leder fra 1924 til 1953."
ID_LEAD = (
    "Josef Stalin (lahir dengan nama Ioseb Besarionis dze Jughashvili; 18 Desember 1878 – "
    "5 Maret 1953) adalah tokoh revolusi dan politikus Uni Soviet keturunan Georgia."
)
NB_TERROR = (
    "Mellom september 1936 og desember 1938 ble anslagsvis 1,5 millioner mennesker henrettet, "
    "halvparten av dem i henhold til formell domfellelse."
)
ID_SHOT = (
    "700.000 orang ditembak, dan sejumlah orang yang tidak diketahui jumlahnya tewas akibat "
    "penyiksaan oleh NKVD."
)


def test_real_sentences_are_in_the_seeds() -> None:
    assert in_seed("nb", NB_LEAD) and in_seed("id", ID_LEAD)
    assert in_seed("nb", NB_TERROR) and in_seed("id", ID_SHOT)


def test_lead_birth_year_is_a_hard_conflict_and_death_year_is_not() -> None:
    findings = compare(NB_LEAD, ID_LEAD)
    assert len(findings) == 1
    (finding,) = findings
    assert (finding.kind, finding.severity) == ("date", "hard")
    assert finding.src_fact.text == "1879–1953"
    assert finding.tgt_fact.text == "18 Desember 1878 – 5 Maret 1953"
    assert finding.explanation == (
        "The Norwegian Bokmål text dates the birth to 1879; "
        "the Indonesian text gives 18 December 1878."
    )
    assert "1953" not in finding.explanation
    assert finding.finding_id == "" and finding.review_status == "new"
    assert (finding.src_lang, finding.tgt_lang, finding.scope) == ("nb", "id", "cross")


def test_great_terror_executions_are_a_hard_conflict() -> None:
    findings = compare(NB_TERROR, ID_SHOT)
    assert [(f.kind, f.severity, f.src_fact.text, f.tgt_fact.text) for f in findings] == [
        ("number", "hard", "anslagsvis 1,5 millioner", "700.000")
    ]
    assert findings[0].explanation == (
        "The Norwegian Bokmål text gives about 1.5 million people for the executions; "
        "the Indonesian text gives 700,000 people."
    )


def test_lifespan_against_a_birth_date_compares_the_start() -> None:
    id_birth = (
        "Stalin dilahirkan dengan nama Ioseb Jughashvili di kota Gori, Georgia pada tanggal "
        "18 Desember [K.J.: 6 Desember] 1878."
    )
    assert in_seed("id", id_birth)
    findings = compare(NB_LEAD, id_birth)
    assert [(f.severity, f.src_fact.text) for f in findings] == [("hard", "1879–1953")]
    assert "birth" in findings[0].explanation


def test_lifespan_is_not_compared_with_someone_elses_death() -> None:
    """Stalin's (1879–1953) against the year Lenin died: different people, no finding."""
    id_lenin = (
        "Setelah Lenin jatuh sakit lalu wafat pada tahun 1924, Stalin tampil menjadi pemimpin "
        "baru Uni Soviet."
    )
    assert compare(NB_LEAD, id_lenin) == []


# --- dates -----------------------------------------------------------------------------


def test_year_against_a_day_in_that_year_is_not_a_conflict() -> None:
    assert compare("Han ble født i 1878.", "Ia lahir pada 18 Desember 1878.") == []
    assert compare("Han ble arrestert i mars 1908.", "Ia ditangkap pada 2 Maret 1908.") == []
    assert compare("I 1930-årene ble han født.", "Ia lahir pada tahun 1934.") == []


def test_different_years_are_a_hard_conflict() -> None:
    findings = compare("Han ble født i 1879.", "Ia lahir pada tahun 1878.")
    assert [(f.severity, f.src_fact.text, f.tgt_fact.text) for f in findings] == [
        ("hard", "1879", "1878")
    ]


def test_different_months_of_one_year_are_a_hard_conflict() -> None:
    findings = compare(
        "Han forlot stillingen som kontorist i mai 1901, da han var nær ved å bli arrestert på "
        "grunn av sitt arbeid i den politiske undergrunn.",
        "Mereka mencoba menangkapnya pada Maret 1901, tetapi ia berhasil lolos dan bersembunyi, "
        "dan hidup dari sumbangan teman-teman dan simpatisannya.",
    )
    assert [(f.severity, f.src_fact.text, f.tgt_fact.text) for f in findings] == [
        ("hard", "mai 1901", "Maret 1901")
    ]


def test_julian_and_gregorian_forms_of_one_day_agree() -> None:
    nb = "Josef Dzjugasjvili ble født 6. desemberjul./ 18. desember 1878greg. i Gori."
    assert compare(nb, "Stalin lahir pada tanggal 18 Desember [K.J.: 6 Desember] 1878.") == []
    assert compare(nb, "Stalin lahir pada tanggal 18 Desember 1878.") == []
    assert compare(nb, "Stalin lahir pada tanggal 6 Desember 1878.") == []
    assert compare("Han ble født 6. desember 1878 jul.", "Ia lahir pada 18 Desember 1878.") == []


def test_unmarked_days_a_calendar_apart_are_a_soft_finding() -> None:
    findings = compare("Han ble født 6. desember 1878.", "Ia lahir pada 18 Desember 1878.")
    assert [f.severity for f in findings] == ["soft"]
    assert "Julian" in findings[0].explanation


def test_several_dates_are_matched_to_their_counterparts() -> None:
    """Both leads: 1953 agrees with 5 March 1953, so only the birth is reported."""
    findings = compare(
        "Han levde fra 1879 til 1953.", "Ia hidup dari 18 Desember 1878 hingga 5 Maret 1953."
    )
    assert [(f.severity, f.explanation) for f in findings] == [
        ("hard", "The Norwegian Bokmål text gives 1879; the Indonesian text gives "
         "18 December 1878 for what looks like the same event.")
    ]


# --- figures ---------------------------------------------------------------------------


def test_equal_figures_agree() -> None:
    assert compare(
        "Okhranas arkiver viser at omkring 40 personer ble drept.",
        "Sekitar 40 orang tewas, tetapi anggota-anggota geng Stalin berhasil lolos.",
    ) == []


def test_estimate_inside_a_range_agrees() -> None:
    assert compare(
        "I hungersnøden i 1932–1933 mistet omtrent seks millioner mennesker livet.",
        "Diperkirakan lima hingga tujuh juta orang tewas, dan bahkan banyak yang terpaksa "
        "memakan orang-orang mati untuk bertahan hidup.",
    ) == []


def test_lower_bound_below_a_figure_agrees() -> None:
    id_lead = (
        'Guna mengenyahkan pihak-pihak yang dianggap sebagai "musuh-musuh kelas pekerja", Stalin '
        'melancarkan gerakan "Pembersihan Besar-Besaran" yang mengakibatkan lebih dari sejuta '
        "orang dipenjarakan dan sekurang-kurangnya 700.000 orang dihukum mati antara 1934 "
        "sampai 1939."
    )
    assert in_seed("id", id_lead)
    assert [f for f in compare(NB_TERROR, id_lead) if f.kind == "number"] == []


def test_overlapping_estimates_are_soft() -> None:
    nb = (
        "Resultatet ble en hungersnød i Ukraina, Nord-Kaukasus og nedre Volga som krevde minst "
        "seks millioner menneskeliv, hvorav de aller fleste var ukrainere."
    )
    id_ = (
        "Diperkirakan lima hingga tujuh juta orang tewas, dan bahkan banyak yang terpaksa "
        "memakan orang-orang mati untuk bertahan hidup."
    )
    assert in_seed("nb", nb) and in_seed("id", id_)
    findings = compare(nb, id_)
    assert [(f.kind, f.severity) for f in findings] == [("number", "soft")]
    assert "overlaps" in findings[0].explanation


def test_round_figure_against_an_exact_one_is_soft() -> None:
    findings = compare(
        "Ifølge en pressemelding fra KGB ble 786 098 personer henrettet.",
        "Catatan-catatan resmi menunjukkan bahwa 800.000 orang ditembak mati.",
    )
    assert [(f.kind, f.severity) for f in findings] == [("number", "soft")]
    assert "rounded" in findings[0].explanation


def test_disjoint_figures_are_hard() -> None:
    findings = compare(
        "Omkring 40 personer ble drept.", "Sekitar 400 orang tewas dalam perampokan itu."
    )
    assert [(f.kind, f.severity) for f in findings] == [("number", "hard")]


def test_figures_in_different_units_are_not_compared() -> None:
    assert compare("Han satt 3 år i fengsel.", "Ia dipenjara selama 5 bulan.") == []
    assert compare("Han var 15 år gammel.", "Ia dihukum dua tahun.") == []


def test_interval_rules_directly() -> None:
    def iv(low: float, high: float, **flags: object) -> NumberInterval:
        return NumberInterval(low, high, **flags)  # type: ignore[arg-type]

    assert consistent(iv(6e6, 6e6, approximate=True), iv(5e6, 7e6))
    assert consistent(iv(7e5, float("inf"), at_least=True), iv(1.5e6, 1.5e6))
    assert not consistent(iv(6e6, float("inf"), at_least=True), iv(5e6, 7e6))
    assert not consistent(iv(1.5e6, 1.5e6, approximate=True), iv(7e5, 7e5))
    edge = 100 * (1 + APPROXIMATE_TOLERANCE)
    assert consistent(iv(100, 100, approximate=True), iv(edge, edge))
    assert not consistent(iv(1, 1, unit="year"), iv(1, 1, unit="age"))
    assert rounding_half_unit(700000) == 50000 and rounding_half_unit(163) == 0


# --- slots -----------------------------------------------------------------------------


def test_only_facts_of_the_same_slot_are_compared() -> None:
    assert compare("Han ble arrestert i mars 1908.", "Ia menikah pada Juni 1908.") == []
    findings = compare("Han ble arrestert i mars 1908.", "Ia ditangkap pada Juni 1908.")
    assert [(f.severity, f.src_fact.slot, f.tgt_fact.slot) for f in findings] == [
        ("hard", "arrest", "arrest")
    ]


def test_lone_unslotted_dates_of_an_aligned_pair_are_compared() -> None:
    nb = "I mai 1912 kom han tilbake til St. Petersburg."
    id_ = (
        'Pada Februari 1912, Stalin melarikan diri ke Sankt Peterburg, dan ia lalu ditugaskan '
        'untuk mengubah surat kabar mingguan Bolshevik, Zvezda ("Bintang"), menjadi surat kabar '
        'harian Pravda ("Kebenaran").'
    )
    assert in_seed("nb", nb) and in_seed("id", id_)
    assert [f.severity for f in compare(nb, id_)] == ["hard"]


def test_internal_check_compares_only_explicit_slots() -> None:
    """Within one article two sentences share no claim just by being compared."""
    a, b = "I mai 1912 kom han tilbake.", "I februar 1912 reiste han bort."
    assert compare(a, b, "nb", "nb", scope="internal") == []
    findings = compare(
        NB_TERROR, "Ifølge KGB ble 786 098 personer henrettet.", "nb", "nb", scope="internal"
    )
    assert [(f.scope, f.severity, f.tgt_fact.text) for f in findings] == [
        ("internal", "hard", "786 098")
    ]
    assert findings[0].explanation.startswith("One sentence of the Norwegian Bokmål text")


def test_confidence_grows_with_alignment_and_explicit_slots() -> None:
    low = compare("Han ble født i 1879.", "Ia lahir pada tahun 1878.", score=0.2)[0]
    high = compare("Han ble født i 1879.", "Ia lahir pada tahun 1878.", score=0.95)[0]
    sole = compare("I 1879 kom han.", "Pada tahun 1878 ia datang.", score=0.95)[0]
    assert 0 <= low.confidence < high.confidence <= 1
    assert sole.confidence < high.confidence


# --- names -----------------------------------------------------------------------------


def test_different_birthplaces_are_a_conflict() -> None:
    findings = compare("Han ble født i Gori.", "Ia lahir di Tbilisi.")
    assert [(f.kind, f.src_fact.text, f.tgt_fact.text) for f in findings] == [
        ("name", "Gori", "Tbilisi")
    ]


def test_names_outside_birth_and_death_places_are_left_alone() -> None:
    assert compare(
        "I mars 1913 ble han arrestert og dømt til fire år i Nord-Sibir.",
        "Ia dihukum empat tahun pengasingan di Turukhansk yang terletak di daerah yang sangat "
        "terpencil di Siberia.",
    ) == []


# --- gold pairs that agree stay silent -------------------------------------------------

AGREE = [
    (NB_LEAD, "Ia menjadi kepala negara Uni Soviet sejak pertengahan era 1920-an sampai akhir "
     "hayatnya pada tahun 1953, dengan gelar Sekretaris Jenderal Partai Komunis Uni Soviet "
     "sejak tahun 1922 sampai 1952, dan Kepala Pemerintahan Uni Soviet sejak tahun 1941 "
     "sampai 1953."),
    ("Stalin døde 5. mars 1953 i Kuntsevo utenfor Moskva.", ID_LEAD),
    ("Han var kraftig bygd, men ikke særlig høy (163 cm som voksen).",
     "Saat dewasa, tinggi badan Stalin hanya mencapai 163 cm (5 kaki 4 inci)."),
    ("Da Josef Dzjugasjvili i en alder av 15 år avsluttet sitt annet studieår ved seminaret, kom "
     "han i kontakt med de hemmelige marxistiske kretsene i seminarmiljøet.",
     "Stalin mengklaim telah menghayati ajaran Marxisme sejak usia lima belas tahun, dan "
     "ideologi tersebut memandunya sepanjang masa dewasanya."),
    ("I mars 1908 ble han arrestert og ble i september dømt til 2 år i Sibir, han rømte i juni "
     "1909 og reiste tilbake til Baku.",
     "Pada Maret 1908, Stalin ditangkap dan dikurung di Penjara Bailov."),
    ("På konferansene i Teheran (1943) og Jalta (1945) lyktes Stalin i å legge et avgjørende "
     "grunnlag for flere av de territorielle erobringer som han skulle gjennomføre i etterkant "
     "av krigen.", "Pada Februari 1945, Tiga Besar bertemu di Konferensi Yalta."),
    ("Etter et aftensmåltid som begynte 28. februar og fortsatte med tett drikking hele natten "
     "brøt Stalin sammen i sitt rom den 1. mars 1953.",
     "Pada tanggal 1 Maret 1953, Stalin ditemukan setengah sadar di lantai kamar tidur dachanya "
     "di Volynskoe."),
]


@pytest.mark.parametrize(("nb", "id_"), AGREE)
def test_agreeing_pairs_give_no_finding(nb: str, id_: str) -> None:
    assert in_seed("nb", nb) and in_seed("id", id_)
    assert compare(nb, id_) == []


# --- explanations ----------------------------------------------------------------------


def test_formats_for_editors() -> None:
    assert format_date(PartialDate(1878, 12, 18)) == "18 December 1878"
    assert format_date(PartialDate(1872, 5)) == "May 1872"
    assert format_date(PartialDate(1920, decade=True)) == "the 1920s"
    assert format_number(NumberInterval(1.5e6, 1.5e6, approximate=True)) == "about 1.5 million"
    assert format_number(NumberInterval(786098, 786098, unit="people")) == "786,098 people"
    assert format_number(NumberInterval(5e6, 7e6)) == "5–7 million"
    assert format_number(NumberInterval(7e5, float("inf"), at_least=True)) == "at least 700,000"


# --- invariants ------------------------------------------------------------------------

NB_BITS = [
    "Han ble født", "Han døde", "ble arrestert", "henrettet", "i hungersnøden", "minst",
    "omtrent", "rundt", "i", "mai 1901", "18. desember 1878",
    "6. desemberjul./ 18. desember 1878greg.", "(1879–1953)", "fra 1924 til 1953", "1930-årene",
    "1,5 millioner mennesker", "700 000", "6-7 millioner", "seks millioner", "15 år gammel",
    "44 prosent", "i Gori", "Tbilisi", "Josef Stalin", "Lenin", ",", "og", "1878", "1879",
]
ID_BITS = [
    "Ia lahir", "wafat", "ditangkap", "dihukum mati", "kelaparan", "sekitar", "lebih dari",
    "pada", "Maret 1901", "18 Desember 1878", "18 Desember [K.J.: 6 Desember] 1878",
    "(18 Desember 1878 – 5 Maret 1953)", "sejak tahun 1922 sampai 1952", "era 1920-an",
    "700.000 orang", "lima hingga tujuh juta", "sejuta", "berusia 15 tahun", "44 persen",
    "di Gori", "Tbilisi", "Josef Stalin", "Lenin", ",", "dan", "1878", "1879",
]


def sentences(bits: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(bits), min_size=1, max_size=9).map(" ".join)


def findings_between(a: str, a_lang: str, b: str, b_lang: str, scope: Scope) -> list[Finding]:
    return compare(a, b, a_lang, b_lang, scope=scope, score=0.7)


def signature(findings: list[Finding], *, swapped: bool = False) -> set[tuple[object, ...]]:
    return {
        (
            (f.tgt_fact, f.src_fact) if swapped else (f.src_fact, f.tgt_fact),
            f.kind,
            f.severity,
            f.confidence,
        )
        for f in findings
    }


@settings(max_examples=250, deadline=None, derandomize=True)
@given(st.one_of(
    st.tuples(st.just("nb"), sentences(NB_BITS)), st.tuples(st.just("id"), sentences(ID_BITS))
))
def test_a_sentence_agrees_with_itself(case: tuple[str, str]) -> None:
    code, text = case
    assert findings_between(text, code, text, code, "cross") == []
    assert findings_between(text, code, text, code, "internal") == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(sentences(NB_BITS), sentences(ID_BITS), st.sampled_from(["cross", "internal"]))
def test_comparison_is_symmetric(nb: str, id_: str, scope: Scope) -> None:
    forward = findings_between(nb, "nb", id_, "id", scope)
    backward = findings_between(id_, "id", nb, "nb", scope)
    assert signature(forward) == signature(backward, swapped=True)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(sentences(NB_BITS), sentences(NB_BITS))
def test_comparison_is_symmetric_within_one_language(a: str, b: str) -> None:
    assert signature(findings_between(a, "nb", b, "nb", "internal")) == signature(
        findings_between(b, "nb", a, "nb", "internal"), swapped=True
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(["nb", "id"]), st.text(max_size=80))
def test_extract_facts_never_raises_and_offsets_are_inside(code: str, text: str) -> None:
    facts = extract_facts(text, load_language(code))
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.text
    assert list(facts) == sorted(facts, key=lambda f: f.start)
    for kind in ("date", "number", "name"):
        spans = [(f.start, f.end) for f in facts if f.kind == kind]
        assert all(a[1] <= b[0] for a, b in pairwise(spans))
