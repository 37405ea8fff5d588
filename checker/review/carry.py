"""Carry-over: when a decision follows its finding to a new id.

A finding's id is made of what it is and, to tell apart otherwise equal
findings, of the words right next to its values (``checker.fingerprint``), so
an edit of such a word moves the id. `carry_similarity` says whether a
decision stored under an id that is gone still describes a current finding:
same scope, kind, languages and values, and both sentences alike
(`CARRY_MIN_SIMILARITY`); `checker.review.items.review_items` takes the best
matches first.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from checker.review.items import Decision, ReviewItem


#: How alike (rapidfuzz ``token_set_ratio``, 0-100) both sentences of a finding
#: must be to those stored with a decision for the decision to follow the
#: finding to a new id. High, because a wrong carry-over hides a finding.
CARRY_MIN_SIMILARITY = 85.0


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
