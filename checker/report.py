"""Turn a `CheckResult` into the report files other tools and editors read.

This is the one place where findings become tables. The file formats are
contracts (DESIGN.md, "Contracts other tools rely on"): column names and order,
fixed decimals, deterministic row order, byte-identical output for equal input.

Writing is all-or-nothing (``checker.files.write_files_atomic``): every file is
rendered in memory, staged beside the report folder and moved into place, so an
interrupted or failed run leaves the previous good report as it was.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from checker.files import write_files_atomic
from checker.fingerprint import assign_finding_ids
from checker.languages import language_name
from checker.records import Article, CheckResult, Fact, Finding, Sentence

if TYPE_CHECKING:
    from checker.manifest import ArticleSpec
    from checker.outliers import EditionFact, Outlier
    from checker.review import Decision, ReviewOutcome

CSV_NAME = "discrepancies.csv"
ALIGNMENT_NAME = "alignment.csv"
JSON_NAME = "discrepancies.json"
HTML_NAME = "discrepancies.html"
OUTLIERS_CSV_NAME = "outliers.csv"
OUTLIERS_HTML_NAME = "outliers.html"
OUTLIERS_JSON_NAME = "outliers.json"

#: Columns of ``discrepancies.csv``: the contract's nineteen first, in this order.
DISCREPANCY_COLUMNS: tuple[str, ...] = (
    "finding_id",
    "kind",
    "severity",
    "confidence",
    "src_lang",
    "tgt_lang",
    "src_value",
    "tgt_value",
    "src_normalized",
    "tgt_normalized",
    "src_sentence",
    "tgt_sentence",
    "src_section",
    "tgt_section",
    "src_line",
    "tgt_line",
    "alignment_score",
    "explanation",
    "review_status",
    "scope",
    "slot",
)

#: Columns of ``alignment.csv``: the contract's five first.
ALIGNMENT_COLUMNS: tuple[str, ...] = (
    "src_sentence",
    "tgt_sentence",
    "src_line",
    "tgt_line",
    "score",
    "similarity",
    "via",
    "src_section",
    "tgt_section",
    "src_index",
    "tgt_index",
)

#: Columns of ``outliers.csv``: the ten of the outlier contract first, in this order.
OUTLIER_COLUMNS: tuple[str, ...] = (
    "finding_id",
    "kind",
    "slot",
    "outlier_lang",
    "outlier_value",
    "majority_value",
    "agreeing_langs",
    "values_by_lang",
    "confidence",
    "explanation",
    "severity",
    "review_status",
    "outlier_normalized",
    "majority_normalized",
    "majority_lang",
    "outlier_sentence",
    "outlier_section",
    "outlier_line",
    "pair_findings",
)

#: Decimals of every float in the CSV and JSON files.
DECIMALS = 3

# Kinds, severities and scopes always present in a summary (as 0 when absent),
# so a CI line reads the same whatever was found.
_KINDS = ("date", "number", "name")
_SEVERITIES = ("hard", "soft")
_SCOPES = ("cross", "internal")


@dataclass(frozen=True)
class ReportPaths:
    """Where `write_reports` put each file."""

    csv: Path
    alignment: Path
    json: Path
    html: Path


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


# --- Rows -------------------------------------------------------------------


def _fixed(value: float) -> str:
    """A float with ``DECIMALS`` decimals, never ``-0.000``."""
    text = f"{value:.{DECIMALS}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _rounded(value: float) -> float:
    """The JSON twin of `_fixed`: the same rounded figure, as a number (never ``-0.0``)."""
    return float(_fixed(value))


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
        "confidence": _rounded(finding.confidence),
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
        "alignment_score": _rounded(finding.alignment_score),
        "explanation": finding.explanation,
        "review_status": finding.review_status,
        "scope": finding.scope,
        "slot": finding.src_fact.slot or finding.tgt_fact.slot,
    }


def _sentences_by_index(article: Article) -> dict[int, Sentence]:
    return {sentence.index: sentence for sentence in article.sentences}


def alignment_records(result: CheckResult) -> list[dict[str, Any]]:
    """One record per aligned pair, sorted by source then target index."""
    src = _sentences_by_index(result.src)
    tgt = _sentences_by_index(result.tgt)
    records = []
    for pair in sorted(result.alignment.pairs, key=lambda p: (p.src, p.tgt)):
        s, t = src[pair.src], tgt[pair.tgt]
        records.append(
            {
                "src_sentence": s.text,
                "tgt_sentence": t.text,
                "src_line": s.line,
                "tgt_line": t.line,
                "score": _rounded(pair.score),
                "similarity": _rounded(pair.similarity),
                "via": pair.via,
                "src_section": s.section,
                "tgt_section": t.section,
                "src_index": s.index,
                "tgt_index": t.index,
            }
        )
    return records


# --- Renderers: each returns the file's exact bytes ----------------------------


def _csv_bytes(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV with the given columns, ``DECIMALS`` decimals, ``\\n`` line ends, no BOM."""
    frame = pd.DataFrame(list(records), columns=list(columns))
    text = frame.to_csv(index=False, lineterminator="\n", float_format=f"%.{DECIMALS}f")
    return text.encode("utf-8")


