"""Fit a finding's confidence on labelled findings: the chance that a reader judges it real.

Labels, for the seed editions' pairs (``PAIRS``):
- ``eval/labels/reader_verdicts.jsonl``: every finding of a run read by a
  bilingual reader against both articles (real or false), for nb-id, en-es,
  nb-es and id-en;
- for nb-id also the development gold conflicts (real), by the evaluation's
  matching rule, and ``false_findings.jsonl`` (false).

Each reported cross finding's ``checker.findings.FindingEvidence`` features are
regressed on its label (logistic, Newton's method, L2). The script prints a
leave-one-pair-out check (fitted on three pairs, scored on the fourth, against
a constant at the training pairs' rate and against the weights in use), the
weights fitted on all, and their reliability table; ``--write`` stores them in
``checker/fitted.toml``. Run: ``python benchmarks/tune_confidence.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from logistic import fit_logistic

from checker.align import align
from checker.config import CheckConfig
from checker.findings import cross_findings_with_evidence
from checker.fitted import write_fitted
from checker.pipeline import prepare_pair

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
VERDICTS = ROOT / "eval" / "labels" / "reader_verdicts.jsonl"


def read_jsonl(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


#: The labelled pairs: (name in the verdicts file, source file, target file).
PAIRS = (
    ("nb-id", "nb.txt", "id.txt"),
    ("en-es", "en.txt", "es.txt"),
    ("nb-es", "nb.txt", "es.txt"),
    ("id-en", "id.txt", "en.txt"),
)


def labelled_findings(config: CheckConfig) -> list[tuple[tuple[float, ...], int, str]]:
    """(features, label, pair) of every labelled cross finding of every pair in ``PAIRS``."""
    seeds = ROOT / "seeds" / "stalin"
    conflicts = [c for c in read_jsonl(GOLD / "dev_conflicts.jsonl") if c["scope"] == "cross"]
    false = read_jsonl(GOLD / "false_findings.jsonl")
    verdicts = read_jsonl(VERDICTS)
    rows: list[tuple[tuple[float, ...], int, str]] = []
    for name, src, tgt in PAIRS:
        prepared = prepare_pair(seeds / src, seeds / tgt, config=config)
        alignment = align(
            prepared.src_vectors, prepared.tgt_vectors, **prepared.inputs, config=config.align
        )
        mine = [v for v in verdicts if v.get("file", "nb-id") == name]

        def label(finding, name=name, mine=mine) -> int | None:  # type: ignore[no-untyped-def]
            lines = (finding.src_sentence.line, finding.tgt_sentence.line)
            values = (finding.src_fact.text, finding.tgt_fact.text)
            for v in mine:
                if (v["src_line"], v["tgt_line"]) == lines and (
                    v["src_value"], v["tgt_value"]
                ) == values:
                    return int(v["verdict"] == "real")
            if name != "nb-id":
                return None
            for c in conflicts:
                if (
                    str(c["src_quote"]) in finding.src_sentence.text
                    and str(c["tgt_quote"]) in finding.tgt_sentence.text
                ):
                    return 1
            for f in false:
                if (f["src_line"], f["tgt_line"]) == lines and (
                    str(f["src_value"]) in values[0] and str(f["tgt_value"]) in values[1]
                ):
                    return 0
            return None

        found = cross_findings_with_evidence(prepared, alignment, config)
        pair_rows = [(e.features(), label(f), name) for f, e in found]
        kept = [(x, y, n) for x, y, n in pair_rows if y is not None]
        print(f"{name}: cross findings {len(pair_rows)}, labelled {len(kept)}"
              f" (real {sum(y for _, y, _ in kept)})")
        rows += kept
    return rows


def main() -> None:
    config = CheckConfig()
    labelled = labelled_findings(config)
    if len(labelled) < 6:
        print("too few labelled findings to fit")
        return
    features = np.array([x for x, _, _ in labelled], dtype=np.float64)
    labels = np.array([y for _, y, _ in labelled], dtype=np.float64)
    pairs = np.array([n for *_, n in labelled])

    def predict(w: np.ndarray, mask: np.ndarray) -> np.ndarray:
        x = np.hstack([np.ones((int(mask.sum()), 1)), features[mask]])
        return 1 / (1 + np.exp(-x @ w))

    def log_loss(p: np.ndarray, y: np.ndarray) -> float:
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    in_use = np.array([config.match.confidence_bias, *config.match.confidence_weights])
    print("\nleave one pair out (log loss on the held-out pair; lower is better):")
    print("  held out   findings   fitted   constant   in use")
    for name, *_ in PAIRS:
        held = pairs == name
        if not held.any():
            continue
        w = fit_logistic(features[~held], labels[~held], l2=1.0)
        constant = np.full(int(held.sum()), float(labels[~held].mean()))
        print(f"  {name:8} {int(held.sum()):10d} {log_loss(predict(w, held), labels[held]):8.3f}"
              f" {log_loss(constant, labels[held]):10.3f}"
              f" {log_loss(predict(in_use, held), labels[held]):8.3f}")
    everything = np.ones(len(labelled), dtype=bool)
    current = predict(in_use, everything)
    print(f"\nweights in use: log loss {log_loss(current, labels):.3f} on {len(labels)} findings"
          f" (judged real {labels.mean():.2f})")
    reliability("reliability of the weights in use (labelled findings):", current, labels)
    w = fit_logistic(features, labels, l2=1.0)
    p = predict(w, everything)
    print(f"all: log loss {log_loss(p, labels):.3f}")
    print(f"MatchConfig(confidence_bias={w[0]:.2f}, "
          f"confidence_weights=({', '.join(f'{v:.2f}' for v in w[1:])}))")
    if "--write" in sys.argv[1:]:
        path = write_fitted(
            "confidence", {"bias": float(w[0]), "weights": [float(v) for v in w[1:]]}
        )
        print(f"wrote the fitted weights to {path.relative_to(ROOT)}")
    reliability("reliability of the fitted weights (labelled findings):", p, labels)


def reliability(title: str, p: np.ndarray, labels: np.ndarray) -> None:
    print(title)
    for low, high in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 1.01)):
        m = (p >= low) & (p < high)
        if m.any():
            print(f"  predicted {low:.1f}-{min(high, 1.0):.1f}  findings {int(m.sum()):3d}"
                  f"  mean predicted {p[m].mean():.2f}  judged real {labels[m].mean():.2f}")


if __name__ == "__main__":
    main()
