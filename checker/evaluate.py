"""Score a written report against a hand-labelled gold set.

The rules are those of ``eval/gold/README.md`` (the development gold set
shipped with the project), applied to the report's files (``alignment.csv``,
``discrepancies.csv``) exactly as the held-out scoring reads them, so that
figures printed here compare with the held-out ones:

- texts are compared after Unicode NFC and collapsing white space;
- a report sentence *matches* a gold sentence when one contains the other or
  their ``rapidfuzz.fuzz.ratio`` is at least 90;
- a gold pair is *found* when one ``alignment.csv`` row matches both its sentences;
- a ``cross`` conflict is found when one ``discrepancies.csv`` row with
  ``src_lang != tgt_lang`` has ``src_quote`` inside ``src_sentence`` and
  ``tgt_quote`` inside ``tgt_sentence``; an ``internal`` one when a row with
  ``src_lang == tgt_lang`` holds the two quotes in its two sentences, in either
  order; a finding's own kind and severity do not matter;
- a *false alarm* is a gold pair with verdict ``agree`` on whose two sentences
  (by the matching rule) a cross finding sits.

One reading the README leaves open is fixed here: an empty report sentence
matches nothing (it would otherwise "contain" in every gold sentence).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from checker.errors import GoldFileError
from checker.report import ALIGNMENT_NAME, CSV_NAME

#: ``fuzz.ratio`` at or above which two sentences match (README: "at least 90").
MATCH_RATIO = 90.0

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC, white space collapsed to single spaces, ends trimmed.

    >>> normalize_text("  Gori,\\u00a0 1878\\n")
    'Gori, 1878'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def sentences_match(a: str, b: str) -> bool:
    """The README's matching rule on two already normalised sentences.

    >>> sentences_match("Han ble født i 1878.", "Han ble født i 1878. Senere flyttet han.")
    True
    >>> sentences_match("", "Han ble født i 1878.")
    False
    """
    if not a or not b:
        return False
    return a in b or b in a or fuzz.ratio(a, b, score_cutoff=MATCH_RATIO) >= MATCH_RATIO


@dataclass(frozen=True)
class Tally:
    """``found`` out of ``total``; ``rate`` is 0.0 when there is nothing to find."""

    found: int
    total: int

    @property
    def rate(self) -> float:
        return self.found / self.total if self.total else 0.0


@dataclass(frozen=True)
class Evaluation:
    """The figures of one report against one gold set.

    Attributes:
        pairs: gold pairs found in ``alignment.csv``.
        aligned_rows: rows of ``alignment.csv``.
        aligned_src_sentences: distinct (normalised) source sentences in it.
        pairs_per_src: ``aligned_rows / aligned_src_sentences``: near 1 is
            alignment, far above 1 is aligning everything to everything.
        hard, soft: cross conflicts of that severity found, over the checkable ones.
        internal: internal conflicts found, over the checkable ones.
        checkable: all checkable conflicts found.
        all_conflicts: all conflicts found, checkable or not.
        false_alarms: ``agree`` pairs carrying a cross finding, over all ``agree`` pairs.
        findings: rows of ``discrepancies.csv``.
        unmatched_findings: findings that hold no gold conflict: read them,
            the gold set is not exhaustive.
        missed_pairs, missed_conflicts: ids of gold items not found.
        false_alarm_pairs: ids of the ``agree`` pairs counted in ``false_alarms``.
    """

    pairs: Tally
    aligned_rows: int
    aligned_src_sentences: int
    pairs_per_src: float
    hard: Tally
    soft: Tally
    internal: Tally
    checkable: Tally
    all_conflicts: Tally
    false_alarms: Tally
    findings: int
    unmatched_findings: int
    missed_pairs: tuple[str, ...]
    missed_conflicts: tuple[str, ...]
    false_alarm_pairs: tuple[str, ...]


# --- Gold files --------------------------------------------------------------


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


# --- Report files ------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """A report row's two sentences (normalised) and whether it is a cross row."""

    src: str
    tgt: str
    cross: bool


