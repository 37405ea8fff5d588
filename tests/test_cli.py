"""The command line as a user meets it: exit codes, one-line errors, help."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli.progress import LineProgress, RichProgress, make_progress
from tests.helpers import SEEDS, assert_one_line_error, run_cli, use_fake_encoder
from tests.review_fixtures import write_project


@pytest.fixture
def previous_report(tmp_path: Path) -> Path:
    """A report folder from an earlier good run, which a failed run must leave alone."""
    out = tmp_path / "report"
    out.mkdir()
    (out / "discrepancies.csv").write_text("finding_id\nF-1\n", encoding="utf-8")
    return out


def bad_input_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Stalin ble født i Gori i 1878. Han døde i 1953.\n".encode("cp1252"))
    return {
        "missing": (tmp_path / "nope.txt", "nope.txt"),
        "empty": (empty, "empty.txt"),
        "binary": (binary, "binary.txt"),
        "not utf-8": (latin, "latin.txt"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "not utf-8"])
def test_bad_article_gives_one_line_and_exit_2(
    case: str, tmp_path: Path, previous_report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, needle = bad_input_cases(tmp_path)[case]
    before = (previous_report / "discrepancies.csv").read_bytes()
    code, _, err = run_cli(
        ["check", str(path), str(SEEDS / "id.txt"), "--out", str(previous_report), "-q"], capsys
    )
    assert code == 2
    assert_one_line_error(err, needle)
    assert (previous_report / "discrepancies.csv").read_bytes() == before


def test_unknown_language_code_gives_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(
        [
            "check",
            str(SEEDS / "nb.txt"),
            str(SEEDS / "id.txt"),
            "--src-lang",
            "xx",
            "--out",
            str(tmp_path / "r"),
            "-q",
        ],
        capsys,
    )
    assert code == 2
    assert_one_line_error(err, "xx")
    assert not (tmp_path / "r").exists()


def test_same_language_twice_gives_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(
        ["check", str(SEEDS / "nb.txt"), str(SEEDS / "nb.txt"), "--out", str(tmp_path / "r"), "-q"],
        capsys,
    )
    assert code == 2
    assert_one_line_error(err, "both articles")


def test_unknown_option_gives_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["check", "--no-such-option"], capsys)
    assert code == 2
    assert_one_line_error(err, "--no-such-option")


def test_one_file_only_gives_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["check", str(SEEDS / "nb.txt")], capsys)
    assert code == 2
    assert_one_line_error(err, "two article files")


def test_missing_manifest_gives_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(["check", "--manifest", str(tmp_path / "pairs.toml")], capsys)
    assert code == 2
    assert_one_line_error(err, "pairs.toml")


def test_corrupt_manifest_gives_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    manifest = tmp_path / "pairs.toml"
    manifest.write_text("[[pair]]\nname = 'x'\nsrc = \n", encoding="utf-8")
    code, _, err = run_cli(["check", "--manifest", str(manifest)], capsys)
    assert code == 2
    assert_one_line_error(err, "not valid TOML")


@pytest.mark.parametrize("command", [[], ["check"], ["evaluate"], ["prepare-model"], ["version"]])
def test_every_command_explains_itself(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli([*command, "--help"], capsys)
    assert code == 0
    assert "Usage: checker" in out
    assert len(out.splitlines()) > 3


def test_python_dash_m_help_works() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "checker", "--help"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert "check" in completed.stdout and "evaluate" in completed.stdout


#: Modules that cost seconds to import; none may load before a command needs it.
HEAVY = (
    "torch",
    "pandas",
    "sentence_transformers",
    "transformers",
    "numpy",
    "onnxruntime",
    "onnx",
    "tokenizers",
)


def _imported_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """Which of ``HEAVY`` a fresh interpreter has imported after running ``code``."""
    script = f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    imported: list[str] = ast.literal_eval(completed.stdout.strip().splitlines()[-1])
    return imported


def test_help_does_not_import_heavy_libraries() -> None:
    """`checker --help` must stay fast: numpy, pandas and the model runtimes load on demand."""
    assert _imported_after("from checker.cli import app") == []
    assert (
        _imported_after(
            "from checker.cli import main\n"
            "try:\n    main(['check', '--help'])\nexcept SystemExit:\n    pass"
        )
        == []
    )


def test_no_model_runtime_loads_until_something_is_embedded(tmp_path: Path) -> None:
    """Building the encoder, and a run whose sentences are all cached, import neither
    onnxruntime nor torch (nor the tokenizer)."""
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path)}
    code = (
        "from checker.config import CheckConfig\n"
        "from checker.pipeline import make_encoder\n"
        "for backend in ('onnx', 'onnx-int8', 'torch'):\n"
        "    make_encoder(CheckConfig(backend=backend)).encode([])"
    )
    imported = _imported_after(code, env)
    runtimes = {"torch", "sentence_transformers", "transformers", "onnxruntime", "onnx"}
    assert runtimes.isdisjoint(imported) and "tokenizers" not in imported, imported


def test_onnx_backend_with_another_model_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(
        [
            "check",
            str(SEEDS / "nb.txt"),
            str(SEEDS / "id.txt"),
            "--backend",
            "onnx",
            "--model",
            "some/model",
            "--out",
            str(tmp_path / "r"),
            "-q",
        ],
        capsys,
    )
    assert code == 2
    assert_one_line_error(err, "--backend torch")


def test_unknown_backend_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["check", "--backend", "tensorflow"], capsys)
    assert code == 2
    assert_one_line_error(err, "--backend")


def test_a_model_build_shows_as_its_own_stage_inside_the_embedding_stage() -> None:
    """The CLI's display nests stages: the build's bar appears under `embed`, then goes."""
    progress = RichProgress()
    progress.start("embed", 1514)
    progress.start("prepare model (onnx fp32)", 5)
    shown = [task.description for task in progress._progress.tasks]
    assert shown == ["embed", "prepare model (onnx fp32)"]
    for _ in range(5):
        progress.advance(1)
    assert progress._progress.tasks[-1].completed == 5
    progress.finish()
    assert [task.description for task in progress._progress.tasks] == ["embed"]
    progress.advance(1514)
    progress.finish()
    assert progress._progress.tasks == []
    progress.start("embed", 10)  # the next pair reuses the display
    progress.finish()


# --- Progress ------------------------------------------------------------------------


def test_without_a_terminal_each_stage_is_one_line_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In CI or a pipe, a long stage is announced when it starts and timed when it ends."""
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    use_fake_encoder(monkeypatch)
    code, out, err = run_cli(["check"], capsys)
    assert code == 0, err
    assert re.fullmatch(r"embed: \d+ texts \.\.\. done in \d+\.\d s", err.strip()), err
    assert "\x1b" not in err  # no terminal control codes in a log
    assert "aligned pairs" in out


