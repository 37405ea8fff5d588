"""What a value is about: its slot, from event words near it.

Two sentences often carry several dates or figures; only values about the
same thing should be compared. The data file's ``[slots]`` table lists, per
language-neutral slot key ("birth", "executions", "famine"...), the words
that name the event. A value takes the slot of the nearest such word, where
distance counts words and a punctuation boundary counts extra (a comma less
than a semicolon or bracket), up to ``MAX_COST``. A specific slot beats a
generic one nearby (``SPECIFIC_MARGIN``): in "800 000 omkomne ... 6-7 millioner omkomne under
hungersnøden" the famine, not the bare deaths, is what the second figure is
about.

A sentence with a single date (or figure) and a single kind of event word is
about that event, wherever the word stands (unless the event is generic: a
sentence may mention a death in passing).

One slot is structural, not lexical: a date range in brackets right after a
name ("Josef Stalin (1879–1953)") is that person's ``lifespan``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fnmatch import translate
from functools import cache
from itertools import pairwise
from typing import Any

from checker.extract.lexicon import Lexicon
from checker.languages import base
from checker.records import DateRange, Fact

#: Structural slot of a bracketed date range after a name: birth to death
#: (``_base.toml`` [slots.lifespan], structural: found from the text's shape).
LIFESPAN = "lifespan"

#: Slots that a more specific slot nearby overrides (``generic`` in ``_base.toml``).
GENERIC_SLOTS = base().generic_slots

#: Slots that say where, not when or how many (``place_only`` in ``_base.toml``):
#: a stay or a visit is the event of a place ("oppholdt seg i Sveits",
#: "mengunjungi Lenin di Kraków"), but too loose a word ("tempat tinggal", a
#: residence) to tell what a date or figure is about.
PLACE_ONLY_SLOTS = base().place_only_slots

#: Farthest an event word may be from a value, in words plus boundary penalties.
MAX_COST = 7
#: Extra cost of crossing a comma, a stronger boundary (; : quotes, dash) and a bracket.
COMMA_COST = 2
STRONG_COST = 4
BRACKET_COST = 5
#: A specific slot wins over a nearer generic one only if at most this much farther.
SPECIFIC_MARGIN = 2
#: Farthest an event word may be from a place for the place to be in its slot
#: ("dømt til 2 år i Sibir": "dømt" is 4 away from "Sibir").
PLACE_MAX_COST = 5

_SLOT_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_STRONG = re.compile(r"[;:()\[\]«»\"“”—]")
_BRACKET = re.compile(r"[()\[\]]")


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def assign_slots(text: str, facts: Sequence[Fact], lex: Lexicon) -> list[Fact]:
    """The same facts, each with the slot its surroundings give it (or None).

    >>> from checker.languages import load_language
    >>> from checker.extract import extract_facts
    >>> [f.slot for f in extract_facts("Stalin døde 5. mars 1953.", load_language("nb"))]
    ['death']
    """
    words = _free_words(text, facts)
    every = _slot_matches(words, lex)
    # Values do not take a place-only slot ("tempat tinggal" is no date's event).
    matches = [m for m in every if m[2] not in PLACE_ONLY_SLOTS]
    names = [f for f in facts if f.kind == "name"]
    result: list[Fact] = []
    for fact in facts:
        slot = _lifespan(text, fact, names, lex) or _nearest_slot(
            text, fact, words, every if fact.kind == "name" else matches
        )
        result.append(replace(fact, slot=slot))
    _bracket_life(text, result, names, lex)
    # A sentence with one date (or one figure) and one kind of event is about
    # that event, however far apart the two stand ("dilahirkan dengan nama ...
    # di kota Gori, Georgia pada tanggal 18 Desember 1878").
    mentioned = {slot for _first, _last, slot in matches}
    if len(mentioned) == 1 and not mentioned & GENERIC_SLOTS:
        (only,) = mentioned
        for kind in ("date", "number"):
            of_kind = [i for i, f in enumerate(result) if f.kind == kind]
            if len(of_kind) == 1 and result[of_kind[0]].slot is None:
                result[of_kind[0]] = replace(result[of_kind[0]], slot=only)
    return result


def _free_words(text: str, facts: Sequence[Fact]) -> list[_Word]:
    """The words of ``text`` outside dates and figures (names count: "flyktet fra Sibir")."""
    covered = [(f.start, f.end) for f in facts if f.kind != "name"]
    return [
        _Word(m.group().lower(), m.start(), m.end())
        for m in _SLOT_WORD.finditer(text)
        if not any(s <= m.start() < e for s, e in covered)
    ]


def place_slots(
    text: str, place: Fact, facts: Sequence[Fact], lex: Lexicon, *, max_cost: int = PLACE_MAX_COST
) -> dict[str, int]:
    """Every slot with an event word near a place, with the cost of the nearest such word.

    A place may belong to more than one event ("oppholdt seg i landflyktighet
    i Sveits" is a stay and an exile); the comparator pairs two places when they
    share a slot. ``facts`` are the sentence's facts (dates and figures are not
    counted as words). A place after a "from" preposition is where someone came
    from, so it is in an event only when the event's own phrase ends with that
    preposition ("flyktet fra Sibir": escaped from the place of exile).

    >>> from checker.languages import load_language
    >>> from checker.extract import extract_facts, lexicon
    >>> nb = load_language("nb")
    >>> text = "Lenin oppholdt seg i landflyktighet i Sveits."
    >>> facts = extract_facts(text, nb)
    >>> sorted(place_slots(text, facts[-1], facts, lexicon(nb)).items())
    [('exile', 2), ('stay', 4)]
    """
    words = _free_words(text, facts)
    before = [i for i, word in enumerate(words) if word.end <= place.start]
    _strip_place_lead(before, [w.text for w in words], lex)
    origin = bool(before) and words[before[-1]].text in lex.from_prepositions
    costs: dict[str, int] = {}
    for first, last, slot in _slot_matches(words, lex):
        if origin and last - 1 != before[-1]:
            continue  # "deportert fra X" is where they came from, "flyktet fra X" is not
        if words[first].start >= place.end:
            cost = _distance(text, place.end, words, first, forward=True)
        elif words[last - 1].end <= place.start:
            cost = _distance(text, place.start, words, last - 1, forward=False)
        else:
            continue
        if cost <= max_cost and cost < costs.get(slot, max_cost + 1):
            costs[slot] = cost
    return costs


@cache
def _compiled_slots(
    slots: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, re.Pattern[str] | None, tuple[tuple[re.Pattern[str], ...], ...]], ...]:
    """Per slot: one regex for all its one-word patterns, and the longer phrases word by word.

    Matching every word against every glob pattern one call at a time was most
    of the extract stage's cost; one compiled alternation per slot is not.
    """
    compiled = []
    for slot, patterns in slots:
        single = [p for p in patterns if len(p.split()) == 1]
        phrases = tuple(
            tuple(re.compile(translate(part)) for part in p.split())
            for p in patterns
            if len(p.split()) > 1
        )
        words = re.compile("|".join(f"(?:{translate(p)})" for p in single)) if single else None
        compiled.append((slot, words, phrases))
    return tuple(compiled)


def _slot_matches(words: Sequence[_Word], lex: Lexicon) -> list[tuple[int, int, str]]:
    """(first word, last word + 1, slot) for every event word or phrase found."""
    found: list[tuple[int, int, str]] = []
    texts = [w.text for w in words]
    for slot, single, phrases in _compiled_slots(tuple(lex.slots.items())):
        if single is not None:
            found.extend((i, i + 1, slot) for i, text in enumerate(texts) if single.match(text))
        for parts in phrases:
            for i in range(len(texts) - len(parts) + 1):
                if all(part.match(texts[i + k]) for k, part in enumerate(parts)):
                    found.append((i, i + len(parts), slot))
    return found


def _gap_cost(text: str, left_end: int, right_start: int) -> int:
    gap = text[left_end:right_start] if left_end < right_start else ""
    if _BRACKET.search(gap):
        return BRACKET_COST
    if _STRONG.search(gap):
        return STRONG_COST
    if "," in gap:
        return COMMA_COST
    return 0


def _nearest_slot(
    text: str,
    fact: Fact,
    words: Sequence[_Word],
    matches: Sequence[tuple[int, int, str]],
) -> str | None:
    best: dict[bool, tuple[int, int, str]] = {}
    for first, last, slot in matches:
        if words[first].start >= fact.end:
            cost = _distance(text, fact.end, words, first, forward=True)
            side = 1
        elif words[last - 1].end <= fact.start:
            cost = _distance(text, fact.start, words, last - 1, forward=False)
            side = 0
        else:
            continue  # the event word is inside the value's own span
        if cost > MAX_COST:
            continue
        is_generic = slot in GENERIC_SLOTS
        key = (cost, side, slot)
        if is_generic not in best or key < best[is_generic]:
            best[is_generic] = key
    specific, generic = best.get(False), best.get(True)
    if specific is not None and (generic is None or specific[0] <= generic[0] + SPECIFIC_MARGIN):
        return specific[2]
    if generic is not None:
        return generic[2]
    return None


def _distance(text: str, edge: int, words: Sequence[_Word], target: int, *, forward: bool) -> int:
    """Words between the value's edge and ``words[target]``, plus boundary penalties."""
    cost = 0
    position = edge
    if forward:
        indices = [i for i in range(len(words)) if words[i].start >= edge and i <= target]
        for i in indices:
            cost += 1 + _gap_cost(text, position, words[i].start)
            position = words[i].end
    else:
        indices = [i for i in range(len(words) - 1, -1, -1) if words[i].end <= edge and i >= target]
        for i in indices:
            cost += 1 + _gap_cost(text, words[i].end, position)
            position = words[i].start
    return cost


