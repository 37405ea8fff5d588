"""The JSON schema of the report files, and the check a report passes when read back.

``checker review`` and ``checker serve`` read the last run's
``discrepancies.json`` (or an article's ``outliers.json``) instead of running
the model again. The schema (``report.schema.json``, shipped with the
package and documented in docs/contract.md) is the one description of that
file: the writer's tests check what it writes against it, the reader refuses
a file that does not match, with one line saying where.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

SCHEMA_FILE = "report.schema.json"


@cache
def report_schema() -> dict[str, Any]:
    """The report schema (JSON Schema 2020-12) as a dict."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(document: object) -> list[str]:
    """Every way ``document`` breaks the schema, as ``"findings/3/src_line: ..."`` lines.

    >>> schema_errors({"run": {"editions": {}}, "findings": []})
    []
    >>> schema_errors({"run": {"editions": {}}, "findings": [{"finding_id": ""}]})[0]
    "findings/0: 'confidence' is a required property"
    """
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(report_schema())
    errors = sorted(validator.iter_errors(document), key=_order)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(top)'}: {error.message}"
        for error in errors
    ]


def _order(error: Any) -> tuple[list[tuple[int, str]], str]:
    """Errors in document order: list indexes numerically, keys by name, then message."""
    where = [(p, "") if isinstance(p, int) else (-1, str(p)) for p in error.absolute_path]
    return where, error.message


def read_report_document(path: Path) -> dict[str, Any]:
    """Read and check a report file.

    Raises:
        CheckerError: the file is not JSON or does not match the schema; the
            message names the first problem and says how to get a good report.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CheckerError(
            f"{path} is not a checker report ({type(exc).__name__}: {exc}); "
            "run `checker check` again"
        ) from None
    errors = schema_errors(document)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CheckerError(
            f"{path} is not a checker report: {errors[0]}{more}; run `checker check` again"
        )
    return dict(document)
