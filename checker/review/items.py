"""What the review stage works on: review items, decisions, and the outcome of applying them.

A `ReviewItem` is one current finding (from a run, or read back from a
report); a `Decision` is an editor's decision on a finding (one table of the
decisions file); `apply_decisions` and `review_items` match the two into a
`ReviewOutcome` of `Reviewed` findings and resolved decisions, following a
decision to its finding when the finding's id moved (`checker.review.carry`).
`PairReview` is one pair's run as the gate, the summary and SARIF see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from checker.records import Finding
from checker.review.carry import carry_similarity
from checker.review.gate import failing

#: What an editor can decide about a finding.
STATUSES: tuple[str, ...] = ("confirmed", "false-positive", "fixed", "accepted")
#: The status of a finding no editor has decided.
NEW = "new"

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
        """The item for a finding of the current run (its id must be assigned).

        Made from the finding's report record (``checker.report.finding_record``),
        so an item of a run and the same item read back from its report are
        equal: one flattening of a finding, used by the files and the review.
        """
        from checker.report.records import finding_record

        return replace(cls.from_record(finding_record(finding)), finding=finding)

    def record(self) -> dict[str, Any]:
        """The item's fields, each a column of the report record (for the review page)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "finding"}

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
        """The findings that fail the gate ``fail_on`` (see `checker.review.gate.FAIL_ON`).

        ``new``: undecided or regressed findings, cross or internal.
        ``new-hard``: the same, hard findings only. ``none``: nothing fails.

        >>> ReviewOutcome((), ()).failures("new")
        ()
        """
        return failing(self.reviewed, fail_on)

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
