"""`checker serve` end to end in a real browser: headless Chromium driven by Playwright.

The browser is Debian's ``chromium`` package (``.ci/run`` installs it), not
Playwright's own download, which does not work where checker is built. Without
it the tests are skipped on a developer's machine, with the reason, and fail in
CI (``CI`` set), so a missing browser can never pass for a green run.

The first test leaves a screenshot of a reviewing session in
``test-artifacts/review-page.png``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from checker.review import read_decisions
from tests.helpers import run_cli, use_fake_encoder
from tests.review_fixtures import (
    ID,
    NB,
    PAIR,
    checked_project,
    decisions_path,
    findings_by_value,
    serving,
    write_articles,
    write_project,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


def chromium_executable() -> str:
    """Debian's chromium: ``$CHECKER_CHROMIUM``, or ``chromium`` on the PATH."""
    found = os.environ.get("CHECKER_CHROMIUM") or shutil.which("chromium")
    if not found:
        _unavailable("chromium is not installed (apt-get install chromium)")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    args = [*CHROMIUM_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=args)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 760})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    return checked_project(tmp_path, monkeypatch, capsys)


def wait_saved(page: Page, count: int) -> None:
    """Wait for the page to save ``count`` decisions (by selector: its CSP forbids eval)."""
    page.wait_for_selector(f"body[data-saved='{count}']", state="attached")


def shown(page: Page, selector: str) -> str:
    return page.locator(selector).inner_text()


def test_an_editor_reviews_findings_with_the_keyboard(page: Page, project: Path) -> None:
    ids = {value: f["finding_id"] for value, f in findings_by_value(project).items()}
    birth, school = ids["18. desember 1878"], ids["1894"]
    with serving(project) as server:
        page.goto(server.url)
        # The first undecided finding, both sentences side by side, values marked.
        assert shown(page, "#finding-id") == birth
        assert shown(page, "#status") == "new"
        assert "Section: Oppvekst · line 3" in shown(page, "#src .where")
        assert "Section: Masa kecil · line 3" in shown(page, "#tgt .where")
        # language names come from the data files, with the code
        assert page.locator("#src h3").text_content() == "Source · Norwegian Bokmål (nb)"
        assert page.locator("#tgt h3").text_content() == "Target · Indonesian (id)"
        assert page.locator("#src .sentence mark").inner_text() == "18. desember 1878"
        assert page.locator("#tgt .sentence mark").inner_text() == "21 Desember 1879"
        assert "0 of 2 decided" in shown(page, "#progress-text")

        # n: write a note; Esc: back to the keys; c: confirm. Saved at once.
        page.keyboard.press("n")
        page.keyboard.type("the Indonesian edition gives the right date")
        page.keyboard.press("Escape")
        page.keyboard.press("c")
        wait_saved(page, 1)
        stored = read_decisions(decisions_path(project))
        assert stored[birth].status == "confirmed"
        assert stored[birth].note == "the Indonesian edition gives the right date"
        assert stored[birth].reviewer == "editor"
        assert shown(page, "#finding-id") == school  # moved on to the next one

        # The screenshot: one decided, the editor writing a note on the next.
        page.keyboard.press("n")
        page.keyboard.type("two different schools")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-page.png"))
        page.keyboard.press("Escape")
        page.keyboard.press("f")
        wait_saved(page, 2)
        assert read_decisions(decisions_path(project))[school].status == "false-positive"

        # k: back to the first, which shows its decision and note.
        page.keyboard.press("k")
        assert shown(page, "#finding-id") == birth
        assert shown(page, "#status") == "confirmed"
        assert page.locator("#note").input_value() == "the Indonesian edition gives the right date"
        assert "2 of 2 decided" in shown(page, "#progress-text")
        # x on a decided finding replaces the decision.
        page.keyboard.press("x")
        wait_saved(page, 3)
        assert read_decisions(decisions_path(project))[birth].status == "fixed"
        page.keyboard.press("j")
        assert shown(page, "#finding-id") == school


def test_the_reviewer_field_says_who_decides(page: Page, project: Path) -> None:
    """Another editor at the same page writes their name; their decisions carry it."""
    school = findings_by_value(project)["1894"]["finding_id"]
    with serving(project) as server:
        page.goto(server.url)
        field = page.locator("#reviewer")
        assert field.input_value() == "editor"  # the name the server started with
        page.locator(f"#list button:has-text('{school}')").click()
        field.fill("")
        page.locator("#finding-id").click()  # leave the field, back to the keys
        page.keyboard.press("f")
        assert "write your name in the Reviewer field" in shown(page, "#message")
        assert not decisions_path(project).exists()
        field.fill("id editor")
        field.press("Enter")  # Enter leaves the field; the keys act again
        page.keyboard.press("f")
        wait_saved(page, 1)
        assert read_decisions(decisions_path(project))[school].reviewer == "id editor"
        page.reload()
        assert page.locator("#reviewer").input_value() == "id editor"


def test_a_decision_recorded_in_the_browser_survives_a_rerun_on_edited_seeds(
    page: Page, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = findings_by_value(project)["1894"]["finding_id"]
    with serving(project) as server:
        page.goto(server.url)
        page.locator(f"#list button:has-text('{school}')").click()
        assert shown(page, "#finding-id") == school
        page.keyboard.press("a")
        wait_saved(page, 1)
    write_articles(project, NB.replace("Han begynte", "Den unge Stalin begynte"), ID)
    code, _, _ = run_cli(["check", "-q", "--fail-on", "new"], capsys)
    assert code == 1  # the birth date is still undecided ...
    rerun = findings_by_value(project)["1894"]
    assert (rerun["finding_id"], rerun["review_status"]) == (school, "accepted")  # ... not this


XSS_NB = """\
Josef Stalin var en sovjetisk politiker.
== Oppvekst ==
Stalin ble født i Gori i 1878 <script>window.__pwned=1</script> ifølge kirkeboken.
"""
XSS_ID = """\
Josef Stalin adalah seorang politikus Soviet.
== Masa kecil ==
Stalin lahir di Gori pada tahun 1879 <img src=x onerror="window.__pwned=1"> menurut catatan.
"""


def pwned(page: Page) -> Any:
    return page.evaluate("typeof window.__pwned")


def test_article_markup_never_runs_in_the_review_page_or_the_report(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, XSS_NB, XSS_ID)
    monkeypatch.chdir(tmp_path)
    use_fake_encoder(monkeypatch)
    assert run_cli(["check", "-q"], capsys)[0] == 0
    assert len(findings_by_value(tmp_path)) == 1

    with serving(tmp_path) as server:
        page.goto(server.url)
        page.wait_for_selector("#finding:not([hidden])")
        assert pwned(page) == "undefined"
        assert "<script>window.__pwned=1</script>" in shown(page, "#src .sentence")
        assert '<img src=x onerror="window.__pwned=1">' in shown(page, "#tgt .sentence")
        assert page.locator("main img, main script").count() == 0

    report = tmp_path / "reports" / PAIR / "discrepancies.html"
    page.goto(report.resolve().as_uri())
    page.wait_for_selector("#findings")
    assert pwned(page) == "undefined"
    assert "<script>window.__pwned=1</script>" in page.locator("#findings").inner_text()
    assert page.locator("#findings img, #findings script").count() == 0
