"""Report files: exact columns and rows, determinism, safe HTML, all-or-nothing writing."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest

from checker import report
from checker.errors import OutputError
from checker.fingerprint import assign_finding_ids
from checker.records import (
    AlignedPair,
    Alignment,
    Article,
    Candidate,
    CheckResult,
    Fact,
    Finding,
    NumberInterval,
    PartialDate,
    RunInfo,
    Sentence,
)
from checker.report import (
    ALIGNMENT_COLUMNS,
    DISCREPANCY_COLUMNS,
    ReportPaths,
    render_html,
    summarize,
    write_reports,
)
from checker.report.schema import schema_errors

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

SRC_TEXTS = [
    ("Josef Stalin (1879–1953) var Sovjetunionens leder.", 1, ""),
    (f"Hæren hadde omtrent 700 000 soldater, sier {SCRIPT} kilder.", 3, "Krig"),
    ("Stalin ble født i 1878 i Gori.", 5, "Liv > Barndom"),
]
TGT_TEXTS = [
    ("Josef Stalin (18 Desember 1878 – 5 Maret 1953) adalah pemimpin.", 1, ""),
    (f"Ia memiliki 900.000 tentara {IMG} menurut sumber.", 2, "Perang"),
    ('Stalin memimpin 800.000 tentara, "kata" sejarawan.', 4, "Perang"),
]


def make_article(lang: str, texts: list[tuple[str, int, str]]) -> Article:
    sentences = tuple(
        Sentence(index=i, text=text, line=line, start=0, section=section)
        for i, (text, line, section) in enumerate(texts)
    )
    return Article(Path(f"{lang}.txt"), lang, sentences, (lang * 32)[:64])


def fact_in(s: Sentence, text: str, kind: str, value: object, slot: str | None = None) -> Fact:
    start = s.text.index(text)
    return Fact(kind, text, start, start + len(text), value, slot)  # type: ignore[arg-type]


def make_result(with_ids: bool = True) -> CheckResult:
    """Three findings given in the wrong order: internal, then two cross ones."""
    src, tgt = make_article("nb", SRC_TEXTS), make_article("id", TGT_TEXTS)
    s, t = src.sentences, tgt.sentences
    birth = Finding(
        scope="cross",
        kind="date",
        severity="hard",
        confidence=0.95,
        src_lang="nb",
        tgt_lang="id",
        src_fact=fact_in(s[0], "1879", "date", PartialDate(1879), "birth"),
        tgt_fact=fact_in(t[0], "18 Desember 1878", "date", PartialDate(1878, 12, 18), "birth"),
        src_sentence=s[0],
        tgt_sentence=t[0],
        alignment_score=0.912345,
        explanation="Birth years differ: 1879 vs 1878.",
    )
    army = Finding(
        scope="cross",
        kind="number",
        severity="soft",
        confidence=2 / 3,
        src_lang="nb",
        tgt_lang="id",
        src_fact=fact_in(s[1], "omtrent 700 000", "number", NumberInterval(7e5, 7e5, True)),
        tgt_fact=fact_in(t[1], "900.000", "number", NumberInterval(9e5, 9e5)),
        src_sentence=s[1],
        tgt_sentence=t[1],
        alignment_score=0.7,
        explanation='Army sizes differ, "about" 700,000 vs 900,000.',
        review_status="confirmed",
    )
    internal = Finding(
        scope="internal",
        kind="date",
        severity="hard",
        confidence=0.9,
        src_lang="nb",
        tgt_lang="nb",
        src_fact=fact_in(s[0], "1879", "date", PartialDate(1879), "birth"),
        tgt_fact=fact_in(s[2], "1878", "date", PartialDate(1878), "birth"),
        src_sentence=s[0],
        tgt_sentence=s[2],
        alignment_score=0.5556,
        explanation="The article gives two birth years.",
    )
    findings: tuple[Finding, ...] = (internal, army, birth)
    if with_ids:
        findings = assign_finding_ids(findings)
    alignment = Alignment(
        pairs=(
            AlignedPair(1, 2, 0.61, 0.6, via="claim"),
            AlignedPair(0, 0, 0.912345, 0.8),
            AlignedPair(1, 1, 0.7, -0.00001),
        ),
        unaligned_src=(2,),
        unaligned_tgt=(),
        candidates={0: (Candidate(2, 0.4321), Candidate(0, 0.912345))},
    )
    run = RunInfo(
        checker_version="0.1.0",
        model="test-model",
        src_lang="nb",
        tgt_lang="id",
        src_path="seeds/nb.txt",
        tgt_path="seeds/id.txt",
        src_sha256=src.sha256,
        tgt_sha256=tgt.sha256,
    )
    return CheckResult(src, tgt, alignment, findings, run)


@pytest.fixture
def result() -> CheckResult:
    return make_result()


@pytest.fixture
def written(result: CheckResult, tmp_path: Path) -> ReportPaths:
    return write_reports(result, tmp_path / "out")


def ids_by_kind(result: CheckResult) -> dict[tuple[str, str], str]:
    return {(f.scope, f.kind): f.finding_id for f in result.findings}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


# --- discrepancies.csv -------------------------------------------------------


def test_report_paths(written: ReportPaths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert written == ReportPaths(
        csv=out / "discrepancies.csv",
        alignment=out / "alignment.csv",
        json=out / "discrepancies.json",
        html=out / "discrepancies.html",
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "alignment.csv",
        "discrepancies.csv",
        "discrepancies.html",
        "discrepancies.json",
    ]


def test_csv_header_is_the_contract(written: ReportPaths) -> None:
    raw = written.csv.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    header = raw.decode("utf-8").split("\n", 1)[0]
    assert header == (
        "finding_id,kind,severity,confidence,src_lang,tgt_lang,src_value,tgt_value,"
        "src_normalized,tgt_normalized,src_sentence,tgt_sentence,src_section,tgt_section,"
        "src_line,tgt_line,alignment_score,explanation,review_status,scope,slot"
    )
    assert tuple(header.split(",")) == DISCREPANCY_COLUMNS


def test_csv_rows_are_exact_and_sorted(written: ReportPaths, result: CheckResult) -> None:
    ids = ids_by_kind(result)
    rows = read_csv(written.csv)
    assert rows == [
        {
            "finding_id": ids[("cross", "date")],
            "kind": "date",
            "severity": "hard",
            "confidence": "0.950",
            "src_lang": "nb",
            "tgt_lang": "id",
            "src_value": "1879",
            "tgt_value": "18 Desember 1878",
            "src_normalized": "1879",
            "tgt_normalized": "1878-12-18",
            "src_sentence": SRC_TEXTS[0][0],
            "tgt_sentence": TGT_TEXTS[0][0],
            "src_section": "",
            "tgt_section": "",
            "src_line": "1",
            "tgt_line": "1",
            "alignment_score": "0.912",
            "explanation": "Birth years differ: 1879 vs 1878.",
            "review_status": "new",
            "scope": "cross",
            "slot": "birth",
        },
        {
            "finding_id": ids[("cross", "number")],
            "kind": "number",
            "severity": "soft",
            "confidence": "0.667",
            "src_lang": "nb",
            "tgt_lang": "id",
            "src_value": "omtrent 700 000",
            "tgt_value": "900.000",
            "src_normalized": "~700000",
            "tgt_normalized": "900000",
            "src_sentence": SRC_TEXTS[1][0],
            "tgt_sentence": TGT_TEXTS[1][0],
            "src_section": "Krig",
            "tgt_section": "Perang",
            "src_line": "3",
            "tgt_line": "2",
            "alignment_score": "0.700",
            "explanation": 'Army sizes differ, "about" 700,000 vs 900,000.',
            "review_status": "confirmed",
            "scope": "cross",
            "slot": "",
        },
        {
            "finding_id": ids[("internal", "date")],
            "kind": "date",
            "severity": "hard",
            "confidence": "0.900",
            "src_lang": "nb",
            "tgt_lang": "nb",
            "src_value": "1879",
            "tgt_value": "1878",
            "src_normalized": "1879",
            "tgt_normalized": "1878",
            "src_sentence": SRC_TEXTS[0][0],
            "tgt_sentence": SRC_TEXTS[2][0],
            "src_section": "",
            "tgt_section": "Liv > Barndom",
            "src_line": "1",
            "tgt_line": "5",
            "alignment_score": "0.556",
            "explanation": "The article gives two birth years.",
            "review_status": "new",
            "scope": "internal",
            "slot": "birth",
        },
    ]


def test_csv_quotes_commas_and_quotes(written: ReportPaths) -> None:
    text = written.csv.read_text(encoding="utf-8")
    assert '"Army sizes differ, ""about"" 700,000 vs 900,000."' in text


def test_missing_ids_are_assigned(tmp_path: Path) -> None:
    paths = write_reports(make_result(with_ids=False), tmp_path / "out")
    ids = [row["finding_id"] for row in read_csv(paths.csv)]
    assert len(set(ids)) == 3
    assert all(re.fullmatch(r"F-[0-9a-f]{12}", i) for i in ids)
    assert set(ids) == set(ids_by_kind(make_result()).values())


def test_duplicate_ids_are_a_bug(result: CheckResult, tmp_path: Path) -> None:
    from dataclasses import replace

    same = tuple(replace(f, finding_id="F-000000000000") for f in result.findings)
    with pytest.raises(ValueError, match="not unique"):
        write_reports(replace(result, findings=same), tmp_path / "out")


def test_no_findings_gives_header_only(result: CheckResult, tmp_path: Path) -> None:
    from dataclasses import replace

    paths = write_reports(replace(result, findings=()), tmp_path / "out")
    assert paths.csv.read_text(encoding="utf-8") == ",".join(DISCREPANCY_COLUMNS) + "\n"
    assert json.loads(paths.json.read_text(encoding="utf-8"))["findings"] == []
    assert "No findings" in paths.html.read_text(encoding="utf-8")


# --- alignment.csv -----------------------------------------------------------


def test_alignment_csv(written: ReportPaths) -> None:
    text = written.alignment.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == ",".join(ALIGNMENT_COLUMNS)
    assert read_csv(written.alignment) == [
        {
            "src_sentence": SRC_TEXTS[0][0],
            "tgt_sentence": TGT_TEXTS[0][0],
            "src_line": "1",
            "tgt_line": "1",
            "score": "0.912",
            "similarity": "0.800",
            "via": "retrieval",
            "src_section": "",
            "tgt_section": "",
            "src_index": "0",
            "tgt_index": "0",
        },
        {
            "src_sentence": SRC_TEXTS[1][0],
            "tgt_sentence": TGT_TEXTS[1][0],
            "src_line": "3",
            "tgt_line": "2",
            "score": "0.700",
            "similarity": "0.000",
            "via": "retrieval",
            "src_section": "Krig",
            "tgt_section": "Perang",
            "src_index": "1",
            "tgt_index": "1",
        },
        {
            "src_sentence": SRC_TEXTS[1][0],
            "tgt_sentence": TGT_TEXTS[2][0],
            "src_line": "3",
            "tgt_line": "4",
            "score": "0.610",
            "similarity": "0.600",
            "via": "claim",
            "src_section": "Krig",
            "tgt_section": "Perang",
            "src_index": "1",
            "tgt_index": "2",
        },
    ]


# --- discrepancies.json ------------------------------------------------------


def test_json_document(written: ReportPaths, result: CheckResult) -> None:
    raw = written.json.read_text(encoding="utf-8")
    assert raw.endswith("}\n")
    assert "\\u00e6" not in raw and "Hæren" in raw  # ensure_ascii off
    doc = json.loads(raw)
    assert list(doc) == ["findings", "run", "summary"]
    assert doc["run"] == {
        "checker_version": "0.1.0",
        "model": "test-model",
        "src_lang": "nb",
        "tgt_lang": "id",
        "src_path": "seeds/nb.txt",
        "tgt_path": "seeds/id.txt",
        "src_sha256": result.src.sha256,
        "tgt_sha256": result.tgt.sha256,
    }
    assert doc["summary"] == {
        "total": 3,
        "by_kind": {"date": 2, "name": 0, "number": 1},
        "by_severity": {"hard": 2, "soft": 1},
        "by_scope": {"cross": 2, "internal": 1},
        "by_review_status": {"confirmed": 1, "new": 2},
        "aligned_pairs": 3,
    }
    first = doc["findings"][0]
    assert set(first) == set(DISCREPANCY_COLUMNS)
    assert first["confidence"] == 0.95
    assert first["alignment_score"] == 0.912
    assert first["src_line"] == 1 and isinstance(first["src_line"], int)
    assert [f["finding_id"] for f in doc["findings"]] == [
        row["finding_id"] for row in read_csv(written.csv)
    ]
    assert doc["findings"][1]["slot"] is None


def test_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first = write_reports(make_result(), tmp_path / "a")
    second = write_reports(make_result(), tmp_path / "b")
    for name in ("csv", "alignment", "json", "html"):
        assert getattr(first, name).read_bytes() == getattr(second, name).read_bytes(), name


# --- discrepancies.html ------------------------------------------------------


def test_html_escapes_article_text(written: ReportPaths) -> None:
    html = written.html.read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script") == 1  # the page's own script only
    assert "<img" not in html


def test_html_marks_the_values(written: ReportPaths) -> None:
    html = written.html.read_text(encoding="utf-8")
    assert "Josef Stalin (<mark>1879</mark>–1953) var Sovjetunionens leder." in html
    assert "Josef Stalin (<mark>18 Desember 1878</mark> – 5 Maret 1953)" in html
    assert "Hæren hadde <mark>omtrent 700 000</mark> soldater" in html
    assert "Stalin ble født i <mark>1878</mark> i Gori." in html


def test_mark_value_escapes_each_part() -> None:
    s = Sentence(0, "a<b 1878 c&d", 1, 0, "")
    fact = Fact("date", "1878", 4, 8, PartialDate(1878))
    assert str(report.mark_value(s, fact)) == "a&lt;b <mark>1878</mark> c&amp;d"
    outside = Fact("date", "1878", 40, 44, PartialDate(1878))
    assert str(report.mark_value(s, outside)) == "a&lt;b 1878 c&amp;d"


def test_html_shows_each_finding(written: ReportPaths, result: CheckResult) -> None:
    html = written.html.read_text(encoding="utf-8")
    for f in result.findings:
        assert f'id="{f.finding_id}"' in html
    assert 'data-kind="number" data-severity="soft" data-scope="cross"' in html
    assert 'data-status="confirmed"' in html
    assert "line 5 · Liv &gt; Barndom" in html
    assert "The article gives two birth years." in html
    assert "sha256 <code>nbnbnbnbnbnb</code>" in html
    assert "<strong>3</strong> findings" in html


def test_html_lists_other_candidates(written: ReportPaths) -> None:
    html = written.html.read_text(encoding="utf-8")
    assert html.count("<details>") == 1
    details = html[html.index("<details>") : html.index("</details>")]
    assert "other close candidates (1)" in details
    assert "Stalin memimpin 800.000 tentara, &#34;kata&#34; sejarawan." in details
    assert "score 0.432" in details


def test_html_is_self_contained(written: ReportPaths) -> None:
    html = written.html.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert "<link" not in html
    assert "@import" not in html
    assert "url(" not in html


# --- summary -----------------------------------------------------------------


def test_summarize(result: CheckResult) -> None:
    summary = summarize(result)
    assert summary.by_severity == {"hard": 2, "soft": 1}
    assert summary.by_kind == {"date": 2, "number": 1, "name": 0}
    assert summary.one_line() == (
        "3 findings (hard 2, soft 1; date 2, number 1, name 0); 3 aligned pairs"
    )


# --- writing -----------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_creates_nested_out_dir_and_leaves_other_files(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    write_reports(make_result(), out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.joinpath("a").iterdir()) == ["b"]  # no leftovers


def test_failed_rendering_keeps_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_reports(make_result(), out)
    before = snapshot(out)

    def broken(*_args: object) -> bytes:
        raise RuntimeError("template bug")

    monkeypatch.setattr("checker.report.pair.render_html", broken)
    with pytest.raises(RuntimeError, match="template bug"):
        write_reports(make_result(with_ids=False), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failure_while_moving_files_restores_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    from dataclasses import replace

    old = make_result()
    write_reports(replace(old, findings=old.findings[:1]), out)
    before = snapshot(out)

    real_replace = os.replace
    calls: list[str] = []

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        # Fail on the third file moved into place (two are already new by then).
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("checker.files.os.replace", flaky)
    with pytest.raises(OutputError) as caught:
        write_reports(make_result(), out)
    message = str(caught.value)
    assert "\n" not in message
    assert "no space left on device" in message
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_interrupt_while_moving_files_restores_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_reports(make_result(with_ids=False), out)
    (out / "discrepancies.html").unlink()  # a file with no previous version
    before = snapshot(out)

    real_replace = os.replace
    calls: list[str] = []

    def interrupted(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 4:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr("checker.files.os.replace", interrupted)
    from dataclasses import replace

    with pytest.raises(KeyboardInterrupt):
        write_reports(replace(make_result(), findings=()), out)
    assert snapshot(out) == before


def test_out_dir_under_a_regular_file_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        write_reports(make_result(), blocker / "reports")
    message = str(caught.value)
    assert "\n" not in message
    assert str(blocker / "reports") in message
    assert blocker.read_text(encoding="utf-8") == "x"


def test_out_dir_that_is_a_file_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create report folder"):
        write_reports(make_result(), blocker)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_out_dir_is_an_output_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_reports(make_result(), out)
    before = snapshot(out)
    out.chmod(0o500)
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            write_reports(make_result(), out)
    finally:
        tmp_path.chmod(0o700)
        out.chmod(0o700)
    assert snapshot(out) == before


def test_stages_inside_out_dir_when_its_parent_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real_mkdtemp = tempfile.mkdtemp
    used: list[Path] = []

    def picky(prefix: str, dir: Path) -> str:
        if Path(dir) == tmp_path:
            raise PermissionError(13, "Permission denied")
        used.append(Path(dir))
        return real_mkdtemp(prefix=prefix, dir=dir)

    monkeypatch.setattr("checker.files.tempfile.mkdtemp", picky)
    write_reports(make_result(), out)
    assert used == [out]
    assert sorted(p.name for p in out.iterdir()) == [
        "alignment.csv",
        "discrepancies.csv",
        "discrepancies.html",
        "discrepancies.json",
    ]


def test_html_names_the_languages_from_their_data_files() -> None:
    """The page shows each language's name from its data file, not its code alone."""
    from checker.languages import load_language

    result = make_result()
    assert (result.run.src_lang, result.run.tgt_lang) == ("nb", "id")
    page = render_html(result, result.findings).decode("utf-8")
    assert f"{load_language('nb').name} (nb)" in page
    assert f"{load_language('id').name} (id)" in page


def test_the_json_report_matches_its_published_schema() -> None:
    """The golden report (every field a pair's report has) passes the schema, and the schema
    names what a damaged copy breaks, so a reader of the file knows what to fix."""
    golden_file = Path(__file__).parent / "golden" / "discrepancies.json"
    golden = json.loads(golden_file.read_text("utf-8"))
    assert schema_errors(golden) == []
    damaged = json.loads(json.dumps(golden))
    damaged["findings"][0]["src_line"] = "one"
    del damaged["findings"][1]["kind"]
    damaged["run"] = {"model": "m"}
    assert schema_errors(damaged) == [
        "findings/0/src_line: 'one' is not of type 'integer'",
        "findings/1: 'kind' is a required property",
        "run: {'model': 'm'} is not valid under any of the given schemas",
    ]
