"""Language knowledge, one TOML data file per language, and the base they share.

Adding a language means adding ``<code>.toml`` with the keys of the schema in
``_base.toml``, either beside this file or in a folder named by the
``CHECKER_LANGUAGE_PATH`` environment variable (folders separated by
``os.pathsep``; a file there wins over the package's own). No Python changes:
every rule that differs between languages is read from the file.

``_base.toml`` holds what all languages share and what is no language's: the
slot taxonomy (which events there are, how an explanation names them, whether
they recur in a life), the calendar cut-overs, the language-neutral skeleton of
name keys, the scripts that count as names, the code aliases, and the schema
every language file is checked against. ``base()`` returns it typed.

Month names and number separators come from CLDR through Babel, so the files
hold only what CLDR does not know: words for numbers, scales, bounds and
approximations, event words, abbreviations.

The package is split by what each part owns: ``model`` (the frozen dataclasses),
``shared`` (the base file, `base`), ``loading`` (finding, merging and loading
the language files) and ``validation`` (the schema checks and their messages).
Everything public is importable from here.
"""

from __future__ import annotations

from checker.languages.loading import (
    PATH_VARIABLE,
    available_languages,
    canonical_code,
    detect_language,
    language_dirs,
    language_name,
    language_path,
    load_language,
    validate_language_files,
)
from checker.languages.model import BaseData, Cutover, LanguageData, SlotInfo
from checker.languages.shared import BASE_FILE, VALUE_KINDS, base
from checker.languages.validation import language_problems

__all__ = [
    "BASE_FILE",
    "PATH_VARIABLE",
    "VALUE_KINDS",
    "BaseData",
    "Cutover",
    "LanguageData",
    "SlotInfo",
    "available_languages",
    "base",
    "canonical_code",
    "detect_language",
    "language_dirs",
    "language_name",
    "language_path",
    "language_problems",
    "load_language",
    "validate_language_files",
]
