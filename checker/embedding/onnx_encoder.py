"""The default encoder: multilingual-e5-small in ONNX Runtime, with no torch installed.

The graph (``onnx_export``) returns each token's last hidden state; this
module tokenises with the ``tokenizers`` library and the converter's
tokenizer.json, runs the graph in batches of texts of similar length, and
mean-pools and normalises in numpy, as the sentence-transformers folder's
Pooling and Normalize modules do.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from checker.config import DEFAULT_MODEL, cache_dir
from checker.embedding import Embeddings, ProgressCallback, StepProgress, available_cores
from checker.embedding.onnx_export import MODEL_FILE, Quantization, ensure_onnx_model
from checker.errors import ModelError

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

#: Tokens per text, <s> and </s> included; longer texts are cut, as sentence-transformers does.
MAX_TOKENS = 512


class OnnxEncoder:
    """The default model exported to ONNX (``quantization`` ``fp32``, the default, or ``int8``).

    Nothing is built, loaded or imported until the first ``encode``: a run
    whose embeddings are all cached never imports onnxruntime. ``progress``
    shows the one-off export as a step of its own.
    """

    def __init__(
        self,
        quantization: Quantization = "fp32",
        *,
        batch_size: int = 32,
        folder: Path | None = None,
        progress: StepProgress | None = None,
    ) -> None:
        self._quantization: Quantization = quantization
        self._batch_size = batch_size
        self._folder = folder
        self._progress = progress
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    @property
    def name(self) -> str:
        """Model, backend and quantisation: the embedding cache never mixes two backends."""
        return f"{DEFAULT_MODEL}@onnx-{self._quantization}"

    def _load(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        if self._session is None or self._tokenizer is None:
            folder = self._folder or ensure_onnx_model(
                cache_dir(), self._quantization, progress=self._progress
            )
            self._tokenizer = load_tokenizer(folder / "tokenizer.json")
            self._session = load_session(folder / MODEL_FILE)
        return self._session, self._tokenizer

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        session, tokenizer = self._load()
        # Texts of similar length share a batch, so little time goes on padding;
        # token counts are what costs, so sort by them, and undo the order below.
        encodings = tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        pad = tokenizer.token_to_id("<pad>")
        pad_id = pad if pad is not None else 0  # masked out either way
        result = np.empty((len(texts), 0), dtype=np.float32)
        for begin in range(0, len(order), self._batch_size):
            batch = order[begin : begin + self._batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.full((len(batch), width), pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            (hidden,) = session.run(
                ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask}
            )
            vectors = mean_pool(np.asarray(hidden, dtype=np.float32), mask)
            if result.shape[1] == 0:
                result = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            result[np.asarray(batch)] = vectors
            if progress is not None:
                progress(len(batch))
        return result


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> Embeddings:
    """The mean of each text's token vectors (padding left out), L2-normalised."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)


def load_tokenizer(path: Path) -> Tokenizer:
    """The converter's tokenizer.json, configured as the sentence-transformers folder uses it.

    ``encode_special_tokens`` reads "<s>" or "</s>" in a text as text, as
    e5.c does (the folder's tokenizer_config sets ``split_special_tokens``
    for transformers); padding is done here, so the file's is turned off.
    """
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as error:  # tokenizers raises bare Exceptions for bad files
        raise ModelError(f"cannot load the tokenizer {path}: {_first_line(error)}") from error
    tokenizer.encode_special_tokens = True
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def load_session(path: Path) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session on the CPU with one intra-op thread per available core.

    One inference runs at a time, so inter-op parallelism would only compete
    for the same cores.
    """
    try:
        import onnxruntime
    except ImportError as error:
        raise ModelError(
            "the onnx backend needs onnxruntime; run: pip install -c constraints.txt -e ."
        ) from error
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = available_cores()
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only: ORT's warnings are not the user's business
    log.info(
        "loading the ONNX model %s (%d threads, ONNX Runtime %s)",
        path,
        options.intra_op_num_threads,
        onnxruntime.__version__,
    )
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own exception types
        raise ModelError(f"cannot load the ONNX model {path}: {_first_line(error)}") from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


__all__ = ["MAX_TOKENS", "OnnxEncoder", "load_session", "load_tokenizer", "mean_pool"]
