"""Finding and loading language files: the package's own and the user's folders.

The folders of ``$CHECKER_LANGUAGE_PATH`` are searched before the package's
folder, and the first file of a code wins, so a user's ``nb.toml`` replaces
the shipped one. A file is parsed, checked (``checker.languages.validation``)
and typed (`LanguageData`) once per content.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from checker.errors import LanguageError
from checker.languages.model import LanguageData
from checker.languages.shared import DATA_PACKAGE, base
from checker.languages.validation import language_problems

#: Environment variable naming extra folders of language files, searched first.
PATH_VARIABLE = "CHECKER_LANGUAGE_PATH"


def language_dirs() -> tuple[Traversable, ...]:
    """The folders searched for language files, in order (the first file of a code wins).

    The folders of ``$CHECKER_LANGUAGE_PATH`` come first, then the package's own.
    """
    extra = [Path(p) for p in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if p.strip()]
    return (*extra, resources.files(DATA_PACKAGE))


def _files() -> dict[str, Traversable]:
    found: dict[str, Traversable] = {}
    for folder in language_dirs():
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            name = entry.name
            if name.endswith(".toml") and not name.startswith("_"):
                found.setdefault(name.removesuffix(".toml"), entry)
    return found


def available_languages() -> tuple[str, ...]:
    """Codes of every language that has a data file, sorted.

    >>> {"nb", "id", "en", "es"} <= set(available_languages())
    True
    """
    return tuple(sorted(_files()))


def canonical_code(code: str) -> str:
    """Lower-case the code and resolve aliases (``no`` -> ``nb``).

    >>> canonical_code(" NO ")
    'nb'
    """
    code = code.strip().lower()
    return base().aliases.get(code, code)


@contextmanager
def language_path(*folders: Path | str) -> Iterator[None]:
    """Search ``folders`` for language files first while the block runs (for tests and tools).

    >>> with language_path("/nonexistent"):
    ...     "nb" in available_languages()
    True
    """
    before = os.environ.get(PATH_VARIABLE)
    os.environ[PATH_VARIABLE] = os.pathsep.join(
        [str(f) for f in folders] + ([before] if before else [])
    )
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PATH_VARIABLE, None)
        else:
            os.environ[PATH_VARIABLE] = before


def load_language(code: str) -> LanguageData:
    """Load and validate the data file of ``code`` (cached per file).

    >>> load_language("no").code
    'nb'
    >>> load_language("es").name
    'Spanish'

    Raises:
        LanguageError: no data file exists for the code, or it is invalid.
    """
    code = canonical_code(code)
    files = _files()
    entry = files.get(code)
    if entry is None:
        raise LanguageError(
            f"no language data for {code!r}; supported languages: "
            f"{', '.join(sorted(files))} (add {code}.toml to checker/languages/ or to a "
            f"folder in ${PATH_VARIABLE} to support it)"
        )
    return _load_file(code, entry.read_text("utf-8"))


@cache
def _load_file(code: str, text: str) -> LanguageData:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LanguageError(f"language file {code}.toml is not valid TOML: {error}") from None
    problems = language_problems(code, raw)
    if problems:
        raise LanguageError(f"language file {code}.toml is invalid: {'; '.join(problems)}")
    return LanguageData(
        code=raw["code"],
        name=raw["name"],
        babel_locale=raw["babel_locale"],
        script=raw["script"].upper(),
        sections=MappingProxyType(
            {key: raw[key] for key, kind in base().schema.items() if isinstance(raw[key], dict)}
        ),
    )


def validate_language_files() -> list[str]:
    """Every problem with the data files found, each as one message (empty when all is well).

    >>> validate_language_files()
    []
    """
    problems: list[str] = []
    for code, entry in sorted(_files().items()):
        try:
            raw = tomllib.loads(entry.read_text("utf-8"))
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{code}.toml: not valid TOML: {error}")
            continue
        problems.extend(language_problems(code, raw))
    return problems


def language_name(code: str) -> str:
    """The English name of a language for reports, from its data file; the code when it has none.

    A report may name a language whose file is no longer there (an old run),
    so this never raises.

    >>> language_name("nb"), language_name("no"), language_name("qq")
    ('Norwegian Bokmål', 'Norwegian Bokmål', 'qq')
    """
    try:
        return load_language(code).name
    except LanguageError:
        return code


def detect_language(text: str) -> str:
    """Guess the language of an article offline and return a supported code.

    Uses py3langid (a small n-gram model shipped in its package, no network).

    Raises:
        LanguageError: the text is in a language with no data file.
    """
    import py3langid

    detected, _score = py3langid.classify(text[:20000])
    code = canonical_code(str(detected))
    if code not in available_languages():
        raise LanguageError(
            f"the text looks like {code!r}, which has no language data; supported: "
            f"{', '.join(available_languages())}. Give the language with --src-lang/--tgt-lang "
            "if the guess is wrong"
        )
    return code
