"""Persons the target article names, and a name swapped for another of them.

Facts do not say whether a name is a person's; the two articles tell
(`find_persons`), and a swap writes the other person the way the article
writes names, genitive ending included (`swap_person`).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checker.extract import name_key
from checker.languages import LanguageData
from checker.mutate.facts import Edit, most_common, name_tokens, tokens_match
from checker.records import Fact

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Person:
    """A person the target article names.

    Attributes:
        key: the surname's name key ("lenin").
        surname: the surname as the article writes it alone ("Lenin").
        full: the full name as the article writes it most often ("Vladimir Lenin").
        forms: every full-name text of the person in the article.
        given: the person's given names in either article, as keys and as
            written, lower-cased ("vladimir", "iosef", "josef").
    """

    key: str
    surname: str
    full: str
    forms: frozenset[str]
    given: frozenset[str] = frozenset()


def find_persons(
    src_facts: Sequence[Sequence[Fact]],
    tgt_facts: Sequence[Sequence[Fact]],
    lang: LanguageData,
) -> dict[str, Person]:
    """People the target article (in ``lang``) names, by surname key.

    Facts do not say whether a name is a person's, so the articles tell: a
    person's full name ("Vladimir Lenin") is written alike in both editions
    (places and organisations are translated: "Uni Soviet", "Sovjetunionen"),
    and the surname is also used alone ("Lenin"). Both are required. Keys
    that differ by a spelling ("hrushev", "hruschev") map to one person.
    """
    src_names = [f for facts in src_facts for f in facts if f.kind == "name"]
    tgt_names = [f for facts in tgt_facts for f in facts if f.kind == "name"]
    alone = {name_tokens(f)[0] for f in (*src_names, *tgt_names) if len(name_tokens(f)) == 1}
    src_multi = [(name_tokens(f), _given_names(f)) for f in src_names if len(name_tokens(f)) >= 2]

    def written_in_source(fact: Fact, every: bool) -> bool:
        """Some source name has this surname and one (or ``every``) of these given names."""
        surname, given = name_tokens(fact)[-1], _given_names(fact)
        test = all if every else any
        return any(
            tokens_match(surname, tokens[-1])
            and test(any(_names_match(g, o) for o in other) for g in given)
            for tokens, other in src_multi
        )

    full_forms: dict[str, Counter[str]] = {}
    for fact in tgt_names:
        tokens = name_tokens(fact)
        if (
            len(tokens) >= 2
            and tokens[-1] in alone
            and all(len(t) >= 2 for t in tokens)
            and written_in_source(fact, every=False)
        ):
            counts = full_forms.setdefault(tokens[-1], Counter())
            # Only a name that is all this person's ("Vladimir Lenin", not a
            # run such as "Stalin Simon Sebag Montefiore") is a form to swap whole.
            all_names = len(_given_names(fact)) == len(_WORD.findall(fact.text)) - 1
            counts[fact.text] += 1 if all_names and written_in_source(fact, every=True) else 0
    surnames: dict[str, Counter[str]] = {}
    for fact in tgt_names:
        tokens = name_tokens(fact)
        if len(tokens) == 1 and tokens[0] in full_forms:
            surnames.setdefault(tokens[0], Counter())[fact.text] += 1
    persons: dict[str, Person] = {}
    by_use = sorted(surnames, key=lambda k: (-sum(surnames[k].values()), k))
    for key in by_use:
        same = next((p for p in persons.values() if tokens_match(p.key, key)), None)
        if same is not None:
            persons[key] = same
            continue
        # A genitive ("Lenins") would be a poor name to put elsewhere; a full
        # name in another script (a Cyrillic quote) a poor one to put in a sentence.
        written = Counter({t: n for t, n in surnames[key].items() if not _genitive(t, lang)})
        surname = most_common(written or surnames[key])
        forms = Counter(
            {
                t: n
                for t, n in full_forms[key].items()
                if n and not _genitive(t, lang) and _script(t) == _script(surname)
            }
        )
        given = {
            name
            for tokens, names in src_multi
            if tokens_match(tokens[-1], key)
            for position in names
            for name in position
        }
        given |= {
            name
            for fact in tgt_names
            if fact.text in forms
            for position in _given_names(fact)
            for name in position
        }
        persons[key] = Person(
            key=key,
            surname=surname,
            full=most_common(forms) if forms else surname,
            forms=frozenset(t for t, n in full_forms[key].items() if n),
            given=frozenset(given),
        )
    return dict(sorted(persons.items()))


def _given_names(fact: Fact) -> tuple[frozenset[str], ...]:
    """Each given name before the surname, as its key and as written, lower-cased.

    Keys fold transliterations, but the folding can itself part two spellings
    of one given name ("Josef" is "dshosef" from Indonesian and "iosef" from
    Norwegian): either form may match. Only words written as names count
    ("Vladimir", not "XIX" or a particle such as "dze").
    """
    keys = name_tokens(fact)[:-1]
    written = _WORD.findall(fact.text)[:-1]
    if len(written) != len(keys):
        return tuple(frozenset({k}) for k in keys if len(k) > 1)
    return tuple(
        frozenset({k, w.lower()})
        for k, w in zip(keys, written, strict=True)
        if w[:1].isupper() and any(ch.islower() for ch in w[1:])
    )


def _names_match(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(tokens_match(x, y) for x in a for y in b)


def _genitive(word: str, lang: LanguageData) -> str:
    """The genitive ending of a name ("Lenins" in Norwegian: "s"), or ""."""
    suffix = str(lang.section("names").get("genitive_suffix", ""))
    if not suffix or not word.endswith(suffix) or len(word) <= len(suffix):
        return ""
    same = name_key(word[: -len(suffix)], lang).key == name_key(word, lang).key
    return suffix if same else ""


def _script(text: str) -> frozenset[str]:
    """The scripts of a text's letters ("LATIN", "CYRILLIC", "GEORGIAN")."""
    return frozenset(unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha())


