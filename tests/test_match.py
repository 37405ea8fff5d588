"""Fact matching: contexts without their values, value-blind evidence, agreeing counterparts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.compare import facts_agree, facts_restate, slots_comparable
from checker.config import CheckConfig, MatchConfig
from checker.extract import extract_facts
from checker.languages import load_language
from checker.match import (
    FactSite,
    MatchInputs,
    Scorer,
    fact_context,
    fact_sites,
    value_neutral_evidence,
)
from checker.pipeline import fact_anchor, fact_anchors
from checker.records import Fact, PartialDate, Sentence


def test_context_is_the_words_around_the_value_without_it() -> None:
    text = "I mars 1908 ble han arrestert og ble i september dømt til 2 år i Sibir."
    (date,) = [f for f in extract_facts(text, load_language("nb")) if f.text == "mars 1908"]
    context = fact_context(text, date)
    assert "1908" not in context
    assert context.startswith("I ble han arrestert")
    assert len(context.split()) <= 7


def _sites(texts: list[str], lang: str) -> tuple[list[Sentence], list[tuple[Fact, ...]]]:
    data = load_language(lang)
    sentences = [Sentence(i, text, i + 1, 0, "") for i, text in enumerate(texts)]
    return sentences, [extract_facts(s.text, data) for s in sentences]


def _inputs(
    src_texts: list[str],
    tgt_texts: list[str],
    contexts: np.ndarray,
    langs: tuple[str, str] = ("nb", "id"),
) -> MatchInputs:
    """Matching inputs for hand-built articles: every sentence pair equally alike."""
    src_sentences, src_facts = _sites(src_texts, langs[0])
    tgt_sentences, tgt_facts = _sites(tgt_texts, langs[1])
    src_sites = fact_sites(src_sentences, src_facts)
    tgt_sites = fact_sites(tgt_sentences, tgt_facts)
    src_anchors = [fact_anchors(f) for f in src_facts]
    tgt_anchors = [fact_anchors(f) for f in tgt_facts]
    return MatchInputs(
        src_sites=src_sites,
        tgt_sites=tgt_sites,
        sentence_evidence=np.zeros((len(src_texts), len(tgt_texts)), dtype=np.float32),
        src_anchors=src_anchors,
        tgt_anchors=tgt_anchors,
        weights={a: 0.5 for anchors in (*src_anchors, *tgt_anchors) for a in anchors},
        anchors_of=fact_anchor,
        src_contexts=contexts[: len(src_sites)],
        tgt_contexts=contexts[len(src_sites) : len(src_sites) + len(tgt_sites)],
        related_slots=slots_comparable,
    )


def _rows(sites: list[FactSite] | tuple[FactSite, ...], text: str) -> int:
    return next(site.row for site in sites if site.fact.text == text)


def test_a_changed_value_leaves_the_pair_evidence_as_it_was() -> None:
    """Value-blind evidence: the compared values' own anchors never count, shared or not."""
    src = ["I 1904 giftet han seg med Kato Svanidze i Tbilisi."]
    same = ["Pada tahun 1904, ia menikahi Kato Svanidze di Tbilisi."]
    moved = ["Pada tahun 1909, ia menikahi Kato Svanidze di Tbilisi."]
    contexts = np.eye(8, dtype=np.float32)
    evidence = {}
    for label, tgt, year in (("same", same, "1904"), ("moved", moved, "1909")):
        inputs = _inputs(src, tgt, contexts)
        scorer = Scorer(inputs, MatchConfig())
        i = _rows(list(inputs.src_sites), "1904")
        j = _rows(list(inputs.tgt_sites), year)
        evidence[label] = scorer.sentence_evidence(i, j)
    assert evidence["same"] == pytest.approx(evidence["moved"])
    # The shared names still count: the evidence is more than the bare sentence evidence.
    assert evidence["moved"] > 0


