"""A pair's report folder: discrepancies.csv, alignment.csv, discrepancies.json, .html.

Writing is all-or-nothing (``checker.files.write_files_atomic``): every file is
rendered in memory, staged beside the report folder and moved into place, so an
interrupted or failed run leaves the previous good report as it was.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from checker.files import write_files_atomic
from checker.languages import language_name
from checker.records import CheckResult, Finding
from checker.report.columns import (
    ALIGNMENT_COLUMNS,
    ALIGNMENT_NAME,
    CSV_NAME,
    DISCREPANCY_COLUMNS,
    HTML_NAME,
    JSON_NAME,
)
from checker.report.html import html_environment, mark_value
from checker.report.records import (
    alignment_records,
    csv_bytes,
    finding_record,
    fixed,
    ordered_findings,
    review_record,
    sentences_by_index,
    summarize,
)

if TYPE_CHECKING:
    from checker.review import Decision, ReviewOutcome


@dataclass(frozen=True)
class ReportPaths:
    """Where `write_reports` put each file."""

    csv: Path
    alignment: Path
    json: Path
    html: Path



def render_discrepancies_csv(findings: Sequence[Finding]) -> bytes:
    """The bytes of ``discrepancies.csv`` for findings already in report order."""
    records = [finding_record(f) for f in findings]
    for record in records:
        record["slot"] = record["slot"] or ""
    return csv_bytes(records, DISCREPANCY_COLUMNS)


def render_alignment_csv(result: CheckResult) -> bytes:
    """The bytes of ``alignment.csv``."""
    return csv_bytes(alignment_records(result), ALIGNMENT_COLUMNS)


def render_json(
    result: CheckResult,
    findings: Sequence[Finding],
    review: ReviewOutcome | None = None,
    decisions: Path | None = None,
) -> bytes:
    """The bytes of ``discrepancies.json``.

    No timestamps and sorted keys, so two runs on the same input compare equal.
    With a review (decisions applied), a ``review`` object says which decisions
    file was applied and lists regressed findings and resolved decisions.
    """
    document: dict[str, Any] = {
        "run": asdict(result.run),
        "summary": summarize(result).as_dict(),
        "findings": [finding_record(f) for f in findings],
    }
    if review is not None:
        document["review"] = review_record(review, decisions)
    text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")



@dataclass(frozen=True)
class _Candidate:
    text: str
    line: int
    section: str
    score: str


@dataclass(frozen=True)
class _HtmlRow:
    record: dict[str, Any]
    src_html: Markup
    tgt_html: Markup
    candidates: tuple[_Candidate, ...]


def _html_rows(result: CheckResult, findings: Sequence[Finding]) -> list[_HtmlRow]:
    tgt = sentences_by_index(result.tgt)
    rows = []
    for finding in findings:
        candidates: tuple[_Candidate, ...] = ()
        if finding.scope == "cross":
            candidates = tuple(
                _Candidate(tgt[c.tgt].text, tgt[c.tgt].line, tgt[c.tgt].section, fixed(c.score))
                for c in result.alignment.candidates.get(finding.src_sentence.index, ())
                if c.tgt in tgt and c.tgt != finding.tgt_sentence.index
            )
        rows.append(
            _HtmlRow(
                record=finding_record(finding),
                src_html=mark_value(finding.src_sentence, finding.src_fact),
                tgt_html=mark_value(finding.tgt_sentence, finding.tgt_fact),
                candidates=candidates,
            )
        )
    return rows



def render_html(
    result: CheckResult, findings: Sequence[Finding], review: ReviewOutcome | None = None
) -> bytes:
    """The bytes of ``discrepancies.html``: one page, inline CSS and JS, no network.

    With a review, each finding shows its decision (status, note, reviewer) and
    whether it regressed, and resolved decisions are listed after the table.
    """
    template = html_environment().get_template("report.html.j2")
    decisions: dict[str, Decision] = {}
    regressed: set[str] = set()
    resolved: tuple[Decision, ...] = ()
    if review is not None:
        decisions = {
            r.item.finding_id: r.decision for r in review.reviewed if r.decision is not None
        }
        regressed = {r.item.finding_id for r in review.regressed}
        resolved = review.resolved
    page = template.render(
        run=result.run,
        lang_name=language_name,
        summary=summarize(result),
        rows=_html_rows(result, findings),
        fixed=fixed,
        decisions=decisions,
        regressed=regressed,
        resolved=resolved,
    )
    return page.encode("utf-8")



def render_reports(
    result: CheckResult, review: ReviewOutcome | None = None, decisions: Path | None = None
) -> dict[str, bytes]:
    """Every report file's name and bytes, rendered in memory before anything is written."""
    findings = ordered_findings(result.findings)
    return {
        CSV_NAME: render_discrepancies_csv(findings),
        ALIGNMENT_NAME: render_alignment_csv(result),
        JSON_NAME: render_json(result, findings, review, decisions),
        HTML_NAME: render_html(result, findings, review),
    }


def write_reports(
    result: CheckResult,
    out_dir: Path,
    review: ReviewOutcome | None = None,
    decisions: Path | None = None,
) -> ReportPaths:
    """Write the four report files into ``out_dir``, all or nothing.

    ``out_dir`` is created if needed. Other files in it are left alone.
    ``review`` is the outcome of applying editors' decisions (from the file
    ``decisions``) to ``result``'s findings, whose ``review_status`` must
    already be set from it (``checker.review.apply_decisions`` does both).

    Raises:
        OutputError: ``out_dir`` cannot be created or written; the previous
            report, if any, is unchanged.
    """
    files = render_reports(result, review, decisions)
    write_files_atomic(out_dir, files, "report")
    return ReportPaths(
        csv=out_dir / CSV_NAME,
        alignment=out_dir / ALIGNMENT_NAME,
        json=out_dir / JSON_NAME,
        html=out_dir / HTML_NAME,
    )
