"""Turn a `CheckResult` into the report files other tools and editors read.

This is the one place where findings become tables. The file formats are
contracts (docs/contract.md): column names and order, fixed decimals,
deterministic row order, byte-identical output for equal input.

- `columns`: file names and column orders (the contract).
- `records`: a finding, an aligned pair, a summary as flat records.
- `schema`: the JSON schema of ``discrepancies.json`` and ``outliers.json``,
  checked when a report is read back.
- `pair`: a pair's four files; `outliers`: an article's outliers page.
- `html`: escaping and templates shared by both pages.
"""

from checker.report.columns import (
    ALIGNMENT_COLUMNS,
    ALIGNMENT_NAME,
    CSV_NAME,
    DECIMALS,
    DISCREPANCY_COLUMNS,
    HTML_NAME,
    JSON_NAME,
    OUTLIER_COLUMNS,
    OUTLIERS_CSV_NAME,
    OUTLIERS_HTML_NAME,
    OUTLIERS_JSON_NAME,
)
from checker.report.html import mark_value
from checker.report.outliers import (
    outlier_record,
    outlier_review_record,
    render_outliers_csv,
    render_outliers_html,
    render_outliers_json,
    write_outlier_reports,
)
from checker.report.pair import (
    ReportPaths,
    render_alignment_csv,
    render_discrepancies_csv,
    render_html,
    render_json,
    render_reports,
    write_reports,
)
from checker.report.records import (
    Summary,
    alignment_records,
    decision_record,
    finding_record,
    ordered_findings,
    review_record,
    summarize,
)

__all__ = [
    "ALIGNMENT_COLUMNS",
    "ALIGNMENT_NAME",
    "CSV_NAME",
    "DECIMALS",
    "DISCREPANCY_COLUMNS",
    "HTML_NAME",
    "JSON_NAME",
    "OUTLIERS_CSV_NAME",
    "OUTLIERS_HTML_NAME",
    "OUTLIERS_JSON_NAME",
    "OUTLIER_COLUMNS",
    "ReportPaths",
    "Summary",
    "alignment_records",
    "decision_record",
    "finding_record",
    "mark_value",
    "ordered_findings",
    "outlier_record",
    "outlier_review_record",
    "render_alignment_csv",
    "render_discrepancies_csv",
    "render_html",
    "render_json",
    "render_outliers_csv",
    "render_outliers_html",
    "render_outliers_json",
    "render_reports",
    "review_record",
    "summarize",
    "write_outlier_reports",
    "write_reports",
]