def _lifespan(text: str, fact: Fact, names: Sequence[Fact], lex: Lexicon) -> str | None:
    """``LIFESPAN`` for a date range inside brackets that open right after a person's name.

    The word before the brackets need not have been taken for a name: a
    capitalised word that opens the sentence ("Stalin (1879–1953) var ...") is
    no name for the extractor, but brackets with a range after it are a lifespan.
    """
    if fact.kind != "date" or not isinstance(fact.value, DateRange):
        return None
    opening = text.rfind("(", 0, fact.start)
    if opening < 0 or ")" in text[opening : fact.start]:
        return None
    closing = text.find(")", fact.end)
    if closing < 0 or "(" in text[fact.end : closing]:
        return None
    return LIFESPAN if _after_person(text, opening, names, lex) else None


def _after_person(text: str, opening: int, names: Sequence[Fact], lex: Lexicon) -> bool:
    """Whether the bracket at ``opening`` follows a name that may be a person's.

    A name or a capitalised word right before it, unless an article of the
    data file's ``[names] articles`` stands before that name: "the Soviet Union
    (1922–1991)" and "la Unión Soviética (1922-1991)" are things, and their
    ranges no lifespans.
    """
    before = text[:opening].rstrip()
    start: int | None = None
    for name in names:
        if name.end == len(before):
            start = name.start
    if start is None:
        last_word = re.search(r"[^\W\d_]+$", before)
        if last_word is None or not last_word.group()[0].isupper():
            return False
        start = last_word.start()
    previous = re.search(r"([^\W\d_]+)\W*$", text[:start])
    return previous is None or previous.group(1).lower() not in lex.articles


