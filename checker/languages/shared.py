"""The shared base: ``_base.toml`` read, checked and typed once (`base`).

The base file lives in this package's folder, beside the language files; it
holds the slot taxonomy, the units, the calendar cut-overs, the name skeleton
and scripts, the code aliases and the schema of the language files. A
malformed base file is a packaging error (`LanguageError`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from checker.errors import LanguageError
from checker.languages.model import BaseData, Cutover, SlotInfo

#: The package whose folder holds the data files (this module's package; a
#: module, unlike a package, is no anchor for ``importlib.resources``).
DATA_PACKAGE = __name__.rpartition(".")[0]

#: The file of shared knowledge, beside the language files.
BASE_FILE = "_base.toml"

#: Kinds of value a schema may name for a key (see ``_base.toml`` [schema]).
VALUE_KINDS = frozenset(
    {"string", "strings", "bool", "numbers", "parts", "pairs", "units", "slots"}
)


@cache
def base() -> BaseData:
    """The shared data of ``_base.toml``, checked once.

    Raises:
        LanguageError: the base file is malformed (a packaging error).
    """
    raw = tomllib.loads(resources.files(DATA_PACKAGE).joinpath(BASE_FILE).read_text("utf-8"))
    try:
        return _build_base(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise LanguageError(f"{BASE_FILE} is malformed: {error!r}") from None


def _build_base(raw: Mapping[str, Any]) -> BaseData:
    slots: dict[str, SlotInfo] = {}
    for key, info in raw["slots"].items():
        unknown = set(info) - {f for f in SlotInfo.__dataclass_fields__ if f != "key"}
        if unknown:
            raise ValueError(f"[slots.{key}] has unknown keys {sorted(unknown)}")
        event = str(info["event"])
        spans = info.get("spans")
        if spans is not None and (len(spans) != 2 or not set(spans) <= set(raw["slots"])):
            raise ValueError(f"[slots.{key}] spans must name two slots")
        slots[key] = SlotInfo(
            key=key,
            event=event,
            count=str(info.get("count", event)),
            place=str(info.get("place", event)),
            spans=(str(spans[0]), str(spans[1])) if spans is not None else None,
            **{flag: bool(info.get(flag, False)) for flag in _FLAGS},
        )
    schema = raw["schema"]
    for table, keys in schema.items():
        kinds = keys.values() if isinstance(keys, dict) else [keys]
        if any(kind not in VALUE_KINDS for kind in kinds):
            raise ValueError(f"[schema] {table} names an unknown kind of value")
    units = {str(k): str(v) for k, v in raw["units"].items()}
    if not all("{}" in v for v in units.values()):
        raise ValueError("[units] each unit's text must hold {} for the figure")
    structural_units = frozenset({"age"})
    cutovers = tuple(
        sorted(
            (Cutover(str(c["region"]), c["gregorian_from"]) for c in raw["calendar"]["cutovers"]),
            key=lambda c: (c.gregorian_from, c.region),
        )
    )
    if not all(isinstance(c.gregorian_from, date) for c in cutovers):
        raise ValueError("[calendar] cutovers need TOML dates (1918-02-14)")
    return BaseData(
        aliases=MappingProxyType({str(k): str(v) for k, v in raw["aliases"].items()}),
        slots=MappingProxyType(slots),
        units=MappingProxyType(units),
        structural_units=structural_units & set(units),
        scripts=tuple(str(s).upper() for s in raw["names"]["scripts"]),
        skeleton=tuple((str(a), str(b)) for a, b in raw["names"]["skeleton"]),
        cutovers=cutovers,
        short_decade_century=int(raw["dates"]["short_decade_century"]),
        schema=MappingProxyType(dict(schema)),
    )


_FLAGS = ("recurs", "once", "places", "generic", "place_only", "movement", "structural")
