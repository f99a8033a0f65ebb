"""The flagreader app: wiring only; loading, extraction and search live in the core."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from flagreader.loading import extract_corpus, load_corpus
from flagreader.model import Article, Corpus, Hit
from flagreader.ui.copying import copy_quote
from flagreader.ui.help import HelpScreen, help_sections
from flagreader.ui.highlight import KINDS
from flagreader.ui.views import FiguresView, OfficialsView, Place, QuotesView
from flagreader.ui.widgets import ArticleList, ReaderPane


def _count(number: int, noun: str) -> str:
    """ "1 article", "2,125 articles"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class FlagreaderApp(App[None]):
    """Read a corpus: the article list, the reader pane and the search bar."""

    CSS_PATH = "flagreader.tcss"
    TITLE = "flagreader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", tooltip="Type to search; enter opens a hit"),
        Binding(
            "escape",
            "clear_search",
            "Clear",
            show=False,
            tooltip="Clear the search, then the officials filter",
        ),
        Binding(
            "right_square_bracket", "quote(1)", "Next quote", tooltip="Mark the next quote and scroll to it"
        ),
        Binding(
            "left_square_bracket",
            "quote(-1)",
            "Previous quote",
            tooltip="Mark the previous quote and scroll to it",
        ),
        Binding("y", "copy_quote", "Copy quote", tooltip="Copy the marked quote with its source"),
        Binding("n", "match(1)", "Next match", show=False, tooltip="Next place the search matches"),
        Binding("N", "match(-1)", "Previous match", show=False, tooltip="Previous place the search matches"),
        *(
            Binding(str(number), f"toggle_kind('{kind}')", f"Toggle {kind}s", show=False)
            for number, kind in enumerate(KINDS, 1)
        ),
        Binding("O", "view('officials')", "Officials", tooltip="All officials across the articles"),
        Binding("F", "view('figures')", "Figures", tooltip="All figures side by side, sortable"),
        Binding("Q", "view('quotes')", "Quotes", tooltip="All quotes, grouped by speaker"),
        Binding("question_mark", "help", "Help", tooltip="Every key, by where it works"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.corpus = corpus
        self._only: tuple[str, frozenset[str]] | None = None
        """An official chosen in the officials view, and the ids of the articles naming them:
        the list shows only those until escape."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder='/ to search: words, typos welcome; title: official: quote: "phrase"', id="search"
        )
        with Horizontal(id="main"):
            yield ArticleList(id="articles")
            yield ReaderPane(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        if self.corpus is None:
            self.notify("Loading…", timeout=2, markup=False)
            self.load()
        else:
            self.show_corpus()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Load, then extract and index, in a thread: the list is usable as soon as the files
        are read, and the highlights and search arrive when they are ready."""
        corpus = load_corpus(
            list(self.paths) if self.paths else None, extract=False, progress=self._progress("Reading files")
        )
        if corpus.articles:  # the article opened first is highlighted from the first screen on
            first = Corpus(articles=corpus.articles[:1])
            extract_corpus(first)
            corpus.articles[0] = first.articles[0]
            corpus.notices.extend(first.notices)
        self.call_from_thread(self._loaded, corpus)

    @work(thread=True, exclusive=True, group="extract")
    def extract(self, corpus: Corpus) -> None:
        """Extract and index after the first screen is drawn (the work would slow it)."""
        extract_corpus(corpus, progress=self._progress("Finding officials, figures and quotes"))
        corpus.build_index()
        self.call_from_thread(self._extracted)

    def _progress(self, label: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            self.call_from_thread(self._show_progress, label, done, total)

        return report

    def _show_progress(self, label: str, done: int, total: int) -> None:
        self.sub_title = f"{label}: {done:,} of {total:,}" if done < total else ""

    def _loaded(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.show_corpus()
        self.call_after_refresh(self.extract, corpus)
        if corpus.skipped:
            skipped = "\n".join(f"{source}: {reason}" for source, reason in corpus.skipped[:10])
            more = f"\n… and {len(corpus.skipped) - 10} more" if len(corpus.skipped) > 10 else ""
            self.notify(
                f"Skipped {len(corpus.skipped)} files:\n{skipped}{more}", markup=False, severity="warning"
            )

    def _extracted(self) -> None:
        """Extraction finished: redraw the list's counts and the open article's highlights."""
        assert self.corpus is not None
        reader = self.query_one(ReaderPane)
        if not self.query_one("#search", Input).value.strip():
            articles = self.query_one(ArticleList)
            cursor = articles.highlighted
            articles.show_articles(self._listing())
            articles.highlighted = cursor  # the same articles in the same order, now with counts
        if reader.article is not None:
            fresh = next((a for a in self.corpus.articles if a.id == reader.article.id), None)
            if fresh is not None:
                reader.refresh_article(fresh)
        self.sub_title = _count(len(self.corpus.articles), "article")
        gc.freeze()

    def show_corpus(self) -> None:
        assert self.corpus is not None
        # The corpus lives as long as the app: keep the cyclic garbage collector from walking
        # its millions of objects again and again (a full pass took 80 ms on the BBC corpus,
        # a stall in the middle of typing).
        gc.freeze()
        articles = self.query_one(ArticleList)
        first = self.corpus.articles[0] if self.corpus.articles else None
        articles.show_articles(self.corpus.articles, first)
        self.sub_title = _count(len(self.corpus.articles), "article")
        if first is not None:
            self.query_one(ReaderPane).show(first)
            articles.focus()

    @on(ArticleList.Opened)
    def open_article(self, event: ArticleList.Opened) -> None:
        reader = self.query_one(ReaderPane)
        reader.show(event.article, event.span if event.field != "title" else None)
        self.query_one(ArticleList).mark_read(event.article)
        reader.focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if self.corpus is None:
            return
        if not event.value.strip():
            self.query_one(ArticleList).show_articles(self._listing(), self.query_one(ReaderPane).article)
            return
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search in a thread; a newer keystroke cancels this one's result."""
        assert self.corpus is not None
        hits = self.corpus.search(query, 50)
        self.call_from_thread(self._show_hits, query, hits)

    def _show_hits(self, query: str, hits: list[Hit]) -> None:
        if self.query_one("#search", Input).value != query:
            return  # typed on since: a newer search is on its way
        self.query_one(ArticleList).show_hits(hits)

    @on(Input.Submitted, "#search")
    def open_first_hit(self) -> None:
        articles = self.query_one(ArticleList)
        if articles.option_count:
            articles.highlighted = 0
            articles.action_select()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def _listing(self) -> list[Article]:
        """The articles the list shows when there is no search: all, or those naming the
        official chosen in the officials view."""
        assert self.corpus is not None
        if self._only is None:
            return self.corpus.articles
        return [article for article in self.corpus.articles if article.id in self._only[1]]

    def action_clear_search(self) -> None:
        """Clear the search; if there is none, stop listing only one official's articles."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        elif self._only is not None and self.corpus is not None:
            self._only = None
            self.query_one(ReaderPane).spotlight = None
            articles = self.query_one(ArticleList)
            articles.show_articles(self.corpus.articles, self.query_one(ReaderPane).article)
            self.sub_title = _count(len(self.corpus.articles), "article")
        self.query_one(ArticleList).focus()

    def action_toggle_kind(self, kind: str) -> None:
        self.query_one(ReaderPane).toggle(kind)

    def action_quote(self, step: int) -> None:
        reader = self.query_one(ReaderPane)
        quote = reader.quote_at(step)
        if quote is None:
            self.notify("No more quotes in this article", timeout=2, markup=False)
            return
        reader.mark((quote.start, quote.end))

    def action_copy_quote(self) -> None:
        reader = self.query_one(ReaderPane)
        if (
            reader.article is None
            or reader.current is None
            or not copy_quote(self, reader.article, reader.current[0])
        ):
            self.notify("Mark a quote first: ] and [ move between quotes", timeout=3, markup=False)

    def action_match(self, step: int) -> None:
        """Mark the next (1) or previous (-1) place in the article that the search matches."""
        reader = self.query_one(ReaderPane)
        query = self.query_one("#search", Input).value
        if self.corpus is None or reader.article is None or not query.strip():
            self.notify("Search first: / then a few words", timeout=2, markup=False)
            return
        spans = self.corpus.matches(query, reader.article)
        here = reader.current[0] if reader.current else -1
        ahead = [s for s in spans if s[0] > here] if step > 0 else [s for s in spans if s[0] < here]
        if not ahead:
            self.notify("No more matches in this article", timeout=2, markup=False)
            return
        reader.mark(ahead[0] if step > 0 else ahead[-1])

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the reader, by name, in the command palette (ctrl+p): made from the
        bindings, so a new key is in the palette too."""
        yield from super().get_system_commands(screen)
        for binding in Binding.make_bindings(self.BINDINGS):
            if binding.action != "quit":  # Textual's own commands have Quit
                yield SystemCommand(
                    binding.description,
                    binding.tooltip or binding.description,
                    partial(self.call_later, self.run_action, binding.action),
                )

    def action_view(self, name: str) -> None:
        """Open the officials, figures or quotes view; choosing a row opens its place."""
        if self.corpus is None:
            return
        view = {"officials": OfficialsView, "figures": FiguresView, "quotes": QuotesView}[name](self.corpus)
        self.push_screen(view, self._open_place)

    def _open_place(self, place: Place | None) -> None:
        if place is None:
            return
        reader = self.query_one(ReaderPane)
        if place.official is not None:
            self._only = (place.official, frozenset(place.articles))
            self.query_one("#search", Input).value = ""
            listed = self._listing()
            self.query_one(ArticleList).show_articles(listed, place.article)
            reader.spotlight = place.official
            self.sub_title = f"{_count(len(listed), 'article')} naming {place.official} · escape lists all"
        reader.show(place.article, place.span)
        self.query_one(ArticleList).mark_read(place.article)
        reader.focus()

    def action_help(self) -> None:
        """Every key, by where it works."""
        self.push_screen(HelpScreen(help_sections(FlagreaderApp, ArticleList, ReaderPane, QuotesView)))


def run(paths: Sequence[str | Path] | None = None) -> None:
    """Open the reader on `paths` (the seed posts when None)."""
    FlagreaderApp(paths).run()
