"""Mutation self-test: estimate the checker's recall on any pair, with no gold file.

A conflict the checker should find is made on purpose: in a copy of the target
article, values that an aligned source sentence states the same way are
changed (a year moved by 2-7, a figure doubled or halved, a person swapped for
another person the article names), the pair is checked again, and each change
counts as *found* when a cross finding sits on it. Findings of the mutated run
that the unmutated run did not have and that touch no changed value are
*unexplained*: they show how far a few changed values move the rest of the
run (alignment and comparison).

Only public functions of the other stages are used (`check_pair`,
`extract_facts`, `name_key`, `load_language`, the records), so a rewrite of
the aligner or the comparator behind them does not break this harness.

Every change is checked by extracting the facts of the changed sentence again:
a change the extractor does not read as a different value of the same kind is
dropped, so a miss is the comparator's or the aligner's, not a renderer's.
"""

from __future__ import annotations

import logging
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol
from rapidfuzz import fuzz

from checker.config import CheckConfig
from checker.embedding import Encoder
from checker.extract import extract_facts, name_key
from checker.languages import LanguageData, load_language
from checker.records import (
    CheckResult,
    DateRange,
    Fact,
    FactKind,
    Finding,
    NameKey,
    NumberInterval,
    Sentence,
)

log = logging.getLogger(__name__)

#: The kinds of value that are changed, in the order mutations are drawn.
KINDS: tuple[FactKind, ...] = ("date", "number", "name")

#: How far a year moves, either way.
YEAR_SHIFTS: tuple[int, ...] = (-7, -6, -5, -4, -3, -2, 2, 3, 4, 5, 6, 7)

#: Two name tokens are the same name when their keys are this similar (rapidfuzz ratio).
NAME_TOKEN_RATIO = 80.0

_YEAR = re.compile(r"(?<![\d.,])(1\d{3}|20\d{2})(?![\d])")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SPACES = " \u00a0\u202f"


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Counterpart:
    """A source sentence that states the value a mutation changes."""

    line: int
    text: str


@dataclass(frozen=True)
class Mutation:
    """One value changed in the target article.

    Attributes:
        kind: ``date``, ``number`` or ``name``.
        line: 1-based line of the target file; the change stays within it.
        start, end: the changed text's span in the *mutated* line.
        original: the text that was there ("1878", "700.000", "Lenins").
        mutated: the text put in its place ("1881", "1.400.000", "Trotskys").
        original_value, mutated_value: the normalized values the extractor reads
            before and after (never equal).
        sentence, mutated_sentence: the target sentence before and after.
        offset: where the mutated text starts in ``mutated_sentence``.
        counterparts: the aligned source sentences that state the original value.
    """

    kind: FactKind
    line: int
    start: int
    end: int
    original: str
    mutated: str
    original_value: str
    mutated_value: str
    sentence: str
    mutated_sentence: str
    offset: int
    counterparts: tuple[Counterpart, ...]


@dataclass(frozen=True)
class MutationOutcome:
    """A mutation and whether the mutated run's findings caught it.

    ``aligned`` says whether the mutated run's alignment (the pairs of its
    alignment.csv) still pairs the mutated sentence with a counterpart. A miss
    without is most likely the aligner's: the changed value no longer anchors
    the pair (the comparator may still have compared it on other evidence).
    """

    mutation: Mutation
    found: bool
    aligned: bool
    finding_id: str = ""


@dataclass(frozen=True)
class UnexplainedFinding:
    """A cross finding of the mutated run that is new and touches no mutated value."""

    kind: FactKind
    src_value: str
    tgt_value: str
    src_line: int
    tgt_line: int
    tgt_sentence: str
    explanation: str


@dataclass(frozen=True)
class KindRecall:
    """Mutations of one kind found out of those made; ``rate`` is 0.0 when none were made."""

    kind: str
    found: int
    total: int

    @property
    def rate(self) -> float:
        return self.found / self.total if self.total else 0.0


