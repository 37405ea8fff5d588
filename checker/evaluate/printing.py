"""Printing an evaluation: a short plain-text table of its figures."""

from __future__ import annotations

from checker.evaluate.score import Evaluation, Tally


def format_evaluation(evaluation: Evaluation) -> str:
    """A short plain-text table of the figures, for a terminal or an issue note.

    >>> ev = Evaluation(Tally(3, 4), 5, 4, 1.25, Tally(5, 6), Tally(0, 0), Tally(1, 2),
    ...                 Tally(6, 8), Tally(7, 12), Tally(1, 10), 9, 2, ("p2",), ("c4",), ("p7",))
    >>> print(format_evaluation(ev))  # doctest: +NORMALIZE_WHITESPACE
    alignment
      gold pairs found                3/4    0.75
      aligned rows                      5
      aligned source sentences          4
      pairs per aligned source       1.25
    conflicts found
      hard (checkable)                5/6    0.83
      soft (checkable)                0/0    0.00
      internal (checkable)            1/2    0.50
      all checkable                   6/8    0.75
      all conflicts                  7/12    0.58
    false alarms
      agree pairs with a finding     1/10    0.10
    findings                            9
      matching no gold conflict         2
    missed conflicts: c4
    false-alarm pairs: p7
    missed pairs: p2
    """
    ev = evaluation

    def tally(label: str, t: Tally) -> str:
        return f"  {label:<28}{f'{t.found}/{t.total}':>8}  {t.rate:6.2f}"

    def figure(label: str, value: str) -> str:
        return f"  {label:<28}{value:>8}"

    lines = [
        "alignment",
        tally("gold pairs found", ev.pairs),
        figure("aligned rows", str(ev.aligned_rows)),
        figure("aligned source sentences", str(ev.aligned_src_sentences)),
        figure("pairs per aligned source", f"{ev.pairs_per_src:.2f}"),
        "conflicts found",
        tally("hard (checkable)", ev.hard),
        tally("soft (checkable)", ev.soft),
        tally("internal (checkable)", ev.internal),
        tally("all checkable", ev.checkable),
        tally("all conflicts", ev.all_conflicts),
        "false alarms",
        tally("agree pairs with a finding", ev.false_alarms),
        f"{'findings':<30}{ev.findings:>8}",
        figure("matching no gold conflict", str(ev.unmatched_findings)),
    ]
    for label, ids in (
        ("missed conflicts", ev.missed_conflicts),
        ("false-alarm pairs", ev.false_alarm_pairs),
        ("missed pairs", ev.missed_pairs),
    ):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    return "\n".join(lines)
