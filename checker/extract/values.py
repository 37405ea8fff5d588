"""Date values that a bare year, month and day cannot say: parts of a year, and months of no year.

``PartialDate`` holds a year with an optional month and day. Two kinds of date
in the seeds need more than that, and both are kept as subclasses of it, so
that every stage that handles a date handles them too:

- ``VagueDate``: a named part of a year or a decade, "Våren 1913" (spring
  1913), "akhir tahun 1888" (the end of 1888), "slutten av 1940-årene" (the late
  1940s). Its value is the span of months (or years) the part covers, from
  ``PART_MONTHS`` and ``DECADE_PART_YEARS``; the edges are soft, which the
  comparator takes into account.
- ``YearlessDate``: a month that the sentence does not put in a year ("Pada
  bulan Agustus", "fra april til juni"). It agrees with any date in that month
  of any year, and with any date that gives no month.

Part names are language-neutral ("early", "mid", "late", "spring", "summer",
"autumn", "winter"); the language files map their words onto them.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.records import PartialDate

#: Months (first, last) of each named part of a year. "winter" of a year is
#: either the winter that ends early in it or the one that begins at its end,
#: so it runs from the December before to the February after (offsets are in
#: years, relative to the year named).
PART_MONTHS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "early": ((0, 1), (0, 4)),
    "mid": ((0, 5), (0, 8)),
    "late": ((0, 9), (0, 12)),
    "spring": ((0, 3), (0, 5)),
    "summer": ((0, 6), (0, 8)),
    "autumn": ((0, 9), (0, 11)),
    "winter": ((-1, 12), (1, 2)),
}

#: Years (first, last) of a decade's parts, as offsets from its first year.
DECADE_PART_YEARS: dict[str, tuple[int, int]] = {
    "early": (0, 3),
    "mid": (3, 6),
    "late": (6, 9),
}

#: Every part name a language file may use.
PARTS = frozenset(PART_MONTHS)

_ENGLISH_PARTS = {"mid": "mid-{}"}
_ENGLISH_DECADE_PARTS = {"early": "the early {}s", "mid": "the mid-{}s", "late": "the late {}s"}


@dataclass(frozen=True)
class VagueDate(PartialDate):
    """A named part of a year or decade: the span of months it covers, and the part's name.

    ``year`` (and ``decade``) are those of the year or decade the text names;
    ``first`` and ``last`` are the (year, month) of the first and last month
    the part covers.

    >>> spring = part_of(PartialDate(1913), "spring")
    >>> spring.normalized(), spring.first, spring.last
    ('1913-03/1913-05~', (1913, 3), (1913, 5))
    >>> part_of(PartialDate(1940, decade=True), "late").normalized()
    '1946/1949~'
    """

    part: str = ""
    first: tuple[int, int] = (0, 1)
    last: tuple[int, int] = (0, 12)

    def normalized(self) -> str:
        """The months it covers as an ISO 8601 interval, "~" marking its soft edges.

        ("/" and not "..": a range of two parts, "dari akhir 1941 sampai awal
        tahun 1943", is ``1941-09/1941-12~..1943-01/1943-04~``.)
        """
        (y1, m1), (y2, m2) = self.first, self.last
        if m1 == 1 and m2 == 12:
            return f"{y1:04d}/{y2:04d}~"
        return f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}~"

    def english(self) -> str:
        """The part in English: "spring 1913", "late 1888", "the late 1940s"."""
        if self.decade:
            return _ENGLISH_DECADE_PARTS.get(self.part, "the {}s").format(self.year)
        return _ENGLISH_PARTS.get(self.part, self.part + " {}").format(self.year)


@dataclass(frozen=True)
class YearlessDate(PartialDate):
    """A month of a year the text does not give ("Pada bulan Agustus").

    ``year`` is 0 and means nothing; ``normalized()`` is the ISO 8601 form of
    a month without a year.

    >>> YearlessDate(0, 8).normalized()
    '--08'
    """

    def normalized(self) -> str:
        return f"--{self.month or 0:02d}"


def part_of(date: PartialDate, part: str) -> PartialDate:
    """The named part of a year or decade; other dates (a month, a day) are returned unchanged.

    >>> part_of(PartialDate(1888), "late").first
    (1888, 9)
    >>> part_of(PartialDate(1913, 5), "late") == PartialDate(1913, 5)
    True
    """
    if isinstance(date, VagueDate | YearlessDate) or date.month is not None:
        return date
    if date.decade:
        years = DECADE_PART_YEARS.get(part)
        if years is None:
            return date  # "the summer of the 1920s" says nothing more than the decade
        return VagueDate(
            date.year,
            decade=True,
            part=part,
            first=(date.year + years[0], 1),
            last=(date.year + years[1], 12),
        )
    months = PART_MONTHS.get(part)
    if months is None:
        return date
    (dy1, m1), (dy2, m2) = months
    return VagueDate(
        date.year,
        calendar=date.calendar,
        part=part,
        first=(date.year + dy1, m1),
        last=(date.year + dy2, m2),
    )