@dataclass(frozen=True)
class MutationReport:
    """Everything a mutation self-test measured, for `format_mutation_report`.

    Attributes:
        requested: how many mutations were asked for; ``outcomes`` may hold
            fewer when the article has too few matched values.
        candidates: per kind, how many target values an aligned source
            sentence states the same way (the pool mutations are drawn from).
        baseline_findings, mutated_findings: cross findings of each run.
        mutated_path: where the mutated copy was written.
    """

    src_path: str
    tgt_path: str
    src_lang: str
    tgt_lang: str
    seed: int
    requested: int
    candidates: tuple[tuple[str, int], ...]
    outcomes: tuple[MutationOutcome, ...]
    recall: tuple[KindRecall, ...]
    unexplained: tuple[UnexplainedFinding, ...]
    baseline_findings: int
    mutated_findings: int
    mutated_path: str


# --- facts and matching -------------------------------------------------------------------


def _figure(fact: Fact) -> str:
    """A figure without its approximation or bound marks: "~40" and ">=40" state 40."""
    return fact.normalized.lstrip("~<>=")


def _dates_agree(a: str, b: str) -> bool:
    """Equal, or one date refines the other ("1878" and "1878-12-18"): not a conflict."""
    if ".." in a or ".." in b or a.endswith("s") or b.endswith("s"):
        return a == b
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def _tokens_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= NAME_TOKEN_RATIO


def _name_tokens(fact: Fact) -> tuple[str, ...]:
    value = fact.value
    return value.tokens if isinstance(value, NameKey) else tuple(fact.normalized.split())


def _states_same(tgt: Fact, src: Fact, persons: Mapping[str, Person]) -> bool:
    """Does the source fact state the value that would be mutated in the target fact?"""
    if tgt.kind != src.kind:
        return False
    if tgt.kind == "date":
        return _dates_agree(tgt.normalized, src.normalized)
    if tgt.kind == "number":
        return _figure(tgt) == _figure(src)
    tokens = _name_tokens(tgt)
    if not tokens or tokens[-1] not in persons:
        return False
    return any(_tokens_match(tokens[-1], token) for token in _name_tokens(src))


@dataclass(frozen=True)
class Person:
    """A person the target article names.

    Attributes:
        key: the surname's name key ("lenin").
        surname: the surname as the article writes it alone ("Lenin").
        full: the full name as the article writes it most often ("Vladimir Lenin").
        forms: every full-name text of the person in the article.
        given: the person's given names in either article, as keys and as
            written, lower-cased ("vladimir", "iosef", "josef").
    """

    key: str
    surname: str
    full: str
    forms: frozenset[str]
    given: frozenset[str] = frozenset()


