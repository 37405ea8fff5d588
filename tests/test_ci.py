"""CI runs the browser tests: .ci/run installs chromium, and in CI a browser test never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

SKIPPING_BROWSER_TEST = '''
import pytest

@pytest.mark.browser
def test_needs_a_browser():
    pytest.skip("no browser here")

def test_other():
    pytest.skip("an ordinary skip")
'''


def run_pytest_in(folder: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    """pytest in a folder holding the project's conftest.py and one skipping browser test."""
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if ci:
        env["CI"] = "true"
    env["PYTHONPATH"] = str(ROOT)  # so the conftest can import checker
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=folder,
        timeout=120,
    )


def test_ci_installs_chromium_before_the_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = script.index("apt-get install -y -qq chromium")
    assert install < script.index(".venv/bin/nox -s lint tests")
    assert "command -v chromium" in script  # only when missing


def test_in_ci_a_skipped_browser_test_fails(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_skips.py").write_text(SKIPPING_BROWSER_TEST, encoding="utf-8")

    outside = run_pytest_in(tmp_path, ci=False)
    assert outside.returncode == 0, outside.stdout + outside.stderr
    assert "2 skipped" in outside.stdout

    in_ci = run_pytest_in(tmp_path, ci=True)
    assert in_ci.returncode == 1, in_ci.stdout + in_ci.stderr
    assert "1 failed" in in_ci.stdout and "1 skipped" in in_ci.stdout
    assert "skipped in CI (no browser here), but CI must run browser tests" in in_ci.stdout
