"""Figures in running text, as intervals that keep estimates and bounds honest.

"anslagsvis 1,5 millioner" and "sekurang-kurangnya 700.000" are not points:
the first is an estimate, the second a lower bound. Each figure becomes a
``NumberInterval`` with its flags and, when the sentence gives one, a unit
("people", "year", "age", "percent"...), so that the comparator can tell a
real disagreement from two compatible ways of saying the same thing.

Digits are read with the language's own CLDR separators first ("13 500",
"700.000", "1,5"), then with the other common convention when the language's
cannot explain the text ("1.5" in a Norwegian sentence). Number words
("seks", "lima belas", "sejuta") and scale words ("millioner", "juta") come
from the data file, and one grammar (``_add``) reads them in every language:
"twenty-five", "treinta y cinco", "veinticinco", "tjuefem", "dua puluh lima",
"half a million" differ only in the data (joiners, glued parts, scales below a
thousand, adders, fractions). Years, dates, ordinals ("2. verdenskrig",
"ke-11") and labels ("nr. 2", "§ 58") are not figures.

>>> from checker.languages import load_language
>>> [f.normalized for f in extract_numbers("unos veinticinco mil", load_language("es"))]
['~25000']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from babel.numbers import NumberFormatError, parse_decimal

from checker.extract.lexicon import SPACE_SEPARATORS, Lexicon, lexicon
from checker.extract.tokens import Token, match_at, match_before, tokenize
from checker.languages import LanguageData
from checker.records import Fact, NumberInterval


def extract_numbers(
    text: str, lang: LanguageData, *, skip: Sequence[tuple[int, int]] = ()
) -> list[Fact]:
    """Every figure in ``text`` outside the ``skip`` spans (dates), sorted by start.

    >>> from checker.languages import load_language
    >>> nb = load_language("nb")
    >>> [f.normalized for f in extract_numbers("minst seks millioner mennesker", nb)]
    ['>=6000000']
    """
    return scan_numbers(text, lexicon(lang), skip=skip)


def parse_figure(raw: str, lex: Lexicon) -> float | None:
    """The value of a digit string written with either common convention, or None.

    The language's own decimal symbol wins when the text fits it ("1,5" is
    1.5 in Norwegian and Indonesian); a separator followed by groups of three
    digits is a thousands separator ("700.000", "13 500").

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


# --- scanning -----------------------------------------------------------------


@dataclass(frozen=True)
class _Numeral:
    base: float
    scale: float
    first: int  # token index
    last: int  # token index just after
    worded: bool

    @property
    def value(self) -> float:
        return self.base * self.scale


def _merge_space_groups(text: str, tokens: list[Token], lex: Lexicon) -> list[Token]:
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


def scan_numbers(
    text: str, lex: Lexicon, *, skip: Sequence[tuple[int, int]] = ()
) -> list[Fact]:
    """Figures of ``text`` for a compiled lexicon; see ``extract_numbers``."""
    tokens = _merge_space_groups(text, tokenize(text), lex)
    blocked = [any(s <= t.start < e or s < t.end <= e for s, e in skip) for t in tokens]
    facts: list[Fact] = []
    i = 0
    while i < len(tokens):
        numeral = None if blocked[i] else _numeral(tokens, i, lex, text)
        if numeral is None:
            i += 1
            continue
        fact, after = _figure(text, tokens, blocked, numeral, lex)
        if fact is not None:
            facts.append(fact)
        i = max(after, i + 1)
    return facts


def _scale_at(tokens: Sequence[Token], index: int, lex: Lexicon) -> tuple[float, int] | None:
    found = match_at(tokens, index, sorted(lex.scales, key=lambda s: (-len(s), s)))
    if found is None:
        return None
    return lex.scales[found[0]], found[1]


def _numeral(tokens: Sequence[Token], index: int, lex: Lexicon, text: str) -> _Numeral | None:
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
        return _Numeral(value, scale, index, end, worded=False)
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


def _worded(tokens: Sequence[Token], index: int, lex: Lexicon, text: str) -> _Numeral | None:
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
        return _Numeral(count.total / count.big, count.big, index, end, worded=True)
    return _Numeral(count.value, 1.0, index, end, worded=True)


def _inside_sentence(tokens: Sequence[Token], index: int) -> bool:
    before = [t for t in tokens[:index] if t.kind != "punct" or t.text in ".!?:;"]
    return bool(before) and before[-1].text not in ".!?:;"


_DASHES = {"-", "–", "—"}
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
    return len(parts) > 2 or any(p.kind != "number" for p in parts) or bool(joiners - _DASHES)


