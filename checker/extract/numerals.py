"""One numeral in digits or in words, with its scale words: the pieces a figure is read from.

Digits are read with the language's own CLDR separators first, then with the
other common convention (``parse_figure``); number words and scale words come
from the data file, and one grammar (``_add``) reads them in every language.
Digits that belong to a word, a code or a time are no numeral.
``checker.extract.numbers`` reads the figure around a numeral.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from babel.numbers import NumberFormatError, parse_decimal

from checker.extract.lexicon import SPACE_SEPARATORS, Lexicon
from checker.extract.tokens import Token, match_at


def parse_figure(raw: str, lex: Lexicon) -> float | None:
    """The value of a digit string written with either common convention, or None.

    The language's own decimal symbol wins when the text fits it ("1,5" is
    1.5 in Norwegian and Indonesian); a separator followed by groups of three
    digits is a thousands separator ("700.000", "13 500").

    >>> from checker.extract.lexicon import lexicon
    >>> from checker.languages import load_language
    >>> parse_figure("700.000", lexicon(load_language("id")))
    700000.0
    """
    text = "".join(" " if ch in SPACE_SEPARATORS else ch for ch in raw.strip())
    if not text or not text[0].isdigit():
        return None
    integer, fraction = text, ""
    if " " in text:
        head, _, tail = text.rpartition(" ")
        decimal_tail = tail.split(lex.decimal_symbol) if lex.decimal_symbol in ",." else [tail]
        parts = [*head.split(" "), decimal_tail[0]]
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
            return None
        integer = "".join(parts)
        fraction = decimal_tail[1] if len(decimal_tail) == 2 else ""
    else:
        separators = [ch for ch in text if ch in ".,"]
        if len(set(separators)) == 2:
            decimal = text[max(text.rfind("."), text.rfind(","))]
            group = "," if decimal == "." else "."
            integer, _, fraction = text.partition(decimal)
            if fraction.count(group) or not _grouped(integer.split(group)):
                return None
            integer = integer.replace(group, "")
        elif separators:
            sep = separators[0]
            pieces = text.split(sep)
            if len(pieces) > 2:
                if not _grouped(pieces):
                    return None
                integer = "".join(pieces)
            elif sep == lex.decimal_symbol or len(pieces[1]) != 3 or not _grouped(pieces):
                integer, fraction = pieces
            else:
                integer = "".join(pieces)
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        return None
    canonical = integer + (lex.decimal_symbol + fraction if fraction else "")
    try:
        return float(parse_decimal(canonical, locale=lex.babel_locale, strict=False))
    except NumberFormatError:
        return None


def _grouped(pieces: Sequence[str]) -> bool:
    return 1 <= len(pieces[0]) <= 3 and all(len(p) == 3 for p in pieces[1:])


@dataclass(frozen=True)
class Numeral:
    """A number in digits or words and its scale words: tokens ``first`` to ``last``."""

    base: float
    scale: float
    first: int  # token index
    last: int  # token index just after
    worded: bool

    @property
    def value(self) -> float:
        return self.base * self.scale


def merge_space_groups(text: str, tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Join "786 098" into one number token when the language groups with spaces."""
    if not lex.space_grouping:
        return tokens
    merged: list[Token] = []
    for token in tokens:
        if (
            merged
            and token.kind == "number"
            and merged[-1].kind == "number"
            and len(token.text) == 3
            and token.text.isdigit()
            and token.start - merged[-1].end == 1
            and text[merged[-1].end] in SPACE_SEPARATORS
            and _groupable(merged[-1].text)
        ):
            prev = merged.pop()
            merged.append(Token(text[prev.start : token.end], prev.start, token.end, "number"))
        else:
            merged.append(token)
    return merged


def _groupable(text: str) -> bool:
    groups = "".join(" " if ch in SPACE_SEPARATORS else ch for ch in text).split(" ")
    return groups[0].isdigit() and _grouped(groups)


def _scale_at(tokens: Sequence[Token], index: int, lex: Lexicon) -> tuple[float, int] | None:
    found = match_at(tokens, index, sorted(lex.scales, key=lambda s: (-len(s), s)))
    if found is None:
        return None
    return lex.scales[found[0]], found[1]


def read_numeral(tokens: Sequence[Token], index: int, lex: Lexicon, text: str) -> Numeral | None:
    """A number written in digits or words starting at ``tokens[index]``, with scale words."""
    token = tokens[index]
    if token.kind == "number":
        if _glued(tokens, index) or _is_code(tokens, index):
            return None
        value = parse_figure(token.text, lex)
        if value is None:
            return None
        scale, end = 1.0, index + 1
        while (found := _scale_at(tokens, end, lex)) is not None:
            scale, end = scale * found[0], found[1]
        return Numeral(value, scale, index, end, worded=False)
    if token.kind != "word":
        return None
    return _worded(tokens, index, lex, text)


