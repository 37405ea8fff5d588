"""Fit the aligner's calibration and thresholds on a gold set, and check them held out.

Run with `nox -s tune` (or `python benchmarks/tune_alignment.py`). Prints:

- the calibration (centre and slope of the logistic in ``checker.align``;
  ``--write`` stores them in ``checker/fitted.toml``),
  fitted by maximum likelihood over the ten best targets of every labelled
  source sentence (its gold partners are the positives), and a reliability
  table: how often pairs of each predicted score are gold pairs;
- for each ``threshold`` / ``extra_threshold``, the share of gold pairs the
  selection finds and the pairs per aligned source sentence;
- a two-fold check: thresholds chosen on half of the labelled source
  sentences (the most gold pairs at no more than 1.5 pairs per aligned source
  sentence), scored on the other half, and the other way round.

Gold pairs are matched to sentences by the evaluation's rules
(``checker.evaluate.sentences_match``), here on sentence indices, without
claim completion; ``checker evaluate`` on a real report remains the measure.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.align import calibrate, evidence, select_pairs  # noqa: E402
from checker.config import AlignConfig, CheckConfig  # noqa: E402
from checker.evaluate import read_gold_pairs, sentences_match  # noqa: E402
from checker.extract import extract_facts  # noqa: E402
from checker.fitted import write_fitted  # noqa: E402
from checker.languages import load_language  # noqa: E402
from checker.manifest import read_manifest  # noqa: E402
from checker.pipeline import alignment_inputs, make_encoder  # noqa: E402
from checker.records import Article  # noqa: E402
from checker.segment import load_article  # noqa: E402

THRESHOLDS = (0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)
EXTRA_THRESHOLDS = (0.12, 0.15, 0.17, 0.2, 0.25, 0.3)
MAX_PAIRS_PER_SOURCE = 1.5
#: Targets per labelled source sentence that the calibration is fitted on.
FIT_TOP = 10

Gold = dict[int, set[int]]


def gold_partners(src: Article, tgt: Article, pairs_file: Path) -> Gold:
    """Per labelled source sentence index, the indices of its gold target sentences."""
    partners: Gold = {}
    for pair in read_gold_pairs(pairs_file):
        sources = [s.index for s in src.sentences if sentences_match(s.text, pair.src)]
        targets = {t.index for t in tgt.sentences if sentences_match(t.text, pair.tgt)}
        for i in sources:
            partners.setdefault(i, set()).update(targets)
    return partners


def fit_calibration(combined: np.ndarray, gold: Gold) -> tuple[float, float]:
    """Centre and slope of the logistic that best predicts gold partners (grid search)."""
    values, labels = [], []
    for i, partners in gold.items():
        for j in np.argsort(-combined[i], kind="stable")[:FIT_TOP]:
            values.append(float(combined[i, j]))
            labels.append(1.0 if int(j) in partners else 0.0)
    x, y = np.asarray(values), np.asarray(labels)
    best = (-np.inf, 0.0, 0.0)
    for slope in np.arange(5.0, 60.0, 0.5):
        for centre in np.arange(-0.2, 0.2, 0.002):
            p = np.clip(1 / (1 + np.exp(-slope * (x - centre))), 1e-9, 1 - 1e-9)
            likelihood = float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
            if likelihood > best[0]:
                best = (likelihood, float(centre), float(slope))
    return best[1], best[2]


def reliability(combined: np.ndarray, gold: Gold, centre: float, slope: float) -> list[str]:
    predicted, observed = [], []
    for i, partners in gold.items():
        for j in np.argsort(-combined[i], kind="stable")[:FIT_TOP]:
            predicted.append(1 / (1 + np.exp(-slope * (combined[i, j] - centre))))
            observed.append(1.0 if int(j) in partners else 0.0)
    p, o = np.asarray(predicted), np.asarray(observed)
    lines = []
    for low, high in [(0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 1.01)]:
        inside = (p >= low) & (p < high)
        if inside.any():
            lines.append(
                f"  predicted {low:.1f}-{min(high, 1.0):.1f}  pairs {int(inside.sum()):5d}"
                f"  mean predicted {p[inside].mean():.2f}  gold {o[inside].mean():.2f}"
            )
    return lines


def selection_figures(
    score: np.ndarray, similarity: np.ndarray, gold: Gold, config: AlignConfig
) -> tuple[float, float]:
    """Share of gold pairs found, and pairs per aligned source sentence."""
    pairs = {(p.src, p.tgt) for p in select_pairs(score, similarity, config).pairs}
    sources = {i for i, _ in pairs}
    total = sum(len(partners) for partners in gold.values())
    found = sum(1 for i, partners in gold.items() for j in partners if (i, j) in pairs)
    return found / max(total, 1), len(pairs) / max(len(sources), 1)


def best_thresholds(
    score: np.ndarray, similarity: np.ndarray, gold: Gold
) -> tuple[float, float, float, float]:
    """The thresholds that find the most of ``gold`` within the pairs-per-source limit."""
    best = (-1.0, 0.0, 0.0, 0.0)
    for threshold, extra in itertools.product(THRESHOLDS, EXTRA_THRESHOLDS):
        config = AlignConfig(threshold=threshold, extra_threshold=extra)
        found, per_source = selection_figures(score, similarity, gold, config)
        if per_source <= MAX_PAIRS_PER_SOURCE and found > best[0]:
            best = (found, per_source, threshold, extra)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "eval" / "gold" / "dev_pairs.jsonl")
    parser.add_argument("--manifest", type=Path, default=ROOT / "seeds" / "pairs.toml")
    parser.add_argument(
        "--write", action="store_true", help="write the fitted values to checker/fitted.toml"
    )
    args = parser.parse_args()

    entry = read_manifest(args.manifest)[0]
    src = load_article(entry.src, entry.src_lang)
    tgt = load_article(entry.tgt, entry.tgt_lang)
    src_data, tgt_data = load_language(src.lang), load_language(tgt.lang)
    vectors = make_encoder(CheckConfig()).encode(
        [s.text for s in src.sentences] + [s.text for s in tgt.sentences]
    )
    src_vectors, tgt_vectors = vectors[: len(src.sentences)], vectors[len(src.sentences) :]
    inputs = alignment_inputs(
        src,
        tgt,
        [extract_facts(s.text, src_data) for s in src.sentences],
        [extract_facts(s.text, tgt_data) for s in tgt.sentences],
    )
    combined = evidence(
        src_vectors,
        tgt_vectors,
        src_anchors=inputs["src_anchors"],
        tgt_anchors=inputs["tgt_anchors"],
        src_groups=inputs["src_groups"],
        tgt_groups=inputs["tgt_groups"],
    )
    similarity = src_vectors @ tgt_vectors.T
    gold = gold_partners(src, tgt, args.pairs)

    centre, slope = fit_calibration(combined, gold)
    print(f"calibration fitted: centre {centre:.3f}  slope {slope:.1f}")
    in_use = AlignConfig()
    center_in_use, slope_in_use = in_use.calibration_center, in_use.calibration_slope
    print(f"calibration in use: centre {center_in_use:.3f}  slope {slope_in_use:.1f}")
    print("reliability of the calibration in use (ten best targets of each gold source):")
    print("\n".join(reliability(combined, gold, center_in_use, slope_in_use)))
    if args.write:
        path = write_fitted("align", {"calibration_center": centre, "calibration_slope": slope})
        print(f"wrote the fitted calibration to {path.relative_to(ROOT)}")
    score = calibrate(combined, in_use)

    print("\nthreshold  extra  gold pairs found  pairs per aligned source")
    for threshold, extra in itertools.product(THRESHOLDS, EXTRA_THRESHOLDS):
        config = AlignConfig(threshold=threshold, extra_threshold=extra)
        found, per_source = selection_figures(score, similarity, gold, config)
        print(f"{threshold:9.2f} {extra:6.2f} {found:17.3f} {per_source:25.2f}")

    print("\ntwo folds (labelled source sentences by index parity):")
    folds = [{i: p for i, p in gold.items() if i % 2 == k} for k in (0, 1)]
    for name, (tune, held) in {"even->odd": folds, "odd->even": folds[::-1]}.items():
        found, _, threshold, extra = best_thresholds(score, similarity, tune)
        config = AlignConfig(threshold=threshold, extra_threshold=extra)
        held_found, per_source = selection_figures(score, similarity, held, config)
        print(
            f"  {name}: chose threshold {threshold:.2f}, extra {extra:.2f}"
            f" (tuning half {found:.3f}); held-out half {held_found:.3f}"
            f" at {per_source:.2f} pairs per aligned source"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
