"""Saved HTML pages: the main text, title, author, date and site, found by trafilatura.

trafilatura is the field's standard for boilerplate removal and metadata; hand-written
tag stripping would keep menus and footers. Its text comes back as Markdown (so headings
and lists survive), which the Markdown parser then turns into blocks.
"""

from __future__ import annotations

import logging

from flagreader.formats import Block, NotAnArticle, ParsedDocument
from flagreader.formats.markdown import parse_markdown

# trafilatura reports pages it cannot use through logging; we report them ourselves.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def parse_html(text: str, fallback_title: str) -> ParsedDocument:
    """Parse a saved HTML page.

    Raises:
        NotAnArticle: trafilatura found no main text in the page.
    """
    from trafilatura import bare_extraction  # imported here: it costs ~0.1 s at start-up

    document = bare_extraction(
        text,
        with_metadata=True,
        include_formatting=True,
        include_comments=False,
        include_images=False,
    )
    content = getattr(document, "text", None) if document is not None else None
    if not content or not content.strip():
        raise NotAnArticle("not an article: no main text found in this HTML page")
    title = (getattr(document, "title", None) or "").strip()
    parsed = parse_markdown(content, title or fallback_title)
    if title and parsed.title.casefold() != title.casefold():
        # The page's first heading differs from its title: keep it, as a heading.
        parsed.blocks.insert(0, Block(parsed.title, "heading"))
        parsed.title = title
    parsed.author = parsed.author or _clean(getattr(document, "author", None))
    parsed.published = parsed.published or _clean(getattr(document, "date", None))
    parsed.blog = parsed.blog or _clean(getattr(document, "sitename", None))
    return parsed


def _clean(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
