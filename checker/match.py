"""Fact matching: which fact of the other article is each fact's counterpart.

A conflict is two claims that agree on everything but the value. So facts,
not sentences, are matched, and the evidence that two facts are counterparts
leaves out the very values being compared (a changed year must not make a
pair look less alike):

- the two sentences' similarity, with the alignment's anchors (shared years,
  figures, names) *except* the anchors of the two values themselves;
- the similarity of the two facts' own contexts: the words around each value,
  with the value taken out, embedded with the same model (``fact_context``);
- whether the event words around the two values name the same slot, a
  different slot, or one side says none (a signal, not a gate).

These are combined by a logistic model (``MatchConfig``; fitted on the gold
set's value pairs by ``nox -s tune``) into the estimated chance that the two
facts are about the same thing.

Then, from each fact's side (``pair_facts``): its best-scoring counterpart is
the one it is compared with. When that counterpart disagrees, the other
article is first searched for an *agreeing* counterpart of about as good a
match (a repeated event told elsewhere: the other arrest, the other
congress); only when there is none is the pair reported. The functions take
arrays and facts, never a model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from checker.align import anchor_matrix, anchor_weights, margin_matrix
from checker.compare import BARE_COUNT_MIN
from checker.config import MatchConfig
from checker.records import Fact, FactKind, NumberInterval, Sentence

Matrix = npt.NDArray[np.float32]

#: The features of a candidate pair, in the order of ``MatchConfig.weights``.
FEATURES = (
    "sentence evidence without the two values' anchors",
    "context similarity margin",
    "same slot",
    "different slots",
    "reciprocal rank of the sentence pair",
    "same place among the sentences' facts of its kind",
)

#: Words of context kept on each side of a value.
CONTEXT_WORDS = 6

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class FactSite:
    """One fact where it stands: its sentence, its place among that sentence's facts.

    ``context`` is the text around the value with the value itself removed
    (``fact_context``); ``row`` indexes the article's context embeddings.
    """

    sentence: int
    position: int
    fact: Fact
    context: str
    row: int


def fact_context(text: str, fact: Fact, words: int = CONTEXT_WORDS) -> str:
    """The words around a value, the value itself left out.

    >>> from checker.records import PartialDate
    >>> text = "I mars 1908 ble han arrestert og dømt til 2 år i Sibir."
    >>> fact = Fact("date", "mars 1908", 2, 11, PartialDate(1908, 3))
    >>> fact_context(text, fact)
    'I ble han arrestert og dømt til'
    """
    left = _WORD.findall(text[: fact.start])[-words:]
    right = _WORD.findall(text[fact.end :])[:words]
    return " ".join(left + right).strip(" ,.;:()[]")


def fact_sites(sentences: Sequence[Sentence], facts: Sequence[Sequence[Fact]]) -> list[FactSite]:
    """Every fact of an article, in sentence order, with its context."""
    sites: list[FactSite] = []
    for sentence, sentence_facts in zip(sentences, facts, strict=True):
        for position, fact in enumerate(sentence_facts):
            sites.append(
                FactSite(
                    sentence=sentence.index,
                    position=position,
                    fact=fact,
                    context=fact_context(sentence.text, fact),
                    row=len(sites),
                )
            )
    return sites


#: Years apart within which two sentences' dates count as one shared anchor for
#: ``value_neutral_evidence``, and the factor within which two figures do.
NEAR_YEARS = 7
NEAR_FACTOR = 2.5


def value_neutral_evidence(
    base: Matrix,
    src_anchors: Sequence[frozenset[str]],
    tgt_anchors: Sequence[frozenset[str]],
    anchor_weight: float,
) -> Matrix:
    """Sentence evidence in which a date or figure counts as shared when the other
    sentence has one close to it, equal or not; shape ``(n_src, n_tgt)`` like ``base``.

    The alignment's anchors reward equal values, so a pair whose values
    disagree looks less alike than the same pair agreeing: a changed year
    dropped a pair from 0.52 to 0.23. Here each source year (or figure) counts,
    with its rarity weight, when the target sentence has any year within
    ``NEAR_YEARS`` (any figure within ``NEAR_FACTOR``), so one changed value
    leaves the evidence as it was. Names count as in the alignment.
    """
    weights = anchor_weights(src_anchors, tgt_anchors)
    bonus = anchor_matrix(
        [frozenset(a for a in x if a.startswith("name:")) for x in src_anchors],
        [frozenset(a for a in x if a.startswith("name:")) for x in tgt_anchors],
    )
    src_values = [_values(x) for x in src_anchors]
    tgt_values = [_values(x) for x in tgt_anchors]
    # Every target value with its sentence, by group, to find a source value's near ones at once.
    by_group: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}
    for group in sorted({g for row in tgt_values for g, _, _ in row}):
        flat = [(j, v) for j, row in enumerate(tgt_values) for g, _, v in row if g == group]
        by_group[group] = (
            np.asarray([j for j, _ in flat], dtype=np.int64),
            np.asarray([v for _, v in flat], dtype=np.float64),
        )
    for i, row in enumerate(src_values):
        for group, anchor, value in row:
            if group not in by_group:
                continue
            holders, values = by_group[group]
            reach = math.log(NEAR_FACTOR) if group == "number" else float(NEAR_YEARS)
            near = np.unique(holders[np.abs(values - value) <= reach + 1e-9])
            bonus[i, near] += weights.get(anchor, 0.0)
    return np.asarray(base + anchor_weight * np.minimum(bonus, 3.0), dtype=np.float32)


def _values(anchors: frozenset[str]) -> list[tuple[str, str, float]]:
    """The dated and counted anchors of a sentence as (group, anchor, value).

    Years, dates and events with a year ("event:parade:1945", grouped by the
    event) give their year; figures give their logarithm, so nearness is a factor.
    """
    found = []
    for anchor in sorted(anchors):
        head, _, rest = anchor.partition(":")
        if head == "event":
            slot, _, rest = rest.rpartition(":")
            head = f"event:{slot}"
        elif head not in ("year", "date", "number"):
            continue
        first = rest.split("..")[0].rstrip("%s")
        try:
            number = float(first[:4]) if head != "number" else float(first)
        except ValueError:
            continue
        if head == "number":
            if number <= 0:
                continue
            number = math.log(number)
        found.append((head, anchor, number))
    return found


def comparable(a: Fact, b: Fact) -> bool:
    """Whether two facts could be claims about one thing: same kind, and figures of one measure.

    A bare figure (no unit) is comparable with a count of people only from
    ``BARE_COUNT_MIN`` up: "800.000" may be a death toll, "3" is not.
    """
    if a.kind != b.kind:
        return False
    if isinstance(a.value, NumberInterval) and isinstance(b.value, NumberInterval):
        x, y = a.value, b.value
        if x.unit == y.unit:
            return True
        if x.unit is None or y.unit is None:
            bare, counted = (x, y) if x.unit is None else (y, x)
            return counted.unit == "people" and bare.high >= BARE_COUNT_MIN
        return False
    return True


def slot_relation(a: Fact, b: Fact, related: Callable[[str, str], bool]) -> tuple[bool, bool]:
    """(same, different): whether both facts name one slot, or two slots that never meet."""
    if a.slot is None or b.slot is None:
        return False, False
    if a.slot == b.slot or related(a.slot, b.slot):
        return True, False
    return False, True


def _may_be_one_claim(a: Fact, b: Fact, related: Callable[[str, str], bool]) -> bool:
    """Whether an agreeing fact can stand for this claim: unless the two name different
    events. One side often names the event and the other not ("invading the south in
    June 1950" / "memulai Perang Korea pada Juni 1950"); the match score decides how well."""
    return not slot_relation(a, b, related)[1]


@dataclass(frozen=True)
class MatchInputs:
    """Everything fact matching needs of two articles.

    ``sentence_evidence`` is the aligner's combined evidence *without* anchors,
    shape ``(n_src_sentences, n_tgt_sentences)``; ``src_anchors``/``tgt_anchors``
    the anchors of each sentence, ``weights`` their rarity; ``anchors_of`` the
    anchors one fact contributes; ``src_contexts``/``tgt_contexts`` the context
    embeddings, one row per site.
    """

    src_sites: Sequence[FactSite]
    tgt_sites: Sequence[FactSite]
    sentence_evidence: Matrix
    src_anchors: Sequence[frozenset[str]]
    tgt_anchors: Sequence[frozenset[str]]
    weights: dict[str, float]
    anchors_of: Callable[[Fact], frozenset[str]]
    src_contexts: Matrix
    tgt_contexts: Matrix
    related_slots: Callable[[str, str], bool]


class Scorer:
    """Value-blind match scores of candidate fact pairs (see the module docstring)."""

    def __init__(self, inputs: MatchInputs, config: MatchConfig) -> None:
        self.inputs = inputs
        self.config = config
        self.context = self._context_margins()
        self._by_src: dict[int, list[int]] | None = None
        self._by_tgt: dict[int, list[int]] | None = None
        self._scores: dict[tuple[int, int], float] | None = None
        self._src_index: dict[int, list[FactSite]] = {}
        self._tgt_index: dict[int, list[FactSite]] = {}
        for site in inputs.src_sites:
            self._src_index.setdefault(site.sentence, []).append(site)
        for site in inputs.tgt_sites:
            self._tgt_index.setdefault(site.sentence, []).append(site)

    def _context_margins(self) -> Matrix:
        """Context similarity minus each fact's typical similarity to facts of its kind."""
        src, tgt = self.inputs.src_contexts, self.inputs.tgt_contexts
        result = np.full((src.shape[0], tgt.shape[0]), -1.0, dtype=np.float32)
        kinds: tuple[FactKind, ...] = ("date", "number", "name")
        for kind in kinds:
            rows = [s.row for s in self.inputs.src_sites if s.fact.kind == kind]
            cols = [s.row for s in self.inputs.tgt_sites if s.fact.kind == kind]
            if not rows or not cols:
                continue
            block = np.asarray(src[rows] @ tgt[cols].T, dtype=np.float32)
            result[np.ix_(rows, cols)] = margin_matrix(block, self.config.k)
        return result

    def candidates(self) -> dict[tuple[int, int], float]:
        """Scores of every candidate pair of sites (src row, tgt row); computed once."""
        if self._scores is None:
            self._scores = self._score_candidates()
        return self._scores

    def _score_candidates(self) -> dict[tuple[int, int], float]:
        inputs, config = self.inputs, self.config
        evidence = inputs.sentence_evidence
        n_src, n_tgt = evidence.shape
        by_sentence_src: dict[int, list[FactSite]] = {}
        by_sentence_tgt: dict[int, list[FactSite]] = {}
        for site in inputs.src_sites:
            by_sentence_src.setdefault(site.sentence, []).append(site)
        for site in inputs.tgt_sites:
            by_sentence_tgt.setdefault(site.sentence, []).append(site)
        # Candidate sentences by their evidence with the names they share (a changed
        # date or figure leaves names alone), not by the values under comparison.
        names_only = [frozenset(a for a in x if a.startswith("name:")) for x in inputs.src_anchors]
        names_tgt = [frozenset(a for a in x if a.startswith("name:")) for x in inputs.tgt_anchors]
        masked = evidence + config.anchor_weight * np.minimum(
            anchor_matrix(names_only, names_tgt), 3.0
        )
        sentence_pairs: set[tuple[int, int]] = set()
        k = min(config.candidate_sentences, n_tgt)
        if k:
            top = np.argpartition(-masked, k - 1, axis=1)[:, :k]
            for s in by_sentence_src:
                sentence_pairs.update((s, int(t)) for t in top[s])
        k = min(config.candidate_sentences, n_src)
        if k:
            top = np.argpartition(-masked, k - 1, axis=0)[:k, :]
            for t in by_sentence_tgt:
                sentence_pairs.update((int(s), t) for s in top[:, t])
        pairs: set[tuple[int, int]] = set()
        for s, t in sentence_pairs:
            for a in by_sentence_src.get(s, ()):
                for b in by_sentence_tgt.get(t, ()):
                    pairs.add((a.row, b.row))
        k = config.candidate_contexts
        context = self.context
        if context.size:
            kk = min(k, context.shape[1])
            top_rows = np.argpartition(-context, kk - 1, axis=1)[:, :kk]
            pairs.update((i, int(j)) for i in range(context.shape[0]) for j in top_rows[i])
            kk = min(k, context.shape[0])
            top_cols = np.argpartition(-context, kk - 1, axis=0)[:kk, :]
            pairs.update((int(i), j) for j in range(context.shape[1]) for i in top_cols[:, j])
        scores: dict[tuple[int, int], float] = {}
        for i, j in pairs:
            a, b = inputs.src_sites[i], inputs.tgt_sites[j]
            if not comparable(a.fact, b.fact):
                continue
            scores[(i, j)] = self.score(i, j)
        return scores

    def sentence_evidence(self, i: int, j: int) -> float:
        """The two sentences' evidence, with shared anchors other than these two values."""
        inputs = self.inputs
        a, b = inputs.src_sites[i], inputs.tgt_sites[j]
        shared = inputs.src_anchors[a.sentence] & inputs.tgt_anchors[b.sentence]
        shared = shared - inputs.anchors_of(a.fact) - inputs.anchors_of(b.fact)
        bonus = min(sum(inputs.weights.get(x, 0.0) for x in shared), 3.0)
        return float(inputs.sentence_evidence[a.sentence, b.sentence]) + (
            self.config.anchor_weight * bonus
        )

    def agreeing(
        self, i: int, j: int, agrees: Callable[[Fact, Fact], bool], *, of_target: bool = False
    ) -> float:
        """The best score of a counterpart that agrees with source fact ``i`` (or, with
        ``of_target``, with target fact ``j``), outside the other fact's sentence.

        0 when the other article states the value for no candidate context. A fact
        of another event (slot) does not count; one with no event word counts by
        its match score. ``agrees`` says whether a fact states the value
        (``checker.compare.facts_restate``).
        """
        if self._by_src is None or self._by_tgt is None:
            self._by_src, self._by_tgt = {}, {}
            for x, y in self.candidates():
                self._by_src.setdefault(x, []).append(y)
                self._by_tgt.setdefault(y, []).append(x)
        src_sites, tgt_sites = self.inputs.src_sites, self.inputs.tgt_sites
        related = self.inputs.related_slots
        scores = self.candidates()
        best = 0.0
        if of_target:
            fact, avoid = tgt_sites[j].fact, src_sites[i].sentence
            for x in self._by_tgt.get(j, []):
                other = src_sites[x]
                if (
                    other.sentence != avoid
                    and _may_be_one_claim(fact, other.fact, related)
                    and agrees(other.fact, fact)
                ):
                    best = max(best, scores[(x, j)])
        else:
            fact, avoid = src_sites[i].fact, tgt_sites[j].sentence
            for y in self._by_src.get(i, []):
                other = tgt_sites[y]
                if (
                    other.sentence != avoid
                    and _may_be_one_claim(fact, other.fact, related)
                    and agrees(fact, other.fact)
                ):
                    best = max(best, scores[(i, y)])
        return best

    def features(self, i: int, j: int) -> tuple[float, ...]:
        """The value-blind evidence that two sites are counterparts, in ``FEATURES`` order."""
        a, b = self.inputs.src_sites[i], self.inputs.tgt_sites[j]
        same, different = slot_relation(a.fact, b.fact, self.inputs.related_slots)
        return (
            self.sentence_evidence(i, j),
            float(self.context[i, j]),
            float(same),
            float(different),
            self._sentence_rank(a.sentence, b.sentence),
            float(self._order(a, self.inputs.src_sites) == self._order(b, self.inputs.tgt_sites)),
        )

    def _sentence_rank(self, s: int, t: int) -> float:
        """1 for the other sentence that matches best (either way), 1/2 for the second..."""
        row = self.inputs.sentence_evidence[s]
        column = self.inputs.sentence_evidence[:, t]
        rank_row = int((row > row[t]).sum())
        rank_column = int((column > column[s]).sum())
        return 1.0 / (1 + min(rank_row, rank_column))

    def _order(self, site: FactSite, sites: Sequence[FactSite]) -> tuple[int, int]:
        """The site's place among its sentence's facts of its kind, and how many there are."""
        same = [
            other.row
            for other in self._sentence_sites(site.sentence, sites)
            if other.fact.kind == site.fact.kind
        ]
        return same.index(site.row), len(same)

    def _sentence_sites(self, sentence: int, sites: Sequence[FactSite]) -> list[FactSite]:
        index = self._src_index if sites is self.inputs.src_sites else self._tgt_index
        return index.get(sentence, [])

    def score(self, i: int, j: int) -> float:
        weights = self.config.weights
        logit = self.config.bias + sum(
            w * x for w, x in zip(weights, self.features(i, j), strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(min(logit, 60.0), -60.0)))