def find_persons(
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
    lang: LanguageData,
) -> dict[str, Person]:
    """People the target article (in ``lang``) names, by surname key.

    Facts do not say whether a name is a person's, so the articles tell: a
    person's full name ("Vladimir Lenin") is written alike in both editions
    (places and organisations are translated: "Uni Soviet", "Sovjetunionen"),
    and the surname is also used alone ("Lenin"). Both are required. Keys
    that differ by a spelling ("hrushev", "hruschev") map to one person.
    """
    src_names = [f for facts in src_facts for f in facts if f.kind == "name"]
    tgt_names = [f for facts in tgt_facts for f in facts if f.kind == "name"]
    alone = {_name_tokens(f)[0] for f in (*src_names, *tgt_names) if len(_name_tokens(f)) == 1}
    src_multi = [(_name_tokens(f), _given_names(f)) for f in src_names if len(_name_tokens(f)) >= 2]

    def written_in_source(fact: Fact, every: bool) -> bool:
        """Some source name has this surname and one (or ``every``) of these given names."""
        surname, given = _name_tokens(fact)[-1], _given_names(fact)
        test = all if every else any
        return any(
            _tokens_match(surname, tokens[-1])
            and test(any(_names_match(g, o) for o in other) for g in given)
            for tokens, other in src_multi
        )

    full_forms: dict[str, Counter[str]] = {}
    for fact in tgt_names:
        tokens = _name_tokens(fact)
        if (
            len(tokens) >= 2
            and tokens[-1] in alone
            and all(len(t) >= 2 for t in tokens)
            and written_in_source(fact, every=False)
        ):
            counts = full_forms.setdefault(tokens[-1], Counter())
            # Only a name that is all this person's ("Vladimir Lenin", not a
            # run such as "Stalin Simon Sebag Montefiore") is a form to swap whole.
            all_names = len(_given_names(fact)) == len(_WORD.findall(fact.text)) - 1
            counts[fact.text] += 1 if all_names and written_in_source(fact, every=True) else 0
    surnames: dict[str, Counter[str]] = {}
    for fact in tgt_names:
        tokens = _name_tokens(fact)
        if len(tokens) == 1 and tokens[0] in full_forms:
            surnames.setdefault(tokens[0], Counter())[fact.text] += 1
    persons: dict[str, Person] = {}
    by_use = sorted(surnames, key=lambda k: (-sum(surnames[k].values()), k))
    for key in by_use:
        same = next((p for p in persons.values() if _tokens_match(p.key, key)), None)
        if same is not None:
            persons[key] = same
            continue
        # A genitive ("Lenins") would be a poor name to put elsewhere; a full
        # name in another script (a Cyrillic quote) a poor one to put in a sentence.
        written = Counter({t: n for t, n in surnames[key].items() if not _genitive(t, lang)})
        surname = _most_common(written or surnames[key])
        forms = Counter(
            {
                t: n
                for t, n in full_forms[key].items()
                if n and not _genitive(t, lang) and _script(t) == _script(surname)
            }
        )
        given = {
            name
            for tokens, names in src_multi
            if _tokens_match(tokens[-1], key)
            for position in names
            for name in position
        }
        given |= {
            name
            for fact in tgt_names
            if fact.text in forms
            for position in _given_names(fact)
            for name in position
        }
        persons[key] = Person(
            key=key,
            surname=surname,
            full=_most_common(forms) if forms else surname,
            forms=frozenset(t for t, n in full_forms[key].items() if n),
            given=frozenset(given),
        )
    return dict(sorted(persons.items()))


def _given_names(fact: Fact) -> tuple[frozenset[str], ...]:
    """Each given name before the surname, as its key and as written, lower-cased.

    Keys fold transliterations, but the folding can itself part two spellings
    of one given name ("Josef" is "dshosef" from Indonesian and "iosef" from
    Norwegian): either form may match. Only words written as names count
    ("Vladimir", not "XIX" or a particle such as "dze").
    """
    keys = _name_tokens(fact)[:-1]
    written = _WORD.findall(fact.text)[:-1]
    if len(written) != len(keys):
        return tuple(frozenset({k}) for k in keys if len(k) > 1)
    return tuple(
        frozenset({k, w.lower()})
        for k, w in zip(keys, written, strict=True)
        if w[:1].isupper() and any(ch.islower() for ch in w[1:])
    )


