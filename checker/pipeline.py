"""One `checker check` of an article pair, stage by stage.

load/segment -> embed -> align -> extract -> compare -> (ids) -> CheckResult.
Only this module knows the order of the stages; each stage knows nothing of
the others. Writing the reports is left to the caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from checker import __version__
from checker.align import align, evidence
from checker.config import CheckConfig, cache_dir
from checker.embedding import Encoder, default_encoder
from checker.embedding.cache import CachedEncoder
from checker.errors import LanguageError
from checker.extract import extract_facts
from checker.findings import cross_findings, internal_findings
from checker.fingerprint import assign_finding_ids
from checker.languages import load_language
from checker.match import (
    fact_sites,
)
from checker.prepared import (
    AlignmentInputs,
    ArticleSide,
    PreparedPair,
    alignment_inputs,
    context_vectors,
    fact_anchor,
    fact_anchors,
)
from checker.records import (
    CheckResult,
    RunInfo,
)
from checker.segment import load_article

__all__ = [
    "AlignmentInputs",
    "ArticleSide",
    "PreparedPair",
    "Progress",
    "StageTimes",
    "alignment_inputs",
    "check_pair",
    "fact_anchor",
    "fact_anchors",
    "make_encoder",
    "prepare_pair",
]

log = logging.getLogger(__name__)


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
    prepared = prepare_pair(
        src_path, tgt_path, src_lang=src_lang, tgt_lang=tgt_lang, config=config,
        encoder=encoder, progress=progress, times=times,
    )
    src, tgt = prepared.src, prepared.tgt
    with times.measure("align"):
        alignment = align(
            prepared.src_vectors,
            prepared.tgt_vectors,
            **prepared.inputs,
            config=config.align,
            base=prepared.base_evidence,
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

