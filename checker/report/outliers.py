"""An article's outliers page (three or more editions): outliers.csv, .json and .html.

Same rules as a pair's report: one flat record per outlier, sorted keys, all
files written together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from checker.files import write_files_atomic
from checker.languages import language_name
from checker.records import CheckResult
from checker.report.columns import (
    OUTLIER_COLUMNS,
    OUTLIERS_CSV_NAME,
    OUTLIERS_HTML_NAME,
    OUTLIERS_JSON_NAME,
)
from checker.report.html import html_environment, mark_value
from checker.report.records import csv_bytes, fixed, review_record, rounded

if TYPE_CHECKING:
    from checker.manifest import ArticleSpec
    from checker.outliers import EditionFact, Outlier
    from checker.review import Decision, ReviewOutcome


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
        "confidence": rounded(outlier.confidence),
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
    return csv_bytes([outlier_record(o) for o in outliers], OUTLIER_COLUMNS)


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
    # The review fields come from the outlier's review item; its own columns win.
    record = {**item.record(), **record}
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
        html_environment()
        .get_template("outliers.html.j2")
        .render(
            article=article.name,
            editions=sorted(_editions(results).items()),
            pairs=[f"{r.src.lang}-{r.tgt.lang}" for r in results],
            rows=rows,
            lang_name=language_name,
            fixed=fixed,
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