def _names_match(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(_tokens_match(x, y) for x in a for y in b)


def _most_common(counts: Counter[str]) -> str:
    """The most frequent text, the alphabetically first of a tie (deterministic)."""
    return min(counts, key=lambda text: (-counts[text], text))


def _genitive(word: str, lang: LanguageData) -> str:
    """The genitive ending of a name ("Lenins" in Norwegian: "s"), or ""."""
    suffix = str(lang.section("names").get("genitive_suffix", ""))
    if not suffix or not word.endswith(suffix) or len(word) <= len(suffix):
        return ""
    same = name_key(word[: -len(suffix)], lang).key == name_key(word, lang).key
    return suffix if same else ""


def _script(text: str) -> frozenset[str]:
    """The scripts of a text's letters ("LATIN", "CYRILLIC", "GEORGIAN")."""
    return frozenset(unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha())


# --- rendering changed values ----------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    """Replace ``text[start:end]`` of a sentence with ``new``."""

    start: int
    end: int
    new: str


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
    group = _most_common(separators) if separators else get_group_symbol(lang.babel_locale)
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


def mutate_year(fact: Fact, rng: random.Random, latest: int) -> list[_Edit]:
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
    return [_Edit(start, end, str(year + shift)) for shift in shifts]


def stated_values(facts: Iterable[Fact]) -> frozenset[str]:
    """The years, figures and name keys some facts state ("year:1917", "number:40", "name:lenin").

    A mutation must not make a value the pair already states there: "1919"
    moved to "1917" beside a source sentence that names 1917 plants no conflict.
    """
    values: set[str] = set()
    for fact in facts:
        if fact.kind == "date":
            values.update("year:" + year for year in re.findall(r"\d{4}", fact.normalized))
        elif fact.kind == "number":
            values.add("number:" + _figure(fact))
        else:
            values.update("name:" + token for token in _name_tokens(fact))
    return frozenset(values)


def mutate_figure(
    fact: Fact, rng: random.Random, words: NumberWords, style: NumberStyle, lang: LanguageData
) -> list[tuple[_Edit, float]]:
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
    options: list[tuple[_Edit, float]] = []
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
            edit = _Edit(fact.start + core.start(), fact.start + end, digits)
            options.append((edit, new * scale))
        return options
    if len(word_cores) != 1 or digit_cores:
        return []
    core = word_cores[0]
    # The words must be the figure: read alone, they give the same value.
    alone = [f for f in extract_facts(core.group(0), lang) if f.kind == "number"]
    if len(alone) != 1 or not _holds_figure(alone[0], figure):
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
        edit = _Edit(
            fact.start + core.start(), fact.start + core.end(), _match_case(rendered, core.group(0))
        )
        options.append((edit, new))
    return options


def swap_person(
    fact: Fact,
    rng: random.Random,
    persons: Mapping[str, Person],
    avoid: frozenset[str],
    lang: LanguageData,
) -> list[tuple[_Edit, str]]:
    """Put another person of the article in place of the person a name fact names.

    A full name ("Vladimir Lenin") becomes the other person's full name, a
    surname ("Lenins") the other surname with the same genitive ending.
    Persons whose names are in ``avoid`` (keys) are not chosen: a swap to a
    person the pair already names is no conflict. Returns the edits to try in
    turn (the other persons in random order), each with that person's key.
    """
    tokens = _name_tokens(fact)
    if not tokens or tokens[-1] not in persons:
        return []
    person = persons[tokens[-1]]
    choices = sorted(
        {
            p.key
            for p in persons.values()
            if p.key != person.key and not any(_tokens_match(p.key, other) for other in avoid)
        }
    )
    rng.shuffle(choices)
    whole = fact.text in person.forms
    if whole:
        # A full name is best replaced by a full name; a surname-only person comes last.
        choices.sort(key=lambda key: not persons[key].forms)
    words = list(_WORD.finditer(fact.text))
    last = max(
        (i for i, w in enumerate(words) if _is_surname(w.group(0), tokens[-1], lang)), default=-1
    )
    if last < 0:
        return []
    # The given names right before the surname go with it ("Winston Churchill"
    # at the end of "Perdana Menteri Britania Raya Winston Churchill").
    first = last
    while first > 0 and _is_given(words[first - 1].group(0), person.given, lang):
        first -= 1
    surname_word = words[last].group(0)
    options: list[tuple[_Edit, str]] = []
    for key in choices:
        other = persons[key]
        if whole and _script(fact.text) == _script(other.full):
            new = other.full + _genitive(fact.text, lang)
            options.append((_Edit(fact.start, fact.end, new), key))
        elif _script(surname_word) == _script(other.surname):
            new = (other.full if first < last else other.surname) + _genitive(surname_word, lang)
            start, end = fact.start + words[first].start(), fact.start + words[last].end()
            options.append((_Edit(start, end, new), key))
    return options


def _is_given(word: str, given: frozenset[str], lang: LanguageData) -> bool:
    names = {word.lower(), *name_key(word, lang).tokens}
    return any(_tokens_match(name, other) for name in names for other in given)


def _is_surname(word: str, key: str, lang: LanguageData) -> bool:
    keys = name_key(word, lang).tokens
    return bool(keys) and _tokens_match(keys[-1], key)


# --- planning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    kind: FactKind
    tgt: int
    fact: int
    counterparts: tuple[int, ...]


def _candidates(
    result: CheckResult,
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
    persons: Mapping[str, Person],
) -> list[_Candidate]:
    """Target values an aligned source sentence states the same way, in file order."""
    sources: dict[tuple[int, int], set[int]] = {}
    for pair in result.alignment.pairs:
        for f_index, fact in enumerate(tgt_facts[pair.tgt]):
            if any(_states_same(fact, other, persons) for other in src_facts[pair.src]):
                sources.setdefault((pair.tgt, f_index), set()).add(pair.src)
    return [
        _Candidate(
            kind=tgt_facts[tgt][f_index].kind,
            tgt=tgt,
            fact=f_index,
            counterparts=tuple(sorted(src)),
        )
        for (tgt, f_index), src in sorted(sources.items())
    ]


@dataclass(frozen=True)
class MutationPlan:
    """The mutations drawn for one seed, and the pool they were drawn from."""

    mutations: tuple[Mutation, ...]
    candidates: tuple[tuple[str, int], ...]


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
                and _holds_figure(change.fact, figure)
                and not stated_values([change.fact]) & avoid
            ):
                return change
        return None
    surname = _name_tokens(fact)[-1]
    names = frozenset(value[5:] for value in avoid if value.startswith("name:"))
    for edit, key in swap_person(fact, rng, context.persons, names, context.lang):
        change = _checked(text, fact, edit, context.lang)
        if change is None:
            continue
        tokens = _name_tokens(change.fact)
        if key in tokens and surname not in tokens:
            return change
    return None


