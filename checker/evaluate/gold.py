"""Reading the gold files: JSONL pairs and conflicts, each line checked, texts normalised.

A malformed file is a `GoldFileError` naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import GoldFileError
from checker.evaluate.matching import normalize_text


@dataclass(frozen=True)
class GoldPair:
    """One line of a pairs file, normalised."""

    id: str
    src: str
    tgt: str
    verdict: str


@dataclass(frozen=True)
class GoldConflict:
    """One line of a conflicts file, normalised."""

    id: str
    scope: str
    severity: str
    src_quote: str
    tgt_quote: str
    checkable: bool


_PAIR_KEYS: Mapping[str, type] = {"id": str, "src": str, "tgt": str, "verdict": str}
_CONFLICT_KEYS: Mapping[str, type] = {
    "id": str,
    "scope": str,
    "severity": str,
    "src_quote": str,
    "tgt_quote": str,
    "checkable": bool,
}
_ALLOWED: Mapping[str, frozenset[str]] = {
    "verdict": frozenset({"agree", "partial", "conflict"}),
    "scope": frozenset({"cross", "internal"}),
    "severity": frozenset({"hard", "soft"}),
}
_NOT_EMPTY = frozenset({"src", "tgt", "src_quote", "tgt_quote"})


def _read_jsonl(path: Path, keys: Mapping[str, type]) -> list[dict[str, Any]]:
    """The objects of a JSONL gold file, each checked for ``keys`` and their types."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldFileError(f"gold file not found: {path}") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{path}: not UTF-8 text; gold files are JSONL in UTF-8") from None
    except OSError as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc.strerror or exc}") from None
    records = []
    # split("\n"), not splitlines(): U+2028 may legally appear inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise GoldFileError(f"{where}: expected one JSON object per line")
        for key, kind in keys.items():
            if key not in record:
                raise GoldFileError(f"{where}: missing key {key!r}")
            value = record[key]
            if not isinstance(value, kind):
                raise GoldFileError(f"{where}: {key!r} must be a JSON {_json_type(kind)}")
            if key in _NOT_EMPTY and not str(value).strip():
                raise GoldFileError(f"{where}: {key!r} is empty")
            allowed = _ALLOWED.get(key)
            if allowed is not None and value not in allowed:
                raise GoldFileError(
                    f"{where}: {key!r} is {value!r}, expected one of {', '.join(sorted(allowed))}"
                )
        records.append(record)
    return records


def _json_type(kind: type) -> str:
    return {str: "string", bool: "boolean"}.get(kind, kind.__name__)


def read_gold_pairs(path: Path) -> list[GoldPair]:
    """Gold pairs from a ``dev_pairs.jsonl``-style file, texts normalised.

    Raises:
        GoldFileError: the file is missing or a line is not a valid pair.
    """
    return [
        GoldPair(
            id=r["id"],
            src=normalize_text(r["src"]),
            tgt=normalize_text(r["tgt"]),
            verdict=r["verdict"],
        )
        for r in _read_jsonl(path, _PAIR_KEYS)
    ]


def read_gold_conflicts(path: Path) -> list[GoldConflict]:
    """Gold conflicts from a ``dev_conflicts.jsonl``-style file, quotes normalised.

    Raises:
        GoldFileError: the file is missing or a line is not a valid conflict.
    """
    return [
        GoldConflict(
            id=r["id"],
            scope=r["scope"],
            severity=r["severity"],
            src_quote=normalize_text(r["src_quote"]),
            tgt_quote=normalize_text(r["tgt_quote"]),
            checkable=r["checkable"],
        )
        for r in _read_jsonl(path, _CONFLICT_KEYS)
    ]
