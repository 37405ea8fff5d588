"""Three seed editions (nb, id, en) with the real model: the birth-year outlier comes out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checker.cli import main
from checker.languages import available_languages

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif("en" not in available_languages(), reason="needs the English data file"),
]

SEEDS = Path(__file__).parent.parent / "seeds" / "stalin"


@pytest.fixture(scope="module")
def article_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (SEEDS / "en.txt").is_file():
        pytest.skip("needs the English seed edition")
    out = tmp_path_factory.mktemp("stalin3")
    files = [str(SEEDS / f"{lang}.txt") for lang in ("nb", "id", "en")]
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *files, "--out", str(out), "-q"])
    assert exit_info.value.code == 0
    return out


def test_three_pair_reports_and_the_outliers_are_written(article_report: Path) -> None:
    for pair in ("nb-id", "nb-en", "id-en"):
        run = json.loads((article_report / pair / "discrepancies.json").read_text("utf-8"))["run"]
        assert f"{run['src_lang']}-{run['tgt_lang']}" == pair
    assert (article_report / "outliers.html").stat().st_size > 0


def test_the_norwegian_birth_year_is_the_outlier(article_report: Path) -> None:
    with (article_report / "outliers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    birth = [r for r in rows if r["outlier_lang"] == "nb" and "1879" in r["outlier_value"]]
    assert birth, "the lead's 1879 against 18 December 1878 is not an outlier"
    row = birth[0]
    assert row["kind"] == "date" and row["agreeing_langs"] == "en id"
    assert row["explanation"] == (
        "The Norwegian Bokmål edition dates the birth to 1879; "
        "the English and Indonesian editions give 18 December 1878."
    )
    assert set(json.loads(row["values_by_lang"])) == {"nb", "id", "en"}
