"""Two articles made ready for alignment and matching: the records the later stages read.

``checker.pipeline.prepare_pair`` builds a ``PreparedPair``: each article's
sentences, facts, fact sites, sentence and context embeddings, and the
anchors and paragraphs the aligner takes. Nothing here runs a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from checker.align import remove_language_bias
from checker.config import CheckConfig
from checker.embedding import Embeddings
from checker.languages import LanguageData
from checker.match import (
    FactSite,
)
from checker.records import (
    Article,
    Fact,
    NumberInterval,
)

#: How many leading letters of a name token serve as an alignment anchor.
NAME_ANCHOR_LETTERS = 5


@dataclass(frozen=True)
class ArticleSide:
    """One article as the matching sees it: sentences, facts, embeddings, its language."""

    article: Article
    lang: LanguageData
    facts: Sequence[Sequence[Fact]]
    sites: Sequence[FactSite]
    vectors: Embeddings
    contexts: Embeddings


@dataclass(frozen=True)
class PreparedPair:
    """Two articles loaded, extracted and embedded: everything alignment and matching read."""

    src_side: ArticleSide
    tgt_side: ArticleSide
    inputs: AlignmentInputs
    base_evidence: Embeddings
    model: str

    @property
    def src(self) -> Article:
        return self.src_side.article

    @property
    def tgt(self) -> Article:
        return self.tgt_side.article

    @property
    def src_vectors(self) -> Embeddings:
        return self.src_side.vectors

    @property
    def tgt_vectors(self) -> Embeddings:
        return self.tgt_side.vectors


class AlignmentInputs(TypedDict):
    """What the aligner needs of two articles besides their embeddings."""

    src_anchors: list[frozenset[str]]
    tgt_anchors: list[frozenset[str]]
    src_groups: list[int]
    tgt_groups: list[int]
    src_claims: list[frozenset[str]]
    tgt_claims: list[frozenset[str]]


def alignment_inputs(
    src: Article,
    tgt: Article,
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
) -> AlignmentInputs:
    """Anchors, paragraphs (as groups) and claims of every sentence, for ``align``."""
    return AlignmentInputs(
        src_anchors=[fact_anchors(facts) for facts in src_facts],
        tgt_anchors=[fact_anchors(facts) for facts in tgt_facts],
        src_groups=[s.line for s in src.sentences],
        tgt_groups=[s.line for s in tgt.sentences],
        src_claims=[fact_claims(facts) for facts in src_facts],
        tgt_claims=[fact_claims(facts) for facts in tgt_facts],
    )


def fact_anchors(facts: Sequence[Fact]) -> frozenset[str]:
    """The language-neutral values of a sentence that make good alignment anchors."""
    anchors: set[str] = set()
    for fact in facts:
        if fact.kind == "date":
            # A season or part of a year ("1913-03/1913-05~") anchors as its year,
            # as a bare year does, so "våren 1945" still meets "1945".
            coarse = "/" in fact.normalized or fact.normalized.endswith("~")
            anchors.add("date:" + (fact.normalized[:4] if coarse else fact.normalized))
            years = [part[:4] for part in fact.normalized.split("..") if part[:4].isdigit()]
            anchors.update("year:" + year for year in years)
            if fact.slot:
                # The same event in the same year ("a parade in 1945"): rarer, and
                # so stronger, than the year alone.
                anchors.update(f"event:{fact.slot}:{year}" for year in years)
        elif fact.kind == "number":
            anchors.add("number:" + fact.normalized.lstrip("~<>="))
        else:
            # A name token's first letters: robust to inflection and to the last
            # differences of transliteration ("sovjetunionen" / "soviet").
            anchors.update(
                "name:" + token[:NAME_ANCHOR_LETTERS]
                for token in fact.normalized.split()
                if len(token) > 2
            )
    return frozenset(anchors)


def fact_claims(facts: Sequence[Fact]) -> frozenset[str]:
    """The kinds of value a sentence states: dates, and figures by what they count.

    Each claim also appears with its slot (``number:people@executions``), so
    that claim completion prefers a sentence about the same event.
    """
    claims: set[str] = set()
    for fact in facts:
        if fact.kind == "date":
            claim = "date"
        elif fact.kind == "number" and isinstance(fact.value, NumberInterval) and fact.value.unit:
            claim = "number:" + fact.value.unit
        else:
            continue
        claims.add(claim)
        if fact.slot:
            claims.add(f"{claim}@{fact.slot}")
    return frozenset(claims)


def context_vectors(
    vectors: Embeddings,
    rows: dict[str, int],
    sites: Sequence[FactSite],
    config: CheckConfig,
) -> Embeddings:
    """The context embeddings of one article's facts, one row per site, language bias removed.

    As for sentences (``align.remove_language_bias``), what all contexts of
    one article share is mostly its language; it is removed when there are
    enough of them.
    """
    if not sites:
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    matrix = np.asarray(vectors[[rows[site.context] for site in sites]], dtype=np.float32)
    if len(sites) >= config.align.bias_min_sentences:
        matrix = remove_language_bias(matrix, config.align.bias_components)
    return matrix


def fact_anchor(fact: Fact) -> frozenset[str]:
    """The anchors one fact gives its sentence (left out when that fact is compared)."""
    return fact_anchors([fact])

