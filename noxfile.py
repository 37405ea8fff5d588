"""Project jobs, one short session each: `nox -s lint tests`, `unit`, `bench`, `tune`, `mutate`.

Sessions run in the environment nox is started from (the README's `.venv`),
not in fresh virtualenvs: the project needs the CPU build of torch pinned in
constraints.txt, and reinstalling it per session would cost minutes and
gigabytes for nothing.
"""

from __future__ import annotations

import logging
import sys

import nox

#: The interpreter nox runs on: the README's .venv, whose tools the sessions use
#: even when that venv is not activated (PATH may name other installs).
PYTHON = sys.executable

nox.options.default_venv_backend = "none"
nox.options.sessions = ["lint", "tests"]


def _not_uv_probe(record: logging.LogRecord) -> bool:
    """Drop nox's "uv binary not found." line.

    Before every session nox probes for uv to learn which backends exist, and
    says so when there is none, although no session here builds an environment
    (``default_venv_backend = "none"``); nox has no option to skip the probe.
    """
    return record.getMessage() != "uv binary not found."


logging.getLogger("nox").addFilter(_not_uv_probe)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (with bugbear and no-print rules) and mypy --strict on the package."""
    session.run(PYTHON, "-m", "ruff", "check", "checker", "tests", "noxfile.py", "benchmarks")
    session.run(PYTHON, "-m", "mypy", "checker")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, the tests that use the real embedding model included."""
    session.run(PYTHON, "-m", "pytest", *session.posargs)


@nox.session
def unit(session: nox.Session) -> None:
    """The fast loop: every test and doctest not marked model or browser (under a minute)."""
    session.run(PYTHON, "-m", "pytest", "-m", "not model and not browser", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time and memory of `checker check` on the seeds, per stage (prints a table)."""
    session.run(PYTHON, "benchmarks/bench_check.py", *session.posargs)


@nox.session
def tune(session: nox.Session) -> None:
    """Fit the aligner's calibration, the fact matcher's model and the finding confidence on
    the gold set (two-fold checks); ``-- --write`` stores them in checker/fitted.toml."""
    session.run(PYTHON, "benchmarks/tune_alignment.py", *session.posargs)
    session.run(PYTHON, "benchmarks/tune_matching.py", *session.posargs)
    session.run(PYTHON, "benchmarks/tune_confidence.py", *session.posargs)


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation recall by kind over seeds 1-3 on a pair (default: the first manifest pair)."""
    session.run(PYTHON, "benchmarks/mutation_recall.py", *session.posargs)
