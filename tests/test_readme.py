"""The README's commands, run as written; every command documented.

Every line of the README's ``sh`` blocks is a command a new user will paste.
They are run here in README order, in a copy of the checkout, as sqlite-utils
tests its documentation, so that an example that no longer works (an id that
does not exist, an option renamed, a default path that is not shipped) fails
the suite instead of a user's first hour:

- ``.venv/bin/checker ...`` lines run through the console script's entry point,
  once on a small pair with the fake encoder (fast) and once on the seeds with
  the real model (marked ``model``); the real model is loaded once for all of
  them, which is the only difference from typing them one by one;
- the install line and ``nox -s lint tests`` are what ``.ci/run`` runs, so CI
  runs them as written (quietly: ``pip install -q``); other ``nox`` lines must
  name sessions of the noxfile (running them here would run the suite inside
  itself);
- any other kind of line fails until this file learns to run it.

``checker serve`` serves until Ctrl-C: here the page is fetched once, then the
server gets the Ctrl-C, and the command must exit 130 as a user's would.
"""

from __future__ import annotations

import http.client
import re
import runpy
import shlex
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from checker.cli import app
from checker.config import CheckConfig
from checker.embedding import Encoder
from checker.pipeline import Progress
from checker.serve import HOST, ReviewServer
from tests.helpers import GOLD, ROOT, SEEDS, run_cli, use_fake_encoder
from tests.review_fixtures import ID, NB

README = ROOT / "README.md"
CHECKER = ".venv/bin/checker"
NOX = ".venv/bin/nox"
PIP = ".venv/bin/pip"

#: Exit codes other than 0 that a README command has by design, by its exact text.
EXPECTED_CODES = {
    # The seeds' findings are all undecided when the gate first runs: it fails.
    ".venv/bin/checker check --fail-on new": 1,
}
#: `checker serve` is stopped with Ctrl-C, which is exit code 130.
INTERRUPTED = 130


@dataclass(frozen=True)
class Command:
    """One command line of a README ``sh`` block."""

    line: str  # as written, without the trailing comment
    argv: tuple[str, ...]
    number: int  # line number in the README
    block: int  # 0 for the first sh block

    def __str__(self) -> str:
        return f"README.md line {self.number}: {self.line}"


def readme_commands() -> list[Command]:
    """Every command of the README's ``sh`` blocks, in order."""
    commands: list[Command] = []
    in_sh = False
    block = -1
    for number, raw in enumerate(README.read_text(encoding="utf-8").splitlines(), start=1):
        fence = raw.strip()
        if fence.startswith("```"):
            in_sh = not in_sh and fence == "```sh"
            block += in_sh
            continue
        if not in_sh or not fence:
            continue
        argv = tuple(shlex.split(fence, comments=True))
        line = shlex.join(argv) if argv else ""
        if argv:
            commands.append(Command(line, argv, number, block))
    return commands


def checker_commands() -> list[Command]:
    return [c for c in readme_commands() if c.argv[0] == CHECKER]


def expected_code(command: Command) -> int:
    if command.argv[1] == "serve":
        return INTERRUPTED
    return EXPECTED_CODES.get(command.line, 0)


def command_names() -> list[str]:
    return sorted(c.name for c in typer.main.get_command(app).commands.values())


# --- Fast checks: the README and the command line agree -------------------------------


def test_every_readme_line_is_a_kind_of_command_this_test_runs() -> None:
    commands = readme_commands()
    assert len(checker_commands()) >= 15
    for command in commands:
        if command.argv[0] in (CHECKER, NOX) and "&&" not in command.argv:
            continue
        # The install commands: a venv, or the dev extra added to it, then `&&` the rest.
        assert command.argv[:4] == ("python3", "-m", "venv", ".venv") or command.argv[:2] == (
            PIP,
            "install",
        ), f"{command}: not a command tests/test_readme.py knows how to run"