@dataclass(frozen=True)
class _Count:
    """The running value of a number in words: closed groups (``total``) and the open one.

    ``group`` is the part below the last big scale (thousand and up) read so
    far; ``big`` the last big scale applied (0 before any).
    """

    total: float = 0.0
    group: float = 0.0
    big: float = 0.0
    pieces: int = 0
    fraction: bool = False  # the group is a fraction waiting for its scale ("half a")

    @property
    def value(self) -> float:
        return self.total + self.group


_Piece = tuple[str, float]  # ("word" | "scale" | "adder" | "fraction" | "one", value)


def _place(value: float) -> float:
    """The place of a number's last non-zero digit: 20 -> 10, 300 -> 100, 25 -> 1."""
    place = 1.0
    while value >= place * 10 and value % (place * 10) == 0:
        place *= 10
    return place


def _add(count: _Count, piece: _Piece, alone: bool) -> _Count | None:
    """The count with one more piece, or None when the piece cannot continue this number.

    The one grammar of every language's number words: a word adds to the open
    group if it is smaller than the place of the group's last digit ("twenty"
    + "five", "doscientos" + "treinta", "dua puluh" + "lima"); an adder adds to
    a single digit ("lima" + "belas"); a scale below a thousand multiplies the
    digits below it ("dua" + "puluh", "two" + "hundred", "tre" + "hundre"); a
    scale of a thousand and up closes the group ("seis" + "millones"). A scale
    may open a number on its own when the language says so (``scales_alone``:
    "tusen", "mil"). A fraction opens a number that a scale must close ("half a
    million", "medio millón", "setengah juta") or ends one after its scale
    ("millón y medio").
    """
    kind, value = piece
    group = count.group
    if kind == "one":
        if count.fraction and count.pieces == 1:
            return replace(count, pieces=2)  # "half a million"
        return None if count.pieces else replace(count, group=1.0, pieces=1)
    if kind == "fraction":
        if count.pieces == 0:
            return replace(count, group=value, pieces=1, fraction=True)
        if count.big and not group and not count.fraction:
            return replace(count, total=count.total + value * count.big, pieces=count.pieces + 1,
                           fraction=True)
        return None
    if count.fraction and (kind != "scale" or count.big):
        return None
    if kind == "word":
        if group and value >= _place(group):
            return None
        return replace(count, group=group + value, pieces=count.pieces + 1)
    if kind == "adder":
        if not 0 < group < 10:
            return None
        return replace(count, group=group + value, pieces=count.pieces + 1)
    # a scale
    if not group:
        if count.pieces == 0 and alone:
            group = 1.0
        elif value >= 1000 and count.total and value > count.big:
            return replace(count, total=count.total * value, big=value, pieces=count.pieces + 1)
        else:
            return None
    if value < 1000:
        small = group % value
        if not small:
            return None
        return replace(
            count, group=group - small + small * value, pieces=count.pieces + 1, fraction=False
        )
    if count.big and value > count.big:
        total = (count.total + group) * value
    elif count.big and value == count.big:
        return None
    else:
        total = count.total + group * value
    return _Count(total=total, group=0.0, big=value, pieces=count.pieces + 1)


def _word_pieces(word: str, lex: Lexicon) -> tuple[_Piece, ...] | None:
    """The number pieces of one word: itself, or the parts a compound is glued from."""
    if word in lex.number_words:
        return (("word", lex.number_words[word]),)
    if word in lex.scales:
        return (("scale", lex.scales[word]),)
    if word in lex.adders:
        return (("adder", lex.adders[word]),)
    if word in lex.fractions:
        return (("fraction", lex.fractions[word]),)
    return _glued_pieces(word, _piece_table(lex))


def _piece_table(lex: Lexicon) -> dict[str, _Piece]:
    cached = _PIECE_CACHE.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    table: dict[str, _Piece] = {}
    for words, kind in ((lex.glued_parts, "word"), (lex.number_words, "word"),
                        (lex.scales, "scale"), (lex.adders, "adder")):
        for text, value in words.items():
            if text.isalpha():
                table.setdefault(text, (kind, value))
    _PIECE_CACHE[id(lex)] = (lex, table)
    return table


_PIECE_CACHE: dict[int, tuple[Lexicon, dict[str, _Piece]]] = {}


