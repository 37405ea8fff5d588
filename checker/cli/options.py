"""Options that several commands share, and the choices of ``--backend`` and ``--fail-on``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

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
