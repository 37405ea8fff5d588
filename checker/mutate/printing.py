"""The self-test's figures and every mutation as plain text, for a terminal or an issue note."""

from __future__ import annotations

from checker.mutate.results import KindRecall, Mutation, MutationOutcome, MutationReport


def _context(m: Mutation, width: int = 32) -> str:
    """The mutated value in its sentence, marked, cut to ``width`` characters either side."""
    sentence, start = m.mutated_sentence, m.offset
    end = start + len(m.mutated)
    before = sentence[max(0, start - width) : start]
    after = sentence[end : end + width]
    return (
        ("…" if start > width else "")
        + before
        + f"[{m.mutated}]"
        + after
        + ("…" if end + width < len(sentence) else "")
    )


def _result(outcome: MutationOutcome) -> str:
    if outcome.found:
        return "found"
    return "missed" if outcome.aligned else "missed, unaligned"


def format_mutation_report(report: MutationReport) -> str:
    """The figures and every mutation as plain text, for a terminal or an issue note."""
    made = len(report.outcomes)
    pool = ", ".join(f"{kind} {n}" for kind, n in report.candidates)
    found = sum(o.found for o in report.outcomes)
    lines = [
        f"mutation self-test, seed {report.seed}: {made} mutations"
        + (
            f" (of {report.requested} asked; the pool is too small)"
            if made < report.requested
            else ""
        ),
        f"  source {report.src_path} ({report.src_lang}), target {report.tgt_path} "
        f"({report.tgt_lang})",
        f"  values an aligned source sentence states the same way: {pool}",
        "recall by kind",
    ]
    for r in (*report.recall, KindRecall("all", found, made)):
        lines.append(f"  {r.kind:<28}{f'{r.found}/{r.total}':>8}  {r.rate:6.2f}")
    missed = [o for o in report.outcomes if not o.found]
    lost = sum(not o.aligned for o in missed)
    lines.append(f"  {'misses no longer aligned':<28}{f'{lost}/{len(missed)}':>8}")
    lines.append("mutations")
    for o in report.outcomes:
        m = o.mutation
        sources = ",".join(dict.fromkeys(str(c.line) for c in m.counterparts))
        lines.append(
            f"  line {m.line:>4}  {m.kind:<6}  {_result(o):<17}  "
            f"{m.original} → {m.mutated}  (src line {sources})  {_context(m)}"
        )
    lines.append(
        f"unexplained findings{'':<8}{len(report.unexplained):>8}  "
        "(new cross findings on no mutated value)"
    )
    for u in report.unexplained:
        lines.append(
            f"  line {u.tgt_line:>4}  {u.kind:<6}  {u.src_value} → {u.tgt_value}  "
            f"(src line {u.src_line})  {u.explanation}"
        )
    lines.append(
        f"cross findings{'':<14}{report.baseline_findings:>8}  unmutated, "
        f"{report.mutated_findings} mutated"
    )
    return "\n".join(lines)
