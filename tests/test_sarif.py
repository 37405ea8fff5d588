"""SARIF output: fingerprints from finding ids, baseline state from the decisions file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from checker.records import Finding
from checker.review import Decision, PairReview, ReviewItem, apply_decisions
from checker.sarif import FINGERPRINT_KEY, render_sarif
from tests.helpers import run_cli, use_fake_encoder
from tests.review_fixtures import (
    BIRTH,
    DEATH,
    PAIR,
    date_finding,
    identified,
    write_project,
)

DAY = dt.date(2025, 3, 1)


def pair_review(findings: tuple[Finding, ...], decisions: dict[str, Decision]) -> PairReview:
    return PairReview(
        name="stalin",
        src_path="seeds/stalin/nb.txt",
        tgt_path="seeds/stalin/id.txt",
        src_lang="nb",
        tgt_lang="id",
        report_dir=Path("reports/stalin"),
        decisions_path=Path("seeds/stalin.decisions.toml"),
        outcome=apply_decisions(findings, decisions),
    )


def decided(finding: Finding, status: str, note: str = "") -> Decision:
    context = ReviewItem.from_finding(finding).context()
    return Decision(finding.finding_id, status, note, "editor", DAY, context)


@pytest.fixture
def log() -> dict[str, Any]:
    birth, death, school, internal = identified(
        date_finding(*BIRTH),
        date_finding(*DEATH, line=5, severity="soft"),
        date_finding(
            "Han begynte på seminaret i 1894.",
            "Ia masuk seminari pada tahun 1895.",
            "1894",
            "1895",
            line=9,
        ),
        date_finding(
            BIRTH[0], "Han ble født i 1878 i Gori.", "1879", "1878", line=1, scope="internal"
        ),
    )
    # A decision on a birth year since corrected: its values are no longer found.
    context = {**decided(birth, "confirmed").context, "src_value": "1870", "src_normalized": "1870"}
    gone = Decision("F-0123456789ab", "confirmed", "nb fixed", "editor", DAY, context)
    decisions = {
        death.finding_id: decided(death, "false-positive", "different events"),
        school.finding_id: decided(school, "fixed"),
        gone.finding_id: gone,
    }
    review = pair_review((birth, death, school, internal), decisions)
    document: dict[str, Any] = json.loads(render_sarif([review]))
    return document


def results_by_id(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["partialFingerprints"][FINGERPRINT_KEY]: r for r in log["runs"][0]["results"]}


def test_log_is_sarif_2_1_0_with_one_run_and_rules(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "checker"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == ["cross-date", "internal-date"]
    assert {r["ruleId"] for r in run["results"]} <= set(rule_ids)
    assert run["columnKind"] == "unicodeCodePoints"


def test_baseline_state_follows_the_decisions_file(log: dict[str, Any]) -> None:
    states = {
        r["properties"]["review_status"]
        + ("/regressed" if r["properties"]["regressed"] else ""): r["baselineState"]
        for r in log["runs"][0]["results"]
    }
    assert states == {
        "new": "new",  # no decision (the cross and the internal birth findings)
        "false-positive": "unchanged",  # decided, still found
        "fixed/regressed": "unchanged",
        "confirmed": "absent",  # its finding is gone: resolved
    }


def test_every_result_has_the_finding_id_as_partial_fingerprint(log: dict[str, Any]) -> None:
    results = results_by_id(log)
    assert len(results) == 5
    for finding_id, result in results.items():
        assert finding_id.startswith("F-")
        assert result["properties"]["finding_id"] == finding_id


def test_results_point_at_the_value_in_the_article(log: dict[str, Any]) -> None:
    cross = next(
        r
        for r in log["runs"][0]["results"]
        if r["ruleId"] == "cross-date" and r["baselineState"] == "new"
    )
    location = cross["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "seeds/stalin/nb.txt", "uriBaseId": "%SRCROOT%"}
    region = location["region"]
    assert region["startLine"] == 1
    text = region["snippet"]["text"]
    assert text[region["startColumn"] - 1 : region["endColumn"] - 1] == "1879"
    related = cross["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "seeds/stalin/id.txt"
    assert cross["level"] == "error"


def test_internal_findings_point_at_one_article(log: dict[str, Any]) -> None:
    internal = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "internal-date")
    uris = {
        internal["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        internal["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
    }
    assert uris == {"seeds/stalin/nb.txt"}


def test_dismissed_findings_are_suppressed_with_the_note(log: dict[str, Any]) -> None:
    (dismissed,) = [
        r for r in log["runs"][0]["results"] if r["properties"]["review_status"] == "false-positive"
    ]
    assert dismissed["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "false-positive: different events",
        }
    ]
    assert dismissed["level"] == "warning"  # soft
    regressed = next(r for r in log["runs"][0]["results"] if r["properties"]["regressed"])
    assert "suppressions" not in regressed
    assert regressed["message"]["text"].startswith("Regressed")


def test_sarif_is_deterministic() -> None:
    (birth,) = identified(date_finding(*BIRTH))
    review = pair_review((birth,), {})
    assert render_sarif([review]) == render_sarif([review])


def test_check_writes_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    use_fake_encoder(monkeypatch)
    code, _, _ = run_cli(["check", "-q", "--sarif", "out/checker.sarif"], capsys)
    assert code == 0
    document = json.loads((tmp_path / "out" / "checker.sarif").read_text(encoding="utf-8"))
    results = document["runs"][0]["results"]
    assert len(results) == 2
    assert {r["baselineState"] for r in results} == {"new"}
    assert {r["properties"]["pair"] for r in results} == {PAIR}
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        f"seeds/{PAIR}/nb.txt"
    }
