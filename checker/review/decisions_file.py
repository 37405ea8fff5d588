"""The decisions file: reading and validating it, rendering and writing the TOML.

One TOML file per article pair, one table per finding keyed by its id
(`checker.review`'s docstring shows one). `read_decisions` reads it with
``tomllib``, checks every entry and turns a bad file into a one-line error
naming its line. Writing goes through ``tomlkit``, so that what editors wrote
survives: `edit_decisions` changes only the entries that changed in the
document it loaded and keeps every other byte (comments, blank lines, order),
`render_decisions` writes a new file (the header comment, then the entries
sorted by id), and `write_decisions` and `update_decisions` write atomically
(`checker.files.write_atomic`), never over a file that did not read cleanly.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Comment, Item, Key, Table

from checker.errors import CheckerError
from checker.files import reason as os_reason
from checker.files import write_atomic
from checker.review.items import CONTEXT_FIELDS, STATUSES, Decision

#: The fields every entry of a decisions file must have.
DECISION_FIELDS: tuple[str, ...] = ("status", "note", "reviewer", "date")

DECISIONS_HEADER = """\
# Editors' decisions on checker's findings for one pair of articles.
#
# One table per finding, keyed by its finding_id and sorted by it. Written by
# `checker review` and `checker serve`, which change only the entries they
# decide and keep the rest, comments included; comment lines right above an
# entry go with it when `checker review --prune` removes it. Hand edits are
# fine while the file stays valid TOML.
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

