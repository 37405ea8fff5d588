"""Finding outliers: each cross finding's fact looked up in the other editions, and the verdict.

For a finding between editions X and Y, every other edition Z is consulted
through the pair results X–Z and Y–Z (`_Views`): findings on X's or Y's fact,
or facts of aligned sentences that state the same fact (`same_fact`). Z sides
with X, with Y, or gives a third value; the edition no other one sides with
is the outlier when no third value stands against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from checker.compare import facts_agree, slots_comparable
from checker.extract import extract_facts
from checker.languages import load_language
from checker.outliers.build import build_outlier, merge_outliers, outlier_order
from checker.outliers.model import EditionFact, Outlier
from checker.records import Article, CheckResult, Fact, Finding, Sentence

#: Least alignment score of a sentence pair through which a third edition's
#: fact is taken as the same fact: below it, a value that happens to agree is
#: too likely a coincidence.
MIN_ALIGNMENT = 0.2

FactsOf = Callable[[Article], Sequence[Sequence[Fact]]]


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
            found[outlier.finding_id] = outlier if known is None else merge_outliers(known, outlier)
    return tuple(sorted(found.values(), key=outlier_order))


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

    >>> from checker.records import PartialDate
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
