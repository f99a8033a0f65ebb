"""The article list: every article of the corpus (two lines each), or the hits of a search
(three lines each: the title, and the passage matched).

Drawn line by line (Textual's Line API) from the entries as they are asked for: listing
100,000 articles costs a list assignment, not an option per article (Textual's OptionList
measured 10 s to take 100,000 options, wrapping each one). Rows are of one height, so a line
of the view is found by division; a title too long for the width ends in "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from flagreader.model import Article, Hit, Span
from flagreader.reading import ReadingState
from flagreader.shelf import Known, Listed, listing, position_of
from flagreader.ui.bindings import LIST_BINDINGS
from flagreader.ui.contrast import legible_strip
from flagreader.ui.highlight import shown

_PAD = 1
"""Blank cells left and right of each row's text."""


def _counts(row: Listed) -> str:
    if not row.extracted:
        return "counting…"
    if row.counts is None:
        return ""  # extraction failed on it (a notice says so)
    return " · ".join(
        f"{found} {kind}{'' if found == 1 else 's'}"
        for kind, found in zip(("official", "figure", "quote"), row.counts, strict=True)
    )


def article_lines(row: Listed, read: bool, bookmarked: bool = False) -> list[Content]:
    """An article's row: its title (bold until read, then after a check mark; a star if
    bookmarked), then its counts and byline, dim (the counts first: a narrow list cuts the
    byline, which the reader's header shows whole)."""
    title = shown(row.title)
    title = Content("✓ ").stylize("dim") + title if read else title.stylize("bold")
    if bookmarked:
        title = Content("★ ").stylize("bold") + title
    byline = " · ".join(part for part in (row.author, row.blog) if part)
    return [title, shown(" · ".join(part for part in (_counts(row), byline) if part)).stylize("dim")]


def _marked(text: str, marks: tuple[tuple[int, int], ...]) -> Content:
    """`text` with the matched words in reverse video (unmarked if escaping control characters
    moved them)."""
    content = shown(text)
    if content.plain == text:
        for start, end in marks:
            content = content.stylize("reverse", start, end)
    return content


def hit_lines(hit: Hit) -> list[Content]:
    """A hit's row: the title and the field matched, then where the search matched: a title
    hit has its words marked in the title and the article's opening under it."""
    if hit.field == "title" and hit.snippet == hit.article.title:  # marks are offsets in the title
        title = _marked(hit.article.title, hit.marks).stylize_before("bold")
        opening = " ".join(hit.article.body[:160].split())
        below = shown(opening + ("…" if len(hit.article.body) > 160 else "")).stylize("dim")
    else:
        title = shown(hit.article.title).stylize("bold")
        below = _marked(hit.snippet, hit.marks)
    return [title + Content(f"  [{hit.field}]").stylize("dim"), below]


