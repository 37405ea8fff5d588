"""The comparator's constants: thresholds, slot sets and the names of its choices.

Every number that decides whether two values are compared, how alike two
names must be, or how sure a finding is, stands here, so that tuning one does
not mean reading the rules that use it. The slot sets come from the base
data (``checker/languages/_base.toml``). Imports no other module of
``checker.compare``: every one of them may read these.
"""

from __future__ import annotations

from typing import Literal

from checker.extract.slots import LIFESPAN
from checker.languages import base

#: An estimate ("omtrent", "sekitar") is read as the figure give or take this fraction.
APPROXIMATE_TOLERANCE = 0.10


#: Two name keys are "the same name" at or above this rapidfuzz ratio (surname or whole key).
NAME_SAME = 85.0


#: Two name keys are "clearly different" when no pair of their words reaches this ratio.
NAME_DIFFERENT = 60.0


#: Two subjects (the person an event is about) are compatible at or above this ratio.
SUBJECT_SAME = 80.0


#: A lone pair of dates (no event word ties them) further apart than this many
#: years, or figures more than this many times apart, are taken to be about
#: different things rather than to disagree.
SOLE_MAX_YEARS = 2


SOLE_MAX_RATIO = 10.0


#: How sure the alignment must be before two sentences' values are compared
#: across articles. The aligner keeps pairs on little evidence (a missed pair
#: hides a conflict), so below ``SURE_ALIGNMENT`` a finding also needs values
#: that differ modestly (as for a lone pair, see ``_plausible``): two
#: conferences or two books years apart are two events, not a conflict.
#: Values in the same event slot are compared from ``SLOT_MIN_ALIGNMENT`` up
#: (or on a pair the aligner made for that claim), a lone pair of values with no
#: event word to tie them from ``SOLE_MIN_ALIGNMENT``.
SURE_ALIGNMENT = 0.5


SLOT_MIN_ALIGNMENT = 0.15


SOLE_MIN_ALIGNMENT = 0.2


#: A figure with no unit counts as a count of people only from this size up.
BARE_COUNT_MIN = 1000.0


#: The slot taxonomy is data (``checker/languages/_base.toml``): slots in which
#: places are compared (where someone was born, held, exiled...; not where someone
#: went: a journey has many stops), events of moving people about (whose figures
#: an article gives for many groups, so they are not compared inside one
#: article), events that happen to one person many times (two dates in one are
#: compared only when plausibly one occasion, ``_plausible``), and events that
#: happen once (the only dates compared inside one article).
PLACE_SLOTS = base().place_slots


MOVEMENT_SLOTS = base().movement_slots


RECURRING_SLOTS = base().recurring_slots


ONCE_SLOTS = base().once_slots


#: Two sentences whose dates are all more than this many years apart are not
#: about one occasion: their places are not compared.
PLACE_MAX_YEARS = 1


#: Before the latest Gregorian cut-over of any country (base data), an unmarked
#: date may be a Julian one.
JULIAN_UNTIL = base().julian_cutover.timetuple()[:3]


#: The slots a lifespan's start and end are (base data: ``spans``), with the part of it each is.
_SPAN_ROLES: tuple[tuple[str, Role], ...] = tuple(
    zip(base().slots[LIFESPAN].spans or (), ("start", "end"), strict=False)
)


#: Base confidence by how a pair was formed, before the alignment score weighs in.
BASIS_CONFIDENCE: dict[str, float] = {
    "slot": 0.9,
    "lifespan": 0.85,
    "slot-order": 0.7,
    "sole": 0.6,
    "sole-one-slot": 0.5,
    "person": 0.7,
}


#: A soft finding is less certain to need an edit than a hard one.
SOFT_FACTOR = 0.8


Basis = Literal["slot", "lifespan", "slot-order", "sole", "sole-one-slot", "person"]


Role = Literal["whole", "start", "end"]


#: Words between a birth's or death's event word and the name of whom it is about,
#: when no name stands right before the word (``sides._subject_near``).
NEAR_SUBJECT_WORDS = 6


#: Words between a value and a name for the name to be "next to" the value.
NAME_TIE_WORDS = 5


#: Letters of a name token that identify it in ``background`` (as in alignment anchors).
NAME_PREFIX = 5


#: Dates further apart than this many years are two events, however alike their sentences.
MAX_YEARS_APART = 10
