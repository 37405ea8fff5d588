"""Outliers: a fact that three or more editions state, where one edition disagrees with the rest.

A pair report says that two editions disagree, not which one to fix. With a
third edition there is a majority: when the Norwegian edition gives 1879 for
the birth and the Indonesian and English editions both give 18 December 1878,
the Norwegian one is the edition to look at first. This module finds such
cases from the pair results alone (``CheckResult``, one per pair of editions):

1. Each cross finding between editions X and Y is a fact both state.
2. For every other edition Z, Z's statement of that fact is looked up in the
   results of the pairs X–Z and Y–Z: a finding on X's or Y's fact (the
   comparator already judged it the same fact), or a fact of a sentence
   aligned with X's or Y's sentence (same kind, comparable slots, see
   `same_fact`). Z sides with X when its value agrees with X's and not Y's
   (``checker.compare.facts_agree``), and with Y the other way round.
3. X is an outlier when at least one other edition sides with Y, none sides
   with X, and none gives a third value (a finding whose value agrees with
   neither: then there is no majority to speak of).

Everything here is language-blind: values are the extractors' language-neutral
ones, and languages appear only by code and, in explanations, by the name in
their data file.

The same outlier is usually found from several findings (nb–id and nb–en both
report the Norwegian year): outliers with one id are one outlier.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from checker.compare import consistent, facts_agree, format_date, format_number, slots_comparable
from checker.extract import extract_facts
from checker.languages import base, language_name, load_language
from checker.records import (
    Article,
    CheckResult,
    DateRange,
    Fact,
    FactKind,
    FactValue,
    Finding,
    NumberInterval,
    PartialDate,
    Sentence,
    Severity,
)
from checker.review import ReviewItem

#: Outlier ids: this prefix and 12 hex digits of SHA-256, like finding ids (``F-``).
ID_PREFIX = "O-"
ID_HEX = 12
#: The scope outliers have where they are reviewed alongside pair findings.
SCOPE = "outlier"
#: Least alignment score of a sentence pair through which a third edition's
#: fact is taken as the same fact: below it, a value that happens to agree is
#: too likely a coincidence.
MIN_ALIGNMENT = 0.2

FactsOf = Callable[[Article], Sequence[Sequence[Fact]]]


@dataclass(frozen=True)
class EditionFact:
    """One edition's statement of a fact: its language, the fact and its sentence."""

    lang: str
    fact: Fact
    sentence: Sentence


@dataclass(frozen=True)
class Outlier:
    """One edition against the others on one fact.

    Attributes:
        finding_id: stable id (`outlier_id`).
        kind, slot: what the fact is (slot None when no sentence says).
        severity: ``hard`` when a pair finding behind it is hard, else ``soft``.
        confidence: the highest confidence of the pair findings that set the
            outlier edition against an edition of the majority.
        outlier: the disagreeing edition's statement.
        majority: the agreeing editions' statements, sorted by language; the
            first is the one whose value is shown (`majority_fact`).
        explanation: one English sentence naming both sides.
        pair_findings: ids of the pair findings it was built from, sorted.
        review_status: the editors' decision (``new`` without one).
    """

    finding_id: str
    kind: FactKind
    slot: str | None
    severity: Severity
    confidence: float
    outlier: EditionFact
    majority: tuple[EditionFact, ...]
    explanation: str
    pair_findings: tuple[str, ...]
    review_status: str = "new"

    @property
    def majority_fact(self) -> EditionFact:
        """The majority's statement shown as its value (see `representative`)."""
        return representative(self.majority)

    @property
    def agreeing_langs(self) -> tuple[str, ...]:
        return tuple(e.lang for e in self.majority)

    def values_by_lang(self) -> dict[str, str]:
        """Every edition's value as written, by language code (sorted)."""
        values = {e.lang: e.fact.text for e in (self.outlier, *self.majority)}
        return dict(sorted(values.items()))


# --- Finding outliers ------------------------------------------------------------


