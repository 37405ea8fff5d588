"""Explaining an outlier: one English sentence naming the odd edition and the others.

Values are shown as the comparator formats them; a span that differs at one
end only shows that end (`shown_parts`).
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.compare import consistent, format_date, format_number
from checker.languages import base, language_name
from checker.outliers.model import EditionFact, representative
from checker.records import DateRange, Fact, FactValue, NumberInterval, PartialDate


def explain(odd: EditionFact, majority: Sequence[EditionFact]) -> str:
    """One English sentence naming the odd edition and the others, by their languages' names.

    "The Norwegian Bokmål edition dates the birth to 1879; the English and
    Indonesian editions give 18 December 1878."
    """
    shown = representative(majority)
    a, b, part = shown_parts(odd.fact, shown.fact)
    if odd.fact.kind == "name":
        a, b = odd.fact.text, shown.fact.text
    names = sorted(language_name(e.lang) for e in majority)
    others = f"the {_join(names)} editions" if len(names) > 1 else f"the {names[0]} edition"
    first = f"The {language_name(odd.lang)} edition"
    info = base().slots.get(odd.fact.slot or shown.fact.slot or "")
    if odd.fact.kind == "date":
        event = info.phrase(part) if info is not None else None
        claim = f"{first} dates {event} to {a}" if event else f"{first} gives {a}"
        return f"{claim}; {others} give {b}."
    if odd.fact.kind == "number":
        counted = info.count if info is not None and part is None else None
        claim = f"{first} gives {a}" + (f" for {counted}" if counted else "")
        return f"{claim}; {others} give {b}."
    if info is not None:
        return f"{first} places {info.place} in {a}; {others} in {b}."
    return f"{first} names {a}; {others} name {b}."


def shown_parts(a: Fact, b: Fact) -> tuple[str, str, str | None]:
    """The two values as an explanation shows them, and which part of a span differs.

    Two spans that differ at one end only show that end ("1879" against
    "18 December 1878" for two lifespans); a span against a date of its start
    or end event shows that end.
    """
    x, y = a.value, b.value
    part: str | None = None
    if isinstance(x, DateRange) and isinstance(y, DateRange):
        starts, ends = consistent(x.start, y.start), consistent(x.end, y.end)
        if starts != ends:
            part = "end" if starts else "start"
    elif isinstance(x, DateRange) or isinstance(y, DateRange):
        span_slot, point_slot = (a.slot, b.slot) if isinstance(x, DateRange) else (b.slot, a.slot)
        info = base().slots.get(span_slot) if span_slot else None
        if info is not None and info.spans is not None and point_slot in info.spans:
            part = "start" if point_slot == info.spans[0] else "end"
    return _format(x, part), _format(y, part), part


def _format(value: FactValue, part: str | None) -> str:
    if isinstance(value, DateRange) and part is not None:
        value = value.start if part == "start" else value.end
    if isinstance(value, PartialDate | DateRange):
        return format_date(value)
    if isinstance(value, NumberInterval):
        return format_number(value)
    return value.key


def _join(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
