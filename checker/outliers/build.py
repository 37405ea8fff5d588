"""Building one outlier from its statements and pair findings: its id, and merging repeats.

The same outlier is usually found from several findings; `merge_outliers`
makes one of two finds with the same id, and `outlier_order` sorts them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace

from checker.outliers.explain import explain
from checker.outliers.model import ID_HEX, ID_PREFIX, EditionFact, Outlier, representative
from checker.records import Fact, Finding


def build_outlier(
    odd: EditionFact, majority: Sequence[EditionFact], findings: Sequence[Finding]
) -> Outlier:
    """The outlier of ``odd`` against ``majority``, from the pair findings behind it."""
    members = tuple(sorted(_one_per_lang(majority), key=lambda e: e.lang))
    shown = representative(members)
    slot = odd.fact.slot or next((e.fact.slot for e in members if e.fact.slot), None)
    return Outlier(
        finding_id=outlier_id(odd.fact.kind, slot, odd.lang, odd.fact, shown.fact),
        kind=odd.fact.kind,
        slot=slot,
        severity="hard" if any(f.severity == "hard" for f in findings) else "soft",
        confidence=max(f.confidence for f in findings),
        outlier=odd,
        majority=members,
        explanation=explain(odd, members),
        pair_findings=tuple(sorted({f.finding_id for f in findings if f.finding_id})),
    )


def _one_per_lang(statements: Sequence[EditionFact]) -> list[EditionFact]:
    seen: dict[str, EditionFact] = {}
    for statement in statements:
        seen.setdefault(statement.lang, statement)
    return list(seen.values())


def outlier_id(kind: str, slot: str | None, lang: str, odd: Fact, shown: Fact) -> str:
    """A stable id from what the outlier is about, never from where it stands.

    Made of the kind, the slot, the outlier's language and the two normalised
    values, so it survives edits of the sentences (and of line numbers); a
    changed value makes a new outlier, as a changed value makes a new finding.

    >>> from checker.records import PartialDate
    >>> outlier_id("date", "birth", "nb", Fact("date", "1879", 0, 4, PartialDate(1879)),
    ...            Fact("date", "1878", 0, 4, PartialDate(1878)))[:2]
    'O-'
    """
    parts = {
        "kind": kind,
        "slot": slot,
        "lang": lang,
        "outlier": odd.normalized,
        "majority": shown.normalized,
    }
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return ID_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:ID_HEX]


def merge_outliers(first: Outlier, second: Outlier) -> Outlier:
    """One outlier found twice: every edition that agrees, every finding behind it."""
    majority = {e.lang: e for e in second.majority} | {e.lang: e for e in first.majority}
    members = tuple(sorted(majority.values(), key=lambda e: e.lang))
    return replace(
        first,
        majority=members,
        severity="hard" if "hard" in (first.severity, second.severity) else "soft",
        confidence=max(first.confidence, second.confidence),
        explanation=explain(first.outlier, members),
        pair_findings=tuple(sorted({*first.pair_findings, *second.pair_findings})),
    )


def outlier_order(outlier: Outlier) -> tuple[str, int, int, str]:
    """How outliers are sorted: the outlier edition, its line and position, then the id."""
    return (
        outlier.outlier.lang,
        outlier.outlier.sentence.line,
        outlier.outlier.fact.start,
        outlier.finding_id,
    )
