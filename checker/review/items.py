"""Editors' decisions on findings: the decisions file, applying it to a run, the CI gate.

Two kinds of users never run checker by hand: a CI job that re-runs it when the
articles change, and editors who go through what it flagged. Both need a
finding to keep its identity across runs (``checker.fingerprint``) and an
editor's decision to be kept. The decisions live in one TOML file per article
pair, next to the articles in ``seeds/``, reviewed in git like the articles:

.. code-block:: toml

    [F-2b73a87d8b5b]
    status = "confirmed"
    note = "nb has the wrong year; fix it there"
    reviewer = "editor"
    date = 2025-01-15
    scope = "cross"
    kind = "date"
    ...

One table per finding, keyed by its id and sorted by it, so two editors who
decide different findings touch different lines and git merges their work. The
fields after ``date`` describe the finding as it was when decided: they let a
reviewer of the file see what was decided without running checker, and let a
run recognise a decided finding whose id moved because a word right next to
its value was edited (see `apply_decisions`).

A run applies the decisions: each finding gets its decision's status (``new``
when there is none); a ``fixed`` finding that is found again has *regressed*; a
decision whose finding is no longer found is *resolved*. The gate
(``--fail-on new``) fails on undecided and regressed findings only, so CI fails
on what is new and an editor reviews each finding once.

The file is read with ``tomllib`` and written by a small emitter here (the
subset used is tiny: tables of strings and one date), atomically, and never
over a file that did not read back cleanly: a corrupt file is an error with its
line number, never silently replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz

from checker.errors import CheckerError
from checker.files import write_atomic
from checker.records import Finding

#: What an editor can decide about a finding.
STATUSES: tuple[str, ...] = ("confirmed", "false-positive", "fixed", "accepted")
#: The status of a finding no editor has decided.
NEW = "new"
#: What `checker check --fail-on` accepts.
FailOn = Literal["none", "new", "new-hard"]
FAIL_ON: tuple[str, ...] = ("none", "new", "new-hard")

#: The fields every entry of a decisions file must have.
DECISION_FIELDS: tuple[str, ...] = ("status", "note", "reviewer", "date")
#: The finding as it was when decided, written after the decision's own fields.
CONTEXT_FIELDS: tuple[str, ...] = (
    "scope",
    "kind",
    "severity",
    "src_lang",
    "tgt_lang",
    "src_value",
    "tgt_value",
    "src_normalized",
    "tgt_normalized",
    "src_section",
    "tgt_section",
    "src_sentence",
    "tgt_sentence",
)

#: How alike (rapidfuzz ``token_set_ratio``, 0-100) both sentences of a finding
#: must be to those stored with a decision for the decision to follow the
#: finding to a new id. High, because a wrong carry-over hides a finding.
CARRY_MIN_SIMILARITY = 85.0

DECISIONS_HEADER = """\
# Editors' decisions on checker's findings for one pair of articles.
#
# One table per finding, keyed by its finding_id and sorted by it. Written by
# `checker review` and `checker serve`; hand edits are fine while the file stays
# valid TOML, but comments other than this header are not kept: put the reason
# for a decision in its note.
#
#   status    confirmed       a real conflict, to be fixed in an article
#             false-positive  checker was wrong
#             fixed           an article was corrected (if the finding comes
#                             back, runs report it as regressed)
#             accepted        a known difference, left as is
#   note      why, in the editor's words
#   reviewer  who decided
#   date      when (YYYY-MM-DD)
#
# The other fields describe the finding as it was when decided, so that this
# file can be reviewed without running checker, and so that a decision still
# applies after an edit right next to a value changed the finding's id.
"""

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


# --- What is reviewed ----------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One current finding as the review stage sees it.

    Built from a `Finding` during a run, or from a record of a report's
    ``discrepancies.json`` when an editor reviews the last run without running
    the model again. ``finding`` is the original when there is one (a run), so
    the reports can show the decision's status on it.
    """

    finding_id: str
    scope: str
    kind: str
    severity: str
    confidence: float
    src_lang: str
    tgt_lang: str
    src_value: str
    tgt_value: str
    src_normalized: str
    tgt_normalized: str
    src_sentence: str
    tgt_sentence: str
    src_section: str
    tgt_section: str
    src_line: int
    tgt_line: int
    explanation: str
    slot: str | None = None
    finding: Finding | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_finding(cls, finding: Finding) -> ReviewItem:
        """The item for a finding of the current run (its id must be assigned)."""
        return cls(
            finding_id=finding.finding_id,
            scope=finding.scope,
            kind=finding.kind,
            severity=finding.severity,
            confidence=finding.confidence,
            src_lang=finding.src_lang,
            tgt_lang=finding.tgt_lang,
            src_value=finding.src_fact.text,
            tgt_value=finding.tgt_fact.text,
            src_normalized=finding.src_fact.normalized,
            tgt_normalized=finding.tgt_fact.normalized,
            src_sentence=finding.src_sentence.text,
            tgt_sentence=finding.tgt_sentence.text,
            src_section=finding.src_sentence.section,
            tgt_section=finding.tgt_sentence.section,
            src_line=finding.src_sentence.line,
            tgt_line=finding.tgt_sentence.line,
            explanation=finding.explanation,
            slot=finding.src_fact.slot or finding.tgt_fact.slot,
            finding=finding,
        )

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ReviewItem:
        """The item for one finding record of ``discrepancies.json``.

        Raises:
            KeyError, TypeError, ValueError: the record lacks a column.
        """
        return cls(
            finding_id=str(record["finding_id"]),
            scope=str(record.get("scope") or "cross"),
            kind=str(record["kind"]),
            severity=str(record["severity"]),
            confidence=float(record["confidence"]),
            src_lang=str(record["src_lang"]),
            tgt_lang=str(record["tgt_lang"]),
            src_value=str(record["src_value"]),
            tgt_value=str(record["tgt_value"]),
            src_normalized=str(record["src_normalized"]),
            tgt_normalized=str(record["tgt_normalized"]),
            src_sentence=str(record["src_sentence"]),
            tgt_sentence=str(record["tgt_sentence"]),
            src_section=str(record.get("src_section") or ""),
            tgt_section=str(record.get("tgt_section") or ""),
            src_line=int(record["src_line"]),
            tgt_line=int(record["tgt_line"]),
            explanation=str(record["explanation"]),
            slot=record.get("slot") or None,
        )

    def context(self) -> dict[str, str]:
        """The `CONTEXT_FIELDS` of this finding, as stored with a decision on it."""
        return {name: str(getattr(self, name)) for name in CONTEXT_FIELDS}

    def one_line(self) -> str:
        """``"cross date hard 1879 → 18 Desember 1878"``: what the finding is about."""
        return f"{self.scope} {self.kind} {self.severity} {self.src_value} → {self.tgt_value}"

    def where(self) -> str:
        """``"nb line 1 / id line 1"``: where an editor finds the two sentences."""
        return f"{self.src_lang} line {self.src_line} / {self.tgt_lang} line {self.tgt_line}"


