"""The article model: what loading produces and every later stage reads.

Offsets everywhere in flagreader are character offsets into `Article.body`, end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

ParagraphKind = Literal["text", "heading", "item", "quote"]
"""What a paragraph is: running text, a subheading, a list item or a block quote."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article body.

    Attributes:
        start: Offset of the paragraph's first character in `Article.body`.
        end: Offset just past its last character.
        kind: Running text, a subheading, a list item or a block quote.
    """

    start: int
    end: int
    kind: ParagraphKind = "text"


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded article.

    Attributes:
        id: Stable identity derived from the title and body text (not the path), so
            the same article keeps its id when its file is moved or renamed.
        source: The file the article came from.
        title: The headline.
        author: The byline, when the text gives one.
        blog: The blog or site name, when the text gives one.
        caption: A photo caption, kept out of the body.
        body: The clean text a reader shows: paragraphs joined by blank lines.
        paragraphs: The paragraphs with their offsets in `body`.
        published: ISO 8601 date (or date-time) of publication, when the text gives one.
        blog_description: The blog's own description ("About This Blog"), when given.
        format: The input format the article was parsed from.
    """

    id: str
    source: str
    title: str
    author: str | None
    blog: str | None
    caption: str | None
    body: str
    paragraphs: tuple[Paragraph, ...]
    published: str | None = None
    blog_description: str | None = None
    format: str = "text"

    def paragraph_text(self, paragraph: Paragraph) -> str:
        """Return the text of one of this article's paragraphs."""
        return self.body[paragraph.start : paragraph.end]


class Skipped(NamedTuple):
    """A path that was not loaded, and why (unpacks as `(source, reason)`)."""

    source: str
    reason: str


class Notice(NamedTuple):
    """Something worth knowing about a file that did load (unpacks as `(source, message)`)."""

    source: str
    message: str


@dataclass(slots=True)
class Corpus:
    """Articles loaded from one or more paths.

    Attributes:
        articles: Loaded articles, in a stable order (paths as given, folders sorted).
        skipped: Every path that was not loaded, with the reason.
        notices: Files that loaded but with something to report (e.g. their encoding).
    """

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def get(self, article_id: str) -> Article | None:
        """Return the article with this id, or None."""
        for article in self.articles:
            if article.id == article_id:
                return article
        return None


def content_id(title: str, body: str) -> str:
    """Return a stable 16-hex-digit identity for an article's text.

    Whitespace is folded first, so re-wrapping or trailing spaces do not change it.
    """
    folded = " ".join(title.split()) + "\n" + " ".join(body.split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()