def swap_person(
    fact: Fact,
    rng: random.Random,
    persons: Mapping[str, Person],
    avoid: frozenset[str],
    lang: LanguageData,
) -> list[tuple[Edit, str]]:
    """Put another person of the article in place of the person a name fact names.

    A full name ("Vladimir Lenin") becomes the other person's full name, a
    surname ("Lenins") the other surname with the same genitive ending.
    Persons whose names are in ``avoid`` (keys) are not chosen: a swap to a
    person the pair already names is no conflict. Returns the edits to try in
    turn (the other persons in random order), each with that person's key.
    """
    tokens = name_tokens(fact)
    if not tokens or tokens[-1] not in persons:
        return []
    person = persons[tokens[-1]]
    choices = sorted(
        {
            p.key
            for p in persons.values()
            if p.key != person.key and not any(tokens_match(p.key, other) for other in avoid)
        }
    )
    rng.shuffle(choices)
    whole = fact.text in person.forms
    if whole:
        # A full name is best replaced by a full name; a surname-only person comes last.
        choices.sort(key=lambda key: not persons[key].forms)
    words = list(_WORD.finditer(fact.text))
    last = max(
        (i for i, w in enumerate(words) if _is_surname(w.group(0), tokens[-1], lang)), default=-1
    )
    if last < 0:
        return []
    # The given names right before the surname go with it ("Winston Churchill"
    # at the end of "Perdana Menteri Britania Raya Winston Churchill").
    first = last
    while first > 0 and _is_given(words[first - 1].group(0), person.given, lang):
        first -= 1
    surname_word = words[last].group(0)
    options: list[tuple[Edit, str]] = []
    for key in choices:
        other = persons[key]
        if whole and _script(fact.text) == _script(other.full):
            new = other.full + _genitive(fact.text, lang)
            options.append((Edit(fact.start, fact.end, new), key))
        elif _script(surname_word) == _script(other.surname):
            new = (other.full if first < last else other.surname) + _genitive(surname_word, lang)
            start, end = fact.start + words[first].start(), fact.start + words[last].end()
            options.append((Edit(start, end, new), key))
    return options


def _is_given(word: str, given: frozenset[str], lang: LanguageData) -> bool:
    names = {word.lower(), *name_key(word, lang).tokens}
    return any(tokens_match(name, other) for name in names for other in given)


def _is_surname(word: str, key: str, lang: LanguageData) -> bool:
    keys = name_key(word, lang).tokens
    return bool(keys) and tokens_match(keys[-1], key)