@dataclass(frozen=True)
class Decision:
    """An editor's decision on one finding: one table of the decisions file.

    Attributes:
        finding_id: the id it was recorded under (the table's key).
        status: one of `STATUSES`.
        note: why, in the editor's words (may be empty).
        reviewer: who decided (a name or a role such as ``editor``).
        date: when.
        context: the finding as it was when decided (`CONTEXT_FIELDS`, any
            subset: hand-written entries may have none). Treat as read-only.
    """

    finding_id: str
    status: str
    note: str
    reviewer: str
    date: dt.date
    context: Mapping[str, str] = field(default_factory=dict)

    def fields(self) -> dict[str, str]:
        """The decision's own fields as plain strings (id, status, note, reviewer, ISO date)."""
        return {
            "finding_id": self.finding_id,
            "status": self.status,
            "note": self.note,
            "reviewer": self.reviewer,
            "date": self.date.isoformat(),
        }

    def describe(self) -> str:
        """``"confirmed by editor on 2025-01-15: the note"``."""
        text = f"{self.status} by {self.reviewer} on {self.date.isoformat()}"
        return f"{text}: {self.note}" if self.note else text

    def values(self) -> str:
        """``"1894 → 1895"`` from the stored context, or ``""`` when there is none."""
        src, tgt = self.context.get("src_value"), self.context.get("tgt_value")
        return f"{src} → {tgt}" if src is not None and tgt is not None else ""


