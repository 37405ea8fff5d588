"""Compare: the facts of two sentences, value against value, into findings.

Two sentences that make the same claim often carry several dates or figures
each, and not all of them are about the same thing. So facts are first paired
with their counterparts, and only pairs are judged:

1. **Agreement.** A fact that agrees with some fact of the same kind on the
   other side (same slot, or a side that does not say) has a counterpart and
   is never reported: a year agrees with a full date inside it (precision), a
   Julian date with its Gregorian form, a point with a range that holds it,
   an estimate with a figure inside its tolerance.
2. **Same slot.** Of the rest, facts with the same slot pair up when both
   sides have as many of them (in order of position). Figures in the generic
   "death" slot pair only when each sentence has no other figure. Dates of an
   event that recurs (``RECURRING_SLOTS``: arrests, exiles, treaties,
   congresses...) pair only when plausibly one occasion (``_plausible``), or
   when the same person or place stands next to both (``_tied_by_name``).
3. **Lifespan.** A bracketed range after a name ("(1879–1953)") is a birth
   and a death: its start pairs with a lone birth date on the other side, its
   end with a lone death date, unless the two sentences name different people.
4. **Sole pair** (between two articles only). Facts left on each side whose
   slot the other sentence does not mention, at least one of the two without
   a slot (the other's not generic), are about the same thing when the same
   person or place stands next to both (``_tied_by_name``). Only plausible
   pairs count (``_plausible``): dates at most ``SOLE_MAX_YEARS`` apart (a
   month of no year only against another), figures that say what they count
   and are at most ``SOLE_MAX_RATIO`` times apart. Such a pair is judged at
   the precision both sides are sure of: a season or part of a year as its
   whole year.
5. **Places** (``_place_pairs``). A place is a name after a place preposition
   ("i Sibir", "di desa Solvychegodsk"); it is in the slots of the event words
   near it. Two places pair when they share a slot of ``PLACE_SLOTS`` and are
   the only places in it on each side, unless the other sentence names either
   of them anywhere (one may lie inside the other: no gazetteer is used), the
   sentences' dates are years apart, or they name different people.

Judging a pair of dates. Dates are spans of days: a year holds its days, a
season or part of a year ("Våren 1913", "akhir tahun 1888") the months it
names (``checker.extract.values``), a month of no year ("Pada bulan Agustus")
that month in any year. Dates agree when one holds the other, or overlap when
one is a season or part of a year. Disagreeing dates are *soft* when both may
still be right (``_near_miss``): the same day in the Julian and Gregorian
calendars; two dates of month precision before 1918 that overlap when one is
read as Julian ("Februari 1913" / "7. mars 1913"); a season or part of a year
that ends right where the other date begins ("februar 1913" / "Våren 1913":
where spring begins is convention). Other different days, months or years are
*hard* ("januar 1913" / "Våren 1913").

Figures are intervals: an estimate ("approximate") is widened by
``APPROXIMATE_TOLERANCE`` on each side, a round figure ("800 000") is also read
as rounded to its last non-zero digit; intervals that still overlap are
*soft*, disjoint ones *hard*. Figures in different units are never compared.
Places are reported only when their keys are clearly different
(``NAME_DIFFERENT``): "Sibir" against "Solvychegodsk", not "Wien" against "Wina".

Inside one article (``scope="internal"``) the sole-pair rule is off, places
are not compared, and only claims that cannot be about two occasions are
compared (``_internal_worthy``), or two dates of one event that nearly meet.

Everything here is symmetric: swapping the two sides gives the same findings
with their sides swapped, and a sentence compared with itself gives nothing.

One module per responsibility, imports only downward: ``constants``
(thresholds, slot sets), ``calendars`` (dates as spans of days, Julian and
Gregorian), ``consistency`` (do two values agree), ``sides`` (one sentence as
the matcher reads it), ``verdict`` (hard or soft, the confidence),
``matching`` (which facts are counterparts), ``explanations`` (the English
sentence of a finding) and ``comparator`` (``compare_facts``: all of it, by
scope). The names below are the package's API; import them from here.
"""

from checker.compare.calendars import Bounds
from checker.compare.comparator import compare_facts
from checker.compare.consistency import (
    Interval,
    Value,
    consistent,
    facts_agree,
    facts_restate,
    names_match,
    rounding_half_unit,
)
from checker.compare.constants import (
    APPROXIMATE_TOLERANCE,
    BARE_COUNT_MIN,
    BASIS_CONFIDENCE,
    JULIAN_UNTIL,
    MAX_YEARS_APART,
    MOVEMENT_SLOTS,
    NAME_DIFFERENT,
    NAME_PREFIX,
    NAME_SAME,
    NAME_TIE_WORDS,
    ONCE_SLOTS,
    PLACE_MAX_YEARS,
    PLACE_SLOTS,
    RECURRING_SLOTS,
    SLOT_MIN_ALIGNMENT,
    SOFT_FACTOR,
    SOLE_MAX_RATIO,
    SOLE_MAX_YEARS,
    SOLE_MIN_ALIGNMENT,
    SUBJECT_SAME,
    SURE_ALIGNMENT,
    Basis,
    Role,
)
from checker.compare.explanations import english_place, explain, format_date, format_number
from checker.compare.matching import slots_comparable

__all__ = [
    "APPROXIMATE_TOLERANCE",
    "BARE_COUNT_MIN",
    "BASIS_CONFIDENCE",
    "JULIAN_UNTIL",
    "MAX_YEARS_APART",
    "MOVEMENT_SLOTS",
    "NAME_DIFFERENT",
    "NAME_PREFIX",
    "NAME_SAME",
    "NAME_TIE_WORDS",
    "ONCE_SLOTS",
    "PLACE_MAX_YEARS",
    "PLACE_SLOTS",
    "RECURRING_SLOTS",
    "SLOT_MIN_ALIGNMENT",
    "SOFT_FACTOR",
    "SOLE_MAX_RATIO",
    "SOLE_MAX_YEARS",
    "SOLE_MIN_ALIGNMENT",
    "SUBJECT_SAME",
    "SURE_ALIGNMENT",
    "Basis",
    "Bounds",
    "Interval",
    "Role",
    "Value",
    "compare_facts",
    "consistent",
    "english_place",
    "explain",
    "facts_agree",
    "facts_restate",
    "format_date",
    "format_number",
    "names_match",
    "rounding_half_unit",
    "slots_comparable",
]
