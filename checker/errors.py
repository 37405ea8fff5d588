"""Errors the user can act on.

The library raises these; the CLI turns each into one line on stderr and exit
code 2. Anything else escaping is a bug and keeps its traceback.
"""

from __future__ import annotations


class CheckerError(Exception):
    """Bad input or usage: the message says what is wrong and what to do."""


class InputFileError(CheckerError):
    """An article file is missing, empty, binary, not UTF-8 or has no sentences."""


class LanguageError(CheckerError):
    """A language code is unknown, has no data file, or could not be detected."""


class ModelError(CheckerError):
    """The embedding model could not be found, converted or loaded."""


class OutputError(CheckerError):
    """A report or decisions file could not be written."""


class GoldFileError(CheckerError):
    """A gold file for evaluation is missing or malformed."""
