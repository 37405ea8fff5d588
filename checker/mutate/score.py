"""Scoring a mutated run: which mutations were found, recall by kind, unexplained findings."""

from __future__ import annotations

from collections.abc import Sequence

from checker.mutate.results import (
    KINDS,
    Counterpart,
    KindRecall,
    Mutation,
    MutationOutcome,
    UnexplainedFinding,
)
from checker.records import CheckResult, Finding, Sentence


def _span(finding: Finding) -> tuple[int, int, int]:
    """Line and span, in the line, of a finding's target value."""
    sentence = finding.tgt_sentence
    return (
        sentence.line,
        sentence.start + finding.tgt_fact.start,
        sentence.start + finding.tgt_fact.end,
    )


def _holds(sentence: Sentence, m: Mutation) -> bool:
    """Does the sentence hold the mutated text?"""
    return sentence.line == m.line and sentence.start <= m.start < sentence.start + len(
        sentence.text
    )


def _key(finding: Finding, tgt_text: str) -> tuple[str, str, str, str, str]:
    """What makes two runs' findings the same: the values and both sentence texts."""
    return (
        finding.kind,
        finding.src_fact.normalized,
        finding.tgt_fact.normalized,
        finding.src_sentence.text,
        tgt_text,
    )


def _restored(finding: Finding, mutations: Sequence[Mutation]) -> str:
    """The finding's target sentence as it was before the mutations on it."""
    sentence = finding.tgt_sentence
    text = sentence.text
    inside = [
        m
        for m in mutations
        if m.line == sentence.line
        and sentence.start <= m.start
        and m.end <= sentence.start + len(text)
    ]
    for m in sorted(inside, key=lambda m: m.start, reverse=True):
        start, end = m.start - sentence.start, m.end - sentence.start
        text = text[:start] + m.original + text[end:]
    return text


def score_mutations(
    baseline: CheckResult, mutated: CheckResult, mutations: Sequence[Mutation]
) -> tuple[tuple[MutationOutcome, ...], tuple[KindRecall, ...], tuple[UnexplainedFinding, ...]]:
    """Which mutations the mutated run found, recall by kind, and its unexplained findings.

    A mutation is found by a cross finding on its target sentence whose target
    value covers the changed text and whose source sentence is one that stated
    the original value. Findings are compared across runs by values and both
    sentence texts (a mutated sentence as it was before), never by line or id.
    """
    findings = [f for f in mutated.findings if f.scope == "cross"]
    outcomes: list[MutationOutcome] = []
    for m in mutations:
        hit = next(
            (
                f
                for f in findings
                if (where := _span(f))[0] == m.line
                and where[1] <= m.start
                and where[2] >= m.end
                and Counterpart(f.src_sentence.line, f.src_sentence.text) in m.counterparts
            ),
            None,
        )
        aligned = any(
            _holds(mutated.tgt.sentences[pair.tgt], m)
            and Counterpart(
                mutated.src.sentences[pair.src].line, mutated.src.sentences[pair.src].text
            )
            in m.counterparts
            for pair in mutated.alignment.pairs
        )
        outcomes.append(MutationOutcome(m, hit is not None, aligned, hit.finding_id if hit else ""))
    recall = tuple(
        KindRecall(
            kind,
            sum(o.found for o in outcomes if o.mutation.kind == kind),
            sum(o.mutation.kind == kind for o in outcomes),
        )
        for kind in KINDS
    )
    before = {_key(f, f.tgt_sentence.text) for f in baseline.findings if f.scope == "cross"}
    unexplained: list[UnexplainedFinding] = []
    for f in findings:
        line, start, end = _span(f)
        if any(m.line == line and start < m.end and end > m.start for m in mutations):
            continue
        if _key(f, _restored(f, mutations)) in before:
            continue
        unexplained.append(
            UnexplainedFinding(
                kind=f.kind,
                src_value=f.src_fact.text,
                tgt_value=f.tgt_fact.text,
                src_line=f.src_sentence.line,
                tgt_line=line,
                tgt_sentence=f.tgt_sentence.text,
                explanation=f.explanation,
            )
        )
    return tuple(outcomes), recall, tuple(unexplained)
