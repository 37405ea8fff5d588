"""A whole `checker check`: pairs and articles in, reports written, review and gate out.

``checker.pipeline.check_pair`` compares two articles and writes nothing. A
run does everything around it, in this order, so that every caller (the
command line, ``checker serve``, tests, a notebook) gets the same behaviour:

1. detect the languages of articles' editions that do not give one, and check
   that an article's editions are in different languages;
2. read every decisions file, so a corrupt one stops the run before the model
   loads;
3. check each pair with one shared encoder (`SharedEncoder`: a sentence that
   stands in several pairs is embedded once), apply its decisions and write
   its reports;
4. for each article, build its outliers from its pairs (``checker.outliers``),
   apply the article's decisions to them and write ``outliers.csv``,
   ``outliers.html`` and ``outliers.json``;
5. write the Markdown summary and the SARIF log if asked, and evaluate the gate.

The run never prints and never exits: it returns a `RunOutcome` and the caller
says what it means (the CLI prints a summary and exits 1 when the gate fails).

>>> outcome = check_pairs([])  # no pairs: nothing checked, the gate passes
>>> outcome.gate.passed, outcome.reviews()
(True, ())
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from checker import pipeline
from checker.config import CheckConfig
from checker.embedding import Embeddings, Encoder, ProgressCallback
from checker.errors import CheckerError
from checker.files import write_atomic
from checker.manifest import ArticleSpec, EditionSpec, PairSpec, check_editions
from checker.outliers import Outlier, find_outliers, outlier_items
from checker.pipeline import Progress
from checker.records import CheckResult
from checker.review import (
    FAIL_ON,
    Decision,
    PairReview,
    Reviewed,
    apply_decisions,
    read_decisions,
    review_items,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PairRun:
    """One checked pair.

    Attributes:
        spec: what was checked and where its reports went.
        result: the pair's result, each finding's ``review_status`` set.
        review: its review, as the gate, the summary and SARIF see it.
    """

    spec: PairSpec
    result: CheckResult
    review: PairReview


@dataclass(frozen=True)
class ArticleRun:
    """One article checked in every pair of its editions.

    Attributes:
        spec: the article, every edition's language known.
        pairs: its pairs, in `ArticleSpec.pairs` order.
        outliers: its outliers, each ``review_status`` set.
        review: the review of its outliers (decisions from ``spec.decisions``).
    """

    spec: ArticleSpec
    pairs: tuple[PairRun, ...]
    outliers: tuple[Outlier, ...]
    review: PairReview


@dataclass(frozen=True)
class GateResult:
    """What the gate decided.

    Attributes:
        fail_on: the gate (``none``, ``new``, ``new-hard``).
        failing: each failing finding with the name of its pair or article,
            in run order.
    """

    fail_on: str
    failing: tuple[tuple[str, Reviewed], ...]

    @property
    def passed(self) -> bool:
        return not self.failing


@dataclass(frozen=True)
class RunOutcome:
    """Everything a run did.

    Attributes:
        pairs: the standalone pairs (``[[pair]]`` entries, or two files).
        articles: the articles (``[[article]]`` entries, or three files or more).
        gate: the gate's verdict.
    """

    pairs: tuple[PairRun, ...]
    articles: tuple[ArticleRun, ...]
    gate: GateResult

    def pair_reviews(self) -> tuple[PairReview, ...]:
        """The reviews of every pair checked, standalone or of an article, in run order."""
        return tuple(run.review for run in self.pairs) + tuple(
            run.review for article in self.articles for run in article.pairs
        )

    def reviews(self) -> tuple[PairReview, ...]:
        """Every review in run order: pairs, then each article's pairs and its outliers."""
        reviews = [run.review for run in self.pairs]
        for article in self.articles:
            reviews += [run.review for run in article.pairs]
            reviews.append(article.review)
        return tuple(reviews)


