"""The fitted values: one data file that the tuning scripts write and the config reads.

Hand-set thresholds are defaults in `checker.config`; the numbers fitted on
the gold set (the aligner's calibration, the fact matcher's weights, the
finding confidence) live in ``fitted.toml`` beside this module, so re-fitting
is `nox -s tune -- --write` and a diff of one file, not numbers copied into
code by hand.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

FITTED_FILE = "fitted.toml"


def fitted_path() -> Path:
    """The data file in the source tree (the tuning scripts write it there)."""
    return Path(__file__).with_name(FITTED_FILE)


@cache
def fitted() -> dict[str, dict[str, Any]]:
    """The fitted values by section (``align``, ``match``, ``confidence``)."""
    text = resources.files(__package__).joinpath(FITTED_FILE).read_text("utf-8")
    return tomllib.loads(text)


def fitted_value(section: str, key: str) -> Any:
    """One fitted value; a missing one is a packaging bug, so it raises ``KeyError``."""
    return fitted()[section][key]


def write_fitted(
    section: str, values: dict[str, float | list[float]], path: Path | None = None
) -> Path:
    """Replace ``values`` in one section of the data file, keeping its comments and layout.

    Edited with tomlkit, as the decisions files are: only the listed keys'
    values change; numbers are written rounded as the scripts print them.
    ``path`` defaults to the package's own file. Returns the file written.

    Raises:
        KeyError: the section lacks one of the keys (the file was edited).
    """
    import tomlkit

    from checker.files import write_atomic

    path = path or fitted_path()
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    table = document.get(section, {})
    missing = sorted(key for key in values if key not in table)
    if missing:
        raise KeyError(f"{path} has no {', '.join(missing)} in [{section}]")
    for key, value in values.items():
        table[key] = _rounded(value)
    write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
    fitted.cache_clear()
    return path


def _rounded(value: float | list[float]) -> float | list[float]:
    """Two decimals where the fit gives more (three below 1).

    >>> _rounded([6.1349, 0.8])
    [6.13, 0.8]
    """
    if isinstance(value, list):
        return [_round(v) for v in value]
    return _round(value)


def _round(value: float) -> float:
    return round(float(value), 3 if abs(value) < 1 else 2)