def test_value_neutral_evidence_counts_a_near_value_as_shared() -> None:
    """The pairs compared: a year moved by a few years, or a figure doubled, keeps the pair's
    evidence; a year decades away does not."""
    filler = [frozenset({f"year:{1800 + n}", f"name:other{n}"}) for n in range(6)]
    src = [frozenset({"year:1904", "date:1904", "name:svani"}), *filler]
    base = np.zeros((len(src), len(src)), dtype=np.float32)

    def neutral(*tgt: str) -> float:
        return float(value_neutral_evidence(base, src, [frozenset(tgt), *filler], 0.06)[0, 0])

    same = neutral("year:1904", "date:1904", "name:svani")
    assert same > 0
    assert neutral("year:1909", "date:1909", "name:svani") == pytest.approx(same, rel=0.2)
    assert neutral("year:1948", "date:1948", "name:svani") < 0.7 * same
    figures = [frozenset({"number:700000"}), *filler]
    doubled = value_neutral_evidence(base, figures, [frozenset({"number:1400000"}), *filler], 0.06)
    tenfold = value_neutral_evidence(base, figures, [frozenset({"number:7000000"}), *filler], 0.06)
    assert doubled[0, 0] > 0
    assert tenfold[0, 0] == 0


def test_an_agreeing_counterpart_of_the_same_event_elsewhere_is_found() -> None:
    """Repeated events: the target states the source's arrest date in another sentence."""
    src = ["I mars 1910 ble han arrestert igjen."]
    tgt = [
        "Pada Mei 1912, ia ditangkap lagi.",
        "Pada Maret 1910, ia ditangkap lagi.",
        "Pada Maret 1910, ia menikah.",
    ]
    contexts = np.tile(np.eye(1, 8, dtype=np.float32), (8, 1))  # every context alike
    inputs = _inputs(src, tgt, contexts)
    scorer = Scorer(inputs, MatchConfig())
    i = _rows(list(inputs.src_sites), "mars 1910")
    may = _rows(list(inputs.tgt_sites), "Mei 1912")
    assert scorer.agreeing(i, may, facts_agree) > 0
    # Only a fact of the same event agrees: drop the arrest, keep the marriage.
    inputs = _inputs(src, [tgt[0], tgt[2]], contexts)
    scorer = Scorer(inputs, MatchConfig())
    i = _rows(list(inputs.src_sites), "mars 1910")
    may = _rows(list(inputs.tgt_sites), "Mei 1912")
    assert scorer.agreeing(i, may, facts_agree) == 0.0


def test_an_agreeing_counterpart_counts_unless_it_names_another_event() -> None:
    """An event word is often on one side only ("invading the south in June 1950" /
    "memulai Perang Korea pada Juni 1950"), so an agreeing statement counts whenever
    the two facts do not name two different events; the match score says how well."""
    src = ["Pada Oktober 1927, Zinoviev dan Trotsky dikeluarkan dari Komite Pusat."]
    tgt = [
        "In mid-1926, Kamenev and Zinoviev joined with Trotsky's supporters.",
        "In October 1927, Zinoviev and Trotsky were removed from the Central Committee.",
    ]
    contexts = np.tile(np.eye(1, 8, dtype=np.float32), (16, 1))  # every context alike
    inputs = _inputs(src, tgt, contexts, langs=("id", "en"))
    scorer = Scorer(inputs, MatchConfig())
    i = _rows(list(inputs.src_sites), "Oktober 1927")
    mid = _rows(list(inputs.tgt_sites), "mid-1926")
    assert scorer.agreeing(i, mid, facts_restate) > 0
    # The claim names its event (an invasion), the agreeing statement none.
    src = ["Kim Il-Sung ingin menyerang Korea Selatan; ia akhirnya sepakat pada Mei 1950."]
    tgt = [
        "The North Korean Army launched the Korean War by invading the south in June 1950.",
        "Although Stalin was initially reluctant to provide support, he eventually agreed "
        "by May 1950.",
    ]
    inputs = _inputs(src, tgt, contexts, langs=("id", "en"))
    i = _rows(list(inputs.src_sites), "Mei 1950")
    june = _rows(list(inputs.tgt_sites), "June 1950")
    assert inputs.src_sites[i].fact.slot is not None
    assert inputs.tgt_sites[_rows(list(inputs.tgt_sites), "May 1950")].fact.slot is None
    assert Scorer(inputs, MatchConfig()).agreeing(i, june, facts_restate) > 0


def test_an_open_bound_far_below_a_figure_does_not_state_it() -> None:
    """"Lebih dari 11.000" can be right alongside 1.5 million executed, but it is another
    figure: it must not count as the target stating the source's figure elsewhere."""
    src = ["Mellom 1936 og 1938 ble anslagsvis 1,5 millioner mennesker henrettet."]
    tgt = [
        "Sekurang-kurangnya 700.000 orang dieksekusi.",
        "Pada tahun 1935, lebih dari 11.000 orang diusir dari Leningrad.",
    ]
    contexts = np.tile(np.eye(1, 8, dtype=np.float32), (16, 1))
    inputs = _inputs(src, tgt, contexts)
    scorer = Scorer(inputs, MatchConfig())
    i = _rows(list(inputs.src_sites), "anslagsvis 1,5 millioner")
    shot = _rows(list(inputs.tgt_sites), "Sekurang-kurangnya 700.000")
    assert scorer.agreeing(i, shot, facts_agree) > 0  # compatible: "more than" holds
    assert scorer.agreeing(i, shot, facts_restate) == 0.0


