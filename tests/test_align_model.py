"""The aligner on the seed articles with the real model: real sentence pairs."""

from __future__ import annotations

import numpy as np
import pytest

from checker.align import evidence
from checker.config import AlignConfig, CheckConfig
from checker.embedding import Encoder
from checker.pipeline import check_pair, make_encoder
from checker.records import CheckResult
from tests.helpers import SEEDS

pytestmark = pytest.mark.model

#: Sentences of the two seeds that make the same claim (beginnings of each),
#: from every part of the articles: birth, a robbery, exile, war, death, legacy.
SAME_CLAIM = [
    ("Josef Dzjugasjvili ble født 6.", "Stalin dilahirkan dengan nama Ioseb Jughashvili"),
    ("Okhranas arkiver viser at omkring 40 personer", "Sekitar 40 orang tewas"),
    ("I mars 1913 ble han arrestert og dømt til fire år", "Ia dihukum empat tahun pengasingan"),
    ("Offisielt ble dødsårsaken fastsatt til hjerneblødning", "Hasil otopsi menunjukkan bahwa"),
    ("Det er blitt hevdet at Stalin ble myrdet", "Terdapat kemungkinan bahwa Stalin dibunuh"),
    ("Han påpekte at Stalin hadde konsentrert", "Ia mengkritik perilaku Stalin yang kasar"),
    ("Det gikk rykter om at dødsårsaken var blindtarm", "Nadya dikatakan meninggal akibat usus"),
    ("Et forsøk på å okkupere Finland", "Berdasarkan perjanjian tersebut, Uni Soviet memperoleh"),
    ("Etter annen verdenskrig klarte Sovjetunionen raskt", "Seusai Perang Dunia II, Uni Soviet"),
    ("Stalin modererte for en periode også mange av", "Stalin juga menjadi lebih toleran"),
]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return make_encoder(CheckConfig())


@pytest.fixture(scope="module")
def seed_check(encoder: Encoder) -> CheckResult:
    return check_pair(
        SEEDS / "nb.txt", SEEDS / "id.txt", src_lang="nb", tgt_lang="id", encoder=encoder
    )


def index_pair(result: CheckResult, src_start: str, tgt_start: str) -> tuple[int, int]:
    (i,) = [s.index for s in result.src.sentences if s.text.startswith(src_start)]
    (j,) = [t.index for t in result.tgt.sentences if tgt_start in t.text]
    return i, j


def test_real_pairs_are_aligned(seed_check: CheckResult) -> None:
    kept = {(p.src, p.tgt) for p in seed_check.alignment.pairs}
    missing = [pair for pair in SAME_CLAIM if index_pair(seed_check, *pair) not in kept]
    assert missing == []


def test_removing_the_language_bias_ranks_real_partners_higher(
    seed_check: CheckResult, encoder: Encoder
) -> None:
    """Without it, a Norwegian sentence is about as close to every Indonesian one."""
    src = encoder.encode([s.text for s in seed_check.src.sentences])
    tgt = encoder.encode([t.text for t in seed_check.tgt.sentences])
    pairs = [index_pair(seed_check, *pair) for pair in SAME_CLAIM]

    def ranks(config: AlignConfig) -> list[int]:
        scores = evidence(src, tgt, config=config)
        return [int((scores[i] > scores[i, j]).sum()) for i, j in pairs]

    raw = ranks(AlignConfig(bias_min_sentences=10**9))
    cleaned = ranks(AlignConfig())
    reciprocal = [float(np.mean([1 / (1 + r) for r in rs])) for rs in (raw, cleaned)]
    assert reciprocal[1] > reciprocal[0]
    assert max(cleaned) <= 3 < max(raw)


def test_a_figure_the_best_target_lacks_comes_from_its_paragraph(seed_check: CheckResult) -> None:
    """The 1.5 million executed (nb) meet the 700,000 shot (id), which the Indonesian
    article gives in the sentence after the dates."""
    i, j = index_pair(
        seed_check, "Mellom september 1936 og desember 1938", "700.000 orang ditembak"
    )
    pair = next(p for p in seed_check.alignment.pairs if (p.src, p.tgt) == (i, j))
    assert pair.via == "claim"
    assert pair.score < 0.5  # what the score alone would not have kept


def test_scores_are_probabilities_and_runners_up_are_listed(seed_check: CheckResult) -> None:
    alignment = seed_check.alignment
    assert all(0.0 <= p.score <= 1.0 for p in alignment.pairs)
    assert alignment.unaligned_src  # not everything is aligned to something
    i, _ = index_pair(seed_check, *SAME_CLAIM[0])
    runners = alignment.candidates[i]
    assert len(runners) == AlignConfig().candidates
    assert [c.score for c in runners] == sorted((c.score for c in runners), reverse=True)
