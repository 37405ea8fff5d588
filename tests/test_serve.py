"""`checker serve` over HTTP, without a browser: what it answers, and what it refuses."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.errors import CheckerError
from checker.languages import load_language
from checker.review import read_decisions
from checker.serve import HOST, ReviewServer
from tests.helpers import run_cli
from tests.review_fixtures import (
    PAIR,
    checked_project,
    decisions_path,
    findings_by_value,
    serving,
)


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    return checked_project(tmp_path, monkeypatch, capsys)


@pytest.fixture
def server(project: Path) -> Iterator[ReviewServer]:
    with serving(project) as review:
        yield review


def request(
    server: ReviewServer,
    method: str,
    path: str,
    body: dict[str, Any] | bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    sent = {"Content-Type": "application/json", "X-Checker-Token": server.token}
    sent.update(headers or {})
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), payload


def test_it_listens_on_localhost_only(server: ReviewServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server._httpd.server_address[0] == "127.0.0.1"


def test_the_page_is_served_with_a_strict_policy(server: ReviewServer) -> None:
    status, headers, body = request(server, "GET", "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'nonce-" in policy
    assert "connect-src 'self'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    page = body.decode("utf-8")
    assert server.token in page
    assert "http://" not in page and "https://" not in page  # no outside URL


def test_the_state_lists_findings_and_decisions(server: ReviewServer, project: Path) -> None:
    status, _, body = request(server, "GET", "/api/state")
    assert status == 200
    state = json.loads(body)
    assert state["reviewer"] == "editor"
    assert [item["status"] for item in state["items"]] == ["new", "new"]
    assert state["items"][0]["src_section"] == "Oppvekst"


def test_a_decision_is_written_at_once(server: ReviewServer, project: Path) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    status, _, body = request(
        server,
        "POST",
        "/api/decisions",
        {"finding_id": school, "status": "false-positive", "note": "two schools"},
    )
    assert status == 200, body
    answer = json.loads(body)
    assert answer["item"]["status"] == "false-positive"
    assert answer["counts"] == {"new": 1, "regressed": 0, "decided": 1, "resolved": 0}
    stored = read_decisions(decisions_path(project))[school]
    assert (stored.status, stored.note, stored.reviewer) == (
        "false-positive",
        "two schools",
        "editor",
    )


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"X-Checker-Token": "guess"}, None, 403),
        ({"X-Checker-Token": ""}, None, 403),
        ({"Host": "evil.example:80"}, None, 403),
        ({"Origin": "http://evil.example"}, None, 403),
        ({"Content-Type": "text/plain"}, None, 415),
        ({}, b"{not json", 400),
        ({}, {"finding_id": "F-000000000000", "status": "confirmed", "note": ""}, 400),
        ({}, {"finding_id": "{school}", "status": "maybe", "note": ""}, 400),
        ({}, {"finding_id": "{school}", "status": "confirmed"}, 400),
    ],
)
def test_bad_or_foreign_requests_change_nothing(
    server: ReviewServer,
    project: Path,
    headers: dict[str, str],
    body: dict[str, str] | bytes | None,
    status: int,
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    if body is None:
        body = {"finding_id": school, "status": "confirmed", "note": ""}
    elif isinstance(body, dict):
        body = {k: v.replace("{school}", school) for k, v in body.items()}
    answer, _, payload = request(server, "POST", "/api/decisions", body, headers)
    assert answer == status, payload
    assert "error" in json.loads(payload)
    assert not decisions_path(project).exists()


def test_a_foreign_host_cannot_read_the_page(server: ReviewServer) -> None:
    status, _, _ = request(server, "GET", "/", headers={"Host": "rebound.example"})
    assert status == 403
    assert request(server, "GET", "/nothing")[0] == 404


def test_a_decisions_file_corrupted_while_serving_is_left_alone(
    server: ReviewServer, project: Path
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    path = decisions_path(project)
    path.write_bytes(b"[oops\n")
    status, _, payload = request(
        server, "POST", "/api/decisions", {"finding_id": school, "status": "fixed", "note": ""}
    )
    assert status == 400
    assert "line 1" in json.loads(payload)["error"]
    assert path.read_bytes() == b"[oops\n"


def test_a_corrupt_decisions_file_stops_serve_before_it_starts(project: Path) -> None:
    decisions_path(project).write_bytes(b'[F-1]\nstatus = "nope"\n')
    with pytest.raises(CheckerError, match="entry"):
        ReviewServer(Path("reports") / PAIR, decisions_path(project), reviewer="editor")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["serve", "--port", "70000", "--reviewer", "editor"], "--port must be between"),
        (["serve", "--pair", "nope", "--reviewer", "editor"], "no pair 'nope'"),
        (
            ["serve", "--report", "nowhere", "--decisions", "d.toml", "--reviewer", "editor"],
            "no report at",
        ),
    ],
)
def test_serve_usage_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, _, err = run_cli(argv, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_the_state_names_languages_from_their_data_files(server: ReviewServer) -> None:
    languages = server.state()["languages"]
    assert languages == {code: load_language(code).name for code in languages}
    assert {"nb", "id"} <= set(languages)


# --- Who decides ---------------------------------------------------------------------


def test_the_name_in_the_page_is_recorded_with_the_decision(
    server: ReviewServer, project: Path
) -> None:
    """The page's reviewer field, not the server's starting name, says who decided."""
    school = findings_by_value(project)["1894"]["finding_id"]
    decision = {"finding_id": school, "status": "fixed", "note": "", "reviewer": " id editor "}
    status, _, body = request(server, "POST", "/api/decisions", decision)
    assert status == 200, body
    assert json.loads(body)["reviewer"] == "id editor"
    assert read_decisions(decisions_path(project))[school].reviewer == "id editor"
    # A reloaded page starts with the name last used.
    assert json.loads(request(server, "GET", "/api/state")[2])["reviewer"] == "id editor"


@pytest.mark.parametrize("name", ["", "   ", "two\nlines", "x" * 101, 7])
def test_a_missing_or_odd_reviewer_name_changes_nothing(
    server: ReviewServer, project: Path, name: object
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    decision = {"finding_id": school, "status": "fixed", "note": "", "reviewer": name}
    status, _, body = request(server, "POST", "/api/decisions", decision)
    assert status == 400
    assert "reviewer" in json.loads(body)["error"]
    assert not decisions_path(project).exists()
    assert server.reviewer == "editor"


def test_serve_starts_without_git_user_name_under_the_login_name(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh machine: serve starts, says which name it uses, and that the page can change it."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(project / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    monkeypatch.setenv("LOGNAME", "wikiuser")
    monkeypatch.setattr(ReviewServer, "serve_forever", lambda self: None)  # return at once
    code, out, err = run_cli(["serve", "--no-open"], capsys)
    assert code == 0, err
    assert err.startswith("checker: reviewer: wikiuser (the login name;")
    assert len(err.splitlines()) == 1
    assert " as wikiuser (the page can change it); " in out
