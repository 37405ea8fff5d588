"""The last report of a pair, read back for review without running the model again.

`read_report` reads a report folder's ``discrepancies.json`` (or an article's
``outliers.json``), checked against the report schema
(`checker.report.schema`), into a `ReportSnapshot`: its findings as review
items, its ``run`` object, and which input articles changed since it was
written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import CheckerError
from checker.report.schema import read_report_document
from checker.review.items import ReviewItem


@dataclass(frozen=True)
class ReportSnapshot:
    """The findings of the last run of a pair, read back from its ``discrepancies.json``.

    Attributes:
        items: the findings, in report order.
        run: the report's ``run`` object (paths, languages, input hashes).
        stale: input files that changed since the report was written.
    """

    items: tuple[ReviewItem, ...]
    run: Mapping[str, Any]
    stale: tuple[str, ...]


def read_report(report_dir: Path) -> ReportSnapshot:
    """Read the findings of a report folder for review.

    A pair's folder has ``discrepancies.json``; an article's folder (three or
    more editions) has ``outliers.json``, whose outliers are read the same way.

    Raises:
        CheckerError: no report there, or it is not one checker wrote.
    """
    path = report_dir / "discrepancies.json"
    if not path.is_file() and (report_dir / "outliers.json").is_file():
        # An article's folder: its outliers are reviewed like a pair's findings.
        path = report_dir / "outliers.json"
    if not path.is_file():
        raise CheckerError(f"no report at {path}; run `checker check` first (or give --report DIR)")
    # Checked against the published schema first, so a damaged or foreign file
    # is refused with the first field that is wrong, before any is used.
    document = read_report_document(path)
    items = tuple(ReviewItem.from_record(record) for record in document["findings"])
    run = dict(document["run"])
    inputs = [(run.get(f"{side}_path", ""), run.get(f"{side}_sha256")) for side in ("src", "tgt")]
    editions = run.get("editions")
    if isinstance(editions, dict):
        inputs = [(e.get("path", ""), e.get("sha256")) for e in editions.values()]
    stale = []
    for name, expected in inputs:
        article = Path(str(name))
        if name and article.is_file():
            digest = hashlib.sha256(article.read_bytes()).hexdigest()
            if digest != expected:
                stale.append(str(article))
    return ReportSnapshot(items=items, run=run, stale=tuple(stale))
