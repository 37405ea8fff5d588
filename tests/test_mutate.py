"""The mutation self-test: plausible changes on real seed sentences, deterministic plans,
and `checker evaluate --mutate` end to end on the real model."""

from __future__ import annotations

import hashlib
import random
import re
from functools import cache
from pathlib import Path

import pytest

from checker.extract import extract_facts
from checker.languages import load_language
from checker.mutate import (
    Change,
    MutationContext,
    apply_mutations,
    mutate_fact,
    plan_mutations,
    score_mutations,
)
from checker.pipeline import check_pair
from checker.records import CheckResult, Fact, NumberInterval, PartialDate, Sentence
from checker.segment import load_article
from tests.fakes import TrigramEncoder

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds" / "stalin"
SEEDS_TO_TRY = range(12)


@cache
def articles(target: str) -> tuple[list[tuple[Sentence, tuple[Fact, ...]]], MutationContext]:
    """The target seed's sentences with their facts, and a context with the other seed as source."""
    source = {"id": "nb", "nb": "id", "es": "en", "en": "es"}[target]
    loaded = {code: load_article(SEEDS / f"{code}.txt", code) for code in (source, target)}
    facts = {
        code: [extract_facts(s.text, load_language(code)) for s in article.sentences]
        for code, article in loaded.items()
    }
    context = MutationContext.of(facts[source], facts[target], load_language(target))
    return list(zip(loaded[target].sentences, facts[target], strict=True)), context


def fact_on(target: str, line: int, text: str) -> tuple[Sentence, Fact]:
    """The fact written ``text`` on ``line`` of the target seed."""
    sentences, _ = articles(target)
    for sentence, facts in sentences:
        for fact in facts:
            if sentence.line == line and fact.text == text:
                return sentence, fact
    raise AssertionError(f"no fact {text!r} on line {line} of {target}.txt")


def changes(target: str, line: int, text: str) -> list[Change]:
    """The change made to a fact for each of several seeds (None is a failure)."""
    sentence, fact = fact_on(target, line, text)
    _, context = articles(target)
    made = [mutate_fact(sentence.text, fact, random.Random(seed), context) for seed in SEEDS_TO_TRY]
    assert all(change is not None for change in made), text
    return [change for change in made if change is not None]


def assert_only_span_changed(sentence: Sentence, change: Change) -> None:
    original_end = change.start + len(change.original)
    assert sentence.text[: change.start] == change.text[: change.start]
    assert sentence.text[original_end:] == change.text[change.end :]
    assert change.text[change.start : change.end] == change.replacement


def test_year_moves_by_two_to_seven_either_way() -> None:
    sentence, fact = fact_on("id", 12, "18 Desember [K.J.: 6 Desember] 1878")
    shifts = set()
    for change in changes("id", 12, fact.text):
        assert_only_span_changed(sentence, change)
        assert change.original == "1878"
        assert isinstance(change.fact.value, PartialDate)
        shift = change.fact.value.year - 1878
        assert 2 <= abs(shift) <= 7
        assert (change.fact.value.month, change.fact.value.day) == (12, 18)
        shifts.add(shift > 0)
    assert shifts == {True, False}


def test_norwegian_year_in_a_full_date() -> None:
    sentences, _ = articles("nb")
    line, fact = next(
        (s.line, f) for s, facts in sentences for f in facts if f.normalized == "1953-03-05"
    )
    for change in changes("nb", line, fact.text):
        assert 2 <= abs(int(change.replacement) - 1953) <= 7
        assert change.fact.normalized == f"{change.replacement}-03-05"