def find_outliers(
    results: Sequence[CheckResult],
    *,
    facts_of: FactsOf | None = None,
    min_alignment: float = MIN_ALIGNMENT,
) -> tuple[Outlier, ...]:
    """The outliers among an article's editions, sorted by language, sentence and id.

    ``results`` holds one result per pair of editions (either orientation);
    editions with no result against another are simply not consulted.
    ``facts_of`` gives an article's facts per sentence (default: extracted
    with its language's data file, as the pipeline does).

    >>> find_outliers(())
    ()
    """
    facts_of = facts_of if facts_of is not None else _extracted
    pairs: dict[frozenset[str], CheckResult] = {}
    articles: dict[str, Article] = {}
    for result in results:
        pairs[frozenset((result.src.lang, result.tgt.lang))] = result
        articles.setdefault(result.src.lang, result.src)
        articles.setdefault(result.tgt.lang, result.tgt)
    facts = {lang: facts_of(article) for lang, article in sorted(articles.items())}
    view = _Views(pairs, articles, facts, min_alignment)

    found: dict[str, Outlier] = {}
    for result in results:
        for finding in result.findings:
            if finding.scope != "cross":
                continue
            outlier = view.outlier(finding)
            if outlier is None:
                continue
            known = found.get(outlier.finding_id)
            found[outlier.finding_id] = outlier if known is None else _merge(known, outlier)
    return tuple(sorted(found.values(), key=_order))


def _extracted(article: Article) -> list[tuple[Fact, ...]]:
    data = load_language(article.lang)
    return [extract_facts(sentence.text, data) for sentence in article.sentences]


_Key = tuple[int, str, int, int]


def _key(sentence: Sentence, fact: Fact) -> _Key:
    """Where a fact stands; the comparator may hand back a fact with its slot set."""
    return (sentence.index, fact.kind, fact.start, fact.end)


class _Views:
    """The pair results of one article, looked up from either side."""

    def __init__(
        self,
        pairs: Mapping[frozenset[str], CheckResult],
        articles: Mapping[str, Article],
        facts: Mapping[str, Sequence[Sequence[Fact]]],
        min_alignment: float,
    ) -> None:
        self.pairs, self.articles, self.facts = pairs, articles, facts
        self.min_alignment = min_alignment

    def outlier(self, finding: Finding) -> Outlier | None:
        """The outlier this cross finding points to, if a third edition settles it."""
        x = EditionFact(finding.src_lang, finding.src_fact, finding.src_sentence)
        y = EditionFact(finding.tgt_lang, finding.tgt_fact, finding.tgt_sentence)
        with_x: list[EditionFact] = []
        with_y: list[EditionFact] = []
        support: list[Finding] = [finding]
        for z in sorted(self.articles):
            if z in (x.lang, y.lang):
                continue
            side = self._side_of(z, x, y)
            if side is None:
                continue
            which, statement, evidence = side
            if which == "third":
                return None
            (with_x if which == "x" else with_y).append(statement)
            support += evidence
        if with_x and with_y:
            return None
        if with_y:
            odd, majority = x, (y, *with_y)
        elif with_x:
            odd, majority = y, (x, *with_x)
        else:
            return None
        against = [f for f in support if odd.lang in (f.src_lang, f.tgt_lang) and f.finding_id] or [
            finding
        ]
        return build_outlier(odd, majority, against)

    def _side_of(
        self, z: str, x: EditionFact, y: EditionFact
    ) -> tuple[str, EditionFact, list[Finding]] | None:
        """Which of x and y edition z sides with ("x", "y" or "third"), its statement, findings.

        None when z does not state the fact, or its statements point both ways.
        """
        sides: dict[str, EditionFact] = {}
        evidence: list[Finding] = []
        for mine, other, tag in ((x, y, "y"), (y, x, "x")):
            # A finding between `mine` and z on mine's fact: z disagrees with mine.
            for finding, theirs in self._findings_on(z, mine):
                evidence.append(finding)
                if facts_agree(theirs.fact, other.fact):
                    sides.setdefault(tag, theirs)
                else:
                    return ("third", theirs, evidence)
        for mine, other, tag in ((x, y, "x"), (y, x, "y")):
            for _score, theirs in self._aligned(z, mine):
                agrees_mine = facts_agree(theirs.fact, mine.fact)
                agrees_other = facts_agree(theirs.fact, other.fact)
                if agrees_mine and not agrees_other:
                    # A finding's statement first, then the best-aligned sentence's.
                    sides.setdefault(tag, theirs)
        if len(sides) != 1:
            return None
        ((tag, statement),) = sides.items()
        return (tag, statement, evidence)

    def _result(self, a: str, b: str) -> CheckResult | None:
        return self.pairs.get(frozenset((a, b)))

    def _findings_on(self, z: str, mine: EditionFact) -> list[tuple[Finding, EditionFact]]:
        """Cross findings between ``mine``'s edition and z on ``mine``'s fact, with z's side."""
        result = self._result(mine.lang, z)
        if result is None:
            return []
        key = _key(mine.sentence, mine.fact)
        found = []
        for finding in result.findings:
            if finding.scope != "cross":
                continue
            if (
                finding.src_lang == mine.lang
                and _key(finding.src_sentence, finding.src_fact) == key
            ):
                found.append((finding, EditionFact(z, finding.tgt_fact, finding.tgt_sentence)))
            elif (
                finding.tgt_lang == mine.lang
                and _key(finding.tgt_sentence, finding.tgt_fact) == key
            ):
                found.append((finding, EditionFact(z, finding.src_fact, finding.src_sentence)))
        return sorted(found, key=lambda item: (item[1].sentence.index, item[1].fact.start))

    def _aligned(self, z: str, mine: EditionFact) -> list[tuple[float, EditionFact]]:
        """Facts of z's sentences aligned with ``mine``'s sentence that state the same fact."""
        result = self._result(mine.lang, z)
        if result is None:
            return []
        mine_is_src = result.src.lang == mine.lang
        facts, article = self.facts[z], self.articles[z]
        mine_facts = self.facts[mine.lang][mine.sentence.index]
        found = []
        for pair in result.alignment.pairs:
            here, there = (pair.src, pair.tgt) if mine_is_src else (pair.tgt, pair.src)
            if here != mine.sentence.index or pair.score < self.min_alignment:
                continue
            sentence = article.sentences[there]
            for fact in facts[there]:
                if same_fact(mine.fact, mine_facts, fact, facts[there]):
                    found.append((pair.score, EditionFact(z, fact, sentence)))
        return sorted(
            found, key=lambda item: (-item[0], item[1].sentence.index, item[1].fact.start)
        )


