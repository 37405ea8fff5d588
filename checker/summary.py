"""A Markdown summary of a run's review: what CI shows on the job page.

`checker check --summary FILE` writes it; the GitHub workflow points FILE at
the job summary, so whoever pushed an article edit sees, without opening an
artefact, which findings are new, which regressed, which were resolved by the
edit and how many are decided. The same file can be read locally.

Article text is escaped for Markdown tables (and for the HTML that GitHub's
Markdown allows), and long cells are shortened: the HTML report has the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from checker.review import Decision, PairReview, Reviewed

#: Rows shown per table before "... and N more".
MAX_ROWS = 100
#: Characters kept of a value or note in a table cell.
MAX_CELL = 80

_MARKDOWN_SPECIAL = "\\`*_[]|#~"


def render_summary(pairs: Sequence[PairReview], fail_on: str = "none") -> str:
    """The Markdown summary of every pair's review, with the gate's verdict first.

    >>> print(render_summary([]), end="")
    ## checker: no pairs checked
    """
    if not pairs:
        return "## checker: no pairs checked\n"
    failing = sum(len(p.outcome.failures(fail_on)) for p in pairs)
    if fail_on == "none":
        title = "## checker: review summary"
    elif failing:
        noun = "finding fails" if failing == 1 else "findings fail"
        title = f"## checker: {failing} {noun} the gate (`--fail-on {fail_on}`)"
    else:
        title = f"## checker: the gate passes (`--fail-on {fail_on}`)"
    lines = [
        title,
        "",
        "| pair | new | regressed | resolved | decided |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for pair in pairs:
        counts = pair.outcome.counts()
        lines.append(
            f"| {_cell(pair.name)} | {counts['new']} | {counts['regressed']} "
            f"| {counts['resolved']} | {counts['decided']} |"
        )
    for pair in pairs:
        lines += _pair_sections(pair)
    lines += [
        "",
        "Decide a finding with `checker review FINDING_ID STATUS --note TEXT` "
        "(or in a browser: `checker serve`) and commit the decisions file.",
    ]
    return "\n".join(lines) + "\n"


def _pair_sections(pair: PairReview) -> list[str]:
    outcome = pair.outcome
    where = f"`{pair.decisions_path.as_posix()}`" if pair.decisions_path else "no decisions file"
    lines = ["", f"### {_cell(pair.name)}", "", f"{pair.src_path} vs {pair.tgt_path}; {where}."]
    if outcome.new:
        lines += ["", f"**New** ({len(outcome.new)}): no editor has decided these.", ""]
        lines += _finding_table(outcome.new)
    if outcome.regressed:
        lines += ["", f"**Regressed** ({len(outcome.regressed)}): decided fixed, found again.", ""]
        lines += _finding_table(outcome.regressed)
    if outcome.resolved:
        lines += [
            "",
            f"**Resolved** ({len(outcome.resolved)}): decided, and the articles no longer "
            "disagree there.",
            "",
        ]
        lines += _resolved_table(outcome.resolved)
    if outcome.decided:
        by_status = Counter(r.status for r in outcome.decided)
        counts = ", ".join(f"{status} {count}" for status, count in sorted(by_status.items()))
        lines += [
            "",
            "<details>",
            f"<summary>Decided ({len(outcome.decided)}: {counts})</summary>",
            "",
        ]
        lines += _decided_table(outcome.decided)
        lines += ["", "</details>"]
    return lines


def _finding_table(rows: Sequence[Reviewed]) -> list[str]:
    lines = [
        "| finding | kind | severity | source value | target value | where |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for reviewed in rows[:MAX_ROWS]:
        item = reviewed.item
        lines.append(
            f"| `{item.finding_id}` | {item.scope} {item.kind} | {item.severity} "
            f"| {_cell(item.src_value)} | {_cell(item.tgt_value)} | {_cell(item.where())} |"
        )
    return lines + _more(len(rows))


def _resolved_table(decisions: Sequence[Decision]) -> list[str]:
    lines = ["| finding | decided | values | note |", "| --- | --- | --- | --- |"]
    for decision in decisions[:MAX_ROWS]:
        lines.append(
            f"| `{decision.finding_id}` | {decision.status} ({_cell(decision.reviewer)}, "
            f"{decision.date.isoformat()}) | {_cell(decision.values())} | {_cell(decision.note)} |"
        )
    return lines + _more(len(decisions))


def _decided_table(rows: Sequence[Reviewed]) -> list[str]:
    lines = ["| finding | status | values | note |", "| --- | --- | --- | --- |"]
    for reviewed in rows[:MAX_ROWS]:
        item, decision = reviewed.item, reviewed.decision
        note = decision.note if decision is not None else ""
        lines.append(
            f"| `{item.finding_id}` | {reviewed.status} "
            f"| {_cell(item.src_value)} → {_cell(item.tgt_value)} | {_cell(note)} |"
        )
    return lines + _more(len(rows))


def _more(total: int) -> list[str]:
    if total <= MAX_ROWS:
        return []
    return ["", f"... and {total - MAX_ROWS} more (see the HTML report)."]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, escaped, at most `MAX_CELL` characters.

    >>> _cell("a|b <script>")
    'a\\\\|b &lt;script&gt;'
    """
    flat = " ".join(text.split())
    if len(flat) > MAX_CELL:
        flat = flat[: MAX_CELL - 1] + "…"
    out = []
    for char in flat:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)
