"""The GitHub Actions workflow: valid, runs the gate, and its commands work here too."""

from __future__ import annotations

import glob
import os
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.review import read_decisions
from tests.helpers import ROOT, run_cli

WORKFLOW = ROOT / ".github" / "workflows" / "checker.yml"
README = ROOT / "README.md"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    jobs = workflow["jobs"]
    assert list(jobs) == ["gate"]
    job_steps: list[dict[str, Any]] = jobs["gate"]["steps"]
    return job_steps


def step_named(workflow: dict[Any, Any], start: str) -> dict[str, Any]:
    (step,) = [s for s in steps(workflow) if s.get("name", "").startswith(start)]
    return step


def gate_argv(workflow: dict[Any, Any]) -> list[str]:
    return shlex.split(step_named(workflow, "Gate")["run"])


def test_workflow_runs_on_pushes_that_touch_the_seeds(workflow: dict[Any, Any]) -> None:
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["paths"] == ["seeds/**"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["gate"]["runs-on"] == "ubuntu-latest"


def test_every_step_is_an_action_or_a_command(workflow: dict[Any, Any]) -> None:
    for step in steps(workflow):
        assert ("uses" in step) != ("run" in step), step
        if "uses" in step:
            assert "@v" in step["uses"], "pin actions to a major version"
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/upload-artifact",
    ]
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"


def test_it_installs_exactly_as_the_readme_does(workflow: dict[Any, Any]) -> None:
    install = step_named(workflow, "Install")["run"]
    readme_commands = [line.strip() for line in README.read_text(encoding="utf-8").splitlines()]
    first = next(line for line in readme_commands if line.startswith("python3 -m venv"))
    assert first.startswith(install + " && ")
    assert "-c constraints.txt" in install  # the versions known to work together
    # The gate needs the default install only: ONNX Runtime, no torch, no extra index.
    assert "[" not in install
    assert "PIP_EXTRA_INDEX_URL" not in workflow["jobs"]["gate"].get("env", {})


def test_the_gate_step_runs_check_with_fail_on_new(
    workflow: dict[Any, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = gate_argv(workflow)
    assert argv[:4] == [".venv/bin/checker", "check", "--fail-on", "new"]
    assert argv[argv.index("--summary") + 1] == "$GITHUB_STEP_SUMMARY"
    assert "--sarif" in argv
    code, help_text, _ = run_cli(["check", "--help"], capsys)
    assert code == 0
    for option in (arg for arg in argv if arg.startswith("--")):
        assert option in help_text, f"{option} is not an option of checker check"


def test_the_reports_are_uploaded_even_when_the_gate_fails(workflow: dict[Any, Any]) -> None:
    upload = step_named(workflow, "Upload")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() }}"
    paths = upload["with"]["path"].split()
    assert "reports/*/discrepancies.html" in paths
    sarif = gate_argv(workflow)[gate_argv(workflow).index("--sarif") + 1]
    assert sarif in paths


@pytest.mark.model
def test_the_gate_step_works_here_on_the_seeds(
    workflow: dict[Any, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run the workflow's gate command as CI would, on a copy of seeds/, with the real model."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    for decisions in (tmp_path / "seeds").glob("*.decisions.toml"):
        decisions.unlink()  # start as a team adopting the gate
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    argv = [os.path.expandvars(arg) for arg in gate_argv(workflow)]

    code, _, err = run_cli(argv[1:], capsys)
    assert code == 1, err  # every finding on the seeds is new
    assert "checker: gate failed (--fail-on new)" in err
    assert summary.read_text(encoding="utf-8").startswith("## checker: ")
    for pattern in step_named(workflow, "Upload")["with"]["path"].split():
        assert glob.glob(pattern), f"{pattern} matches no file to upload"

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
    assert code == 0, out
    assert read_decisions(tmp_path / "seeds" / "stalin.decisions.toml")
    code, _, err = run_cli(argv[1:], capsys)
    assert code == 0, err
    assert "the gate passes" in summary.read_text(encoding="utf-8")