def same_fact(a: Fact, a_sentence: Sequence[Fact], b: Fact, b_sentence: Sequence[Fact]) -> bool:
    """Whether fact ``b`` of an aligned sentence states what fact ``a`` states.

    Same kind, and either both have slots that can be compared (the same
    event, or a lifespan against a birth or death), or neither sentence has
    another fact of that kind to confuse it with.

    >>> y = Fact("date", "1878", 0, 4, PartialDate(1878), "birth")
    >>> same_fact(y, [y], Fact("date", "1878", 0, 4, PartialDate(1878), "death"), [])
    False
    """
    if a.kind != b.kind:
        return False
    if a.slot is not None and b.slot is not None:
        return slots_comparable(a.slot, b.slot)
    if a.slot is not None or b.slot is not None:
        return False
    alone_a = sum(f.kind == a.kind for f in a_sentence) <= 1
    alone_b = sum(f.kind == b.kind for f in b_sentence) <= 1
    return alone_a and alone_b


# --- Building one outlier ----------------------------------------------------------


def build_outlier(
    odd: EditionFact, majority: Sequence[EditionFact], findings: Sequence[Finding]
) -> Outlier:
    """The outlier of ``odd`` against ``majority``, from the pair findings behind it."""
    members = tuple(sorted(_one_per_lang(majority), key=lambda e: e.lang))
    shown = representative(members)
    slot = odd.fact.slot or next((e.fact.slot for e in members if e.fact.slot), None)
    return Outlier(
        finding_id=outlier_id(odd.fact.kind, slot, odd.lang, odd.fact, shown.fact),
        kind=odd.fact.kind,
        slot=slot,
        severity="hard" if any(f.severity == "hard" for f in findings) else "soft",
        confidence=max(f.confidence for f in findings),
        outlier=odd,
        majority=members,
        explanation=explain(odd, members),
        pair_findings=tuple(sorted({f.finding_id for f in findings if f.finding_id})),
    )