def _checked(text: str, fact: Fact, edit: _Edit, lang: LanguageData) -> Change | None:
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


def plan_mutations(result: CheckResult, count: int, seed: int) -> MutationPlan:
    """Draw up to ``count`` mutations of the target article, deterministically for ``seed``.

    Kinds take turns (date, number, name) so that each kind's recall rests on
    as many changes as the article allows; at most one value changes per
    sentence. A drawn value that cannot be changed plausibly, or whose change
    the extractor does not read as a new value, is skipped.
    """
    src_data, tgt_data = load_language(result.src.lang), load_language(result.tgt.lang)
    src_facts = [extract_facts(s.text, src_data) for s in result.src.sentences]
    tgt_facts = [extract_facts(s.text, tgt_data) for s in result.tgt.sentences]
    context = MutationContext.of(src_facts, tgt_facts, tgt_data)
    pool = _candidates(result, src_facts, tgt_facts, context.persons)

    rng = random.Random(seed)
    queues: dict[FactKind, list[_Candidate]] = {}
    for kind in KINDS:
        queue = [c for c in pool if c.kind == kind]
        rng.shuffle(queue)
        queues[kind] = queue
    used: set[int] = set()
    mutations: list[Mutation] = []
    while len(mutations) < count and any(queues.values()):
        for kind in KINDS:
            while len(mutations) < count and queues[kind]:
                candidate = queues[kind].pop(0)
                if candidate.tgt in used:
                    continue
                made = _mutate(candidate, result, src_facts, tgt_facts, rng, context)
                if made is not None:
                    used.add(candidate.tgt)
                    mutations.append(made)
                    break
    mutations.sort(key=lambda m: (m.line, m.start))
    return MutationPlan(
        mutations=_settle_offsets(mutations),
        candidates=tuple((kind, sum(c.kind == kind for c in pool)) for kind in KINDS),
    )


