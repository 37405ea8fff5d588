"""Outliers from hand-built pair results: which edition is the odd one out, and why.

No model and no alignment run here: each pair's result is written out (its
aligned sentences and its findings), so each test says exactly what the pairs
found and checks what the outlier stage makes of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.extract import extract_facts
from checker.fingerprint import assign_finding_ids
from checker.languages import available_languages, load_language
from checker.outliers import find_outliers, same_fact
from checker.records import (
    AlignedPair,
    Alignment,
    Article,
    CheckResult,
    Fact,
    Finding,
    PartialDate,
    RunInfo,
    Sentence,
)

pytestmark = pytest.mark.skipif(
    not {"nb", "id", "en"} <= set(available_languages()), reason="needs nb, id and en data files"
)

LEADS = {
    "nb": "Josef Stalin (1879–1953) var en sovjetisk politiker.",
    "id": "Josef Stalin (18 Desember 1878 – 5 Maret 1953) adalah seorang politikus Soviet.",
    "en": "Joseph Stalin (18 December 1878 – 5 March 1953) was a Soviet politician.",
}
DEATHS = {
    "nb": "Stalin døde i Moskva den 5. mars 1953.",
    "id": "Stalin meninggal di Moskwa pada 5 Maret 1953.",
    "en": "Stalin died in Moscow on 5 March 1953.",
}


def article(lang: str, *texts: str) -> Article:
    sentences = tuple(
        Sentence(index=i, text=text, line=i + 1, start=0, section="")
        for i, text in enumerate(texts)
    )
    return Article(Path(f"{lang}.txt"), lang, sentences, "0" * 64)


def fact(art: Article, index: int, text: str) -> Fact:
    facts = extract_facts(art.sentences[index].text, load_language(art.lang))
    return next(f for f in facts if f.text == text)


def finding(src: Article, i: int, a: str, tgt: Article, j: int, b: str, **kw: object) -> Finding:
    fields: dict[str, object] = {
        "severity": "hard",
        "confidence": 0.9,
        "explanation": "differs",
    }
    fields.update(kw)
    return Finding(
        scope="cross",
        kind=fact(src, i, a).kind,
        src_lang=src.lang,
        tgt_lang=tgt.lang,
        src_fact=fact(src, i, a),
        tgt_fact=fact(tgt, j, b),
        src_sentence=src.sentences[i],
        tgt_sentence=tgt.sentences[j],
        alignment_score=0.9,
        **fields,  # type: ignore[arg-type]
    )


def result(
    src: Article,
    tgt: Article,
    findings: tuple[Finding, ...] = (),
    aligned: tuple[tuple[int, int], ...] = ((0, 0),),
    score: float = 0.9,
) -> CheckResult:
    pairs = tuple(AlignedPair(i, j, score, score) for i, j in aligned)
    run = RunInfo("0", "m", src.lang, tgt.lang, str(src.path), str(tgt.path), "0" * 64, "0" * 64)
    alignment = Alignment(pairs, (), (), {})
    return CheckResult(src, tgt, alignment, assign_finding_ids(findings), run)


@pytest.fixture
def editions() -> dict[str, Article]:
    return {lang: article(lang, LEADS[lang], DEATHS[lang]) for lang in ("nb", "id", "en")}


NB_BIRTH = "1879–1953"
ID_BIRTH = "18 Desember 1878 – 5 Maret 1953"
EN_BIRTH = "18 December 1878 – 5 March 1953"


def test_one_edition_against_two_is_an_outlier_named_in_words(
    editions: dict[str, Article],
) -> None:
    nb, id_, en = editions["nb"], editions["id"], editions["en"]
    results = [
        result(nb, id_, (finding(nb, 0, NB_BIRTH, id_, 0, ID_BIRTH),)),
        result(nb, en, (finding(nb, 0, NB_BIRTH, en, 0, EN_BIRTH, confidence=0.8),)),
        result(id_, en),
    ]
    (outlier,) = find_outliers(results)
    assert outlier.outlier.lang == "nb"
    assert outlier.agreeing_langs == ("en", "id")
    assert outlier.kind == "date" and outlier.slot == "lifespan"
    assert outlier.explanation == (
        "The Norwegian Bokmål edition dates the birth to 1879; "
        "the English and Indonesian editions give 18 December 1878."
    )
    assert outlier.values_by_lang() == {"en": EN_BIRTH, "id": ID_BIRTH, "nb": NB_BIRTH}
    assert outlier.confidence == 0.9  # the strongest pair finding behind it
    assert len(outlier.pair_findings) == 2
    assert outlier.finding_id.startswith("O-") and len(outlier.finding_id) == 14


def test_a_third_edition_found_through_the_alignment_alone_settles_it(
    editions: dict[str, Article],
) -> None:
    """nb–en found nothing (a missed pair), but en's aligned lead agrees with id."""
    nb, id_, en = editions["nb"], editions["id"], editions["en"]
    results = [
        result(nb, id_, (finding(nb, 0, NB_BIRTH, id_, 0, ID_BIRTH),)),
        result(nb, en, aligned=()),
        result(id_, en),
    ]
    (outlier,) = find_outliers(results)
    assert (outlier.outlier.lang, outlier.agreeing_langs) == ("nb", ("en", "id"))


