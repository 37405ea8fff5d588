"""Editors' decisions on findings: the decisions file, applying it to a run, the CI gate.

Two kinds of users never run checker by hand: a CI job that re-runs it when the
articles change, and editors who go through what it flagged. Both need a
finding to keep its identity across runs (``checker.fingerprint``) and an
editor's decision to be kept. The decisions live in one TOML file per article
pair, next to the articles in ``seeds/``, reviewed in git like the articles:

.. code-block:: toml

    [F-2b73a87d8b5b]
    status = "confirmed"
    note = "nb has the wrong year; fix it there"
    reviewer = "editor"
    date = 2025-01-15
    scope = "cross"
    kind = "date"
    ...

One table per finding, keyed by its id and sorted by it, so two editors who
decide different findings touch different lines and git merges their work. The
fields after ``date`` describe the finding as it was when decided: they let a
reviewer of the file see what was decided without running checker, and let a
run recognise a decided finding whose id moved because a word right next to
its value was edited (see `apply_decisions`).

A run applies the decisions: each finding gets its decision's status (``new``
when there is none); a ``fixed`` finding that is found again has *regressed*; a
decision whose finding is no longer found is *resolved*. The gate
(``--fail-on new``) fails on undecided and regressed findings only, so CI fails
on what is new and an editor reviews each finding once.

The file is read with ``tomllib`` and written with ``tomlkit``, which edits
the document in place: an editor's comments, blank lines and order survive
every write, and only the entries that changed are touched. It is written
atomically and never over a file that did not read back cleanly: a corrupt file
is an error with its line number, never silently replaced.

The package's modules: `checker.review.items` (review items, decisions, and
applying them to a run), `checker.review.carry` (a decision following its
finding to a new id), `checker.review.changes` (recording, baselining and
pruning decisions), `checker.review.gate` (``--fail-on``),
`checker.review.decisions_file` (reading and writing the file) and
`checker.review.snapshot` (the last report, read back for review). Import
from `checker.review`: every public name is re-exported here.
"""

from __future__ import annotations

from checker.review.carry import (
    CARRY_MIN_SIMILARITY,
    carry_similarity,
)
from checker.review.changes import (
    baseline,
    check_status,
    decide,
    default_reviewer,
    prune,
    resolve_id,
)
from checker.review.decisions_file import (
    DECISION_FIELDS,
    DECISIONS_HEADER,
    read_decisions,
    render_decisions,
    update_decisions,
    write_decisions,
)
from checker.review.gate import (
    FAIL_ON,
    FailOn,
)
from checker.review.items import (
    CONTEXT_FIELDS,
    NEW,
    STATUSES,
    Decision,
    PairReview,
    Reviewed,
    ReviewItem,
    ReviewOutcome,
    apply_decisions,
    review_items,
)
from checker.review.snapshot import (
    ReportSnapshot,
    read_report,
)

__all__ = [
    "CARRY_MIN_SIMILARITY",
    "CONTEXT_FIELDS",
    "DECISIONS_HEADER",
    "DECISION_FIELDS",
    "FAIL_ON",
    "NEW",
    "STATUSES",
    "Decision",
    "FailOn",
    "PairReview",
    "ReportSnapshot",
    "ReviewItem",
    "ReviewOutcome",
    "Reviewed",
    "apply_decisions",
    "baseline",
    "carry_similarity",
    "check_status",
    "decide",
    "default_reviewer",
    "prune",
    "read_decisions",
    "read_report",
    "render_decisions",
    "resolve_id",
    "review_items",
    "update_decisions",
    "write_decisions",
]
