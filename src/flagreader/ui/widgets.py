"""The reader's widgets: the article list and the reader pane. They talk upward with messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from flagreader.model import Article, Hit, Quote, Span
from flagreader.ui.copying import quote_chain
from flagreader.ui.highlight import KINDS, paragraph_content, spans_by_kind


def _article_line(article: Article) -> Content:
    byline = " · ".join(part for part in (article.author, article.blog) if part)
    counts = (
        f"{len(article.officials)} officials · {len(article.figures)} figures · {len(article.quotes)} quotes"
        if article.extracted
        else "counting…"
    )
    line = Content(article.title).stylize("bold")
    return Content("\n").join([line, Content(" · ".join(p for p in (byline, counts) if p)).stylize("dim")])


_FIRST_HITS = 20
"""Hits drawn with the first frame of a search: more than a tall terminal shows."""


def _hit_line(hit: Hit) -> Content:
    snippet = Content(hit.snippet)
    for start, end in hit.marks:
        snippet = snippet.stylize("reverse", start, end)
    title = Content(hit.article.title).stylize("bold")
    return Content("\n").join([title + Content(f"  [{hit.field}]").stylize("dim"), snippet])


class ArticleList(OptionList):
    """The articles of the corpus, or the hits of a search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
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

    def show_articles(self, articles: list[Article]) -> None:
        """List whole articles."""
        self._entries = [(article, None, "body") for article in articles]
        self.set_options([Option(_article_line(article)) for article in articles])

    def show_hits(self, hits: list[Hit]) -> None:
        """List search hits with their snippets: a screenful at once, the rest after that frame
        (wrapping every option takes time a keystroke should not wait for)."""
        entries: list[tuple[Article, Span | None, str]] = [
            (hit.article, (hit.start, hit.end), hit.field) for hit in hits
        ]
        self._entries = entries
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
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    shown: reactive[frozenset[str]] = reactive(frozenset(KINDS), init=False)
    """The kinds of highlight that are on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.current: Span | None = None
        self._paragraphs: list[Static] = []

    def show(self, article: Article, span: Span | None = None) -> None:
        """Show an article, scrolled to `span` (which is marked) if given."""
        self.article, self.current = article, span
        self.remove_children()
        byline = " · ".join(p for p in (article.author, article.blog, article.published) if p)
        header = [Static(Content(article.title).stylize("bold"), classes="title")]
        if byline:
            header.append(Static(Content(byline), classes="byline"))
        if article.caption:
            header.append(Static(Content(article.caption).stylize("italic"), classes="caption"))
        header.append(Static(self._legend(), classes="legend"))
        self._paragraphs = [Static(classes=f"paragraph {p.kind}") for p in article.paragraphs]
        self.mount_all([*header, *self._paragraphs])
        self._render_body()
        self.call_after_refresh(self._scroll_to_current)

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
        current_style = self.get_visual_style("reader--current")
        for paragraph, widget in zip(self.article.paragraphs, self._paragraphs, strict=True):
            widget.update(
                paragraph_content(self.article, paragraph, spans, styles, self.current, current_style)
            )
        for legend in self.query(".legend").results(Static):
            legend.update(self._legend())

    def watch_shown(self) -> None:
        self._render_body()

    def toggle(self, kind: str) -> None:
        """Turn one kind of highlight on or off."""
        self.shown = self.shown ^ {kind}

    def _scroll_to_current(self) -> None:
        if self.article is None or self.current is None:
            self.scroll_home(animate=False)
            return
        for paragraph, widget in zip(self.article.paragraphs, self._paragraphs, strict=True):
            if paragraph.start <= self.current[0] <= paragraph.end:
                self.scroll_to_widget(widget, animate=False, top=True)
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