def test_the_odd_edition_can_be_either_side_of_the_finding(
    editions: dict[str, Article],
) -> None:
    nb, id_, en = editions["nb"], editions["id"], editions["en"]
    # Pairs in the other orientation too: the stage never assumes which is source.
    results = [
        result(id_, nb, (finding(id_, 0, ID_BIRTH, nb, 0, NB_BIRTH),)),
        result(en, nb, (finding(en, 0, EN_BIRTH, nb, 0, NB_BIRTH),)),
        result(en, id_),
    ]
    (outlier,) = find_outliers(results)
    assert outlier.outlier.lang == "nb"


def test_no_outlier_when_the_third_edition_is_silent_or_gives_a_third_value() -> None:
    nb = article("nb", "Han ble født i 1879.")
    id_ = article("id", "Ia lahir pada tahun 1878.")
    silent = article("en", "He was a Soviet politician.")
    results = [
        result(nb, id_, (finding(nb, 0, "1879", id_, 0, "1878"),)),
        result(nb, silent),
        result(id_, silent),
    ]
    assert find_outliers(results) == ()

    third = article("en", "He was born in 1880.")
    results = [
        result(nb, id_, (finding(nb, 0, "1879", id_, 0, "1878"),)),
        result(nb, third, (finding(nb, 0, "1879", third, 0, "1880"),)),
        result(id_, third, (finding(id_, 0, "1878", third, 0, "1880"),)),
    ]
    assert find_outliers(results) == ()


def test_a_weakly_aligned_sentence_does_not_count_as_agreement() -> None:
    nb = article("nb", "Han ble født i 1879.")
    id_ = article("id", "Ia lahir pada tahun 1878.")
    en = article("en", "He was born in 1878.")
    results = [
        result(nb, id_, (finding(nb, 0, "1879", id_, 0, "1878"),)),
        result(nb, en, aligned=()),
        result(id_, en, score=0.1),
    ]
    assert find_outliers(results) == ()
    results[2] = result(id_, en, score=0.6)
    (outlier,) = find_outliers(results)
    assert outlier.explanation == (
        "The Norwegian Bokmål edition dates the birth to 1879; "
        "the English and Indonesian editions give 1878."
    )


def test_internal_findings_are_not_outliers(editions: dict[str, Article]) -> None:
    nb, id_, en = editions["nb"], editions["id"], editions["en"]
    internal = finding(nb, 0, NB_BIRTH, nb, 0, NB_BIRTH)
    results = [
        result(nb, id_, (Finding(**{**internal.__dict__, "scope": "internal"}),)),
        result(nb, en),
        result(id_, en),
    ]
    assert find_outliers(results) == ()


def test_the_id_is_made_of_values_not_of_where_they_stand(
    editions: dict[str, Article],
) -> None:
    nb, id_, en = editions["nb"], editions["id"], editions["en"]

    def outlier_id(nb_article: Article) -> str:
        (outlier,) = find_outliers(
            [
                result(nb_article, id_, (finding(nb_article, 0, NB_BIRTH, id_, 0, ID_BIRTH),)),
                result(nb_article, en, (finding(nb_article, 0, NB_BIRTH, en, 0, EN_BIRTH),)),
                result(id_, en),
            ]
        )
        return outlier.finding_id

    first = outlier_id(nb)
    edited = article(
        "nb", "Josef Vissarionovitsj Stalin (1879–1953) var en georgisk-sovjetisk leder."
    )
    assert outlier_id(edited) == first
    changed = article("nb", "Josef Stalin (1880–1953) var en sovjetisk politiker.")
    other = find_outliers(
        [
            result(changed, id_, (finding(changed, 0, "1880–1953", id_, 0, ID_BIRTH),)),
            result(changed, en, (finding(changed, 0, "1880–1953", en, 0, EN_BIRTH),)),
            result(id_, en),
        ]
    )
    assert other[0].finding_id != first


def test_same_fact_needs_comparable_slots_or_a_lone_value() -> None:
    birth = Fact("date", "1878", 0, 4, PartialDate(1878), "birth")
    death = Fact("date", "1953", 0, 4, PartialDate(1953), "death")
    bare = Fact("date", "1878", 0, 4, PartialDate(1878))
    other = Fact("date", "1890", 8, 12, PartialDate(1890))
    assert same_fact(birth, [birth], birth, [birth])
    assert not same_fact(birth, [birth], death, [death])
    assert not same_fact(birth, [birth], bare, [bare])  # one side says what, the other not
    assert same_fact(bare, [bare], bare, [bare])
    assert not same_fact(bare, [bare], bare, [bare, other])  # which of two dates?
