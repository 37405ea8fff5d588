"""Record editors' decisions in a decisions file: one decision, a baseline, a prune.

Each reads the decisions file, changes it against the findings of the pair's
last report and writes it back (`update_decisions`: nothing is written when
the file is corrupt or nothing changed), so that the command line only parses
and prints. The review page records through `ReviewServer.record`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.review import baseline, decide, prune, review_items, update_decisions

if TYPE_CHECKING:
    from pathlib import Path

    from checker.review import Decision, ReportSnapshot


def record_decision(
    snapshot: ReportSnapshot,
    decisions_path: Path,
    finding_id: str,
    status: str,
    *,
    note: str,
    reviewer: str,
    today: dt.date | None = None,
) -> None:
    """Record ``status`` for the finding ``finding_id`` of the last report.

    Raises:
        CheckerError: unknown id or status, or the decisions file is corrupt.
    """
    day = today or dt.date.today()

    def change(current: dict[str, Decision]) -> dict[str, Decision]:
        outcome = review_items(snapshot.items, current)
        return decide(current, outcome, finding_id, status, note=note, reviewer=reviewer, today=day)

    update_decisions(decisions_path, change)


def record_baseline(
    snapshot: ReportSnapshot,
    decisions_path: Path,
    *,
    note: str,
    reviewer: str,
    today: dt.date | None = None,
) -> tuple[str, ...]:
    """Record every undecided finding of the last report as accepted; return their ids."""
    day = today or dt.date.today()
    accepted: tuple[str, ...] = ()

    def change(current: dict[str, Decision]) -> dict[str, Decision]:
        nonlocal accepted
        outcome = review_items(snapshot.items, current)
        updated, accepted = baseline(current, outcome, note=note, reviewer=reviewer, today=day)
        return updated

    update_decisions(decisions_path, change)
    return accepted


@dataclass(frozen=True)
class Pruned:
    """What `record_prune` did: the ids of resolved decisions removed, and ``(old, new)``
    ids of decisions moved to the finding they followed."""

    removed: tuple[str, ...]
    moved: tuple[tuple[str, str], ...]


def record_prune(snapshot: ReportSnapshot, decisions_path: Path) -> Pruned | None:
    """Remove resolved decisions and move followed ones; None when there is no decisions file."""
    if not decisions_path.exists():
        return None
    removed: tuple[str, ...] = ()
    moved: tuple[tuple[str, str], ...] = ()

    def change(current: dict[str, Decision]) -> dict[str, Decision]:
        nonlocal removed, moved
        updated, removed, moved = prune(current, review_items(snapshot.items, current))
        return updated

    update_decisions(decisions_path, change)
    return Pruned(removed, moved)
