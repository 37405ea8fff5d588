"""Small article pairs and helpers shared by the review, gate and serve tests.

The pair is written as a manifest project in a temporary folder (``seeds/``
with ``pairs.toml``), so `checker check` with no arguments, `checker review` and
`checker serve` run there exactly as in a real checkout. The real model is
replaced by the deterministic `TrigramEncoder`; the tests that need the model
say so with ``@pytest.mark.model``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from checker.fingerprint import assign_finding_ids
from checker.records import Fact, Finding, PartialDate, Sentence
from checker.serve import ReviewServer
from tests.helpers import run_cli, use_fake_encoder

PAIR = "mini"

#: Two conflicts: the birth date (line 3) and the school year (line 4).
NB = """\
Josef Stalin var en sovjetisk politiker og leder av Sovjetunionen.
== Oppvekst ==
Stalin ble født i Gori i Georgia den 18. desember 1878, som sønn av en skomaker.
Han begynte på presteseminaret i Tbilisi i 1894.
== Død ==
Stalin døde i Moskva den 5. mars 1953 etter et slag.
"""

ID = """\
Josef Stalin adalah seorang politikus Soviet dan pemimpin Uni Soviet.
== Masa kecil ==
Stalin lahir di Gori, Georgia pada tanggal 21 Desember 1879 sebagai putra seorang tukang sepatu.
Ia masuk seminari di Tbilisi pada tahun 1895.
== Kematian ==
Stalin meninggal di Moskwa pada 5 Maret 1953 setelah stroke.
"""

TODAY = dt.date.today()


def write_project(root: Path, nb: str = NB, id_text: str = ID) -> Path:
    """A checkout-like folder: ``seeds/pairs.toml`` naming one pair, ``mini``."""
    seeds = root / "seeds"
    (seeds / PAIR).mkdir(parents=True, exist_ok=True)
    (seeds / "pairs.toml").write_text(
        f'[[pair]]\nname = "{PAIR}"\nsrc = "{PAIR}/nb.txt"\ntgt = "{PAIR}/id.txt"\n'
        'src_lang = "nb"\ntgt_lang = "id"\n',
        encoding="utf-8",
    )
    write_articles(root, nb, id_text)
    return root


def write_articles(root: Path, nb: str = NB, id_text: str = ID) -> None:
    """Replace the pair's two articles (an editor's edit between runs)."""
    (root / "seeds" / PAIR / "nb.txt").write_text(nb, encoding="utf-8")
    (root / "seeds" / PAIR / "id.txt").write_text(id_text, encoding="utf-8")


def checked_project(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """The mini pair written under ``root`` (the working directory) and checked once."""
    write_project(root)
    monkeypatch.chdir(root)
    use_fake_encoder(monkeypatch)
    code, _, err = run_cli(["check", "-q"], capsys)
    assert code == 0, err
    return root


def decisions_path(root: Path) -> Path:
    return root / "seeds" / f"{PAIR}.decisions.toml"


def report_json(root: Path) -> dict[str, Any]:
    path = root / "reports" / PAIR / "discrepancies.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def findings_by_value(root: Path) -> dict[str, dict[str, Any]]:
    """The last report's findings keyed by their source value ("1894", ...)."""
    return {f["src_value"]: f for f in report_json(root)["findings"]}


@contextmanager
def serving(root: Path, reviewer: str = "editor") -> Iterator[ReviewServer]:
    """`checker serve` for the pair's last report, on a free port of 127.0.0.1, in a thread."""
    server = ReviewServer(
        root / "reports" / PAIR, decisions_path(root), reviewer=reviewer, name=PAIR
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.close()
        thread.join(timeout=5)



# --- Hand-built findings, for tests that need no pipeline ---------------------------


def sentence(text: str, line: int, section: str = "Liv") -> Sentence:
    return Sentence(index=line, text=text, line=line, start=0, section=section)


def date_finding(
    src_text: str,
    tgt_text: str,
    src_value: str,
    tgt_value: str,
    *,
    line: int = 1,
    severity: str = "hard",
    scope: str = "cross",
) -> Finding:
    """A date finding between two sentences; years only, slot ``birth``."""

    def fact(text: str, value: str) -> Fact:
        start = text.index(value)
        return Fact("date", value, start, start + len(value), PartialDate(int(value[-4:])), "birth")

    tgt_lang = "nb" if scope == "internal" else "id"
    return Finding(
        scope=scope,  # type: ignore[arg-type]
        kind="date",
        severity=severity,  # type: ignore[arg-type]
        confidence=0.9,
        src_lang="nb",
        tgt_lang=tgt_lang,
        src_fact=fact(src_text, src_value),
        tgt_fact=fact(tgt_text, tgt_value),
        src_sentence=sentence(src_text, line),
        tgt_sentence=sentence(tgt_text, line + 1),
        alignment_score=0.8,
        explanation=f"The birth years differ: {src_value} vs {tgt_value}.",
    )


BIRTH = (
    "Stalin ble født i Gori i 1879, ifølge sovjetiske kilder.",
    "Stalin lahir di Gori pada tahun 1878 menurut catatan gereja.",
    "1879",
    "1878",
)
DEATH = (
    "Stalin døde i Moskva i 1953 etter et slag.",
    "Stalin meninggal di Moskwa pada 1954 setelah stroke.",
    "1953",
    "1954",
)


def identified(*findings: Finding) -> tuple[Finding, ...]:
    return assign_finding_ids(findings)
