"""The reader pane: one article, drawn line by line (Textual's Line API).

Only what is on screen is styled and wrapped. Opening an article lays it out (`layout.py`:
line counts without building Content, linear and fast) and indexes its highlights by place
once (`SpanIndex`); drawing a line styles and wraps the block of text it falls in, with only
that block's highlights, and keeps the result until the styles change. A 20 MB article opens
as fast as a short one, and `]`, `n`, `1`-`4`, the spotlight and the refresh at the end of
extraction restyle a screenful, not the article.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style

from flagreader.clippings import quote_chain
from flagreader.extract.corpus import mentions_of
from flagreader.model import Article, Quote, Span
from flagreader.ui.highlight import KINDS, SpanIndex, shown, styled, visible
from flagreader.ui.layout import MARGIN, Layout, lay_out
from flagreader.ui.lines import BlockView, first_offset


def sticky_header(article: Article) -> Content:
    """The line kept above the article as it scrolls: its title in bold, then who wrote it,
    where and when (the border cuts it with "…" to the pane's width)."""
    byline = " · ".join(p for p in (article.author, article.blog, article.published) if p)
    title = Content(" ") + shown(" ".join(article.title.split())).stylize("bold")
    return title + (shown(f" · {' '.join(byline.split())} ") if byline else Content(" "))


class ReaderPane(BlockView, can_focus=True):
    """One article: header, legend, and the body with officials, figures, dates and quotes
    highlighted in the theme's component styles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--official",
        "reader--figure",
        "reader--date",
        "reader--quote",
        "reader--current",
        "reader--match",
        "reader--spotlight",
        "reader--byline",
        "reader--caption",
        "reader--heading",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("g,home", "jump('top')", "Top", show=False),
        Binding("G,end", "jump('bottom')", "Bottom", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    shown: reactive[frozenset[str]] = reactive(frozenset(KINDS), init=False)
    """The kinds of highlight that are on."""

    spotlight: reactive[str | None] = reactive(None, init=False)
    """An official (a corpus-wide name) whose every mention is marked, or None."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.current: Span | None = None
        self._spans = SpanIndex({})
        self._spotlit = SpanIndex({})
        self.matches: list[Span] = []
        """Every place the search matches in the article, lit at once (`n`/`N` step through)."""
        self._matched = SpanIndex({})
        self._header: list[tuple[Content | None, str]] = []  # None: the legend, drawn as it is now
        self._styles: dict[str, Style] | None = None
        self._sticky: Content | None = None

    def show(self, article: Article, span: Span | None = None) -> None:
        """Show an article, scrolled to `span` (which is marked) if given."""
        self.article, self.current = article, span
        self._place = None  # a resize keeps the place in this article, not the last one
        self.matches, self._matched = [], SpanIndex({})
        self._spans = SpanIndex.of(article)
        self._spotlit = self._spotlight_index()
        byline = " · ".join(p for p in (article.author, article.blog, article.published) if p)
        self._header = [(shown(article.title).stylize("bold"), "")]
        if byline:
            self._header.append((shown(byline), "reader--byline"))
        if article.caption:
            self._header.append((shown(article.caption).stylize("italic"), "reader--caption"))
        self._header.append((None, ""))
        self._lay_out()
        self._scroll_to_current()
        self._show_sticky()

    def refresh_article(self, article: Article) -> None:
        """Redraw the open article's highlights from a newer extraction of it, keeping the
        scroll position (its paragraphs are the same)."""
        if self.article is not None and article.paragraphs == self.article.paragraphs:
            self.article = article
            self._spans = SpanIndex.of(article)
            self._spotlit = self._spotlight_index()
            self._restyle()
        else:
            self.show(article, self.current)

    def top_place(self) -> tuple[int, float] | None:
        """Where the view is: the paragraph at its top and how far into it (see `go_to_place`)."""
        return self._top_place()

    def go_to_place(self, place: tuple[int, float]) -> None:
        """Scroll back to a place `top_place` gave, at the width of now."""
        self._restore_place(place)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._show_sticky()

    def _show_sticky(self) -> None:
        """Once the article's title has scrolled out of view, its title and byline in the
        pane's top edge (`sticky_header`); none while the title shows."""
        layout, article = self._layout, self.article
        sticky = None
        if article is not None and layout is not None and len(layout.blocks) > 1:
            title_gone = self.scroll_y >= layout.tops[1]  # the block after the title is at the top
            sticky = sticky_header(article) if title_gone else None
        if sticky != self._sticky:
            self._sticky = sticky
            self.border_title = sticky

    def action_jump(self, where: str) -> None:
        """To the top or the bottom at once (a reader jumps; it does not glide)."""
        if where == "top":
            self.scroll_home(animate=False)
        else:
            self.scroll_end(animate=False)

    def toggle(self, kind: str) -> None:
        """Turn one kind of highlight on or off."""
        self.shown = self.shown ^ {kind}

    def watch_shown(self) -> None:
        self._restyle()

    def watch_spotlight(self) -> None:
        self._spotlit = self._spotlight_index()
        self._restyle()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()  # a new theme: new highlight colours

    def light_matches(self, spans: list[Span]) -> None:
        """Light every place the search matches (`reader--match`); the one marked stays the
        stronger `reader--current`."""
        self.matches = spans
        self._matched = SpanIndex({"match": spans})
        self._restyle()

    def mark(self, span: Span) -> None:
        """Mark a span (a quote, a match) and scroll it into view."""
        self.current = span
        self._restyle()
        self._scroll_to_current()

    def quote_at(self, step: int) -> Quote | None:
        """The next (step 1) or previous (step -1) quotation from the marked place."""
        if self.article is None or not self.article.quotes:
            return None
        quotes = self.article.quotes
        here = self.current[0] if self.current else (-1 if step > 0 else len(self.article.body) + 1)
        if step > 0:
            return next((quote for quote in quotes if quote.start > here), None)
        return next((quote for quote in reversed(quotes) if quote.start < here), None)

    def current_quote(self) -> list[Quote]:
        """The marked quotation with the pieces it runs over, or [] when none is marked."""
        if self.article is None or self.current is None:
            return []
        return quote_chain(self.article, self.current[0])

    def paragraph_lines(self, index: int) -> tuple[int, int]:
        """The line (in the scrolled content) where paragraph `index` starts, and how many
        lines its text takes."""
        assert self._layout is not None, "not laid out yet"
        return self._layout.paragraph_lines(index)

    def paragraph_content(self, index: int) -> Content:
        """Paragraph `index` as Content, styled as it is shown now."""
        assert self.article is not None
        paragraph = self.article.paragraphs[index]
        return self._styled(paragraph.start, paragraph.end)

    # Layout ---------------------------------------------------------------------------

    def _spotlight_index(self) -> SpanIndex:
        if self.article is None or self.spotlight is None:
            return SpanIndex({})
        return SpanIndex({"spotlight": mentions_of(self.article, self.spotlight)})

    def _text_length(self) -> int | None:
        return None if self.article is None else len(self.article.body)

    def _layout_at(self, width: int) -> Layout:
        assert self.article is not None
        rules = self.styles.get_rules()
        header = []
        for number, (content, _) in enumerate(self._header):
            if content is None:
                header.append((MARGIN, self._legend().get_height(rules, width), MARGIN))
            else:
                header.append((MARGIN if number == 0 else 0, content.get_height(rules, width), 0))
        return lay_out(self.article, header, width, lambda text: self._height(text, width))

    def _height(self, text: str, width: int) -> int:
        """Lines Textual wraps a piece of the body into (escaped, as it is shown)."""
        return Content(visible(text)).get_height(self.styles.get_rules(), width)

    def _block_height(self, block: int) -> int:
        assert self._layout is not None and self.article is not None
        entry = self._layout.blocks[block]
        return self._height(self.article.body[entry.start : entry.end], self._layout.width)

    def _laid_out(self) -> None:
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        layout = self._layout
        if layout is None:
            return  # once the pane has a size (`_laid_out`)
        block = layout.block_at(self.current[0]) if self.current is not None else None
        if block is None or self.current is None:
            self.scroll_to(y=0, animate=False)
            return
        paragraph = layout.blocks[block].paragraph
        self._measure(range(max(layout.first_blocks[paragraph], block - 2), block + 1))  # where it goes
        start, lines = layout.paragraph_lines(paragraph)
        if lines <= self.size.height:
            self.scroll_to(y=start, animate=False)
        else:  # a paragraph taller than the view: put the mark's line near the top
            strips = self._block_strips(block)
            into = self.current[0] - layout.blocks[block].start
            row = max((row for row, strip in enumerate(strips) if first_offset(strip) <= into), default=0)
            line = layout.tops[block] + layout.blocks[block].above + row
            self.scroll_to(y=max(start, line - 2), animate=False)
        self._measure_below()

    # Drawing --------------------------------------------------------------------------

    def _restyle(self) -> None:
        """Draw again with the current highlights (on, off, spotlit, marked, the theme's)."""
        self._styles = None
        self._redraw()

    def _kind_styles(self) -> dict[str, Style]:
        if self._styles is None:
            shown = [kind for kind in KINDS if kind in self.shown]
            self._styles = {kind: self.get_visual_style(f"reader--{kind}") for kind in shown}
            for mark in ("spotlight", "match", "current"):
                self._styles[mark] = self.get_visual_style(f"reader--{mark}")
        return self._styles

    def _legend(self) -> Content:
        parts = []
        for number, kind in enumerate(KINDS, 1):
            label = Content(f" {number} {kind}s ")
            parts.append(
                label.stylize(self.get_visual_style(f"reader--{kind}")) if kind in self.shown else label
            )
        return Content("").join(parts)

    def _styled(self, start: int, end: int) -> Content:
        """The body's `start:end` with the highlights and marks over it."""
        assert self.article is not None
        spans = self._spans.within(start, end) + self._spotlit.within(start, end)
        spans += self._matched.within(start, end)
        if self.current is not None and self.current[0] < end and self.current[1] > start:
            spans.append((*self.current, "current"))
        return styled(self.article.body[start:end], start, spans, self._kind_styles())

    def _block_content(self, block: int) -> tuple[Content, Style]:
        assert self._layout is not None and self.article is not None
        entry = self._layout.blocks[block]
        if entry.paragraph < 0:
            content, component = self._header[entry.start]
            base = self.get_visual_style(component) if component else self.visual_style
            return (self._legend() if content is None else content), base
        heading = self.article.paragraphs[entry.paragraph].kind == "heading"
        base = self.get_visual_style("reader--heading") if heading else self.visual_style
        return self._styled(entry.start, entry.end), base

    def _block_text(self, block: int) -> str:
        assert self._layout is not None and self.article is not None
        entry = self._layout.blocks[block]
        if entry.paragraph < 0:
            content = self._header[entry.start][0]
            return (self._legend() if content is None else content).plain
        return visible(self.article.body[entry.start : entry.end])

    def _joint(self, before: int, after: int) -> str:
        """Blocks of one paragraph join with the spaces between them; paragraphs with a newline."""
        assert self._layout is not None and self.article is not None
        first, second = self._layout.blocks[before], self._layout.blocks[after]
        if second.paragraph >= 0 and second.paragraph == first.paragraph:
            return self.article.body[first.end : second.start]
        return "\n"
