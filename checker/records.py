"""The values that flow between stages.

Every stage takes and returns these small frozen dataclasses; only the reporter
turns them into tables. Keeping them immutable means a stage can never change
what an earlier stage saw, and equal inputs give equal outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

FactKind = Literal["date", "number", "name"]
Severity = Literal["hard", "soft"]
Scope = Literal["cross", "internal"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with where it came from.

    Attributes:
        index: position of the sentence in its article (0-based).
        text: the exact text, a substring of line ``line`` of the input file.
        line: 1-based line (paragraph) number in the input file.
        start: character offset of ``text`` within that line.
        section: the section path, headings joined with `` > `` ("" for the lead).
    """

    index: int
    text: str
    line: int
    start: int
    section: str


@dataclass(frozen=True)
class Article:
    """A loaded, segmented article.

    Attributes:
        path: the file it was read from.
        lang: ISO 639-1 code of its language (``nb``, ``id``, ...).
        sentences: every sentence, in file order.
        sha256: hex digest of the file's bytes, so a report names its inputs exactly.
    """

    path: Path
    lang: str
    sentences: tuple[Sentence, ...]
    sha256: str


PairBasis = Literal["retrieval", "claim"]


@dataclass(frozen=True)
class AlignedPair:
    """Two sentences, one from each article, judged to make the same claim.

    Attributes:
        src: index of the source sentence.
        tgt: index of the target sentence.
        score: calibrated confidence in [0, 1] that the pair is right.
        similarity: raw cosine similarity of the two sentence embeddings.
        via: why the pair was kept: ``"retrieval"`` (its score) or ``"claim"``
            (it completes a claim of the same event in the best target's
            paragraph, which its score does not measure).
    """

    src: int
    tgt: int
    score: float
    similarity: float
    via: PairBasis = "retrieval"


@dataclass(frozen=True)
class Candidate:
    """A target sentence that was close to a source sentence but not chosen."""

    tgt: int
    score: float


@dataclass(frozen=True)
class Alignment:
    """The result of aligning two articles.

    Attributes:
        pairs: aligned pairs, sorted by (src, tgt). A one-to-two match is two pairs.
        unaligned_src: source sentence indices with no counterpart.
        unaligned_tgt: target sentence indices with no counterpart.
        candidates: for each aligned source index, the runner-up target sentences.
    """

    pairs: tuple[AlignedPair, ...]
    unaligned_src: tuple[int, ...]
    unaligned_tgt: tuple[int, ...]
    candidates: dict[int, tuple[Candidate, ...]]


class Calendar(StrEnum):
    """Which calendar a date is given in; most dates do not say."""

    GREGORIAN = "gregorian"
    JULIAN = "julian"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class PartialDate:
    """A date of which only some parts are known: a year, a month of a year, a day.

    ``decade`` is set for "the 1930s" (year is then the decade's first year).
    ``julian`` holds the Julian-calendar form when the text gives both forms of
    one day ("6. desemberjul./ 18. desember 1878greg."); the date itself is then
    the Gregorian form. ``normalized()`` shows the date itself only.
    """

    year: int
    month: int | None = None
    day: int | None = None
    calendar: Calendar = Calendar.UNSPECIFIED
    decade: bool = False
    julian: PartialDate | None = None

    def normalized(self) -> str:
        """ISO-like text: ``1878-12-18``, ``1878-12``, ``1878`` or ``1930s``."""
        if self.decade:
            return f"{self.year}s"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True)
class DateRange:
    """A span between two partial dates ("1932–1933", "fra 1924 til 1953")."""

    start: PartialDate
    end: PartialDate

    def normalized(self) -> str:
        return f"{self.start.normalized()}..{self.end.normalized()}"


@dataclass(frozen=True)
class NumberInterval:
    """A figure as an interval, so that estimates and bounds compare honestly.

    A point figure has ``low == high``. "at least 6 million" is ``low=6e6,
    high=inf, at_least=True``. ``approximate`` marks "about", "ca.", "sekitar".
    ``unit`` is a language-neutral unit key ("people", "year", "percent") or None.
    """

    low: float
    high: float
    approximate: bool = False
    at_least: bool = False
    at_most: bool = False
    unit: str | None = None

    def normalized(self) -> str:
        """``700000``, ``5000000..7000000``, ``>=6000000``, ``<=10``, ``~6000000``."""

        def num(value: float) -> str:
            return str(int(value)) if float(value).is_integer() else f"{value:g}"

        if self.at_least and not self.at_most:
            text = f">={num(self.low)}"
        elif self.at_most and not self.at_least:
            text = f"<={num(self.high)}"
        elif self.low == self.high:
            text = num(self.low)
        else:
            text = f"{num(self.low)}..{num(self.high)}"
        if self.approximate:
            text = "~" + text
        if self.unit == "percent":
            text += "%"
        return text


@dataclass(frozen=True)
class NameKey:
    """A person's or place's name reduced to a key that survives transliteration.

    ``key`` is the normalised form (lower-case ASCII, transliteration-folded),
    ``tokens`` its words, so "Iosif Vissarionovitsj Stalin" and "Stalin" can be
    matched on the surname.
    """

    key: str
    tokens: tuple[str, ...]

    def normalized(self) -> str:
        return self.key


FactValue = PartialDate | DateRange | NumberInterval | NameKey


@dataclass(frozen=True)
class Fact:
    """One value found in a sentence.

    Attributes:
        kind: ``date``, ``number`` or ``name``.
        text: the value exactly as written in the sentence.
        start, end: character offsets of ``text`` in the sentence text.
        value: the language-neutral value.
        slot: what the value is about, from event words around it ("birth",
            "death", "executions"...), or None when the sentence does not say.
    """

    kind: FactKind
    text: str
    start: int
    end: int
    value: FactValue
    slot: str | None = None

    @property
    def normalized(self) -> str:
        return self.value.normalized()


@dataclass(frozen=True)
class Finding:
    """A disagreement between two facts, ready for an editor.

    For a cross-article finding ``src_*`` come from the source article and
    ``tgt_*`` from the target; for an internal one both come from one article.
    """

    scope: Scope
    kind: FactKind
    severity: Severity
    confidence: float
    src_lang: str
    tgt_lang: str
    src_fact: Fact
    tgt_fact: Fact
    src_sentence: Sentence
    tgt_sentence: Sentence
    alignment_score: float
    explanation: str
    finding_id: str = ""
    review_status: str = "new"


@dataclass(frozen=True)
class RunInfo:
    """What produced a report: enough to reproduce it or to tell two runs apart."""

    checker_version: str
    model: str
    src_lang: str
    tgt_lang: str
    src_path: str
    tgt_path: str
    src_sha256: str
    tgt_sha256: str


@dataclass(frozen=True)
class CheckResult:
    """Everything one `checker check` of a pair produced, before it is written out."""

    src: Article
    tgt: Article
    alignment: Alignment
    findings: tuple[Finding, ...]
    run: RunInfo
