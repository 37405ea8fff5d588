"""The aligner on hand-built embeddings: no model, exact expectations."""

from __future__ import annotations

import numpy as np
import pytest

from checker.align import (
    ClaimCompletion,
    align,
    anchor_matrix,
    calibrate,
    margin_matrix,
    remove_language_bias,
    select_pairs,
)
from checker.config import AlignConfig


def unit_rows(*rows: list[float]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_identical_embeddings_align_one_to_one() -> None:
    eye = np.eye(4, dtype=np.float32)
    result = align(eye, eye)
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert result.unaligned_src == () and result.unaligned_tgt == ()


def test_order_does_not_matter() -> None:
    """Comparable articles put claims in any order; retrieval must not assume monotony."""
    eye = np.eye(4, dtype=np.float32)
    shuffled = eye[[2, 0, 3, 1]]
    result = align(eye, shuffled)
    assert sorted((p.src, p.tgt) for p in result.pairs) == [(0, 1), (1, 3), (2, 0), (3, 2)]


def normalise(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def sentence_like(count: int, seed: int, dim: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Random unit rows sharing one common direction, as real sentence embeddings do
    (multilingual-e5 puts most sentence pairs at cosine 0.75-0.85); returns (rows, common)."""
    rng = np.random.default_rng(seed)
    common = normalise(rng.standard_normal((1, dim)))
    return normalise(common * 2.0 + rng.standard_normal((count, dim)) / np.sqrt(dim)), common


def paraphrase(rows: np.ndarray, seed: int, noise: float = 0.15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return normalise(rows + noise * rng.standard_normal(rows.shape) / np.sqrt(rows.shape[1]))


def test_sentence_without_counterpart_stays_unaligned() -> None:
    rows, _ = sentence_like(22, seed=1)
    src = rows[:21]  # row 20 has no counterpart
    tgt = np.vstack([paraphrase(rows[:20], seed=2), rows[21:22]])  # tgt row 20 neither
    result = align(src, tgt, config=AlignConfig(threshold=0.3, extra_threshold=0.3))
    assert 20 in result.unaligned_src and 20 in result.unaligned_tgt
    assert {(i, i) for i in range(20)} <= {(p.src, p.tgt) for p in result.pairs}


def test_hub_sentence_does_not_capture_every_query() -> None:
    """A generic target close to everything loses to a specific match once margins apply."""
    src, common = sentence_like(20, seed=5)
    tgt = np.vstack([common, paraphrase(src, seed=6, noise=0.45)])
    raw_best = np.argmax(src @ tgt.T, axis=1)
    assert (raw_best == 0).sum() >= 3  # without correction the hub wins often
    result = align(src, tgt)
    assert {(i, i + 1) for i in range(20)} <= {(p.src, p.tgt) for p in result.pairs}
    best = {
        p.src: max((q for q in result.pairs if q.src == p.src), key=lambda q: q.score)
        for p in result.pairs
    }
    assert all(pair.tgt != 0 for pair in best.values())


def test_shared_anchor_breaks_a_near_tie() -> None:
    src = unit_rows([1, 0.5, 0.5], [0.5, 0.5, 1])
    tgt = unit_rows([1, 0.52, 0.5], [1, 0.5, 0.52], [0.5, 0.5, 1])
    without = align(src, tgt, config=AlignConfig(extra_threshold=1.0))
    assert [(p.src, p.tgt) for p in without.pairs if p.src == 0] == [(0, 0)]
    anchors_src = [frozenset({"year:1878"}), frozenset()]
    anchors_tgt = [frozenset(), frozenset({"year:1878"}), frozenset()]
    with_anchor = align(
        src,
        tgt,
        src_anchors=anchors_src,
        tgt_anchors=anchors_tgt,
        config=AlignConfig(extra_threshold=1.0),
    )
    assert (0, 1) in {(p.src, p.tgt) for p in with_anchor.pairs}


def test_one_to_two_match_when_the_second_is_good_on_its_own() -> None:
    score = np.asarray([[0.90, 0.60, 0.10]], dtype=np.float32)
    result = select_pairs(score, score, AlignConfig(threshold=0.5, extra_threshold=0.5))
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0), (0, 1)]


def test_a_close_but_weak_second_target_is_not_kept() -> None:
    """Extra pairs stand on their own score, not on their distance to the best."""
    score = np.asarray([[0.30, 0.29, 0.10]], dtype=np.float32)
    result = select_pairs(score, score, AlignConfig(threshold=0.2, extra_threshold=0.5))
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0)]


def test_no_source_sentence_gets_more_than_max_targets() -> None:
    score = np.asarray([[0.9, 0.8, 0.7, 0.6]], dtype=np.float32)
    result = select_pairs(
        score, score, AlignConfig(threshold=0.5, extra_threshold=0.5, max_targets=2)
    )
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0), (0, 1)]


def test_two_source_sentences_may_share_a_target() -> None:
    """Two-to-one: one target sentence says what the source says in two."""
    score = np.asarray([[0.9, 0.1], [0.7, 0.2]], dtype=np.float32)
    result = select_pairs(score, score, AlignConfig(threshold=0.5, extra_threshold=0.5))
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0), (1, 0)]


def test_claim_completion_within_the_paragraph_and_from_runners_up() -> None:
    """A source sentence whose best target lacks its figure is also paired with the
    paragraph's sentence that has it; a claim of one event may also come from a close
    runner-up in another paragraph, a bare claim kind may not."""
    score = np.asarray([[0.9, 0.02, 0.04, 0.03]], dtype=np.float32)
    config = AlignConfig(threshold=0.5, extra_threshold=0.5, completion_threshold=0.01)

    def pairs(src_claims: frozenset[str], tgt_claims: list[frozenset[str]]) -> list[tuple]:
        completion = ClaimCompletion([src_claims], tgt_claims, tgt_groups=[7, 7, 8, 9])
        result = select_pairs(score, score, config, completion)
        return [(p.tgt, p.via) for p in result.pairs]

    empty = frozenset[str]()
    people = frozenset({"number:people", "number:people@executions"})
    # Same paragraph (group 7): the figure comes from target 1.
    assert pairs(people, [frozenset({"date"}), people, empty, empty]) == [
        (0, "retrieval"),
        (1, "claim"),
    ]
    # Another paragraph: only a claim with its event slot, from a runner-up.
    assert pairs(people, [frozenset({"date"}), empty, people, empty]) == [
        (0, "retrieval"),
        (2, "claim"),
    ]
    bare = frozenset({"number:people"})
    assert pairs(bare, [frozenset({"date"}), empty, bare, empty]) == [(0, "retrieval")]


def test_language_bias_removal_restores_retrieval_under_a_shared_offset() -> None:
    """Each article's embeddings share a direction of their own (the language);
    it swamps the content until removed."""
    rng = np.random.default_rng(3)
    content = normalise(rng.standard_normal((60, 32)))
    src_language, tgt_language = normalise(rng.standard_normal((2, 32)))
    src = normalise(content + 3.0 * src_language)
    tgt = normalise(paraphrase(content, seed=4, noise=0.6) + 3.0 * tgt_language)
    raw_hits = int((np.argmax(src @ tgt.T, axis=1) == np.arange(60)).sum())
    cleaned = remove_language_bias(src, 1) @ remove_language_bias(tgt, 1).T
    assert int((np.argmax(cleaned, axis=1) == np.arange(60)).sum()) > raw_hits
    assert np.allclose(np.linalg.norm(remove_language_bias(src, 1), axis=1), 1.0, atol=1e-5)


def test_language_bias_removal_does_not_depend_on_sign_or_row_order() -> None:
    rows, _ = sentence_like(50, seed=8)
    cleaned = remove_language_bias(rows, 1)
    order = np.random.default_rng(0).permutation(50)
    assert np.allclose(remove_language_bias(rows[order], 1), cleaned[order], atol=1e-5)


def test_short_articles_keep_their_raw_embeddings() -> None:
    """With a handful of sentences the mean is the content itself: no removal."""
    eye = np.eye(3, dtype=np.float32)
    result = align(eye, eye, config=AlignConfig(bias_min_sentences=4))
    assert [round(p.score, 6) for p in result.pairs] == [
        round(p.score, 6) for p in align(eye, eye, config=AlignConfig(bias_min_sentences=99)).pairs
    ]
    assert [p.similarity for p in result.pairs] == [1.0, 1.0, 1.0]


def test_threshold_drops_weak_pairs_and_keeps_candidates() -> None:
    score = np.asarray([[0.9, 0.3, 0.2], [0.1, 0.2, 0.3]], dtype=np.float32)
    result = select_pairs(score, score, AlignConfig(threshold=0.5, candidates=2))
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0)]
    assert result.unaligned_src == (1,)
    assert [c.tgt for c in result.candidates[0]] == [1, 2]


def test_margin_subtracts_neighbourhood_mean() -> None:
    similarity = np.asarray([[0.9, 0.5], [0.5, 0.9]], dtype=np.float32)
    margin = margin_matrix(similarity, k=2)
    assert margin[0, 0] == pytest.approx(0.9 - 0.7)
    assert margin[0, 1] == pytest.approx(0.5 - 0.7)


def test_rare_anchor_weighs_more_than_common_one() -> None:
    src = [frozenset({"name:gori", "number:700000"})] + [frozenset({"name:gori"})] * 5
    tgt = [frozenset({"name:gori", "number:700000"})] + [frozenset({"name:gori"})] * 5
    src, tgt = src + [frozenset()] * 20, tgt + [frozenset()] * 20
    weights = anchor_matrix(src, tgt)
    assert weights[0, 0] > 2 * weights[1, 1] > 0


def test_calibration_is_monotone_and_bounded() -> None:
    values = np.linspace(-1, 1, 50, dtype=np.float32)
    calibrated = calibrate(values, AlignConfig())
    assert np.all(np.diff(calibrated) >= 0)
    assert calibrated.min() >= 0.0 and calibrated.max() <= 1.0


def test_empty_article_aligns_nothing() -> None:
    empty = np.zeros((0, 3), dtype=np.float32)
    result = align(empty, np.eye(3, dtype=np.float32))
    assert result.pairs == () and result.unaligned_tgt == (0, 1, 2)