def test_quiet_prints_no_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    use_fake_encoder(monkeypatch)
    assert run_cli(["check", "-q"], capsys) == (0, "", "")


def test_the_line_progress_takes_any_stage_name() -> None:
    """A stage the CLI has no unit for (model conversion, say) still gets its line."""
    stream = io.StringIO()
    progress = LineProgress(stream)
    progress.start("convert model", 3)
    progress.advance(3)
    progress.start("load model")  # ends the previous line first
    progress.finish()
    progress.finish()  # a second finish adds nothing
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert re.fullmatch(r"convert model: 3 steps \.\.\. done in \d+\.\d s", lines[0])
    assert re.fullmatch(r"load model: \.\.\. done in \d+\.\d s", lines[1])


def test_a_terminal_gets_progress_bars(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    assert isinstance(make_progress(), RichProgress)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(make_progress(), LineProgress)


def test_the_line_progress_gives_a_model_build_its_own_line_inside_embed() -> None:
    """In a log: the build inside the embedding stage, then the embedding stage's own end."""
    stream = io.StringIO()
    progress = LineProgress(stream)
    progress.start("embed", 1514)
    progress.start("prepare model (onnx fp32)", 5)
    progress.advance(5)
    progress.finish()
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert lines[0] == "embed: 1514 texts ..."
    assert re.fullmatch(r"prepare model \(onnx fp32\): 5 steps \.\.\. done in \d+\.\d s", lines[1])
    assert re.fullmatch(r"embed: \.\.\. done in \d+\.\d s", lines[2])
