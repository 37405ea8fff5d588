"""The data model of language knowledge: frozen dataclasses, read from the TOML files.

`SlotInfo` (one slot of the taxonomy), `Cutover` (a calendar cut-over) and
`BaseData` (all of ``_base.toml``) describe what every language shares;
`LanguageData` holds one language's file. Reading the files is
``checker.languages.shared`` and ``checker.languages.loading``; checking them
is ``checker.languages.validation``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class SlotInfo:
    """One slot of the taxonomy: what a value is about, and how the comparator treats it.

    >>> from checker.languages import base
    >>> base().slots["arrest"].recurs, base().slots["birth"].once
    (True, True)
    """

    key: str
    event: str
    count: str
    place: str
    recurs: bool = False
    once: bool = False
    places: bool = False
    generic: bool = False
    place_only: bool = False
    movement: bool = False
    structural: bool = False
    spans: tuple[str, str] | None = None

    def phrase(self, part: str | None = None) -> str:
        """The slot in an explanation, or the start or end of it (as the comparator words it).

        >>> from checker.languages import base
        >>> base().slots["exile"].phrase("start")
        'the start of exile'
        >>> base().slots["lifespan"].phrase("end")
        'the death'
        """
        if part is None:
            return self.event
        if self.spans is not None:
            # Imported here: the base is built from these classes (shared imports model).
            from checker.languages.shared import base

            return base().slots[self.spans[0 if part == "start" else 1]].event
        return f"the {part} of {self.event.removeprefix('the ')}"


@dataclass(frozen=True)
class Cutover:
    """The day a country began to use the Gregorian calendar."""

    region: str
    gregorian_from: date


@dataclass(frozen=True)
class BaseData:
    """What every language shares, read from ``_base.toml``.

    >>> from checker.languages import base
    >>> b = base()
    >>> b.aliases["no"], b.slots["death"].count, b.julian_cutover.year >= 1918
    ('nb', 'the deaths', True)
    """

    aliases: Mapping[str, str]
    slots: Mapping[str, SlotInfo]
    #: unit key -> how an explanation writes a figure in it ("{} people")
    units: Mapping[str, str]
    structural_units: frozenset[str]
    scripts: tuple[str, ...]
    skeleton: tuple[tuple[str, str], ...]
    cutovers: tuple[Cutover, ...]
    short_decade_century: int
    schema: Mapping[str, Any] = field(repr=False)

    @property
    def julian_cutover(self) -> date:
        """The latest cut-over: an unmarked date before it may be a Julian one somewhere."""
        return max(c.gregorian_from for c in self.cutovers)

    def unit_text(self, unit: str | None, figure: str) -> str:
        """A figure with its unit in English ("700,000 people"), for explanations.

        >>> from checker.languages import base
        >>> base().unit_text("percent", "62"), base().unit_text(None, "3")
        ('62%', '3')
        """
        if unit is None:
            return figure
        return self.units.get(unit, "{} " + unit).format(figure)

    def cutover(self, region: str) -> date | None:
        """The first Gregorian day of a region named in the base file, or None."""
        for item in self.cutovers:
            if item.region == region:
                return item.gregorian_from
        return None

    def _where(self, flag: str) -> frozenset[str]:
        return frozenset(key for key, info in self.slots.items() if getattr(info, flag))

    @property
    def recurring_slots(self) -> frozenset[str]:
        return self._where("recurs")

    @property
    def once_slots(self) -> frozenset[str]:
        return self._where("once")

    @property
    def place_slots(self) -> frozenset[str]:
        return self._where("places")

    @property
    def generic_slots(self) -> frozenset[str]:
        return self._where("generic")

    @property
    def place_only_slots(self) -> frozenset[str]:
        return self._where("place_only")

    @property
    def movement_slots(self) -> frozenset[str]:
        return self._where("movement")

    @property
    def structural_slots(self) -> frozenset[str]:
        return self._where("structural")

    @property
    def lexical_slots(self) -> tuple[str, ...]:
        """Slots a language file names with words: every slot but the structural ones."""
        return tuple(key for key, info in self.slots.items() if not info.structural)


@dataclass(frozen=True)
class LanguageData:
    """What checker knows of one language, read from its data file.

    ``sections`` holds the file's tables (``segment``, ``dates``, ``numbers``,
    ``names``, ``slots``) as read; the stages that use them interpret them.
    ``name`` is the language's English name, for reports ("Norwegian Bokmål").
    """

    code: str
    name: str
    babel_locale: str
    sections: Mapping[str, Mapping[str, Any]] = field(repr=False)
    script: str = "LATIN"

    def section(self, name: str) -> Mapping[str, Any]:
        """One table of the data file (``segment``, ``dates``, ...)."""
        return self.sections[name]
