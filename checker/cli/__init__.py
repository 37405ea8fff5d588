"""The command line: thin wrappers that build a config, call the library, print.

One module per command (`check`, `review`, `serve`, `evaluate`, `model` for
``prepare-model`` and ``version``), each adding itself to the typer app of
`base`, which also holds the exit codes and `main`, the console script's entry
point; `options` holds the options several commands share and `progress` the
progress displays.

Heavy modules (numpy, onnxruntime, torch) are imported inside the commands, so
`checker --help` stays fast. Every ``CheckerError`` becomes one line on stderr
and exit code 2; Ctrl-C exits 130.
"""

# The command modules are imported for their effect, in the order `--help` lists them.
from checker.cli import check, review, serve, evaluate, model  # noqa: F401  # isort: skip
from checker.cli.base import EXIT_GATE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, app, main

__all__ = ["EXIT_GATE", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "app", "main"]
