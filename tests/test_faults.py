"""Faults a user meets: articles checker cannot read as asked, interrupted runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import SEEDS, run_cli, use_fake_encoder

GERMAN = (
    "Josef Stalin war ein sowjetischer Politiker georgischer Herkunft. Er war von 1927 bis "
    "zu seinem Tod im Jahr 1953 der Diktator der Sowjetunion. Unter seiner Herrschaft wurden "
    "Millionen Menschen verfolgt, deportiert und ermordet, und die Landwirtschaft wurde "
    "zwangsweise kollektiviert, was zu großen Hungersnöten führte.\n"
)


def test_article_in_a_language_without_data_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    german = tmp_path / "de.txt"
    german.write_text(GERMAN, encoding="utf-8")
    code, _, err = run_cli(
        ["check", str(german), str(SEEDS / "id.txt"), "--out", str(tmp_path / "r"), "-q"], capsys
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "'de'" in err and "--src-lang" in err
    assert not (tmp_path / "r").exists()


def test_unwritable_report_folder_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_fake_encoder(monkeypatch)  # the run gets as far as writing; the model is not the point
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    tiny_src = tmp_path / "nb.txt"
    tiny_tgt = tmp_path / "id.txt"
    tiny_src.write_text("Stalin ble født i 1879 i Gori.\n", encoding="utf-8")
    tiny_tgt.write_text("Stalin lahir pada 18 Desember 1878 di Gori.\n", encoding="utf-8")
    code, _, err = run_cli(
        [
            "check",
            str(tiny_src),
            str(tiny_tgt),
            "--src-lang",
            "nb",
            "--tgt-lang",
            "id",
            "--out",
            str(blocker / "report"),
            "-q",
        ],
        capsys,
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.model
def test_interrupted_run_keeps_the_previous_report(tmp_path: Path) -> None:
    """Ctrl-C in the middle of a run: exit 130, the earlier report intact, no debris."""
    out = tmp_path / "report"
    out.mkdir()
    earlier = {
        name: f"earlier {name}\n".encode() for name in ("discrepancies.csv", "alignment.csv")
    }
    for name, content in earlier.items():
        (out / name).write_bytes(content)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checker",
            "check",
            str(SEEDS / "nb.txt"),
            str(SEEDS / "id.txt"),
            "--out",
            str(out),
            "--no-cache",
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    time.sleep(4)  # inside model loading or embedding: a cold run takes far longer
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"Traceback" not in err
    for name, content in earlier.items():
        assert (out / name).read_bytes() == content
    assert sorted(p.name for p in out.iterdir()) == sorted(earlier)
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_broken_model_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged --model folder: exit 2 and a message naming it, no traceback."""
    model = tmp_path / "model"
    model.mkdir()
    (model / "modules.json").write_text("[]", encoding="utf-8")
    code, _, err = run_cli(
        [
            "check",
            str(SEEDS / "nb.txt"),
            str(SEEDS / "id.txt"),
            "--model",
            str(model),
            "--no-cache",
            "--out",
            str(tmp_path / "r"),
            "-q",
        ],
        capsys,
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert str(model) in err
    assert not (tmp_path / "r").exists()
