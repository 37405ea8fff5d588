"""`checker serve`: review a pair's findings one by one in a local web page.

The page shows one finding at a time (both sentences side by side, the values
highlighted, the section each comes from), takes a note, and records the
editor's decision with a key press; each decision is written to the decisions
file at once (atomically, through `checker.review.update_decisions`). The
reviewer's name is a field on the page, sent with every decision: the name the
server starts with is only a default (git's ``user.name`` or the login name),
and the one who sits at the page may be someone else.

The server is the standard library's ``http.server``: one editor, one machine,
a few requests a minute. It is careful all the same, because a local server is
reachable from every web page the editor has open:

- it binds to 127.0.0.1 only, never to other interfaces;
- it answers only requests whose ``Host`` is 127.0.0.1 or localhost with its
  own port (a DNS-rebinding page would send its own host name);
- a decision is recorded only from a JSON POST carrying the page's random
  token in a header, which another site can neither read nor send without a
  CORS preflight, which the server never grants;
- article text is escaped by Jinja2's autoescape and JSON filter, the page's
  script writes it with ``textContent`` only, and a Content-Security-Policy
  lets only the page's own script (by nonce) run and fetch only from the server.

No URL outside the server is referenced, so the page works with no network.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import sys
import threading
import webbrowser
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from checker.errors import CheckerError, OutputError
from checker.files import reason
from checker.languages import language_name
from checker.report.html import html_environment
from checker.review import (
    STATUSES,
    Decision,
    Reviewed,
    ReviewOutcome,
    decide,
    read_decisions,
    read_report,
    review_items,
    update_decisions,
)

log = logging.getLogger(__name__)

#: The only interface the server listens on.
HOST = "127.0.0.1"
#: Largest request body accepted (a decision is well under 1 KiB).
MAX_BODY = 64 * 1024
#: Longest note accepted, in characters.
MAX_NOTE = 2000
#: Longest reviewer name accepted, in characters.
MAX_REVIEWER = 100


class ReviewServer:
    """The review page and its decision endpoint for one report and decisions file.

    ``reviewer`` is the name the page starts with; a decision sent with another
    name records that one, and later pages start with it. (The example is not
    run as a doctest: it needs a report and serves until stopped.)

    >>> server = ReviewServer(Path("reports/stalin"), Path("seeds/stalin.decisions.toml"),
    ...                       reviewer="editor")  # doctest: +SKIP
    >>> threading.Thread(target=server.serve_forever).start()  # doctest: +SKIP

    Raises:
        CheckerError: no report, a corrupt decisions file, or the port is taken.
    """

    def __init__(
        self,
        report_dir: Path,
        decisions_path: Path,
        *,
        reviewer: str,
        name: str | None = None,
        port: int = 0,
    ) -> None:
        self.report_dir = report_dir
        self.decisions_path = decisions_path
        self.reviewer = reviewer
        self.name = name or report_dir.name
        self.snapshot = read_report(report_dir)
        read_decisions(decisions_path)  # a corrupt file stops us before anything is served
        self.token = secrets.token_urlsafe(24)
        self._lock = threading.Lock()
        try:
            self._httpd = ThreadingHTTPServer((HOST, port), _Handler)
        except OSError as exc:
            raise CheckerError(
                f"cannot listen on {HOST}:{port}: {reason(exc)}; "
                "choose another --port (0 picks a free one)"
            ) from None
        self._httpd.daemon_threads = True
        self._httpd.review = self  # type: ignore[attr-defined]
        self.port = int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The page's address, e.g. ``http://127.0.0.1:8765/``."""
        return f"http://{HOST}:{self.port}/"

    def serve_forever(self) -> None:
        """Answer requests until `shutdown` is called (from another thread) or Ctrl-C."""
        self._httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Stop `serve_forever` (call from another thread)."""
        self._httpd.shutdown()

    def close(self) -> None:
        """Release the port."""
        self._httpd.server_close()

    def open_in_browser(self) -> None:
        """Open the page in the desktop's browser, when there is a desktop.

        Without one, Python's ``webbrowser`` falls back on text browsers that
        would take over the terminal, so on a bare Linux console we only print.
        """
        graphical = sys.platform in ("darwin", "win32") or bool(
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        )
        if graphical:
            webbrowser.open(self.url)

    # --- What the page shows and does ------------------------------------------------

    def outcome(self) -> ReviewOutcome:
        """The report's findings with the decisions file as it is now."""
        return review_items(self.snapshot.items, read_decisions(self.decisions_path))

    def state(self) -> dict[str, Any]:
        """Everything the page needs, as JSON-ready data."""
        outcome = self.outcome()
        return {
            "name": self.name,
            "decisions": self.decisions_path.as_posix(),
            "reviewer": self.reviewer,
            "statuses": list(STATUSES),
            "run": {
                key: self.snapshot.run.get(key)
                for key in ("src_path", "tgt_path", "src_lang", "tgt_lang")
            },
            "stale": list(self.snapshot.stale),
            "languages": _language_names(self.snapshot.run, outcome),
            "items": [_item_state(r) for r in outcome.reviewed],
            "resolved": [_decision_state(d) for d in outcome.resolved],
            "counts": outcome.counts(),
        }

    def record(
        self, finding_id: str, status: str, note: str, reviewer: str | None = None
    ) -> dict[str, Any]:
        """Record a decision from the page and return the finding's new state and the counts.

        ``reviewer`` is the name in the page's field (None: the server's
        current one); once a decision is saved under it, it is the server's
        current name, so a reloaded page keeps it.

        Raises:
            CheckerError: unknown id or status, an empty or overlong reviewer
                name, or the decisions file is corrupt (then it is left unchanged).
        """
        if len(note) > MAX_NOTE:
            raise CheckerError(f"the note is longer than {MAX_NOTE} characters")
        who = self.reviewer if reviewer is None else _checked_reviewer(reviewer)
        if finding_id not in {item.finding_id for item in self.snapshot.items}:
            raise CheckerError(f"no finding {finding_id} in {self.report_dir}")
        with self._lock:

            def change(current: dict[str, Decision]) -> dict[str, Decision]:
                outcome = review_items(self.snapshot.items, current)
                return decide(
                    current,
                    outcome,
                    finding_id,
                    status,
                    note=note,
                    reviewer=who,
                    today=dt.date.today(),
                )

            update_decisions(self.decisions_path, change)
            self.reviewer = who
            outcome = self.outcome()
        reviewed = outcome.find(finding_id)
        assert reviewed is not None
        log.info("%s: %s by %s", finding_id, status, who)
        return {"item": _item_state(reviewed), "counts": outcome.counts(), "reviewer": who}

    def page(self, nonce: str) -> bytes:
        """The review page's HTML."""
        template = html_environment().get_template("review.html.j2")
        return template.render(state=self.state(), token=self.token, nonce=nonce).encode("utf-8")