_LEADING_BLANKS = re.compile(r"^(?:[ \t]*\n)+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def read_decisions(path: Path) -> dict[str, Decision]:
    """Read a decisions file; a missing file means no decisions yet.

    Raises:
        CheckerError: the file is not UTF-8, not TOML (with the line number), or
            an entry has a missing, unknown or mistyped field (named, with its
            line). The file is never changed.
    """
    loaded = _load(path)
    return loaded[1] if loaded is not None else {}


def _load(path: Path) -> tuple[str, dict[str, Decision]] | None:
    """The text and decisions of a decisions file, or None when there is none."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CheckerError(
            f"{path} is not UTF-8 text; fix it or restore it from git (checker left it unchanged)"
        ) from None
    except OSError as exc:
        raise CheckerError(f"cannot read {path}: {os_reason(exc)}") from None
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
    return text, decisions


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
    """The text of a new decisions file: the header, then one table per finding, sorted by id.

    Deterministic: equal decisions give equal text, whoever writes them.

    >>> d = Decision("F-1", "accepted", 'old "fact"', "editor", dt.date(2025, 1, 2))
    >>> print(render_decisions({"F-1": d}).split("\\n\\n", 1)[1], end="")
    [F-1]
    status = "accepted"
    note = "old \\"fact\\""
    reviewer = "editor"
    date = 2025-01-02
    """
    return _Layout(DECISIONS_HEADER, [], "").edited({}, decisions).text()


def edit_decisions(text: str, before: Mapping[str, Decision], after: Mapping[str, Decision]) -> str:
    """The text of a decisions file whose decisions were ``before``, changed to ``after``.

    Only what changed is touched: a changed field is replaced in place (its
    inline comment kept), a new entry is added where its id sorts, a removed
    entry is taken out with the comment lines right above its header. Every
    other byte stays: comments, blank lines, order, quoting. ``before`` must be
    what `read_decisions` read from ``text``. A file in a shape checker does not
    write (inline tables, dotted keys) is written anew, as `render_decisions`.

    >>> from dataclasses import replace
    >>> d = Decision("F-1", "accepted", "", "editor", dt.date(2025, 1, 2))
    >>> old = '[F-1]  # why\\nstatus = "fixed"  # by hand\\nnote = ""\\nreviewer = "editor"\\n'
    >>> print(edit_decisions(old + "date = 2025-01-02\\n", {"F-1": replace(d, status="fixed")},
    ...                      {"F-1": d}), end="")
    [F-1]  # why
    status = "accepted"  # by hand
    note = ""
    reviewer = "editor"
    date = 2025-01-02
    """
    try:
        layout = _Layout.parse(text)
    except (tomlkit.exceptions.TOMLKitError, _Unusual):
        layout = None
    if layout is None or {entry.key for entry in layout.entries} != set(before):
        return render_decisions(after)
    return layout.edited(before, after).text()


class _Unusual(Exception):
    """A valid decisions file in a shape `edit_decisions` does not edit in place."""


@dataclass
class _Entry:
    """One table of a decisions file, cut out of the document.

    ``lead`` is the comment lines right above its header (they go with it),
    ``gap`` what follows its last field up to the next entry's ``lead`` (blank
    lines, comments set apart by one). ``table`` has neither.
    """

    key: str
    table: Table
    lead: str = ""
    gap: str = ""
    new: bool = False
    header: Key | None = None  # the key as written (quoted or not), when read from a file

    def text(self) -> str:
        document = tomlkit.document()
        document.append(self.header if self.header is not None else self.key, self.table)
        return self.lead + document.as_string() + self.gap


@dataclass
class _Layout:
    """A decisions file as the text before its first entry, its entries and the text after."""

    preamble: str
    entries: list[_Entry]
    epilogue: str
    tidy_end: bool = False  # the last entry was removed: a blank line before the epilogue

    @classmethod
    def parse(cls, text: str) -> _Layout:
        document = tomlkit.parse(text)
        entries: list[_Entry] = []
        loose: list[Item] = []  # comments and blank lines before the first table
        for key, item in document.body:
            if key is None and not entries:
                loose.append(item)
            elif key is not None and isinstance(item, Table) and _plain(item):
                entries.append(_Entry(key.key, item, header=key))
            else:
                raise _Unusual(key)
        preamble, lead = _split_lead(loose)
        for entry in entries:
            body = entry.table.value.body
            cut = len(body)
            while cut and body[cut - 1][0] is None:
                cut -= 1
            trailing = [item for _, item in body[cut:]]
            del body[cut:]  # only key-less items: the table's key index is unaffected
            entry.lead = lead
            entry.gap, lead = _split_lead(trailing)
        return cls(preamble, entries, lead)

    def edited(self, before: Mapping[str, Decision], after: Mapping[str, Decision]) -> _Layout:
        """This layout with the entries changed from ``before`` to ``after`` (in place)."""
        for entry in [e for e in self.entries if e.key not in after]:
            self._remove(entry)
        for entry in self.entries:
            if after[entry.key] != before[entry.key]:
                _update(entry.table, _fields(before[entry.key]), _fields(after[entry.key]))
        known = {entry.key for entry in self.entries}
        for key in sorted(set(after) - known):
            table = tomlkit.table()
            for name, value in _fields(after[key]).items():
                table.add(name, value)
            at = next((i for i, e in enumerate(self.entries) if e.key > key), len(self.entries))
            self.entries.insert(at, _Entry(key, table, new=True))
        return self

    def _remove(self, entry: _Entry) -> None:
        at = self.entries.index(entry)
        del self.entries[at]
        previous = self.entries[at - 1] if at else None
        gap = previous.gap if previous is not None else self.preamble
        if entry.gap.strip():  # comments set apart below it are not its own: they stay
            # A gap follows its table's last line; the preamble starts the file.
            ends_blank = ("\n" + gap if previous is not None else "\n\n" + gap).endswith("\n\n")
            gap += _LEADING_BLANKS.sub("", entry.gap) if ends_blank else entry.gap
        if at == len(self.entries):  # it was the last entry: no blank lines at the end
            gap = gap.rstrip() + "\n" if gap.strip() else ""
            self.tidy_end = True
        if previous is not None:
            previous.gap = gap
        else:
            self.preamble = gap

    def text(self) -> str:
        out = self.preamble
        after_new = False
        for entry in self.entries:
            if entry.new or after_new:
                out = _blank_line_after(out)
            out += entry.text()
            after_new = entry.new
        if self.epilogue and (after_new or self.tidy_end):
            out = _blank_line_after(out)
        return out + self.epilogue


def _plain(table: Table) -> bool:
    """A table of plain values only: no sub-tables or arrays of them, no dotted keys."""
    return not table.is_super_table() and all(
        key is None or (not key.is_dotted() and not isinstance(item, (Table, AoT)))
        for key, item in table.value.body
    )


def _split_lead(items: list[Item]) -> tuple[str, str]:
    """``items`` as text, split before the comment lines at their end (the next entry's)."""
    cut = len(items)
    while cut and isinstance(items[cut - 1], Comment):
        cut -= 1
    return "".join(i.as_string() for i in items[:cut]), "".join(i.as_string() for i in items[cut:])


def _fields(decision: Decision) -> dict[str, str | dt.date]:
    """A decision's fields in the order a new entry has them."""
    fields: dict[str, str | dt.date] = {
        "status": decision.status,
        "note": decision.note,
        "reviewer": decision.reviewer,
        "date": decision.date,
    }
    for name in CONTEXT_FIELDS:
        if name in decision.context:
            fields[name] = decision.context[name]
    return fields


def _update(table: Table, old: Mapping[str, object], new: Mapping[str, str | dt.date]) -> None:
    """Change the fields of ``table`` that differ from ``old`` to ``new``; keep the rest."""
    for name in old:
        if name not in new:
            del table[name]
    for name, value in new.items():
        if name not in old or old[name] != value:
            if name in table:
                table[name] = value  # tomlkit keeps the line's inline comment
            else:
                table.add(name, value)


def _blank_line_after(text: str) -> str:
    if not text or text.endswith("\n\n"):
        return text
    return text + ("\n" if text.endswith("\n") else "\n\n")


def write_decisions(path: Path, decisions: Mapping[str, Decision]) -> None:
    """Write a decisions file atomically (see `write_atomic`), editing the one there is.

    An existing file is edited (`edit_decisions`), so what editors wrote in it
    stays; it must read cleanly first. A new file is `render_decisions`.

    Raises:
        CheckerError: the existing file does not read cleanly; it is unchanged.
        OutputError: the file cannot be written; the old one is unchanged.
    """
    _write(path, _load(path), decisions)


def _write(
    path: Path, loaded: tuple[str, dict[str, Decision]] | None, decisions: Mapping[str, Decision]
) -> None:
    if loaded is None:
        text = render_decisions(decisions)
    else:
        text = edit_decisions(loaded[0], loaded[1], decisions)
    write_atomic(path, text.encode("utf-8"))


def update_decisions(
    path: Path, change: Callable[[dict[str, Decision]], dict[str, Decision]]
) -> dict[str, Decision]:
    """Read the decisions file, apply ``change``, write the result; return it.

    Reading first means a corrupt file stops the update before anything is
    written. The file is written only when the decisions changed, so a no-op
    leaves its bytes (and git) alone.
    """
    loaded = _load(path)
    before = loaded[1] if loaded is not None else {}
    after = change(dict(before))
    if after != before or loaded is None:
        _write(path, loaded, after)
    return after
