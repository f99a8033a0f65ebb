"""Turning a file's bytes into text, or a clear reason why they are not text."""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass

# Signatures of binary formats people keep next to their articles, named in the message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.epub/.odt, which are ZIP archives)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never occur in text files (tab, newline, CR, form feed and ESC do).
_BINARY_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0E, 0x0F, *range(0x10, 0x1B)])
_SNIFF_BYTES = 8192


class NotText(ValueError):
    """The bytes are not a text file; the message says what they are instead."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file.

    Attributes:
        text: The decoded text, newlines normalised to `\\n`.
        encoding: The encoding used ("utf-8", "utf-16-le", ...).
        note: What was unusual about the decoding, for the user; None when nothing was.
    """

    text: str
    encoding: str
    note: str | None = None


class _FallbackTally(threading.local):
    """Per-thread tally of the bytes the fallback handler decoded in the current call."""

    count = 0
    first_offset: int | None = None


_tally = _FallbackTally()


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode each invalid UTF-8 byte as Windows-1252 and count it.

    Files that are mostly UTF-8 with a stray Latin-1 byte, and files wholly in
    Latin-1 or Windows-1252, both come out right; valid UTF-8 around them is kept.
    """
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    if _tally.first_offset is None:
        _tally.first_offset = error.start
    _tally.count += len(bad)
    return bad.decode("cp1252", errors="flagreader-latin1"), error.end


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); Latin-1 maps them.
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("flagreader-latin1", _latin1_for_undefined)
codecs.register_error("flagreader-cp1252", _cp1252_fallback)


def _binary_reason(head: bytes) -> str | None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file: {what}"
    if b"\x00" in head:
        return "binary file: contains NUL bytes"
    controls = len(head) - len(head.translate(None, _BINARY_CONTROL_BYTES))  # counted in C, not per byte
    if head and controls / len(head) > 0.05:
        return f"binary file: {controls} control bytes in the first {len(head)}"
    return None


def decode_text(data: bytes) -> Decoded:
    """Decode a text file's bytes.

    A byte-order mark decides the encoding when there is one; otherwise UTF-8, with any
    invalid byte read as Windows-1252 (and reported in `note`).

    Raises:
        NotText: The bytes are empty or binary.
    """
    if not data:
        raise NotText("empty file (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(f"broken {encoding} text at byte {error.start + len(bom)}") from None
            return Decoded(_normalise_newlines(text), encoding)
    reason = _binary_reason(data[:_SNIFF_BYTES])
    if reason:
        raise NotText(reason)
    _tally.count, _tally.first_offset = 0, None
    text = data.decode("utf-8", errors="flagreader-cp1252")
    if _tally.count == 0:
        return Decoded(_normalise_newlines(text), "utf-8")
    plural = "byte" if _tally.count == 1 else "bytes"
    note = (
        f"not valid UTF-8: {_tally.count} {plural} read as Windows-1252 (first at byte {_tally.first_offset})"
    )
    return Decoded(_normalise_newlines(text), "utf-8+cp1252", note)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
