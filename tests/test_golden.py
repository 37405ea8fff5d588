"""Golden files: every report format rendered from one small fixed result, compared byte for byte.

The other report tests check chosen properties (columns, order, escaping);
these catch every other change in what a reader or a tool receives: a moved
column, a changed label, an extra blank line, a different float format. When a
change is meant, rewrite the expected files and review the diff like code:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from checker.records import Finding
from checker.report import render_reports
from checker.review import Decision, PairReview, ReviewItem, apply_decisions
from checker.sarif import render_sarif
from checker.summary import render_summary
from tests.review_fixtures import DEATH, date_finding, identified
from tests.test_report import make_result

GOLDEN = Path(__file__).parent / "golden"
DAY = dt.date(2025, 1, 15)


def decision(finding: Finding, status: str, note: str) -> Decision:
    context = ReviewItem.from_finding(finding).context()
    return Decision(finding.finding_id, status, note, "editor", DAY, context)


def rendered(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every output of one run: a new, a regressed and a decided finding, and a resolved decision.

    The fixed result of the report tests (with article text that looks like
    markup), with decisions that exercise every review state the reports show.
    """
    monkeypatch.setattr("checker.sarif.__version__", "0.0.0")  # not the version being built
    result = make_result()
    by_kind = {(f.scope, f.kind): f for f in result.findings}
    birth, army = by_kind[("cross", "date")], by_kind[("cross", "number")]
    (gone,) = identified(date_finding(*DEATH, line=5))
    decisions = {
        birth.finding_id: decision(birth, "fixed", "the Indonesian date was corrected"),
        army.finding_id: decision(army, "false-positive", 'two armies; "about" is right'),
        gone.finding_id: decision(gone, "confirmed", "the Indonesian year is wrong"),
    }
    outcome = apply_decisions(result.findings, decisions)
    result = replace(result, findings=outcome.findings)
    decisions_file = Path("seeds/stalin.decisions.toml")
    pair = PairReview(
        name="stalin",
        src_path=result.run.src_path,
        tgt_path=result.run.tgt_path,
        src_lang=result.src.lang,
        tgt_lang=result.tgt.lang,
        report_dir=Path("reports/stalin"),
        decisions_path=decisions_file,
        outcome=outcome,
    )
    files = render_reports(result, outcome, decisions_file)
    files["checker.sarif"] = render_sarif([pair])
    files["summary.md"] = render_summary([pair], "new").encode("utf-8")
    return files


def test_the_golden_case_covers_every_review_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard the fixture itself: it must keep showing each state the reports can show."""
    summary = rendered(monkeypatch)["summary.md"].decode("utf-8")
    for state in ("new", "regressed", "resolved", "false-positive"):
        assert state in summary


@pytest.mark.parametrize(
    "name",
    [
        "discrepancies.html",
        "discrepancies.json",
        "discrepancies.csv",
        "alignment.csv",
        "checker.sarif",
        "summary.md",
    ],
)
def test_output_matches_its_golden_file(
    name: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    actual = rendered(monkeypatch)[name]
    expected_path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        expected_path.write_bytes(actual)
        return
    assert expected_path.exists(), (
        f"no golden file {expected_path.name}; create it with "
        "`pytest tests/test_golden.py --update-golden` and review it"
    )
    expected = expected_path.read_bytes()
    if actual != expected:
        # Show the first differing line, not two walls of HTML.
        for number, (want, got) in enumerate(
            zip(expected.splitlines(), actual.splitlines(), strict=False), start=1
        ):
            if want != got:
                pytest.fail(
                    f"{name} differs from tests/golden/{name} at line {number}:\n"
                    f"  expected: {want.decode('utf-8', 'replace')}\n"
                    f"  actual:   {got.decode('utf-8', 'replace')}\n"
                    "If the change is meant: pytest tests/test_golden.py --update-golden"
                )
        pytest.fail(
            f"{name} differs from tests/golden/{name} in length "
            f"({len(actual)} bytes, expected {len(expected)}); "
            "if the change is meant: pytest tests/test_golden.py --update-golden"
        )
