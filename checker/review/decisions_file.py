"""The decisions file: reading and validating it, rendering and writing the TOML.

One TOML file per article pair, one table per finding keyed by its id
(`checker.review`'s docstring shows one). `read_decisions` checks every entry
and turns a bad file into a one-line error naming its line; `render_decisions`
and `write_decisions` write the file (atomically, through
`checker.files.write_atomic`); `update_decisions` does read, change and write
in one step, so a corrupt file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

from checker.errors import CheckerError
from checker.files import write_atomic
from checker.review.items import CONTEXT_FIELDS, STATUSES, Decision

#: The fields every entry of a decisions file must have.
DECISION_FIELDS: tuple[str, ...] = ("status", "note", "reviewer", "date")

DECISIONS_HEADER = """\
# Editors' decisions on checker's findings for one pair of articles.
#
# One table per finding, keyed by its finding_id and sorted by it. Written by
# `checker review` and `checker serve`; hand edits are fine while the file stays
# valid TOML, but comments other than this header are not kept: put the reason
# for a decision in its note.
#
#   status    confirmed       a real conflict, to be fixed in an article
#             false-positive  checker was wrong
#             fixed           an article was corrected (if the finding comes
#                             back, runs report it as regressed)
#             accepted        a known difference, left as is
#   note      why, in the editor's words
#   reviewer  who decided
#   date      when (YYYY-MM-DD)
#
# The other fields describe the finding as it was when decided, so that this
# file can be reviewed without running checker, and so that a decision still
# applies after an edit right next to a value changed the finding's id.
"""

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def read_decisions(path: Path) -> dict[str, Decision]:
    """Read a decisions file; a missing file means no decisions yet.

    Raises:
        CheckerError: the file is not UTF-8, not TOML (with the line number), or
            an entry has a missing, unknown or mistyped field (named, with its
            line). The file is never changed.
    """
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CheckerError(
            f"{path} is not UTF-8 text; fix it or restore it from git (checker left it unchanged)"
        ) from None
    except OSError as exc:
        raise CheckerError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        where = f"line {position.group(1)}: " if position else ""
        reason = _TOML_POSITION.sub("", message).rstrip(".")
        raise CheckerError(
            f"{path}: {where}not valid TOML ({reason}); fix it by hand or restore it from git "
            "(checker left it unchanged)"
        ) from None
    decisions: dict[str, Decision] = {}
    for key, entry in raw.items():
        decisions[key] = _decision(path, text, key, entry)
    return decisions


def _decision(path: Path, text: str, key: str, entry: object) -> Decision:
    line = _entry_line(text, key)
    where = f"{path}: line {line}: entry [{key}]" if line else f"{path}: entry [{key}]"
    if not isinstance(entry, dict):
        raise CheckerError(f"{where} is not a table; each finding needs its own [F-...] table")
    for name in DECISION_FIELDS:
        if name not in entry:
            raise CheckerError(
                f"{where} has no {name!r}; every entry needs {', '.join(DECISION_FIELDS)}"
            )
    unknown = sorted(set(entry) - set(DECISION_FIELDS) - set(CONTEXT_FIELDS))
    if unknown:
        raise CheckerError(
            f"{where} has unknown field {unknown[0]!r}; allowed: "
            f"{', '.join(DECISION_FIELDS + CONTEXT_FIELDS)}"
        )
    for name, value in entry.items():
        if name != "date" and not isinstance(value, str):
            raise CheckerError(f"{where}: {name!r} must be a string")
    status = entry["status"]
    if status not in STATUSES:
        raise CheckerError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    date = entry["date"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise CheckerError(f"{where}: 'date' must be a date such as 2025-01-31")
    context = {name: entry[name] for name in CONTEXT_FIELDS if name in entry}
    return Decision(key, status, entry["note"], entry["reviewer"], date, context)


def _entry_line(text: str, key: str) -> int | None:
    """The 1-based line of the table header ``[key]``, for error messages."""
    headers = {f"[{key}]", f'["{key}"]', f"['{key}']"}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("#", 1)[0].strip().replace(" ", "") in headers:
            return number
    return None


def render_decisions(decisions: Mapping[str, Decision]) -> str:
    """The text of a decisions file: the header, then one table per finding, sorted by id.

    Deterministic: equal decisions give equal text, whoever writes them.

    >>> d = Decision("F-1", "accepted", 'old "fact"', "editor", dt.date(2025, 1, 2))
    >>> print(render_decisions({"F-1": d}).split("\\n\\n", 1)[1], end="")
    [F-1]
    status = "accepted"
    note = "old \\"fact\\""
    reviewer = "editor"
    date = 2025-01-02
    """
    parts = [DECISIONS_HEADER]
    for key in sorted(decisions):
        decision = decisions[key]
        lines = [
            f"[{_toml_key(key)}]",
            f"status = {_toml_string(decision.status)}",
            f"note = {_toml_string(decision.note)}",
            f"reviewer = {_toml_string(decision.reviewer)}",
            f"date = {decision.date.isoformat()}",
        ]
        lines += [
            f"{name} = {_toml_string(decision.context[name])}"
            for name in CONTEXT_FIELDS
            if name in decision.context
        ]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write_decisions(path: Path, decisions: Mapping[str, Decision]) -> None:
    """Write a decisions file atomically (see `write_atomic`).

    Raises:
        OutputError: the file cannot be written; the old one is unchanged.
    """
    write_atomic(path, render_decisions(decisions).encode("utf-8"))


def update_decisions(
    path: Path, change: Callable[[dict[str, Decision]], dict[str, Decision]]
) -> dict[str, Decision]:
    """Read the decisions file, apply ``change``, write the result; return it.

    Reading first means a corrupt file stops the update before anything is
    written. The file is written only when the decisions changed, so a no-op
    leaves its bytes (and git) alone.
    """
    before = read_decisions(path)
    after = change(dict(before))
    if after != before or not path.exists():
        write_decisions(path, after)
    return after
