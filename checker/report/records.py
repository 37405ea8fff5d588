"""Findings and aligned pairs as flat records: the rows of the CSV and JSON files.

One flattening of a finding (`finding_record`) serves the CSV, the JSON, the
HTML and, read back, the review; summaries and review records live here too.
Floats are rounded once, here, so every file shows the same figure.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.fingerprint import assign_finding_ids
from checker.records import Article, CheckResult, Finding, Sentence
from checker.report.columns import DECIMALS

if TYPE_CHECKING:
    from checker.review import Decision, ReviewOutcome

# Kinds, severities and scopes always present in a summary (as 0 when absent),
# so a CI line reads the same whatever was found.
_KINDS = ("date", "number", "name")
_SEVERITIES = ("hard", "soft")
_SCOPES = ("cross", "internal")


@dataclass(frozen=True)
class Summary:
    """Counts of a result's findings, for the CLI's short summary and the JSON file.

    Attributes:
        total: number of findings.
        by_kind, by_severity, by_scope, by_review_status: findings per value
            (known kinds, severities and scopes appear with 0 when absent).
        aligned_pairs: rows of ``alignment.csv``.
    """

    total: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]
    by_scope: dict[str, int]
    by_review_status: dict[str, int]
    aligned_pairs: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy with sorted keys."""
        return {
            "total": self.total,
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_severity": dict(sorted(self.by_severity.items())),
            "by_scope": dict(sorted(self.by_scope.items())),
            "by_review_status": dict(sorted(self.by_review_status.items())),
            "aligned_pairs": self.aligned_pairs,
        }

    def one_line(self) -> str:
        """``"3 findings (hard 2, soft 1; date 2, number 1, name 0); 40 aligned pairs"``."""
        severities = ", ".join(f"{k} {v}" for k, v in self.by_severity.items())
        kinds = ", ".join(f"{k} {v}" for k, v in self.by_kind.items())
        noun = "finding" if self.total == 1 else "findings"
        return f"{self.total} {noun} ({severities}; {kinds}); {self.aligned_pairs} aligned pairs"


def summarize(result: CheckResult) -> Summary:
    """Count a result's findings by kind, severity, scope and review status.

    >>> from checker.records import Alignment, RunInfo
    >>> art = Article(Path("a.txt"), "nb", (), "0" * 64)
    >>> run = RunInfo("0.1.0", "m", "nb", "id", "a.txt", "b.txt", "0" * 64, "0" * 64)
    >>> empty = CheckResult(art, art, Alignment((), (), (), {}), (), run)
    >>> summarize(empty).one_line()
    '0 findings (hard 0, soft 0; date 0, number 0, name 0); 0 aligned pairs'
    """
    findings = result.findings
    return Summary(
        total=len(findings),
        by_kind=_count((f.kind for f in findings), _KINDS),
        by_severity=_count((f.severity for f in findings), _SEVERITIES),
        by_scope=_count((f.scope for f in findings), _SCOPES),
        by_review_status=_count((f.review_status for f in findings), ()),
        aligned_pairs=len(result.alignment.pairs),
    )


def _count(values: Iterable[str], known: Sequence[str]) -> dict[str, int]:
    """Counts with the ``known`` keys first (in their order), then others sorted."""
    counts = Counter(values)
    ordered = {key: counts.get(key, 0) for key in known}
    for key in sorted(counts):
        ordered.setdefault(key, counts[key])
    return ordered


def fixed(value: float) -> str:
    """A float with ``DECIMALS`` decimals, never ``-0.000``."""
    text = f"{value:.{DECIMALS}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def rounded(value: float) -> float:
    """The JSON twin of `fixed`: the same rounded figure, as a number (never ``-0.0``)."""
    return float(fixed(value))