class SharedEncoder:
    """An encoder that remembers every embedding it made during one run.

    The editions of an article stand in several pairs; each pair asks for all
    of its sentences. Without this, a run without the on-disk cache would
    embed each edition once per pair. Rows are returned exactly as first
    computed, so every pair sees the same vectors for the same text.
    """

    def __init__(self, inner: Encoder) -> None:
        self._inner = inner
        self._rows: dict[str, Embeddings] = {}

    @property
    def name(self) -> str:
        return self._inner.name

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        """Embed the texts not seen before in this run; count the others as done at once."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._rows]
        if missing:
            vectors = self._inner.encode(missing, progress)
            for text, row in zip(missing, vectors, strict=True):
                self._rows[text] = row
        if progress is not None and len(texts) > len(missing):
            progress(len(texts) - len(missing))
        if not texts:
            return self._inner.encode([], None)
        return np.stack([self._rows[text] for text in texts]).astype(np.float32, copy=False)


ProgressFactory = Callable[[], Progress | None]


def check_pairs(
    pairs: Sequence[PairSpec],
    config: CheckConfig = CheckConfig(),
    *,
    articles: Sequence[ArticleSpec] = (),
    fail_on: str = "none",
    summary: Path | None = None,
    sarif: Path | None = None,
    encoder: Encoder | None = None,
    progress: ProgressFactory | None = None,
    on_pair: Callable[[PairRun], None] | None = None,
    on_article: Callable[[ArticleRun], None] | None = None,
) -> RunOutcome:
    """Check pairs and articles, write every report, and evaluate the gate.

    Args:
        pairs: standalone pairs, checked first, in order.
        config: the run's settings.
        articles: articles of three or more editions; every pair of editions is
            checked once, then the article's outliers are found.
        fail_on: the gate (see ``checker.review.FAIL_ON``).
        summary, sarif: where to write the Markdown summary and the SARIF log
            (None: not written). SARIF holds the pairs' findings; an
            article's outliers are in its own reports and in the summary.
        encoder: the encoder to use (default: ``checker.pipeline.make_encoder``).
        progress: makes a progress display for each pair's long stages.
        on_pair, on_article: called as each pair and article is done, so a
            caller can show results while the run goes on.

    Raises:
        CheckerError: bad input (articles, languages, decisions files,
            models), with a one-line message; reports written before the
            error stay, none is left half-written.
    """
    if fail_on not in FAIL_ON:
        raise CheckerError(f"the gate must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    resolved = [resolve_editions(article) for article in articles]
    # Every decisions file is read before the model is loaded: a corrupt one
    # stops the run in a second, not after the embedding.
    pair_decisions = [_decisions(spec.decisions) for spec in pairs]
    article_decisions = [
        ([_decisions(spec.decisions) for spec in article.pairs()], _decisions(article.decisions))
        for article in resolved
    ]

    make_progress = progress if progress is not None else _no_progress
    encoders: list[SharedEncoder] = []  # made at the first pair: a run of nothing loads nothing

    def run_pair(spec: PairSpec, decisions: dict[str, Decision]) -> PairRun:
        if not encoders:
            encoders.append(
                SharedEncoder(
                    encoder
                    if encoder is not None
                    # A model build shows on the progress display, as a stage of its own.
                    else pipeline.make_encoder(config, make_progress())
                )
            )
        result = pipeline.check_pair(
            spec.src,
            spec.tgt,
            src_lang=spec.src_lang,
            tgt_lang=spec.tgt_lang,
            config=config,
            encoder=encoders[0],
            progress=make_progress(),
        )
        done = _review_pair(spec, result, decisions)
        if on_pair is not None:
            on_pair(done)
        return done

    pair_runs = tuple(
        run_pair(spec, decisions) for spec, decisions in zip(pairs, pair_decisions, strict=True)
    )
    article_runs = []
    for article, (decisions_per_pair, outlier_decisions) in zip(
        resolved, article_decisions, strict=True
    ):
        runs = tuple(
            run_pair(spec, decisions)
            for spec, decisions in zip(article.pairs(), decisions_per_pair, strict=True)
        )
        done = _review_article(article, runs, outlier_decisions)
        article_runs.append(done)
        if on_article is not None:
            on_article(done)
    outcome = RunOutcome(pair_runs, tuple(article_runs), GateResult(fail_on, ()))
    outcome = replace(outcome, gate=evaluate_gate(outcome.reviews(), fail_on))
    _write_gate_files(outcome, summary, sarif)
    return outcome


def _no_progress() -> None:
    return None


def _decisions(path: Path | None) -> dict[str, Decision]:
    return read_decisions(path) if path is not None else {}


def resolve_editions(article: ArticleSpec) -> ArticleSpec:
    """The article with every edition's language known: given, or detected from its text.

    Detection reads and checks each file (as ``checker.pipeline`` will), so a
    missing or unreadable edition stops the run before the model loads.

    Raises:
        CheckerError: an edition cannot be read, its language is unknown or
            undetectable, or two editions are in one language.
    """
    from checker.segment import load_article

    editions = tuple(
        edition
        if edition.lang is not None
        else EditionSpec(edition.path, load_article(edition.path).lang)
        for edition in article.editions
    )
    return replace(article, editions=check_editions(editions, f"article {article.name}"))


def _review_pair(spec: PairSpec, result: CheckResult, decisions: dict[str, Decision]) -> PairRun:
    """Apply a pair's decisions and write its reports."""
    from checker.report import write_reports

    outcome = apply_decisions(result.findings, decisions)
    result = replace(result, findings=outcome.findings)
    write_reports(result, spec.report_dir, outcome, spec.decisions)
    review = PairReview(
        name=spec.name,
        src_path=result.run.src_path,
        tgt_path=result.run.tgt_path,
        src_lang=result.src.lang,
        tgt_lang=result.tgt.lang,
        report_dir=spec.report_dir,
        decisions_path=spec.decisions,
        outcome=outcome,
    )
    return PairRun(spec=spec, result=result, review=review)


