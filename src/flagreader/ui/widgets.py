"""The reader's widgets: the article list and the reader pane. They talk upward with messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from flagreader.clippings import quote_chain
from flagreader.extract.corpus import mentions_of
from flagreader.model import Article, Hit, Quote, Span
from flagreader.reading import ReadingState
from flagreader.ui.highlight import KINDS, paragraph_content, shown, spans_by_kind


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


class ReaderPane(VerticalScroll, can_focus=True):
    """One article: header, legend, and the body with officials, figures, dates and quotes
    highlighted in the theme's component styles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--official",
        "reader--figure",
        "reader--date",
        "reader--quote",
        "reader--current",
        "reader--spotlight",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("g", "jump('top')", "Top", show=False),
        Binding("G", "jump('bottom')", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    shown: reactive[frozenset[str]] = reactive(frozenset(KINDS), init=False)
    """The kinds of highlight that are on."""

    spotlight: reactive[str | None] = reactive(None, init=False)
    """An official (a corpus-wide name) whose every mention is marked, or None."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.current: Span | None = None
        self._paragraphs: list[Static] = []
        self._place: tuple[int, float] | None = None  # the place a resize keeps
        self._resizing = False

    def show(self, article: Article, span: Span | None = None) -> None:
        """Show an article, scrolled to `span` (which is marked) if given."""
        self.article, self.current = article, span
        self._place = None  # a resize keeps the place in this article, not the last one
        self.remove_children()
        byline = " · ".join(p for p in (article.author, article.blog, article.published) if p)
        header = [Static(shown(article.title).stylize("bold"), classes="title")]
        if byline:
            header.append(Static(shown(byline), classes="byline"))
        if article.caption:
            header.append(Static(shown(article.caption).stylize("italic"), classes="caption"))
        header.append(Static(self._legend(), classes="legend"))
        self._paragraphs = [Static(classes=f"paragraph {p.kind}") for p in article.paragraphs]
        self.mount_all([*header, *self._paragraphs])
        self._render_body()
        self.call_after_refresh(self._scroll_to_current)

    def action_jump(self, where: str) -> None:
        """To the top or the bottom at once (a reader jumps; it does not glide)."""
        if where == "top":
            self.scroll_home(animate=False)
        else:
            self.scroll_end(animate=False)

    def refresh_article(self, article: Article) -> None:
        """Redraw the open article's highlights from a newer extraction of it, keeping the
        scroll position (its paragraphs are the same)."""
        if self.article is not None and article.paragraphs == self.article.paragraphs:
            self.article = article
            self._render_body()
        else:
            self.show(article, self.current)

    def _legend(self) -> Content:
        parts = []
        for number, kind in enumerate(KINDS, 1):
            label = Content(f" {number} {kind}s ")
            parts.append(
                label.stylize(self.get_visual_style(f"reader--{kind}")) if kind in self.shown else label
            )
        return Content("").join(parts)

    def _render_body(self) -> None:
        if self.article is None:
            return
        spans = spans_by_kind(self.article)
        styles = {kind: self.get_visual_style(f"reader--{kind}") for kind in KINDS if kind in self.shown}
        marks: list[tuple[Span, Style]] = []
        if self.spotlight is not None:
            spotlight_style = self.get_visual_style("reader--spotlight")
            marks.extend((span, spotlight_style) for span in mentions_of(self.article, self.spotlight))
        if self.current is not None:
            marks.append((self.current, self.get_visual_style("reader--current")))
        for paragraph, widget in zip(self.article.paragraphs, self._paragraphs, strict=True):
            widget.update(paragraph_content(self.article, paragraph, spans, styles, marks))
        for legend in self.query(".legend").results(Static):
            legend.update(self._legend())

    def watch_shown(self) -> None:
        self._render_body()

    def watch_spotlight(self) -> None:
        self._render_body()

    def toggle(self, kind: str) -> None:
        """Turn one kind of highlight on or off."""
        self.shown = self.shown ^ {kind}

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self._resizing:
            self._place = self._top_place()

    def _top_place(self) -> tuple[int, float] | None:
        """The paragraph at the top of the view, and how far into it (0 to 1) the view starts;
        index -1 while the header (title, byline, legend) is at the top."""
        if self._paragraphs and self.scroll_y < self._paragraphs[0].virtual_region.y:
            return -1, 0.0
        for index, widget in enumerate(self._paragraphs):
            region = widget.virtual_region
            if region.bottom > self.scroll_y:
                return index, max(0.0, (self.scroll_y - region.y) / max(1, region.height))
        return None

    def on_resize(self) -> None:
        """Keep the place: the paragraph at the top stays at the top once the text reflows."""
        if self._place is not None and not self._resizing:
            self._resizing = True
            self.call_after_refresh(self._restore_place, self._place)

    def _restore_place(self, anchor: tuple[int, float]) -> None:
        index, into = anchor
        self._resizing = False
        if index < 0:
            self.scroll_to(y=0, animate=False, immediate=True)
        elif index < len(self._paragraphs):
            region = self._paragraphs[index].virtual_region
            self.scroll_to(y=region.y + round(into * region.height), animate=False, immediate=True)

    def _scroll_to_current(self) -> None:
        if self.article is None or self.current is None:
            self.scroll_home(animate=False)
            return
        for paragraph, widget in zip(self.article.paragraphs, self._paragraphs, strict=True):
            if paragraph.start <= self.current[0] <= paragraph.end:
                region = widget.virtual_region
                if region.height <= self.scrollable_content_region.height:
                    self.scroll_to_widget(widget, animate=False, top=True)
                    return
                # A paragraph taller than the view: put the mark's line (as far into the
                # paragraph as the mark is into its text) near the top.
                into = (self.current[0] - paragraph.start) / max(1, paragraph.end - paragraph.start)
                self.scroll_to(y=max(region.y, region.y + int(into * region.height) - 2), animate=False)
                return

    def mark(self, span: Span) -> None:
        """Mark a span (a quote, a match) and scroll it into view."""
        self.current = span
        self._render_body()
        self._scroll_to_current()

    def quote_at(self, step: int) -> Quote | None:
        """The next (step 1) or previous (step -1) quotation from the marked place."""
        if self.article is None or not self.article.quotes:
            return None
        quotes = self.article.quotes
        here = self.current[0] if self.current else (-1 if step > 0 else len(self.article.body) + 1)
        ahead = [q for q in quotes if (q.start > here if step > 0 else q.start < here)]
        if not ahead:
            return None
        return ahead[0] if step > 0 else ahead[-1]

    def current_quote(self) -> list[Quote]:
        """The marked quotation with the pieces it runs over, or [] when none is marked."""
        if self.article is None or self.current is None:
            return []
        return quote_chain(self.article, self.current[0])