def _read_report_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise GoldFileError(
            f"no {path.name} in {path.parent}: run `checker check` first to write the report"
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, restval="")
            header = reader.fieldnames or []
            for column in columns:
                if column not in header:
                    raise GoldFileError(
                        f"{path}: no {column!r} column; write the report again with `checker check`"
                    )
            return list(reader)
    except csv.Error as exc:
        raise GoldFileError(f"{path}: not a valid CSV file ({exc})") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{path}: not UTF-8 text") from None


def _alignment_rows(report_dir: Path) -> list[_Row]:
    rows = _read_report_csv(report_dir / ALIGNMENT_NAME, ("src_sentence", "tgt_sentence"))
    return [
        _Row(normalize_text(r["src_sentence"]), normalize_text(r["tgt_sentence"]), cross=True)
        for r in rows
    ]


def _finding_rows(report_dir: Path) -> list[_Row]:
    columns = ("src_lang", "tgt_lang", "src_sentence", "tgt_sentence")
    rows = _read_report_csv(report_dir / CSV_NAME, columns)
    return [
        _Row(
            normalize_text(r["src_sentence"]),
            normalize_text(r["tgt_sentence"]),
            cross=r["src_lang"].strip() != r["tgt_lang"].strip(),
        )
        for r in rows
    ]


class _SentenceIndex:
    """Report sentences, deduplicated, for matching many gold sentences against.

    Containment settles most matches cheaply; only the sentences it leaves are
    scored with ``fuzz.ratio``, through ``process.extract`` with a cutoff so
    that hopeless candidates (very different lengths) are skipped early.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._rows: dict[str, list[int]] = {}
        for row, text in enumerate(texts):
            if text:
                self._rows.setdefault(text, []).append(row)
        self._texts = list(self._rows)

    def rows_matching(self, gold: str) -> set[int]:
        """Indices of the rows whose sentence matches ``gold`` (none for an empty ``gold``)."""
        if not gold:
            return set()
        contained: list[str] = []
        rest: list[str] = []
        for text in self._texts:
            (contained if gold in text or text in gold else rest).append(text)
        fuzzy = process.extract(gold, rest, scorer=fuzz.ratio, score_cutoff=MATCH_RATIO, limit=None)
        rows: set[int] = set()
        for text in contained + [choice for choice, _score, _index in fuzzy]:
            rows.update(self._rows[text])
        return rows


def _pairs_on_rows(pairs: Sequence[GoldPair], rows: Sequence[_Row]) -> list[GoldPair]:
    """The gold pairs whose two sentences one of ``rows`` matches."""
    src_index = _SentenceIndex(r.src for r in rows)
    tgt_index = _SentenceIndex(r.tgt for r in rows)
    return [
        pair
        for pair in pairs
        if src_index.rows_matching(pair.src) & tgt_index.rows_matching(pair.tgt)
    ]


def _holds(conflict: GoldConflict, row: _Row) -> bool:
    """Whether a finding row holds a gold conflict's two quotes (README rule)."""
    if conflict.scope == "cross":
        return row.cross and conflict.src_quote in row.src and conflict.tgt_quote in row.tgt
    if row.cross:
        return False
    a, b = conflict.src_quote, conflict.tgt_quote
    return (a in row.src and b in row.tgt) or (b in row.src and a in row.tgt)


def _tally(conflicts: Iterable[GoldConflict], found: set[str]) -> Tally:
    ids = [c.id for c in conflicts]
    return Tally(sum(1 for i in ids if i in found), len(ids))


# --- Scoring -----------------------------------------------------------------


