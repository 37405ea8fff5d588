"""load_article on bad input: each problem is one InputFileError line naming the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checker.errors import InputFileError, LanguageError
from checker.segment import MAX_ARTICLE_BYTES, load_article

NB_TEXT = "Josef Stalin ble født i Gori. Han døde i 1953.\n"

# The first 33 bytes of a real PNG file: signature and IHDR chunk of a 1x1 image.
PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path, lang: str | None = "nb") -> str:
    """The message of the InputFileError that loading ``path`` raises, checked for form."""
    with pytest.raises(InputFileError) as caught:
        load_article(path, lang)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in refused(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    assert "is empty" in refused(write(tmp_path, "empty.txt", b""))


def test_only_utf8_bom_is_empty(tmp_path: Path) -> None:
    assert "is empty" in refused(write(tmp_path, "bom.txt", b"\xef\xbb\xbf"))


def test_whitespace_only(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "blank.txt", b"  \n\t\r\n\n   "), lang=None)
    assert "only whitespace" in message


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    data = b"Stalin\x00\x01\x02\x03" * 50
    assert "binary" in refused(write(tmp_path, "blob.bin", data))


def test_mostly_control_characters(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 40 + b"Stalin"
    assert "binary" in refused(write(tmp_path, "controls.dat", data))


def test_png_header(tmp_path: Path) -> None:
    assert "PNG image" in refused(write(tmp_path, "stalin.png", PNG_HEADER))


def test_cp1252_text_says_where_and_what(tmp_path: Path) -> None:
    data = "Stalin.\nHan reiste.\nHan bodde i Tromsø.\n".encode("cp1252")
    message = refused(write(tmp_path, "latin.txt", data))
    assert "is not UTF-8" in message
    assert "0xf8" in message
    assert "line 3" in message
    offset = data.index("ø".encode("cp1252"))
    assert f"byte {offset}," in message
    assert "iconv -f windows-1252 -t utf-8" in message


def test_utf16_with_bom(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "utf16.txt", NB_TEXT.encode("utf-16")))
    assert "not UTF-8" in message
    assert "UTF-16" in message
    assert "iconv -f utf-16 -t utf-8" in message


def test_utf16_without_bom(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "utf16le.txt", NB_TEXT.encode("utf-16-le")))
    assert "UTF-16LE" in message


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)
    message = refused(path)
    assert "is 50.0 MB" in message
    assert "up to 20 MB" in message


def test_exactly_the_limit_is_not_too_large(tmp_path: Path) -> None:
    path = tmp_path / "limit.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES)
    assert "MB" not in refused(path)  # refused as binary (NUL bytes), not for its size


def test_headings_only_has_no_sentences(tmp_path: Path) -> None:
    data = b"== Noter ==\n\n== Referanser ==\n=== Kilder ===\n"
    assert "no sentences" in refused(write(tmp_path, "headings.txt", data))


def test_unknown_language_code(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.txt", NB_TEXT.encode())
    with pytest.raises(LanguageError) as caught:
        load_article(path, "xx")
    assert "\n" not in str(caught.value)
    assert "'xx'" in str(caught.value)


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + NB_TEXT.encode()
    article = load_article(write(tmp_path, "bom.txt", data), "no")
    assert article.lang == "nb"
    assert [(s.text, s.line, s.start) for s in article.sentences] == [
        ("Josef Stalin ble født i Gori.", 1, 0),
        ("Han døde i 1953.", 1, 30),
    ]
    assert article.sha256 == hashlib.sha256(data).hexdigest()


def test_crlf_file(tmp_path: Path) -> None:
    data = b"Lead her.\r\n\r\n== Navn ==\r\nStalin het Dzjugasjvili. Han var georgier.\r\n"
    article = load_article(write(tmp_path, "crlf.txt", data), "nb")
    assert [(s.line, s.start, s.text, s.section) for s in article.sentences] == [
        (1, 0, "Lead her.", ""),
        (4, 0, "Stalin het Dzjugasjvili.", "Navn"),
        (4, 25, "Han var georgier.", "Navn"),
    ]


def test_path_given_as_string(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.txt", NB_TEXT.encode())
    article = load_article(str(path), "nb")
    assert article.path == path
    assert len(article.sentences) == 2
