"""Names of people, places and organisations, with keys that survive transliteration.

Editions write foreign names each in their own romanisation (Dzjugasjvili /
Jughashvili / Dzhugashvili, Khrusjtsjov / Chrusjtjov / Khrushchev / Jruschov),
and any may quote the name in its own script. A name's key is built word by
word:

1. a possessive ending of the language is dropped ("Lenin's"); ``anyascii``
   turns any script into Latin letters (Cyrillic and Georgian in the
   English-style romanisation), and the text is lower-cased;
2. a word in the language's own script gets the language's rules from its
   data file (``[names] romanisation``) in **one** left-to-right pass: at each
   position the longest rule that matches rewrites those letters, and what a
   rule wrote is never read again. So Swedish "ch" -> "kh" and "tj" -> "ch"
   make "Tjechov" "chekhov", not "khekhov". A word in another script skips
   this step (its romanisation is already the English style);
3. the language-neutral skeleton of ``_base.toml`` ([names] skeleton, in
   order, repeated until it settles, then doubled letters made single)
   removes the differences that remain: "kh"/"ch", "zh"/"sh", "j"/"y"/"i"...;
4. the language's genitive ending is dropped ("Lenins" in Norwegian).

The skeleton's output contains none of the letters the languages' rules read,
so a key is its own key: ``name_key(name_key(x).key) == name_key(x)``.

Spans: runs of capitalised words (with particles such as "dze", "von", "de la"
and initials such as "K."), not counting a lone capitalised word that starts
the sentence, month names and the data file's ``not_names``; a word with a
possessive ending closes its name ("Stalin's Politburo" is "Stalin's"); runs
of words in another script than the language's ("Иосиф Джугашвили") are names
whatever their case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

from anyascii import anyascii

from checker.extract.lexicon import Lexicon, lexicon
from checker.languages import LanguageData, base
from checker.records import Fact, NameKey

#: How many times the skeleton is repeated at most; it settles in two or three.
_MAX_ROUNDS = 8

# A word, or an initial or short abbreviation that joins the next name ("K.", "St.", "Dr.").
_WORD = re.compile(
    r"(?<![^\W\d_])[A-ZÀ-ÖØ-Þ][a-z]?\.(?=\s)|[^\W\d_]+(?:['’\-][^\W\d_]+)*"
)
# A word of a name's text for its key, apostrophes kept so a possessive can be seen.
_KEY_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
_DOUBLE = re.compile(r"(.)\1+")


def extract_names(
    text: str, lang: LanguageData, *, skip: Sequence[tuple[int, int]] = ()
) -> list[Fact]:
    """Every name in ``text`` outside the ``skip`` spans (dates, figures), sorted by start.

    >>> from checker.languages import load_language
    >>> nb = load_language("nb")
    >>> [f.text for f in extract_names("Han møtte Vladimir Lenin i Tammerfors.", nb)]
    ['Vladimir Lenin', 'Tammerfors']
    """
    return scan_names(text, lexicon(lang), skip=skip)


def name_key(text: str, lang: LanguageData) -> NameKey:
    """The transliteration-folded key of a name written in ``lang``.

    >>> from checker.languages import load_language
    >>> name_key("Dzjugasjvili", load_language("nb")).key == name_key(
    ...     "Jughashvili", load_language("id")).key
    True
    >>> name_key("Lenin's", load_language("en")).key
    'lenin'
    """
    return key_for(text, lexicon(lang))


def key_for(text: str, lex: Lexicon) -> NameKey:
    """``name_key`` for a compiled lexicon."""
    tokens: list[str] = []
    for word in _KEY_WORD.findall(text):
        low = word.lower()
        for ending in lex.possessive_endings:
            if low.endswith(ending) and len(low) > len(ending):
                word = word[: -len(ending)]
                break
        for part in _LETTERS.findall(word):
            folded = _fold_word(
                part,
                lex.script,
                lex.romanisation,
                lex.skeleton,
                lex.genitive_suffix,
                lex.genitive_after,
            )
            if folded:
                tokens.append(folded)
    return NameKey(key=" ".join(tokens), tokens=tuple(tokens))


def in_script(word: str, script: str) -> bool:
    """True when every letter of ``word`` is of ``script`` (a prefix of Unicode names: "LATIN").

    >>> in_script("Kraków", "LATIN"), in_script("Жуков", "LATIN")
    (True, False)
    """
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith(script) for ch in word)


@lru_cache(maxsize=64)
def _rule_pattern(rules: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], Mapping[str, str]]:
    """One alternation of the rules' sources, longest first, and what each becomes."""
    table: dict[str, str] = {}
    for old, new in rules:
        table.setdefault(old, new)  # the first rule for a source wins
    ordered = sorted(table, key=lambda old: (-len(old), old))
    return re.compile("|".join(re.escape(old) for old in ordered)), table