@dataclass(frozen=True)
class Reviewed:
    """A current finding with the decision that applies to it, if any.

    ``stored_as`` is the id the decision is stored under when it differs from
    the finding's (the decision followed the finding to a new id, see
    `apply_decisions`).
    """

    item: ReviewItem
    decision: Decision | None = None
    stored_as: str | None = None

    @property
    def status(self) -> str:
        """The decision's status, or ``new``."""
        return self.decision.status if self.decision is not None else NEW

    @property
    def regressed(self) -> bool:
        """Decided ``fixed``, yet found again: the fix was undone."""
        return self.decision is not None and self.decision.status == "fixed"

    @property
    def shown_status(self) -> str:
        """What lists show: the status, or ``regressed`` for a fixed finding found again."""
        return "regressed" if self.regressed else self.status


@dataclass(frozen=True)
class ReviewOutcome:
    """Every current finding with its decision, and the decisions that found nothing.

    Attributes:
        reviewed: one entry per current finding, in the order given.
        resolved: decisions whose finding no longer appears, sorted by id: the
            articles no longer disagree there.
        findings: when built from `Finding` objects, those findings with
            ``review_status`` set (the decision's status, or ``new``).
    """

    reviewed: tuple[Reviewed, ...]
    resolved: tuple[Decision, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def new(self) -> tuple[Reviewed, ...]:
        """Findings with no decision."""
        return tuple(r for r in self.reviewed if r.decision is None)

    @property
    def regressed(self) -> tuple[Reviewed, ...]:
        """Findings decided ``fixed`` that appear again."""
        return tuple(r for r in self.reviewed if r.regressed)

    @property
    def decided(self) -> tuple[Reviewed, ...]:
        """Findings with a decision that still holds (regressed ones excluded)."""
        return tuple(r for r in self.reviewed if r.decision is not None and not r.regressed)

    @property
    def carried(self) -> tuple[Reviewed, ...]:
        """Decided findings whose decision is stored under an older id."""
        return tuple(r for r in self.reviewed if r.stored_as is not None)

    def counts(self) -> dict[str, int]:
        """``{"new": .., "regressed": .., "decided": .., "resolved": ..}``."""
        return {
            "new": len(self.new),
            "regressed": len(self.regressed),
            "decided": len(self.decided),
            "resolved": len(self.resolved),
        }

    def failures(self, fail_on: str) -> tuple[Reviewed, ...]:
        """The findings that fail the gate ``fail_on`` (see `FAIL_ON`).

        ``new``: undecided or regressed findings, cross or internal.
        ``new-hard``: the same, hard findings only. ``none``: nothing fails.

        >>> ReviewOutcome((), ()).failures("new")
        ()
        """
        if fail_on not in FAIL_ON:
            raise CheckerError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        if fail_on == "none":
            return ()
        failing = (r for r in self.reviewed if r.decision is None or r.regressed)
        if fail_on == "new-hard":
            return tuple(r for r in failing if r.item.severity == "hard")
        return tuple(failing)

    def find(self, finding_id: str) -> Reviewed | None:
        """The current finding with this id, if any."""
        for reviewed in self.reviewed:
            if reviewed.item.finding_id == finding_id:
                return reviewed
        return None


@dataclass(frozen=True)
class PairReview:
    """One pair's run as the gate, the Markdown summary and SARIF see it.

    Attributes:
        name: the pair's name (manifest) or a label for two files.
        src_path, tgt_path: the article files as given to the run.
        src_lang, tgt_lang: their languages (an internal finding's language
            says which of the two it is in).
        report_dir: where the run wrote its reports.
        decisions_path: the decisions file applied, or None when none was given.
        outcome: the review of the run's findings.
    """

    name: str
    src_path: str
    tgt_path: str
    src_lang: str
    tgt_lang: str
    report_dir: Path
    decisions_path: Path | None
    outcome: ReviewOutcome


# --- Applying decisions --------------------------------------------------------


def apply_decisions(
    findings: Sequence[Finding], decisions: Mapping[str, Decision]
) -> ReviewOutcome:
    """Apply editors' decisions to a run's findings.

    Every finding gets its decision's status as ``review_status`` (``new``
    without one); see `review_items` for how a decision is found.

    >>> apply_decisions((), {}).counts()
    {'new': 0, 'regressed': 0, 'decided': 0, 'resolved': 0}
    """
    outcome = review_items([ReviewItem.from_finding(f) for f in findings], decisions)
    updated = tuple(
        replace(r.item.finding, review_status=r.status)
        for r in outcome.reviewed
        if r.item.finding is not None
    )
    return replace(outcome, findings=updated)


def review_items(items: Sequence[ReviewItem], decisions: Mapping[str, Decision]) -> ReviewOutcome:
    """Match decisions to current findings.

    A decision applies to the finding with its id. A decision whose id is gone
    may still follow its finding to a new id, because the id is made of the
    words right next to each value (``checker.fingerprint``) and an edit of one
    of those words moves it. It does so only when the finding is otherwise the
    same: no decision under its own id, same scope, kind and languages, each
    value the same as written or as normalised, and both sentences alike
    (`CARRY_MIN_SIMILARITY`). Best matches are taken first; ties go by id, so
    the result does not depend on order. Decisions that match nothing are
    resolved.
    """
    by_id = {item.finding_id: item for item in items}
    matched: dict[str, tuple[Decision, str | None]] = {
        item.finding_id: (decisions[item.finding_id], None)
        for item in items
        if item.finding_id in decisions
    }
    orphans = [d for key, d in sorted(decisions.items()) if key not in by_id]
    undecided = [item for item in items if item.finding_id not in matched]
    candidates: list[tuple[float, float, str, str]] = []
    for decision in orphans:
        for item in undecided:
            score = carry_similarity(decision, item)
            if score is not None:
                candidates.append((-score[0], -score[1], decision.finding_id, item.finding_id))
    used_decisions: set[str] = set()
    for _, _, decision_id, item_id in sorted(candidates):
        if decision_id in used_decisions or item_id in matched:
            continue
        matched[item_id] = (decisions[decision_id], decision_id)
        used_decisions.add(decision_id)
    reviewed = tuple(
        Reviewed(item, *matched[item.finding_id]) if item.finding_id in matched else Reviewed(item)
        for item in items
    )
    resolved = tuple(d for d in orphans if d.finding_id not in used_decisions)
    return ReviewOutcome(reviewed=reviewed, resolved=resolved)


def carry_similarity(decision: Decision, item: ReviewItem) -> tuple[float, float] | None:
    """How alike a decision's stored finding and a current one are, or None if they differ.

    None unless scope, kind, languages and both values agree (as written or as
    normalised) and both sentences score at least `CARRY_MIN_SIMILARITY` by
    rapidfuzz's ``token_set_ratio``, which forgives added clauses. The result
    is that score and plain ``ratio``, both the lower of the two sentences':
    the second tells apart two candidates that both contain the stored sentence.
    """
    context = decision.context
    for name in ("scope", "kind", "src_lang", "tgt_lang"):
        if context.get(name) != getattr(item, name):
            return None
    for side in ("src", "tgt"):
        written = context.get(f"{side}_value")
        normalized = context.get(f"{side}_normalized")
        if written is None or normalized is None:
            return None
        if _nfc(written) != _nfc(getattr(item, f"{side}_value")) and normalized != getattr(
            item, f"{side}_normalized"
        ):
            return None
    set_scores, plain_scores = [], []
    for side in ("src", "tgt"):
        stored = context.get(f"{side}_sentence")
        if stored is None:
            return None
        old, new = _nfc(stored).casefold(), _nfc(getattr(item, f"{side}_sentence")).casefold()
        set_scores.append(fuzz.token_set_ratio(old, new))
        plain_scores.append(fuzz.ratio(old, new))
    if min(set_scores) < CARRY_MIN_SIMILARITY:
        return None
    return min(set_scores), min(plain_scores)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- Changing decisions --------------------------------------------------------


def decide(
    decisions: Mapping[str, Decision],
    outcome: ReviewOutcome,
    finding_id: str,
    status: str,
    *,
    note: str,
    reviewer: str,
    today: dt.date,
) -> dict[str, Decision]:
    """The decisions with one decision recorded (or replaced) for ``finding_id``.

    ``finding_id`` is a current finding's id, or the id of a stored decision
    whose finding is gone (an editor marks a confirmed finding ``fixed`` once
    the article was corrected). A decision that followed its finding to a new
    id is moved to that id. The context stored is the current finding's, or the
    old entry's for a gone finding.

    Raises:
        CheckerError: unknown status or id, or an empty reviewer.
    """
    check_status(status)
    if not reviewer.strip():
        raise CheckerError("the reviewer is empty; give --reviewer NAME (a name or a role)")
    updated = dict(decisions)
    current = outcome.find(finding_id)
    if current is None:
        # The old id of a decision that followed its finding: decide the finding.
        current = next((r for r in outcome.carried if r.stored_as == finding_id), None)
        finding_id = current.item.finding_id if current is not None else finding_id
    if current is not None:
        if current.stored_as is not None:
            updated.pop(current.stored_as, None)
        context: Mapping[str, str] = current.item.context()
    elif finding_id in decisions:
        context = decisions[finding_id].context
    else:
        raise CheckerError(
            f"no finding {finding_id} in the report or the decisions file; "
            "list them with `checker review`"
        )
    updated[finding_id] = Decision(
        finding_id, status, note.strip(), reviewer.strip(), today, dict(context)
    )
    return updated


def baseline(
    decisions: Mapping[str, Decision],
    outcome: ReviewOutcome,
    *,
    note: str,
    reviewer: str,
    today: dt.date,
) -> tuple[dict[str, Decision], tuple[str, ...]]:
    """Record every undecided current finding as ``accepted``, for a team adopting the gate.

    Decided findings (regressed ones included) are left as they are: this is
    the only place checker decides in bulk, and it never overrides an editor.

    Returns:
        The new decisions and the ids that were accepted.
    """
    if not note.strip():
        raise CheckerError(
            "--baseline needs --note saying why (e.g. 'findings present when the gate was adopted')"
        )
    updated = dict(decisions)
    accepted: list[str] = []
    for reviewed in outcome.new:
        item = reviewed.item
        updated[item.finding_id] = Decision(
            item.finding_id, "accepted", note.strip(), reviewer.strip(), today, item.context()
        )
        accepted.append(item.finding_id)
    return updated, tuple(sorted(accepted))


def prune(
    decisions: Mapping[str, Decision], outcome: ReviewOutcome
) -> tuple[dict[str, Decision], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Remove resolved decisions and move carried ones to their finding's new id.

    Resolved ``fixed`` decisions are kept: a fixed finding that is no longer
    found is the fix holding, and the entry is what reports it as regressed if
    the old text comes back. Delete such an entry by hand to drop it.

    Returns:
        The new decisions, the ids removed, and the ``(old, new)`` ids moved.
    """
    updated = dict(decisions)
    removed = tuple(d.finding_id for d in outcome.resolved if d.status != "fixed")
    for finding_id in removed:
        updated.pop(finding_id, None)
    moved: list[tuple[str, str]] = []
    for reviewed in outcome.carried:
        assert reviewed.decision is not None and reviewed.stored_as is not None
        new_id = reviewed.item.finding_id
        updated.pop(reviewed.stored_as, None)
        updated[new_id] = replace(
            reviewed.decision, finding_id=new_id, context=reviewed.item.context()
        )
        moved.append((reviewed.stored_as, new_id))
    return updated, removed, tuple(sorted(moved))


def check_status(status: str) -> None:
    """Raise a one-line `CheckerError` unless ``status`` is one of `STATUSES`."""
    if status not in STATUSES:
        raise CheckerError(f"status {status!r} is not one of {', '.join(STATUSES)}")


def resolve_id(finding_id: str, known: Iterable[str]) -> str:
    """The full id for an id or a unique prefix of one (``F-2b73`` for ``F-2b73a87d8b5b``).

    Raises:
        CheckerError: no id or more than one starts so.
    """
    ids = sorted(set(known))
    if finding_id in ids:
        return finding_id
    matches = [candidate for candidate in ids if candidate.startswith(finding_id)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CheckerError(
            f"{finding_id} matches {len(matches)} findings ({', '.join(matches[:3])}, ...); "
            "give more of the id"
        )
    raise CheckerError(
        f"no finding {finding_id} in the report or the decisions file; "
        "list them with `checker review`"
    )


def default_reviewer() -> str:
    """The reviewer recorded when none is given: git's ``user.name``.

    Raises:
        CheckerError: git is missing or has no user name.
    """
    try:
        completed = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        completed = None
    name = completed.stdout.strip() if completed is not None and completed.returncode == 0 else ""
    if not name:
        raise CheckerError(
            "no reviewer: give --reviewer NAME (a name or a role such as editor) "
            "or set `git config user.name`"
        )
    return name


# --- The decisions file ----------------------------------------------------------


def read_decisions(path: Path) -> dict[str, Decision]:
    """Read a decisions file; a missing file means no decisions yet.

    Raises:
        CheckerError: the file is not UTF-8, not TOML (with the line number), or
            an entry has a missing, unknown or mistyped field (named, with its
            line). The file is never changed.
    """
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CheckerError(
            f"{path} is not UTF-8 text; fix it or restore it from git (checker left it unchanged)"
        ) from None
    except OSError as exc:
        raise CheckerError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        where = f"line {position.group(1)}: " if position else ""
        reason = _TOML_POSITION.sub("", message).rstrip(".")
        raise CheckerError(
            f"{path}: {where}not valid TOML ({reason}); fix it by hand or restore it from git "
            "(checker left it unchanged)"
        ) from None
    decisions: dict[str, Decision] = {}
    for key, entry in raw.items():
        decisions[key] = _decision(path, text, key, entry)
    return decisions


def _decision(path: Path, text: str, key: str, entry: object) -> Decision:
    line = _entry_line(text, key)
    where = f"{path}: line {line}: entry [{key}]" if line else f"{path}: entry [{key}]"
    if not isinstance(entry, dict):
        raise CheckerError(f"{where} is not a table; each finding needs its own [F-...] table")
    for name in DECISION_FIELDS:
        if name not in entry:
            raise CheckerError(
                f"{where} has no {name!r}; every entry needs {', '.join(DECISION_FIELDS)}"
            )
    unknown = sorted(set(entry) - set(DECISION_FIELDS) - set(CONTEXT_FIELDS))
    if unknown:
        raise CheckerError(
            f"{where} has unknown field {unknown[0]!r}; allowed: "
            f"{', '.join(DECISION_FIELDS + CONTEXT_FIELDS)}"
        )
    for name, value in entry.items():
        if name != "date" and not isinstance(value, str):
            raise CheckerError(f"{where}: {name!r} must be a string")
    status = entry["status"]
    if status not in STATUSES:
        raise CheckerError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    date = entry["date"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise CheckerError(f"{where}: 'date' must be a date such as 2025-01-31")
    context = {name: entry[name] for name in CONTEXT_FIELDS if name in entry}
    return Decision(key, status, entry["note"], entry["reviewer"], date, context)


def _entry_line(text: str, key: str) -> int | None:
    """The 1-based line of the table header ``[key]``, for error messages."""
    headers = {f"[{key}]", f'["{key}"]', f"['{key}']"}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("#", 1)[0].strip().replace(" ", "") in headers:
            return number
    return None


def render_decisions(decisions: Mapping[str, Decision]) -> str:
    """The text of a decisions file: the header, then one table per finding, sorted by id.

    Deterministic: equal decisions give equal text, whoever writes them.

    >>> d = Decision("F-1", "accepted", 'old "fact"', "editor", dt.date(2025, 1, 2))
    >>> print(render_decisions({"F-1": d}).split("\\n\\n", 1)[1], end="")
    [F-1]
    status = "accepted"
    note = "old \\"fact\\""
    reviewer = "editor"
    date = 2025-01-02
    """
    parts = [DECISIONS_HEADER]
    for key in sorted(decisions):
        decision = decisions[key]
        lines = [
            f"[{_toml_key(key)}]",
            f"status = {_toml_string(decision.status)}",
            f"note = {_toml_string(decision.note)}",
            f"reviewer = {_toml_string(decision.reviewer)}",
            f"date = {decision.date.isoformat()}",
        ]
        lines += [
            f"{name} = {_toml_string(decision.context[name])}"
            for name in CONTEXT_FIELDS
            if name in decision.context
        ]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write_decisions(path: Path, decisions: Mapping[str, Decision]) -> None:
    """Write a decisions file atomically (see `write_atomic`).

    Raises:
        OutputError: the file cannot be written; the old one is unchanged.
    """
    write_atomic(path, render_decisions(decisions).encode("utf-8"))


def update_decisions(
    path: Path, change: Callable[[dict[str, Decision]], dict[str, Decision]]
) -> dict[str, Decision]:
    """Read the decisions file, apply ``change``, write the result; return it.

    Reading first means a corrupt file stops the update before anything is
    written. The file is written only when the decisions changed, so a no-op
    leaves its bytes (and git) alone.
    """
    before = read_decisions(path)
    after = change(dict(before))
    if after != before or not path.exists():
        write_decisions(path, after)
    return after


# --- The last report ---------------------------------------------------------------


@dataclass(frozen=True)
class ReportSnapshot:
    """The findings of the last run of a pair, read back from its ``discrepancies.json``.

    Attributes:
        items: the findings, in report order.
        run: the report's ``run`` object (paths, languages, input hashes).
        stale: input files that changed since the report was written.
    """

    items: tuple[ReviewItem, ...]
    run: Mapping[str, Any]
    stale: tuple[str, ...]


def read_report(report_dir: Path) -> ReportSnapshot:
    """Read the findings of a report folder for review.

    A pair's folder has ``discrepancies.json``; an article's folder (three or
    more editions) has ``outliers.json``, whose outliers are read the same way.

    Raises:
        CheckerError: no report there, or it is not one checker wrote.
    """
    path = report_dir / "discrepancies.json"
    if not path.is_file() and (report_dir / "outliers.json").is_file():
        # An article's folder: its outliers are reviewed like a pair's findings.
        path = report_dir / "outliers.json"
    if not path.is_file():
        raise CheckerError(f"no report at {path}; run `checker check` first (or give --report DIR)")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        items = tuple(ReviewItem.from_record(record) for record in document["findings"])
        run = dict(document["run"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckerError(
            f"{path} is not a checker report ({type(exc).__name__}: {exc}); "
            "run `checker check` again"
        ) from None
    inputs = [(run.get(f"{side}_path", ""), run.get(f"{side}_sha256")) for side in ("src", "tgt")]
    editions = run.get("editions")
    if isinstance(editions, dict):
        inputs = [(e.get("path", ""), e.get("sha256")) for e in editions.values()]
    stale = []
    for name, expected in inputs:
        article = Path(str(name))
        if name and article.is_file():
            digest = hashlib.sha256(article.read_bytes()).hexdigest()
            if digest != expected:
                stale.append(str(article))
    return ReportSnapshot(items=items, run=run, stale=tuple(stale))
