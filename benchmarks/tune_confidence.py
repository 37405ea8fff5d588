"""Fit a finding's confidence on labelled findings: the chance that a reader judges it real.

Labels come from three places, all about the seed pair (nb -> id):
- the development gold conflicts (real), by the evaluation's matching rule;
- ``false_findings.jsonl`` (false), findings an earlier reader judged false;
- ``eval/labels/reader_verdicts.jsonl``, every finding of a run read by a
  bilingual reader against both articles (real or false), when present.

Each reported cross finding's ``checker.findings.FindingEvidence`` features are
regressed on its label (logistic, Newton's method, L2). The script prints the
weights to put in ``MatchConfig``, a reliability table, and a two-fold check
(odd and even source lines). Run: ``python benchmarks/tune_confidence.py``.
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


def main() -> None:
    config = CheckConfig()
    seeds = ROOT / "seeds" / "stalin"
    prepared = prepare_pair(seeds / "nb.txt", seeds / "id.txt", config=config)
    alignment = align(
        prepared.src_vectors, prepared.tgt_vectors, **prepared.inputs, config=config.align
    )
    scored = cross_findings_with_evidence(prepared, alignment, config)
    conflicts = [c for c in read_jsonl(GOLD / "dev_conflicts.jsonl") if c["scope"] == "cross"]
    false = read_jsonl(GOLD / "false_findings.jsonl")
    verdicts = [v for v in read_jsonl(VERDICTS) if v.get("file", "nb-id") == "nb-id"]

    def label(finding) -> int | None:  # type: ignore[no-untyped-def]
        lines = (finding.src_sentence.line, finding.tgt_sentence.line)
        values = (finding.src_fact.text, finding.tgt_fact.text)
        for v in verdicts:
            same_values = (v["src_value"], v["tgt_value"]) == values
            if (v["src_line"], v["tgt_line"]) == lines and same_values:
                return int(v["verdict"] == "real")
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

    rows = [(e.features(), label(f), f.src_sentence.line) for f, e in scored]
    labelled = [(x, y, line) for x, y, line in rows if y is not None]
    print(f"cross findings {len(rows)}, labelled {len(labelled)}"
          f" (real {sum(y for _, y, _ in labelled)})")
    if len(labelled) < 6:
        print("too few labelled findings to fit")
        return
    features = np.array([x for x, _, _ in labelled], dtype=np.float64)
    labels = np.array([y for _, y, _ in labelled], dtype=np.float64)
    folds = np.array([line % 2 for *_, line in labelled])

    def fit(mask: np.ndarray) -> np.ndarray:
        return fit_logistic(features[mask], labels[mask], l2=1.0)

    def predict(w: np.ndarray, mask: np.ndarray) -> np.ndarray:
        x = np.hstack([np.ones((int(mask.sum()), 1)), features[mask]])
        return 1 / (1 + np.exp(-x @ w))

    def log_loss(p: np.ndarray, y: np.ndarray) -> float:
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    everything = np.ones(len(labelled), dtype=bool)
    base_rate = float(labels.mean())
    constant = log_loss(np.full(len(labels), base_rate), labels)
    print(f"base rate {base_rate:.2f}: log loss of a constant {constant:.3f}")
    for train in (0, 1):
        w = fit(folds == train)
        held = folds != train
        loss = log_loss(predict(w, held), labels[held])
        print(f"fold {train}->{1 - train}: held-out log loss {loss:.3f}")
    in_use = np.array([config.match.confidence_bias, *config.match.confidence_weights])
    current = predict(in_use, everything)
    print(f"weights in use: log loss {log_loss(current, labels):.3f}")
    reliability("reliability of the weights in use (labelled findings):", current, labels)
    w = fit(everything)
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
