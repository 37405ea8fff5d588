"""Three or more editions of one article: every pair checked, outliers, review and gate.

The mini articles of `tests.review_fixtures` (nb, id) plus an English one that
agrees with the Indonesian edition, so the Norwegian birth date and school
year are the odd ones out. The trigram encoder stands in for the model.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from checker.config import CheckConfig
from checker.languages import available_languages
from checker.manifest import ArticleSpec, EditionSpec, PairSpec, read_manifest
from checker.report.schema import schema_errors
from checker.run import check_pairs
from tests.fakes import TrigramEncoder
from tests.review_fixtures import ID, NB, run_cli

pytestmark = pytest.mark.skipif(
    "en" not in available_languages(), reason="needs the English data file"
)

EN = """\
Joseph Stalin was a Soviet politician and leader of the Soviet Union.
== Early life ==
Stalin was born in Gori, Georgia on 21 December 1879 as the son of a shoemaker.
He entered the seminary in Tbilisi in 1895.
== Death ==
Stalin died in Moscow on 5 March 1953 after a stroke.
"""

ARTICLE = "mini3"
PAIRS = ("nb-id", "nb-en", "id-en")
OUTLIER_COLUMNS = [
    "finding_id",
    "kind",
    "slot",
    "outlier_lang",
    "outlier_value",
    "majority_value",
    "agreeing_langs",
    "values_by_lang",
    "confidence",
    "explanation",
]


@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> TrigramEncoder:
    """One trigram encoder for the whole run, so a test can count what it embedded."""
    shared = TrigramEncoder()
    monkeypatch.setattr("checker.pipeline.make_encoder", lambda _config, _progress=None: shared)
    return shared


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder: TrigramEncoder) -> Path:
    """A checkout whose manifest has the old two-edition pair and a three-edition article."""
    seeds = tmp_path / "seeds"
    (seeds / "mini").mkdir(parents=True)
    for lang, text in (("nb", NB), ("id", ID), ("en", EN)):
        (seeds / "mini" / f"{lang}.txt").write_text(text, encoding="utf-8")
    (seeds / "pairs.toml").write_text(
        '[[pair]]\nname = "mini"\nsrc = "mini/nb.txt"\ntgt = "mini/id.txt"\n'
        'src_lang = "nb"\ntgt_lang = "id"\n\n'
        f'[[article]]\nname = "{ARTICLE}"\n'
        'editions = { nb = "mini/nb.txt", id = "mini/id.txt", en = "mini/en.txt" }\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def outlier_rows(folder: Path) -> list[dict[str, str]]:
    text = (folder / "outliers.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_three_files_write_three_pair_reports_and_the_outliers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [f"seeds/mini/{lang}.txt" for lang in ("nb", "id", "en")]
    code, out, err = run_cli(["check", *files, "--out", "reports/three"], capsys)
    assert code == 0, err
    folder = project / "reports" / "three"
    for pair in PAIRS:
        assert (folder / pair / "discrepancies.csv").is_file()
        assert (folder / pair / "discrepancies.html").is_file()
    header = (folder / "outliers.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[: len(OUTLIER_COLUMNS)] == OUTLIER_COLUMNS
    rows = outlier_rows(folder)
    by_slot = {row["slot"]: row for row in rows}
    birth = by_slot["birth"]
    assert (birth["outlier_lang"], birth["agreeing_langs"]) == ("nb", "en id")
    assert birth["outlier_value"] == "18. desember 1878"
    assert json.loads(birth["values_by_lang"]) == {
        "en": "21 December 1879",
        "id": "21 Desember 1879",
        "nb": "18. desember 1878",
    }
    assert birth["explanation"] == (
        "The Norwegian Bokmål edition dates the birth to 18 December 1878; "
        "the English and Indonesian editions give 21 December 1879."
    )
    assert by_slot["education"]["outlier_value"] == "1894"
    # The console names every pair, then the outliers with their explanation.
    assert "three (nb, id, en): 3 pairs, 2 outliers (one edition against the others)" in out
    assert f"  reports: {Path('reports/three')}/outliers.csv (also outliers.html, .json)" in out
    html = (folder / "outliers.html").read_text(encoding="utf-8")
    assert "<mark>18. desember 1878</mark>" in html and 'href="nb-id/discrepancies.html"' in html
    # What review reads back matches the published schema, for the article and each pair.
    for document in [folder / "outliers.json", *(folder / p / "discrepancies.json" for p in PAIRS)]:
        assert schema_errors(json.loads(document.read_text(encoding="utf-8"))) == [], document


def test_every_sentence_is_embedded_once_across_the_pairs(
    project: Path, encoder: TrigramEncoder, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [f"seeds/mini/{lang}.txt" for lang in ("nb", "id", "en")]
    code, _, err = run_cli(["check", *files, "--out", "reports/three", "--no-cache", "-q"], capsys)
    assert code == 0, err
    # Three pairs, but the third brings no new sentence: two calls, none repeated.
    assert len(encoder.calls) == 2


def test_the_manifest_checks_pairs_and_articles(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["check"], capsys)
    assert code == 0, err
    reports = project / "reports"
    assert (reports / "mini" / "discrepancies.csv").is_file()  # the pair, as before
    for pair in PAIRS:
        assert (reports / ARTICLE / pair / "discrepancies.json").is_file()
    assert {row["outlier_lang"] for row in outlier_rows(reports / ARTICLE)} == {"nb"}
    assert f"({Path('seeds/mini3.nb-id.decisions.toml')})" in out
    first = (reports / ARTICLE / "outliers.csv").read_bytes()
    assert run_cli(["check", "-q"], capsys)[0] == 0
    assert (reports / ARTICLE / "outliers.csv").read_bytes() == first  # deterministic
    # `checker review --pair` reaches an article's pairs by name.
    assert [p.name for p in read_manifest(Path("seeds/pairs.toml"))] == [
        "mini",
        *(f"{ARTICLE}/{pair}" for pair in PAIRS),
    ]
    code, out, _ = run_cli(["review", "--pair", f"{ARTICLE}/nb-en"], capsys)
    assert code == 0 and "18. desember 1878 → 21 December 1879" in out


def test_outliers_take_decisions_and_count_in_the_gate(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["check", "--fail-on", "new", "-q"], capsys)
    assert code == 1
    outliers = [line for line in err.splitlines() if line.startswith(f"  {ARTICLE}  O-")]
    assert len(outliers) == 2
    assert "  new        outlier date hard 18. desember 1878 → 21 December 1879" in err
    # Accept every pair finding, then decide the outliers one by one.
    for name in ("mini", *(f"{ARTICLE}/{pair}" for pair in PAIRS)):
        code, _, err = run_cli(
            ["review", "--pair", name, "--baseline", "--note", "known", "--reviewer", "editor"],
            capsys,
        )
        assert code == 0, err
    code, _, err = run_cli(["check", "--fail-on", "new", "-q"], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 4  # headline, two outliers, hint
    decisions = project / "seeds" / f"{ARTICLE}.decisions.toml"
    for line in outliers:
        outlier_id = line.split()[1]
        code, out, err = run_cli(
            [
                "review",
                outlier_id,
                "confirmed",
                "--note",
                "nb is wrong",
                "--reviewer",
                "editor",
                "--report",
                f"reports/{ARTICLE}",
                "--decisions",
                str(decisions),
            ],
            capsys,
        )
        assert code == 0, err
    code, out, err = run_cli(["check", "--fail-on", "new"], capsys)
    # Without a terminal each stage prints one progress line; nothing else is on stderr.
    others = [line for line in err.splitlines() if not re.search(r" \.\.\. done in ", line)]
    assert (code, others) == (0, [])
    assert "gate passed (--fail-on new)" in out
    assert {row["review_status"] for row in outlier_rows(project / "reports" / ARTICLE)} == {
        "confirmed"
    }
    summary = project / "summary.md"
    code, _, _ = run_cli(["check", "-q", "--summary", str(summary)], capsys)
    assert code == 0 and f"| {ARTICLE} | 0 | 0 | 0 | 2 |" in summary.read_text("utf-8")


def test_the_library_runs_without_printing(
    project: Path, encoder: TrigramEncoder, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = project / "seeds" / "mini"
    article = ArticleSpec(
        "lib",
        tuple(EditionSpec(seeds / f"{lang}.txt") for lang in ("nb", "id", "en")),
        None,
        project / "out" / "lib",
    )
    pair = PairSpec("two", seeds / "nb.txt", seeds / "id.txt", "nb", "id", None, project / "two")
    outcome = check_pairs(
        [pair], CheckConfig(use_embedding_cache=False), articles=[article], fail_on="new"
    )
    assert capsys.readouterr() == ("", "")
    assert [run.spec.name for run in outcome.articles[0].pairs] == [
        "lib/nb-id",
        "lib/nb-en",
        "lib/id-en",
    ]
    assert len(outcome.articles[0].outliers) == 2
    assert not outcome.gate.passed
    assert {name for name, _ in outcome.gate.failing} == {"two", "lib/nb-id", "lib/nb-en", "lib"}
    assert (project / "out" / "lib" / "outliers.csv").is_file()


def write_manifest(root: Path, editions: str) -> Path:
    manifest = root / "seeds" / "bad.toml"
    manifest.write_text(f'[[article]]\nname = "x"\neditions = {editions}\n', encoding="utf-8")
    return manifest


@pytest.mark.parametrize(
    ("editions", "needle"),
    [
        ('{ nb = "mini/nb.txt" }', "has one edition; an article needs three or more"),
        ('{ nb = "mini/nb.txt", id = "mini/id.txt" }', "has 2 editions"),
        (
            '{ nb = "mini/nb.txt", no = "mini/en.txt", id = "mini/id.txt" }',
            "are both in 'nb'; each edition must be in a different language",
        ),
        (
            '{ nb = "mini/nb.txt", xx = "mini/en.txt", id = "mini/id.txt" }',
            "no language data for 'xx'",
        ),
        ('["mini/nb.txt", "mini/id.txt", "mini/en.txt"]', "'editions' must be a table"),
    ],
)
def test_a_bad_article_entry_is_one_line_and_exit_2(
    project: Path, editions: str, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(project, editions)
    code, _, err = run_cli(["check", "--manifest", str(manifest)], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checker: error: "), err
    assert needle in lines[0] and "article 1 (x)" in lines[0]
    assert not (project / "reports").exists()


def test_three_files_in_two_languages_are_refused_before_the_model(
    project: Path, encoder: TrigramEncoder, capsys: pytest.CaptureFixture[str]
) -> None:
    files = ["seeds/mini/nb.txt", "seeds/mini/id.txt", "seeds/mini/nb.txt"]
    code, _, err = run_cli(["check", *files, "--out", "reports/x"], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"checker: error: article x: {Path('seeds/mini/nb.txt')} and "
        f"{Path('seeds/mini/nb.txt')} are both in 'nb'; each edition must be in a different "
        "language"
    ]
    assert encoder.calls == [] and not (project / "reports").exists()


def test_language_options_go_with_two_files_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [f"seeds/mini/{lang}.txt" for lang in ("nb", "id", "en")]
    code, _, err = run_cli(["check", *files, "--src-lang", "nb"], capsys)
    assert code == 2
    assert "--src-lang and --tgt-lang go with two article files" in err


def test_decisions_for_three_files_sit_beside_the_given_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [f"seeds/mini/{lang}.txt" for lang in ("nb", "id", "en")]
    decisions = Path("d") / "three.decisions.toml"
    sarif = project / "checker.sarif"
    args = ["check", *files, "--out", "reports/three", "--decisions", str(decisions)]
    code, out, _ = run_cli([*args, "--sarif", str(sarif)], capsys)
    assert code == 0
    for pair in PAIRS:
        assert f"({Path('d') / f'three.{pair}.decisions.toml'})" in out
    assert f"({decisions})" in out  # the outliers' own
    results = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"]
    assert results and all(r["partialFingerprints"] for r in results)
    assert {r["properties"]["pair"] for r in results} == {f"three/{pair}" for pair in PAIRS} - {
        "three/id-en"
    }