def render_discrepancies_csv(findings: Sequence[Finding]) -> bytes:
    """The bytes of ``discrepancies.csv`` for findings already in report order."""
    records = [finding_record(f) for f in findings]
    for record in records:
        record["slot"] = record["slot"] or ""
    return _csv_bytes(records, DISCREPANCY_COLUMNS)


def render_alignment_csv(result: CheckResult) -> bytes:
    """The bytes of ``alignment.csv``."""
    return _csv_bytes(alignment_records(result), ALIGNMENT_COLUMNS)


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


def mark_value(sentence: Sentence, fact: Fact) -> Markup:
    """The sentence as HTML with the fact's span in ``<mark>``.

    Each part is escaped on its own before the tags are added, so article text
    can never become markup. A span that does not fit the sentence is not marked.

    >>> from checker.records import NameKey
    >>> s = Sentence(0, "<b>Gori</b> 1878", 1, 0, "")
    >>> str(mark_value(s, Fact("name", "Gori", 3, 7, NameKey("gori", ("gori",)))))
    '&lt;b&gt;<mark>Gori</mark>&lt;/b&gt; 1878'
    """
    text = sentence.text
    if not 0 <= fact.start < fact.end <= len(text):
        return escape(text)
    return (
        escape(text[: fact.start])
        + Markup("<mark>")
        + escape(text[fact.start : fact.end])
        + Markup("</mark>")
        + escape(text[fact.end :])
    )


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
    tgt = _sentences_by_index(result.tgt)
    rows = []
    for finding in findings:
        candidates: tuple[_Candidate, ...] = ()
        if finding.scope == "cross":
            candidates = tuple(
                _Candidate(tgt[c.tgt].text, tgt[c.tgt].line, tgt[c.tgt].section, _fixed(c.score))
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


def _environment() -> Environment:
    """Jinja2 with autoescape on everywhere: article text is data, never markup."""
    return Environment(
        loader=PackageLoader("checker", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    result: CheckResult, findings: Sequence[Finding], review: ReviewOutcome | None = None
) -> bytes:
    """The bytes of ``discrepancies.html``: one page, inline CSS and JS, no network.

    With a review, each finding shows its decision (status, note, reviewer) and
    whether it regressed, and resolved decisions are listed after the table.
    """
    template = _environment().get_template("report.html.j2")
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
        fixed=_fixed,
        decisions=decisions,
        regressed=regressed,
        resolved=resolved,
    )
    return page.encode("utf-8")


# --- Writing ----------------------------------------------------------------


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


# --- An article's outliers ----------------------------------------------------------


def outlier_record(outlier: Outlier) -> dict[str, Any]:
    """One outlier as a flat record with the ``outliers.csv`` columns.

    ``agreeing_langs`` and ``pair_findings`` are space-separated and sorted;
    ``values_by_lang`` is compact JSON with sorted keys (each edition's value
    as written), so the CSV is byte-identical for equal input.
    """
    odd, shown = outlier.outlier, outlier.majority_fact
    return {
        "finding_id": outlier.finding_id,
        "kind": outlier.kind,
        "slot": outlier.slot or "",
        "outlier_lang": odd.lang,
        "outlier_value": odd.fact.text,
        "majority_value": shown.fact.text,
        "agreeing_langs": " ".join(outlier.agreeing_langs),
        "values_by_lang": json.dumps(
            outlier.values_by_lang(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ),
        "confidence": _rounded(outlier.confidence),
        "explanation": outlier.explanation,
        "severity": outlier.severity,
        "review_status": outlier.review_status,
        "outlier_normalized": odd.fact.normalized,
        "majority_normalized": shown.fact.normalized,
        "majority_lang": shown.lang,
        "outlier_sentence": odd.sentence.text,
        "outlier_section": odd.sentence.section,
        "outlier_line": odd.sentence.line,
        "pair_findings": " ".join(outlier.pair_findings),
    }


def render_outliers_csv(outliers: Sequence[Outlier]) -> bytes:
    """The bytes of ``outliers.csv``, one row per outlier, in the order given (sorted upstream)."""
    return _csv_bytes([outlier_record(o) for o in outliers], OUTLIER_COLUMNS)


def _statement(edition: EditionFact) -> dict[str, Any]:
    return {
        "lang": edition.lang,
        "value": edition.fact.text,
        "normalized": edition.fact.normalized,
        "sentence": edition.sentence.text,
        "section": edition.sentence.section,
        "line": edition.sentence.line,
    }


def outlier_review_record(outlier: Outlier) -> dict[str, Any]:
    """An outlier for ``outliers.json``: its CSV record, the review fields, every statement.

    The review fields (``scope``, ``src_*``, ``tgt_*``) make the record one
    that ``checker review`` reads as it reads a pair's findings: the outlier
    edition is the source, the majority's shown statement the target.
    """
    from checker.outliers import outlier_item

    item = outlier_item(outlier)
    record = outlier_record(outlier)
    record["values_by_lang"] = outlier.values_by_lang()
    record["agreeing_langs"] = list(outlier.agreeing_langs)
    record["pair_findings"] = list(outlier.pair_findings)
    record.update(
        {
            name: getattr(item, name)
            for name in (
                "scope",
                "src_lang",
                "tgt_lang",
                "src_value",
                "tgt_value",
                "src_normalized",
                "tgt_normalized",
                "src_sentence",
                "tgt_sentence",
                "src_section",
                "tgt_section",
                "src_line",
                "tgt_line",
            )
        }
    )
    record["slot"] = outlier.slot
    record["statements"] = [_statement(e) for e in (outlier.outlier, *outlier.majority)]
    return record


def render_outliers_json(
    article: ArticleSpec,
    results: Sequence[CheckResult],
    outliers: Sequence[Outlier],
    review: ReviewOutcome | None = None,
) -> bytes:
    """The bytes of ``outliers.json``: the article's editions, its outliers, their review.

    ``run.editions`` maps each language to its file and the file's SHA-256,
    so ``checker review`` can warn when an edition changed since.
    """
    editions = _editions(results)
    document: dict[str, Any] = {
        "run": {
            "article": article.name,
            "checker_version": results[0].run.checker_version if results else "",
            "model": results[0].run.model if results else "",
            "editions": {
                lang: {"path": path, "sha256": digest}
                for lang, (path, digest) in sorted(editions.items())
            },
            "pairs": [f"{r.src.lang}-{r.tgt.lang}" for r in results],
        },
        "findings": [outlier_review_record(o) for o in outliers],
    }
    if review is not None:
        document["review"] = review_record(review, article.decisions)
    text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _editions(results: Sequence[CheckResult]) -> dict[str, tuple[str, str]]:
    editions: dict[str, tuple[str, str]] = {}
    for result in results:
        editions.setdefault(result.run.src_lang, (result.run.src_path, result.run.src_sha256))
        editions.setdefault(result.run.tgt_lang, (result.run.tgt_path, result.run.tgt_sha256))
    return editions


@dataclass(frozen=True)
class _OutlierRow:
    record: dict[str, Any]
    outlier_html: Markup
    majority: tuple[tuple[str, Markup, int, str], ...]


def render_outliers_html(
    article: ArticleSpec,
    results: Sequence[CheckResult],
    outliers: Sequence[Outlier],
    review: ReviewOutcome | None = None,
) -> bytes:
    """The bytes of ``outliers.html``: one self-contained page for the article.

    One row per outlier: the odd edition's sentence with its value marked,
    each agreeing edition's sentence likewise, the explanation and the
    decision; links to each pair's own report; resolved decisions after the
    table.
    """
    decisions: dict[str, Decision] = {}
    resolved: tuple[Decision, ...] = ()
    if review is not None:
        decisions = {
            r.item.finding_id: r.decision for r in review.reviewed if r.decision is not None
        }
        resolved = review.resolved
    rows = [
        _OutlierRow(
            record=outlier_record(o),
            outlier_html=mark_value(o.outlier.sentence, o.outlier.fact),
            majority=tuple(
                (
                    language_name(e.lang),
                    mark_value(e.sentence, e.fact),
                    e.sentence.line,
                    e.sentence.section,
                )
                for e in o.majority
            ),
        )
        for o in outliers
    ]
    page = (
        _environment()
        .get_template("outliers.html.j2")
        .render(
            article=article.name,
            editions=sorted(_editions(results).items()),
            pairs=[f"{r.src.lang}-{r.tgt.lang}" for r in results],
            rows=rows,
            lang_name=language_name,
            fixed=_fixed,
            decisions=decisions,
            resolved=resolved,
        )
    )
    return page.encode("utf-8")


def write_outlier_reports(
    article: ArticleSpec,
    results: Sequence[CheckResult],
    outliers: Sequence[Outlier],
    review: ReviewOutcome | None = None,
) -> dict[str, Path]:
    """Write ``outliers.csv``, ``outliers.html`` and ``outliers.json`` into the article's folder.

    All or nothing, as `write_reports`: rendered in memory, staged beside the
    folder, then moved into place; the pairs' folders inside it are left alone.

    Raises:
        OutputError: the folder cannot be created or written; the previous
            files, if any, are unchanged.
    """
    out_dir = article.report_dir
    files = {
        OUTLIERS_CSV_NAME: render_outliers_csv(outliers),
        OUTLIERS_HTML_NAME: render_outliers_html(article, results, outliers, review),
        OUTLIERS_JSON_NAME: render_outliers_json(article, results, outliers, review),
    }
    return write_files_atomic(out_dir, files, f"outliers of {article.name}")
