"""`checker review`: list the findings with their review status, show one, record a decision.

Also the helpers `checker serve` shares: which report and decisions file a
pair means (`review_target`) and who is recorded as deciding (`reviewer_name`).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.cli.base import app, configure_logging
from checker.cli.options import (
    DecisionsOption,
    ManifestOption,
    PairOption,
    ReportOption,
    ReviewerOption,
)
from checker.errors import CheckerError
from checker.manifest import DEFAULT_MANIFEST

if TYPE_CHECKING:
    from checker.review import Decision, ReportSnapshot, ReviewOutcome


@app.command()
def review(
    finding_id: Annotated[
        str | None,
        typer.Argument(help="A finding's id (or a unique start of it). Alone: show the finding."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Argument(help="The decision: confirmed, false-positive, fixed or accepted."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why, in your words.")] = None,
    reviewer: ReviewerOption = None,
    show: Annotated[str | None, typer.Option("--show", help="Show one finding in full.")] = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="List only findings with this status: new, regressed, resolved, decided, "
            "or a decision.",
        ),
    ] = None,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline",
            help="Record every undecided finding as accepted, with --note (adopting the gate "
            "on existing articles).",
        ),
    ] = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Remove resolved decisions (fixed ones are kept, to catch regressions) and move "
            "decisions that followed their finding to its new id.",
        ),
    ] = False,
    pair: PairOption = None,
    report: ReportOption = None,
    decisions: DecisionsOption = None,
    manifest: ManifestOption = DEFAULT_MANIFEST,
) -> None:
    """List findings with their review status, show one, or record an editor's decision.

    Works from the pair's last report (reports/<name>/discrepancies.json) and its
    decisions file (seeds/<name>.decisions.toml).

    \b
    checker review                               list every finding
    checker review F-2b73                        show one (also --show F-2b73)
    checker review F-2b73 false-positive --note "why"   record a decision
    checker review --baseline --note "why"       accept every undecided one
    checker review --prune                       drop resolved decisions
    """
    configure_logging(quiet=False, verbose=False)
    from checker.review import read_decisions, read_report, resolve_id, review_items

    actions = [finding_id is not None or status is not None, show is not None, baseline, prune]
    if sum(actions) > 1:
        raise CheckerError("give one of: FINDING_ID [STATUS], --show ID, --baseline, --prune")
    if note is not None and not (status is not None or baseline):
        raise CheckerError("--note goes with a decision (FINDING_ID STATUS) or --baseline")
    _, report_dir, decisions_path = review_target(pair, report, decisions, manifest)
    snapshot = read_report(report_dir)
    for path in snapshot.stale:
        typer.echo(
            f"checker: warning: {path} changed since {report_dir} was written; "
            "run `checker check` for current findings",
            err=True,
        )
    stored = read_decisions(decisions_path)
    outcome = review_items(snapshot.items, stored)
    known = [item.finding_id for item in snapshot.items] + list(stored)

    if baseline:
        _record_baseline(snapshot, decisions_path, note or "", reviewer)
    elif prune:
        _record_prune(snapshot, decisions_path)
    elif status is not None:
        assert finding_id is not None
        from checker.review import check_status

        check_status(status)
        _record_decision(
            snapshot,
            decisions_path,
            resolve_id(finding_id, known),
            status,
            note or "",
            reviewer,
        )
    elif finding_id is not None or show is not None:
        wanted = resolve_id(show if show is not None else finding_id or "", known)
        typer.echo(_show(outcome, stored, wanted))
    else:
        typer.echo(_listing(outcome, decisions_path, only))


def review_target(
    pair: str | None, report: Path | None, decisions: Path | None, manifest: Path
) -> tuple[str, Path, Path]:
    """The pair name, report folder and decisions file that `review`/`serve` work on."""
    if report is not None:
        if pair is not None:
            raise CheckerError("give --pair NAME or --report DIR, not both")
        if decisions is None:
            raise CheckerError(
                "--report goes with --decisions FILE (where the decisions for it are kept)"
            )
        return report.name, report, decisions
    from checker.manifest import read_manifest

    pairs = read_manifest(manifest)
    if pair is None:
        spec = pairs[0]
    else:
        found = [p for p in pairs if p.name == pair]
        if not found:
            names = ", ".join(p.name for p in pairs)
            raise CheckerError(f"no pair {pair!r} in {manifest}; its pairs are: {names}")
        spec = found[0]
    chosen = decisions or spec.decisions
    if chosen is None:
        raise CheckerError(f"pair {spec.name!r} has no decisions file; give --decisions FILE")
    return spec.name, spec.report_dir, chosen


def reviewer_name(reviewer: str | None) -> str:
    """Who is recorded as deciding: --reviewer, else git's user.name, else the login name.

    A fresh machine often has no git user name; refusing to start there made
    the first review fail for no reason an editor cares about. The login name
    is a fair default, but not an obvious one, so using it is said on stderr.
    """
    from checker.review import default_reviewer

    if reviewer is not None:
        if not reviewer.strip():
            raise CheckerError("--reviewer is empty; give a name or a role such as editor")
        return reviewer.strip()
    try:
        return default_reviewer()
    except CheckerError:
        try:
            login = getpass.getuser().strip()
        except (OSError, KeyError):  # no LOGNAME/USER and no password entry
            login = ""
        if not login:
            raise CheckerError(
                "no reviewer: give --reviewer NAME (a name or a role such as editor) "
                "or set `git config user.name`"
            ) from None
    typer.echo(
        f"checker: reviewer: {login} (the login name; git config user.name is not set; "
        "--reviewer NAME records another)",
        err=True,
    )
    return login


def _record_decision(
    snapshot: ReportSnapshot,
    decisions_path: Path,
    finding_id: str,
    status: str,
    note: str,
    reviewer: str | None,
) -> None:
    from checker.record import record_decision

    record_decision(
        snapshot, decisions_path, finding_id, status, note=note, reviewer=reviewer_name(reviewer)
    )
    typer.echo(f"{finding_id}: {status} ({decisions_path})")


def _record_baseline(
    snapshot: ReportSnapshot, decisions_path: Path, note: str, reviewer: str | None
) -> None:
    from checker.record import record_baseline

    if not note.strip():
        raise CheckerError(
            "--baseline needs --note saying why (e.g. 'present when the gate was adopted')"
        )
    accepted = record_baseline(
        snapshot, decisions_path, note=note, reviewer=reviewer_name(reviewer)
    )
    noun = "finding" if len(accepted) == 1 else "findings"
    typer.echo(
        f"baseline: {len(accepted)} undecided {noun} recorded as accepted ({decisions_path})"
    )


def _record_prune(snapshot: ReportSnapshot, decisions_path: Path) -> None:
    from checker.record import record_prune

    pruned = record_prune(snapshot, decisions_path)
    if pruned is None:
        typer.echo(f"prune: no decisions file at {decisions_path}; nothing to do")
        return
    removed, moved = pruned.removed, pruned.moved
    lines = [f"prune: removed {len(removed)} resolved, moved {len(moved)} ({decisions_path})"]
    lines += [f"  removed {finding_id}" for finding_id in removed]
    lines += [f"  moved {old} -> {new}" for old, new in moved]
    typer.echo("\n".join(lines))


def _listing(outcome: ReviewOutcome, decisions_path: Path, only: str | None) -> str:
    """One line per finding (id, status, scope, kind, severity, values), then resolved ones."""
    from checker.review import NEW, STATUSES

    allowed = (NEW, "regressed", "resolved", "decided", *STATUSES)
    if only is not None and only not in allowed:
        raise CheckerError(f"--only must be one of {', '.join(allowed)}, not {only!r}")

    lines = []
    for reviewed in outcome.reviewed:
        item = reviewed.item
        decided = reviewed.decision is not None and not reviewed.regressed
        tags = {reviewed.shown_status, reviewed.status} | ({"decided"} if decided else set())
        if only is None or only in tags:
            lines.append(
                f"{item.finding_id}  {reviewed.shown_status:<14}  {item.scope:<8}  "
                f"{item.kind:<6}  {item.severity:<4}  {item.src_value} → {item.tgt_value}"
            )
    for decision in outcome.resolved if only in (None, "resolved") else ():
        context = decision.context
        lines.append(
            f"{decision.finding_id}  {'resolved':<14}  {context.get('scope', ''):<8}  "
            f"{context.get('kind', ''):<6}  {context.get('severity', ''):<4}  "
            f"{decision.values()}  (was {decision.status})"
        )
    counts = outcome.counts()
    lines.append(
        f"{len(outcome.reviewed)} findings: {counts['new']} new, {counts['regressed']} regressed, "
        f"{counts['decided']} decided; {counts['resolved']} resolved decisions ({decisions_path})"
    )
    return "\n".join(lines)


def _show(outcome: ReviewOutcome, stored: dict[str, Decision], finding_id: str) -> str:
    """One finding in full: what, why, both sentences with the value marked, the decision."""
    reviewed = outcome.find(finding_id)
    if reviewed is None:
        decision = stored[finding_id]
        context = decision.context
        lines = [
            f"{finding_id}  resolved: no longer found in the last report",
            f"{context.get('scope', '?')} {context.get('kind', '?')}, "
            f"{context.get('severity', '?')}",
            "",
            f"source ({context.get('src_lang', '?')}), as decided:",
            f"  {context.get('src_sentence', '')}",
            f"  value: {context.get('src_value', '')} ({context.get('src_normalized', '')})",
            f"target ({context.get('tgt_lang', '?')}), as decided:",
            f"  {context.get('tgt_sentence', '')}",
            f"  value: {context.get('tgt_value', '')} ({context.get('tgt_normalized', '')})",
            "",
            f"decision: {decision.describe()}",
        ]
        return "\n".join(lines)
    item = reviewed.item
    lines = [
        f"{item.finding_id}  {reviewed.shown_status}",
        f"{item.scope} {item.kind}, {item.severity}, confidence {item.confidence:.3f}"
        + (f", slot {item.slot}" if item.slot else ""),
        item.explanation,
        "",
    ]
    for side, label in (("src", "source"), ("tgt", "target")):
        lang, line, section = (getattr(item, f"{side}_{k}") for k in ("lang", "line", "section"))
        sentence, value = getattr(item, f"{side}_sentence"), getattr(item, f"{side}_value")
        where = f"{label} ({lang}), line {line}" + (f", {section}" if section else "")
        start = sentence.find(value)
        marked = (
            f"{sentence[:start]}[[{value}]]{sentence[start + len(value) :]}"
            if value and start >= 0
            else sentence
        )
        lines += [
            f"{where}:",
            f"  {marked}",
            f"  value: {value} ({getattr(item, f'{side}_normalized')})",
        ]
    lines.append("")
    if reviewed.decision is None:
        lines.append(
            f"decision: none yet (checker review {item.finding_id} "
            "confirmed|false-positive|fixed|accepted --note TEXT)"
        )
    else:
        lines.append(f"decision: {reviewed.decision.describe()}")
        if reviewed.stored_as:
            lines.append(
                f"  (stored under {reviewed.stored_as}; `checker review --prune` moves it)"
            )
        if reviewed.regressed:
            lines.append("  regressed: decided fixed, but the articles disagree here again")
    return "\n".join(lines)
