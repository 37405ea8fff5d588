"""Score a written report against a hand-labelled gold set.

The rules are those of ``eval/gold/README.md`` (the development gold set
shipped with the project), applied to the report's files (``alignment.csv``,
``discrepancies.csv``) exactly as the held-out scoring reads them, so that
figures printed here compare with the held-out ones:

- texts are compared after Unicode NFC and collapsing white space;
- a report sentence *matches* a gold sentence when one contains the other or
  their ``rapidfuzz.fuzz.ratio`` is at least 90;
- a gold pair is *found* when one ``alignment.csv`` row matches both its sentences;
- a ``cross`` conflict is found when one ``discrepancies.csv`` row with
  ``src_lang != tgt_lang`` has ``src_quote`` inside ``src_sentence`` and
  ``tgt_quote`` inside ``tgt_sentence``; an ``internal`` one when a row with
  ``src_lang == tgt_lang`` holds the two quotes in its two sentences, in either
  order; a finding's own kind and severity do not matter;
- a *false alarm* is a gold pair with verdict ``agree`` on whose two sentences
  (by the matching rule) a cross finding sits.

One reading the README leaves open is fixed here: an empty report sentence
matches nothing (it would otherwise "contain" in every gold sentence).

The package is split by what each part owns: ``matching`` (the text rules),
``gold`` (reading the gold files), ``score`` (reading the report and the
figures) and ``printing`` (the table).
"""

from __future__ import annotations

from checker.evaluate.gold import GoldConflict, GoldPair, read_gold_conflicts, read_gold_pairs
from checker.evaluate.matching import MATCH_RATIO, normalize_text, sentences_match
from checker.evaluate.printing import format_evaluation
from checker.evaluate.score import Evaluation, Tally, evaluate

__all__ = [
    "MATCH_RATIO",
    "Evaluation",
    "GoldConflict",
    "GoldPair",
    "Tally",
    "evaluate",
    "format_evaluation",
    "normalize_text",
    "read_gold_conflicts",
    "read_gold_pairs",
    "sentences_match",
]
