"""Sentence alignment of comparable (not parallel) articles.

The two editions are written independently: order differs, most sentences
have no counterpart, and one sentence may carry what the other says in two.
So instead of a monotone dynamic programme (Bertalign, Vecalign) this is
retrieval over the whole other article:

1. cosine similarity of every source sentence with every target sentence,
   after removing from each article's embeddings what all its sentences
   share (their mean and their first principal direction): in a multilingual
   encoder that is mostly the language itself, and left in, it makes every
   Norwegian sentence about as close to every Indonesian one (Yang et al.,
   2021, "language information removal");
2. a margin correction (Artetxe & Schwenk, 2019): each similarity minus the
   mean similarity of both sentences to their ``k`` nearest neighbours, so a
   generic sentence that is close to everything stops attracting everything;
3. the same margin computed between the sentences' paragraphs (the mean of
   a paragraph's sentence embeddings), as a prior: claims about one topic sit
   in paragraphs about that topic, whatever the order of the sections;
4. a bonus for shared anchors (years, figures, names after normalisation,
   and an event with its year), weighted by how rare each anchor is in the
   two articles;
5. a calibrated score in [0, 1], an estimate of the chance that the pair
   makes the same claim. Each source sentence keeps its best target above
   ``threshold`` and up to ``max_targets - 1`` more above ``extra_threshold``
   (one-to-two); two source sentences may keep the same target (two-to-one).
   Extra pairs are judged by their own score, not by their distance to the
   best, so they go where they are most likely right;
6. claim completion (``select_pairs``): a target that states the value a
   source sentence states and its best target lacks.

The default thresholds are low on purpose: a pair missed hides a conflict,
while a wrong pair rarely makes one (the comparator needs values of one kind
in one slot, and asks more of weakly aligned pairs).

The functions take arrays and anchor sets, never a model, so they are tested
on hand-built matrices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from checker.config import AlignConfig
from checker.records import AlignedPair, Alignment, Candidate, PairBasis

Matrix = npt.NDArray[np.float32]

def similarity_matrix(src: Matrix, tgt: Matrix) -> Matrix:
    """Cosine similarities, shape ``(n_src, n_tgt)``; rows of both inputs are L2-normalised."""
    return np.asarray(src @ tgt.T, dtype=np.float32)


def remove_language_bias(vectors: Matrix, components: int) -> Matrix:
    """Centre one article's embeddings and project out its top principal directions.

    Rows come back L2-normalised. The projection does not depend on the sign
    the SVD picks, so the result is deterministic.
    """
    centred = np.asarray(vectors - vectors.mean(axis=0), dtype=np.float64)
    if components > 0:
        _, _, directions = np.linalg.svd(centred, full_matrices=False)
        top = directions[:components]
        centred -= (centred @ top.T) @ top
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.asarray(centred / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def margin_matrix(similarity: Matrix, k: int) -> Matrix:
    """Similarity minus the mean of both sentences' top-``k`` neighbourhood similarity.

    Shape ``(n_src, n_tgt)`` like the input. Costs two partial sorts of the
    matrix, no more than computing it.
    """
    n_src, n_tgt = similarity.shape
    if n_src == 0 or n_tgt == 0:
        return similarity.copy()
    k_src = min(k, n_tgt)
    k_tgt = min(k, n_src)
    src_hub = np.partition(similarity, n_tgt - k_src, axis=1)[:, n_tgt - k_src :].mean(axis=1)
    tgt_hub = np.partition(similarity, n_src - k_tgt, axis=0)[n_src - k_tgt :, :].mean(axis=0)
    return np.asarray(similarity - (src_hub[:, None] + tgt_hub[None, :]) / 2, dtype=np.float32)


def anchor_weights(
    src_anchors: Sequence[frozenset[str]], tgt_anchors: Sequence[frozenset[str]]
) -> dict[str, float]:
    """Each anchor's rarity weight: its inverse document frequency over both articles,
    scaled to (0, 1]."""
    documents = len(src_anchors) + len(tgt_anchors)
    frequency: dict[str, int] = {}
    for anchors in (*src_anchors, *tgt_anchors):
        for anchor in anchors:
            frequency[anchor] = frequency.get(anchor, 0) + 1
    scale = math.log(documents + 1) if documents else 1.0
    return {a: math.log((documents + 1) / (n + 1)) / scale for a, n in frequency.items()}


def anchor_matrix(
    src_anchors: Sequence[frozenset[str]], tgt_anchors: Sequence[frozenset[str]]
) -> Matrix:
    """Rarity-weighted count of anchors each sentence pair shares, shape ``(n_src, n_tgt)``.

    An anchor's weight is its inverse document frequency over both articles,
    scaled to (0, 1]: a name in every other sentence counts for little, a
    figure that occurs once on each side for a lot.
    """
    n_src, n_tgt = len(src_anchors), len(tgt_anchors)
    weights = anchor_weights(src_anchors, tgt_anchors)
    vocabulary = sorted(weights)
    if not vocabulary:
        return np.zeros((n_src, n_tgt), dtype=np.float32)
    column = {anchor: i for i, anchor in enumerate(vocabulary)}
    src_incidence = np.zeros((n_src, len(vocabulary)), dtype=np.float32)
    tgt_incidence = np.zeros((n_tgt, len(vocabulary)), dtype=np.float32)
    for row, anchors in enumerate(src_anchors):
        src_incidence[row, [column[a] for a in anchors]] = 1.0
    for row, anchors in enumerate(tgt_anchors):
        tgt_incidence[row, [column[a] for a in anchors]] = 1.0
    weight = np.asarray([weights[a] for a in vocabulary], dtype=np.float32)
    return np.asarray((src_incidence * weight) @ tgt_incidence.T, dtype=np.float32)


def group_vectors(vectors: Matrix, groups: Sequence[int]) -> Matrix:
    """Each row replaced by the normalised mean of the rows in its group (its paragraph)."""
    keys = np.asarray(groups)
    result = np.empty_like(vectors)
    for key in np.unique(keys):
        members = keys == key
        mean = vectors[members].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        result[members] = mean / norm if norm > 0 else mean
    return result


def calibrate(combined: Matrix, config: AlignConfig) -> Matrix:
    """Map combined evidence to [0, 1]: the estimated chance that a pair makes one claim.

    A logistic, ``1 / (1 + exp(-slope * (x - center)))``, fitted by maximum
    likelihood on the development gold set (the ten best targets of each
    labelled source sentence, gold partner or not) by
    ``benchmarks/tune_alignment.py``; the values are ``config``'s, from
    ``checker/fitted.toml``. The gold set is not exhaustive, so the estimate
    errs low.
    """
    slope, center = config.calibration_slope, config.calibration_center
    clipped = np.clip(-slope * (combined - center), -60.0, 60.0)
    return np.asarray(1.0 / (1.0 + np.exp(clipped)), dtype=np.float32)


def evidence(
    src: Matrix,
    tgt: Matrix,
    *,
    src_anchors: Sequence[frozenset[str]] | None = None,
    tgt_anchors: Sequence[frozenset[str]] | None = None,
    src_groups: Sequence[int] | None = None,
    tgt_groups: Sequence[int] | None = None,
    config: AlignConfig = AlignConfig(),
) -> Matrix:
    """The combined evidence that two sentences make the same claim (steps 1-4),
    before calibration; shape ``(n_src, n_tgt)``. See ``align`` for the arguments."""
    n_src, n_tgt = src.shape[0], tgt.shape[0]
    if min(n_src, n_tgt) >= config.bias_min_sentences:
        # Too few sentences make the mean and the principal direction mostly
        # the content itself; short inputs keep their raw embeddings.
        src = remove_language_bias(src, config.bias_components)
        tgt = remove_language_bias(tgt, config.bias_components)
    combined = margin_matrix(similarity_matrix(src, tgt), config.k)
    if src_groups is not None and tgt_groups is not None and config.paragraph_weight:
        paragraphs = similarity_matrix(
            group_vectors(src, src_groups), group_vectors(tgt, tgt_groups)
        )
        combined += config.paragraph_weight * margin_matrix(paragraphs, config.k)
    if src_anchors is not None and tgt_anchors is not None:
        combined += config.anchor_weight * np.minimum(anchor_matrix(src_anchors, tgt_anchors), 3.0)
    return combined


def align(
    src: Matrix,
    tgt: Matrix,
    *,
    src_anchors: Sequence[frozenset[str]] | None = None,
    tgt_anchors: Sequence[frozenset[str]] | None = None,
    src_groups: Sequence[int] | None = None,
    tgt_groups: Sequence[int] | None = None,
    src_claims: Sequence[frozenset[str]] | None = None,
    tgt_claims: Sequence[frozenset[str]] | None = None,
    config: AlignConfig = AlignConfig(),
    base: Matrix | None = None,
) -> Alignment:
    """Align two articles' sentence embeddings.

    Args:
        src: source embeddings, shape ``(n_src, dim)``, rows L2-normalised.
        tgt: target embeddings, shape ``(n_tgt, dim)``.
        src_anchors, tgt_anchors: per sentence, the normalised numbers, years
            and name keys it contains (empty sets when unknown).
        src_groups, tgt_groups: per sentence, the paragraph it belongs to
            (any integer key); enables the paragraph prior.
        src_claims, tgt_claims: per sentence, the kinds of value it states;
            with ``tgt_groups`` they enable claim completion (see ``select_pairs``).
        config: thresholds and weights.
        base: the evidence without anchors (``evidence`` with no anchors), when
            the caller has it already; computed here otherwise.

    >>> eye = np.eye(3, dtype=np.float32)
    >>> [(p.src, p.tgt) for p in align(eye, eye).pairs]
    [(0, 0), (1, 1), (2, 2)]
    """
    n_src, n_tgt = src.shape[0], tgt.shape[0]
    if n_src == 0 or n_tgt == 0:
        return Alignment((), tuple(range(n_src)), tuple(range(n_tgt)), {})
    if base is None:
        base = evidence(src, tgt, src_groups=src_groups, tgt_groups=tgt_groups, config=config)
    combined = base
    if src_anchors is not None and tgt_anchors is not None:
        combined = np.asarray(
            base + config.anchor_weight * np.minimum(anchor_matrix(src_anchors, tgt_anchors), 3.0),
            dtype=np.float32,
        )
    score = calibrate(combined, config)
    completion = None
    if src_claims is not None and tgt_claims is not None and tgt_groups is not None:
        completion = ClaimCompletion(src_claims, tgt_claims, tgt_groups)
    return select_pairs(score, similarity_matrix(src, tgt), config, completion)


@dataclass(frozen=True)
class ClaimCompletion:
    """What each sentence claims, for completing one-to-two matches (see ``select_pairs``).

    ``src_claims``/``tgt_claims`` hold per sentence the kinds of value it states
    (``"date"``, ``"number:people"``...); ``tgt_groups`` the target paragraphs.
    """

    src_claims: Sequence[frozenset[str]]
    tgt_claims: Sequence[frozenset[str]]
    tgt_groups: Sequence[int]


def select_pairs(
    score: Matrix,
    similarity: Matrix,
    config: AlignConfig,
    completion: ClaimCompletion | None = None,
) -> Alignment:
    """Choose pairs from a calibrated score matrix (see the module docstring for the rules).

    With ``completion``, a source sentence that states a kind of value its best
    target lacks ("1.5 million executed between 1936 and 1938" against a
    target that gives only the dates) is also paired with the best-scoring
    sentence of the same target paragraph that states that kind of value: one
    edition often says in two sentences what the other says in one. A value
    with its event ("number:people@executions") may also come from one of the
    source sentence's runners-up in another paragraph.
    """
    n_src, n_tgt = score.shape
    chosen: dict[tuple[int, int], AlignedPair] = {}

    def keep(i: int, j: int, via: PairBasis = "retrieval") -> None:
        if (i, j) in chosen:
            return
        chosen[(i, j)] = AlignedPair(
            src=i, tgt=j, score=float(score[i, j]), similarity=float(similarity[i, j]), via=via
        )

    # An extra pair needs at least what a best pair needs.
    extra_threshold = max(config.threshold, config.extra_threshold)
    # The few best targets per row, without sorting whole rows.
    top = min(max(config.candidates, config.max_targets) + 2, n_tgt)
    head = (
        np.argpartition(-score, top - 1, axis=1)[:, :top]
        if top < n_tgt
        else np.tile(np.arange(n_tgt), (n_src, 1))
    )
    head_scores = np.take_along_axis(score, head, axis=1)
    order = np.lexsort((head, -head_scores), axis=1)
    ranked = np.take_along_axis(head, order, axis=1)
    for i in range(n_src):
        best = int(ranked[i, 0])
        if score[i, best] < config.threshold:
            continue
        keep(i, best)
        # Further targets (one-to-two) must stand on their own score: with a
        # calibrated score, that spends extra pairs where they are most likely right.
        for j in ranked[i, 1 : config.max_targets]:
            if score[i, j] >= extra_threshold:
                keep(i, int(j))
    if completion is not None:
        paragraphs: dict[int, list[int]] = {}
        for j, group in enumerate(completion.tgt_groups):
            paragraphs.setdefault(group, []).append(j)
        for i, best in [
            (i, int(ranked[i, 0])) for i in range(n_src) if (i, int(ranked[i, 0])) in chosen
        ]:
            missing = completion.src_claims[i] - completion.tgt_claims[best]
            if not missing:
                continue
            paragraph = paragraphs[completion.tgt_groups[best]]
            completed: set[str] = set()
            # Claims with a slot ("number:people@executions") first: a sentence about
            # the same event beats one that merely counts the same unit.
            for claim in sorted(missing, key=lambda c: ("@" not in c, c)):
                base = claim.split("@")[0]
                if base in completed:
                    continue
                holders = [j for j in paragraph if claim in completion.tgt_claims[j]]
                if not holders and "@" in claim:
                    # Elsewhere in the article, only among the closest runners-up.
                    holders = [
                        int(j) for j in ranked[i, 1:] if claim in completion.tgt_claims[int(j)]
                    ]
                if not holders:
                    continue
                j = max(holders, key=lambda j: (float(score[i, j]), -j))
                # The same event, in the paragraph or among the runners-up, is
                # evidence enough; a bare kind of value needs a little more.
                floor = 0.0 if "@" in claim else config.completion_threshold
                if score[i, j] >= floor:
                    keep(i, j, "claim")
                    completed.add(base)
    pairs = tuple(chosen[key] for key in sorted(chosen))
    aligned_src = {p.src for p in pairs}
    aligned_tgt = {p.tgt for p in pairs}
    candidates: dict[int, tuple[Candidate, ...]] = {}
    for i in sorted(aligned_src):
        runners = [
            Candidate(tgt=int(j), score=float(score[i, j]))
            for j in ranked[i]
            if (i, int(j)) not in chosen
        ]
        candidates[i] = tuple(runners[: config.candidates])
    return Alignment(
        pairs=pairs,
        unaligned_src=tuple(i for i in range(n_src) if i not in aligned_src),
        unaligned_tgt=tuple(j for j in range(n_tgt) if j not in aligned_tgt),
        candidates=candidates,
    )