@pytest.mark.parametrize(
    ("target", "line", "text", "allowed"),
    [
        # Indonesian groups thousands with a dot, Norwegian with a space or a dot:
        # the figure keeps its own separator.
        ("id", 145, "700.000", {"1.400.000", "350.000"}),
        ("id", 98, "lebih dari 320.000", {"640.000", "160.000"}),
        ("nb", 131, "rundt 800 000", {"1 600 000", "400 000"}),
        ("nb", 122, "325.000", {"650.000", "162.500"}),
        ("nb", 149, "13 500", {"27 000", "6 750"}),
        # Decimals before a scale word, in the language's own scale word.
        ("nb", 129, "anslagsvis 1,5 millioner", {"3 millioner"}),
        ("id", 175, "2,5 juta", {"5 juta", "1,25 juta"}),
        # Spanish groups with a space.
        ("es", 65, "casi 700 000", {"1 400 000", "350 000"}),
        ("es", 117, "alrededor de 1,7 millones", {"3,4 millones"}),
    ],
)
def test_figure_in_digits_is_doubled_or_halved_in_the_articles_format(
    target: str, line: int, text: str, allowed: set[str]
) -> None:
    sentence, fact = fact_on(target, line, text)
    assert isinstance(fact.value, NumberInterval)
    for change in changes(target, line, text):
        assert change.replacement in allowed
        assert_only_span_changed(sentence, change)
        new = change.fact.value
        assert isinstance(new, NumberInterval)
        assert new.low in (fact.value.low * 2, fact.value.low / 2)
        # An estimate or a bound stays one.
        assert (new.approximate, new.at_least, new.at_most) == (
            fact.value.approximate,
            fact.value.at_least,
            fact.value.at_most,
        )


@pytest.mark.parametrize(
    ("target", "line", "text", "allowed"),
    [
        ("id", 23, "tiga", {"enam"}),  # 1.5 years cannot be written in words: doubled
        ("id", 42, "empat", {"delapan", "dua"}),
        ("id", 14, "sembilan", {"delapan belas"}),  # "belas" compounds from the data file
        ("id", 2, "lebih dari sejuta", {"dua juta", "lima ratus ribu"}),
        ("id", 42, "tiga belas", {"dua puluh enam"}),  # "puluh" is a scale of ten
        ("nb", 74, "fire", {"åtte", "to"}),
        ("nb", 4, "omtrent seks millioner", {"tolv millioner", "tre millioner"}),
        # A count crossing one changes the scale word's number.
        ("es", 117, "un millón", {"dos millones", "quinientos mil"}),
        ("es", 117, "dos millones", {"cuatro millones", "un millón"}),
    ],
)
def test_figure_in_words_uses_the_languages_number_words(
    target: str, line: int, text: str, allowed: set[str]
) -> None:
    sentence, _ = fact_on(target, line, text)
    made = changes(target, line, text)
    assert {change.replacement for change in made} <= allowed
    for change in made:
        assert_only_span_changed(sentence, change)


def test_percentages_are_not_doubled_past_a_hundred() -> None:
    for change in changes("id", 101, "90"):
        assert change.fact.normalized == "45%"


def test_person_is_swapped_for_another_person_the_article_names() -> None:
    _, context = articles("id")
    text = (SEEDS / "id.txt").read_text(encoding="utf-8")
    sentence, _ = fact_on("id", 30, "Lenin")
    for change in changes("id", 30, "Lenin"):
        assert change.replacement != "Lenin"
        assert change.replacement in {p.surname for p in context.persons.values()}
        assert text.count(change.replacement) >= 2  # named elsewhere in the article
        assert "lenin" not in change.fact.normalized
        assert_only_span_changed(sentence, change)


def test_spanish_person_is_swapped_with_its_accents() -> None:
    _, context = articles("es")
    surnames = {p.surname for p in context.persons.values()}
    assert {"Trotski", "Kámenev", "Lenin"} <= surnames
    for change in changes("es", 37, "Trotski"):
        assert change.replacement in surnames - {"Trotski"}


def test_norwegian_genitive_is_kept() -> None:
    sentences, context = articles("nb")
    line = next(
        s.line for s, facts in sentences for f in facts if f.text == "Lenins" and s.line > 5
    )
    surnames = {p.surname for p in context.persons.values()}
    for change in changes("nb", line, "Lenins"):
        assert change.replacement.endswith("s")
        assert change.replacement[:-1] in surnames
        assert change.replacement[:-1] != "Lenin"


