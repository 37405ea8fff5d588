"""One `checker check` of an article pair, stage by stage.

load/segment -> embed -> align -> extract -> compare -> (ids) -> CheckResult.
Only this module knows the order of the stages; each stage knows nothing of
the others. Writing the reports is left to the caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypedDict

import numpy as np

from checker import __version__
from checker.align import align
from checker.compare import compare_facts, slots_comparable
from checker.config import CheckConfig, cache_dir
from checker.embedding import Embeddings, Encoder, default_encoder
from checker.embedding.cache import CachedEncoder
from checker.errors import LanguageError
from checker.extract import extract_facts
from checker.fingerprint import assign_finding_ids
from checker.languages import LanguageData, load_language
from checker.records import Article, CheckResult, Fact, Finding, NumberInterval, RunInfo
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


def make_encoder(config: CheckConfig, progress: Progress | None = None) -> Encoder:
    """The default encoder for a config: the model, behind the embedding cache if enabled.

    ``progress`` shows a one-off model build (conversion, export) as a stage.
    """
    encoder = default_encoder(
        config.model, backend=config.backend, batch_size=config.batch_size, progress=progress
    )
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

    with times.measure("embed"):
        texts = [s.text for s in src.sentences] + [s.text for s in tgt.sentences]
        if progress is not None:
            progress.start("embed", len(texts))
        vectors = encoder.encode(texts, progress.advance if progress is not None else None)
        if progress is not None:
            progress.finish()
        src_vectors, tgt_vectors = vectors[: len(src.sentences)], vectors[len(src.sentences) :]

    with times.measure("extract"):
        src_facts = [extract_facts(s.text, src_data) for s in src.sentences]
        tgt_facts = [extract_facts(s.text, tgt_data) for s in tgt.sentences]

    with times.measure("align"):
        alignment = align(
            src_vectors,
            tgt_vectors,
            **alignment_inputs(src, tgt, src_facts, tgt_facts),
            config=config.align,
        )

    with times.measure("compare"):
        findings: list[Finding] = []
        for pair in alignment.pairs:
            findings += compare_facts(
                src.sentences[pair.src],
                src_facts[pair.src],
                tgt.sentences[pair.tgt],
                tgt_facts[pair.tgt],
                src_lang=src_data,
                tgt_lang=tgt_data,
                scope="cross",
                alignment_score=pair.score,
                claim_paired=pair.via == "claim",
            )
        if config.internal:
            findings += internal_findings(src, src_vectors, src_facts, src_data)
            findings += internal_findings(tgt, tgt_vectors, tgt_facts, tgt_data)
        identified = assign_finding_ids(findings)

    run = RunInfo(
        checker_version=__version__,
        model=encoder.name,
        src_lang=src.lang,
        tgt_lang=tgt.lang,
        src_path=str(src_path),
        tgt_path=str(tgt_path),
        src_sha256=src.sha256,
        tgt_sha256=tgt.sha256,
    )
    log.info("%d aligned pairs, %d findings", len(alignment.pairs), len(identified))
    return CheckResult(src=src, tgt=tgt, alignment=alignment, findings=identified, run=run)


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


def internal_findings(
    article: Article,
    vectors: Embeddings,
    facts: Sequence[Sequence[Fact]],
    lang: LanguageData,
) -> list[Finding]:
    """Where one article contradicts itself.

    Two sentences are compared when they state facts of one kind in slots that
    can be compared (the same event, or a lifespan against a birth or death).
    The comparison itself is strict about what counts as the same fact (same
    person, same event), so no similarity gate is needed; the similarity is
    reported as the pair's score. Each sentence is compared with at most
    ``INTERNAL_NEIGHBOURS`` of its most similar candidates, so the cost grows
    linearly with the article, not with the square of it.
    """
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
