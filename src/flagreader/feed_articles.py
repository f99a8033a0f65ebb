"""Feed entries as articles: each entry of a subscription becomes an `Article` like any file's
(title, author, date, blog = the feed's title, source = the entry's URL), so that extraction,
search, read marks, bookmarks and clippings work on it the same."""

from __future__ import annotations

import re
from typing import Any

from flagreader.formats import Block, NotAnArticle, ParsedDocument, assemble
from flagreader.model import Article, ParagraphKind

FORMAT = "feed"
"""The format name of an article made from a feed entry."""

_KINDS: dict[str, ParagraphKind] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    "li": "item",
    "blockquote": "quote",
    **dict.fromkeys(("p", "pre", "dd", "dt"), "text"),
}
_BLOCK_TAGS = tuple(_KINDS)
_BLANK_LINES = re.compile(r"\n\s*\n")


_CONTROLS = {code: 0xF0000 + code for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
"""Control characters XML cannot hold, each stood for by a private-use character while lxml
parses (they are text like any other: shown escaped, never lost)."""
_BACK = {stand_in: chr(code) for code, stand_in in _CONTROLS.items()}
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


def _stand_in(reference: re.Match[str]) -> str:
    """A character reference to a control character, as its stand-in (others stay)."""
    hexadecimal, decimal = reference.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(_CONTROLS[code]) if code in _CONTROLS else reference.group()


_NOT_TEXT = ("script", "style", "template", "noscript")
"""Elements whose content is never text to read (feedparser drops them from RSS and Atom; a
JSON Feed's HTML comes as it was sent)."""


def html_blocks(html: str) -> list[Block]:
    """The paragraphs of an entry's HTML: its block elements' text, outermost first (a
    paragraph inside a list item is not counted twice); its whole text when it has none.
    Scripts and styles are not text."""
    import lxml.html

    try:
        parsed = _CHARACTER_REFERENCE.sub(_stand_in, html.translate(_CONTROLS))
        root = lxml.html.fragment_fromstring(parsed, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    lxml.etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    blocks = []
    for element in root.iter(*_BLOCK_TAGS):
        if any(ancestor.tag in _BLOCK_TAGS for ancestor in element.iterancestors()):
            continue
        blocks.append(Block(element.text_content().translate(_BACK), _KINDS[element.tag]))
    if not blocks:
        blocks = [Block(part) for part in _BLANK_LINES.split(root.text_content().translate(_BACK))]
    return blocks


def entry_article(entry: Any, page_text: str | None = None) -> Article | None:
    """The article of a feed entry (reader's `Entry`), or None when it has no title or text:
    its content when it carries some, else the main text of its page (`page_text`, one
    paragraph a line) when it was fetched, else its summary."""
    content = entry.get_content(prefer_summary=False)
    if not entry.content and page_text:
        blocks = [Block(line) for line in page_text.splitlines()]
    elif content is None or not content.value.strip():
        return None
    elif content.is_html:
        blocks = html_blocks(content.value)
    else:
        blocks = [Block(part) for part in _BLANK_LINES.split(content.value)]
    published = entry.published or entry.updated
    document = ParsedDocument(
        title=entry.title or "",
        blocks=blocks,
        author=entry.authors_str or None,
        blog=entry.feed_resolved_title or None,
        published=published.date().isoformat() if published else None,
    )
    try:
        return assemble(document, entry.link or entry.id, FORMAT)
    except NotAnArticle:
        return None
