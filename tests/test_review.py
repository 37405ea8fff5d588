"""Editors' decisions: the file, applying it to runs, and `checker review`."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import review
from checker.errors import CheckerError, OutputError
from checker.review import (
    CONTEXT_FIELDS,
    DECISIONS_HEADER,
    Decision,
    ReviewItem,
    apply_decisions,
    baseline,
    decide,
    prune,
    read_decisions,
    render_decisions,
    resolve_id,
    review_items,
    update_decisions,
    write_decisions,
)
from tests.helpers import assert_one_line_error, run_cli
from tests.review_fixtures import (
    BIRTH,
    DEATH,
    ID,
    NB,
    PAIR,
    TODAY,
    checked_project,
    date_finding,
    decisions_path,
    findings_by_value,
    identified,
    report_json,
    write_articles,
)

DAY = dt.date(2025, 1, 15)


def decision(finding_id: str, status: str = "confirmed", **context: str) -> Decision:
    return Decision(finding_id, status, "a note", "editor", DAY, context)


# --- The decisions file ----------------------------------------------------------------


def test_decisions_file_is_sorted_tables_with_a_header() -> None:
    decisions = {
        "F-bbb": decision("F-bbb", "accepted", kind="date", src_value="1879"),
        "F-aaa": decision("F-aaa", "false-positive"),
    }
    text = render_decisions(decisions)
    assert text.startswith(DECISIONS_HEADER)
    assert text[len(DECISIONS_HEADER) :] == (
        "\n"
        "[F-aaa]\n"
        'status = "false-positive"\n'
        'note = "a note"\n'
        'reviewer = "editor"\n'
        "date = 2025-01-15\n"
        "\n"
        "[F-bbb]\n"
        'status = "accepted"\n'
        'note = "a note"\n'
        'reviewer = "editor"\n'
        "date = 2025-01-15\n"
        'kind = "date"\n'
        'src_value = "1879"\n'
    )


awkward_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
)  # any code point but lone surrogates: quotes, backslashes, controls, Cyrillic ...


@settings(max_examples=60, deadline=None)
@given(
    note=awkward_text,
    reviewer=awkward_text.filter(str.strip),
    value=awkward_text,
    key=st.from_regex(r"F-[0-9a-f]{12}(-[2-9])?", fullmatch=True),
    status=st.sampled_from(review.STATUSES),
)
def test_decisions_file_round_trips(
    tmp_path_factory: pytest.TempPathFactory,
    note: str,
    reviewer: str,
    value: str,
    key: str,
    status: str,
) -> None:
    path = tmp_path_factory.mktemp("d") / "x.decisions.toml"
    original = {key: Decision(key, status, note, reviewer, DAY, {"src_sentence": value})}
    write_decisions(path, original)
    assert read_decisions(path) == original
    tomllib.loads(path.read_text(encoding="utf-8"))  # plain TOML any tool can read


def test_a_missing_file_means_no_decisions(tmp_path: Path) -> None:
    assert read_decisions(tmp_path / "none.decisions.toml") == {}


def test_hand_written_entry_with_a_string_date_and_no_context_is_read(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        '["F-1"]\nstatus = "fixed"\nnote = ""\nreviewer = "editor"\ndate = "2025-02-01"\n',
        encoding="utf-8",
    )
    assert read_decisions(path) == {
        "F-1": Decision("F-1", "fixed", "", "editor", dt.date(2025, 2, 1), {})
    }


@pytest.mark.parametrize(
    ("body", "needles"),
    [
        ('[F-1]\nstatus = "confirmed"\nnote = \n', ["line 3", "not valid TOML"]),
        ('[F-1]\nstatus = "confirmed"\n[F-1]\n', ["line 3", "not valid TOML"]),
        (
            '# c\n\n[F-1]\nstatus = "fixd"\nnote = ""\nreviewer = "e"\ndate = 2025-01-01\n',
            ["line 3", "[F-1]", "'fixd'", "confirmed, false-positive, fixed, accepted"],
        ),
        ('[F-1]\nstatus = "fixed"\nnote = ""\ndate = 2025-01-01\n', ["[F-1]", "'reviewer'"]),
        (
            '[F-1]\nstatus = "fixed"\nnote = ""\nreviewer = "e"\ndate = 2025-01-01\nstauts = "x"\n',
            ["[F-1]", "unknown field 'stauts'"],
        ),
        (
            '[F-1]\nstatus = "fixed"\nnote = ""\nreviewer = "e"\ndate = "last week"\n',
            ["[F-1]", "'date' must be a date"],
        ),
        ('[F-1]\nstatus = "fixed"\nnote = 3\nreviewer = "e"\ndate = 2025-01-01\n', ["'note'"]),
        ('status = "fixed"\n', ["[status]", "not a table"]),
    ],
)
def test_a_bad_decisions_file_is_a_one_line_error_naming_where(
    tmp_path: Path, body: str, needles: list[str]
) -> None:
    path = tmp_path / "d.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CheckerError) as error:
        read_decisions(path)
    message = str(error.value)
    assert "\n" not in message
    for needle in needles:
        assert needle in message


def test_a_decisions_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_bytes('[F-1]\nnote = "Ø"\n'.encode("cp1252"))
    with pytest.raises(CheckerError, match="not UTF-8"):
        read_decisions(path)


def test_update_leaves_a_corrupt_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_bytes(b"[F-1\nstatus = 'x'\n")
    with pytest.raises(CheckerError, match="line 1"):
        update_decisions(path, lambda d: {**d, "F-2": decision("F-2")})
    assert path.read_bytes() == b"[F-1\nstatus = 'x'\n"


def test_update_without_a_change_does_not_rewrite_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    write_decisions(path, {"F-1": decision("F-1")})
    path.write_text(path.read_text(encoding="utf-8") + "# an editor's comment\n", "utf-8")
    before = path.read_bytes()
    update_decisions(path, lambda d: d)
    assert path.read_bytes() == before


HAND_EDITED = (
    "# Our own notes on top.\n"
    "\n"
    '["F-1"]  # quoted, as someone typed it\n'
    "status = 'fixed'  # literal string\n"
    'note = ""\n'
    'reviewer = "editor"\n'
    "date = 2025-01-15\n"
    "\n"
    "# about F-3\n"
    "[F-3]\n"
    'status = "accepted"\n'
    'note = ""\n'
    'reviewer = "editor"\n'
    'date = "2025-01-15"'
)


def test_writing_edits_a_hand_written_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = read_decisions(path)
    write_decisions(path, before)
    assert path.read_text(encoding="utf-8") == HAND_EDITED  # nothing changed, nothing moved
    write_decisions(path, {**before, "F-2": decision("F-2")})
    assert path.read_text(encoding="utf-8") == HAND_EDITED.replace(
        "# about F-3\n",
        '[F-2]\nstatus = "confirmed"\nnote = "a note"\nreviewer = "editor"\n'
        "date = 2025-01-15\n\n# about F-3\n",
    )


def test_a_file_in_a_shape_checker_does_not_edit_is_written_anew(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        '"F-1" = {status = "fixed", note = "", reviewer = "e", date = 2025-01-15}\n',
        encoding="utf-8",
    )
    write_decisions(path, {"F-1": decision("F-1")})
    assert path.read_text(encoding="utf-8") == render_decisions({"F-1": decision("F-1")})


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.toml"
    write_decisions(path, {"F-1": decision("F-1")})
    before = path.read_bytes()

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="no space left"):
        write_decisions(path, {"F-2": decision("F-2")})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.toml"]


# --- Applying decisions ----------------------------------------------------------------


def test_applying_decisions_sets_statuses_and_sorts_findings_into_lists() -> None:
    birth, death = identified(date_finding(*BIRTH), date_finding(*DEATH, line=5))
    decisions = {
        birth.finding_id: decision(birth.finding_id, "false-positive"),
        "F-000000000000": decision("F-000000000000", "confirmed"),
    }
    outcome = apply_decisions((birth, death), decisions)
    assert [f.review_status for f in outcome.findings] == ["false-positive", "new"]
    assert [r.item.finding_id for r in outcome.new] == [death.finding_id]
    assert [r.item.finding_id for r in outcome.decided] == [birth.finding_id]
    assert [d.finding_id for d in outcome.resolved] == ["F-000000000000"]
    assert outcome.regressed == ()
    assert outcome.counts() == {"new": 1, "regressed": 0, "decided": 1, "resolved": 1}


def test_a_fixed_finding_found_again_has_regressed() -> None:
    (birth,) = identified(date_finding(*BIRTH))
    outcome = apply_decisions((birth,), {birth.finding_id: decision(birth.finding_id, "fixed")})
    assert [r.item.finding_id for r in outcome.regressed] == [birth.finding_id]
    assert outcome.decided == ()
    assert outcome.findings[0].review_status == "fixed"  # the CSV contract: the decision
    assert outcome.reviewed[0].shown_status == "regressed"


def _decided_on(finding_id: str, item: ReviewItem, status: str = "accepted") -> Decision:
    return Decision(finding_id, status, "n", "editor", DAY, item.context())


def test_a_word_edited_next_to_the_value_keeps_the_id_and_the_decision() -> None:
    (before,) = identified(date_finding(*BIRTH))
    edited_text = BIRTH[0].replace("ifølge sovjetiske", "ifølge offisielle sovjetiske")
    (after,) = identified(date_finding(edited_text, *BIRTH[1:]))
    assert after.finding_id == before.finding_id  # the id is what the finding is
    stored = {before.finding_id: _decided_on(before.finding_id, ReviewItem.from_finding(before))}
    outcome = apply_decisions((after,), stored)
    assert outcome.findings[0].review_status == "accepted"
    assert outcome.resolved == () and outcome.new == ()


def test_a_decision_stored_under_an_earlier_id_follows_its_finding() -> None:
    """Ids of an earlier version (made of neighbouring words) still find their findings."""
    (finding,) = identified(date_finding(*BIRTH))
    old_id = "F-ef95e54604cf"
    stored = {old_id: _decided_on(old_id, ReviewItem.from_finding(finding))}
    outcome = apply_decisions((finding,), stored)
    assert outcome.findings[0].review_status == "accepted"
    assert outcome.reviewed[0].stored_as == old_id
    assert outcome.resolved == () and outcome.new == ()


def test_a_decision_does_not_follow_a_changed_value() -> None:
    (before,) = identified(date_finding(*BIRTH))
    changed = BIRTH[0].replace("1879", "1877")
    (after,) = identified(date_finding(changed, BIRTH[1], "1877", "1878"))
    stored = {before.finding_id: _decided_on(before.finding_id, ReviewItem.from_finding(before))}
    outcome = apply_decisions((after,), stored)
    assert outcome.findings[0].review_status == "new"
    assert [d.finding_id for d in outcome.resolved] == [before.finding_id]


def test_a_decision_follows_the_same_claim_into_a_rewritten_sentence() -> None:
    """The same two values of the same event are the same finding, whatever the sentence."""
    (before,) = identified(date_finding(*BIRTH))
    other = "Han kom til Tbilisi i 1879 for å studere ved presteseminaret."
    (elsewhere,) = identified(date_finding(other, BIRTH[1], "1879", "1878"))
    assert elsewhere.finding_id == before.finding_id
    stored = {before.finding_id: _decided_on(before.finding_id, ReviewItem.from_finding(before))}
    outcome = apply_decisions((elsewhere,), stored)
    assert outcome.findings[0].review_status == "accepted"


def test_one_decision_follows_only_the_closest_of_two_candidates() -> None:
    (before,) = identified(date_finding(*BIRTH))
    near = BIRTH[0].replace("ifølge sovjetiske", "ifølge offisielle sovjetiske")
    far = near.replace("Stalin ble født", "Josef Stalin ble visstnok født")
    after = identified(date_finding(far, *BIRTH[1:], line=7), date_finding(near, *BIRTH[1:]))
    stored = {before.finding_id: _decided_on(before.finding_id, ReviewItem.from_finding(before))}
    outcome = apply_decisions(after, stored)
    assert [f.review_status for f in outcome.findings] == ["new", "accepted"]


# --- Changing decisions ----------------------------------------------------------------


def test_decide_records_context_and_replaces_an_earlier_decision() -> None:
    (birth,) = identified(date_finding(*BIRTH))
    outcome = apply_decisions((birth,), {})
    first = decide(
        {}, outcome, birth.finding_id, "confirmed", note=" x ", reviewer="editor", today=DAY
    )
    assert first[birth.finding_id].note == "x"
    assert set(first[birth.finding_id].context) == set(CONTEXT_FIELDS)
    assert first[birth.finding_id].context["src_value"] == "1879"
    second = decide(
        first, outcome, birth.finding_id, "fixed", note="", reviewer="editor", today=DAY
    )
    assert second[birth.finding_id].status == "fixed"
    with pytest.raises(CheckerError, match="'wrong' is not one of"):
        decide({}, outcome, birth.finding_id, "wrong", note="", reviewer="editor", today=DAY)
    with pytest.raises(CheckerError, match="no finding F-nope"):
        decide({}, outcome, "F-nope", "fixed", note="", reviewer="editor", today=DAY)


def test_a_resolved_decision_can_be_changed_to_fixed() -> None:
    stored = {"F-old": decision("F-old", "confirmed", src_value="1894")}
    outcome = apply_decisions((), stored)
    updated = decide(
        stored, outcome, "F-old", "fixed", note="nb fixed", reviewer="editor", today=DAY
    )
    assert updated["F-old"].status == "fixed"
    assert updated["F-old"].context == {"src_value": "1894"}


def test_baseline_accepts_only_undecided_findings() -> None:
    birth, death = identified(date_finding(*BIRTH), date_finding(*DEATH, line=5))
    stored = {birth.finding_id: decision(birth.finding_id, "fixed")}  # regressed: left alone
    outcome = apply_decisions((birth, death), stored)
    updated, accepted = baseline(stored, outcome, note="adopted", reviewer="editor", today=DAY)
    assert accepted == (death.finding_id,)
    assert updated[birth.finding_id] == stored[birth.finding_id]
    assert updated[death.finding_id].status == "accepted"
    assert updated[death.finding_id].note == "adopted"
    with pytest.raises(CheckerError, match="--note"):
        baseline(stored, outcome, note=" ", reviewer="editor", today=DAY)


def test_prune_removes_resolved_decisions_but_keeps_fixed_ones() -> None:
    (birth,) = identified(date_finding(*BIRTH))
    stored = {
        birth.finding_id: decision(birth.finding_id),
        "F-gone": decision("F-gone", "false-positive"),
        "F-guard": decision("F-guard", "fixed"),
    }
    updated, removed, moved = prune(stored, apply_decisions((birth,), stored))
    assert removed == ("F-gone",)
    assert moved == ()
    assert sorted(updated) == sorted([birth.finding_id, "F-guard"])


def test_ids_can_be_given_by_a_unique_start() -> None:
    known = ["F-2b73a87d8b5b", "F-2b11153b8837", "F-3a11153b8837"]
    assert resolve_id("F-3a", known) == "F-3a11153b8837"
    assert resolve_id("F-2b73a87d8b5b", known) == "F-2b73a87d8b5b"
    with pytest.raises(CheckerError, match="matches 2 findings"):
        resolve_id("F-2b", known)
    with pytest.raises(CheckerError, match="no finding F-9"):
        resolve_id("F-9", known)


def test_items_read_back_from_a_report_equal_those_of_the_run(tmp_path: Path) -> None:
    from checker.report import finding_record

    (birth,) = identified(date_finding(*BIRTH))
    assert ReviewItem.from_record(finding_record(birth)) == ReviewItem.from_finding(birth)
    assert review_items([], {}).counts()["new"] == 0


# --- Ids and decisions through the real pipeline (trigram encoder) ---------------------


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """The mini pair, checked once: reports/mini/ exists, no decisions yet."""
    return checked_project(tmp_path, monkeypatch, capsys)


def recheck(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run_cli(["check", "-q", *extra], capsys)


def test_a_finding_keeps_its_id_when_an_unrelated_word_changes_and_not_when_its_value_does(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = findings_by_value(project)
    assert set(before) >= {"18. desember 1878", "1894"}
    # Added words and a clause away from the values, and a typo late in a sentence.
    write_articles(
        project,
        NB.replace("Han begynte på", "Han, som var flink på skolen, begynte på").replace(
            "Stalin ble født", "Josef Stalin ble født"
        ),
        ID.replace("tukang sepatu", "tukang spatu"),
    )
    recheck(capsys)
    edited = findings_by_value(project)
    assert edited["1894"]["finding_id"] == before["1894"]["finding_id"]
    assert edited["18. desember 1878"]["finding_id"] == before["18. desember 1878"]["finding_id"]
    # A changed value is a new finding.
    write_articles(project, NB.replace("i 1894", "i 1893"), ID)
    recheck(capsys)
    changed = findings_by_value(project)
    assert "1894" not in changed
    assert changed["1893"]["finding_id"] != before["1894"]["finding_id"]


def test_a_decision_recorded_through_the_cli_survives_a_rerun_on_edited_seeds(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    code, out, err = run_cli(
        ["review", school, "false-positive", "--note", "different schools", "--reviewer", "editor"],
        capsys,
    )
    assert (code, err) == (0, "")
    assert out == f"{school}: false-positive (seeds/{PAIR}.decisions.toml)\n"
    stored = read_decisions(decisions_path(project))[school]
    assert (stored.status, stored.note, stored.reviewer, stored.date) == (
        "false-positive",
        "different schools",
        "editor",
        TODAY,
    )
    write_articles(project, NB.replace("Han begynte", "Den unge Stalin begynte"), ID)
    recheck(capsys)
    rerun = findings_by_value(project)
    assert rerun["1894"]["finding_id"] == school
    assert rerun["1894"]["review_status"] == "false-positive"
    assert rerun["18. desember 1878"]["review_status"] == "new"


def test_a_decision_survives_an_edit_right_next_to_its_value(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    birth = findings_by_value(project)["18. desember 1878"]["finding_id"]
    run_cli(["review", birth, "accepted", "--note", "calendar", "--reviewer", "editor"], capsys)
    # "fattig" stands right next to the value: the id is what the finding is, so it stays.
    write_articles(project, NB.replace("sønn av en skomaker", "sønn av en fattig skomaker"), ID)
    code, _, err = recheck(capsys, "--fail-on", "new")
    assert code == 1 and "1 finding" in err and "1894" in err  # only the undecided one
    kept = findings_by_value(project)["18. desember 1878"]
    assert kept["finding_id"] == birth
    assert kept["review_status"] == "accepted"
    assert report_json(project)["review"]["carried"] == []
    code, out, _ = run_cli(["review", "--prune"], capsys)
    assert "moved 0" in out
    stored = read_decisions(decisions_path(project))
    assert list(stored) == [birth] and stored[birth].note == "calendar"


def test_review_lists_findings_with_their_status(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {v: f["finding_id"] for v, f in findings_by_value(project).items()}
    run_cli(["review", ids["1894"], "confirmed", "--reviewer", "editor"], capsys)
    code, out, _ = run_cli(["review"], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"{ids['18. desember 1878']}  new             cross     date    hard  "
        "18. desember 1878 → 21 Desember 1879",
        f"{ids['1894']}  confirmed       cross     date    hard  1894 → 1895",
        f"2 findings: 1 new, 0 regressed, 1 decided; 0 resolved decisions "
        f"(seeds/{PAIR}.decisions.toml)",
    ]
    _, only_new, _ = run_cli(["review", "--only", "new"], capsys)
    assert len(only_new.splitlines()) == 2 and ids["18. desember 1878"] in only_new


def test_review_shows_one_finding_in_full(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    code, out, _ = run_cli(["review", "--show", school[:7]], capsys)
    assert code == 0
    assert out.splitlines()[0] == f"{school}  new"
    assert "source (nb), line 4, Oppvekst:" in out
    assert "  Han begynte på presteseminaret i Tbilisi i [[1894]]." in out
    assert "target (id), line 4, Masa kecil:" in out
    assert "decision: none yet" in out
    _, same, _ = run_cli(["review", school], capsys)
    assert same == out


def test_resolved_decisions_are_listed_shown_and_pruned(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {v: f["finding_id"] for v, f in findings_by_value(project).items()}
    run_cli(
        ["review", ids["1894"], "confirmed", "--note", "nb is wrong", "--reviewer", "editor"],
        capsys,
    )
    run_cli(["review", ids["18. desember 1878"], "fixed", "--reviewer", "editor"], capsys)
    # The editor fixes both articles: both findings disappear.
    write_articles(
        project,
        NB.replace("i 1894", "i 1895"),
        ID.replace("21 Desember 1879", "18 Desember 1878"),
    )
    code, out, _ = recheck(capsys)  # -q: no console summary, but the reports list them
    assert code == 0
    resolved = report_json(project)["review"]["resolved"]
    assert [d["finding_id"] for d in resolved] == sorted(ids.values())
    assert {d["status"] for d in resolved} == {"confirmed", "fixed"}
    html = (project / "reports" / PAIR / "discrepancies.html").read_text(encoding="utf-8")
    assert "Resolved decisions (2)" in html and "nb is wrong" in html
    _, listing, _ = run_cli(["review"], capsys)
    assert f"{ids['1894']}  resolved" in listing and "(was confirmed)" in listing
    _, shown, _ = run_cli(["review", ids["1894"]], capsys)
    assert "resolved: no longer found" in shown and "decision: confirmed by editor" in shown
    code, out, _ = run_cli(["review", "--prune"], capsys)
    assert code == 0
    assert out.splitlines()[0].startswith("prune: removed 1 resolved, moved 0")
    assert list(read_decisions(decisions_path(project))) == [ids["18. desember 1878"]]


def test_review_baseline_accepts_every_undecided_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["review", "--baseline", "--reviewer", "editor"], capsys)
    assert code == 2 and "--note" in err
    code, out, _ = run_cli(
        [
            "review",
            "--baseline",
            "--note",
            "present when the gate was adopted",
            "--reviewer",
            "editor",
        ],
        capsys,
    )
    assert code == 0
    assert out.startswith("baseline: 2 undecided findings recorded as accepted")
    stored = read_decisions(decisions_path(project))
    assert {d.status for d in stored.values()} == {"accepted"}
    assert {d.note for d in stored.values()} == {"present when the gate was adopted"}


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (
            ["review", "F-000000000000", "confirmed", "--reviewer", "editor"],
            "no finding F-000000000000",
        ),
        (["review", "F-", "confirmed", "--reviewer", "editor"], "matches 2 findings"),
        (["review", "{school}", "maybe", "--reviewer", "editor"], "'maybe' is not one of"),
        (["review", "{school}", "confirmed", "--reviewer", " "], "--reviewer is empty"),
        (["review", "--show", "F-000000000000"], "no finding F-000000000000"),
        (["review", "--only", "odd"], "--only must be one of"),
        (["review", "--baseline", "--prune"], "give one of"),
        (["review", "--pair", "nope"], "no pair 'nope'"),
        (["review", "--report", "reports/mini"], "--report goes with --decisions"),
        (["review", "--report", "elsewhere", "--decisions", "d.toml"], "no report at"),
    ],
)
def test_review_usage_errors_are_one_line_and_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    code, _, err = run_cli([arg.replace("{school}", school) for arg in argv], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("checker: error: ")
    assert needle in err
    assert not decisions_path(project).exists()


def test_a_corrupt_decisions_file_stops_review_and_is_left_untouched(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    path = decisions_path(project)
    path.write_text(f'[{school}]\nstatus = "confirmed"\nnote = "unterminated\n', encoding="utf-8")
    before = path.read_bytes()
    for argv in (
        ["review"],
        ["review", school, "fixed", "--reviewer", "editor"],
        ["review", "--prune"],
    ):
        code, _, err = run_cli(argv, capsys)
        assert code == 2
        assert "line 3" in err and "left it unchanged" in err
        assert path.read_bytes() == before


def no_git_user_name(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A machine whose git has no user.name; returns the global git config file to write."""
    config = project / "gitconfig"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    return config


