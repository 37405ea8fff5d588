"""`checker serve`: the review page of a pair's last report, on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli.base import app, configure_logging
from checker.cli.options import (
    DecisionsOption,
    ManifestOption,
    PairOption,
    ReportOption,
    ReviewerOption,
)
from checker.cli.review import review_target, reviewer_name
from checker.errors import CheckerError
from checker.manifest import DEFAULT_MANIFEST


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
    configure_logging(quiet=False, verbose=False)
    from checker.serve import ReviewServer

    name, report_dir, decisions_path = review_target(pair, report, decisions, manifest)
    if not 0 <= port <= 65535:
        raise CheckerError(f"--port must be between 0 and 65535, not {port}")
    server = ReviewServer(
        report_dir, decisions_path, reviewer=reviewer_name(reviewer), name=name, port=port
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
