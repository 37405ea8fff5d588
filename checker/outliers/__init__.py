"""Outliers: a fact that three or more editions state, where one edition disagrees with the rest.

A pair report says that two editions disagree, not which one to fix. With a
third edition there is a majority: when the Norwegian edition gives 1879 for
the birth and the Indonesian and English editions both give 18 December 1878,
the Norwegian one is the edition to look at first. This module finds such
cases from the pair results alone (``CheckResult``, one per pair of editions):

1. Each cross finding between editions X and Y is a fact both state.
2. For every other edition Z, Z's statement of that fact is looked up in the
   results of the pairs X–Z and Y–Z: a finding on X's or Y's fact (the
   comparator already judged it the same fact), or a fact of a sentence
   aligned with X's or Y's sentence (same kind, comparable slots, see
   `same_fact`). Z sides with X when its value agrees with X's and not Y's
   (``checker.compare.facts_agree``), and with Y the other way round.
3. X is an outlier when at least one other edition sides with Y, none sides
   with X, and none gives a third value (a finding whose value agrees with
   neither: then there is no majority to speak of).

Everything here is language-blind: values are the extractors' language-neutral
ones, and languages appear only by code and, in explanations, by the name in
their data file.

The same outlier is usually found from several findings (nb–id and nb–en both
report the Norwegian year): outliers with one id are one outlier.

The package is split by what each part owns: ``model`` (the records and the
shown statement), ``find`` (looking facts up across the editions and deciding
which one is odd), ``build`` (one outlier's id and fields, merging repeats),
``explain`` (its English sentence) and ``items`` (outliers as review items).
"""

from __future__ import annotations

from checker.outliers.build import build_outlier, outlier_id
from checker.outliers.explain import explain, shown_parts
from checker.outliers.find import MIN_ALIGNMENT, FactsOf, find_outliers, same_fact
from checker.outliers.items import outlier_item, outlier_items
from checker.outliers.model import ID_HEX, ID_PREFIX, SCOPE, EditionFact, Outlier, representative

__all__ = [
    "ID_HEX",
    "ID_PREFIX",
    "MIN_ALIGNMENT",
    "SCOPE",
    "EditionFact",
    "FactsOf",
    "Outlier",
    "build_outlier",
    "explain",
    "find_outliers",
    "outlier_id",
    "outlier_item",
    "outlier_items",
    "representative",
    "same_fact",
    "shown_parts",
]
