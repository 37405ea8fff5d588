"""Split an article's text into sections and sentences.

This module is the splitting half of `checker.segment`: it works on text
already in memory and knows nothing of files (`checker.segment.reading` reads
and checks them), so its rules can be read, tuned and tested on strings alone.
`segment_text` splits an article's text into sentences with line numbers and
section paths; `split_sentences` splits one paragraph.

The article format is one paragraph per line. A line such as ``== Heading ==`` or
``=== Sub ===`` (any number of ``=``, the same on both sides or not) opens a
section; the section path joins the open headings with `` > `` ("Liv og familie
> Barndom og familiebakgrunn"), a heading closes every heading of its level and
deeper, and text before the first heading has the section "". Blank lines and
heading lines give no sentences.

How a paragraph is split
------------------------
Every run of ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets
right after it, as in ``«Soso».`` or ``lurus!"``, any note in square
brackets glued to it, as in ``Russland.[trenger referanse]``, and a bracketed
note after a space, as in ``fusilados. ([cita requerida])``) that is followed
by whitespace is a *candidate* end. A candidate is a sentence end when the next
word (after opening quotes, brackets, dashes and elision marks such as
``[…]``) starts with an upper-case letter, a letter that has no case, or a
digit, and none of these holds:

- the next word starts with a lower-case letter. This one rule covers the
  ordinals ("6. desember 1878", "den 3. mai", "2. verdenskrig") and the glued
  dual dates of the export ("6. desemberjul./ 18. desember 1878greg. i Gori": a
  dot glued to ``/`` or ``:`` is no candidate at all, and "greg." ends its
  sentence only if a capitalised word follows);
- the candidate stands alone in brackets: an elision ``[…]``, ``(...)``, or ``(!)``;
- the candidate is a single ``.`` (not ``?``, ``!`` or an ellipsis, not
  followed by a closing quote or a note) and the word it ends is
    - an abbreviation of the language's ``[segment] abbreviations`` ("bl.a.",
      "ca.", "St.", "No.", "K.J."), or a chain of single lower-case letters
      with dots ("m.a.o."), unless it is listed in ``final_abbreviations``
      ("osv.", "dll."), which end a sentence like an ordinary word;
    - initials, one or more single upper-case letters each with a dot ("K.",
      "J.V.", in "K. Stalin", "V. I. Lenin", "J.V. Stalin"), when a letter
      follows (a digit after initials ends the sentence);
    - a day number 1–31 followed by a month name of the language (from CLDR
      through Babel), even a capitalised one ("6. Desember").

A digit-led next word therefore ends the sentence unless the dot belongs to an
abbreviation: "… i 1922. 1930-årene var …" and "ditangkap. 700.000 orang" are
two sentences each, "Perintah No. 270" and "ca. 1,5" are not split. Decimals
and thousands separators ("3.5", "700.000", "1,5") have no whitespace after the
dot, so they are never candidates.

Known limits, all rare in encyclopaedic text: a sentence that ends in a single
capital letter or Roman numeral I/V/X ("Bind V. Sosialismen") is joined to
the next one; a sentence that starts with a lower-case letter (or with
Georgian script, whose Mkhedruli letters Unicode counts as lower-case) is
joined to the one before; two sentences glued with no space ("slutt.Neste")
stay one; a quoted question or exclamation inside a sentence ('"normal? Dan
…"') is split there, as are the sentences of a quotation («Vi er begge
asiatiske. …»).

>>> from checker.languages import load_language
>>> text = "Han ble født 6. desember 1878 i Gori. Faren het bl.a. Beso. I 1922. 1930-årene kom."
>>> [text[start:end] for start, end in split_sentences(text, load_language("nb"))]
['Han ble født 6. desember 1878 i Gori.', 'Faren het bl.a. Beso.', 'I 1922.', '1930-årene kom.']
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from checker.errors import LanguageError
from checker.languages import LanguageData
from checker.records import Sentence

log = logging.getLogger(__name__)

#: A heading line: ``== Title ==``, ``=== Sub ===``; the level is the shorter run of ``=``.
_HEADING = re.compile(r"^\s*(={2,})\s*(\S.*?)\s*(={2,})\s*$")

#: A candidate sentence end: terminators, then closing quotes/brackets, then notes in
#: square brackets glued to them ("Russland.[trenger referanse]", "1878.[3]") or a
#: bracketed note after a space ("fusilados. ([cita requerida]) Según"), then whitespace.
_CANDIDATE = re.compile(
    # The look-behind keeps this linear on long runs of dots. The note is matched
    # atomically (a look-ahead that captures, then a back-reference): possessive
    # quantifiers say the same, but early 3.11 releases mis-handle them on groups
    # (on Debian 12's python3, 3.11.2, no sentence ended before a parenthesis).
    r"""(?<![.!?…])(?P<stop>[.!?…]+)(?P<close>[»"”’'\)\]]*)"""
    r"""(?P<note>(?=(?P<atomic>(?:\[[^\[\]\n]{1,60}\])*(?:\s+\(\[[^\[\]\n]{1,60}\]\))?))"""
    r"""(?P=atomic))(?=\s)"""
)

#: Initials: one or more single upper-case letters, each followed by a dot ("K.", "J.V.").
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")

#: A chain of single lower-case letters with dots ("m.a.o.", "d.v.s."): an abbreviation.
_LETTER_CHAIN = re.compile(r"(?:[^\W\d_]\.){2,}")

#: A day number that may be an ordinal before a month name.
_DAY = re.compile(r"\d{1,2}\.")

#: Characters stripped from the front of the word before a dot ("(bl.a." -> "bl.a.").
_OPENERS = "«\"“„‘'([{¿¡"

#: How far past a candidate to look for the next word (skipping quotes, dashes, "[…]").
_LOOKAHEAD = 40


@dataclass(frozen=True)
class _Rules:
    """The language knowledge the splitter uses, lower-cased for lookup."""

    abbreviations: frozenset[str]
    final_abbreviations: frozenset[str]
    months: frozenset[str]


# ---------------------------------------------------------------------------
# Splitting


def split_sentences(text: str, lang: LanguageData) -> list[tuple[int, int]]:
    """Split one paragraph into sentences; return their ``(start, end)`` spans.

    Spans are in order, do not overlap, and cover no leading or trailing
    whitespace: ``text[start:end]`` is a sentence exactly as written, never
    empty. The rules are set out in the module docstring.

    >>> from checker.languages import load_language
    >>> text = 'Ia lahir 18 Desember [K.J.: 6 Desember] 1878. Ayahnya, "Beso", miskin.'
    >>> [text[s:e] for s, e in split_sentences(text, load_language("id"))]
    ['Ia lahir 18 Desember [K.J.: 6 Desember] 1878.', 'Ayahnya, "Beso", miskin.']
    """
    rules = _rules_for(lang)
    spans: list[tuple[int, int]] = []
    start = 0
    for candidate in _CANDIDATE.finditer(text):
        if _ends_sentence(text, candidate, rules):
            _add_span(spans, text, start, candidate.end())
            start = candidate.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` without its surrounding whitespace, if anything is left."""
    piece = text[start:end]
    left = start + (len(piece) - len(piece.lstrip()))
    right = start + len(piece.rstrip())
    if right > left:
        spans.append((left, right))


def _ends_sentence(text: str, candidate: re.Match[str], rules: _Rules) -> bool:
    """Whether a candidate (terminators, closers, then whitespace) ends a sentence."""
    stop, close = candidate.group("stop"), candidate.group("close")
    stop_at = candidate.start("stop")
    if stop_at > 0 and text[stop_at - 1] in "[(" and close[:1] in ")]":
        return False  # an elision or a remark in brackets: "[…]", "(...)", "(!)"
    first = _next_word_start(text, candidate.end())
    if first is None:
        return False
    char = text[first]
    if char.isalpha() and char.islower():
        return False
    if stop != "." or close or candidate.group("note"):
        return True
    raw = _word_before(text, stop_at + 1)
    word = raw.lower()
    if word in rules.final_abbreviations:
        return True
    if word in rules.abbreviations or (_LETTER_CHAIN.fullmatch(raw) and raw.islower()):
        return False
    if char.isdigit():
        return True
    if _INITIALS.fullmatch(raw) and raw.isupper():
        return False
    if _DAY.fullmatch(raw) and 1 <= int(raw[:-1]) <= 31:
        return _next_word(text, first).lower() not in rules.months
    return True


def _next_word_start(text: str, position: int) -> int | None:
    """Index of the first letter or digit at or after ``position``, skipping
    whitespace and punctuation (quotes, brackets, dashes, "[…]"); None if a
    symbol comes first or nothing does within a short distance."""
    for index in range(position, min(len(text), position + _LOOKAHEAD)):
        char = text[index]
        if char.isalnum():
            return index
        if not (char.isspace() or unicodedata.category(char).startswith("P")):
            return None
    return None


def _next_word(text: str, start: int) -> str:
    """The run of letters starting at ``start``."""
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited word ending at ``end`` (its final dot included),
    without opening quotes or brackets."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _rules_for(lang: LanguageData) -> _Rules:
    table = lang.section("segment")
    return _build_rules(
        lang.code,
        lang.babel_locale,
        _word_list(lang.code, table.get("abbreviations")),
        _word_list(lang.code, table.get("final_abbreviations")),
    )


def _word_list(code: str, value: object) -> tuple[str, ...]:
    """A ``[segment]`` abbreviation list, checked: strings that end in a dot."""
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.endswith(".") for item in value
    ):
        raise LanguageError(
            f"language file {code}.toml: [segment] abbreviations and final_abbreviations "
            "must be lists of strings that end in '.'; fix the file"
        )
    return tuple(value)


@lru_cache(maxsize=32)
def _build_rules(
    code: str, locale: str, abbreviations: tuple[str, ...], final: tuple[str, ...]
) -> _Rules:
    months = {
        str(name).lower()
        for context in ("format", "stand-alone")
        for name in get_month_names("wide", context, locale).values()
    }
    log.debug(
        "segment rules for %s: %d abbreviations, %d months", code, len(abbreviations), len(months)
    )
    return _Rules(
        abbreviations=frozenset(item.lower() for item in abbreviations),
        final_abbreviations=frozenset(item.lower() for item in final),
        months=frozenset(months),
    )


# ---------------------------------------------------------------------------
# Sections and lines


def segment_text(text: str, lang: LanguageData) -> tuple[Sentence, ...]:
    """Split an article's text into sentences with line numbers and section paths.

    Lines are separated by ``\\n``; a ``\\r`` before it is dropped, so files with
    Windows line endings keep their line numbers. ``Sentence.start`` is the
    character offset in the line without that ``\\r``.

    >>> from checker.languages import load_language
    >>> text = "Lead. Mer.\\n== Liv ==\\n=== Barndom ===\\nHan ble født.\\n"
    >>> [(s.line, s.start, s.section, s.text) for s in segment_text(text, load_language("nb"))]
    [(1, 0, '', 'Lead.'), (1, 6, '', 'Mer.'), (4, 0, 'Liv > Barndom', 'Han ble født.')]
    """
    sentences: list[Sentence] = []
    open_headings: dict[int, str] = {}
    section = ""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        heading = _HEADING.match(line)
        if heading:
            level = min(len(heading.group(1)), len(heading.group(3)))
            open_headings = {
                depth: title for depth, title in open_headings.items() if depth < level
            }
            open_headings[level] = heading.group(2)
            section = " > ".join(open_headings[depth] for depth in sorted(open_headings))
            continue
        for start, end in split_sentences(line, lang):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=line[start:end],
                    line=number,
                    start=start,
                    section=section,
                )
            )
    return tuple(sentences)
