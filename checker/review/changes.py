"""Changing decisions: recording one, accepting all undecided ones, pruning stale ones.

`decide`, `baseline` and `prune` each take the decisions and a run's
`ReviewOutcome` and return new decisions, never touching a file (the callers
write them with `checker.review.decisions_file.update_decisions`).
`check_status`, `resolve_id` and `default_reviewer` check and complete what
an editor typed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import replace

from checker.errors import CheckerError
from checker.review.items import STATUSES, Decision, ReviewOutcome


def decide(
    decisions: Mapping[str, Decision],
    outcome: ReviewOutcome,
    finding_id: str,
    status: str,
    *,
    note: str,
    reviewer: str,
    today: dt.date,
) -> dict[str, Decision]:
    """The decisions with one decision recorded (or replaced) for ``finding_id``.

    ``finding_id`` is a current finding's id, or the id of a stored decision
    whose finding is gone (an editor marks a confirmed finding ``fixed`` once
    the article was corrected). A decision that followed its finding to a new
    id is moved to that id. The context stored is the current finding's, or the
    old entry's for a gone finding.

    Raises:
        CheckerError: unknown status or id, or an empty reviewer.
    """
    check_status(status)
    if not reviewer.strip():
        raise CheckerError("the reviewer is empty; give --reviewer NAME (a name or a role)")
    updated = dict(decisions)
    current = outcome.find(finding_id)
    if current is None:
        # The old id of a decision that followed its finding: decide the finding.
        current = next((r for r in outcome.carried if r.stored_as == finding_id), None)
        finding_id = current.item.finding_id if current is not None else finding_id
    if current is not None:
        if current.stored_as is not None:
            updated.pop(current.stored_as, None)
        context: Mapping[str, str] = current.item.context()
    elif finding_id in decisions:
        context = decisions[finding_id].context
    else:
        raise CheckerError(
            f"no finding {finding_id} in the report or the decisions file; "
            "list them with `checker review`"
        )
    updated[finding_id] = Decision(
        finding_id, status, note.strip(), reviewer.strip(), today, dict(context)
    )
    return updated


def baseline(
    decisions: Mapping[str, Decision],
    outcome: ReviewOutcome,
    *,
    note: str,
    reviewer: str,
    today: dt.date,
) -> tuple[dict[str, Decision], tuple[str, ...]]:
    """Record every undecided current finding as ``accepted``, for a team adopting the gate.

    Decided findings (regressed ones included) are left as they are: this is
    the only place checker decides in bulk, and it never overrides an editor.

    Returns:
        The new decisions and the ids that were accepted.
    """
    if not note.strip():
        raise CheckerError(
            "--baseline needs --note saying why (e.g. 'findings present when the gate was adopted')"
        )
    updated = dict(decisions)
    accepted: list[str] = []
    for reviewed in outcome.new:
        item = reviewed.item
        updated[item.finding_id] = Decision(
            item.finding_id, "accepted", note.strip(), reviewer.strip(), today, item.context()
        )
        accepted.append(item.finding_id)
    return updated, tuple(sorted(accepted))


def prune(
    decisions: Mapping[str, Decision], outcome: ReviewOutcome
) -> tuple[dict[str, Decision], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Remove resolved decisions and move carried ones to their finding's new id.

    Resolved ``fixed`` decisions are kept: a fixed finding that is no longer
    found is the fix holding, and the entry is what reports it as regressed if
    the old text comes back. Delete such an entry by hand to drop it.

    Returns:
        The new decisions, the ids removed, and the ``(old, new)`` ids moved.
    """
    updated = dict(decisions)
    removed = tuple(d.finding_id for d in outcome.resolved if d.status != "fixed")
    for finding_id in removed:
        updated.pop(finding_id, None)
    moved: list[tuple[str, str]] = []
    for reviewed in outcome.carried:
        assert reviewed.decision is not None and reviewed.stored_as is not None
        new_id = reviewed.item.finding_id
        updated.pop(reviewed.stored_as, None)
        updated[new_id] = replace(
            reviewed.decision, finding_id=new_id, context=reviewed.item.context()
        )
        moved.append((reviewed.stored_as, new_id))
    return updated, removed, tuple(sorted(moved))


def check_status(status: str) -> None:
    """Raise a one-line `CheckerError` unless ``status`` is one of `STATUSES`."""
    if status not in STATUSES:
        raise CheckerError(f"status {status!r} is not one of {', '.join(STATUSES)}")


def resolve_id(finding_id: str, known: Iterable[str]) -> str:
    """The full id for an id or a unique prefix of one (``F-2b73`` for ``F-2b73a87d8b5b``).

    Raises:
        CheckerError: no id or more than one starts so.
    """
    ids = sorted(set(known))
    if finding_id in ids:
        return finding_id
    matches = [candidate for candidate in ids if candidate.startswith(finding_id)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CheckerError(
            f"{finding_id} matches {len(matches)} findings ({', '.join(matches[:3])}, ...); "
            "give more of the id"
        )
    raise CheckerError(
        f"no finding {finding_id} in the report or the decisions file; "
        "list them with `checker review`"
    )


def default_reviewer() -> str:
    """The reviewer recorded when none is given: git's ``user.name``.

    Raises:
        CheckerError: git is missing or has no user name.
    """
    try:
        completed = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        completed = None
    name = completed.stdout.strip() if completed is not None and completed.returncode == 0 else ""
    if not name:
        raise CheckerError(
            "no reviewer: give --reviewer NAME (a name or a role such as editor) "
            "or set `git config user.name`"
        )
    return name