def _figure(
    text: str,
    tokens: Sequence[Token],
    blocked: Sequence[bool],
    first: _Numeral,
    lex: Lexicon,
) -> tuple[Fact | None, int]:
    """Read a whole figure around a numeral: modifiers, a range, the unit."""
    start = first.first
    # Labels and ordinals are not figures.
    if match_before(tokens, start, lex.labels) is not None:
        return None, first.last
    if not first.worded and match_before(tokens, start, lex.ordinal_prefixes) is not None:
        return None, first.last
    if (
        lex.ordinal_dot
        and not first.worded
        and first.scale == 1.0
        and first.last + 1 < len(tokens)
        and tokens[first.last].text == "."
        and tokens[first.last].start == tokens[first.last - 1].end
        and tokens[first.last + 1].kind == "word"
    ):
        return None, first.last + 1
    if (
        first.last < len(tokens)
        and tokens[first.last].text in _DASHES
        and tokens[first.last].start == tokens[first.last - 1].end
        and first.last + 1 < len(tokens)
        and tokens[first.last + 1].kind == "word"
        and tokens[first.last + 1].start == tokens[first.last].end
    ):
        return None, first.last + 2  # "23-årsperiode", "1905-revolusjonen"

    # Modifiers before the figure: estimates, bounds, range openers.
    approximate = at_least = at_most = False
    begin = start
    between = False
    before_opener: int | None = None  # where the figure starts if "fra"/"de" opens no range
    for _ in range(3):
        if (found := match_before(tokens, begin, lex.number_range_between)) is not None:
            between, begin = True, found[1]
        elif (found := match_before(tokens, begin, lex.approximate)) is not None:
            phrase = found[0]
            approximate = True
            at_most = at_most or phrase in lex.at_most
            at_least = at_least or phrase in lex.at_least
            begin = found[1]
        elif (found := match_before(tokens, begin, lex.at_least)) is not None:
            at_least, begin = True, found[1]
        elif (found := match_before(tokens, begin, lex.at_most)) is not None:
            at_most, begin = True, found[1]
        elif (found := match_before(tokens, begin, lex.number_range_from)) is not None:
            before_opener, begin = begin, found[1]
        else:
            break
    if begin < start and blocked[begin]:
        begin = start

    # A range: "6-7 millioner", "lima hingga tujuh juta", "mellom 12 og 15".
    low, high, last = first.value, first.value, first.last
    second = _range_end(tokens, blocked, first, lex, between, text)
    if second is not None:
        numeral, low_value = second
        low, high, last = low_value, numeral.value, numeral.last
        at_least = at_most = False
    elif before_opener is not None and begin < before_opener:
        begin = before_opener  # "de más de 3000": "de" is no range opener here
    unit, after = _unit(tokens, last, lex)
    if _is_age(tokens, begin, after, unit, lex):
        unit = "age"
    if at_least and at_most:
        at_least = at_most = False
    if at_least:
        high = math.inf
    elif at_most:
        low = 0.0
    value = NumberInterval(
        low=low,
        high=high,
        approximate=approximate,
        at_least=at_least,
        at_most=at_most,
        unit=unit,
    )
    char_start, char_end = tokens[begin].start, tokens[last - 1].end
    fact = Fact(
        kind="number",
        text=text[char_start:char_end],
        start=char_start,
        end=char_end,
        value=value,
    )
    return fact, last


def _range_end(
    tokens: Sequence[Token],
    blocked: Sequence[bool],
    first: _Numeral,
    lex: Lexicon,
    between: bool,
    text: str,
) -> tuple[_Numeral, float] | None:
    index = first.last
    if index >= len(tokens):
        return None
    connector_end: int | None = None
    connectors = lex.number_range_to + (lex.number_range_and if between else ())
    if tokens[index].text in _DASHES and not first.worded:
        connector_end = index + 1
    elif (found := match_at(tokens, index, connectors)) is not None:
        connector_end = found[1]
    if connector_end is None or connector_end >= len(tokens) or blocked[connector_end]:
        return None
    second = _numeral(tokens, connector_end, lex, text)
    if second is None:
        return None
    low = first.value
    if first.scale == 1.0 and second.scale > 1.0 and first.base <= second.base:
        low = first.base * second.scale  # "6-7 millioner": the scale belongs to both
    if low > second.value:
        return None
    return second, low


def _unit(tokens: Sequence[Token], index: int, lex: Lexicon) -> tuple[str | None, int]:
    """The unit after a figure, and the index after it; a word of ``before_unit``
    may stand between ("seis millones de personas")."""
    found = _unit_at(tokens, index, lex)
    if found[0] is None and (joined := match_at(tokens, index, lex.before_unit)) is not None:
        after = _unit_at(tokens, joined[1], lex)
        if after[0] is not None:
            return after
    return found


def _unit_at(tokens: Sequence[Token], index: int, lex: Lexicon) -> tuple[str | None, int]:
    best: tuple[int, str, int] | None = None
    for unit, words in sorted(lex.units.items()):
        found = match_at(tokens, index, words)
        if found is not None:
            length = found[1] - index
            if best is None or length > best[0]:
                best = (length, unit, found[1])
    if best is None:
        return None, index
    return best[1], best[2]


def _is_age(
    tokens: Sequence[Token], begin: int, after: int, unit: str | None, lex: Lexicon
) -> bool:
    """"15 år gammel", "berusia 12 tahun", "i en alder av 15 år": an age, not a duration."""
    if unit == "year" and match_at(tokens, after, lex.age_after) is not None:
        return True
    if unit not in (None, "year"):
        return False
    return any(
        match_before(tokens, k, lex.age_before) is not None for k in (begin, begin - 1) if k > 0
    )