def ordered_findings(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Findings in report order, with ids assigned when any is missing.

    Cross-article findings come first; within a scope the most confident
    first (an editor reads the likeliest conflicts first), then by source
    line, target line, sentence positions, kind and id, so the order never
    depends on how the comparer happened to emit them.

    Raises:
        ValueError: two findings carry the same id (a bug upstream).
    """
    if any(not f.finding_id for f in findings):
        findings = assign_finding_ids(findings)
    seen: set[str] = set()
    for finding in findings:
        if finding.finding_id in seen:
            raise ValueError(f"finding id {finding.finding_id} is not unique in this report")
        seen.add(finding.finding_id)
    return tuple(
        sorted(
            findings,
            key=lambda f: (
                _SCOPES.index(f.scope) if f.scope in _SCOPES else len(_SCOPES),
                -round(f.confidence, 3),
                f.src_sentence.line,
                f.tgt_sentence.line,
                f.src_sentence.index,
                f.tgt_sentence.index,
                f.kind,
                f.finding_id,
            ),
        )
    )


def finding_record(finding: Finding) -> dict[str, Any]:
    """One finding as a flat record with the CSV columns; numbers stay numbers."""
    return {
        "finding_id": finding.finding_id,
        "kind": finding.kind,
        "severity": finding.severity,
        "confidence": rounded(finding.confidence),
        "src_lang": finding.src_lang,
        "tgt_lang": finding.tgt_lang,
        "src_value": finding.src_fact.text,
        "tgt_value": finding.tgt_fact.text,
        "src_normalized": finding.src_fact.normalized,
        "tgt_normalized": finding.tgt_fact.normalized,
        "src_sentence": finding.src_sentence.text,
        "tgt_sentence": finding.tgt_sentence.text,
        "src_section": finding.src_sentence.section,
        "tgt_section": finding.tgt_sentence.section,
        "src_line": finding.src_sentence.line,
        "tgt_line": finding.tgt_sentence.line,
        "alignment_score": rounded(finding.alignment_score),
        "explanation": finding.explanation,
        "review_status": finding.review_status,
        "scope": finding.scope,
        "slot": finding.src_fact.slot or finding.tgt_fact.slot,
    }


def sentences_by_index(article: Article) -> dict[int, Sentence]:
    return {sentence.index: sentence for sentence in article.sentences}


def alignment_records(result: CheckResult) -> list[dict[str, Any]]:
    """One record per aligned pair, sorted by source then target index."""
    src = sentences_by_index(result.src)
    tgt = sentences_by_index(result.tgt)
    records = []
    for pair in sorted(result.alignment.pairs, key=lambda p: (p.src, p.tgt)):
        s, t = src[pair.src], tgt[pair.tgt]
        records.append(
            {
                "src_sentence": s.text,
                "tgt_sentence": t.text,
                "src_line": s.line,
                "tgt_line": t.line,
                "score": rounded(pair.score),
                "similarity": rounded(pair.similarity),
                "via": pair.via,
                "src_section": s.section,
                "tgt_section": t.section,
                "src_index": s.index,
                "tgt_index": t.index,
            }
        )
    return records


def csv_bytes(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV with the given columns, ``DECIMALS`` decimals, ``\\n`` line ends, no BOM.

    Minimal quoting (a cell is quoted only when it holds a comma, a quote or a
    line break), ``None`` as an empty cell: what spreadsheet programs and
    ``csv.DictReader`` read back unchanged.

    >>> csv_bytes([{"a": 0.5, "b": 'say "hi", then go', "c": None}], ["a", "b", "c"])
    b'a,b,c\\n0.500,"say ""hi"", then go",\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(_cell(record.get(column)) for column in columns)
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    """A float with ``DECIMALS`` decimals, ``None`` as empty; anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{DECIMALS}f}"
    return value



def decision_record(decision: Decision) -> dict[str, Any]:
    """A decision as a flat JSON record: its fields, then the finding as it was decided."""
    return {**decision.fields(), **dict(decision.context)}


def review_record(review: ReviewOutcome, decisions: Path | None) -> dict[str, Any]:
    """The ``review`` object of ``discrepancies.json``.

    ``counts``: new, regressed, decided, resolved. ``regressed``: ids of
    findings decided fixed that appear again. ``carried``: decisions that
    followed their finding to a new id (``decision_id`` is the stored one).
    ``resolved``: decisions whose finding no longer appears.
    """
    return {
        "decisions": decisions.as_posix() if decisions is not None else None,
        "counts": review.counts(),
        "regressed": sorted(r.item.finding_id for r in review.regressed),
        "carried": [
            {"finding_id": r.item.finding_id, "decision_id": r.stored_as}
            for r in sorted(review.carried, key=lambda r: r.item.finding_id)
        ],
        "resolved": [decision_record(d) for d in review.resolved],
    }