def _one_per_lang(statements: Sequence[EditionFact]) -> list[EditionFact]:
    seen: dict[str, EditionFact] = {}
    for statement in statements:
        seen.setdefault(statement.lang, statement)
    return list(seen.values())


def representative(statements: Sequence[EditionFact]) -> EditionFact:
    """The majority statement shown: the most common value, then the most precise, then by language.

    >>> from checker.records import PartialDate, Sentence
    >>> s = Sentence(0, "", 1, 0, "")
    >>> def at(lang, value):
    ...     return EditionFact(lang, Fact("date", "", 0, 0, value), s)
    >>> representative([at("en", PartialDate(1878)), at("id", PartialDate(1878, 12, 18))]).lang
    'id'
    """
    counts = Counter(e.fact.normalized for e in statements)
    return min(
        statements,
        key=lambda e: (-counts[e.fact.normalized], -len(e.fact.normalized), e.lang),
    )


def outlier_id(kind: str, slot: str | None, lang: str, odd: Fact, shown: Fact) -> str:
    """A stable id from what the outlier is about, never from where it stands.

    Made of the kind, the slot, the outlier's language and the two normalised
    values, so it survives edits of the sentences (and of line numbers); a
    changed value makes a new outlier, as a changed value makes a new finding.

    >>> outlier_id("date", "birth", "nb", Fact("date", "1879", 0, 4, PartialDate(1879)),
    ...            Fact("date", "1878", 0, 4, PartialDate(1878)))[:2]
    'O-'
    """
    parts = {
        "kind": kind,
        "slot": slot,
        "lang": lang,
        "outlier": odd.normalized,
        "majority": shown.normalized,
    }
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return ID_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:ID_HEX]


def _merge(first: Outlier, second: Outlier) -> Outlier:
    """One outlier found twice: every edition that agrees, every finding behind it."""
    majority = {e.lang: e for e in second.majority} | {e.lang: e for e in first.majority}
    members = tuple(sorted(majority.values(), key=lambda e: e.lang))
    return replace(
        first,
        majority=members,
        severity="hard" if "hard" in (first.severity, second.severity) else "soft",
        confidence=max(first.confidence, second.confidence),
        explanation=explain(first.outlier, members),
        pair_findings=tuple(sorted({*first.pair_findings, *second.pair_findings})),
    )


def _order(outlier: Outlier) -> tuple[str, int, int, str]:
    return (
        outlier.outlier.lang,
        outlier.outlier.sentence.line,
        outlier.outlier.fact.start,
        outlier.finding_id,
    )


# --- Explaining ------------------------------------------------------------------------


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


# --- Review ----------------------------------------------------------------------------


def outlier_items(outliers: Sequence[Outlier]) -> list[ReviewItem]:
    """The outliers as the review stage sees findings: the outlier edition as source.

    The target side is the majority's shown statement, so a decision stores
    both values and sentences like a pair finding's, and follows its outlier
    to a new id the same way (``checker.review.review_items``).
    """
    return [outlier_item(outlier) for outlier in outliers]


def outlier_item(outlier: Outlier) -> ReviewItem:
    """One outlier as a `ReviewItem` with scope ``outlier``."""
    odd, shown = outlier.outlier, outlier.majority_fact
    return ReviewItem(
        finding_id=outlier.finding_id,
        scope=SCOPE,
        kind=outlier.kind,
        severity=outlier.severity,
        confidence=outlier.confidence,
        src_lang=odd.lang,
        tgt_lang=shown.lang,
        src_value=odd.fact.text,
        tgt_value=shown.fact.text,
        src_normalized=odd.fact.normalized,
        tgt_normalized=shown.fact.normalized,
        src_sentence=odd.sentence.text,
        tgt_sentence=shown.sentence.text,
        src_section=odd.sentence.section,
        tgt_section=shown.sentence.section,
        src_line=odd.sentence.line,
        tgt_line=shown.sentence.line,
        explanation=outlier.explanation,
        slot=outlier.slot,
    )
