"""Load an article file: read and check it (`reading`), split it into sentences (`splitting`).

`load_article` reads and checks a file and returns an `Article`;
`segment_text` does the same for text already in memory; `split_sentences`
splits one paragraph. The article format and the splitting rules are set out in
`checker.segment.splitting`; the checks a file must pass in
`checker.segment.reading`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from checker.errors import InputFileError
from checker.languages import detect_language, load_language
from checker.records import Article
from checker.segment.reading import MAX_ARTICLE_BYTES, read_article_file, shown
from checker.segment.splitting import segment_text, split_sentences

__all__ = ["MAX_ARTICLE_BYTES", "load_article", "segment_text", "split_sentences"]

log = logging.getLogger(__name__)


def load_article(path: Path | str, lang: str | None = None) -> Article:
    """Read, check, decode and segment an article file.

    The file must be UTF-8 text of at most `MAX_ARTICLE_BYTES`. A UTF-8
    byte-order mark is accepted and stripped: it is not part of line 1, so
    ``Sentence.start`` offsets on line 1, and byte offsets in error messages,
    count from after it. ``\\r\\n`` line endings are accepted. The SHA-256 is
    of the file's bytes as they are, BOM included.

    Args:
        path: the article file.
        lang: its language code (``nb``, ``no``, ``id``...); None to detect it.

    Raises:
        InputFileError: the file is missing, a directory, too large, empty,
            binary, not UTF-8, or has no sentences. The message is one line
            that names the file and says what to do.
        LanguageError: ``lang`` is unknown, or the detected language has no data.
    """
    path = Path(path)
    given = load_language(lang) if lang is not None else None  # a bad code fails first
    data, text = read_article_file(path)
    language = given if given is not None else load_language(detect_language(text))
    sentences = segment_text(text, language)
    if not sentences:
        raise InputFileError(
            f"{shown(path)} has no sentences (only headings and blank lines); "
            "give an article with text under its headings"
        )
    log.debug("%s: %d sentences (%s)", path, len(sentences), language.code)
    return Article(path, language.code, sentences, hashlib.sha256(data).hexdigest())
