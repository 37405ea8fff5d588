"""The manifest ``seeds/pairs.toml``: which article pairs `checker check` compares by default."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from checker.errors import CheckerError

DEFAULT_MANIFEST = Path("seeds/pairs.toml")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class PairSpec:
    """One ``[[pair]]`` entry, with paths resolved against the manifest's folder.

    ``decisions`` is where editors' decisions for the pair live
    (``<manifest folder>/<name>.decisions.toml``).
    """

    name: str
    src: Path
    tgt: Path
    src_lang: str | None
    tgt_lang: str | None
    decisions: Path


def read_manifest(path: Path) -> tuple[PairSpec, ...]:
    """Read and check a manifest; every problem is a one-line ``CheckerError``.

    >>> [p.name for p in read_manifest(Path("seeds/pairs.toml"))]  # doctest: +SKIP
    ['stalin']
    """
    if not path.is_file():
        raise CheckerError(
            f"no manifest at {path}; give two article files (checker check SRC TGT) "
            "or create it with [[pair]] entries (name, src, tgt, src_lang, tgt_lang)"
        )
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CheckerError(f"{path} is not valid TOML: {error}") from error
    entries = raw.get("pair")
    if not isinstance(entries, list) or not entries:
        raise CheckerError(f"{path} has no [[pair]] entries")
    pairs: list[PairSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}, pair {number}"
        if not isinstance(entry, dict):
            raise CheckerError(f"{where}: not a table")
        for key in ("name", "src", "tgt"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise CheckerError(f"{where}: missing or empty {key!r}")
        name = entry["name"]
        if not _NAME.match(name):
            raise CheckerError(f"{where}: name {name!r} must be letters, digits, '-', '_' or '.'")
        if name in seen:
            raise CheckerError(f"{where}: duplicate name {name!r}")
        seen.add(name)
        langs = [entry.get(key) for key in ("src_lang", "tgt_lang")]
        if any(lang is not None and not isinstance(lang, str) for lang in langs):
            raise CheckerError(f"{where}: src_lang and tgt_lang must be language codes")
        pairs.append(
            PairSpec(
                name=name,
                src=path.parent / entry["src"],
                tgt=path.parent / entry["tgt"],
                src_lang=langs[0],
                tgt_lang=langs[1],
                decisions=path.parent / f"{name}.decisions.toml",
            )
        )
    return tuple(pairs)
