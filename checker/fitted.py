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

    Only the listed keys' lines change; numbers are written rounded as the
    scripts print them. ``path`` defaults to the package's own file. Returns
    the file written.

    Raises:
        KeyError: the section lacks one of the keys (the file was edited).
    """
    from checker.files import write_atomic

    path = path or fitted_path()
    lines = path.read_text(encoding="utf-8").splitlines()
    current = ""
    pending = dict(values)
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
            continue
        key = stripped.split("=", 1)[0].strip()
        if current == section and "=" in stripped and key in pending:
            lines[number] = f"{key} = {_toml_value(pending.pop(key))}"
    if pending:
        raise KeyError(f"{path} has no {', '.join(sorted(pending))} in [{section}]")
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    fitted.cache_clear()
    return path


def _toml_value(value: float | list[float]) -> str:
    """``-4.5`` or ``[6.13, 2.52]``: two decimals where the fit gives more.

    >>> _toml_value([6.1349, 0.8])
    '[6.13, 0.8]'
    """
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(round(float(value), 3 if abs(value) < 1 else 2))
