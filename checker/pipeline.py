"""One `checker check` of an article pair, stage by stage.

load/segment -> embed -> align -> extract -> compare -> (ids) -> CheckResult.
Only this module knows the order of the stages; each stage knows nothing of
the others. Writing the reports is left to the caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypedDict

import numpy as np

from checker import __version__
from checker.align import align, calibrate, evidence, remove_language_bias, select_pairs
from checker.compare import ONCE_SLOTS, compare_facts, facts_agree, slots_comparable
from checker.config import CheckConfig, cache_dir
from checker.embedding import Embeddings, Encoder, default_encoder
from checker.embedding.cache import CachedEncoder
from checker.errors import LanguageError
from checker.extract import extract_facts
from checker.fingerprint import assign_finding_ids
from checker.languages import LanguageData, load_language
from checker.match import (
    FactSite,
    MatchInputs,
    Scorer,
    anchor_weights,
    fact_sites,
    value_neutral_evidence,
)
from checker.records import (
    Alignment,
    Article,
    CheckResult,
    Fact,
    Finding,
    NumberInterval,
    RunInfo,
)
from checker.segment import load_article

log = logging.getLogger(__name__)

#: How many of its most similar candidates each sentence is checked against internally.
INTERNAL_NEIGHBOURS = 12

#: How many leading letters of a name token serve as an alignment anchor.
NAME_ANCHOR_LETTERS = 5


class Progress(Protocol):
    """Receives progress of the long stages; the CLI shows it with rich."""

    def start(self, stage: str, total: int | None = None) -> None: ...

    def advance(self, count: int) -> None: ...

    def finish(self) -> None: ...


@dataclass
class StageTimes:
    """Wall-clock seconds per stage of the last run, for benchmarks and logs."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - began


def make_encoder(config: CheckConfig) -> Encoder:
    """The default encoder for a config: the model, behind the embedding cache if enabled."""
    encoder = default_encoder(config.model, batch_size=config.batch_size)
    if config.use_embedding_cache:
        return CachedEncoder(encoder, cache_dir() / "embeddings")
    return encoder


def check_pair(
    src_path: Path,
    tgt_path: Path,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: CheckConfig = CheckConfig(),
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    times: StageTimes | None = None,
) -> CheckResult:
    """Compare two articles and return everything found, unwritten.

    Raises:
        InputFileError, LanguageError: bad input (one-line messages).
        ModelError: the embedding model could not be loaded.
    """
    times = times if times is not None else StageTimes()
    prepared = prepare_pair(
        src_path, tgt_path, src_lang=src_lang, tgt_lang=tgt_lang, config=config,
        encoder=encoder, progress=progress, times=times,
    )
    src, tgt = prepared.src, prepared.tgt
    with times.measure("align"):
        alignment = align(
            prepared.src_vectors, prepared.tgt_vectors, **prepared.inputs, config=config.align
        )

    with times.measure("compare"):
        findings = cross_findings(prepared, alignment, config)
        if config.internal:
            for side in (prepared.src_side, prepared.tgt_side):
                findings += internal_findings(side)
        identified = assign_finding_ids(findings)

    run = RunInfo(
        checker_version=__version__,
        model=prepared.model,
        src_lang=src.lang,
        tgt_lang=tgt.lang,
        src_path=str(src_path),
        tgt_path=str(tgt_path),
        src_sha256=src.sha256,
        tgt_sha256=tgt.sha256,
    )
    log.info("%d aligned pairs, %d findings", len(alignment.pairs), len(identified))
    return CheckResult(src=src, tgt=tgt, alignment=alignment, findings=identified, run=run)


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


