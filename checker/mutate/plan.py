"""Choosing mutation sites: target values an aligned source sentence states the same way.

`plan_mutations` draws them deterministically per seed, kinds taking turns;
`apply_mutations` makes them in a copy of the target text.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from checker.extract import extract_facts
from checker.languages import load_language
from checker.mutate.changes import MutationContext, mutate_fact
from checker.mutate.facts import bare_figure, dates_agree, name_tokens, stated_values, tokens_match
from checker.mutate.names import Person
from checker.mutate.results import KINDS, Counterpart, Mutation
from checker.records import CheckResult, Fact, FactKind


def _states_same(tgt: Fact, src: Fact, persons: Mapping[str, Person]) -> bool:
    """Does the source fact state the value that would be mutated in the target fact?"""
    if tgt.kind != src.kind:
        return False
    if tgt.kind == "date":
        return dates_agree(tgt.normalized, src.normalized)
    if tgt.kind == "number":
        return bare_figure(tgt) == bare_figure(src)
    tokens = name_tokens(tgt)
    if not tokens or tokens[-1] not in persons:
        return False
    return any(tokens_match(tokens[-1], token) for token in name_tokens(src))


@dataclass(frozen=True)
class _Candidate:
    kind: FactKind
    tgt: int
    fact: int
    counterparts: tuple[int, ...]


def _candidates(
    result: CheckResult,
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
    persons: Mapping[str, Person],
) -> list[_Candidate]:
    """Target values an aligned source sentence states the same way, in file order."""
    sources: dict[tuple[int, int], set[int]] = {}
    for pair in result.alignment.pairs:
        for f_index, fact in enumerate(tgt_facts[pair.tgt]):
            if any(_states_same(fact, other, persons) for other in src_facts[pair.src]):
                sources.setdefault((pair.tgt, f_index), set()).add(pair.src)
    return [
        _Candidate(
            kind=tgt_facts[tgt][f_index].kind,
            tgt=tgt,
            fact=f_index,
            counterparts=tuple(sorted(src)),
        )
        for (tgt, f_index), src in sorted(sources.items())
    ]


@dataclass(frozen=True)
class MutationPlan:
    """The mutations drawn for one seed, and the pool they were drawn from."""

    mutations: tuple[Mutation, ...]
    candidates: tuple[tuple[str, int], ...]


def plan_mutations(result: CheckResult, count: int, seed: int) -> MutationPlan:
    """Draw up to ``count`` mutations of the target article, deterministically for ``seed``.

    Kinds take turns (date, number, name) so that each kind's recall rests on
    as many changes as the article allows; at most one value changes per
    sentence. A drawn value that cannot be changed plausibly, or whose change
    the extractor does not read as a new value, is skipped.
    """
    src_data, tgt_data = load_language(result.src.lang), load_language(result.tgt.lang)
    src_facts = [extract_facts(s.text, src_data) for s in result.src.sentences]
    tgt_facts = [extract_facts(s.text, tgt_data) for s in result.tgt.sentences]
    context = MutationContext.of(src_facts, tgt_facts, tgt_data)
    pool = _candidates(result, src_facts, tgt_facts, context.persons)

    rng = random.Random(seed)
    queues: dict[FactKind, list[_Candidate]] = {}
    for kind in KINDS:
        queue = [c for c in pool if c.kind == kind]
        rng.shuffle(queue)
        queues[kind] = queue
    used: set[int] = set()
    mutations: list[Mutation] = []
    while len(mutations) < count and any(queues.values()):
        for kind in KINDS:
            while len(mutations) < count and queues[kind]:
                candidate = queues[kind].pop(0)
                if candidate.tgt in used:
                    continue
                made = _mutate(candidate, result, src_facts, tgt_facts, rng, context)
                if made is not None:
                    used.add(candidate.tgt)
                    mutations.append(made)
                    break
    mutations.sort(key=lambda m: (m.line, m.start))
    return MutationPlan(
        mutations=_settle_offsets(mutations),
        candidates=tuple((kind, sum(c.kind == kind for c in pool)) for kind in KINDS),
    )


def _mutate(
    candidate: _Candidate,
    result: CheckResult,
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
    rng: random.Random,
    context: MutationContext,
) -> Mutation | None:
    """The mutation of one candidate value, or None when it cannot be made."""
    sentence = result.tgt.sentences[candidate.tgt]
    fact = tgt_facts[candidate.tgt][candidate.fact]
    others = [f for i, f in enumerate(tgt_facts[candidate.tgt]) if i != candidate.fact]
    for i in candidate.counterparts:
        others += src_facts[i]
    avoid = stated_values(others)
    made = mutate_fact(sentence.text, fact, rng, context, avoid)
    if made is None:
        return None
    return Mutation(
        kind=fact.kind,
        line=sentence.line,
        start=sentence.start + made.start,
        end=sentence.start + made.end,
        original=made.original,
        mutated=made.replacement,
        original_value=fact.normalized,
        mutated_value=made.fact.normalized,
        sentence=sentence.text,
        mutated_sentence=made.text,
        offset=made.start,
        counterparts=tuple(
            dict.fromkeys(
                Counterpart(result.src.sentences[i].line, result.src.sentences[i].text)
                for i in candidate.counterparts
            )
        ),
    )


def _settle_offsets(mutations: Sequence[Mutation]) -> tuple[Mutation, ...]:
    """Spans in the mutated line: earlier changes on a line shift the later ones."""
    settled: list[Mutation] = []
    shift: dict[int, int] = {}
    for m in mutations:
        offset = shift.get(m.line, 0)
        settled.append(_shifted(m, offset))
        shift[m.line] = offset + len(m.mutated) - len(m.original)
    return tuple(settled)


def _shifted(m: Mutation, offset: int) -> Mutation:
    return replace(m, start=m.start + offset, end=m.end + offset)


def apply_mutations(text: str, mutations: Sequence[Mutation]) -> str:
    """The target file's text with every mutation made; lines and line endings are kept.

    ``mutations`` carry spans in the mutated lines (as `plan_mutations` gives them).
    """
    lines = text.split("\n")
    by_line: dict[int, list[Mutation]] = {}
    for m in mutations:
        by_line.setdefault(m.line, []).append(m)
    for number, line_mutations in by_line.items():
        line = lines[number - 1]
        # Sentence offsets on line 1 count from after a byte-order mark.
        prefix = 1 if number == 1 and line.startswith("\ufeff") else 0
        # Left to right: each span is where its text stands once the earlier
        # changes of the line are made.
        for m in sorted(line_mutations, key=lambda m: m.start):
            start = m.start + prefix
            if line[start : start + len(m.original)] != m.original:
                raise ValueError(f"line {number} does not hold {m.original!r} at {m.start}")
            line = line[:start] + m.mutated + line[start + len(m.original) :]
        lines[number - 1] = line
    return "\n".join(lines)
