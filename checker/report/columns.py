"""The report files' names and columns: the contract other tools read (docs/contract.md).

Kept apart from the code that fills them so that a change to the contract is a
change to this one file, and a reader sees every column in one place.
"""

from __future__ import annotations

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
