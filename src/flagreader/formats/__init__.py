"""Parsers that turn a file's text into a `ParsedDocument`, one module per input format.

Every parser returns the same shape, and `assemble` turns it into an `Article`, so the
path a document takes is: decode → parse (format-specific) → assemble (shared).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flagreader.model import Article, Paragraph, ParagraphKind, content_id


class NotAnArticle(ValueError):
    """The text parsed, but it holds no article; the message says why."""


@dataclass(slots=True)
class Block:
    """One paragraph of body text as a parser found it."""

    text: str
    kind: ParagraphKind = "text"


@dataclass(slots=True)
class ParsedDocument:
    """What a format parser found in a file, before offsets are assigned."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    author: str | None = None
    blog: str | None = None
    blog_description: str | None = None
    caption: str | None = None
    published: str | None = None


PARAGRAPH_SEPARATOR = "\n\n"


def assemble(document: ParsedDocument, source: str, format_name: str) -> Article:
    """Join a parsed document's blocks into an `Article` body with paragraph offsets.

    Raises:
        NotAnArticle: The document has no title or no body text.
    """
    blocks = [Block(" ".join(b.text.split()), b.kind) for b in document.blocks]
    blocks = [b for b in blocks if b.text]
    if not document.title.strip():
        raise NotAnArticle("not an article: no title")
    if not blocks:
        raise NotAnArticle("not an article: no body text after the title")
    paragraphs: list[Paragraph] = []
    offset = 0
    for block in blocks:
        paragraphs.append(Paragraph(offset, offset + len(block.text), block.kind))
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    body = PARAGRAPH_SEPARATOR.join(b.text for b in blocks)
    title = " ".join(document.title.split())
    return Article(
        id=content_id(title, body),
        source=source,
        title=title,
        author=document.author,
        blog=document.blog,
        caption=document.caption,
        body=body,
        paragraphs=tuple(paragraphs),
        published=document.published,
        blog_description=document.blog_description,
        format=format_name,
    )