#: Before a date in a life bracket: an optional place and a comma ("Gori, ").
_LIFE_PLACE = r"(?:[^\W\d_][^,;:()\[\]\d]{0,40},\s*)?"
_LIFE_OPEN = re.compile(rf"\s*{_LIFE_PLACE}")
_LIFE_DASH = re.compile(rf"\s*[-–—]\s*{_LIFE_PLACE}")
_LIFE_PLACE_ONLY = re.compile(r"\s*[^\W\d_][^,;:()\[\]\d]{0,40},\s*")


def _bracket_life(text: str, facts: list[Fact], names: Sequence[Fact], lex: Lexicon) -> None:
    """Birth and death for two dates in brackets after a name, each with its place or not.

    "Iósif Stalin (Gori, 6 de diciembre de 1878-Moscú, 5 de marzo de 1953)":
    the lead of a biography in many editions. The dates are two (not one range,
    which is a ``LIFESPAN``), so each takes its own slot. A single date with its
    place before it ("Juan Pérez (Madrid, 3 de mayo de 1950)") is a birth.
    Changes ``facts`` in place.
    """
    dates = [i for i, f in enumerate(facts) if f.kind == "date"]
    for first, second in pairwise(dates):
        a, b = facts[first], facts[second]
        if isinstance(a.value, DateRange) or isinstance(b.value, DateRange):
            continue
        opening = text.rfind("(", 0, a.start)
        closing = text.find(")", b.end)
        if opening < 0 or closing < 0 or text[b.end : closing].strip():
            continue
        if not (
            _LIFE_OPEN.fullmatch(text, opening + 1, a.start)
            and _LIFE_DASH.fullmatch(text, a.end, b.start)
        ):
            continue
        if _after_person(text, opening, names, lex):
            facts[first] = replace(a, slot="birth")
            facts[second] = replace(b, slot="death")
    for index in dates:
        fact = facts[index]
        if fact.slot is not None or isinstance(fact.value, DateRange):
            continue
        # "Juan Pérez (Madrid, 3 de mayo de 1950) es...": a living person's birth
        opening = text.rfind("(", 0, fact.start)
        closing = text.find(")", fact.end)
        if opening < 0 or closing < 0 or text[fact.end : closing].strip():
            continue
        lead = _LIFE_PLACE_ONLY.fullmatch(text, opening + 1, fact.start)
        if lead is not None and _after_person(text, opening, names, lex):
            facts[index] = replace(fact, slot="birth")


