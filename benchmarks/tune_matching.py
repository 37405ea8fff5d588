"""Fit the fact matcher's value-blind model on the gold set's value pairs.

Each labelled pair of ``dev_pairs.jsonl`` lists the values both sentences
give (``fields``). Those are facts that are counterparts. For each such source
fact, every candidate the matcher considers is an example: the gold partner
is a positive, the others negatives. A logistic regression over the
matcher's features (``checker.match.Scorer.features``) is fitted by Newton's
method, then checked on two held-out halves (odd and even gold pairs), and
the weights to put in ``MatchConfig`` are printed.

Run: ``nox -s tune -- matching`` or ``python benchmarks/tune_matching.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from logistic import fit_logistic
from rapidfuzz import fuzz

from checker.config import CheckConfig
from checker.evaluate import normalize_text, sentences_match
from checker.findings import cross_match_inputs
from checker.fitted import write_fitted
from checker.match import Scorer
from checker.pipeline import prepare_pair

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"

KIND = {"date": "date", "number": "number", "name": "name", "place": "name"}


def site_rows(prepared, side: str, line: int, sentence: str, value: str, kind: str) -> int | None:
    """The site row of the fact a gold field names, or None when extraction missed it."""
    article = prepared.src if side == "src" else prepared.tgt
    sites = prepared.src_side.sites if side == "src" else prepared.tgt_side.sites
    wanted = normalize_text(sentence)
    best: tuple[float, int] | None = None
    for site in sites:
        s = article.sentences[site.sentence]
        if s.line != line or site.fact.kind != kind:
            continue
        text = normalize_text(s.text)
        if not sentences_match(text, wanted) and text not in wanted:
            continue
        ratio = fuzz.partial_ratio(site.fact.text.lower(), value.lower())
        if best is None or ratio > best[0]:
            best = (ratio, site.row)
    return best[1] if best is not None and best[0] >= 80 else None


def main() -> None:
    config = CheckConfig()
    seeds = ROOT / "seeds" / "stalin"
    prepared = prepare_pair(seeds / "nb.txt", seeds / "id.txt", config=config)
    scorer = Scorer(cross_match_inputs(prepared), config.match)
    candidates = scorer.candidates()
    by_src: dict[int, list[int]] = {}
    for i, j in candidates:
        by_src.setdefault(i, []).append(j)
    lines = (GOLD / "dev_pairs.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines if line]
    examples: list[tuple[int, int, int, int]] = []  # (fold, i, j, label)
    unmapped = missing = 0
    positives = 0
    for number, pair in enumerate(gold):
        for field in pair["fields"]:
            kind = KIND[field["type"]]
            i = site_rows(prepared, "src", pair["src_line"], pair["src"], field["src_value"], kind)
            j = site_rows(prepared, "tgt", pair["tgt_line"], pair["tgt"], field["tgt_value"], kind)
            if i is None or j is None:
                unmapped += 1
                continue
            if j not in by_src.get(i, []):
                missing += 1
                continue
            positives += 1
            for other in by_src[i]:
                examples.append((number % 2, i, other, int(other == j)))
    print(
        f"gold value pairs: {positives} usable, {unmapped} not extracted,"
        f" {missing} not a candidate"
    )
    features = np.array([scorer.features(i, j) for _, i, j, _ in examples], dtype=np.float64)
    labels = np.array([y for *_, y in examples], dtype=np.float64)
    folds = np.array([f for f, *_ in examples])
    groups = [(f, i) for f, i, _, _ in examples]

    def fit(mask: np.ndarray) -> np.ndarray:
        return fit_logistic(features[mask], labels[mask], l2=0.01)

    def top1(w: np.ndarray, mask: np.ndarray) -> float:
        x = np.hstack([np.ones((len(examples), 1)), features]) @ w
        best: dict[tuple[int, int], tuple[float, float]] = {}
        for k in np.flatnonzero(mask):
            key = groups[k]
            if key not in best or x[k] > best[key][0]:
                best[key] = (x[k], labels[k])
        return float(np.mean([label for _, label in best.values()]))

    current = np.array([config.match.bias, *config.match.weights])
    everything = np.ones(len(examples), dtype=bool)
    print(f"top-1 with the weights in use: {top1(current, everything):.3f}")
    for train in (0, 1):
        w = fit(folds == train)
        print(f"fold {train}->{1 - train}: held-out top-1 {top1(w, folds != train):.3f}"
              f" (tuning half {top1(w, folds == train):.3f})")
    w = fit(everything)
    print(f"all: top-1 {top1(w, everything):.3f}")
    print(f"MatchConfig(bias={w[0]:.2f}, weights=({', '.join(f'{v:.2f}' for v in w[1:])}))")
    if "--write" in sys.argv[1:]:
        path = write_fitted("match", {"bias": float(w[0]), "weights": [float(v) for v in w[1:]]})
        print(f"wrote the fitted weights to {path.relative_to(ROOT)}")
    # Reliability of the fitted score at each fact's best candidate.
    x = np.hstack([np.ones((len(examples), 1)), features]) @ w
    p = 1 / (1 + np.exp(-x))
    print("reliability (all candidates):")
    for low, high in ((0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 1.01)):
        m = (p >= low) & (p < high)
        if m.any():
            print(f"  predicted {low:.1f}-{min(high, 1):.1f}  n {int(m.sum()):5d}"
                  f"  mean {p[m].mean():.2f}  gold {labels[m].mean():.2f}")


if __name__ == "__main__":
    main()
