"""The aligner on hand-built embeddings: no model, exact expectations."""

from __future__ import annotations

import numpy as np
import pytest

from checker.align import align, anchor_matrix, calibrate, margin_matrix, select_pairs
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
    result = align(src, tgt, config=AlignConfig(threshold=0.8))
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
    without = align(src, tgt, config=AlignConfig(second_match_gap=0.0))
    assert [(p.src, p.tgt) for p in without.pairs if p.src == 0] == [(0, 0)]
    anchors_src = [frozenset({"year:1878"}), frozenset()]
    anchors_tgt = [frozenset(), frozenset({"year:1878"}), frozenset()]
    with_anchor = align(
        src,
        tgt,
        src_anchors=anchors_src,
        tgt_anchors=anchors_tgt,
        config=AlignConfig(second_match_gap=0.0),
    )
    assert (0, 1) in {(p.src, p.tgt) for p in with_anchor.pairs}


def test_one_to_two_match_when_second_is_nearly_as_good() -> None:
    score = np.asarray([[0.90, 0.88, 0.10]], dtype=np.float32)
    result = select_pairs(score, score, AlignConfig(threshold=0.5, second_match_gap=0.05))
    assert [(p.src, p.tgt) for p in result.pairs] == [(0, 0), (0, 1)]


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
    calibrated = calibrate(values)
    assert np.all(np.diff(calibrated) >= 0)
    assert calibrated.min() >= 0.0 and calibrated.max() <= 1.0


def test_empty_article_aligns_nothing() -> None:
    empty = np.zeros((0, 3), dtype=np.float32)
    result = align(empty, np.eye(3, dtype=np.float32))
    assert result.pairs == () and result.unaligned_tgt == (0, 1, 2)
