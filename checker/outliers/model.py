"""The outlier records: one edition's statement (`EditionFact`) and an `Outlier` against the rest.

Also which statement of the majority an outlier shows as its value
(`representative`), and the id and scope constants that reports and the
review stage rely on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from checker.records import Fact, FactKind, Sentence, Severity

#: Outlier ids: this prefix and 12 hex digits of SHA-256, like finding ids (``F-``).
ID_PREFIX = "O-"
ID_HEX = 12
#: The scope outliers have where they are reviewed alongside pair findings.
SCOPE = "outlier"


@dataclass(frozen=True)
class EditionFact:
    """One edition's statement of a fact: its language, the fact and its sentence."""

    lang: str
    fact: Fact
    sentence: Sentence


@dataclass(frozen=True)
class Outlier:
    """One edition against the others on one fact.

    Attributes:
        finding_id: stable id (`outlier_id`).
        kind, slot: what the fact is (slot None when no sentence says).
        severity: ``hard`` when a pair finding behind it is hard, else ``soft``.
        confidence: the highest confidence of the pair findings that set the
            outlier edition against an edition of the majority.
        outlier: the disagreeing edition's statement.
        majority: the agreeing editions' statements, sorted by language; the
            first is the one whose value is shown (`majority_fact`).
        explanation: one English sentence naming both sides.
        pair_findings: ids of the pair findings it was built from, sorted.
        review_status: the editors' decision (``new`` without one).
    """

    finding_id: str
    kind: FactKind
    slot: str | None
    severity: Severity
    confidence: float
    outlier: EditionFact
    majority: tuple[EditionFact, ...]
    explanation: str
    pair_findings: tuple[str, ...]
    review_status: str = "new"

    @property
    def majority_fact(self) -> EditionFact:
        """The majority's statement shown as its value (see `representative`)."""
        return representative(self.majority)

    @property
    def agreeing_langs(self) -> tuple[str, ...]:
        return tuple(e.lang for e in self.majority)

    def values_by_lang(self) -> dict[str, str]:
        """Every edition's value as written, by language code (sorted)."""
        values = {e.lang: e.fact.text for e in (self.outlier, *self.majority)}
        return dict(sorted(values.items()))


def representative(statements: Sequence[EditionFact]) -> EditionFact:
    """The majority statement shown: the most common value, then the most precise, then by language.

    >>> from checker.records import PartialDate, Sentence
    >>> s = Sentence(0, "", 1, 0, "")
    >>> def at(lang, value):
    ...     return EditionFact(lang, Fact("date", "", 0, 0, value), s)
    >>> representative([at("en", PartialDate(1878)), at("id", PartialDate(1878, 12, 18))]).lang
    'id'
    """
    counts = Counter(e.fact.normalized for e in statements)
    return min(
        statements,
        key=lambda e: (-counts[e.fact.normalized], -len(e.fact.normalized), e.lang),
    )
