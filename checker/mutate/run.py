"""The whole self-test: check the pair, mutate a copy of the target, check again, score.

`run_mutation_test` works in a folder it is given; `self_test` is
`checker evaluate --mutate`: the manifest's first pair by default, in a
temporary folder unless the mutated copy and its reports are to be kept.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from checker.config import DEFAULT_MODEL, CheckConfig
from checker.embedding import Encoder
from checker.mutate.plan import apply_mutations, plan_mutations
from checker.mutate.results import MutationReport
from checker.mutate.score import score_mutations
from checker.records import CheckResult

log = logging.getLogger(__name__)


def run_mutation_test(
    src_path: Path,
    tgt_path: Path,
    *,
    count: int,
    seed: int,
    work_dir: Path,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: CheckConfig = CheckConfig(internal=False),
    encoder: Encoder | None = None,
    reports_dir: Path | None = None,
    baseline: CheckResult | None = None,
) -> MutationReport:
    """Check the pair, mutate a copy of the target in ``work_dir``, check again, score.

    The input files are only read. ``reports_dir``, if given, receives the
    mutated run's reports (for reading a miss in the HTML page). ``baseline``
    is the unmutated run of the same pair and config, when the caller has it
    (several seeds on one pair need it once).

    Raises:
        CheckerError: bad input, a count below 1, or no value to mutate.
    """
    from checker.errors import CheckerError, OutputError
    from checker.pipeline import check_pair, make_encoder

    if count < 1:
        raise CheckerError(f"the number of mutations must be at least 1, not {count}")
    encoder = encoder if encoder is not None else make_encoder(config)
    if baseline is None:
        log.info("checking the unmutated pair")
        baseline = check_pair(
            src_path, tgt_path, src_lang=src_lang, tgt_lang=tgt_lang, config=config, encoder=encoder
        )
    plan = plan_mutations(baseline, count, seed)
    if not plan.mutations:
        raise CheckerError(
            f"no value of {tgt_path} is stated the same way by an aligned sentence of "
            f"{src_path}; there is nothing to mutate"
        )
    mutated_path = work_dir / tgt_path.name
    if mutated_path.resolve() in (src_path.resolve(), tgt_path.resolve()):
        raise CheckerError(
            f"the mutated copy would overwrite {mutated_path}; keep it in another folder"
        )
    # A byte-order mark stays (as U+FEFF); `apply_mutations` counts offsets after it.
    text = tgt_path.read_bytes().decode("utf-8")
    try:
        work_dir.mkdir(parents=True, exist_ok=True)
        mutated_path.write_bytes(apply_mutations(text, plan.mutations).encode("utf-8"))
    except OSError as error:
        raise OutputError(
            f"cannot write the mutated copy to {mutated_path}: {error.strerror or error}; "
            "choose another folder"
        ) from None
    log.info("checking the pair with %d mutations", len(plan.mutations))
    mutated = check_pair(
        src_path,
        mutated_path,
        src_lang=baseline.src.lang,
        tgt_lang=baseline.tgt.lang,
        config=config,
        encoder=encoder,
    )
    if reports_dir is not None:
        from checker.report import write_reports

        write_reports(mutated, reports_dir)
    outcomes, recall, unexplained = score_mutations(baseline, mutated, plan.mutations)
    return MutationReport(
        src_path=str(src_path),
        tgt_path=str(tgt_path),
        src_lang=baseline.src.lang,
        tgt_lang=baseline.tgt.lang,
        seed=seed,
        requested=count,
        candidates=plan.candidates,
        outcomes=outcomes,
        recall=recall,
        unexplained=unexplained,
        baseline_findings=sum(f.scope == "cross" for f in baseline.findings),
        mutated_findings=sum(f.scope == "cross" for f in mutated.findings),
        mutated_path=str(mutated_path),
    )


def self_test(
    src: Path | None,
    tgt: Path | None,
    *,
    count: int,
    seed: int = 0,
    manifest: Path,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    model: str = DEFAULT_MODEL,
    keep: Path | None = None,
) -> MutationReport:
    """The mutation test of ``src`` and ``tgt``, or of the manifest's first pair when both
    are None (its languages unless others are given), with cross findings only.

    Works in a temporary folder, removed afterwards, unless ``keep`` is given:
    then the mutated copy stays there and the mutated run's reports go to
    ``keep/report``. Nothing in the input or report folders is written.

    Raises:
        CheckerError: only one of ``src`` and ``tgt``, bad input, a count below
            1, or no value to mutate.
    """
    from checker.errors import CheckerError

    if (src is None) != (tgt is None):
        raise CheckerError("give two article files (SRC and TGT), or none to use the manifest")
    if src is None or tgt is None:
        from checker.manifest import read_manifest

        first = read_manifest(manifest)[0]
        src, tgt = first.src, first.tgt
        src_lang, tgt_lang = src_lang or first.src_lang, tgt_lang or first.tgt_lang
    config = CheckConfig(model=model, internal=False)
    with tempfile.TemporaryDirectory(prefix="checker-mutate-") as scratch:
        work = keep if keep is not None else Path(scratch)
        return run_mutation_test(
            src,
            tgt,
            count=count,
            seed=seed,
            work_dir=work,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            config=config,
            reports_dir=work / "report" if keep is not None else None,
        )