def test_a_full_name_becomes_another_full_name() -> None:
    _, context = articles("id")
    fulls = {p.full for p in context.persons.values()}
    for change in changes("id", 288, "Nadezhda Alliluyeva"):
        assert change.replacement in fulls
        assert " " in change.replacement


def test_given_names_before_a_surname_go_with_it() -> None:
    # "Perdana Menteri Britania Raya Winston Churchill" is one name fact: the
    # office stays, the person changes as a whole.
    sentences, context = articles("id")
    sentence, fact = next(
        (s, f) for s, facts in sentences for f in facts if f.text.endswith(" Winston Churchill")
    )
    fulls = {p.full for p in context.persons.values()}
    for change in changes("id", sentence.line, fact.text):
        assert change.original == "Winston Churchill"
        assert change.replacement in fulls


@cache
def trigram_run() -> CheckResult:
    """The seed pair checked with the test encoder: a real alignment structure, no model."""
    return check_pair(
        SEEDS / "nb.txt", SEEDS / "id.txt", src_lang="nb", tgt_lang="id", encoder=TrigramEncoder()
    )


def test_plan_is_deterministic_for_a_seed_and_changes_every_value() -> None:
    result = trigram_run()
    first, again, other = (plan_mutations(result, 18, seed) for seed in (1, 1, 2))
    assert first == again
    assert first.mutations != other.mutations
    assert len(first.mutations) == 18
    # The test encoder aligns few sentences that share a figure; dates and names suffice.
    assert {"date", "name"} <= {m.kind for m in first.mutations}
    tgt_data = load_language("id")
    sentences_hit = [(m.line, m.sentence) for m in first.mutations]
    assert len(sentences_hit) == len(set(sentences_hit)), "one mutation per sentence"
    for m in first.mutations:
        assert m.original_value != m.mutated_value
        assert m.original != m.mutated
        assert m.counterparts
        read = {f.normalized for f in extract_facts(m.mutated_sentence, tgt_data)}
        assert m.mutated_value in read
    # Kinds take turns, so a kind has its share while its pool lasts.
    counts = {kind: sum(m.kind == kind for m in first.mutations) for kind in ("date", "name")}
    assert min(counts.values()) >= 5


def test_applied_plan_keeps_every_line_and_changes_only_mutated_ones() -> None:
    result = trigram_run()
    plan = plan_mutations(result, 24, 3)
    text = (SEEDS / "id.txt").read_text(encoding="utf-8")
    mutated = apply_mutations(text, plan.mutations)
    before, after = text.split("\n"), mutated.split("\n")
    assert len(before) == len(after)
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == {m.line for m in plan.mutations}
    for m in plan.mutations:
        assert after[m.line - 1][m.start : m.end] == m.mutated
        assert m.mutated_sentence in after[m.line - 1]


def test_scoring_against_a_mutated_run(tmp_path: Path) -> None:
    baseline = trigram_run()
    plan = plan_mutations(baseline, 12, 5)
    copy = tmp_path / "id.txt"
    copy.write_text(
        apply_mutations((SEEDS / "id.txt").read_text(encoding="utf-8"), plan.mutations),
        encoding="utf-8",
    )
    mutated = check_pair(
        SEEDS / "nb.txt", copy, src_lang="nb", tgt_lang="id", encoder=TrigramEncoder()
    )
    outcomes, recall, unexplained = score_mutations(baseline, mutated, plan.mutations)
    assert [o.mutation for o in outcomes] == list(plan.mutations)
    assert sum(r.total for r in recall) == 12
    assert sum(r.found for r in recall) == sum(o.found for o in outcomes)
    for o in outcomes:
        assert o.found == bool(o.finding_id)
        assert o.aligned or not o.found
    for u in unexplained:
        assert not any(m.line == u.tgt_line and m.mutated in u.tgt_value for m in plan.mutations)
    # The unmutated run scored against itself has nothing unexplained.
    assert score_mutations(baseline, baseline, ())[2] == ()


