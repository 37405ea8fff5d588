"""Findings: where two articles disagree, and where one contradicts itself.

Sentence pairs come from the alignment and from an alignment on
value-neutral evidence; the comparator (``checker.compare``) judges their
facts; fact matching (``checker.match``) drops a finding when the other
article states the value for the same event elsewhere.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz

from checker.align import anchor_weights, calibrate, select_pairs
from checker.compare import (
    NAME_PREFIX,
    NAME_SAME,
    ONCE_SLOTS,
    compare_facts,
    facts_restate,
    slots_comparable,
)
from checker.config import CheckConfig, MatchConfig
from checker.match import (
    MatchInputs,
    Scorer,
    value_neutral_evidence,
)
from checker.prepared import ArticleSide, PreparedPair, fact_anchor
from checker.records import (
    Alignment,
    Fact,
    Finding,
)

log = logging.getLogger(__name__)


#: How many of its most similar candidates each sentence is checked against internally.
INTERNAL_NEIGHBOURS = 12


def cross_match_inputs(prepared: PreparedPair) -> MatchInputs:
    """What fact matching needs of two articles (see ``checker.match.MatchInputs``)."""
    inputs = prepared.inputs
    return MatchInputs(
        src_sites=prepared.src_side.sites,
        tgt_sites=prepared.tgt_side.sites,
        sentence_evidence=prepared.base_evidence,
        src_anchors=inputs["src_anchors"],
        tgt_anchors=inputs["tgt_anchors"],
        weights=anchor_weights(inputs["src_anchors"], inputs["tgt_anchors"]),
        anchors_of=fact_anchor,
        src_contexts=prepared.src_side.contexts,
        tgt_contexts=prepared.tgt_side.contexts,
        related_slots=slots_comparable,
    )


#: A name that stands in more than this share of both articles' sentences is their
#: subject, not a tie between two values.
BACKGROUND_SHARE = 0.015
#: ... and in more than this many sentences (in a short text every name is in a few).
BACKGROUND_MIN = 5


def background_names(
    src_facts: Sequence[Sequence[Fact]], tgt_facts: Sequence[Sequence[Fact]]
) -> frozenset[str]:
    """The name tokens, in full, that stand everywhere in the two articles: their subject.

    Frequency is counted by a token's first letters (``NAME_PREFIX``), so the
    inflected forms of one name count together ("stalin", "stalins"). The
    background is then the forms close to the commonest one of each frequent
    stem: another name that only begins like it ("stalingrad") is not the
    subject and still ties two values together.
    """
    sentences = [*src_facts, *tgt_facts]
    stems: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    for facts in sentences:
        tokens = {t for f in facts if f.kind == "name" for t in f.normalized.split() if len(t) > 2}
        for stem in {t[:NAME_PREFIX] for t in tokens}:
            stems[stem] = stems.get(stem, 0) + 1
        for token in tokens:
            counts = forms.setdefault(token[:NAME_PREFIX], {})
            counts[token] = counts.get(token, 0) + 1
    limit = max(BACKGROUND_SHARE * len(sentences), BACKGROUND_MIN)
    background: set[str] = set()
    for stem, count in stems.items():
        if count <= limit:
            continue
        commonest = min(forms[stem], key=lambda t: (-forms[stem][t], t))
        background.update(t for t in forms[stem] if fuzz.ratio(t, commonest) >= NAME_SAME)
    return frozenset(background)


def article_names(anchors: Sequence[frozenset[str]]) -> frozenset[str]:
    """First letters of every name token an article names."""
    return frozenset(
        a.removeprefix("name:") for sentence in anchors for a in sentence if a.startswith("name:")
    )


def cross_findings(
    prepared: PreparedPair, alignment: Alignment, config: CheckConfig
) -> list[Finding]:
    """Where the two articles disagree, each finding with its calibrated confidence."""
    return [
        replace(finding, confidence=round(evidence.confidence(config.match), 4))
        for finding, evidence in cross_findings_with_evidence(prepared, alignment, config)
    ]


def cross_findings_with_evidence(
    prepared: PreparedPair, alignment: Alignment, config: CheckConfig
) -> list[tuple[Finding, FindingEvidence]]:
    """Where the two articles disagree.

    The sentence pairs compared are the alignment's, and those that an
    alignment on value-neutral evidence (``checker.match.value_neutral_evidence``)
    selects, each at the better of its two scores: a changed value must not
    make a pair look less alike. A finding whose source value the target article states in a
    context that matches about as well (``MatchConfig.agree_ratio``), or
    whose target value the source states so, is dropped: the other article
    agrees, and this pair is two occasions of a repeated event (two arrests,
    two treaties). Not so for an event that happens once (a birth, a death):
    there an agreeing statement elsewhere means that one article contradicts
    itself, and the disagreement stands.
    """
    src, tgt = prepared.src_side, prepared.tgt_side
    scorer = Scorer(cross_match_inputs(prepared), config.match)
    pairs: dict[tuple[int, int], tuple[float, bool]] = {
        (p.src, p.tgt): (p.score, p.via == "claim") for p in alignment.pairs
    }
    neutral = calibrate(
        value_neutral_evidence(
            prepared.base_evidence,
            prepared.inputs["src_anchors"],
            prepared.inputs["tgt_anchors"],
            config.align.anchor_weight,
        ),
        config.align,
    )
    for p in select_pairs(neutral, neutral, config.align).pairs:
        known, claim = pairs.get((p.src, p.tgt), (0.0, False))
        pairs[(p.src, p.tgt)] = (max(known, p.score), claim)
    for (s, t), (known, claim) in list(pairs.items()):
        pairs[(s, t)] = (max(known, float(neutral[s, t])), claim)
    # Facts by where they stand: the comparator may hand back a place with its slot set.
    rows = {(x.sentence, x.fact.kind, x.fact.start, x.fact.end): x.row for x in src.sites}
    columns = {(x.sentence, x.fact.kind, x.fact.start, x.fact.end): x.row for x in tgt.sites}
    background = background_names(src.facts, tgt.facts)
    names = (
        article_names(prepared.inputs["src_anchors"]),
        article_names(prepared.inputs["tgt_anchors"]),
    )

    findings: list[tuple[Finding, FindingEvidence]] = []
    for (s, t), (score, claim) in sorted(pairs.items()):
        for finding in compare_facts(
            src.article.sentences[s], src.facts[s], tgt.article.sentences[t], tgt.facts[t],
            src_lang=src.lang, tgt_lang=tgt.lang, scope="cross",
            alignment_score=score, claim_paired=claim, background_names=background,
            article_names=names,
        ):
            x, y = finding.src_fact, finding.tgt_fact
            i = rows[(s, x.kind, x.start, x.end)]
            j = columns[(t, y.kind, y.start, y.end)]
            match = scorer.score(i, j)
            agreeing = scorer.agreeing(i, j, facts_restate)
            agreeing_target = scorer.agreeing(i, j, facts_restate, of_target=True)
            once = x.slot in ONCE_SLOTS or y.slot in ONCE_SLOTS
            if not once and (
                agreeing >= config.match.agree_ratio * match
                or agreeing_target >= config.match.agree_ratio_target * match
            ):
                log.debug(
                    "agreeing counterpart drops %s | %s (lines %d/%d)", x.text, y.text,
                    src.article.sentences[s].line, tgt.article.sentences[t].line,
                )
                continue
            findings.append(
                (finding, FindingEvidence(finding.confidence, match, finding.severity == "soft"))
            )
    return findings


@dataclass(frozen=True)
class FindingEvidence:
    """What a cross finding's confidence is estimated from (``MatchConfig.confidence_weights``).

    ``rule`` is the comparator's own confidence (how the two values were
    paired: by an event slot, a lifespan, a lone pair; and how sure the
    sentence pair is), ``match`` the value-blind fact match, ``soft`` whether
    the two values may both be right.
    """

    rule: float
    match: float
    soft: bool

    def features(self) -> tuple[float, float, float]:
        return (_logit(self.rule), _logit(self.match), float(self.soft))

    def confidence(self, config: MatchConfig) -> float:
        """The estimated chance that a reader judges the finding real."""
        z = config.confidence_bias + sum(
            w * x for w, x in zip(config.confidence_weights, self.features(), strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def internal_findings(side: ArticleSide) -> list[Finding]:
    """Where one article contradicts itself.

    Two sentences are compared when they state facts of one kind in slots that
    can be compared (the same event, or a lifespan against a birth or death).
    The comparison itself is strict about what counts as the same fact (same
    person, same event), so no similarity gate is needed; the similarity is
    reported as the pair's score. Each sentence is compared with at most
    ``INTERNAL_NEIGHBOURS`` of its most similar candidates, so the cost grows
    linearly with the article, not with the square of it.
    """
    article, vectors, facts, lang = side.article, side.vectors, side.facts, side.lang
    slots: dict[int, set[tuple[str, str]]] = {}
    for i, sentence_facts in enumerate(facts):
        slotted = {(str(f.kind), f.slot) for f in sentence_facts if f.slot}
        if slotted:
            slots[i] = slotted
    holders: dict[tuple[str, str], list[int]] = {}
    for i, sentence_slots in slots.items():
        for key in sentence_slots:
            holders.setdefault(key, []).append(i)
    comparable = {
        key: [
            other for other in holders if other[0] == key[0] and slots_comparable(key[1], other[1])
        ]
        for key in holders
    }
    pairs: dict[tuple[int, int], float] = {}
    for i, sentence_slots in slots.items():
        candidates = sorted(
            {
                j
                for key in sentence_slots
                for other in comparable[key]
                for j in holders[other]
                if j != i
            }
        )
        if not candidates:
            continue
        similarity = vectors[candidates] @ vectors[i]
        nearest = np.argsort(-similarity, kind="stable")[:INTERNAL_NEIGHBOURS]
        for position in nearest:
            j = candidates[int(position)]
            pairs[(min(i, j), max(i, j))] = float(similarity[position])
    findings: list[Finding] = []
    for (i, j), score in sorted(pairs.items()):
        findings += compare_facts(
            article.sentences[i],
            facts[i],
            article.sentences[j],
            facts[j],
            src_lang=lang,
            tgt_lang=lang,
            scope="internal",
            alignment_score=score,
        )
    return findings