def language_pass(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    """Apply a language's romanisation rules once, left to right, longest match first.

    Each letter is rewritten at most once: a rule's output is never read by
    another rule, so the result does not depend on the order the rules are
    listed in.

    >>> language_pass("tjechov", (("ch", "kh"), ("tj", "ch")))
    'chekhov'
    """
    if not rules or not word:
        return word
    pattern, table = _rule_pattern(rules)
    return pattern.sub(lambda m: table[m.group()], word)


def skeleton(word: str, rules: tuple[tuple[str, str], ...] | None = None) -> str:
    """The language-neutral skeleton of a lower-case ASCII word (``_base.toml`` [names] skeleton).

    The rules are applied in order and repeated until nothing changes, then
    doubled letters become single; the result is its own skeleton.

    >>> skeleton("khrushchev"), skeleton("dzhugashvili"), skeleton("yezhov")
    ('hrushev', 'iugashvili', 'ieshov')
    """
    rules = base().skeleton if rules is None else rules
    current = word
    for _ in range(_MAX_ROUNDS):
        before = current
        for old, new in rules:
            current = current.replace(old, new)
        current = _DOUBLE.sub(r"\1", current)
        if current == before:
            break
    return current


@lru_cache(maxsize=16384)
def _fold_word(
    word: str,
    script: str,
    romanisation: tuple[tuple[str, str], ...],
    rules: tuple[tuple[str, str], ...],
    genitive_suffix: str,
    genitive_after: str,
) -> str:
    current = re.sub(r"[^a-z]", "", anyascii(unicodedata.normalize("NFC", word)).lower())
    if in_script(word, script):
        current = language_pass(current, romanisation)
    current = skeleton(current, rules)
    if (
        genitive_suffix
        and current.endswith(genitive_suffix)
        and len(current) - len(genitive_suffix) >= 4
        and current[-len(genitive_suffix) - 1] in genitive_after
    ):
        current = current[: -len(genitive_suffix)]
    return current


# --- spans ---------------------------------------------------------------------


def _script_name(word: str, lex: Lexicon) -> bool:
    """True for a word in another script than the language's (an original spelling quoted)."""
    return any(
        unicodedata.name(ch, "").startswith(lex.foreign_scripts) for ch in word if ch.isalpha()
    )


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t«»\"“”'‘’([{")
    return not before or before[-1] in ".!?:;"


def scan_names(text: str, lex: Lexicon, *, skip: Sequence[tuple[int, int]] = ()) -> list[Fact]:
    """Names of ``text`` for a compiled lexicon; see ``extract_names``."""
    words = [
        m for m in _WORD.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in skip)
    ]
    facts: list[Fact] = []
    i = 0
    while i < len(words):
        span = _span_from(text, words, i, lex)
        if span is None:
            i += 1
            continue
        first, last = span
        begin, end = words[first].start(), words[last - 1].end()
        fact_text = text[begin:end]
        facts.append(
            Fact(
                kind="name",
                text=fact_text,
                start=begin,
                end=end,
                value=key_for(fact_text, lex),
            )
        )
        i = last
    return facts


def _name_word(text: str, word: re.Match[str], lex: Lexicon) -> bool:
    token = word.group()
    if _script_name(token, lex):
        return True
    if not token[0].isupper():
        return False
    low = token.lower()
    if low in lex.months or low in lex.not_names:
        return False
    return not (len(token) == 1 and not token.isalpha())


def _script_word(word: re.Match[str], lex: Lexicon) -> bool:
    return _script_name(word.group(), lex)


def _possessive(word: re.Match[str], lex: Lexicon) -> bool:
    low = word.group().lower()
    return any(low.endswith(e) and len(low) > len(e) for e in lex.possessive_endings)


#: Most particles in a row inside one name ("van der", "de la", "de los").
_MAX_PARTICLES = 3


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    gap = text[left.end() : right.start()]
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 2


def _after_particles(
    text: str, words: Sequence[re.Match[str]], index: int, lex: Lexicon
) -> int | None:
    """The index of the name word after a run of particles at ``words[index]``, or None."""
    end = index
    while (
        end < len(words)
        and end - index < _MAX_PARTICLES
        and words[end].group().lower() in lex.name_particles
        and (end == index or _adjacent(text, words[end - 1], words[end]))
    ):
        end += 1
    if (
        end == index
        or end >= len(words)
        or not _adjacent(text, words[end - 1], words[end])
        or not _name_word(text, words[end], lex)
        or _script_word(words[end], lex)
    ):
        return None
    return end


def _span_from(
    text: str, words: Sequence[re.Match[str]], index: int, lex: Lexicon
) -> tuple[int, int] | None:
    """The word indices [first, last) of a name starting at ``words[index]``, or None."""
    if not _name_word(text, words[index], lex):
        return None
    script = _script_word(words[index], lex)
    last = index + 1
    while last < len(words) and (script or not _possessive(words[last - 1], lex)):
        nxt = words[last]
        if not _adjacent(text, words[last - 1], nxt):
            break
        if script:
            if not _script_word(nxt, lex):
                break
        elif _name_word(text, nxt, lex) and not _script_word(nxt, lex):
            pass
        else:
            after = _after_particles(text, words, last, lex)
            if after is None:
                break
            last = after
        last += 1
    first = index
    if not script and last - first == 1 and _sentence_initial(text, words[index].start()):
        return None  # a capitalised first word of a sentence may be any word
    while last > first and words[last - 1].group().endswith("."):
        last -= 1  # an initial or "St." needs a name after it
    if last == first:
        return None
    return first, last