def prepare_pair(
    src_path: Path,
    tgt_path: Path,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: CheckConfig = CheckConfig(),
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    times: StageTimes | None = None,
) -> PreparedPair:
    """Load, segment, extract and embed two articles (the stages before alignment)."""
    times = times if times is not None else StageTimes()
    with times.measure("load"):
        src = load_article(src_path, src_lang)
        tgt = load_article(tgt_path, tgt_lang)
    if src.lang == tgt.lang:
        raise LanguageError(
            f"both articles are in {src.lang!r}; checker compares two language editions "
            "(give --src-lang/--tgt-lang if detection was wrong)"
        )
    src_data, tgt_data = load_language(src.lang), load_language(tgt.lang)
    encoder = encoder if encoder is not None else make_encoder(config)

    with times.measure("extract"):
        src_facts = [extract_facts(s.text, src_data) for s in src.sentences]
        tgt_facts = [extract_facts(s.text, tgt_data) for s in tgt.sentences]
        src_sites = fact_sites(src.sentences, src_facts)
        tgt_sites = fact_sites(tgt.sentences, tgt_facts)

    with times.measure("embed"):
        # Sentences, then each fact's context (the words around its value):
        # one pass, so the cache and the progress bar see one job.
        texts = [s.text for s in src.sentences] + [s.text for s in tgt.sentences]
        contexts = sorted({site.context for site in (*src_sites, *tgt_sites)})
        if progress is not None:
            progress.start("embed", len(texts) + len(contexts))
        vectors = encoder.encode(
            texts + contexts, progress.advance if progress is not None else None
        )
        if progress is not None:
            progress.finish()
    n_src, n_texts = len(src.sentences), len(texts)
    context_row = {text: n_texts + i for i, text in enumerate(contexts)}
    inputs = alignment_inputs(src, tgt, src_facts, tgt_facts)
    src_vectors, tgt_vectors = vectors[:n_src], vectors[n_src:n_texts]
    base = evidence(
        src_vectors,
        tgt_vectors,
        src_groups=inputs["src_groups"],
        tgt_groups=inputs["tgt_groups"],
        config=config.align,
    )
    return PreparedPair(
        src_side=ArticleSide(
            src, src_data, src_facts, src_sites, src_vectors,
            context_vectors(vectors, context_row, src_sites, config),
        ),
        tgt_side=ArticleSide(
            tgt, tgt_data, tgt_facts, tgt_sites, tgt_vectors,
            context_vectors(vectors, context_row, tgt_sites, config),
        ),
        inputs=inputs,
        base_evidence=base,
        model=encoder.name,
    )


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
BACKGROUND_SHARE = 0.03


def background_names(inputs: AlignmentInputs) -> frozenset[str]:
    """First letters of the name tokens that stand everywhere in the two articles."""
    sentences = [*inputs["src_anchors"], *inputs["tgt_anchors"]]
    counts: dict[str, int] = {}
    for anchors in sentences:
        for anchor in anchors:
            if anchor.startswith("name:"):
                counts[anchor] = counts.get(anchor, 0) + 1
    limit = BACKGROUND_SHARE * len(sentences)
    return frozenset(a.removeprefix("name:") for a, n in counts.items() if n > limit)


def article_names(anchors: Sequence[frozenset[str]]) -> frozenset[str]:
    """First letters of every name token an article names."""
    return frozenset(
        a.removeprefix("name:") for sentence in anchors for a in sentence if a.startswith("name:")
    )


def cross_findings(
    prepared: PreparedPair, alignment: Alignment, config: CheckConfig
) -> list[Finding]:
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
        )
    )
    for p in select_pairs(neutral, neutral, config.align).pairs:
        known, claim = pairs.get((p.src, p.tgt), (0.0, False))
        pairs[(p.src, p.tgt)] = (max(known, p.score), claim)
    for (s, t), (known, claim) in list(pairs.items()):
        pairs[(s, t)] = (max(known, float(neutral[s, t])), claim)
    # Facts by where they stand: the comparator may hand back a place with its slot set.
    rows = {(x.sentence, x.fact.kind, x.fact.start, x.fact.end): x.row for x in src.sites}
    columns = {(x.sentence, x.fact.kind, x.fact.start, x.fact.end): x.row for x in tgt.sites}
    background = background_names(prepared.inputs)
    names = (
        article_names(prepared.inputs["src_anchors"]),
        article_names(prepared.inputs["tgt_anchors"]),
    )

    def fact_match(s: int, t: int) -> Callable[[Fact, Fact], float]:
        def match(a: Fact, b: Fact) -> float:
            i = rows.get((s, a.kind, a.start, a.end))
            j = columns.get((t, b.kind, b.start, b.end))
            return scorer.score(i, j) if i is not None and j is not None else 0.0

        return match

    findings: list[Finding] = []
    for (s, t), (score, claim) in sorted(pairs.items()):
        for finding in compare_facts(
            src.article.sentences[s], src.facts[s], tgt.article.sentences[t], tgt.facts[t],
            src_lang=src.lang, tgt_lang=tgt.lang, scope="cross",
            alignment_score=score, claim_paired=claim, background_names=background,
            article_names=names, match=fact_match(s, t),
        ):
            x, y = finding.src_fact, finding.tgt_fact
            i = rows[(s, x.kind, x.start, x.end)]
            j = columns[(t, y.kind, y.start, y.end)]
            match = scorer.score(i, j)
            agreeing = scorer.agreeing(i, j, facts_agree)
            agreeing_target = scorer.agreeing(i, j, facts_agree, of_target=True)
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
            log.debug(
                "finding features\t%d\t%d\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%s",
                src.article.sentences[s].line, tgt.article.sentences[t].line,
                x.text, y.text, match, agreeing, score, finding.confidence, finding.severity,
            )
            findings.append(finding)
    return findings


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
