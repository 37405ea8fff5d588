"""Explanations: the plain-English sentence that tells an editor what disagrees.

Dates, figures and places in English ("18 December 1878", "about 1.5
million", "Sveits (Switzerland)") and the sentence around them, from a pair
and its verdict. Separate because it is wording only: nothing here decides
whether there is a finding.
"""

from __future__ import annotations

from functools import cache

from babel.dates import get_month_names

from checker.compare.consistency import Value
from checker.compare.constants import Role
from checker.compare.verdict import _Pair, _Verdict
from checker.extract.slots import LIFESPAN
from checker.extract.values import VagueDate, YearlessDate
from checker.languages import LanguageData, base
from checker.records import DateRange, Fact, FactKind, NumberInterval, PartialDate, Scope

_ENGLISH_MONTHS = {int(k): str(v) for k, v in get_month_names("wide", locale="en").items()}


def format_date(value: PartialDate | DateRange) -> str:
    """A date in English for an explanation: "18 December 1878", "May 1872", "the 1920s".

    Parts of a year and months of no year too: "spring 1913", "August".

    >>> format_date(PartialDate(1878, 12, 18))
    '18 December 1878'
    """
    if isinstance(value, DateRange):
        start, end = value.start, value.end
        if (
            start.year == end.year
            and start.month is not None
            and start.day is None
            and end.day is None
            and not isinstance(start, VagueDate | YearlessDate)
            and not isinstance(end, VagueDate)
        ):
            return f"{_ENGLISH_MONTHS[start.month]}–{format_date(end)}"  # May–June 1907
        joiner = " – " if start.day or end.day else "–"
        return f"{format_date(start)}{joiner}{format_date(end)}"
    if isinstance(value, VagueDate):
        return value.english()
    if isinstance(value, YearlessDate) and value.month is not None:
        return _ENGLISH_MONTHS[value.month]
    if value.decade:
        return f"the {value.year}s"
    if value.month is None:
        return str(value.year)
    month = _ENGLISH_MONTHS[value.month]
    if value.day is None:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _figure(value: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size and round(value / size, 2) * size == value:
            return f"{value / size:g} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,g}"


def format_number(value: NumberInterval) -> str:
    """A figure in English: "about 1.5 million", "at least 700,000 people", "5–7 million".

    >>> format_number(NumberInterval(5e6, 7e6))
    '5–7 million'
    """
    prefix = "about " if value.approximate else ""
    if value.at_least and not value.at_most:
        text = "at least " + _figure(value.low)
    elif value.at_most and not value.at_least:
        text = "at most " + _figure(value.high)
    elif value.low == value.high:
        text = _figure(value.low)
    else:
        low, high = _figure(value.low), _figure(value.high)
        if low.endswith(" million") and high.endswith(" million"):
            text = f"{low.removesuffix(' million')}–{high}"
        else:
            text = f"{low}–{high}"
    return prefix + base().unit_text(value.unit, text)


def _format(value: Value) -> str:
    if isinstance(value, PartialDate | DateRange):
        return format_date(value)
    if isinstance(value, NumberInterval):
        return format_number(value)
    return value.key


def _event(fact: Fact, other: Fact, part: Role) -> str | None:
    """The event both sides speak of, or None when they do not both say."""
    slot = fact.slot if fact.slot == other.slot else None
    if fact.slot != other.slot and LIFESPAN in (fact.slot, other.slot):
        slot = LIFESPAN
    if slot is None:
        return None
    info = base().slots.get(slot)
    if info is None:
        return "the " + slot.replace("_", " ")
    return info.phrase(None if part == "whole" else part)


def explain(
    pair: _Pair,
    verdict: _Verdict,
    src_lang: LanguageData,
    tgt_lang: LanguageData,
    scope: Scope,
) -> str:
    """One plain English sentence that tells an editor what disagrees."""
    if scope == "internal":
        first, second = f"One sentence of the {src_lang.name} text", "another"
    else:
        first, second = f"The {src_lang.name} text", f"the {tgt_lang.name} text"
    a, b = _format(verdict.src_value), _format(verdict.tgt_value)
    kind: FactKind = pair.src.kind
    event = _event(pair.src, pair.tgt, verdict.part)
    if kind == "date":
        claim = f"{first} dates {event} to {a}" if event else f"{first} gives {a}"
        tail = {
            "vague": (
                ", right next to it: a season or part of a year has no sharp edges, "
                "so both may mean the same time"
            ),
        }.get(verdict.reason, "" if event else " for what looks like the same event")
        return f"{claim}; {second} gives {b}{tail}."
    if kind == "number":
        slot = pair.src.slot if pair.src.slot == pair.tgt.slot else None
        counted = base().slots[slot].count if slot is not None and slot in base().slots else ""
        claim = f"{first} gives {a}" + (f" for {counted}" if counted else "")
        tail = {
            "overlap": ", an estimate that overlaps but does not match",
            "rounding": ", which may be the same figure rounded",
        }.get(verdict.reason, "")
        return f"{claim}; {second} gives {b}{tail}."
    slot = pair.src.slot if pair.src.slot == pair.tgt.slot else None
    if slot is not None and pair.basis != "person":
        what = base().slots[slot].place if slot in base().slots else (event or "the event")
        here, there = english_place(pair.src.text, src_lang), english_place(pair.tgt.text, tgt_lang)
        return f"{first} places {what} in {here}; {second} in {there}."
    where = f" for {event}" if event else ""
    return f"{first} names {pair.src.text}{where}; {second} names {pair.tgt.text}."


def english_place(name: str, lang: LanguageData) -> str:
    """A place as an English reader knows it, where CLDR knows it: "Sveits (Switzerland)".

    CLDR names every country and territory in every language, so a country in
    any edition's spelling is given its English name too; other places (cities,
    regions) are shown as written.

    >>> from checker.languages import load_language
    >>> english_place("Sveits", load_language("nb")), english_place("Gori", load_language("nb"))
    ('Sveits (Switzerland)', 'Gori')
    """
    english = _english_territories(lang.babel_locale).get(name.casefold())
    return f"{name} ({english})" if english and english != name else name


@cache
def _english_territories(locale: str) -> dict[str, str]:
    from babel import Locale

    local, english = Locale.parse(locale).territories, Locale("en").territories
    return {str(v).casefold(): str(english[k]) for k, v in local.items() if k in english}
