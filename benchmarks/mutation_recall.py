"""Mutation recall over several seeds, on any pair: `nox -s mutate -- [SRC TGT] [options]`.

`checker evaluate --mutate N --seed S` measures one draw; one draw of 24
changes leaves each kind's rate on 8 of them. This runs several seeds with
one loaded model and prints each seed's recall by kind and the pooled
figures, so a comparator change can be judged on more than a handful of
changes. Any pair whose languages have data files works, e.g.

    nox -s mutate                                           # the first manifest pair
    nox -s mutate -- seeds/stalin/en.txt seeds/stalin/es.txt \\
        --src-lang en --tgt-lang es --mutate 30 --seeds 1 2 3 4

Add `--show` for every seed's full table (each mutation, found or missed).

`--gold-pairs FILE` (the gold set's pairs format, e.g. eval/gold/dev_pairs.jsonl)
draws the changes only from sentence pairs a person aligned, instead of the
pairs checker itself aligned: recall on claims that surely are counterparts,
so a miss is the comparator's, not a pair the aligner made on the shared value alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.config import CheckConfig  # noqa: E402
from checker.errors import CheckerError  # noqa: E402
from checker.evaluate.gold import read_gold_pairs  # noqa: E402
from checker.evaluate.matching import _SentenceIndex, normalize_text  # noqa: E402
from checker.manifest import read_manifest  # noqa: E402
from checker.mutate import KINDS, format_mutation_report, run_mutation_test  # noqa: E402
from checker.pipeline import check_pair, make_encoder  # noqa: E402
from checker.records import AlignedPair, CheckResult  # noqa: E402


def with_gold_alignment(result: CheckResult, pairs_file: Path) -> CheckResult:
    """The run with its alignment replaced by the gold pairs (sentences matched by the
    evaluation's rule), so that mutations are drawn from those pairs only."""
    src = _SentenceIndex(normalize_text(s.text) for s in result.src.sentences)
    tgt = _SentenceIndex(normalize_text(s.text) for s in result.tgt.sentences)
    pairs = {
        (i, j)
        for gold in read_gold_pairs(pairs_file)
        for i in src.rows_matching(gold.src)
        for j in tgt.rows_matching(gold.tgt)
    }
    aligned = tuple(
        AlignedPair(src=i, tgt=j, score=1.0, similarity=1.0, via="retrieval")
        for i, j in sorted(pairs)
    )
    return dataclasses.replace(
        result, alignment=dataclasses.replace(result.alignment, pairs=aligned)
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="SRC TGT (default: first manifest pair)"
    )
    parser.add_argument("--src-lang")
    parser.add_argument("--tgt-lang")
    parser.add_argument("--mutate", type=int, default=24, help="mutations per seed")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--manifest", type=Path, default=ROOT / "seeds" / "pairs.toml")
    parser.add_argument("--show", action="store_true", help="print every seed's full table")
    parser.add_argument(
        "--gold-pairs", type=Path, help="draw changes only from these aligned pairs (JSONL)"
    )
    args = parser.parse_args(argv)
    if len(args.files) not in (0, 2):
        parser.error("give SRC and TGT, or nothing for the first manifest pair")
    if args.files:
        src, tgt = args.files
        src_lang, tgt_lang = args.src_lang, args.tgt_lang
    else:
        first = read_manifest(args.manifest)[0]
        src, tgt = first.src, first.tgt
        src_lang, tgt_lang = args.src_lang or first.src_lang, args.tgt_lang or first.tgt_lang

    config = CheckConfig(internal=False)
    encoder = make_encoder(config)
    try:
        baseline = check_pair(
            src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, config=config, encoder=encoder
        )
    except CheckerError as error:
        print(f"checker: error: {error}", file=sys.stderr)
        return 2
    if args.gold_pairs is not None:
        baseline = with_gold_alignment(baseline, args.gold_pairs)
    found = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    unexplained = 0
    drawn = f", drawn from {os.path.relpath(args.gold_pairs)}" if args.gold_pairs else ""
    print(
        f"{os.path.relpath(src)} -> {os.path.relpath(tgt)}, {args.mutate} mutations per seed"
        + drawn
    )
    print(f"  {'seed':<6}" + "".join(f"{kind:>14}" for kind in KINDS) + f"{'unexplained':>14}")
    for seed in args.seeds:
        with tempfile.TemporaryDirectory(prefix="checker-mutate-") as scratch:
            try:
                report = run_mutation_test(
                    src,
                    tgt,
                    count=args.mutate,
                    seed=seed,
                    work_dir=Path(scratch),
                    src_lang=src_lang,
                    tgt_lang=tgt_lang,
                    config=config,
                    encoder=encoder,
                    baseline=baseline,
                )
            except CheckerError as error:
                print(f"checker: error: {error}", file=sys.stderr)
                return 2
        if args.show:
            print(format_mutation_report(report))
        cells = ""
        for recall in report.recall:
            found[recall.kind] += recall.found
            total[recall.kind] += recall.total
            cells += f"{f'{recall.found}/{recall.total}':>14}"
        unexplained += len(report.unexplained)
        print(f"  {seed:<6}{cells}{len(report.unexplained):>14}")
    pooled = "".join(
        f"{f'{found[k]}/{total[k]} {found[k] / total[k] if total[k] else 0:.2f}':>14}"
        for k in KINDS
    )
    print(f"  {'all':<6}{pooled}{unexplained:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
