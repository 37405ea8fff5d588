"""The CI gate (`checker check --fail-on`), its Markdown summary and the reports' review view."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from checker.review import (
    Decision,
    PairReview,
    ReviewItem,
    apply_decisions,
    read_decisions,
)
from checker.summary import render_summary
from tests.helpers import run_cli, use_fake_encoder
from tests.review_fixtures import (
    BIRTH,
    DEATH,
    ID,
    NB,
    PAIR,
    date_finding,
    decisions_path,
    findings_by_value,
    identified,
    report_json,
    write_articles,
    write_project,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    use_fake_encoder(monkeypatch)
    return tmp_path


def gate(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run_cli(["check", "--fail-on", "new", *extra], capsys)


def decide_all(capsys: pytest.CaptureFixture[str], root: Path, status: str = "confirmed") -> None:
    for finding in findings_by_value(root).values():
        code, _, err = run_cli(
            ["review", finding["finding_id"], status, "--reviewer", "editor"], capsys
        )
        assert code == 0, err


def test_the_gate_fails_on_new_findings_and_says_which(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = gate(capsys)
    assert code == 1
    ids = {v: f["finding_id"] for v, f in findings_by_value(project).items()}
    lines = err.splitlines()
    lines = lines[
        lines.index("checker: gate failed (--fail-on new): 2 findings") :
    ]  # after progress
    assert len(lines) == 4
    assert lines[1] == (
        f"  {PAIR}  {ids['18. desember 1878']}  new        cross date hard "
        "18. desember 1878 → 21 Desember 1879  (nb line 3 / id line 3)"
    )
    assert lines[2].startswith(f"  {PAIR}  {ids['1894']}  new ")
    assert "checker review FINDING_ID STATUS" in lines[3]
    assert "review: 2 new, 0 regressed, 0 decided, 0 resolved" in out
    # The reports are written all the same: the editor needs them to decide.
    assert len(report_json(project)["findings"]) == 2


def test_the_gate_passes_once_every_finding_is_decided(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gate(capsys)[0] == 1
    decide_all(capsys, project, "false-positive")
    code, out, err = gate(capsys)
    assert code == 0
    assert all(line.startswith("embed: ") for line in err.splitlines()), err  # progress only
    assert "gate passed (--fail-on new)" in out
    rows = list(
        csv.DictReader(
            io.StringIO((project / "reports" / PAIR / "discrepancies.csv").read_text("utf-8"))
        )
    )
    assert {r["review_status"] for r in rows} == {"false-positive"}


def test_a_regressed_finding_fails_the_gate(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gate(capsys)[0] == 1
    decide_all(capsys, project, "accepted")
    school = findings_by_value(project)["1894"]["finding_id"]
    # The editor fixes the Norwegian year and records it as fixed ...
    write_articles(project, NB.replace("i 1894", "i 1895"), ID)
    assert gate(capsys)[0] == 0
    code, _, _ = run_cli(
        ["review", school, "fixed", "--note", "nb corrected", "--reviewer", "editor"], capsys
    )
    assert code == 0
    assert gate(capsys)[0] == 0  # resolved, still passing
    # ... and a later edit brings the old year back.
    write_articles(project, NB, ID)
    code, out, err = gate(capsys)
    assert code == 1
    assert f"{school}  regressed" in err
    assert "1 regressed" in out
    assert report_json(project)["review"]["regressed"] == [school]
    html = (project / "reports" / PAIR / "discrepancies.html").read_text(encoding="utf-8")
    assert 'class="regressed"' in html


def test_new_hard_ignores_soft_findings() -> None:
    hard, soft = identified(date_finding(*BIRTH), date_finding(*DEATH, line=5, severity="soft"))
    outcome = apply_decisions((hard, soft), {})
    assert [r.item.finding_id for r in outcome.failures("new")] == [
        hard.finding_id,
        soft.finding_id,
    ]
    assert [r.item.finding_id for r in outcome.failures("new-hard")] == [hard.finding_id]
    assert outcome.failures("none") == ()
    fixed = {soft.finding_id: Decision(soft.finding_id, "fixed", "", "editor", dt.date(2025, 1, 1))}
    regressed_soft = apply_decisions((hard, soft), fixed)
    assert [r.item.finding_id for r in regressed_soft.failures("new-hard")] == [hard.finding_id]


def test_internal_findings_count_for_the_gate() -> None:
    (internal,) = identified(
        date_finding(BIRTH[0], DEATH[0].replace("1953", "1954"), "1879", "1954", scope="internal")
    )
    assert apply_decisions((internal,), {}).failures("new")[0].item.scope == "internal"


def test_without_fail_on_new_findings_do_not_change_the_exit_code(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["check"], capsys)
    assert code == 0
    assert "gate" not in out


def test_a_corrupt_decisions_file_exits_2_before_the_model_loads_and_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    loads = use_fake_encoder(monkeypatch)
    path = decisions_path(tmp_path)
    path.write_bytes(b'[F-1]\nstatus = "confirmed"\nnote = "a"\nreviewer = editor\n')
    before = path.read_bytes()
    code, _out, err = gate(capsys)
    assert code == 2
    assert err.splitlines() == [
        f"checker: error: seeds/{PAIR}.decisions.toml: line 4: not valid TOML (Invalid value); "
        "fix it by hand or restore it from git (checker left it unchanged)"
    ]
    assert path.read_bytes() == before
    assert loads == []  # failed before the model was loaded
    assert not (tmp_path / "reports").exists()


def test_decisions_for_two_files_come_from_the_decisions_option(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = project / "seeds" / PAIR
    args = [str(seeds / "nb.txt"), str(seeds / "id.txt"), "--out", "reports/two"]
    code, _, _ = run_cli(["check", *args, "--fail-on", "new", "-q"], capsys)
    assert code == 1
    decisions = project / "two.decisions.toml"
    for finding in _findings(project / "reports" / "two"):
        run_cli(
            [
                "review",
                finding,
                "accepted",
                "--report",
                "reports/two",
                "--decisions",
                str(decisions),
                "--reviewer",
                "editor",
            ],
            capsys,
        )
    assert len(read_decisions(decisions)) == 2
    code, _, err = run_cli(
        ["check", *args, "--decisions", str(decisions), "--fail-on", "new", "-q"], capsys
    )
    assert (code, err) == (0, "")
    code, _, err = run_cli(["check", "--decisions", str(decisions)], capsys)
    assert code == 2 and "--decisions goes with two article files" in err


def _findings(report_dir: Path) -> list[str]:
    import json

    document = json.loads((report_dir / "discrepancies.json").read_text(encoding="utf-8"))
    return [f["finding_id"] for f in document["findings"]]


def test_the_summary_file_lists_new_regressed_resolved_and_decided(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate(capsys, "-q")
    ids = {v: f["finding_id"] for v, f in findings_by_value(project).items()}
    run_cli(
        ["review", ids["1894"], "confirmed", "--note", "nb | wrong", "--reviewer", "editor"], capsys
    )
    write_articles(project, NB.replace("i 1894", "i 1896"), ID)  # resolves one, adds one
    summary = project / "summary.md"
    code, _, _ = gate(capsys, "-q", "--summary", str(summary))
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "## checker: 2 findings fail the gate (`--fail-on new`)"
    assert f"| {PAIR} | 2 | 0 | 1 | 0 |" in lines
    assert "**New** (2): no editor has decided these." in text
    assert "**Resolved** (1): decided, and the articles no longer disagree there." in text
    assert f"| `{ids['1894']}` | confirmed (editor, " in text
    assert "| nb \\| wrong |" in text  # a pipe in a note cannot break the table


def test_the_summary_escapes_article_text() -> None:
    (finding,) = identified(
        date_finding(
            "Han ble født i 1879 <script>alert(1)</script> | *ifølge* [kilder](x).",
            BIRTH[1],
            "1879",
            "1878",
        )
    )
    item = ReviewItem.from_finding(finding)
    outcome = apply_decisions(
        (finding,),
        {
            finding.finding_id: Decision(
                finding.finding_id,
                "accepted",
                "<b>ok</b>",
                "editor",
                dt.date(2025, 1, 1),
                item.context(),
            )
        },
    )
    pair = PairReview("p", "a.txt", "b.txt", "nb", "id", Path("r"), None, outcome)
    text = render_summary([pair], "new")
    assert "<b>" not in text and "&lt;b&gt;ok&lt;/b&gt;" in text
    assert text.splitlines()[0] == "## checker: the gate passes (`--fail-on new`)"


def test_reports_show_review_status_and_the_json_has_a_review_object(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate(capsys, "-q")
    school = findings_by_value(project)["1894"]["finding_id"]
    run_cli(
        ["review", school, "false-positive", "--note", "two schools", "--reviewer", "editor"],
        capsys,
    )
    gate(capsys, "-q")
    document = report_json(project)
    assert document["review"] == {
        "decisions": f"seeds/{PAIR}.decisions.toml",
        "counts": {"new": 1, "regressed": 0, "decided": 1, "resolved": 0},
        "regressed": [],
        "carried": [],
        "resolved": [],
    }
    html = (project / "reports" / PAIR / "discrepancies.html").read_text(encoding="utf-8")
    assert "two schools" in html and "review: <strong>false-positive</strong>" in html
