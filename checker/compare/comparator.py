"""The comparator's entry point: two sentences' facts into findings (``compare_facts``).

Pairs the facts (``matching``), judges each pair (``verdict``) and keeps
the findings the scope allows: across articles, a pair aligned surely
enough (``_aligned_enough``); inside one article, only claims that cannot
be about two occasions (``_internal_worthy``). Figures are compared only
with figures for the same period (``_FigureSpans``). Only this module
builds a ``Finding``; it is the top of the package's imports.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.compare.consistency import _best_token_ratio, consistent
from checker.compare.constants import (
    BARE_COUNT_MIN,
    MOVEMENT_SLOTS,
    ONCE_SLOTS,
    RECURRING_SLOTS,
    SLOT_MIN_ALIGNMENT,
    SOLE_MIN_ALIGNMENT,
    SUBJECT_SAME,
    SURE_ALIGNMENT,
)
from checker.compare.explanations import explain, format_date, format_number
from checker.compare.matching import _counterparts, _plausible, _within_reach
from checker.compare.sides import _key, _num, _same_subject, _Side
from checker.compare.verdict import _confidence, _judge, _Pair, _Verdict
from checker.extract.lexicon import lexicon
from checker.extract.slots import GENERIC_SLOTS, subject_of
from checker.languages import LanguageData
from checker.records import DateRange, Fact, Finding, NumberInterval, PartialDate, Scope, Sentence


def compare_facts(
    src_sentence: Sentence,
    src_facts: Sequence[Fact],
    tgt_sentence: Sentence,
    tgt_facts: Sequence[Fact],
    *,
    src_lang: LanguageData,
    tgt_lang: LanguageData,
    scope: Scope,
    alignment_score: float,
    claim_paired: bool = False,
    background_names: frozenset[str] = frozenset(),
    article_names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[Finding]:
    """The disagreements between the facts of two sentences, for an editor.

    Only facts of the same kind about the same slot are compared (see the
    module docstring for how counterparts are chosen). Across articles, a
    weakly aligned pair needs more (see ``SURE_ALIGNMENT``); ``claim_paired``
    says the aligner paired the sentences for a claim of the same event.
    ``finding_id`` is left empty and ``review_status`` is ``"new"``: later
    stages fill them in. ``background_names`` are the name tokens (in full)
    that stand everywhere in the articles (their subject), which tie
    no two values together; ``article_names`` those each article names
    anywhere (source, target): two people are compared only when each article
    knows both.

    >>> from checker.extract import extract_facts
    >>> from checker.languages import load_language
    >>> nb, id_ = load_language("nb"), load_language("id")
    >>> a = Sentence(0, "Stalin (1879–1953) var leder.", 1, 0, "")
    >>> b = Sentence(0, "Stalin (18 Desember 1878 – 5 Maret 1953) adalah tokoh.", 1, 0, "")
    >>> found = compare_facts(a, extract_facts(a.text, nb), b, extract_facts(b.text, id_),
    ...     src_lang=nb, tgt_lang=id_, scope="cross", alignment_score=0.9)
    >>> [(f.severity, f.src_fact.text, f.tgt_fact.text) for f in found]
    [('hard', '1879–1953', '18 Desember 1878 – 5 Maret 1953')]
    >>> found[0].explanation
    'The Norwegian Bokmål text dates the birth to 1879; the Indonesian text gives 18 December 1878.'
    """
    src = _Side(
        src_sentence.text, tuple(src_facts), lexicon(src_lang), background_names,
        article_names[0],
    )
    tgt = _Side(
        tgt_sentence.text, tuple(tgt_facts), lexicon(tgt_lang), background_names,
        article_names[1],
    )
    findings: list[Finding] = []
    spans = _FigureSpans(src, tgt)
    for kind in ("date", "number", "name"):
        sure = scope == "cross" and alignment_score >= SURE_ALIGNMENT
        for pair in _counterparts(kind, src, tgt, scope, sure):
            if not spans.comparable(pair):
                continue
            verdict = _judge(pair)
            if verdict is None:
                continue
            if scope == "internal" and not (
                _within_reach(pair.src, pair.tgt) and _internal_worthy(pair, verdict, src, tgt)
            ):
                continue
            if scope == "cross" and not _aligned_enough(pair, alignment_score, claim_paired):
                continue
            findings.append(
                Finding(
                    scope=scope,
                    kind=pair.src.kind,
                    severity=verdict.severity,
                    confidence=_confidence(pair, verdict, alignment_score),
                    src_lang=src_lang.code,
                    tgt_lang=tgt_lang.code,
                    src_fact=pair.src,
                    tgt_fact=pair.tgt,
                    src_sentence=src_sentence,
                    tgt_sentence=tgt_sentence,
                    alignment_score=alignment_score,
                    explanation=spans.explain(pair, verdict, src_lang, tgt_lang, scope)
                    or explain(pair, verdict, src_lang, tgt_lang, scope),
                )
            )
    findings.sort(key=lambda f: (f.src_fact.start, f.tgt_fact.start, f.kind))
    return findings


class _FigureSpans:
    """The periods two sentences' figures are for: a figure is compared only with one for
    the same period.

    A date range in a sentence that counts something ("Mellom september 1936
    og desember 1938 ble anslagsvis 1,5 millioner mennesker henrettet") is the
    span of its figure, not the date of an event. Two figures for different
    spans measure different things (700,000 shot in 1937–38 fit inside 800,000
    shot in 1930–52), so they are not compared; and two spans are compared as
    dates only when their figures agree, which makes the span the difference.
    """

    def __init__(self, src: _Side, tgt: _Side) -> None:
        self.src, self.tgt = _spans(src), _spans(tgt)
        self.src_counts, self.tgt_counts = _counts(src), _counts(tgt)

    def _figures_agree(self) -> bool:
        return any(consistent(a.value, b.value) for a in self.src_counts for b in self.tgt_counts)

    def _spans_differ(self) -> bool:
        if not self.src or not self.tgt:
            return False
        return not any(consistent(a.value, b.value) for a in self.src for b in self.tgt)

    def _is_span_pair(self, pair: _Pair) -> bool:
        return any(pair.src is f for f in self.src) and any(pair.tgt is f for f in self.tgt)

    def comparable(self, pair: _Pair) -> bool:
        if pair.src.kind == "number":
            return not self._spans_differ()
        if pair.src.kind == "date" and self._is_span_pair(pair):
            return self._figures_agree()
        return True

    def explain(
        self,
        pair: _Pair,
        verdict: _Verdict,
        src_lang: LanguageData,
        tgt_lang: LanguageData,
        scope: Scope,
    ) -> str | None:
        """For two spans of one figure: say that the span, not the figure, differs."""
        if not (pair.src.kind == "date" and self._is_span_pair(pair)):
            return None
        figure = next(
            a for a in self.src_counts for b in self.tgt_counts if consistent(a.value, b.value)
        )
        first = f"The {src_lang.name} text" if scope == "cross" else (
            f"One sentence of the {src_lang.name} text"
        )
        second = f"the {tgt_lang.name} text" if scope == "cross" else "another"
        assert isinstance(pair.src.value, DateRange | PartialDate)
        assert isinstance(pair.tgt.value, DateRange | PartialDate)
        assert isinstance(figure.value, NumberInterval)
        return (
            f"{first} gives {format_number(figure.value)} for {format_date(pair.src.value)}; "
            f"{second} gives it for {format_date(pair.tgt.value)}: the period differs, "
            "not the figure."
        )


def _counts(side: _Side) -> list[Fact]:
    """The figures of a sentence that count something: people, or a large bare count."""
    return [
        f for f in side.of_kind("number")
        if isinstance(f.value, NumberInterval)
        and (f.value.unit == "people" or (f.value.unit is None and f.value.high >= BARE_COUNT_MIN))
    ]


def _spans(side: _Side) -> list[Fact]:
    """The date ranges of a sentence that counts something: the periods of its figures."""
    if not _counts(side):
        return []
    return [f for f in side.of_kind("date") if isinstance(f.value, DateRange)]


def _internal_worthy(pair: _Pair, verdict: _Verdict, src: _Side, tgt: _Side) -> bool:
    """Within one article, only claims that cannot be about two different occasions.

    An article mentions many arrests, deaths and treaties; two sentences of it
    with the same slot are often about different ones. So inside one article
    only a person's birth or death (lifespan included) is compared, and only
    when both sentences name the person and the names match; and figures only
    in a specific slot of an event that does not recur ("executions", not bare
    "deaths" or "arrests": an article counts arrests of many scopes) with the same unit.

    Other events ("kom tilbake", "arrestert") are compared only on a near
    miss: two dates of one event that nearly meet (a season against the month
    before it, a month against the next one before 1918) are one occasion told
    twice, where dates months apart are more likely two occasions. Such a
    finding is soft, and only when the sentences do not name different people.
    """
    a, b = pair.src, pair.tgt
    if a.kind == "date":
        slots = {a.slot, b.slot}
        if not slots <= ONCE_SLOTS:
            return (
                a.slot is not None
                and a.slot == b.slot
                and a.slot not in GENERIC_SLOTS
                and verdict.reason == "vague"
                and _same_subject(src, a, tgt, b)
            )
        first = subject_of(src.text, a, src.names, src.lex)
        second = subject_of(tgt.text, b, tgt.names, tgt.lex)
        return (
            first is not None
            and second is not None
            and _best_token_ratio(_key(first), _key(second)) >= SUBJECT_SAME
        )
    if a.kind == "number":
        return (
            a.slot is not None
            and a.slot == b.slot
            and a.slot not in GENERIC_SLOTS | MOVEMENT_SLOTS | RECURRING_SLOTS
            and _num(a).unit == _num(b).unit == "people"
        )
    return False


def _aligned_enough(pair: _Pair, alignment_score: float, claim_paired: bool) -> bool:
    """Whether a cross pair is surely enough about one thing to compare these values.

    However sure the alignment, values decades apart are two events: conflicting
    tellings of one fact differ modestly (``_within_reach``).
    """
    if not _within_reach(pair.src, pair.tgt):
        return False
    if alignment_score >= SURE_ALIGNMENT:
        return True
    if pair.basis in ("sole", "sole-one-slot"):
        return alignment_score >= SOLE_MIN_ALIGNMENT
    enough = claim_paired or alignment_score >= SLOT_MIN_ALIGNMENT
    return enough and _plausible(pair.src, pair.tgt)