def _review_article(
    article: ArticleSpec, pairs: tuple[PairRun, ...], decisions: dict[str, Decision]
) -> ArticleRun:
    """Find an article's outliers, apply its decisions to them, write its outlier reports."""
    from checker.report import write_outlier_reports

    outliers = find_outliers([run.result for run in pairs])
    outcome = review_items(outlier_items(outliers), decisions)
    status = {r.item.finding_id: r.status for r in outcome.reviewed}
    outliers = tuple(replace(o, review_status=status[o.finding_id]) for o in outliers)
    write_outlier_reports(article, [run.result for run in pairs], outliers, outcome)
    paths = [str(edition.path) for edition in article.editions]
    review = PairReview(
        name=article.name,
        src_path=" vs ".join(paths[:-1]),
        tgt_path=paths[-1],
        src_lang=article.editions[0].lang or "",
        tgt_lang=article.editions[-1].lang or "",
        report_dir=article.report_dir,
        decisions_path=article.decisions,
        outcome=outcome,
    )
    return ArticleRun(spec=article, pairs=pairs, outliers=outliers, review=review)


def evaluate_gate(reviews: Sequence[PairReview], fail_on: str) -> GateResult:
    """The findings that fail the gate, each with its pair's or article's name, in run order."""
    failing = tuple(
        (review.name, r) for review in reviews for r in review.outcome.failures(fail_on)
    )
    return GateResult(fail_on=fail_on, failing=failing)


def _write_gate_files(outcome: RunOutcome, summary: Path | None, sarif: Path | None) -> None:
    if summary is not None:
        from checker.summary import render_summary

        write_atomic(
            summary, render_summary(outcome.reviews(), outcome.gate.fail_on).encode("utf-8")
        )
    if sarif is not None:
        from checker.sarif import render_sarif

        # An outlier is not a finding of two files with one location each; SARIF
        # gets the pairs' findings, which locate every side of an outlier.
        write_atomic(sarif, render_sarif(outcome.pair_reviews()))


__all__ = [
    "ArticleRun",
    "GateResult",
    "PairRun",
    "RunOutcome",
    "SharedEncoder",
    "check_pairs",
    "evaluate_gate",
    "resolve_editions",
]
