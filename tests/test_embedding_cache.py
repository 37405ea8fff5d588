"""The embedding cache: unchanged sentences are never embedded twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from checker.embedding.cache import CachedEncoder
from tests.fakes import TrigramEncoder


def test_second_run_embeds_nothing(tmp_path: Path) -> None:
    inner = TrigramEncoder()
    texts = ["Stalin ble født i Gori.", "Ia lahir di Gori.", "Stalin ble født i Gori."]
    first = CachedEncoder(inner, tmp_path).encode(texts)
    assert inner.calls == [2]  # the repeated sentence is embedded once
    second = CachedEncoder(inner, tmp_path).encode(texts)
    assert inner.calls == [2]
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, inner.encode(texts))


def test_only_changed_sentences_are_embedded(tmp_path: Path) -> None:
    inner = TrigramEncoder()
    cached = CachedEncoder(inner, tmp_path)
    cached.encode(["a b c", "d e f", "g h i"])
    cached.encode(["a b c", "d e F", "g h i"])
    assert inner.calls == [3, 1]
    assert cached.last_misses == 1


def test_cache_is_keyed_by_model(tmp_path: Path) -> None:
    small, large = TrigramEncoder(dim=16), TrigramEncoder(dim=32)
    assert CachedEncoder(small, tmp_path).encode(["x y"]).shape == (1, 16)
    assert CachedEncoder(large, tmp_path).encode(["x y"]).shape == (1, 32)


def test_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    inner = TrigramEncoder()
    cached = CachedEncoder(inner, tmp_path)
    cached.path.parent.mkdir(parents=True, exist_ok=True)
    cached.path.write_bytes(b"this is not a database" * 100)
    vectors = cached.encode(["one sentence"])
    assert vectors.shape == (1, inner.dim)
    assert CachedEncoder(inner, tmp_path).encode(["one sentence"]).shape == (1, inner.dim)
    assert inner.calls == [1]


def test_empty_input_needs_no_model(tmp_path: Path) -> None:
    inner = TrigramEncoder()
    assert CachedEncoder(inner, tmp_path).encode([]).shape[0] == 0
    assert inner.calls == []
