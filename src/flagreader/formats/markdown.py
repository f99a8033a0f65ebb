"""Markdown articles: `# Title`, optional front matter, paragraphs, lists and block quotes.

Parsing uses markdown-it-py (already installed as a dependency of rich), so emphasis,
links, escapes and code spans come out as the text a reader sees, not as syntax.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from flagreader.formats import Block, NotAnArticle, ParsedDocument
from flagreader.formats.text import BYLINE_BEFORE, parse_date_line
from flagreader.model import ParagraphKind

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")

_parser = MarkdownIt("commonmark")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split simple `key: value` front matter off the text (no YAML library needed)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        if field := _FRONT_MATTER_LINE.match(line):
            fields[field.group(1).lower()] = field.group(2).strip("'\"")
    return fields, text[match.end() :]


def inline_text(token: Token) -> str:
    """Return the text a reader sees for an inline token (no syntax, no images)."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _blocks(tokens: list[Token]) -> list[tuple[str, ParagraphKind, int]]:
    """Return (text, kind, heading level or 0) for every text block, in order."""
    found: list[tuple[str, ParagraphKind, int]] = []
    quote_depth = list_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline":
            opener = tokens[index - 1]
            if opener.type == "heading_open":
                found.append((inline_text(token), "heading", int(opener.tag[1:])))
            else:
                kind: ParagraphKind = "item" if list_depth else "quote" if quote_depth else "text"
                found.append((inline_text(token), kind, 0))
        elif token.type in ("fence", "code_block"):
            found.append((token.content, "text", 0))
    return found


def parse_markdown(text: str, fallback_title: str) -> ParsedDocument:
    """Parse a Markdown article.

    The title is the front matter's `title`, else a heading that comes before any text,
    else `fallback_title`.

    Raises:
        NotAnArticle: There is no body text.
    """
    meta, content = _front_matter(text)
    blocks = _blocks(_parser.parse(content))
    title = meta.get("title")
    if not title and blocks and blocks[0][1] == "heading":
        title = blocks.pop(0)[0]
    if not title:
        title = fallback_title
    author = meta.get("author") or meta.get("byline")
    if not author and blocks and (match := BYLINE_BEFORE.match(blocks[0][0].strip())):
        author = match.group(1)
        blocks.pop(0)
    published = None
    for key in ("date", "published", "pubdate"):
        if key in meta:
            published = parse_date_line(meta[key]) or meta[key]
            break
    if not any(kind != "heading" for _, kind, _ in blocks):
        raise NotAnArticle("not an article: no body text after the title")
    return ParsedDocument(
        title=title,
        blocks=[Block(block_text, kind) for block_text, kind, _ in blocks],
        author=author,
        blog=meta.get("blog") or meta.get("site") or meta.get("source"),
        caption=meta.get("caption"),
        published=published,
    )
