"""What a mutation self-test measured: the mutations, whether each was found, recall."""

from __future__ import annotations

from dataclasses import dataclass

from checker.records import FactKind

#: The kinds of value that are changed, in the order mutations are drawn.
KINDS: tuple[FactKind, ...] = ("date", "number", "name")


@dataclass(frozen=True)
class Counterpart:
    """A source sentence that states the value a mutation changes."""

    line: int
    text: str


@dataclass(frozen=True)
class Mutation:
    """One value changed in the target article.

    Attributes:
        kind: ``date``, ``number`` or ``name``.
        line: 1-based line of the target file; the change stays within it.
        start, end: the changed text's span in the *mutated* line.
        original: the text that was there ("1878", "700.000", "Lenins").
        mutated: the text put in its place ("1881", "1.400.000", "Trotskys").
        original_value, mutated_value: the normalized values the extractor reads
            before and after (never equal).
        sentence, mutated_sentence: the target sentence before and after.
        offset: where the mutated text starts in ``mutated_sentence``.
        counterparts: the aligned source sentences that state the original value.
    """

    kind: FactKind
    line: int
    start: int
    end: int
    original: str
    mutated: str
    original_value: str
    mutated_value: str
    sentence: str
    mutated_sentence: str
    offset: int
    counterparts: tuple[Counterpart, ...]


@dataclass(frozen=True)
class MutationOutcome:
    """A mutation and whether the mutated run's findings caught it.

    ``aligned`` says whether the mutated run's alignment (the pairs of its
    alignment.csv) still pairs the mutated sentence with a counterpart. A miss
    without is most likely the aligner's: the changed value no longer anchors
    the pair (the comparator may still have compared it on other evidence).
    """

    mutation: Mutation
    found: bool
    aligned: bool
    finding_id: str = ""


@dataclass(frozen=True)
class UnexplainedFinding:
    """A cross finding of the mutated run that is new and touches no mutated value."""

    kind: FactKind
    src_value: str
    tgt_value: str
    src_line: int
    tgt_line: int
    tgt_sentence: str
    explanation: str


@dataclass(frozen=True)
class KindRecall:
    """Mutations of one kind found out of those made; ``rate`` is 0.0 when none were made."""

    kind: str
    found: int
    total: int

    @property
    def rate(self) -> float:
        return self.found / self.total if self.total else 0.0


@dataclass(frozen=True)
class MutationReport:
    """Everything a mutation self-test measured, for `format_mutation_report`.

    Attributes:
        requested: how many mutations were asked for; ``outcomes`` may hold
            fewer when the article has too few matched values.
        candidates: per kind, how many target values an aligned source
            sentence states the same way (the pool mutations are drawn from).
        baseline_findings, mutated_findings: cross findings of each run.
        mutated_path: where the mutated copy was written.
    """

    src_path: str
    tgt_path: str
    src_lang: str
    tgt_lang: str
    seed: int
    requested: int
    candidates: tuple[tuple[str, int], ...]
    outcomes: tuple[MutationOutcome, ...]
    recall: tuple[KindRecall, ...]
    unexplained: tuple[UnexplainedFinding, ...]
    baseline_findings: int
    mutated_findings: int
    mutated_path: str
