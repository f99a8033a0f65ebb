"""Plain-text articles, including text saved from news and blog web pages.

The common shape is a title line and paragraphs separated by blank lines (the BBC corpus).
Text copied from a web page (the RFE/RL seed posts) adds what the page had around the
article: navigation lines before the title, a photo caption that the page repeats, a
`-- Author` byline, an "About This Blog" box and a "Latest Posts" list. Those are
recognised and moved to their fields, so the body is the article alone.
"""

from __future__ import annotations

import re
from datetime import date

from flagreader.extract.lexicon import MONTHS
from flagreader.formats import Block, NotAnArticle, ParsedDocument

# Navigation lines that pages put before the headline (matched case-insensitively).
_CHROME_BEFORE_TITLE = frozenset(
    {
        "accessibility links",
        "breaking news",
        "skip to main content",
        "skip to main navigation",
        "skip to search",
    }
)
# Lists that pages put after the article; from such a line on, nothing is article text.
_CHROME_AFTER_BODY = frozenset({"latest posts", "related posts", "related stories", "related content"})
_ABOUT_HEADINGS = frozenset({"about this blog", "about the blog"})

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al|bin|and))*"
_BYLINE_AFTER = re.compile(rf"^(?:--|—|–)\s*({_NAME})\s*$")
BYLINE_BEFORE = re.compile(rf"^By\s+({_NAME})\s*$")
"""A "By Jane Doe" line that stands before an article's text."""
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+\S")
_QUOTED_NAME = re.compile(r'^["“]([^"”]{1,80})["”]')
_SENTENCE_END = re.compile(r"[.,;:!]['\"’”)]?$")

_DATE_PREFIX = r"^(?:(?:published|posted|updated|date)\s*(?:on\s*)?:?\s*)?"
_ISO_DATE = re.compile(_DATE_PREFIX + r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+-Z]+)?$", re.I)
_MONTH_DAY_YEAR = re.compile(_DATE_PREFIX + r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$", re.I)
_DAY_MONTH_YEAR = re.compile(_DATE_PREFIX + r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$", re.I)

# A first line longer than this is a paragraph, not a headline.
_MAX_TITLE_CHARS = 300


def parse_date_line(line: str) -> str | None:
    """Return the ISO date of a line that is only a date ("Published: March 20, 2015")."""
    line = line.strip()
    if match := _ISO_DATE.match(line):
        year, month, day = (int(g) for g in match.groups())
    elif match := _MONTH_DAY_YEAR.match(line):
        month = MONTHS.get(match.group(1).lower(), 0)
        day, year = int(match.group(2)), int(match.group(3))
    elif match := _DAY_MONTH_YEAR.match(line):
        month = MONTHS.get(match.group(2).lower(), 0)
        day, year = int(match.group(1)), int(match.group(3))
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def split_blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blank-line-separated blocks of stripped, non-empty lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped:
            current.append(stripped)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def looks_like_heading(text: str) -> bool:
    """Return whether a one-line paragraph is a subheading ("Disturbing Video")."""
    words = text.split()
    if not words or len(words) > 8 or len(text) > 80 or _SENTENCE_END.search(text):
        return False
    first = text.lstrip("'\"‘“")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    capitalised = sum(1 for word in words if word.lstrip("'\"‘“(")[:1].isupper() or word[:1].isdigit())
    return capitalised * 2 >= len(words)


def _to_body_blocks(blocks: list[list[str]]) -> list[Block]:
    result: list[Block] = []
    for lines in blocks:
        if len(lines) > 1 and sum(bool(_LIST_ITEM.match(line)) for line in lines) * 2 >= len(lines):
            result.extend(Block(line, "item") for line in lines)
        elif len(lines) == 1 and looks_like_heading(lines[0]):
            result.append(Block(lines[0], "heading"))
        else:
            result.append(Block(" ".join(lines)))
    return result


def _take_title(lines: list[str], fallback_title: str) -> tuple[str, list[str]]:
    index = 0
    while index < len(lines) and (
        not lines[index].strip() or lines[index].strip().lower() in _CHROME_BEFORE_TITLE
    ):
        index += 1
    if index == len(lines):
        raise NotAnArticle("not an article: no text")
    first = lines[index].strip()
    if len(first) > _MAX_TITLE_CHARS:
        return fallback_title, lines[index:]
    return first, lines[index + 1 :]


def _take_caption(lines: list[str]) -> tuple[str | None, list[str]]:
    """A caption is a line the page repeats at once, right after the title."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index + 1 < len(lines) and lines[index].strip() and lines[index].strip() == lines[index + 1].strip():
        return lines[index].strip(), lines[index + 2 :]
    return None, lines


def _cut_after_body(blocks: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Split off the page's "About This Blog" box and what follows the article."""
    for index, lines in enumerate(blocks):
        if len(lines) == 1 and lines[0].lower() in _CHROME_AFTER_BODY:
            blocks = blocks[:index]
            break
    for index, lines in enumerate(blocks):
        if len(lines) == 1 and lines[0].lower() in _ABOUT_HEADINGS:
            return blocks[:index], blocks[index + 1 :]
    return blocks, []


def _about_blog(about: list[list[str]]) -> tuple[str | None, str | None]:
    if not about:
        return None, None
    description = " ".join(" ".join(lines) for lines in about)
    match = _QUOTED_NAME.match(description)
    return (match.group(1).strip() if match else None), description


def parse_text(text: str, fallback_title: str) -> ParsedDocument:
    """Parse a plain-text article.

    Args:
        text: The decoded file text.
        fallback_title: Title to use when the first line is a paragraph, not a headline.

    Raises:
        NotAnArticle: There is no text, or no body after the title.
    """
    title, rest = _take_title(text.split("\n"), fallback_title)
    caption, rest = _take_caption(rest)
    blocks, about = _cut_after_body(split_blocks(rest))
    blog, blog_description = _about_blog(about)
    author = None
    if blocks and len(blocks[-1]) == 1 and (match := _BYLINE_AFTER.match(blocks[-1][0])):
        author = match.group(1)
        blocks = blocks[:-1]
    published = None
    for _ in range(2):  # a "By ..." line and a date line may follow the title, in either order
        if not blocks or len(blocks[0]) != 1:
            break
        if author is None and (match := BYLINE_BEFORE.match(blocks[0][0])):
            author = match.group(1)
        elif published is None and (iso := parse_date_line(blocks[0][0])):
            published = iso
        else:
            break
        blocks = blocks[1:]
    return ParsedDocument(
        title=title,
        blocks=_to_body_blocks(blocks),
        author=author,
        blog=blog,
        blog_description=blog_description,
        caption=caption,
        published=published,
    )
