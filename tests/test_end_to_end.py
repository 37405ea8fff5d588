"""`checker check` on the seed pair with the real model, as a user runs it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checker.cli import main
from tests.helpers import SEEDS

pytestmark = pytest.mark.model

REQUIRED_COLUMNS = [
    "finding_id",
    "kind",
    "severity",
    "confidence",
    "src_lang",
    "tgt_lang",
    "src_value",
    "tgt_value",
    "src_normalized",
    "tgt_normalized",
    "src_sentence",
    "tgt_sentence",
    "src_section",
    "tgt_section",
    "src_line",
    "tgt_line",
    "alignment_score",
    "explanation",
    "review_status",
]


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(SEEDS / "nb.txt"), str(SEEDS / "id.txt"), "--out", str(out), "-q"])
    assert exit_info.value.code == 0
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_all_four_reports_are_written(seed_report: Path) -> None:
    for name in ("discrepancies.csv", "discrepancies.html", "discrepancies.json", "alignment.csv"):
        assert (seed_report / name).stat().st_size > 0
    header = (seed_report / "discrepancies.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[: len(REQUIRED_COLUMNS)] == REQUIRED_COLUMNS
    assert not (seed_report / "discrepancies.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_languages_are_detected(seed_report: Path) -> None:
    run = json.loads((seed_report / "discrepancies.json").read_text(encoding="utf-8"))["run"]
    assert (run["src_lang"], run["tgt_lang"]) == ("nb", "id")
    assert len(run["src_sha256"]) == 64


def test_birth_year_disagreement_is_found(seed_report: Path) -> None:
    rows = read_rows(seed_report / "discrepancies.csv")
    birth = [
        r
        for r in rows
        if r["src_lang"] != r["tgt_lang"]
        and "1879" in r["src_value"]
        and "1878" in r["tgt_normalized"]
    ]
    assert birth, "the lead's 1879 vs 18 December 1878 is not reported"
    assert birth[0]["kind"] == "date" and birth[0]["severity"] == "hard"
    assert birth[0]["src_line"] == "1" and birth[0]["tgt_line"] == "1"


def test_great_terror_execution_figures_are_found(seed_report: Path) -> None:
    rows = read_rows(seed_report / "discrepancies.csv")
    terror = [
        r
        for r in rows
        if r["src_lang"] != r["tgt_lang"]
        and r["kind"] == "number"
        and "1,5 millioner" in r["src_sentence"]
        and "700.000" in r["tgt_sentence"]
    ]
    assert terror, "1,5 millioner vs 700.000 executions is not reported"


def test_every_aligned_row_quotes_the_input_files(seed_report: Path) -> None:
    src_lines = (SEEDS / "nb.txt").read_text(encoding="utf-8").splitlines()
    tgt_lines = (SEEDS / "id.txt").read_text(encoding="utf-8").splitlines()
    rows = read_rows(seed_report / "alignment.csv")
    assert rows
    for row in rows:
        assert row["src_sentence"] in src_lines[int(row["src_line"]) - 1]
        assert row["tgt_sentence"] in tgt_lines[int(row["tgt_line"]) - 1]
        assert 0.0 <= float(row["score"]) <= 1.0


def test_second_run_is_byte_identical(seed_report: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["check", str(SEEDS / "nb.txt"), str(SEEDS / "id.txt"), "--out", str(tmp_path), "-q"])
    for name in ("discrepancies.csv", "discrepancies.json", "alignment.csv"):
        assert (tmp_path / name).read_bytes() == (seed_report / name).read_bytes()
