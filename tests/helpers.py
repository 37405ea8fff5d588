"""What many test files need: where the project's files are, and the command line as a user runs it.

One copy here instead of one per test file, so that a change in how the CLI
exits or where the seeds live is made once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import main
from tests.fakes import TrigramEncoder

#: The checkout: README, seeds/, eval/gold/, .ci/run.
ROOT = Path(__file__).resolve().parent.parent
#: The seed pair (Norwegian ``nb.txt``, Indonesian ``id.txt``).
SEEDS = ROOT / "seeds" / "stalin"
#: The development gold set shipped with the project.
GOLD = ROOT / "eval" / "gold"


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command line as a user would; return exit code, stdout, stderr.

    Goes through ``checker.cli.main``, the console script's entry point, so the
    exit codes and one-line errors are those a user sees.
    """
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def assert_one_line_error(err: str, *needles: str) -> None:
    """DESIGN.md's contract for bad input: one line on stderr, no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("checker: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def use_fake_encoder(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make `checker check` use the trigram encoder; returns a list that counts loads."""
    loads: list[int] = []

    def fake(_config: object, _progress: object = None) -> TrigramEncoder:
        loads.append(1)
        return TrigramEncoder()

    monkeypatch.setattr("checker.pipeline.make_encoder", fake)
    return loads
