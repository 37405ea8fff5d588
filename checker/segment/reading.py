"""Read an article file and check that it is one: UTF-8 text of a sane size.

This module is the reading half of `checker.segment`: every way a file can
fail to be an article (missing, a directory, too large, empty, binary, another
encoding, invalid UTF-8) is told apart here and reported as one line that
names the file and says what to do, before any text is split
(`checker.segment.splitting` does that).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from checker.errors import InputFileError

#: Largest article file checker reads, in bytes (20 MiB).
MAX_ARTICLE_BYTES = 20 * 1024 * 1024

_MIB = 1024 * 1024

#: File signatures of common binary formats, for a clearer message than "binary".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt file is one)"),
    (b"\x1f\x8b", "a gzip archive"),
)

#: Byte-order marks of encodings that are not UTF-8, longest first.
_FOREIGN_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)

_UTF8_BOM = b"\xef\xbb\xbf"

#: Control bytes other than tab, line feed, vertical tab, form feed, carriage return, escape.
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}


def read_article_file(path: Path) -> tuple[bytes, str]:
    """The file's bytes, and its text decoded from UTF-8 (without a UTF-8 byte-order mark).

    Raises:
        InputFileError: the file is missing, a directory, too large, empty,
            binary or not UTF-8 (see `checker.segment.load_article`).
    """
    data = _read_checked(path)
    return data, _decode(path, data)


def shown(path: Path) -> str:
    """The path for a one-line message (repr if it holds a line break or control character)."""
    name = str(path)
    return name if name.isprintable() else repr(name)


def _read_checked(path: Path) -> bytes:
    """The file's bytes, after checking it exists, is a file and is not too large."""
    name = shown(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputFileError(f"{name} does not exist; check the path of the article") from None
    except OSError as error:
        raise InputFileError(
            f"cannot read {name}: {error.strerror}; check the path and its permissions"
        ) from None
    if path.is_dir():
        raise InputFileError(
            f"{name} is a directory; give the path of an article file (UTF-8 text)"
        )
    if not path.is_file():
        raise InputFileError(
            f"{name} is not a regular file; give the path of an article file (UTF-8 text)"
        )
    if info.st_size > MAX_ARTICLE_BYTES:
        raise _too_large(path, info.st_size)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise InputFileError(
            f"cannot read {name}: {error.strerror}; check the file's permissions"
        ) from None
    if len(data) > MAX_ARTICLE_BYTES:  # it grew after stat
        raise _too_large(path, len(data))
    return data


def _too_large(path: Path, size: int) -> InputFileError:
    return InputFileError(
        f"{shown(path)} is {size / _MIB:.1f} MB; checker reads articles up to "
        f"{MAX_ARTICLE_BYTES // _MIB} MB: give one article per file"
    )


def _decode(path: Path, data: bytes) -> str:
    """The file's text, or InputFileError saying why the bytes are not an article."""
    name = shown(path)
    empty = f"{name} is empty; give an article with one paragraph per line"
    if not data:
        raise InputFileError(empty)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputFileError(
                f"{name} is {kind}, not text; "
                "give the article as UTF-8 text, one paragraph per line"
            )
    for bom, codec, label in _FOREIGN_BOMS:
        if data.startswith(bom) and _decodes(data, codec):
            raise _not_utf8(
                path, f"it is {label} (it starts with a {label} byte-order mark)", codec
            )
    bom_stripped = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM) :] if bom_stripped else data
    if not body:
        raise InputFileError(empty)
    if b"\x00" in body:
        for codec, label in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
            if _looks_like_utf16(body, codec):
                raise _not_utf8(path, f"it looks like {label} without a byte-order mark", codec)
        raise InputFileError(
            f"{name} is a binary file (it contains NUL bytes), not text; "
            "give the article as UTF-8 text, one paragraph per line"
        )
    sample = body[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if sample and controls > len(sample) // 10:
        raise InputFileError(
            f"{name} is a binary file (mostly control characters), not text; "
            "give the article as UTF-8 text, one paragraph per line"
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _invalid_utf8(path, body, error, bom_stripped) from None
    if not text.strip():
        raise InputFileError(f"{name} contains only whitespace; give an article with text")
    return text


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_utf16(data: bytes, codec: str) -> bool:
    """Whether BOM-less bytes decode as UTF-16 to text without control characters."""
    if len(data) % 2:
        return False
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False
    return any(char.isalpha() for char in text) and all(
        char.isprintable() or char.isspace() for char in text
    )


def _not_utf8(path: Path, what: str, codec: str) -> InputFileError:
    return InputFileError(
        f"{shown(path)} is not UTF-8: {what}; convert it with {_iconv(path, codec)}"
    )


def _iconv(path: Path, codec: str) -> str:
    """A command line that converts the file to UTF-8 beside it."""
    target = path.with_name(f"{path.stem}.utf8{path.suffix or '.txt'}")
    return f"iconv -f {codec} -t utf-8 {shlex.quote(str(path))} > {shlex.quote(str(target))}"


def _invalid_utf8(
    path: Path, body: bytes, error: UnicodeDecodeError, bom_stripped: bool
) -> InputFileError:
    """Say where the first invalid byte is and which encoding the file looks like."""
    offset = error.start
    line = body.count(b"\n", 0, offset) + 1
    after_bom = ", counting after the byte-order mark" if bom_stripped else ""
    where = f"invalid byte 0x{body[offset]:02x} at byte {offset}, line {line}{after_bom}"
    guess = _guess_encoding(body)
    if guess is None:
        advice = f"convert it to UTF-8, e.g. {_iconv(path, 'ENCODING')}"
    else:
        advice = f"it looks like {guess}: convert it with {_iconv(path, guess)}"
    return InputFileError(f"{shown(path)} is not UTF-8 ({where}); {advice}")


def _guess_encoding(body: bytes) -> str | None:
    """windows-1252 or latin-1 when the bytes decode cleanly as text in it, else None."""
    try:
        body.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        return "windows-1252"
    text = body.decode("latin-1")
    if not any(0x80 <= ord(char) <= 0x9F for char in text):  # C1 controls: not latin-1 text
        return "latin-1"
    return None