def _mutate(
    candidate: _Candidate,
    result: CheckResult,
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
    rng: random.Random,
    context: MutationContext,
) -> Mutation | None:
    """The mutation of one candidate value, or None when it cannot be made."""
    sentence = result.tgt.sentences[candidate.tgt]
    fact = tgt_facts[candidate.tgt][candidate.fact]
    others = [f for i, f in enumerate(tgt_facts[candidate.tgt]) if i != candidate.fact]
    for i in candidate.counterparts:
        others += src_facts[i]
    avoid = stated_values(others)
    made = mutate_fact(sentence.text, fact, rng, context, avoid)
    if made is None:
        return None
    return Mutation(
        kind=fact.kind,
        line=sentence.line,
        start=sentence.start + made.start,
        end=sentence.start + made.end,
        original=made.original,
        mutated=made.replacement,
        original_value=fact.normalized,
        mutated_value=made.fact.normalized,
        sentence=sentence.text,
        mutated_sentence=made.text,
        offset=made.start,
        counterparts=tuple(
            dict.fromkeys(
                Counterpart(result.src.sentences[i].line, result.src.sentences[i].text)
                for i in candidate.counterparts
            )
        ),
    )


def _holds_figure(fact: Fact, figure: float) -> bool:
    value = fact.value
    return isinstance(value, NumberInterval) and figure in (value.low, value.high)


def _settle_offsets(mutations: Sequence[Mutation]) -> tuple[Mutation, ...]:
    """Spans in the mutated line: earlier changes on a line shift the later ones."""
    settled: list[Mutation] = []
    shift: dict[int, int] = {}
    for m in mutations:
        offset = shift.get(m.line, 0)
        settled.append(_shifted(m, offset))
        shift[m.line] = offset + len(m.mutated) - len(m.original)
    return tuple(settled)


def _shifted(m: Mutation, offset: int) -> Mutation:
    return replace(m, start=m.start + offset, end=m.end + offset)


def apply_mutations(text: str, mutations: Sequence[Mutation]) -> str:
    """The target file's text with every mutation made; lines and line endings are kept.

    ``mutations`` carry spans in the mutated lines (as `plan_mutations` gives them).
    """
    lines = text.split("\n")
    by_line: dict[int, list[Mutation]] = {}
    for m in mutations:
        by_line.setdefault(m.line, []).append(m)
    for number, line_mutations in by_line.items():
        line = lines[number - 1]
        # Sentence offsets on line 1 count from after a byte-order mark.
        prefix = 1 if number == 1 and line.startswith("\ufeff") else 0
        # Left to right: each span is where its text stands once the earlier
        # changes of the line are made.
        for m in sorted(line_mutations, key=lambda m: m.start):
            start = m.start + prefix
            if line[start : start + len(m.original)] != m.original:
                raise ValueError(f"line {number} does not hold {m.original!r} at {m.start}")
            line = line[:start] + m.mutated + line[start + len(m.original) :]
        lines[number - 1] = line
    return "\n".join(lines)


# --- scoring ------------------------------------------------------------------------------


def _span(finding: Finding) -> tuple[int, int, int]:
    """Line and span, in the line, of a finding's target value."""
    sentence = finding.tgt_sentence
    return (
        sentence.line,
        sentence.start + finding.tgt_fact.start,
        sentence.start + finding.tgt_fact.end,
    )


def _holds(sentence: Sentence, m: Mutation) -> bool:
    """Does the sentence hold the mutated text?"""
    return sentence.line == m.line and sentence.start <= m.start < sentence.start + len(
        sentence.text
    )


def _key(finding: Finding, tgt_text: str) -> tuple[str, str, str, str, str]:
    """What makes two runs' findings the same: the values and both sentence texts."""
    return (
        finding.kind,
        finding.src_fact.normalized,
        finding.tgt_fact.normalized,
        finding.src_sentence.text,
        tgt_text,
    )


def _restored(finding: Finding, mutations: Sequence[Mutation]) -> str:
    """The finding's target sentence as it was before the mutations on it."""
    sentence = finding.tgt_sentence
    text = sentence.text
    inside = [
        m
        for m in mutations
        if m.line == sentence.line
        and sentence.start <= m.start
        and m.end <= sentence.start + len(text)
    ]
    for m in sorted(inside, key=lambda m: m.start, reverse=True):
        start, end = m.start - sentence.start, m.end - sentence.start
        text = text[:start] + m.original + text[end:]
    return text