def _language_names(run: Mapping[str, Any], outcome: ReviewOutcome) -> dict[str, str]:
    """The English name of every language the page shows, from the language data files."""
    codes = {str(run[key]) for key in ("src_lang", "tgt_lang") if run.get(key)}
    for reviewed in outcome.reviewed:
        codes.update((reviewed.item.src_lang, reviewed.item.tgt_lang))
    return {code: language_name(code) for code in sorted(codes)}


def _checked_reviewer(name: str) -> str:
    """The reviewer name from the page, trimmed; one printable line of reasonable length."""
    name = name.strip()
    if not name:
        raise CheckerError("the reviewer name is empty; write your name or a role such as editor")
    if len(name) > MAX_REVIEWER or not name.isprintable():
        raise CheckerError(
            f"the reviewer name must be one line of at most {MAX_REVIEWER} characters"
        )
    return name


def _item_state(reviewed: Reviewed) -> dict[str, Any]:
    item = reviewed.item
    decision = reviewed.decision
    return {
        **item.record(),
        "status": reviewed.status,
        "shown_status": reviewed.shown_status,
        "decision": _decision_state(decision) if decision is not None else None,
    }


def _decision_state(decision: Decision) -> dict[str, Any]:
    return {**decision.fields(), "values": decision.values()}


class _Handler(BaseHTTPRequestHandler):
    """Routes: ``GET /`` the page, ``GET /api/state``, ``POST /api/decisions``."""

    server_version = "checker-review"
    sys_version = ""

    @property
    def review(self) -> ReviewServer:
        return self.server.review  # type: ignore[attr-defined,no-any-return]

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    # --- Guards ---------------------------------------------------------------------

    def _host_ok(self) -> bool:
        port = self.review.port
        allowed = {f"{HOST}:{port}", f"localhost:{port}"}
        return self.headers.get("Host", "") in allowed

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        port = self.review.port
        return origin is None or origin in {f"http://{HOST}:{port}", f"http://localhost:{port}"}

    # --- Responses ------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, csp: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self._send(
            status,
            body,
            "application/json; charset=utf-8",
            "default-src 'none'; frame-ancestors 'none'",
        )

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json(status, {"error": message})

    # --- Methods ----------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_ok():
            self._error(HTTPStatus.FORBIDDEN, "unexpected Host header")
            return
        path = self.path.split("?", 1)[0]
        try:
            if path == "/":
                nonce = secrets.token_urlsafe(16)
                csp = (
                    f"default-src 'none'; script-src 'nonce-{nonce}'; "
                    "style-src 'unsafe-inline'; connect-src 'self'; img-src 'none'; "
                    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
                )
                self._send(HTTPStatus.OK, self.review.page(nonce), "text/html; charset=utf-8", csp)
            elif path == "/api/state":
                self._json(HTTPStatus.OK, self.review.state())
            else:
                self._error(HTTPStatus.NOT_FOUND, f"no page {path}")
        except CheckerError as error:
            self._error(HTTPStatus.CONFLICT, str(error))

    def do_POST(self) -> None:
        if not self._host_ok() or not self._origin_ok():
            self._error(HTTPStatus.FORBIDDEN, "unexpected Host or Origin header")
            return
        if self.path != "/api/decisions":
            self._error(HTTPStatus.NOT_FOUND, f"no endpoint {self.path}")
            return
        token = self.headers.get("X-Checker-Token", "")
        if not secrets.compare_digest(token.encode(), self.review.token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "missing or wrong token; reload the page")
            return
        if self.headers.get_content_type() != "application/json":
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._error(HTTPStatus.BAD_REQUEST, "missing or oversized body")
            return
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._error(HTTPStatus.BAD_REQUEST, "the body is not JSON")
            return
        if (
            not isinstance(body, dict)
            or not all(isinstance(body.get(key), str) for key in ("finding_id", "status", "note"))
            or not isinstance(body.get("reviewer", ""), str)
        ):
            self._error(
                HTTPStatus.BAD_REQUEST, "send finding_id, status, note and reviewer as strings"
            )
            return
        try:
            answer = self.review.record(
                body["finding_id"], body["status"], body["note"], body.get("reviewer")
            )
        except OutputError as error:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))
            return
        except CheckerError as error:
            self._error(HTTPStatus.BAD_REQUEST, str(error))
            return
        self._json(HTTPStatus.OK, answer)
