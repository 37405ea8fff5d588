"""Figures doubled or halved, in digits or in words, written as the article writes figures.

The article's own separators (`number_style`) and the language's number words
(`NumberWords`, from the data file's ``[numbers]``) make a change look like its
neighbours, so that a miss is the checker's, not a renderer's.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from checker.extract import extract_facts
from checker.languages import LanguageData
from checker.mutate.facts import Edit, holds_figure, most_common
from checker.records import Fact, NumberInterval

_SPACES = " \u00a0\u202f"


@dataclass(frozen=True)
class NumberStyle:
    """How an article writes figures: its decimal symbol and thousands separator.

    ``group_four`` says whether four-digit figures are grouped too ("1.710").
    """

    decimal: str
    group: str
    group_four: bool


def number_style(article_facts: Sequence[Sequence[Fact]], lang: LanguageData) -> NumberStyle:
    """The article's own way of writing figures, from the figures it writes.

    CLDR's symbols (through Babel) are the fallback; the article wins, since
    "325.000" and "250 000" both occur in Norwegian text and a mutation should
    look like its neighbours.
    """
    decimal = get_decimal_symbol(lang.babel_locale)
    separators: Counter[str] = Counter()
    four_grouped = four_plain = 0
    grouped = re.compile(r"^\d{1,3}(?:([.,\u00a0\u202f ])\d{3})+$")
    for facts in article_facts:
        for fact in facts:
            if fact.kind != "number":
                continue
            for token in re.findall(r"\d[\d.,\u00a0\u202f ]*\d|\d", fact.text):
                match = grouped.match(token)
                if match and match.group(1) != decimal:
                    separators[match.group(1)] += 1
                    four_grouped += len(token) == 5
                elif token.isdigit() and len(token) == 4:
                    four_plain += 1
    group = most_common(separators) if separators else get_group_symbol(lang.babel_locale)
    return NumberStyle(decimal=decimal, group=group, group_four=four_grouped >= four_plain > 0)


@dataclass(frozen=True)
class NumberWords:
    """A language's number words, from its data file's ``[numbers]`` grammar.

    ``scales`` multiply the count before them ("dua puluh", "seks millioner"),
    ``adders`` add to a digit before them ("lima belas"), ``scales_alone`` are
    a number on their own ("tusen"), ``joiners`` join parts ("twenty-six").
    """

    values: Mapping[str, float]
    one_words: tuple[str, ...]
    scales: Mapping[str, float]
    scales_alone: frozenset[str]
    adders: Mapping[str, float]
    joiners: tuple[str, ...]

    @classmethod
    def of(cls, lang: LanguageData) -> NumberWords:
        numbers = lang.section("numbers")

        def table(key: str) -> dict[str, float]:
            raw: Any = numbers.get(key, {})
            return {str(k).lower(): float(v) for k, v in raw.items()}

        def strings(key: str) -> tuple[str, ...]:
            raw: Any = numbers.get(key, [])
            return tuple(str(v).lower() for v in raw)

        return cls(
            values=table("words"),
            one_words=strings("one_words"),
            scales=table("scales"),
            scales_alone=frozenset(strings("scales_alone")),
            adders=table("adders"),
            joiners=strings("joiners"),
        )

    def patterns(self, decimal: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """A figure's core in digits (with a scale word after it) and in words."""

        def alternation(words: Iterable[str]) -> str:
            ordered = sorted(set(words), key=lambda w: (-len(w), w))
            return "|".join(re.escape(w) for w in ordered) or r"(?!x)x"

        scale = alternation(self.scales)
        digits = re.compile(
            rf"(?<![\w.,])(?P<mantissa>\d{{1,3}}(?:[.,\u00a0\u202f ]\d{{3}})+"
            rf"(?:{re.escape(decimal)}\d+)?|\d+(?:{re.escape(decimal)}\d+)?)"
            rf"(?:\s+(?P<scale>{scale})(?!\w))?(?![\w,.]\d)",
            re.IGNORECASE,
        )
        token = alternation([*self.values, *self.one_words, *self.scales, *self.adders])
        joiner = alternation(j for j in self.joiners if j != "-")
        words = re.compile(
            rf"(?<![\w-])(?:{token})(?:(?:\s+(?:{joiner}))?(?:\s+|-)(?:{token}))*(?![\w-])",
            re.IGNORECASE,
        )
        return digits, words

    def render(self, value: int, scale_word: str | None = None, was: float = 0.0) -> str | None:
        """``value`` in words ("enam", "delapan belas", "dua puluh enam", "tolv millioner").

        ``scale_word`` is the scale the text used, reused when it divides the
        value; ``was`` the count before it, so that its number changes only when
        the count crosses one ("en million", "to millioner"). None when the
        data cannot write the value.
        """
        if scale_word is not None:
            scale = self.scales.get(scale_word.lower())
            if scale and value % scale == 0 and value >= scale:
                count = int(value // scale)
                head = self._count(count)
                if head is not None:
                    crossing = (was > 1) != (count > 1)
                    word = self.scale_word(scale_word, scale, count) if crossing else scale_word
                    return f"{head} {word}"
        return self._words(value)

    def _count(self, count: int) -> str | None:
        if count == 1:
            return self.one_words[0] if self.one_words else None
        return self._words(count)

    def _words(self, value: int) -> str | None:
        for word, number in self.values.items():
            if number == value:
                return word
        for word, added in sorted(self.adders.items(), key=lambda item: (-item[1], item[0])):
            unit = value - int(added)
            if 1 < unit < added and self._direct(unit) is not None:
                return f"{self._direct(unit)} {word}"
        for word, scale in sorted(self.scales.items(), key=lambda item: (-item[1], item[0])):
            if scale <= 1 or value < scale or word.endswith("."):
                continue
            count, rest = divmod(value, int(scale))
            if count == 1 and word in self.scales_alone:
                head: str | None = word
            else:
                counted = self._count(count)
                head = (
                    None if counted is None else f"{counted} {self.scale_word(word, scale, count)}"
                )
            if head is None:
                continue
            if not rest:
                return head
            tail = self._words(rest)
            return f"{head} {tail}" if tail is not None else None
        if "-" in self.joiners:
            # "twenty-six": a tens word, a hyphen, a unit.
            tens = int(
                max((n for n in self.values.values() if n % 10 == 0 and 10 < n < value), default=0)
            )
            ones = self._direct(value - tens) if tens and value - tens < 10 else None
            if ones is not None:
                return f"{self._direct(tens)}-{ones}"
        return None

    def _direct(self, value: int) -> str | None:
        return next((w for w, n in self.values.items() if n == value), None)

    def scale_word(self, used: str, scale: float, count: int) -> str:
        """The scale word in the number the count needs: "en million", "to millioner".

        Of the data's words for the same scale that share the used word's start
        (million/millioner, millón/millones), the shortest is taken for one and
        the longest for more; an abbreviation ("mill.") stays as it is.
        """
        base = used.lower()
        if base.endswith("."):
            return used
        same = [w for w, s in self.scales.items() if s == scale and not w.endswith(".")]
        related = [w for w in same if w[:4] == base[:4]] or [base]
        if count == 1:
            return min(related, key=lambda w: (len(w), w))
        return max(related, key=lambda w: (len(w), w))


def _digits_value(text: str, decimal: str) -> float | None:
    integer, _, fraction = text.partition(decimal)
    integer = "".join(ch for ch in integer if ch.isdigit())
    if not integer:
        return None
    return float(f"{integer}.{fraction}" if fraction else integer)


def _render_digits(value: float, style: NumberStyle, original: str, scaled: bool) -> str | None:
    """A figure in digits, grouped and with decimals the way the article writes them."""
    if not value.is_integer():
        if not scaled:
            return None
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        if len(text.partition(".")[2]) > 2:
            return None
        return text.replace(".", style.decimal)
    number = int(value)
    own = next((ch for ch in original if ch in ".," + _SPACES and ch != style.decimal), None)
    group = own or style.group
    digits = str(number)
    if number < 1000 or (number < 10000 and not (own or style.group_four)):
        return digits
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return group.join(reversed(groups))


def _match_case(new: str, old: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def mutate_figure(
    fact: Fact, rng: random.Random, words: NumberWords, style: NumberStyle, lang: LanguageData
) -> list[tuple[Edit, float]]:
    """Double or halve a point figure or bound, written as the article writes figures.

    Returns the edits to try in turn (doubled or halved first, at random),
    each with the figure it makes; none when the figure is a range, or
    neither can be written in its style (a percentage over 100, 6.5 people).
    """
    value = fact.value
    if not isinstance(value, NumberInterval):
        return []
    if value.low != value.high and not (value.at_least or value.at_most):
        return []
    figure = value.low if value.at_least or value.low == value.high else value.high
    digit_pattern, word_pattern = words.patterns(style.decimal)
    digit_cores = list(digit_pattern.finditer(fact.text))
    # A scale word after digits ("1,5 millioner") belongs to the digits.
    word_cores = [
        m
        for m in word_pattern.finditer(fact.text)
        if not any(m.start() < d.end() and d.start() < m.end() for d in digit_cores)
    ]
    factors = [2.0, 0.5] if rng.random() < 0.5 else [0.5, 2.0]
    options: list[tuple[Edit, float]] = []
    if len(digit_cores) == 1 and not word_cores:
        core = digit_cores[0]
        mantissa_text, scale_text = core.group("mantissa"), core.group("scale")
        scale = words.scales[scale_text.lower()] if scale_text else 1.0
        mantissa = _digits_value(mantissa_text, style.decimal)
        if mantissa is None or mantissa * scale != figure:
            return []
        for factor in factors:
            new = mantissa * factor
            if (scale_text and new < 1) or (value.unit == "percent" and new * scale > 100):
                continue
            digits = _render_digits(new, style, mantissa_text, bool(scale_text))
            if digits is None:
                continue
            if scale_text:
                crossing = (mantissa > 1) != (new > 1)
                word = (
                    words.scale_word(scale_text, scale, 2 if new > 1 else 1)
                    if crossing
                    else scale_text
                )
                digits += " " + _match_case(word, scale_text)
            end = core.end() if scale_text else core.end("mantissa")
            edit = Edit(fact.start + core.start(), fact.start + end, digits)
            options.append((edit, new * scale))
        return options
    if len(word_cores) != 1 or digit_cores:
        return []
    core = word_cores[0]
    # The words must be the figure: read alone, they give the same value.
    alone = [f for f in extract_facts(core.group(0), lang) if f.kind == "number"]
    if len(alone) != 1 or not holds_figure(alone[0], figure):
        return []
    last = re.split(r"[\s-]+", core.group(0))[-1]
    scale_word = last if last.lower() in words.scales else None
    was = figure / words.scales[last.lower()] if scale_word else figure
    for factor in factors:
        new = figure * factor
        if not new.is_integer() or (value.unit == "percent" and new > 100):
            continue
        rendered = words.render(int(new), scale_word, was)
        if rendered is None:
            continue
        edit = Edit(
            fact.start + core.start(), fact.start + core.end(), _match_case(rendered, core.group(0))
        )
        options.append((edit, new))
    return options