def _glued_pieces(word: str, table: dict[str, _Piece]) -> tuple[_Piece, ...] | None:
    """Split a compound written as one word ("veinticinco", "tjugofem", "sejuta") into pieces.

    Only a word made entirely of known pieces, at least two, counts; of the
    ways to split it the one with the fewest pieces wins.
    """
    if len(word) < 4 or not table:
        return None
    best: list[tuple[_Piece, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for begin in range(end):
            head = best[begin]
            piece = table.get(word[begin:end])
            if head is None or piece is None:
                continue
            candidate = (*head, piece)
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    found = best[len(word)]
    return found if found is not None and len(found) >= 2 else None


def _worded(tokens: Sequence[Token], index: int, lex: Lexicon, text: str) -> Numeral | None:
    word = tokens[index]
    low = word.lower
    if low in lex.one_words:
        first_pieces: tuple[_Piece, ...] | None = (("one", 1.0),)
    else:
        first_pieces = _word_pieces(low, lex) if word.kind == "word" else None
    if first_pieces is None:
        return None
    if word.text[0].isupper() and _inside_sentence(tokens, index):
        return None  # "Rencana Lima Tahun": part of a name
    count: _Count | None = _Count()
    end = index
    while end < len(tokens):
        start = end
        if end > index and (joined := match_at(tokens, end, lex.joiners)) is not None:
            if tokens[end].kind == "punct" and not (
                _touching(tokens[end - 1], tokens[end])
                and joined[1] < len(tokens)
                and _touching(tokens[joined[1] - 1], tokens[joined[1]])
            ):
                break  # a hyphen joins only what it touches: "twenty-five"
            start = joined[1]
        if start >= len(tokens) or tokens[start].kind != "word":
            break
        if start == index:
            pieces: tuple[_Piece, ...] | None = first_pieces
        elif tokens[start].lower in lex.one_words:
            pieces = (("one", 1.0),)  # only after a fraction: "half a million"
        else:
            pieces = _word_pieces(tokens[start].lower, lex)
        if pieces is None:
            break
        trial: _Count | None = count
        for piece in pieces:
            assert trial is not None
            trial = _add(trial, piece, tokens[start].lower in lex.scales_alone)
            if trial is None:
                break
        if trial is None:
            break
        count, end = trial, start + 1
    assert count is not None
    if end == index or not count.value or (count.fraction and not count.big):
        return None  # nothing, or a fraction with no scale ("half")
    if low in lex.one_words and not count.big and count.value == 1.0 and count.pieces == 1:
        return None  # "en", "satu", "a": an article unless a scale follows
    if count.big and not count.group:
        # "tujuh juta": keep the scale apart, so "lima hingga tujuh juta" can share it.
        return Numeral(count.total / count.big, count.big, index, end, worded=True)
    return Numeral(count.value, 1.0, index, end, worded=True)


def _inside_sentence(tokens: Sequence[Token], index: int) -> bool:
    before = [t for t in tokens[:index] if t.kind != "punct" or t.text in ".!?:;"]
    return bool(before) and before[-1].text not in ".!?:;"


#: Dashes between two figures of a range ("6-7"), or a figure and a word ("23-årsperiode").
DASHES = {"-", "–", "—"}


_JOINERS = {"-", "–", "/", ":"}


def _touching(left: Token, right: Token) -> bool:
    return left.end == right.start


def _glued(tokens: Sequence[Token], index: int) -> bool:
    """Digits that are part of a word: "T34", "m2", "1878greg"."""
    token = tokens[index]
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return bool(
        (before is not None and _touching(before, token) and before.kind == "word")
        or (after is not None and _touching(token, after) and after.kind == "word")
    )


def _is_code(tokens: Sequence[Token], index: int) -> bool:
    """Digits inside a code or a time rather than a figure or a range.

    Tokens joined without spaces by "-", "/" or ":" form a chain: "0-06-019524-X"
    (three parts or more, or a letter part), "00:30" or "2/3" is a code;
    "6-7" (two numbers and a dash) may be a range and is left to the range reader.
    """
    first = index
    while (
        first >= 2
        and tokens[first - 1].text in _JOINERS
        and _touching(tokens[first - 1], tokens[first])
        and _touching(tokens[first - 2], tokens[first - 1])
        and tokens[first - 2].kind != "punct"
    ):
        first -= 2
    last = index
    while (
        last + 2 < len(tokens)
        and tokens[last + 1].text in _JOINERS
        and _touching(tokens[last], tokens[last + 1])
        and _touching(tokens[last + 1], tokens[last + 2])
        and tokens[last + 2].kind != "punct"
    ):
        last += 2
    if first == last:
        return False
    parts = tokens[first : last + 1 : 2]
    joiners = {t.text for t in tokens[first + 1 : last : 2]}
    return len(parts) > 2 or any(p.kind != "number" for p in parts) or bool(joiners - DASHES)