# --- the command, on the real model -------------------------------------------------------


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from checker.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


MUTATION_LINE = re.compile(
    r"^  line +(?P<line>\d+)  (?P<kind>date|number|name) +"
    r"(?P<result>found|missed|missed, unaligned) +"
    r"(?P<original>.+?) → (?P<mutated>.+?)  \(src line [\d,]+\)  .*\[(?P=mutated)\]"
)


@pytest.mark.model
def test_evaluate_mutate_on_the_seeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    watched = {name: digest(ROOT / name) for name in ("seeds", "reports") if (ROOT / name).exists()}
    keep = tmp_path / "kept"
    code, out, err = run_cli(
        ["evaluate", "--mutate", "6", "--seed", "1", "--keep", str(keep)], capsys
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "mutation self-test, seed 1: 6 mutations"
    assert lines[lines.index("recall by kind") + 4].startswith("  all ")
    for row in lines[lines.index("recall by kind") + 1 : lines.index("recall by kind") + 5]:
        assert re.fullmatch(r"  (date|number|name|all) +\d+/\d+ +\d\.\d\d", row), row
    listed = lines[lines.index("mutations") + 1 : lines.index("mutations") + 7]
    original = (SEEDS / "id.txt").read_text(encoding="utf-8").split("\n")
    copy = (keep / "id.txt").read_text(encoding="utf-8").split("\n")
    assert len(copy) == len(original)
    for row in listed:
        match = MUTATION_LINE.match(row)
        assert match, row
        number = int(match["line"])
        assert match["mutated"] in copy[number - 1]
        assert match["original"] in original[number - 1]
    assert re.match(r"unexplained findings +\d+", lines[lines.index("mutations") + 7])
    assert (keep / "report" / "discrepancies.csv").exists()
    assert {name: digest(ROOT / name) for name in watched} == watched

    # Same seed, same output.
    code, again, _ = run_cli(["evaluate", "--mutate", "6", "--seed", "1"], capsys)
    assert code == 0
    assert again.splitlines()[: len(lines) - 1] == lines[: len(lines) - 1]


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate"],
        ["evaluate", "--mutate", "0"],
        ["evaluate", "--mutate", "3", "--pairs", "gold.jsonl"],
        ["evaluate", "--mutate", "3", str(SEEDS / "nb.txt")],
        [
            "evaluate",
            "--mutate",
            "3",
            str(SEEDS / "nb.txt"),
            str(SEEDS / "id.txt"),
            "--tgt-lang",
            "xx",
        ],
        ["evaluate", "--pairs", "a.jsonl", "--conflicts", "b.jsonl", str(SEEDS / "nb.txt")],
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run_cli(argv, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("checker: error: ")


def test_the_copy_never_overwrites_an_input(tmp_path: Path) -> None:
    from checker.errors import CheckerError
    from checker.mutate import run_mutation_test

    source, target = tmp_path / "nb.txt", tmp_path / "id.txt"
    source.write_bytes((SEEDS / "nb.txt").read_bytes())
    target.write_bytes((SEEDS / "id.txt").read_bytes())
    before = target.read_bytes()
    with pytest.raises(CheckerError, match="overwrite"):
        run_mutation_test(
            source,
            target,
            count=3,
            seed=1,
            work_dir=tmp_path,
            src_lang="nb",
            tgt_lang="id",
            encoder=TrigramEncoder(),
        )
    assert target.read_bytes() == before


def test_a_byte_order_mark_keeps_offsets() -> None:
    result = trigram_run()
    plan = plan_mutations(result, 6, 1)
    text = (SEEDS / "id.txt").read_text(encoding="utf-8")
    plain = apply_mutations(text, plan.mutations)
    assert apply_mutations("\ufeff" + text, plan.mutations) == "\ufeff" + plain