def evaluate(report_dir: Path, pairs_file: Path, conflicts_file: Path) -> Evaluation:
    """Score the report in ``report_dir`` against two gold files.

    Raises:
        GoldFileError: a gold file is missing or malformed, or the report
            folder lacks ``alignment.csv`` / ``discrepancies.csv``.
    """
    pairs = read_gold_pairs(pairs_file)
    conflicts = read_gold_conflicts(conflicts_file)
    aligned = _alignment_rows(report_dir)
    findings = _finding_rows(report_dir)

    found_pairs = {p.id for p in _pairs_on_rows(pairs, aligned)}
    src_sentences = len({r.src for r in aligned})

    found_conflicts: set[str] = set()
    used_rows: set[int] = set()
    for conflict in conflicts:
        holders = [i for i, row in enumerate(findings) if _holds(conflict, row)]
        if holders:
            found_conflicts.add(conflict.id)
            used_rows.update(holders)

    agree = [p for p in pairs if p.verdict == "agree"]
    alarms = {p.id for p in _pairs_on_rows(agree, [r for r in findings if r.cross])}

    checkable = [c for c in conflicts if c.checkable]
    cross = [c for c in checkable if c.scope == "cross"]
    return Evaluation(
        pairs=Tally(len(found_pairs), len(pairs)),
        aligned_rows=len(aligned),
        aligned_src_sentences=src_sentences,
        pairs_per_src=len(aligned) / src_sentences if src_sentences else 0.0,
        hard=_tally((c for c in cross if c.severity == "hard"), found_conflicts),
        soft=_tally((c for c in cross if c.severity == "soft"), found_conflicts),
        internal=_tally((c for c in checkable if c.scope == "internal"), found_conflicts),
        checkable=_tally(checkable, found_conflicts),
        all_conflicts=_tally(conflicts, found_conflicts),
        false_alarms=Tally(len(alarms), len(agree)),
        findings=len(findings),
        unmatched_findings=len(findings) - len(used_rows),
        missed_pairs=tuple(p.id for p in pairs if p.id not in found_pairs),
        missed_conflicts=tuple(c.id for c in conflicts if c.id not in found_conflicts),
        false_alarm_pairs=tuple(p.id for p in agree if p.id in alarms),
    )


def format_evaluation(evaluation: Evaluation) -> str:
    """A short plain-text table of the figures, for a terminal or an issue note.

    >>> ev = Evaluation(Tally(3, 4), 5, 4, 1.25, Tally(5, 6), Tally(0, 0), Tally(1, 2),
    ...                 Tally(6, 8), Tally(7, 12), Tally(1, 10), 9, 2, ("p2",), ("c4",), ("p7",))
    >>> print(format_evaluation(ev))  # doctest: +NORMALIZE_WHITESPACE
    alignment
      gold pairs found                3/4    0.75
      aligned rows                      5
      aligned source sentences          4
      pairs per aligned source       1.25
    conflicts found
      hard (checkable)                5/6    0.83
      soft (checkable)                0/0    0.00
      internal (checkable)            1/2    0.50
      all checkable                   6/8    0.75
      all conflicts                  7/12    0.58
    false alarms
      agree pairs with a finding     1/10    0.10
    findings                            9
      matching no gold conflict         2
    missed conflicts: c4
    false-alarm pairs: p7
    missed pairs: p2
    """
    ev = evaluation

    def tally(label: str, t: Tally) -> str:
        return f"  {label:<28}{f'{t.found}/{t.total}':>8}  {t.rate:6.2f}"

    def figure(label: str, value: str) -> str:
        return f"  {label:<28}{value:>8}"

    lines = [
        "alignment",
        tally("gold pairs found", ev.pairs),
        figure("aligned rows", str(ev.aligned_rows)),
        figure("aligned source sentences", str(ev.aligned_src_sentences)),
        figure("pairs per aligned source", f"{ev.pairs_per_src:.2f}"),
        "conflicts found",
        tally("hard (checkable)", ev.hard),
        tally("soft (checkable)", ev.soft),
        tally("internal (checkable)", ev.internal),
        tally("all checkable", ev.checkable),
        tally("all conflicts", ev.all_conflicts),
        "false alarms",
        tally("agree pairs with a finding", ev.false_alarms),
        f"{'findings':<30}{ev.findings:>8}",
        figure("matching no gold conflict", str(ev.unmatched_findings)),
    ]
    for label, ids in (
        ("missed conflicts", ev.missed_conflicts),
        ("false-alarm pairs", ev.false_alarm_pairs),
        ("missed pairs", ev.missed_pairs),
    ):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    return "\n".join(lines)
