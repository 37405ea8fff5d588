"""The typer app that every command module adds to, the exit codes, logging, and `main`.

`main` is the console script's entry point: every ``CheckerError`` becomes one
line on stderr and exit code 2; Ctrl-C exits 130.
"""

from __future__ import annotations

import logging
import sys

import typer

from checker.errors import CheckerError

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


def configure_logging(quiet: bool, verbose: bool) -> None:
    """Log to stderr: errors only with --quiet, each stage's steps with --verbose."""
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


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
