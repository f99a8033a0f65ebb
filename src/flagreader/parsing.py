"""From a file's bytes to an article: decode, tell the format, parse, assemble.

Everything that decides what a file's article is lives here (and in `decoding.py`,
`formats/` and `model.py`): the article cache's parser fingerprint is a hash of exactly these
files, so a change to how files are walked or cached does not make every cached file be parsed
again, and a change to how they are parsed always does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flagreader.decoding import NotText, decode_text
from flagreader.formats import NotAnArticle, ParsedDocument, assemble
from flagreader.formats.text import parse_text
from flagreader.model import Article

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)

Parser = Callable[[str, str], ParsedDocument]


class NotParsed(Exception):
    """The bytes are not an article; the message is the reason shown to the user."""


def _parse_markdown(text: str, fallback_title: str) -> ParsedDocument:
    from flagreader.formats.markdown import parse_markdown  # markdown-it only when needed

    return parse_markdown(text, fallback_title)


def _parse_html(text: str, fallback_title: str) -> ParsedDocument:
    from flagreader.formats.html import parse_html  # trafilatura only when needed

    return parse_html(text, fallback_title)


_PARSERS: dict[str, Parser] = {"text": parse_text, "markdown": _parse_markdown, "html": _parse_html}


def detect_format(path: Path, text: str) -> str:
    """Return "html", "markdown" or "text" for a file, by its suffix and then its content."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or _HTML_START.match(text[:4096]):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def parse_document(path: Path, data: bytes) -> tuple[Article, str | None]:
    """Make an article of a file's bytes.

    Returns:
        The article, and a note for the user about the file (its encoding) or None.

    Raises:
        NotParsed: The bytes are not an article; the message says why.
    """
    try:
        decoded = decode_text(data)
    except NotText as error:
        raise NotParsed(str(error)) from None
    format_name = detect_format(path, decoded.text)
    try:
        parsed = _PARSERS[format_name](decoded.text, path.stem)
        return assemble(parsed, str(path), format_name), decoded.note
    except NotAnArticle as error:
        raise NotParsed(str(error)) from None
