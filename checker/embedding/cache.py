"""An on-disk embedding cache, so a re-run embeds only sentences it has not seen.

Vectors are stored in one SQLite file per model, keyed by the SHA-256 of the
sentence text. SQLite gives atomic writes and safe concurrent readers for
free; a damaged file is logged, deleted and rebuilt rather than trusted.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from checker.embedding import Embeddings, Encoder, ProgressCallback

log = logging.getLogger(__name__)


def text_key(text: str) -> str:
    """The cache key of one sentence."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedEncoder:
    """Wraps an ``Encoder``; texts already in the cache are not re-embedded.

    >>> # CachedEncoder(default_encoder(), Path("~/.cache/checker/embeddings"))
    """

    def __init__(self, inner: Encoder, cache_root: Path) -> None:
        self._inner = inner
        model_key = hashlib.sha256(inner.name.encode("utf-8")).hexdigest()[:16]
        self._path = cache_root / f"{model_key}.sqlite"
        #: How many texts the last ``encode`` call had to embed (for logs and benchmarks).
        self.last_misses = 0

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def path(self) -> Path:
        return self._path

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        keys = [text_key(text) for text in texts]
        found = self._lookup(sorted(set(keys)))
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        self.last_misses = len(missing)
        if progress is not None and len(texts) > len(missing):
            progress(len(texts) - len(missing))
        if missing:
            vectors = self._inner.encode([text for _, text in missing], progress)
            new = {key: vectors[i] for i, (key, _) in enumerate(missing)}
            self._store(new)
            found.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)

    def _connect(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self._path, timeout=30)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)"
        )
        return connection

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        if not keys:
            return {}
        try:
            return self._read(keys)
        except sqlite3.DatabaseError as error:
            log.warning("embedding cache %s is damaged (%s); rebuilding it", self._path, error)
            self._path.unlink(missing_ok=True)
            return {}

    def _read(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        connection = self._connect()
        try:
            for begin in range(0, len(keys), 500):
                chunk = keys[begin : begin + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk
                )
                for key, dim, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape == (dim,):
                        found[key] = vector
        finally:
            connection.close()
        return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        try:
            connection = self._connect()
            try:
                with connection:
                    connection.executemany(
                        "INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)",
                        [
                            (
                                key,
                                int(vector.shape[0]),
                                np.asarray(vector, dtype=np.float32).tobytes(),
                            )
                            for key, vector in sorted(vectors.items())
                        ],
                    )
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            # The run can go on without a cache; it will only be slower next time.
            log.warning("could not write embedding cache %s: %s", self._path, error)