@pytest.mark.model
def test_two_stages_each_article_dates_alike_are_not_a_conflict(
    real_encoder, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Both articles date the agreement to May 1950 and the invasion to June 1950; the
    agreement in one must not be reported against the invasion in the other."""
    from checker.pipeline import check_pair

    (tmp_path / "id.txt").write_text(
        "Kim Il-Sung ingin menyerang Korea Selatan; meskipun Stalin awalnya enggan memberikan "
        "dukungan, ia akhirnya sepakat pada Mei 1950. Tentara Korea Utara kemudian memulai "
        "Perang Korea pada Juni 1950 dan mereka berhasil merebut kota Seoul dan beberapa "
        "wilayah lainnya dengan cepat.\n",
        encoding="utf-8",
    )
    (tmp_path / "en.txt").write_text(
        "North Korean leader Kim Il-sung visited Stalin in March 1949 and again in March 1950; "
        "he wanted to invade the south and although Stalin was initially reluctant to provide "
        "support, he eventually agreed by May 1950. The North Korean Army launched the Korean "
        "War by invading the south in June 1950, making swift gains and capturing Seoul.\n",
        encoding="utf-8",
    )
    result = check_pair(
        tmp_path / "id.txt", tmp_path / "en.txt", src_lang="id", tgt_lang="en",
        config=CheckConfig(internal=False), encoder=real_encoder,
    )
    assert [(f.src_fact.text, f.tgt_fact.text) for f in result.findings] == []


def test_facts_agree_compares_a_lifespan_by_its_start_or_end() -> None:
    def date(text: str, lang: str) -> Fact:
        (found,) = [f for f in extract_facts(text, load_language(lang)) if f.kind == "date"]
        return found

    life = date("Josef Stalin (1879–1953) var leder.", "nb")
    born = date("Stalin lahir pada tahun 1878.", "id")
    died = date("Stalin meninggal pada tahun 1953.", "id")
    assert life.slot == "lifespan" and born.slot == "birth" and died.slot == "death"
    assert not facts_agree(life, born)
    assert facts_agree(life, died)
    assert facts_agree(
        Fact("date", "1878", 0, 4, PartialDate(1878)),
        Fact("date", "18 Desember 1878", 0, 16, PartialDate(1878, 12, 18)),
    )


@pytest.fixture(scope="module")
def real_encoder():  # type: ignore[no-untyped-def]
    from checker.pipeline import make_encoder

    return make_encoder(CheckConfig())


@pytest.mark.model
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(shift=st.sampled_from([-7, -5, -3, -2, 2, 3, 4, 6, 7]))
def test_a_moved_year_in_a_matched_pair_is_found(
    shift: int, real_encoder, tmp_path_factory: pytest.TempPathFactory  # type: ignore[no-untyped-def]
) -> None:
    """Property: move the year of one side of a matched claim by 2-7 years, and it is found."""
    from checker.pipeline import check_pair

    folder = tmp_path_factory.mktemp("pair")
    year = 1904 + shift
    nb = (
        "Stalin giftet seg i 1904 med Jekaterina Svanidze, som døde i 1907.\n"
        "Han ble arrestert mange ganger og sendt i eksil til Sibir.\n"
    )
    id_ = (
        f"Pada tahun {year}, Stalin menikahi Ekaterina Svanidze, yang meninggal pada 1907.\n"
        "Ia berulang kali ditangkap dan diasingkan ke Siberia.\n"
    )
    (folder / "nb.txt").write_text(nb, encoding="utf-8")
    (folder / "id.txt").write_text(id_, encoding="utf-8")
    result = check_pair(
        Path(folder / "nb.txt"), Path(folder / "id.txt"), src_lang="nb", tgt_lang="id",
        encoder=real_encoder,
    )
    found = {(f.src_fact.text, f.tgt_fact.text) for f in result.findings if f.scope == "cross"}
    assert ("1904", str(year)) in found
