"""Names of people, places and organisations, with keys that survive transliteration.

The Norwegian and Indonesian editions write Russian names differently
(Dzjugasjvili / Jughashvili, Khrusjtsjov / Khrushchev), and either may quote
the name in Cyrillic or Georgian script. A name's key is built word by word:

1. ``anyascii`` turns any script into Latin letters (Cyrillic and Georgian in
   the English-style romanisation), and the text is lower-cased;
2. the language's own rules from its data file rewrite its spelling towards
   that English style: a genitive ending ("Lenins"), then ``[names]
   romanisation`` in order ("dzj" -> "dzh", "tsj" -> "ch", "j" -> "y" in
   Norwegian);
3. a language-neutral skeleton (``SKELETON``, in order) removes the
   differences that remain between romanisations: "kh"/"h", "zh"/"sh",
   "y"/"i", doubled letters...

Steps 2 and 3 repeat until nothing changes, so a key is its own key in every
language. A word in another script skips step 2 until the skeleton has
folded it (its romanisation is already the English style).

Spans: runs of capitalised words (with particles such as "dze", "von" and
initials such as "K."), not counting a lone capitalised word that starts the
sentence, month names and the data file's ``not_names``; runs of Cyrillic or
Georgian script are names whatever their case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii

from checker.extract.lexicon import Lexicon, lexicon
from checker.languages import LanguageData
from checker.records import Fact, NameKey

#: Language-neutral folding applied after each language's romanisation rules,
#: in this order. It maps the English-style romanisation of Russian and
#: Georgian (what ``anyascii`` gives for Cyrillic) onto one skeleton.
SKELETON: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("j", "dzh"),
    ("z", "s"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("y", "i"),
)

#: How many times the folding is repeated at most; it settles in two or three.
_MAX_ROUNDS = 8

# A word, or an initial or short abbreviation that joins the next name ("K.", "St.").
_WORD = re.compile(
    r"(?<![^\W\d_])[A-ZÆØÅÄÖÜ][a-z]?\.(?=\s)|[^\W\d_]+(?:['’\-][^\W\d_]+)*"
)
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
    """
    return key_for(text, lexicon(lang))


def key_for(text: str, lex: Lexicon) -> NameKey:
    """``name_key`` for a compiled lexicon."""
    tokens = tuple(
        folded
        for word in _LETTERS.findall(text)
        if (folded := _fold_word(word, lex.romanisation, lex.genitive_suffix, lex.genitive_after))
    )
    return NameKey(key=" ".join(tokens), tokens=tokens)


def _is_latin(word: str) -> bool:
    return all(
        not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in word
    )


@lru_cache(maxsize=8192)
def _fold_word(
    word: str,
    romanisation: tuple[tuple[str, str], ...],
    genitive_suffix: str,
    genitive_after: str,
) -> str:
    current = anyascii(unicodedata.normalize("NFC", word)).lower()
    current = re.sub(r"[^a-z]", "", current)
    if not _is_latin(word):
        # Another script comes out of anyascii in the English-style romanisation,
        # which the language's own rules must not touch: fold it first.
        current = _settle(current, (), "", "")
    return _settle(current, romanisation, genitive_suffix, genitive_after)


def _settle(
    word: str,
    romanisation: tuple[tuple[str, str], ...],
    genitive_suffix: str,
    genitive_after: str,
) -> str:
    """Apply genitive, romanisation and skeleton rules until the word stops changing."""
    current = word
    for _ in range(_MAX_ROUNDS):
        before = current
        if (
            genitive_suffix
            and current.endswith(genitive_suffix)
            and len(current) - len(genitive_suffix) >= 4
            and current[-len(genitive_suffix) - 1] in genitive_after
        ):
            current = current[: -len(genitive_suffix)]
        for old, new in romanisation:
            current = current.replace(old, new)
        for old, new in SKELETON:
            current = current.replace(old, new)
        current = _DOUBLE.sub(r"\1", current)
        if current == before:
            break
    return current


# --- spans ---------------------------------------------------------------------


def _script_name(word: str) -> bool:
    """True for a word in Cyrillic or Georgian script (names in the seeds' own script)."""
    return any(
        unicodedata.name(ch, "").startswith(("CYRILLIC", "GEORGIAN")) for ch in word if ch.isalpha()
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
    if _script_name(token):
        return True
    if not token[0].isupper():
        return False
    low = token.lower()
    if low in lex.months or low in lex.not_names:
        return False
    return not (len(token) == 1 and not token.isalpha())


def _script_word(word: re.Match[str]) -> bool:
    return _script_name(word.group())


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    gap = text[left.end() : right.start()]
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 2


def _span_from(
    text: str, words: Sequence[re.Match[str]], index: int, lex: Lexicon
) -> tuple[int, int] | None:
    """The word indices [first, last) of a name starting at ``words[index]``, or None."""
    if not _name_word(text, words[index], lex):
        return None
    script = _script_word(words[index])
    last = index + 1
    while last < len(words):
        nxt = words[last]
        if not _adjacent(text, words[last - 1], nxt):
            break
        if script:
            if not _script_word(nxt):
                break
        elif _name_word(text, nxt, lex) and not _script_word(nxt):
            pass
        elif (
            nxt.group().lower() in lex.name_particles
            and last + 1 < len(words)
            and _adjacent(text, nxt, words[last + 1])
            and _name_word(text, words[last + 1], lex)
            and not _script_word(words[last + 1])
        ):
            last += 1
        else:
            break
        last += 1
    first = index
    if not script and last - first == 1 and _sentence_initial(text, words[index].start()):
        return None  # a capitalised first word of a sentence may be any word
    while last > first and words[last - 1].group().endswith("."):
        last -= 1  # an initial or "St." needs a name after it
    if last == first:
        return None
    return first, last
