"""The model's normalisation map as a SentencePiece ``precompiled_charsmap``.

``tokenizers``' Precompiled normaliser is the one that applies a per-code-point
map as ``e5.c`` does; it reads the map only in this darts-clone trie layout.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Mapping

logger = logging.getLogger(__name__)


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