def test_the_reviewer_defaults_to_git_user_name(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    no_git_user_name(project, monkeypatch).write_text(
        "[user]\n\tname = editor\n", encoding="utf-8"
    )
    code, _, err = run_cli(["review", school, "confirmed"], capsys)
    assert (code, err) == (0, "")
    assert read_decisions(decisions_path(project))[school].reviewer == "editor"


def test_without_git_user_name_the_login_name_is_used_and_said(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh machine: the decision is recorded, under the login name, with one line saying so."""
    school = findings_by_value(project)["1894"]["finding_id"]
    no_git_user_name(project, monkeypatch)
    monkeypatch.setenv("LOGNAME", "wikiuser")
    code, out, err = run_cli(["review", school, "confirmed"], capsys)
    assert code == 0, err
    assert err.splitlines() == [
        "checker: reviewer: wikiuser (the login name; git config user.name is not set; "
        "--reviewer NAME records another)"
    ]
    assert out.startswith(f"{school}: confirmed")
    assert read_decisions(decisions_path(project))[school].reviewer == "wikiuser"


def test_with_no_name_at_all_the_error_says_what_to_give(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    no_git_user_name(project, monkeypatch)

    def nobody() -> str:
        raise OSError("no login name")

    monkeypatch.setattr("getpass.getuser", nobody)
    code, _, err = run_cli(["review", school, "confirmed"], capsys)
    assert code == 2
    assert_one_line_error(err, "give --reviewer NAME")
    assert not decisions_path(project).exists()


def test_review_warns_when_the_articles_changed_since_the_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(project, NB + "Han hadde en datter.\n", ID)
    code, out, err = run_cli(["review"], capsys)
    assert code == 0
    assert "warning" in err and "changed since" in err and "nb.txt" in err
    assert out


def test_the_decisions_file_records_what_was_decided_for_readers_of_git_diffs(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    run_cli(["review", school, "accepted", "--note", 'says "ca."', "--reviewer", "editor"], capsys)
    text = decisions_path(project).read_text(encoding="utf-8")
    entry = text.split(f"[{school}]\n", 1)[1]
    assert entry.splitlines()[:6] == [
        'status = "accepted"',
        'note = "says \\"ca.\\""',
        'reviewer = "editor"',
        f"date = {TODAY.isoformat()}",
        'scope = "cross"',
        'kind = "date"',
    ]
    assert 'src_sentence = "Han begynte på presteseminaret i Tbilisi i 1894."' in entry


@pytest.mark.parametrize("command", ["review", "serve"])
def test_new_commands_explain_themselves(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli([command, "--help"], capsys)
    assert code == 0
    assert f"Usage: checker {command}" in out
    assert "--reviewer" in out and "--pair" in out


# --- Editors' comments in the decisions file survive checker's writes -----------------


def decide_by_cli(capsys: pytest.CaptureFixture[str], finding_id: str, status: str) -> None:
    code, _, err = run_cli(["review", finding_id, status, "--reviewer", "editor"], capsys)
    assert (code, err) == (0, "")


def comment_entry(project: Path, finding_id: str) -> tuple[str, str]:
    """An editor's full-line comment above the entry and an inline one after its note."""
    path = decisions_path(project)
    text = path.read_text(encoding="utf-8")
    above = "# Checked against the church register (ask Kari before changing)."
    inline = 'note = ""  # nb cites the official Soviet year'
    text = text.replace(f"[{finding_id}]\n", f"{above}\n[{finding_id}]\n")
    entry = text.split(f"[{finding_id}]\n", 1)[1]
    text = text.replace(entry, entry.replace('note = ""', inline, 1), 1)
    path.write_text(text, encoding="utf-8")
    return above, inline


def entry_block(text: str, finding_id: str) -> str:
    """The entry's comment line, header and fields, up to the blank line or the next entry."""
    start = text.index(f"[{finding_id}]")
    start = text.rindex("\n", 0, start - 1) + 1  # the comment line right above it
    end = text.find("\n\n", start)
    return text[start : end + 1 if end >= 0 else len(text)]


def test_an_editors_comments_survive_a_decision_on_another_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {v: f["finding_id"] for v, f in findings_by_value(project).items()}
    school, birth = ids["1894"], ids["18. desember 1878"]
    decide_by_cli(capsys, school, "confirmed")
    above, inline = comment_entry(project, school)
    before = decisions_path(project).read_text(encoding="utf-8")
    decide_by_cli(capsys, birth, "accepted")
    after = decisions_path(project).read_text(encoding="utf-8")
    assert entry_block(after, school) == entry_block(before, school)
    assert f"{above}\n[{school}]\n" in after and f"\n{inline}\n" in after
    assert after.startswith(DECISIONS_HEADER)
    assert read_decisions(decisions_path(project))[birth].status == "accepted"
    # The new entry is where its id sorts, set apart by a blank line; no other byte changed.
    first, second = sorted([school, birth])
    assert after.index(f"[{first}]") < after.index(f"[{second}]")
    start = after.index(f"[{birth}]")
    end = after.find("\n\n", start)
    if end < 0:  # the new entry is the last one
        assert after[:start] == before + "\n"
    else:
        assert after[:start] + after[end + 2 :] == before


def test_changing_the_commented_entrys_own_status_keeps_its_comments(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    decide_by_cli(capsys, school, "confirmed")
    above, inline = comment_entry(project, school)
    path = decisions_path(project)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'status = "confirmed"', 'status = "confirmed"  # until nb is fixed'
        ),
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8")
    decide_by_cli(capsys, school, "fixed")
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        'status = "confirmed"  # until nb is fixed', 'status = "fixed"  # until nb is fixed'
    )
    assert f"{above}\n[{school}]\n" in after and f"\n{inline}\n" in after
    assert read_decisions(path)[school].status == "fixed"


def test_pruning_removes_the_entry_and_keeps_unrelated_comments(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {v: f["finding_id"] for v, f in findings_by_value(project).items()}
    school, birth = ids["1894"], ids["18. desember 1878"]
    decide_by_cli(capsys, school, "confirmed")
    decide_by_cli(capsys, birth, "accepted")
    above, inline = comment_entry(project, birth)
    path = decisions_path(project)
    text = path.read_text(encoding="utf-8")
    gone = "# The school year is disputed; see the talk page."
    unrelated = "# Reviewed in the January 2025 pass."
    text = text.replace(f"[{school}]\n", f"{gone}\n[{school}]\n")
    text = text.replace(DECISIONS_HEADER, f"{DECISIONS_HEADER}\n{unrelated}\n", 1)
    path.write_text(text + "\n# End of the decisions.\n", encoding="utf-8")
    # The editor fixes the school year: its finding (decided confirmed) is resolved.
    write_articles(project, NB.replace("i 1894", "i 1895"), ID)
    recheck(capsys)
    code, out, _ = run_cli(["review", "--prune"], capsys)
    assert code == 0 and out.startswith("prune: removed 1 resolved")
    after = path.read_text(encoding="utf-8")
    assert f"[{school}]" not in after and gone not in after
    assert f"{DECISIONS_HEADER}\n{unrelated}\n" in after
    assert f"{above}\n[{birth}]\n" in after and f"\n{inline}\n" in after
    assert after.endswith('"\n\n# End of the decisions.\n')
    assert "\n\n\n" not in after
    assert list(read_decisions(path)) == [birth]


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (lambda d: d["findings"][0].update(src_line="one"), "findings/0/src_line: 'one' is not"),
        (lambda d: d["findings"][0].pop("finding_id"), "'finding_id' is a required property"),
        (lambda d: d.pop("run"), "(top): 'run' is a required property"),
    ],
)
def test_a_damaged_report_is_refused_by_review_naming_the_field(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[dict[str, Any]], object],
    needle: str,
) -> None:
    """A report that does not match the schema stops review and serve with one line (exit 2)
    that says which field is wrong; the decisions file is not created, the report not touched."""
    path = project / "reports" / PAIR / "discrepancies.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    damage(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    for argv in (["review"], ["review", "F-000000000000", "confirmed", "--reviewer", "e"]):
        code, _, err = run_cli(argv, capsys)
        assert code == 2
        assert len(err.strip().splitlines()) == 1 and "is not a checker report" in err
        assert needle in err
    assert path.read_bytes() == before
    assert not decisions_path(project).exists()