def score_mutations(
    baseline: CheckResult, mutated: CheckResult, mutations: Sequence[Mutation]
) -> tuple[tuple[MutationOutcome, ...], tuple[KindRecall, ...], tuple[UnexplainedFinding, ...]]:
    """Which mutations the mutated run found, recall by kind, and its unexplained findings.

    A mutation is found by a cross finding on its target sentence whose target
    value covers the changed text and whose source sentence is one that stated
    the original value. Findings are compared across runs by values and both
    sentence texts (a mutated sentence as it was before), never by line or id.
    """
    findings = [f for f in mutated.findings if f.scope == "cross"]
    outcomes: list[MutationOutcome] = []
    for m in mutations:
        hit = next(
            (
                f
                for f in findings
                if (where := _span(f))[0] == m.line
                and where[1] <= m.start
                and where[2] >= m.end
                and Counterpart(f.src_sentence.line, f.src_sentence.text) in m.counterparts
            ),
            None,
        )
        aligned = any(
            _holds(mutated.tgt.sentences[pair.tgt], m)
            and Counterpart(
                mutated.src.sentences[pair.src].line, mutated.src.sentences[pair.src].text
            )
            in m.counterparts
            for pair in mutated.alignment.pairs
        )
        outcomes.append(MutationOutcome(m, hit is not None, aligned, hit.finding_id if hit else ""))
    recall = tuple(
        KindRecall(
            kind,
            sum(o.found for o in outcomes if o.mutation.kind == kind),
            sum(o.mutation.kind == kind for o in outcomes),
        )
        for kind in KINDS
    )
    before = {_key(f, f.tgt_sentence.text) for f in baseline.findings if f.scope == "cross"}
    unexplained: list[UnexplainedFinding] = []
    for f in findings:
        line, start, end = _span(f)
        if any(m.line == line and start < m.end and end > m.start for m in mutations):
            continue
        if _key(f, _restored(f, mutations)) in before:
            continue
        unexplained.append(
            UnexplainedFinding(
                kind=f.kind,
                src_value=f.src_fact.text,
                tgt_value=f.tgt_fact.text,
                src_line=f.src_sentence.line,
                tgt_line=line,
                tgt_sentence=f.tgt_sentence.text,
                explanation=f.explanation,
            )
        )
    return tuple(outcomes), recall, tuple(unexplained)


# --- the whole test -----------------------------------------------------------------------


def run_mutation_test(
    src_path: Path,
    tgt_path: Path,
    *,
    count: int,
    seed: int,
    work_dir: Path,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: CheckConfig = CheckConfig(internal=False),
    encoder: Encoder | None = None,
    reports_dir: Path | None = None,
    baseline: CheckResult | None = None,
) -> MutationReport:
    """Check the pair, mutate a copy of the target in ``work_dir``, check again, score.

    The input files are only read. ``reports_dir``, if given, receives the
    mutated run's reports (for reading a miss in the HTML page). ``baseline``
    is the unmutated run of the same pair and config, when the caller has it
    (several seeds on one pair need it once).

    Raises:
        CheckerError: bad input, a count below 1, or no value to mutate.
    """
    from checker.errors import CheckerError, OutputError
    from checker.pipeline import check_pair, make_encoder

    if count < 1:
        raise CheckerError(f"--mutate must be at least 1, not {count}")
    encoder = encoder if encoder is not None else make_encoder(config)
    if baseline is None:
        log.info("checking the unmutated pair")
        baseline = check_pair(
            src_path, tgt_path, src_lang=src_lang, tgt_lang=tgt_lang, config=config, encoder=encoder
        )
    plan = plan_mutations(baseline, count, seed)
    if not plan.mutations:
        raise CheckerError(
            f"no value of {tgt_path} is stated the same way by an aligned sentence of "
            f"{src_path}; there is nothing to mutate"
        )
    mutated_path = work_dir / tgt_path.name
    if mutated_path.resolve() in (src_path.resolve(), tgt_path.resolve()):
        raise CheckerError(
            f"the mutated copy would overwrite {mutated_path}; keep it in another folder"
        )
    # A byte-order mark stays (as U+FEFF); `apply_mutations` counts offsets after it.
    text = tgt_path.read_bytes().decode("utf-8")
    try:
        work_dir.mkdir(parents=True, exist_ok=True)
        mutated_path.write_bytes(apply_mutations(text, plan.mutations).encode("utf-8"))
    except OSError as error:
        raise OutputError(
            f"cannot write the mutated copy to {mutated_path}: {error.strerror or error}; "
            "choose another folder"
        ) from None
    log.info("checking the pair with %d mutations", len(plan.mutations))
    mutated = check_pair(
        src_path,
        mutated_path,
        src_lang=baseline.src.lang,
        tgt_lang=baseline.tgt.lang,
        config=config,
        encoder=encoder,
    )
    if reports_dir is not None:
        from checker.report import write_reports

        write_reports(mutated, reports_dir)
    outcomes, recall, unexplained = score_mutations(baseline, mutated, plan.mutations)
    return MutationReport(
        src_path=str(src_path),
        tgt_path=str(tgt_path),
        src_lang=baseline.src.lang,
        tgt_lang=baseline.tgt.lang,
        seed=seed,
        requested=count,
        candidates=plan.candidates,
        outcomes=outcomes,
        recall=recall,
        unexplained=unexplained,
        baseline_findings=sum(f.scope == "cross" for f in baseline.findings),
        mutated_findings=sum(f.scope == "cross" for f in mutated.findings),
        mutated_path=str(mutated_path),
    )


