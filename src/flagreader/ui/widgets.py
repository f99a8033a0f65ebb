"""The reader's widgets: the article list and the reader pane (in `reader.py`). They talk upward
with messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from flagreader.model import Article, Hit, Span
from flagreader.reading import ReadingState
from flagreader.ui.highlight import shown
from flagreader.ui.reader import ReaderPane

__all__ = ["ArticleList", "ReaderPane", "SearchBar"]


def _article_line(article: Article, read: bool, bookmarked: bool = False) -> Content:
    """Title (bold until read, then after a check mark; a star if bookmarked), byline and
    counts."""
    byline = " · ".join(part for part in (article.author, article.blog) if part)
    counts = (
        " · ".join(
            f"{len(found)} {kind}{'' if len(found) == 1 else 's'}"
            for kind, found in (
                ("official", article.officials),
                ("figure", article.figures),
                ("quote", article.quotes),
            )
        )
        if article.extracted
        else "counting…"
    )
    line = (
        Content("✓ ").stylize("dim") + shown(article.title) if read else shown(article.title).stylize("bold")
    )
    if bookmarked:
        line = Content("★ ").stylize("bold") + line
    return Content("\n").join([line, shown(" · ".join(p for p in (byline, counts) if p)).stylize("dim")])


_FIRST_HITS = 20
"""Hits drawn with the first frame of a search: more than a tall terminal shows."""


def _marked(text: str, marks: tuple[tuple[int, int], ...]) -> Content:
    """`text` with the matched words in reverse video (unmarked if escaping control characters
    moved them)."""
    content = shown(text)
    if content.plain == text:
        for start, end in marks:
            content = content.stylize("reverse", start, end)
    return content


def _hit_line(hit: Hit) -> Content:
    """The title and where the search matched: a title hit has its words marked in the title,
    and the article's opening under it (not the title again)."""
    if hit.field == "title" and hit.snippet == hit.article.title:  # marks are offsets in the title
        title = _marked(hit.article.title, hit.marks).stylize_before("bold")
        opening = " ".join(hit.article.body[:160].split())
        below = shown(opening + ("…" if len(hit.article.body) > 160 else "")).stylize("dim")
    else:
        title = shown(hit.article.title).stylize("bold")
        below = _marked(hit.snippet, hit.marks)
    return Content("\n").join([title + Content(f"  [{hit.field}]").stylize("dim"), below])


class SearchBar(Input):
    """The search bar: its keys show in the footer while it has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Open the best hit"),
        Binding("escape", "app.clear_search", "Clear"),
    ]


class ArticleList(OptionList):
    """The articles of the corpus, or the hits of a search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    @dataclass
    class Opened(Message):
        """The user chose an article; `span` is the passage to show, if any."""

        article: Article
        span: Span | None
        field: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[tuple[Article, Span | None, str]] = []
        self.state: ReadingState | None = None
        """Read marks and bookmarks to show, once the corpus is loaded."""
        self._listing_articles = True  # False while search hits are listed

    def show_articles(self, articles: list[Article], current: Article | None = None) -> None:
        """List whole articles, with the cursor on `current` if it is among them."""
        self._entries = [(article, None, "body") for article in articles]
        self._listing_articles = True
        self.set_options([Option(self._line(article)) for article in articles])
        if current is not None:
            self.highlighted = next((i for i, a in enumerate(articles) if a.id == current.id), 0)

    def _line(self, article: Article) -> Content:
        if self.state is None:
            return _article_line(article, False)
        return _article_line(article, self.state.is_read(article), self.state.is_bookmarked(article))

    def redraw(self, article: Article) -> None:
        """Redraw an article's line after its marks changed (if the articles, not hits, are
        listed)."""
        if self._listing_articles:
            for index, (listed, _, _) in enumerate(self._entries):
                if listed.id == article.id:
                    self.replace_option_prompt_at_index(index, self._line(listed))

    def redraw_all(self) -> None:
        """Redraw every article's line (marks changed elsewhere), keeping the cursor."""
        if self._listing_articles:
            cursor = self.highlighted
            self.set_options([Option(self._line(article)) for article, _, _ in self._entries])
            self.highlighted = cursor

    def article_at(self, index: int) -> Article:
        """The article of the entry at `index`."""
        return self._entries[index][0]

    def listed(self) -> list[Article]:
        """The articles listed (each hit's article while hits are listed), in order."""
        return [article for article, _, _ in self._entries]

    def show_hits(self, hits: list[Hit]) -> None:
        """List search hits with their snippets: a screenful at once, the rest after that frame
        (wrapping every option takes time a keystroke should not wait for)."""
        entries: list[tuple[Article, Span | None, str]] = [
            (hit.article, (hit.start, hit.end), hit.field) for hit in hits
        ]
        self._entries = entries
        self._listing_articles = False
        self.set_options([Option(_hit_line(hit)) for hit in hits[:_FIRST_HITS]])
        if len(hits) > _FIRST_HITS:
            self.call_after_refresh(self._add_hits, entries, hits[_FIRST_HITS:])

    def _add_hits(self, entries: list[tuple[Article, Span | None, str]], hits: list[Hit]) -> None:
        if self._entries is entries:  # not replaced since by a newer search or the articles
            self.add_options([Option(_hit_line(hit)) for hit in hits])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        article, span, field = self._entries[event.option_index]
        self.post_message(self.Opened(article, span, field))
