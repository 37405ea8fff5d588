"""Tokens with offsets, and matching of data-file phrases against them.

The extractors look left and right of a value for words such as "omtrent",
"lebih dari" or "mill.". Matching those phrases token by token (rather than
with one regular expression per phrase) lets the data files list plain
phrases, and keeps every match tied to character offsets in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

TokenKind = Literal["word", "number", "punct"]

# A number is digits with inner dots or commas ("700.000", "1,5"); a word is a
# run of letters; anything else that is not a space is one punctuation token.
_TOKEN = re.compile(r"(?P<number>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+)|(?P<punct>\S)")


@dataclass(frozen=True)
class Token:
    """One token of a text: its exact text, character offsets and kind."""

    text: str
    start: int
    end: int
    kind: TokenKind

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word, number and punctuation tokens with offsets.

    >>> [t.text for t in tokenize("ca. 1,5 mill.")]
    ['ca', '.', '1,5', 'mill', '.']
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind: TokenKind = "number" if match.group("number") else (
            "word" if match.group("word") else "punct"
        )
        tokens.append(Token(match.group(), match.start(), match.end(), kind))
    return tokens


@cache
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The lower-cased token texts of a data-file phrase ("ca." -> ("ca", "."))."""
    return tuple(t.lower for t in tokenize(phrase))


def match_at(tokens: Sequence[Token], index: int, phrases: Iterable[str]) -> tuple[str, int] | None:
    """The first phrase that starts at ``tokens[index]``, with the index just after it.

    Phrases should be sorted longest first; the first that matches wins.
    """
    for phrase in phrases:
        parts = phrase_tokens(phrase)
        end = index + len(parts)
        if parts and end <= len(tokens) and all(
            tokens[index + k].lower == part for k, part in enumerate(parts)
        ):
            return phrase, end
    return None


def match_before(
    tokens: Sequence[Token], index: int, phrases: Iterable[str]
) -> tuple[str, int] | None:
    """The first phrase that ends just before ``tokens[index]``, with its first index."""
    for phrase in phrases:
        parts = phrase_tokens(phrase)
        begin = index - len(parts)
        if parts and begin >= 0 and all(
            tokens[begin + k].lower == part for k, part in enumerate(parts)
        ):
            return phrase, begin
    return None


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regular-expression alternation of phrases, spaces matching any white space.

    Longest first, so that the longest phrase wins; empty when there are none
    (callers must then leave the alternative out).
    """
    escaped = [
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(set(phrases), key=lambda p: (-len(p), p))
        if phrase.strip()
    ]
    return "|".join(escaped)