def _context(m: Mutation, width: int = 32) -> str:
    """The mutated value in its sentence, marked, cut to ``width`` characters either side."""
    sentence, start = m.mutated_sentence, m.offset
    end = start + len(m.mutated)
    before = sentence[max(0, start - width) : start]
    after = sentence[end : end + width]
    return (
        ("…" if start > width else "")
        + before
        + f"[{m.mutated}]"
        + after
        + ("…" if end + width < len(sentence) else "")
    )


def _result(outcome: MutationOutcome) -> str:
    if outcome.found:
        return "found"
    return "missed" if outcome.aligned else "missed, unaligned"


def format_mutation_report(report: MutationReport) -> str:
    """The figures and every mutation as plain text, for a terminal or an issue note."""
    made = len(report.outcomes)
    pool = ", ".join(f"{kind} {n}" for kind, n in report.candidates)
    found = sum(o.found for o in report.outcomes)
    lines = [
        f"mutation self-test, seed {report.seed}: {made} mutations"
        + (
            f" (of {report.requested} asked; the pool is too small)"
            if made < report.requested
            else ""
        ),
        f"  source {report.src_path} ({report.src_lang}), target {report.tgt_path} "
        f"({report.tgt_lang})",
        f"  values an aligned source sentence states the same way: {pool}",
        "recall by kind",
    ]
    for r in (*report.recall, KindRecall("all", found, made)):
        lines.append(f"  {r.kind:<28}{f'{r.found}/{r.total}':>8}  {r.rate:6.2f}")
    missed = [o for o in report.outcomes if not o.found]
    lost = sum(not o.aligned for o in missed)
    lines.append(f"  {'misses no longer aligned':<28}{f'{lost}/{len(missed)}':>8}")
    lines.append("mutations")
    for o in report.outcomes:
        m = o.mutation
        sources = ",".join(dict.fromkeys(str(c.line) for c in m.counterparts))
        lines.append(
            f"  line {m.line:>4}  {m.kind:<6}  {_result(o):<17}  "
            f"{m.original} → {m.mutated}  (src line {sources})  {_context(m)}"
        )
    lines.append(
        f"unexplained findings{'':<8}{len(report.unexplained):>8}  "
        "(new cross findings on no mutated value)"
    )
    for u in report.unexplained:
        lines.append(
            f"  line {u.tgt_line:>4}  {u.kind:<6}  {u.src_value} → {u.tgt_value}  "
            f"(src line {u.src_line})  {u.explanation}"
        )
    lines.append(
        f"cross findings{'':<14}{report.baseline_findings:>8}  unmutated, "
        f"{report.mutated_findings} mutated"
    )
    return "\n".join(lines)
