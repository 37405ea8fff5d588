"""Stable ids for findings, so editors' decisions outlive edits of the articles.

A decision ("false-positive", "fixed", ...) is stored against a finding's id. The
id must therefore not move when the article moves: it never uses line numbers,
sentence indices or character offsets, and it is computed with SHA-256, not
Python's per-process ``hash()``.

What the id is made of: what the finding *is*, its scope and kind, the two
languages, and for each side the normalised value and its slot (the event it
is about). So inserting an adjective next to a value, fixing a typo in the
sentence or moving the sentence keeps the id; a changed value, slot or
language makes a new finding.

Only when two findings of one report are the same in all of that (the same
two values of one event, told in two sentence pairs) are they told apart by a
*gist* of the sentence around each value: the set of word stems next to it, up
to ``CONTEXT_WORDS`` words before and after, counting only words of at least
``MIN_WORD`` letters (digits and short function words are skipped), folded to
lower-case ASCII-ish letters and cut to their first ``STEM_LETTERS`` letters,
then sorted. Cutting words to a prefix stem absorbs inflection and most typo
fixes; sorting absorbs small reorderings next to the value.

Findings that still share an id (one sentence repeated in two sections) are
told apart deterministically: ordered by sentence texts, then by the values'
offsets, then by input order, the first keeps the id and the others get
``-2``, ``-3``, ...
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from checker.records import Fact, Finding, Sentence

#: Words considered on each side of the value.
CONTEXT_WORDS = 2
#: Words shorter than this (after folding) are skipped: "i", "ble", "dan", "di".
MIN_WORD = 4
#: Letters kept of each word: a crude, language-neutral stem.
STEM_LETTERS = 5
#: Hex digits of SHA-256 kept in an id.
ID_HEX = 12
ID_PREFIX = "F-"

# Letters only: digits belong to values, not to the context.
_WORD = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    """Lower-case without diacritics, so "Dzjugasjvili"/"dzjugasjvili" and "født"/"fødte" align."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stems(text: str) -> list[str]:
    """The stems of the longer words of ``text``, in order."""
    stems = []
    for match in _WORD.finditer(text):
        folded = _fold(match.group())
        if len(folded) >= MIN_WORD:
            stems.append(folded[:STEM_LETTERS])
    return stems


def sentence_gist(sentence: Sentence, fact: Fact) -> str:
    """The sorted stems of the words around ``fact`` in ``sentence``, joined by spaces.

    Offsets are used only to split the sentence at the value; they do not enter
    the gist, so the gist survives edits elsewhere in the sentence.

    >>> from checker.records import PartialDate
    >>> s = Sentence(0, "Stalin ble født i Gori i 1878, sier kildene.", 1, 0, "")
    >>> sentence_gist(s, Fact("date", "1878", 25, 29, PartialDate(1878)))
    'født gori kilde sier'
    """
    text = sentence.text
    start = min(max(fact.start, 0), len(text))
    end = min(max(fact.end, start), len(text))
    before = _stems(text[:start])[-CONTEXT_WORDS:]
    after = _stems(text[end:])[:CONTEXT_WORDS]
    return " ".join(sorted(set(before + after)))


def base_finding_id(finding: Finding, *, with_gist: bool = False) -> str:
    """The id of ``finding`` before disambiguation, from what it is.

    ``with_gist`` adds the words next to each value (``sentence_gist``), to
    tell apart findings that are otherwise the same. Exposed so the review
    stage can say why two findings share a stem id.
    """
    parts: dict[str, object] = {
        "scope": finding.scope,
        "kind": finding.kind,
        "src_lang": finding.src_lang,
        "tgt_lang": finding.tgt_lang,
        "src": _side(finding.src_fact, finding.src_sentence, with_gist),
        "tgt": _side(finding.tgt_fact, finding.tgt_sentence, with_gist),
    }
    if finding.scope == "internal":
        # Inside one article the two sides have no order: either may come first.
        parts["src"], parts["tgt"] = sorted(
            (parts["src"], parts["tgt"]), key=lambda side: json.dumps(side, sort_keys=True)
        )
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:ID_HEX]


def _side(fact: Fact, sentence: Sentence, with_gist: bool) -> dict[str, str | None]:
    side: dict[str, str | None] = {"normalized": fact.normalized, "slot": fact.slot}
    if with_gist:
        side["gist"] = sentence_gist(sentence, fact)
    return side


def assign_finding_ids(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Copies of ``findings``, in the same order, each with a unique, stable ``finding_id``.

    Any ``finding_id`` already set is replaced. Equal input gives equal ids on
    every run and machine.

    >>> assign_finding_ids(())
    ()
    """
    base_ids = [base_finding_id(finding) for finding in findings]
    counts: dict[str, int] = defaultdict(int)
    for base in base_ids:
        counts[base] += 1
    # Findings that are the same in what they are: told apart by the words next to their values.
    base_ids = [
        base_finding_id(finding, with_gist=True) if counts[base] > 1 else base
        for finding, base in zip(findings, base_ids, strict=True)
    ]
    groups: dict[str, list[int]] = defaultdict(list)
    for position, base in enumerate(base_ids):
        groups[base].append(position)

    final_ids = list(base_ids)
    for base, positions in groups.items():
        if len(positions) < 2:
            continue
        ordered = sorted(positions, key=lambda p: (_tiebreak(findings[p]), p))
        for rank, position in enumerate(ordered[1:], start=2):
            final_ids[position] = f"{base}-{rank}"
    return tuple(
        replace(finding, finding_id=finding_id)
        for finding, finding_id in zip(findings, final_ids, strict=True)
    )


def _tiebreak(finding: Finding) -> tuple[str, str, int, int]:
    """Order among colliding findings: by sentence text first, offsets only to break ties."""
    return (
        finding.src_sentence.text,
        finding.tgt_sentence.text,
        finding.src_fact.start,
        finding.tgt_fact.start,
    )
