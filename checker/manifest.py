"""The manifest ``seeds/pairs.toml``: which articles `checker check` compares by default.

Two kinds of entry. A ``[[pair]]`` names two editions of an article; an
``[[article]]`` names three or more, keyed by language, and every pair of them
is checked (see ``checker.run``)::

    [[pair]]
    name = "stalin"
    src = "stalin/nb.txt"
    tgt = "stalin/id.txt"
    src_lang = "nb"
    tgt_lang = "id"

    [[article]]
    name = "stalin3"
    editions = { nb = "stalin/nb.txt", id = "stalin/id.txt", en = "stalin/en.txt" }

Paths are relative to the manifest. Names share one namespace, because each
names a report folder (``reports/<name>/``) and a decisions file
(``<manifest folder>/<name>.decisions.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from checker.errors import CheckerError

#: Where `checker check` with no files, `review`, `serve` and `evaluate` find the manifest.
DEFAULT_MANIFEST = Path("seeds/pairs.toml")
#: The folder under which manifest entries' reports are written (``reports/<name>/``).
REPORTS_DIR = Path("reports")
#: How a decisions file's name ends.
DECISIONS_SUFFIX = ".decisions.toml"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class PairSpec:
    """Two editions to check, where their reports go and which decisions apply.

    Attributes:
        name: the manifest name, a label for two files, or ``<article>/<src>-<tgt>``
            for a pair of an article's editions.
        src, tgt: the article files (manifest paths resolved against its folder).
        src_lang, tgt_lang: their languages, or None to detect them.
        decisions: the editors' decisions file (``<manifest folder>/<name>.decisions.toml``
            for a manifest pair), or None when no decisions apply.
        report_dir: where the pair's reports are written.
    """

    name: str
    src: Path
    tgt: Path
    src_lang: str | None
    tgt_lang: str | None
    decisions: Path | None
    report_dir: Path


@dataclass(frozen=True)
class EditionSpec:
    """One language edition of an article: its file and its language (None: detect it)."""

    path: Path
    lang: str | None = None


@dataclass(frozen=True)
class ArticleSpec:
    """An article in three or more language editions; every pair of them is checked.

    Attributes:
        name: the article's name.
        editions: its editions, in the order given.
        decisions: the decisions file for the article's outliers; each pair's own
            decisions are in a sibling file (see `pair_decisions`). None: no decisions.
        report_dir: the article's report folder; each pair's reports go to
            ``<report_dir>/<src>-<tgt>/``.
    """

    name: str
    editions: tuple[EditionSpec, ...]
    decisions: Path | None
    report_dir: Path

    def pairs(self) -> tuple[PairSpec, ...]:
        """Every pair of editions once, in the order the editions are given.

        The languages must be known (given, or detected by ``checker.run``).

        >>> a = ArticleSpec("x", tuple(EditionSpec(Path(f"{c}.txt"), c) for c in "abc"),
        ...                 None, Path("r"))
        >>> [p.name for p in a.pairs()]
        ['x/a-b', 'x/a-c', 'x/b-c']
        """
        pairs = []
        for first, second in combinations(self.editions, 2):
            if first.lang is None or second.lang is None:
                raise ValueError(f"article {self.name}: detect the editions' languages first")
            label = f"{first.lang}-{second.lang}"
            pairs.append(
                PairSpec(
                    name=f"{self.name}/{label}",
                    src=first.path,
                    tgt=second.path,
                    src_lang=first.lang,
                    tgt_lang=second.lang,
                    decisions=(pair_decisions(self.decisions, label) if self.decisions else None),
                    report_dir=self.report_dir / label,
                )
            )
        return tuple(pairs)


@dataclass(frozen=True)
class Manifest:
    """Everything a manifest lists: ``[[pair]]`` entries, then ``[[article]]`` entries."""

    pairs: tuple[PairSpec, ...]
    articles: tuple[ArticleSpec, ...]


def pair_decisions(article_decisions: Path, label: str) -> Path:
    """The decisions file of one pair of an article's editions, beside the article's own.

    One file per pair, not one for the whole article, so that `checker review`
    of a pair's report sees only that pair's decisions (a decision it does not
    see would look resolved, and pruning would drop it).

    >>> pair_decisions(Path("seeds/stalin.decisions.toml"), "nb-id").as_posix()
    'seeds/stalin.nb-id.decisions.toml'
    >>> pair_decisions(Path("d/mine.toml"), "nb-id").as_posix()
    'd/mine.nb-id.toml'
    """
    name = article_decisions.name
    if name.endswith(DECISIONS_SUFFIX):
        stem, suffix = name.removesuffix(DECISIONS_SUFFIX), DECISIONS_SUFFIX
    else:
        stem, suffix = article_decisions.stem, article_decisions.suffix
    return article_decisions.with_name(f"{stem}.{label}{suffix}")


def read_manifest(path: Path) -> tuple[PairSpec, ...]:
    """Every pair a manifest has checked: its ``[[pair]]`` entries, then each article's pairs.

    Raises:
        CheckerError: see `read_entries`.

    >>> [p.name for p in read_manifest(Path("seeds/pairs.toml"))]  # doctest: +SKIP
    ['stalin']
    """
    manifest = read_entries(path)
    return manifest.pairs + tuple(p for a in manifest.articles for p in a.pairs())


def read_entries(path: Path) -> Manifest:
    """Read and check a manifest; every problem is a one-line ``CheckerError``."""
    if not path.is_file():
        raise CheckerError(
            f"no manifest at {path}; create it with [[pair]] entries (name, src, tgt, "
            "src_lang, tgt_lang) or [[article]] entries (name, editions)"
        )
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CheckerError(f"{path} is not valid TOML: {error}") from error
    pair_entries = raw.get("pair", [])
    article_entries = raw.get("article", [])
    if not isinstance(pair_entries, list) or not isinstance(article_entries, list):
        raise CheckerError(f"{path}: write entries as [[pair]] and [[article]] tables")
    if not pair_entries and not article_entries:
        raise CheckerError(f"{path} has no [[pair]] entries")
    seen: set[str] = set()
    pairs = tuple(
        _pair(path, number, entry, seen) for number, entry in enumerate(pair_entries, start=1)
    )
    articles = tuple(
        _article(path, number, entry, seen) for number, entry in enumerate(article_entries, start=1)
    )
    return Manifest(pairs=pairs, articles=articles)


def _name(where: str, entry: object, seen: set[str]) -> str:
    if not isinstance(entry, dict):
        raise CheckerError(f"{where}: not a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        raise CheckerError(f"{where}: missing or empty 'name'")
    if not _NAME.match(name):
        raise CheckerError(f"{where}: name {name!r} must be letters, digits, '-', '_' or '.'")
    if name in seen:
        raise CheckerError(f"{where}: duplicate name {name!r}")
    seen.add(name)
    return name


def _pair(path: Path, number: int, entry: dict[str, object], seen: set[str]) -> PairSpec:
    where = f"{path}, pair {number}"
    name = _name(where, entry, seen)
    for key in ("src", "tgt"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise CheckerError(f"{where}: missing or empty {key!r}")
    langs = [entry.get(key) for key in ("src_lang", "tgt_lang")]
    if any(lang is not None and not isinstance(lang, str) for lang in langs):
        raise CheckerError(f"{where}: src_lang and tgt_lang must be language codes")
    return PairSpec(
        name=name,
        src=path.parent / str(entry["src"]),
        tgt=path.parent / str(entry["tgt"]),
        src_lang=langs[0] if isinstance(langs[0], str) else None,
        tgt_lang=langs[1] if isinstance(langs[1], str) else None,
        decisions=path.parent / f"{name}{DECISIONS_SUFFIX}",
        report_dir=REPORTS_DIR / name,
    )


def _article(path: Path, number: int, entry: dict[str, object], seen: set[str]) -> ArticleSpec:
    where = f"{path}, article {number}"
    name = _name(where, entry, seen)
    editions = entry.get("editions")
    if not isinstance(editions, dict) or not all(
        isinstance(value, str) and value for value in editions.values()
    ):
        raise CheckerError(
            f"{where} ({name}): 'editions' must be a table of language code to file, "
            'e.g. { nb = "x/nb.txt", id = "x/id.txt", en = "x/en.txt" }'
        )
    specs = tuple(
        EditionSpec(path.parent / str(file), str(lang)) for lang, file in editions.items()
    )
    return ArticleSpec(
        name=name,
        editions=check_editions(specs, f"{where} ({name})"),
        decisions=path.parent / f"{name}{DECISIONS_SUFFIX}",
        report_dir=REPORTS_DIR / name,
    )


def check_editions(editions: Sequence[EditionSpec], where: str) -> tuple[EditionSpec, ...]:
    """The editions with canonical language codes, if they make an article.

    An article has three or more editions in different languages. Editions
    whose language is not known yet (None) are checked once it is. Codes are
    compared after aliases are resolved (``no`` is ``nb``); an unknown code is
    an error here, before any file is read.

    Raises:
        CheckerError: fewer than three editions, an unknown language, or two
            editions in one language (one line, starting with ``where``).
    """
    from checker.errors import LanguageError
    from checker.languages import load_language

    if len(editions) < 3:
        count = "one edition" if len(editions) == 1 else f"{len(editions)} editions"
        raise CheckerError(f"{where} has {count}; an article needs three or more (two are a pair)")
    by_lang: dict[str, Path] = {}
    checked = []
    for edition in editions:
        if edition.lang is None:
            checked.append(edition)
            continue
        try:
            code = load_language(edition.lang).code
        except LanguageError as error:
            raise CheckerError(f"{where}: {edition.path}: {error}") from None
        if code in by_lang:
            raise CheckerError(
                f"{where}: {by_lang[code]} and {edition.path} are both in {code!r}; "
                "each edition must be in a different language"
            )
        by_lang[code] = edition.path
        checked.append(EditionSpec(edition.path, code))
    return tuple(checked)