class ArticleList(ScrollView, can_focus=True):
    """The articles of the corpus, or the hits of a search."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_BINDINGS

    DEFAULT_CSS = """
    ArticleList {
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .article-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .article-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--cursor"}

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The entry under the cursor, or None when the list is empty."""

    @dataclass
    class Opened(Message):
        """The user chose an article; `span` is the passage to show, if any."""

        article: Article
        span: Span | None
        field: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: Sequence[Article] = ()
        self._rows: Sequence[Listed] = ()
        self._hits: Sequence[Hit] = ()
        self._row_height = 2
        self._drawn: dict[tuple[int, bool], list[Strip]] = {}
        """Rows drawn for the frames to come, by (entry, under the cursor)."""
        self.state: ReadingState | None = None
        """Read marks and bookmarks to show, once the corpus is loaded."""
        self._listing_articles = True  # False while search hits are listed
        self.empty_hint = ""
        """What the list says when it lists nothing ("No unread articles: U lists them all")."""

    # What is listed ------------------------------------------------------------------------

    @property
    def option_count(self) -> int:
        """How many entries are listed."""
        return len(self._rows) if self._listing_articles else len(self._hits)

    def _show(self, row_height: int, cursor: int | None) -> None:
        self._row_height = row_height
        self._drawn.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.option_count * row_height)
        self.set_reactive(ArticleList.highlighted, None)
        self.highlighted = cursor if self.option_count else None
        if not self.option_count:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def show_articles(self, articles: Sequence[Article], current: Article | None = None) -> None:
        """List whole articles, with the cursor on `current` if it is among them (else the
        first). Only the rows of those on screen are drawn, from their listing: no article is
        read for it."""
        self._listing_articles = True
        self._hits = ()
        self._articles = articles
        self._rows = listing(articles)
        cursor = position_of(articles, current.id) if current is not None else None
        self._show(2, cursor or 0)

    def show_hits(self, hits: Sequence[Hit], current: Known | None = None) -> None:
        """List search hits with the passages they matched, the cursor on `current`'s hit if it
        has one (else the first)."""
        self._listing_articles = False
        self._hits = hits
        at = next(
            (i for i, hit in enumerate(hits) if current is not None and hit.article.id == current.id), 0
        )
        self._show(3, at)

    def highlighted_article(self) -> Known | None:
        """The article (or its row) under the cursor, if any."""
        at = self.highlighted
        if at is None:
            return None
        return self._rows[at] if self._listing_articles else self._hits[at].article

    def grown(self) -> None:
        """More articles were added to the articles listed (a folder still being read)."""
        if self._listing_articles:
            self.virtual_size = Size(self._width(), self.option_count * self._row_height)
            if self.highlighted is None and self.option_count:
                self.highlighted = 0

    def position_of(self, article_id: str) -> int | None:
        """Where the article with this id is listed (as an article or a hit's), if it is: a
        lookup for a corpus read through the cache, a scan of the hits otherwise."""
        if self._listing_articles:
            return position_of(self._articles, article_id)
        return next((i for i, hit in enumerate(self._hits) if hit.article.id == article_id), None)

    def follow(self, article: Known) -> None:
        """Put the cursor on `article` if it is listed (as an article or a hit's), without
        opening it: the list follows what the reader shows, whatever route opened it."""
        position = self.position_of(article.id)
        if position is not None and position != self.highlighted:
            self.highlighted = position

    def article_at(self, index: int) -> Article:
        """The article of the entry at `index`."""
        return self._articles[index] if self._listing_articles else self._hits[index].article

    def rows(self) -> Sequence[Known]:
        """What names each article listed (each hit's article while hits are listed), in order."""
        return self._rows if self._listing_articles else [hit.article for hit in self._hits]

    def lines_at(self, index: int) -> list[Content]:
        """The text of the entry at `index`, line by line, before it is cut to the width."""
        if not self._listing_articles:
            return hit_lines(self._hits[index])
        row = self._rows[index]
        state = self.state
        if state is None:
            return article_lines(row, False)
        return article_lines(row, state.is_read(row), state.is_bookmarked(row))

    def redraw(self, article: Known) -> None:
        """Redraw an article's row after its marks changed."""
        if self._listing_articles:
            position = position_of(self._articles, article.id)
            if position is not None:
                self._forget(position)
        else:
            for index, hit in enumerate(self._hits):
                if hit.article.id == article.id:
                    self._forget(index)

    def redraw_all(self) -> None:
        """Redraw every row (marks changed elsewhere), keeping the cursor."""
        self._drawn.clear()
        self.refresh()

    def _forget(self, index: int) -> None:
        self._drawn.pop((index, True), None)
        self._drawn.pop((index, False), None)
        self.refresh_lines(index * self._row_height - self.scroll_offset.y, self._row_height)

    # Drawing -------------------------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def on_resize(self, event: events.Resize) -> None:
        self._drawn.clear()
        self.virtual_size = Size(self._width(), self.option_count * self._row_height)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._drawn.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self.redraw_all()

    def on_blur(self) -> None:
        self.redraw_all()

    def _row(self, index: int, cursor: bool) -> list[Strip]:
        key = (index, cursor)
        strips = self._drawn.get(key)
        if strips is None:
            width = self._width()
            style = self.get_visual_style("article-list--cursor") if cursor else self.visual_style
            lines = self.lines_at(index)
            text_width = max(1, width - 2 * _PAD)
            rows: list[Content] = []
            for number in range(self._row_height):
                if number >= len(lines):
                    rows.append(Content(""))
                elif number == len(lines) - 1 and self._row_height - number > 1:
                    # The last line of a hit wraps onto the rows left, the last one cut with "…".
                    wrapped = lines[number].wrap(text_width)
                    room = self._row_height - number
                    if len(wrapped) > room:
                        wrapped = [*wrapped[: room - 1], _cut(wrapped[room - 1], text_width, more=True)]
                    rows.extend(wrapped)
                    rows.extend(Content("") for _ in range(room - len(wrapped)))
                    break
                else:
                    keep = len(f"  [{self._hits[index].field}]") if number == 0 and self._hits else 0
                    rows.append(_cut(lines[number], text_width, keep=keep))
            pad = Content(" " * _PAD)
            strips = [
                legible_strip(
                    Visual.to_strips(self, pad + row.truncate(text_width, pad=True) + pad, width, 1, style)[0]
                ).apply_meta({"entry": index})
                for row in rows
            ]
            if len(self._drawn) > 400:
                self._drawn.clear()
            self._drawn[key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        index, part = divmod(line, self._row_height)
        if not self.option_count and self.empty_hint:  # the hint, wrapped to the width
            hint = Content(self.empty_hint).stylize("italic").wrap(max(1, self._width() - 2 * _PAD))
            if y < len(hint):
                said = Content(" " * _PAD) + hint[y]
                return legible_strip(Visual.to_strips(self, said, self._width(), 1, self.visual_style)[0])
        if not 0 <= index < self.option_count:
            return Strip.blank(self._width(), self.visual_style.rich_style)
        return self._row(index, index == self.highlighted)[part]

    # The cursor ----------------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self.option_count:
            return None
        return max(0, min(highlighted, self.option_count - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index < self.option_count:
                self.refresh_lines(index * self._row_height - self.scroll_offset.y, self._row_height)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if self.highlighted is None or not self.is_mounted:
            return
        region = Region(0, self.highlighted * self._row_height, self._width(), self._row_height)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _step(self, step: int) -> None:
        if not self.option_count:
            return
        if self.highlighted is None:
            self.highlighted = 0
        else:
            self.highlighted = (self.highlighted + step) % self.option_count

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self.option_count - 1

    def _page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height // self._row_height)
        self.highlighted = (self.highlighted or 0) + direction * rows

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_select(self) -> None:
        """Open the entry under the cursor."""
        index = self.highlighted
        if index is None or not self.option_count:
            return
        if self._listing_articles:
            self.post_message(self.Opened(self._articles[index], None, "body"))
        else:
            hit = self._hits[index]
            self.post_message(self.Opened(hit.article, (hit.start, hit.end), hit.field))

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("entry")
        if isinstance(index, int) and 0 <= index < self.option_count:
            self.highlighted = index
            self.action_select()


def _cut(content: Content, width: int, more: bool = False, keep: int = 0) -> Content:
    """One line of `content` in `width` cells, ending in "…" when some is left out (or `more`);
    its last `keep` characters (a hit's "[field]") stay whole when the rest is cut."""
    if content.cell_length <= width and not more:
        return content
    tail = content[len(content) - keep :] if 0 < keep < width // 2 else Content("")
    head = content[: len(content) - len(tail)]
    room = max(0, width - 1 - tail.cell_length)
    return head.truncate(room) + Content("…") + tail
