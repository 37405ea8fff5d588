"""A small deterministic encoder for unit tests that must not depend on a model.

Texts become bags of character trigrams hashed into a fixed number of
dimensions: similar strings get similar vectors, and the same text always the
same vector. Tests of behaviour that depends on the real model use the real one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np


class TrigramEncoder:
    """Deterministic stand-in for a sentence-transformers model."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls: list[int] = []

    @property
    def name(self) -> str:
        return f"test-trigram-{self.dim}"

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        self.calls.append(len(texts))
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                rows[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            norm = np.linalg.norm(rows[row])
            rows[row] = rows[row] / norm if norm else rows[row]
        if progress is not None:
            progress(len(texts))
        return rows
