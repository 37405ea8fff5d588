"""One value of a sentence changed (a year moved, a figure doubled, a person swapped), and checked.

A change is kept only when the extractor reads it as a new value of the same
kind (`mutate_fact`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checker.extract import extract_facts
from checker.languages import LanguageData
from checker.mutate.facts import Edit, holds_figure, name_tokens, stated_values
from checker.mutate.figures import NumberStyle, NumberWords, mutate_figure, number_style
from checker.mutate.names import Person, find_persons, swap_person
from checker.records import DateRange, Fact

#: How far a year moves, either way.
YEAR_SHIFTS: tuple[int, ...] = (-7, -6, -5, -4, -3, -2, 2, 3, 4, 5, 6, 7)


_YEAR = re.compile(r"(?<![\d.,])(1\d{3}|20\d{2})(?![\d])")


def mutate_year(fact: Fact, rng: random.Random, latest: int) -> list[Edit]:
    """Move the one year of a date by 2-7 either way: the edits to try, in random order.

    A year is never moved past ``latest`` (the article's latest year), and a
    decade is left alone ("1933-an" is no decade).
    """
    if fact.normalized.endswith("s"):
        return []
    years = list(_YEAR.finditer(fact.text))
    if len(years) != 1:
        return []
    year = int(years[0].group(1))
    shifts = [shift for shift in YEAR_SHIFTS if year + shift <= latest]
    rng.shuffle(shifts)
    start, end = fact.start + years[0].start(), fact.start + years[0].end()
    return [Edit(start, end, str(year + shift)) for shift in shifts]


@dataclass(frozen=True)
class Change:
    """One value changed in one sentence.

    Attributes:
        text: the changed sentence.
        start, end: the replacement's span in ``text``.
        original, replacement: the text replaced and the text put there.
        fact: the fact the extractor reads on the replacement.
    """

    text: str
    start: int
    end: int
    original: str
    replacement: str
    fact: Fact


@dataclass(frozen=True)
class MutationContext:
    """What a mutation of the target article needs to know of the pair.

    Attributes:
        lang: the target article's language data.
        words: its number words and scales.
        style: how the target article writes figures.
        persons: the people it names, by surname key (see `find_persons`).
        latest: the latest year it mentions; a year is never moved past it.
    """

    lang: LanguageData
    words: NumberWords
    style: NumberStyle
    persons: Mapping[str, Person]
    latest: int

    @classmethod
    def of(
        cls,
        src_facts: Sequence[Sequence[Fact]],
        tgt_facts: Sequence[Sequence[Fact]],
        lang: LanguageData,
    ) -> MutationContext:
        """Built from the facts of every sentence of both articles."""
        years = [
            int(y)
            for facts in tgt_facts
            for f in facts
            if f.kind == "date"
            for y in _YEAR.findall(f.text)
        ]
        return cls(
            lang=lang,
            words=NumberWords.of(lang),
            style=number_style(tgt_facts, lang),
            persons=find_persons(src_facts, tgt_facts, lang),
            latest=max(years, default=2000),
        )


def mutate_fact(
    text: str,
    fact: Fact,
    rng: random.Random,
    context: MutationContext,
    avoid: frozenset[str] = frozenset(),
) -> Change | None:
    """Change one value of a sentence: the changed sentence and the fact read from it.

    The change is kept only when extracting the changed sentence gives one
    fact of the same kind on it with another value (the intended figure, the
    intended person): a change the extractor misreads would measure the
    renderer, not the checker. ``avoid`` holds the values (`stated_values`)
    the change must not make: those the pair already states there.

    >>> from checker.languages import load_language
    >>> nb = load_language("nb")
    >>> text = "Stalin døde 5. mars 1953 i Kuntsevo."
    >>> facts = extract_facts(text, nb)
    >>> context = MutationContext.of([facts], [facts], nb)
    >>> change = mutate_fact(text, facts[0], random.Random(1), context)
    >>> change.text, change.original, change.replacement, change.fact.normalized
    ('Stalin døde 5. mars 1948 i Kuntsevo.', '1953', '1948', '1948-03-05')
    """
    if fact.kind == "date":
        for edit in mutate_year(fact, rng, context.latest):
            change = _checked(text, fact, edit, context.lang)
            if (
                change is not None
                and not isinstance(change.fact.value, DateRange)
                and not stated_values([change.fact]) & avoid
            ):
                return change
        return None
    if fact.kind == "number":
        for edit, figure in mutate_figure(fact, rng, context.words, context.style, context.lang):
            change = _checked(text, fact, edit, context.lang)
            if (
                change is not None
                and holds_figure(change.fact, figure)
                and not stated_values([change.fact]) & avoid
            ):
                return change
        return None
    surname = name_tokens(fact)[-1]
    names = frozenset(value[5:] for value in avoid if value.startswith("name:"))
    for edit, key in swap_person(fact, rng, context.persons, names, context.lang):
        change = _checked(text, fact, edit, context.lang)
        if change is None:
            continue
        tokens = name_tokens(change.fact)
        if key in tokens and surname not in tokens:
            return change
    return None


def _checked(text: str, fact: Fact, edit: Edit, lang: LanguageData) -> Change | None:
    """The change if the extractor reads one fact of the same kind on it, with a new value."""
    if text[edit.start : edit.end] == edit.new:
        return None
    changed = text[: edit.start] + edit.new + text[edit.end :]
    end = edit.start + len(edit.new)
    read = [
        f
        for f in extract_facts(changed, lang)
        if f.kind == fact.kind and f.start < end and f.end > edit.start
    ]
    if len(read) != 1 or read[0].normalized == fact.normalized:
        return None
    return Change(changed, edit.start, end, text[edit.start : edit.end], edit.new, read[0])
