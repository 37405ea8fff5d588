"""One sentence as the matcher sees it, and who or what stands next to its values.

A ``_Side`` is one sentence's text and facts with its language's lexicon
and the names its articles give everywhere. The helpers here read a side:
its places, the person an event is about (``_same_subject``), and whether
the same person or place stands next to a value on both sides
(``_tied_by_name``). Separate from ``matching`` because the scope rules of
``comparator`` read sides too, and to keep the matcher short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.compare.consistency import _best_token_ratio, names_match
from checker.compare.constants import (
    NAME_DIFFERENT,
    NAME_PREFIX,
    NAME_SAME,
    NAME_TIE_WORDS,
    NEAR_SUBJECT_WORDS,
    ONCE_SLOTS,
    SUBJECT_SAME,
)
from checker.extract.lexicon import Lexicon
from checker.extract.names import key_for
from checker.extract.slots import (
    GENERIC_SLOTS,
    LIFESPAN,
    after_place_word,
    breaks_clause,
    event_words,
    place_slots,
    subject_of,
)
from checker.records import Fact, NameKey, NumberInterval


@dataclass(frozen=True)
class _Side:
    """One sentence's text and facts, its language's lexicon, the names that stand
    everywhere in the two articles (``background``, name tokens in full) and the
    names its own article names anywhere (``article_names``, first letters of name
    tokens)."""

    text: str
    facts: tuple[Fact, ...]
    lex: Lexicon
    background: frozenset[str] = frozenset()
    article_names: frozenset[str] = frozenset()

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    @property
    def names(self) -> list[Fact]:
        return self.of_kind("name")

    def is_place(self, fact: Fact) -> bool:
        """A name right after a place preposition ("i Gori", "di Kraków")."""
        return after_place_word(self.text, fact, self.lex, self.names)

    def places(self) -> list[tuple[Fact, dict[str, int]]]:
        """Each place of the sentence, with the slots (and their costs) it is in.

        A place named by its kind ("Penjara Bailov", a prison; "Provinsi
        Vologda") is left out: it lies inside, or around, the places of other
        names, and no gazetteer says which. A place is in a generic slot
        ("death") only when that is its nearest event: "1,7 millioner omkom i
        Gulag-leire" and "800.000 orang tewas ditembak mati di Uni Soviet" do
        not give the place of one death.
        """
        result = []
        for fact in self.names:
            first_word = fact.text.split()[0].lower()
            if first_word in self.lex.place_nouns:
                continue  # "Penjara Shpalerhy", "Provinsi Vologda": a prison in a city, a province
            if self.is_place(fact):
                costs = place_slots(self.text, fact, self.facts, self.lex)
                for slot in GENERIC_SLOTS & set(costs):
                    if fact.slot != slot:
                        del costs[slot]
                result.append((fact, costs))
        return result


def _tied_by_name(src: _Side, a: Fact, tgt: _Side, b: Fact) -> bool:
    """Whether a person or place next to one value is next to the other too.

    Two values that no event word ties together ("I 1898 ledet han en
    studiesirkel" / "Pada Oktober 1899, Stalin mulai bekerja sebagai seorang
    meteorolog") are about the same thing only when something else is shared
    right next to them: the same person or place, by name. Names that stand
    everywhere in the two articles (``_Side.background``: the article's subject)
    tie nothing.
    """
    near_a = [n for n in src.names if _words_between(src.text, a, n) <= NAME_TIE_WORDS]
    near_b = [n for n in tgt.names if _words_between(tgt.text, b, n) <= NAME_TIE_WORDS]
    for x in near_a:
        for y in near_b:
            tokens = [
                (p, q)
                for p in _key(x).tokens
                for q in _key(y).tokens
                if len(p) > 2 and len(q) > 2
                and p not in src.background
                and q not in tgt.background
            ]
            if any(fuzz.ratio(p, q) >= NAME_SAME for p, q in tokens):
                return True
    return False


def _words_between(text: str, first: Fact, second: Fact) -> int:
    """How many words stand between two facts of one sentence."""
    start, end = (first.end, second.start) if first.end <= second.start else (
        second.end, first.start
    )
    return len(text[start:end].split()) if end > start else 0


def _is_background(side: _Side, fact: Fact) -> bool:
    """Whether a name's last token (the surname) is the articles' subject."""
    tokens = _key(fact).tokens
    return bool(tokens) and tokens[-1] in side.background


def _surname(fact: Fact) -> str:
    return _key(fact).tokens[-1][:NAME_PREFIX] if _key(fact).tokens else ""


def _known(fact: Fact, names: frozenset[str]) -> bool:
    """Whether an article names this person anywhere (by the first letters of the surname)."""
    return bool(_surname(fact)) and _surname(fact) in names


def _mentioned(place: Fact, names: Sequence[Fact]) -> bool:
    """Whether any of ``names`` may be the same place (not clearly a different name)."""
    key = _key(place)
    return any(
        names_match(key, _key(name)) or _best_token_ratio(key, _key(name)) >= NAME_DIFFERENT
        for name in names
    )


def _key(fact: Fact) -> NameKey:
    assert isinstance(fact.value, NameKey)
    return fact.value


def _same_subject(src: _Side, a: Fact, tgt: _Side, b: Fact) -> bool:
    """False only when both sentences name who the event is about, and the names differ.

    A lifespan's owner is the name before its brackets, or, when the sentence
    opens with it (no name fact there), the capitalised words before them:
    "Josef Stalin (18 Desember 1878 – 5 Maret 1953)" is not the lifespan of
    "Jekaterina Dzjugasjvili (1858-1937)".
    """
    first = _subject_key(src, a)
    second = _subject_key(tgt, b)
    if first is None or second is None:
        return True
    return _best_token_ratio(first, second) >= SUBJECT_SAME


def _subject_key(side: _Side, fact: Fact) -> NameKey | None:
    subject = subject_of(side.text, fact, side.names, side.lex)
    if subject is None and fact.kind == "date" and fact.slot in ONCE_SLOTS - {LIFESPAN}:
        subject = _subject_near(side, fact.slot)
    if subject is not None:
        return _key(subject)
    if fact.slot != LIFESPAN:
        return None
    before = side.text[: side.text.rfind("(", 0, fact.start)].split()[-3:]
    words = [w for w in before if w[:1].isupper()]
    return key_for(" ".join(words), side.lex) if words else None


def _subject_near(side: _Side, slot: str) -> Fact | None:
    """Whom a birth or death is about when no name stands right before its word.

    The person may follow the word ("tras la muerte de Vladímir Lenin", "nació su
    segundo hijo, Guiorgui") or stand before it across a comma that joins two
    things said of one person ("Sverdlov sering kali tidak hadir, dan kemudian
    wafat"): the nearest name that is not a place, at most ``NEAR_SUBJECT_WORDS``
    words from the event word, with no bracket, colon, dash or place preposition
    between.
    """
    persons = [name for name in side.names if not side.is_place(name)]
    best: tuple[int, int, Fact] | None = None
    for start, end in event_words(side.text, slot, side.lex):
        for name in persons:
            if name.start < end and name.end > start:
                continue  # the name holds the event word
            gap = side.text[end : name.start] if name.start >= end else side.text[name.end : start]
            words = gap.lower().split()
            if (
                len(words) > NEAR_SUBJECT_WORDS
                or breaks_clause(gap)
                or any(w.strip(",.") in side.lex.place_prepositions for w in words)
            ):
                continue  # too far, another clause, or past a place ("lahir di Gori, Georgia")
            candidate = (len(words), name.start, name)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    return best[2] if best is not None else None


def _num(fact: Fact) -> NumberInterval:
    assert isinstance(fact.value, NumberInterval)
    return fact.value
