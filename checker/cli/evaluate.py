"""`checker evaluate`: a report scored against a gold set, or the mutation self-test."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checker.cli.base import app, configure_logging
from checker.cli.options import ManifestOption
from checker.config import DEFAULT_MODEL
from checker.errors import CheckerError
from checker.manifest import DEFAULT_MANIFEST

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
    configure_logging(quiet=False, verbose=False)
    if mutate is not None:
        if pairs != GOLD_PAIRS or conflicts != GOLD_CONFLICTS or report is not None:
            raise CheckerError("--mutate needs no gold files; drop --pairs, --conflicts, --report")
        if mutate < 1:
            raise CheckerError(f"--mutate must be at least 1, not {mutate}")
        from checker.mutate import format_mutation_report, self_test

        result = self_test(
            src,
            tgt,
            count=mutate,
            seed=seed,
            manifest=manifest,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            model=model,
            keep=keep,
        )
        text = format_mutation_report(result)
        if keep is not None:
            text += f"\nmutated copy and its reports: {result.mutated_path}, {keep / 'report'}"
        typer.echo(text)
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
