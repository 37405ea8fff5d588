"""What mutations read from facts (a bare figure, a name's tokens, the values stated), and an edit.

Shared by the site chooser and the renderers, so that "states the same value"
means the same thing when a site is chosen and when a change is checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.records import Fact, NameKey, NumberInterval

#: Two name tokens are the same name when their keys are this similar (rapidfuzz ratio).
NAME_TOKEN_RATIO = 80.0


def bare_figure(fact: Fact) -> str:
    """A figure without its approximation or bound marks: "~40" and ">=40" state 40."""
    return fact.normalized.lstrip("~<>=")


def dates_agree(a: str, b: str) -> bool:
    """Equal, or one date refines the other ("1878" and "1878-12-18"): not a conflict."""
    if ".." in a or ".." in b or a.endswith("s") or b.endswith("s"):
        return a == b
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def tokens_match(a: str, b: str) -> bool:
    """Two name-key tokens name the same: equal, or alike past a spelling ("hrushev")."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= NAME_TOKEN_RATIO


def name_tokens(fact: Fact) -> tuple[str, ...]:
    """A name fact's key tokens, the surname last."""
    value = fact.value
    return value.tokens if isinstance(value, NameKey) else tuple(fact.normalized.split())


def holds_figure(fact: Fact, figure: float) -> bool:
    """Whether a figure fact states ``figure`` as its point or as a bound."""
    value = fact.value
    return isinstance(value, NumberInterval) and figure in (value.low, value.high)


def most_common(counts: Counter[str]) -> str:
    """The most frequent text, the alphabetically first of a tie (deterministic)."""
    return min(counts, key=lambda text: (-counts[text], text))


def stated_values(facts: Iterable[Fact]) -> frozenset[str]:
    """The years, figures and name keys some facts state ("year:1917", "number:40", "name:lenin").

    A mutation must not make a value the pair already states there: "1919"
    moved to "1917" beside a source sentence that names 1917 plants no conflict.
    """
    values: set[str] = set()
    for fact in facts:
        if fact.kind == "date":
            values.update("year:" + year for year in re.findall(r"\d{4}", fact.normalized))
        elif fact.kind == "number":
            values.add("number:" + bare_figure(fact))
        else:
            values.update("name:" + token for token in name_tokens(fact))
    return frozenset(values)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of a sentence with ``new``."""

    start: int
    end: int
    new: str