def subject_of(text: str, fact: Fact, names: Sequence[Fact], lex: Lexicon) -> Fact | None:
    """The person a dated event is most plausibly about, or None when the text does not say.

    For a lifespan, the name before the brackets. Otherwise the event's
    subject stands before its event word ("Setelah Lenin jatuh sakit lalu
    wafat pada tahun 1924"): the nearest name before the word of the fact's
    slot (or before the value, without one) in the same clause, leaving out
    places ("di Gori"). A sentence-initial name is not a name fact, so
    "Stalin døde ..." has no known subject.
    """
    if fact.slot == LIFESPAN:
        opening = text.rfind("(", 0, fact.start)
        before = text[:opening].rstrip()
        for name in names:
            if name.end == len(before):
                return name
        return None
    anchor = _event_word_start(text, fact, lex)
    candidates = [n for n in names if n.end <= anchor and not after_place_word(text, n, lex)]
    for name in reversed(candidates):
        gap = text[name.end : anchor]
        if _STRONG.search(gap) or "," in gap:
            return None
        return name
    return None


def breaks_clause(gap: str) -> bool:
    """Whether text between two words holds a bracket, colon, semicolon, dash or quote."""
    return _STRONG.search(gap) is not None


def event_words(text: str, slot: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of every word or phrase of the text that names ``slot``."""
    words = [_Word(m.group().lower(), m.start(), m.end()) for m in _SLOT_WORD.finditer(text)]
    return [
        (words[first].start, words[last - 1].end)
        for first, last, found in _slot_matches(words, lex)
        if found == slot
    ]


def _event_word_start(text: str, fact: Fact, lex: Lexicon) -> int:
    """Where the nearest word of the fact's slot starts, or the fact's own start."""
    if fact.slot is None or fact.slot not in lex.slots:
        return fact.start
    words = [_Word(m.group().lower(), m.start(), m.end()) for m in _SLOT_WORD.finditer(text)]
    starts = [
        words[first].start
        for first, _last, slot in _slot_matches(words, lex)
        if slot == fact.slot and not (fact.start <= words[first].start < fact.end)
    ]
    if not starts:
        return fact.start
    return min(starts, key=lambda start: (abs(start - fact.start), start))


#: Most words that may stand between a place preposition and the place
#: ("en la ciudad de Gori": "la", "ciudad", "de").
_MAX_PLACE_LEAD = 4


def _strip_place_lead(before: list[Any], texts: Sequence[str], lex: Lexicon) -> None:
    """Drop, from the end of ``before``, the place nouns and fillers right before a place.

    ``before`` holds the words before the place (or their indices into
    ``texts``); at most one place noun ("byen", "desa", "city") and a few fillers
    ("the", "of", "la", "de") are dropped, so that the preposition comes last.
    """
    noun = False
    for _ in range(_MAX_PLACE_LEAD):
        if not before:
            return
        last = before[-1]
        word = texts[last] if isinstance(last, int) else str(last)
        if word in lex.place_nouns and not noun:
            noun = True
        elif word not in lex.place_fillers:
            return
        before.pop()


def after_place_word(
    text: str, name: Fact, lex: Lexicon, names: Sequence[Fact] = ()
) -> bool:
    """True for a place: a name right after a place preposition ("i Gori", "di Kraków").

    A place noun may stand between ("di desa Solvychegodsk", "i byen Gori"),
    and a name joined by "og"/"dan" to a place before it is a place too ("i
    Kraków og Wien"), when the sentence's ``names`` are given.
    """
    before = [w.lower() for w in re.findall(r"[^\W\d_]+", text[: name.start][-60:])]
    _strip_place_lead(before, before, lex)
    if before and before[-1] in lex.place_prepositions:
        return True
    for other in names:
        if other.end <= name.start and other is not name:
            gap = text[other.end : name.start].strip().lower()
            if gap in lex.place_and and after_place_word(text, other, lex, names):
                return True
    return False