def test_the_first_commands_are_what_ci_runs() -> None:
    """The install line and the test command: .ci/run runs them as written (pip quietly)."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci = [shlex.split(line, comments=True) for line in script.splitlines()]
    ci_commands = {tuple(arg for arg in argv if arg != "-q") for argv in ci if argv}
    first = [c for c in readme_commands() if c.block == 0]
    assert [c.argv[0] for c in first] == ["python3", PIP]
    assert first[1].argv[-4:] == (NOX, "-s", "lint", "tests")
    for command in first:
        assert command.argv in ci_commands, f"{command}: .ci/run does not run it"


def test_every_nox_session_in_the_readme_exists() -> None:
    import nox.registry

    runpy.run_path(str(ROOT / "noxfile.py"))
    sessions = set(nox.registry.get())
    for command in readme_commands():
        if command.argv[0] == NOX:
            assert command.argv[1] == "-s", command
            named = [arg for arg in command.argv[2:] if arg != "--"]
            assert set(named) <= sessions, f"{command}: no such nox session"


def test_every_readme_checker_command_parses() -> None:
    """Options and arguments are checked without running anything (fast, no model)."""
    group = typer.main.get_command(app)
    for command in checker_commands():
        args = list(command.argv[1:])
        if "--help" in args:
            continue
        parent = typer.Context(group, info_name="checker")
        sub = group.get_command(parent, args[0])
        assert sub is not None, f"{command}: no command {args[0]!r}"
        try:
            sub.make_context(args[0], args[1:], parent=parent)
        except typer.TyperException as error:  # an unknown option, a bad value, ...
            pytest.fail(f"{command}: {error}")


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_is_in_the_readme(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    command = typer.main.get_command(app).commands[name]
    assert (command.help or "").strip(), f"checker {name} has no help text"
    code, out, _ = run_cli([name, "--help"], capsys)
    assert code == 0 and f"Usage: checker {name}" in out
    assert any(c.argv[1] == name for c in checker_commands()), (
        f"checker {name} is in no command of the README's sh blocks"
    )


def test_every_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"checker {name} {param.opts[0]} has no help"


# --- Running them ----------------------------------------------------------------------


def copy_checkout(root: Path) -> Path:
    """What a fresh clone has that the commands read: seeds (no decisions yet) and eval/gold."""
    shutil.copytree(
        ROOT / "seeds", root / "seeds", ignore=shutil.ignore_patterns("*.decisions.toml")
    )
    shutil.copytree(GOLD, root / "eval" / "gold")
    (root / "reports").mkdir()
    return root


def serve_once(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make `checker serve` answer one page request, then get the editor's Ctrl-C."""
    answered: list[int] = []
    serve_forever = ReviewServer.serve_forever

    def briefly(server: ReviewServer) -> None:
        thread = threading.Thread(target=serve_forever, args=(server,), daemon=True)
        thread.start()
        connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
        connection.request("GET", "/")
        answered.append(connection.getresponse().status)
        connection.close()
        server.shutdown()
        thread.join(timeout=5)
        raise KeyboardInterrupt

    monkeypatch.setattr(ReviewServer, "serve_forever", briefly)
    monkeypatch.delenv("DISPLAY", raising=False)  # no desktop: nothing is opened
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return answered


def run_readme(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run every checker command of the README in order, in ``root``; each as it should end."""
    monkeypatch.chdir(root)
    answered = serve_once(monkeypatch)
    for command in checker_commands():
        code, out, err = run_cli(list(command.argv[1:]), capsys)
        report = (
            f"{command}\nexit code {code}\n--- stdout\n{out[-2000:]}\n--- stderr\n{err[-2000:]}"
        )
        assert code == expected_code(command), report
        assert "Traceback" not in err, report
        if code == 0:
            assert "checker: error" not in err, report
    assert answered and set(answered) == {200}


def small_seeds(root: Path) -> None:
    """The seeds replaced by a few lines: each seed's first line, then the review tests' pair.

    The first lines hold the birth-year finding the README decides, whose id
    depends only on the values and the words next to them, so it is the same
    finding id as on the whole seeds.
    """
    for name, body in (("nb", NB), ("id", ID)):
        lead = (SEEDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
        rest = body.split("\n", 1)[1]
        (root / "seeds" / "stalin" / f"{name}.txt").write_text(f"{lead}\n{rest}", "utf-8")


def test_readme_commands_run_as_written_on_a_small_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fast run: the same commands on a small stand-in for the seeds, with the fake encoder."""
    root = copy_checkout(tmp_path)
    small_seeds(root)
    use_fake_encoder(monkeypatch)
    run_readme(root, monkeypatch, capsys)
    summary = (root / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "the gate passes" in summary


def one_real_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real model, loaded once for all the commands instead of once per command."""
    from checker import pipeline

    make: Callable[[CheckConfig, Progress | None], Encoder] = pipeline.make_encoder
    loaded: dict[CheckConfig, Encoder] = {}

    def shared(config: CheckConfig, progress: Progress | None = None) -> Encoder:
        if config not in loaded:
            loaded[config] = make(config, progress)
        return loaded[config]

    monkeypatch.setattr("checker.pipeline.make_encoder", shared)


@pytest.mark.model
def test_readme_commands_run_as_written_on_the_seeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a user gets: the real seeds and the real model."""
    root = copy_checkout(tmp_path)
    one_real_encoder(monkeypatch)
    run_readme(root, monkeypatch, capsys)
    decisions = (root / "seeds" / "stalin.decisions.toml").read_text(encoding="utf-8")
    assert re.search(r'^\[F-261c[0-9a-f]{8}\]\nstatus = "confirmed"$', decisions, re.M)


# --- docs/contract.md ------------------------------------------------------------------


def contract_table(heading: str) -> list[str]:
    """The first cells of the table under a heading of docs/contract.md."""
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1]
    rows = [line for line in section.split("\n\n#", 1)[0].splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip() for row in rows[2:]]  # past the header and the rule


def test_the_contract_lists_the_csv_columns_in_their_order() -> None:
    from checker.report import DISCREPANCY_COLUMNS

    cells = contract_table("### `discrepancies.csv`")
    documented = [name for cell in cells for name in re.findall(r"`([a-z_]+)`", cell)]
    assert tuple(documented) == DISCREPANCY_COLUMNS


def test_the_contract_lists_every_exit_code() -> None:
    from checker import cli

    codes = {cli.EXIT_OK, cli.EXIT_GATE, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED}
    assert {int(cell.strip("`")) for cell in contract_table("## Exit codes")} == codes
