"""Language knowledge, one TOML data file per language.

Adding a language means adding ``<code>.toml`` beside this file with the same
keys as the others; ``validate_language_files`` (run by the tests) names any
key that is missing or extra. Month names and number separators come from
CLDR through Babel, so the files hold only what CLDR does not know: words for
numbers, scales, bounds and approximations, event words, abbreviations.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from checker.errors import LanguageError

#: Codes accepted as another name for a language that has a data file.
ALIASES: Mapping[str, str] = {"no": "nb"}

#: The keys every language file must have, each with the type of its value.
REQUIRED_KEYS: Mapping[str, type] = {
    "code": str,
    "name": str,
    "babel_locale": str,
    "segment": dict,
    "dates": dict,
    "numbers": dict,
    "names": dict,
    "slots": dict,
}


@dataclass(frozen=True)
class LanguageData:
    """What checker knows of one language, read from its data file.

    ``sections`` holds the file's tables (``segment``, ``dates``, ``numbers``,
    ``names``, ``slots``) as read; the stages that use them interpret them.
    """

    code: str
    name: str
    babel_locale: str
    sections: Mapping[str, Mapping[str, Any]] = field(repr=False)

    def section(self, name: str) -> Mapping[str, Any]:
        """One table of the data file (``segment``, ``dates``, ...)."""
        return self.sections[name]


def available_languages() -> tuple[str, ...]:
    """Codes of every language that has a data file, sorted."""
    files = resources.files(__name__)
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in files.iterdir()
            if entry.name.endswith(".toml") and not entry.name.startswith("_")
        )
    )


def canonical_code(code: str) -> str:
    """Lower-case the code and resolve aliases (``no`` -> ``nb``)."""
    code = code.strip().lower()
    return ALIASES.get(code, code)


@cache
def load_language(code: str) -> LanguageData:
    """Load and validate the data file of ``code``.

    >>> load_language("no").code
    'nb'

    Raises:
        LanguageError: no data file exists for the code.
    """
    code = canonical_code(code)
    if code not in available_languages():
        raise LanguageError(
            f"no language data for {code!r}; supported languages: "
            f"{', '.join(available_languages())} (add checker/languages/{code}.toml to support it)"
        )
    raw = tomllib.loads(resources.files(__name__).joinpath(f"{code}.toml").read_text("utf-8"))
    problems = _problems(code, raw)
    if problems:
        raise LanguageError(f"language file {code}.toml is invalid: {'; '.join(problems)}")
    return LanguageData(
        code=raw["code"],
        name=raw["name"],
        babel_locale=raw["babel_locale"],
        sections={key: raw[key] for key in REQUIRED_KEYS if isinstance(raw[key], dict)},
    )


def _problems(code: str, raw: Mapping[str, Any]) -> list[str]:
    problems = []
    for key, kind in REQUIRED_KEYS.items():
        if key not in raw:
            problems.append(f"missing key {key!r}")
        elif not isinstance(raw[key], kind):
            problems.append(f"{key!r} must be a {kind.__name__}")
    if raw.get("code") not in (None, code):
        problems.append(f"code is {raw.get('code')!r}, file name says {code!r}")
    return problems


def validate_language_files() -> list[str]:
    """Every problem with the data files: missing keys, and keys one file has and another lacks.

    Tables are compared key by key, so a language cannot silently lack, say,
    approximation words that the others define.
    """
    problems: list[str] = []
    loaded: dict[str, LanguageData] = {}
    for code in available_languages():
        try:
            loaded[code] = load_language(code)
        except LanguageError as error:
            problems.append(str(error))
    tables = {table for data in loaded.values() for table in data.sections}
    for table in sorted(tables):
        keys = {code: set(data.sections.get(table, {})) for code, data in loaded.items()}
        union = set().union(*keys.values())
        for code, have in sorted(keys.items()):
            for missing in sorted(union - have):
                problems.append(f"{code}.toml: [{table}] lacks key {missing!r}")
    return problems


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
