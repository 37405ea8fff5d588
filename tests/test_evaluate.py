"""Evaluation: each scoring rule of eval/gold/README.md, on small hand-written reports."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from checker.errors import GoldFileError
from checker.evaluate import (
    Evaluation,
    Tally,
    evaluate,
    format_evaluation,
    normalize_text,
    sentences_match,
)
from checker.report import write_reports
from tests.helpers import GOLD, SEEDS, assert_one_line_error, run_cli, use_fake_encoder
from tests.review_fixtures import write_project

ALIGN_HEADER = ["src_sentence", "tgt_sentence", "src_line", "tgt_line", "score"]
FINDING_HEADER = ["finding_id", "src_lang", "tgt_lang", "src_sentence", "tgt_sentence"]

# Ten characters each: one substitution gives fuzz.ratio exactly 90.
TEN_A, TEN_B = "Gori 1878.", "Gori 1879."
# Nine characters each: one substitution gives 88.9.
NINE_A, NINE_B = "Gori 1878", "Gori 1879"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def pair(pid: str, src: str, tgt: str, verdict: str = "partial") -> dict[str, Any]:
    return {"id": pid, "src": src, "tgt": tgt, "verdict": verdict, "src_line": 1, "tgt_line": 1}


def conflict(
    cid: str,
    src_quote: str,
    tgt_quote: str,
    *,
    scope: str = "cross",
    severity: str = "hard",
    checkable: bool = True,
) -> dict[str, Any]:
    return {
        "id": cid,
        "scope": scope,
        "kind": "date",
        "severity": severity,
        "src_quote": src_quote,
        "tgt_quote": tgt_quote,
        "checkable": checkable,
    }


def run(
    tmp_path: Path,
    *,
    aligned: list[tuple[str, str]] = (),  # type: ignore[assignment]
    findings: list[tuple[str, str, str, str]] = (),  # type: ignore[assignment]
    pairs: list[dict[str, Any]] = (),  # type: ignore[assignment]
    conflicts: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> Evaluation:
    """Write a report folder and gold files, and evaluate them."""
    report = tmp_path / "report"
    report.mkdir()
    write_csv(
        report / "alignment.csv",
        ALIGN_HEADER,
        [[s, t, "1", "1", "0.900"] for s, t in aligned],
    )
    write_csv(
        report / "discrepancies.csv",
        FINDING_HEADER,
        [[f"F-{i}", sl, tl, s, t] for i, (sl, tl, s, t) in enumerate(findings)],
    )
    return evaluate(
        report,
        write_jsonl(tmp_path / "pairs.jsonl", list(pairs)),
        write_jsonl(tmp_path / "conflicts.jsonl", list(conflicts)),
    )


# --- Matching ------------------------------------------------------------------


def test_normalisation_is_nfc_and_collapsed_space() -> None:
    assert normalize_text("  Fo\u0308dt\u00a0 i\t\n1878 ") == "F\u00f6dt i 1878"


def test_the_ratio_fixtures_sit_on_the_threshold() -> None:
    assert fuzz.ratio(TEN_A, TEN_B) == 90.0
    assert fuzz.ratio(NINE_A, NINE_B) < 90.0


@given(st.text(max_size=30), st.text(max_size=30))
def test_matching_is_symmetric(a: str, b: str) -> None:
    a, b = normalize_text(a), normalize_text(b)
    assert sentences_match(a, b) == sentences_match(b, a)


@given(
    st.lists(st.text("ab ", max_size=12), max_size=6),
    st.text("ab ", max_size=12),
)
def test_fast_matching_agrees_with_the_reference_rule(report: list[str], gold: str) -> None:
    from checker.evaluate.matching import _SentenceIndex

    texts = [normalize_text(t) for t in report]
    gold = normalize_text(gold)
    expected = {i for i, text in enumerate(texts) if sentences_match(gold, text)}
    assert _SentenceIndex(texts).rows_matching(gold) == expected


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(text: str) -> None:
    assert normalize_text(normalize_text(text)) == normalize_text(text)


# --- Alignment -----------------------------------------------------------------


def test_pair_found_by_containment_either_way(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        aligned=[
            # The report merged two sentences: it contains the gold one.
            ("Han ble født i Gori. Faren var skomaker.", "Ia lahir di Gori."),
            # The report split one: the gold sentence contains it.
            ("Han døde i 1953.", "Ia meninggal pada 5 Maret 1953"),
        ],
        pairs=[
            pair("p1", "Han ble født i Gori.", "Ia lahir di Gori."),
            pair("p2", "Han døde i 1953. Han ble gravlagt.", "Ia meninggal pada 5 Maret 1953."),
        ],
    )
    assert ev.pairs == Tally(2, 2)
    assert ev.missed_pairs == ()


def test_pair_found_by_ratio_at_least_90(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        aligned=[(TEN_A, TEN_A), (NINE_A, NINE_A)],
        pairs=[pair("ten", TEN_B, TEN_A), pair("nine", NINE_B, NINE_A)],
    )
    assert ev.pairs == Tally(1, 2)
    assert ev.missed_pairs == ("nine",)


def test_pair_needs_one_row_matching_both_sentences(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        aligned=[("Han ble født i Gori.", "Something else."), ("Other.", "Ia lahir di Gori.")],
        pairs=[pair("p1", "Han ble født i Gori.", "Ia lahir di Gori.")],
    )
    assert ev.pairs == Tally(0, 1)


def test_pair_matching_uses_normalised_text(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        aligned=[("Han ble  fo\u0308dt\u00a0i Gori.", "Ia lahir\ndi Gori.")],
        pairs=[pair("p1", "Han ble født i Gori.", "Ia lahir di Gori.")],
    )
    assert ev.pairs == Tally(1, 1)


def test_pairs_per_aligned_source_sentence(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        aligned=[("A one.", "X"), ("A  one.", "Y"), ("A one.", "Z"), ("B two.", "X")],
    )
    assert ev.aligned_rows == 4
    assert ev.aligned_src_sentences == 2
    assert ev.pairs_per_src == 2.0


def test_empty_report_sentence_matches_nothing(tmp_path: Path) -> None:
    ev = run(tmp_path, aligned=[("", "")], pairs=[pair("p1", "Han ble født.", "Ia lahir.")])
    assert ev.pairs == Tally(0, 1)


# --- Conflicts -----------------------------------------------------------------

SRC = "Josef Stalin (1879–1953) var Sovjetunionens leder."
TGT = "Josef Stalin (18 Desember 1878 – 5 Maret 1953) adalah pemimpin."
NB2 = "Stalin ble født 18. desember 1878 i Gori."


def test_cross_conflict_needs_both_quotes_and_two_languages(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[("nb", "id", SRC, TGT)],
        conflicts=[
            conflict("found", "(1879–1953)", "18 Desember 1878"),
            conflict("tgt-quote-absent", "(1879–1953)", "18 Desember 1879"),
            conflict("swapped", "18 Desember 1878", "(1879–1953)"),
        ],
    )
    assert ev.hard == Tally(1, 3)
    assert ev.missed_conflicts == ("tgt-quote-absent", "swapped")


def test_cross_conflict_quotes_are_normalised(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[("nb", "id", SRC.replace(" ", "  "), TGT)],
        conflicts=[conflict("c", "Stalin\n(1879–1953)", "18\u00a0Desember 1878")],
    )
    assert ev.hard == Tally(1, 1)


def test_quotes_are_not_fuzzy_matched(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[("nb", "id", SRC, TGT)],
        conflicts=[conflict("c", "(1879-1953)", "18 Desember 1878")],  # hyphen, not en dash
    )
    assert ev.hard == Tally(0, 1)


def test_internal_conflict_in_either_order_and_only_on_internal_rows(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[("nb", "nb", NB2, SRC), ("nb", "id", SRC, NB2)],
        conflicts=[
            conflict("reversed", "(1879–1953)", "18. desember 1878", scope="internal"),
            conflict("no-row", "Sovjetunionens", "Desember", scope="internal"),
            conflict("cross-row-only", "Josef", "Gori"),
        ],
    )
    assert ev.internal == Tally(1, 2)
    # The cross row holds "Josef" in its src and "Gori" in its tgt.
    assert ev.hard == Tally(1, 1)
    assert ev.missed_conflicts == ("no-row",)


def test_recall_by_severity_scope_and_checkable(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[("nb", "id", SRC, TGT), ("nb", "nb", SRC, NB2)],
        conflicts=[
            conflict("hard-found", "1879", "1878"),
            conflict("hard-missed", "leder", "Gori"),
            conflict("soft-found", "Sovjetunionens", "pemimpin", severity="soft"),
            conflict("internal-found", "Gori", "1879", scope="internal"),
            conflict("unchecked-found", "Josef", "Josef", checkable=False),
            conflict("unchecked-missed", "Lenin", "Lenin", checkable=False, severity="soft"),
        ],
    )
    assert ev.hard == Tally(1, 2)
    assert ev.soft == Tally(1, 1)
    assert ev.internal == Tally(1, 1)
    assert ev.checkable == Tally(3, 4)
    assert ev.all_conflicts == Tally(4, 6)
    assert ev.findings == 2
    assert ev.unmatched_findings == 0
    assert ev.missed_conflicts == ("hard-missed", "unchecked-missed")


def test_findings_matching_no_gold_conflict_are_counted(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[("nb", "id", SRC, TGT), ("nb", "id", "Noe annet.", "Lain.")],
        conflicts=[conflict("c", "1879", "1878")],
    )
    assert ev.unmatched_findings == 1


# --- False alarms --------------------------------------------------------------


def test_false_alarm_is_an_agree_pair_with_a_cross_finding(tmp_path: Path) -> None:
    ev = run(
        tmp_path,
        findings=[
            ("nb", "id", "Han ble født i Gori. Mer tekst.", "Ia lahir di Gori."),
            ("nb", "nb", "Han døde i 1953.", "Ia meninggal pada 1953."),
            ("nb", "id", TEN_A, TEN_A),
        ],
        pairs=[
            pair("agree-flagged", "Han ble født i Gori.", "Ia lahir di Gori.", "agree"),
            pair("agree-internal-only", "Han døde i 1953.", "Ia meninggal pada 1953.", "agree"),
            pair("agree-by-ratio", TEN_B, TEN_A, "agree"),
            pair("agree-clean", "Han var sønn av en skomaker.", "Ayahnya tukang sepatu.", "agree"),
            pair("partial-flagged", "Han ble født i Gori.", "Ia lahir di Gori.", "partial"),
        ],
    )
    assert ev.false_alarms == Tally(2, 4)
    assert ev.false_alarm_pairs == ("agree-flagged", "agree-by-ratio")


# --- Files ---------------------------------------------------------------------


def test_missing_gold_file(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    with pytest.raises(GoldFileError, match=r"gold file not found: .*nope\.jsonl"):
        evaluate(tmp_path / "report", tmp_path / "nope.jsonl", tmp_path / "nope2.jsonl")


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps(pair("p1", "a", "b")) + "\n\n" + '{"id": "p2", "src": \n', encoding="utf-8"
    )
    conflicts = write_jsonl(tmp_path / "c.jsonl", [])
    with pytest.raises(GoldFileError) as caught:
        evaluate(tmp_path, pairs, conflicts)
    message = str(caught.value)
    assert message.startswith(f"{pairs}:3: not valid JSON")
    assert "\n" not in message


def test_missing_key_names_file_and_line(tmp_path: Path) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [])
    bad = conflict("c2", "a", "b")
    del bad["checkable"]
    conflicts = write_jsonl(tmp_path / "c.jsonl", [conflict("c1", "a", "b"), bad])
    with pytest.raises(GoldFileError, match=r"c\.jsonl:2: missing key 'checkable'$"):
        evaluate(tmp_path, pairs, conflicts)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"checkable": "yes"}, "'checkable' must be a JSON boolean"),
        ({"src_quote": 1879}, "'src_quote' must be a JSON string"),
        ({"src_quote": "  "}, "'src_quote' is empty"),
        ({"scope": "global"}, "'scope' is 'global', expected one of cross, internal"),
    ],
)
def test_bad_values_name_file_and_line(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [])
    conflicts = write_jsonl(tmp_path / "c.jsonl", [{**conflict("c1", "a", "b"), **change}])
    with pytest.raises(GoldFileError, match=rf"c\.jsonl:1: {expected}"):
        evaluate(tmp_path, pairs, conflicts)


def test_line_that_is_not_an_object(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"pairs\.jsonl:1: expected one JSON object per line"):
        evaluate(tmp_path, pairs, write_jsonl(tmp_path / "c.jsonl", []))


def test_report_folder_without_csvs_says_to_run_check(tmp_path: Path) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [])
    conflicts = write_jsonl(tmp_path / "c.jsonl", [])
    with pytest.raises(GoldFileError, match=r"no alignment\.csv in .*run `checker check` first"):
        evaluate(tmp_path / "missing", pairs, conflicts)
    report = tmp_path / "report"
    report.mkdir()
    write_csv(report / "alignment.csv", ALIGN_HEADER, [])
    with pytest.raises(GoldFileError, match=r"no discrepancies\.csv in .*`checker check` first"):
        evaluate(report, pairs, conflicts)


def test_report_csv_without_a_needed_column(tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    write_csv(report / "alignment.csv", ["src_sentence", "score"], [])
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [])
    with pytest.raises(GoldFileError, match="no 'tgt_sentence' column"):
        evaluate(report, pairs, write_jsonl(tmp_path / "c.jsonl", []))


def test_evaluates_a_report_written_by_the_reporter(tmp_path: Path) -> None:
    from tests.test_report import SRC_TEXTS, TGT_TEXTS, make_result

    write_reports(make_result(), tmp_path / "report")
    ev = evaluate(
        tmp_path / "report",
        write_jsonl(
            tmp_path / "pairs.jsonl",
            [
                pair("p1", SRC_TEXTS[0][0], TGT_TEXTS[0][0], "conflict"),
                pair("p2", SRC_TEXTS[2][0], TGT_TEXTS[2][0], "agree"),
            ],
        ),
        write_jsonl(
            tmp_path / "c.jsonl",
            [
                conflict("birth", "(1879–1953)", "18 Desember 1878"),
                conflict("army", "omtrent 700 000", "900.000", severity="soft"),
                conflict("internal", "født i 1878", "(1879–1953)", scope="internal"),
            ],
        ),
    )
    assert ev.pairs == Tally(1, 2)
    assert (ev.aligned_rows, ev.aligned_src_sentences, ev.pairs_per_src) == (3, 2, 1.5)
    assert (ev.hard, ev.soft, ev.internal) == (Tally(1, 1), Tally(1, 1), Tally(1, 1))
    assert ev.false_alarms == Tally(0, 1)


def test_format_evaluation() -> None:
    ev = Evaluation(
        pairs=Tally(120, 167),
        aligned_rows=300,
        aligned_src_sentences=250,
        pairs_per_src=1.2,
        hard=Tally(5, 6),
        soft=Tally(2, 3),
        internal=Tally(0, 4),
        checkable=Tally(7, 13),
        all_conflicts=Tally(8, 24),
        false_alarms=Tally(3, 79),
        findings=40,
        unmatched_findings=30,
        missed_pairs=("p1",),
        missed_conflicts=("c1", "c2"),
        false_alarm_pairs=(),
    )
    text = format_evaluation(ev)
    lines = text.split("\n")
    assert "  hard (checkable)                 5/6    0.83" in lines
    assert "  gold pairs found             120/167    0.72" in lines
    assert "  pairs per aligned source        1.20" in lines
    assert "  agree pairs with a finding      3/79    0.04" in lines
    assert "missed conflicts: c1, c2" in lines
    assert not any(line.startswith("false-alarm pairs") for line in lines)


# --- The gold set shipped in eval/gold/ ------------------------------------------


def test_the_shipped_gold_set_quotes_the_seed_lines_it_names() -> None:
    """Every gold sentence and quote is on the line of the seed file it gives.

    The gold set is only as good as its line numbers: if a seed file were
    edited, the labels would point at other sentences without any error.
    """
    lines = {
        lang: (SEEDS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        for lang in ("nb", "id")
    }
    for pair in map(json.loads, (GOLD / "dev_pairs.jsonl").read_text("utf-8").splitlines()):
        assert pair["src"] in lines["nb"][pair["src_line"] - 1], pair["id"]
        assert pair["tgt"] in lines["id"][pair["tgt_line"] - 1], pair["id"]
    for conflict in map(
        json.loads, (GOLD / "dev_conflicts.jsonl").read_text("utf-8").splitlines()
    ):
        src, tgt = ("nb", "id") if conflict["scope"] == "cross" else (conflict["article"],) * 2
        assert conflict["src_quote"] in lines[src][conflict["src_line"] - 1], conflict["id"]
        assert conflict["tgt_quote"] in lines[tgt][conflict["tgt_line"] - 1], conflict["id"]


def test_evaluate_with_no_options_scores_the_seed_report_against_eval_gold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a clone: `checker check` then `checker evaluate`, nothing else given.

    (A small pair stands in for the seeds: the figures do not matter here.)
    """
    write_project(tmp_path)
    shutil.copytree(GOLD, tmp_path / "eval" / "gold")
    monkeypatch.chdir(tmp_path)
    use_fake_encoder(monkeypatch)
    assert run_cli(["check", "-q"], capsys)[0] == 0
    code, out, err = run_cli(["evaluate"], capsys)
    assert (code, err) == (0, "")
    assert re.search(r"gold pairs found +\d+/167", out), out
    assert re.search(r"all conflicts +\d+/24", out), out


def test_evaluate_without_the_gold_set_says_which_file_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["evaluate", "--report", str(tmp_path)], capsys)
    assert code == 2
    assert_one_line_error(err, "eval/gold/dev_pairs.jsonl", "--pairs FILE")
