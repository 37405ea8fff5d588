"""Outliers as review items: the review stage sees an outlier like a pair finding."""

from __future__ import annotations

from collections.abc import Sequence

from checker.outliers.model import SCOPE, Outlier
from checker.review import ReviewItem


def outlier_items(outliers: Sequence[Outlier]) -> list[ReviewItem]:
    """The outliers as the review stage sees findings: the outlier edition as source.

    The target side is the majority's shown statement, so a decision stores
    both values and sentences like a pair finding's, and follows its outlier
    to a new id the same way (``checker.review.review_items``).
    """
    return [outlier_item(outlier) for outlier in outliers]


def outlier_item(outlier: Outlier) -> ReviewItem:
    """One outlier as a `ReviewItem` with scope ``outlier``."""
    odd, shown = outlier.outlier, outlier.majority_fact
    return ReviewItem(
        finding_id=outlier.finding_id,
        scope=SCOPE,
        kind=outlier.kind,
        severity=outlier.severity,
        confidence=outlier.confidence,
        src_lang=odd.lang,
        tgt_lang=shown.lang,
        src_value=odd.fact.text,
        tgt_value=shown.fact.text,
        src_normalized=odd.fact.normalized,
        tgt_normalized=shown.fact.normalized,
        src_sentence=odd.sentence.text,
        tgt_sentence=shown.sentence.text,
        src_section=odd.sentence.section,
        tgt_section=shown.sentence.section,
        src_line=odd.sentence.line,
        tgt_line=shown.sentence.line,
        explanation=outlier.explanation,
        slot=outlier.slot,
    )
