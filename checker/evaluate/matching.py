"""The gold set's matching rule on texts: normalising, and when two sentences match.

`sentences_match` is the rule as the README states it; `_SentenceIndex` is
the same rule for matching many gold sentences against a report's sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

#: ``fuzz.ratio`` at or above which two sentences match (README: "at least 90").
MATCH_RATIO = 90.0

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC, white space collapsed to single spaces, ends trimmed.

    >>> normalize_text("  Gori,\\u00a0 1878\\n")
    'Gori, 1878'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def sentences_match(a: str, b: str) -> bool:
    """The README's matching rule on two already normalised sentences.

    >>> sentences_match("Han ble født i 1878.", "Han ble født i 1878. Senere flyttet han.")
    True
    >>> sentences_match("", "Han ble født i 1878.")
    False
    """
    if not a or not b:
        return False
    return a in b or b in a or fuzz.ratio(a, b, score_cutoff=MATCH_RATIO) >= MATCH_RATIO


class _SentenceIndex:
    """Report sentences, deduplicated, for matching many gold sentences against.

    Containment settles most matches cheaply; only the sentences it leaves are
    scored with ``fuzz.ratio``, through ``process.extract`` with a cutoff so
    that hopeless candidates (very different lengths) are skipped early.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._rows: dict[str, list[int]] = {}
        for row, text in enumerate(texts):
            if text:
                self._rows.setdefault(text, []).append(row)
        self._texts = list(self._rows)

    def rows_matching(self, gold: str) -> set[int]:
        """Indices of the rows whose sentence matches ``gold`` (none for an empty ``gold``)."""
        if not gold:
            return set()
        contained: list[str] = []
        rest: list[str] = []
        for text in self._texts:
            (contained if gold in text or text in gold else rest).append(text)
        fuzzy = process.extract(gold, rest, scorer=fuzz.ratio, score_cutoff=MATCH_RATIO, limit=None)
        rows: set[int] = set()
        for text in contained + [choice for choice, _score, _index in fuzzy]:
            rows.update(self._rows[text])
        return rows
