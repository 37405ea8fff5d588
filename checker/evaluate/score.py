"""Scoring a report against the gold set: reading its CSV files, and the figures.

`evaluate` reads the report's ``alignment.csv`` and ``discrepancies.csv`` and
the two gold files, and counts what was found by the README's rules
(`Evaluation`, made of `Tally` figures).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import GoldFileError
from checker.evaluate.gold import GoldConflict, GoldPair, read_gold_conflicts, read_gold_pairs
from checker.evaluate.matching import _SentenceIndex, normalize_text
from checker.report import ALIGNMENT_NAME, CSV_NAME


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
