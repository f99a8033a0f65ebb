"""The flagreader app: wiring only; loading, extraction and search live in the core."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import get_current_worker

from flagreader.article_cache import ArticleCache
from flagreader.loading import load_corpus, saver, store_results, to_extract
from flagreader.model import Corpus
from flagreader.processes import prepare_workers
from flagreader.reading import ArticleIndex, ReadingState
from flagreader.seeds import seeds_dir
from flagreader.shelf import RECENT, Shelf, listing
from flagreader.store import Store, default_data_dir
from flagreader.textsafe import clipboard_safe, terminal_safe
from flagreader.ui.bindings import APP_BINDINGS, commands_for
from flagreader.ui.feeds_app import FeedsApp
from flagreader.ui.problems import problems_line
from flagreader.ui.widgets import ArticleList, ReaderPane, SearchBar

_FIRST_EXTRACTED_BYTES = 200_000
"""The first article is extracted before the first screen only up to this size."""


PROGRESS_SECONDS = 0.1
"""How often a background task's progress is shown, at most."""


class FlagreaderApp(FeedsApp):
    """Read a corpus: the article list, the reader pane and the search bar."""

    CSS_PATH = "flagreader.tcss"
    TITLE = "flagreader"
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS
    # Nothing is focused until the list is filled (then the list is, unless / was pressed): not
    # the search bar, so keys pressed while a folder loads are commands; and no auto-focus
    # that could take the focus back from the search bar after an early /.
    AUTO_FOCUS = None

    def __init__(
        self,
        paths: Sequence[str | Path] | None = None,
        corpus: Corpus | None = None,
        data_dir: str | Path | None = None,
        feeds: bool = False,
    ) -> None:
        super().__init__(corpus)
        prepare_workers()  # before the app takes stderr over: see its docstring
        self.paths = paths
        self.data_dir = data_dir
        self.feeds = feeds
        """Whether the corpus is the feeds' entries (R updates them)."""
        self._extracting = False
        self.cache: ArticleCache | None = None
        """The article cache of the paths opened (set by the loading thread)."""
        self._index_read = threading.Event()
        """Clear while the kept search index is being read, after the first screen: a search
        waits for it rather than build one."""
        self._index_read.set()
        self._hits_for: str | None = None
        """The query whose hits the list shows, or None when it lists articles."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification here carries data (titles, quotes, file names): never markup, and
        control characters shown as escapes, wherever it is raised from."""
        super().notify(
            terminal_safe(message),
            title=terminal_safe(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def copy_to_clipboard(self, text: str) -> None:
        """Every copy (a quote with `y`, a mouse selection with ctrl+c) is pasted somewhere:
        control characters and paste markers never reach the clipboard raw."""
        super().copy_to_clipboard(clipboard_safe(text))

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBar(
            placeholder='/ to search: words, typos welcome; title: official: quote: "phrase"', id="search"
        )
        with Horizontal(id="main"):
            yield ArticleList(id="articles")
            yield ReaderPane(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.store = Store.open(self.data_dir)
        if self.store.problem:
            self.notify(self.store.problem, severity="warning", timeout=10, markup=False)
        if self.corpus is None:
            self.notify("Loading…", timeout=2, markup=False)
            self.load()
        else:
            self.show_corpus()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Load (through the article cache), then extract and index, in a thread: the list is
        usable as soon as the files are read, and the highlights and search arrive when they
        are ready. What the cache holds as extracted today, and its index, show at once."""
        paths = list(self.paths) if self.paths else [seeds_dir()]
        data_dir = Path(self.data_dir).expanduser() if self.data_dir is not None else default_data_dir()
        self.cache = cache = ArticleCache.open(data_dir, paths)
        kept = cache.listing()
        early = None
        if kept:
            # The list as it was last shown, at once (and searchable, with its kept index); the
            # folders are walked meanwhile, and what changed replaces it.
            early = Corpus(articles=Shelf.of_rows(cache, kept))
            self._index_read.clear()  # a search typed meanwhile waits for the kept index
            drawn = threading.Event()
            self.call_from_thread(self._shown_early, early, ArticleIndex(early.articles), drawn)
            # The first frame before the work behind it: this thread's reading and walking would
            # otherwise take turns with the reader's drawing for the interpreter lock.
            drawn.wait(1.0)
            self._read_index(early)
            self._index_read.set()

        def started(partial: Corpus) -> None:  # a folder read for the first time: show what is read
            if early is None:
                _extract_first(partial, cache)
                self.call_from_thread(self._shown_early, partial, ArticleIndex(partial.articles))

        corpus = load_corpus(
            paths,
            extract=False,
            progress=self._progress("Reading files"),
            cache=cache,
            lazy=True,
            started=started,
        )
        if early is not None and list(listing(corpus.articles)) == kept:
            early.skipped, early.notices, early.stale = corpus.skipped, corpus.notices, corpus.stale
            corpus = early  # nothing changed: the list shown stays, with its index
        elif early is not None:
            corpus.set_interim_index(early._index)  # searched while the workers make the new one
        _extract_first(corpus, cache)
        if corpus._index is None and not to_extract(corpus):
            self._read_index(corpus)
        # Who is who for the read marks, made here: for 100,000 articles it is a good part of a
        # second that a key would otherwise wait for.
        index = None if corpus is early else ArticleIndex(corpus.articles)
        self.call_from_thread(self._loaded, corpus, index)

    def _read_index(self, corpus: Corpus) -> None:
        """The search index kept in the cache, when it is the one of these articles."""
        assert self.cache is not None
        index = self.cache.load_index(corpus.articles)
        if index is not None:
            corpus.use_index(index)

    @work(thread=True, exclusive=True, group="extract")
    def extract(self, corpus: Corpus) -> None:
        """Extract (in a worker process: it holds no lock a key waits for) and index, after
        the first screen is drawn; both are kept in the article cache for the next launch."""
        worker = get_current_worker()
        cache = self.cache
        if corpus._index is None or to_extract(corpus):
            # Imported here, not before the first frame: it loads the extractor's rules and numpy.
            from flagreader.extract_process import extract_corpus_in_process

            parts = extract_corpus_in_process(
                corpus,
                progress=self._progress("Finding officials, figures and quotes"),
                stopped=lambda: worker.is_cancelled,
                freeze=True,  # what comes back lives as long as the app (see show_corpus)
                saved=saver(corpus, cache),
            )
            if worker.is_cancelled:
                return
            from flagreader.search.index import SearchIndex

            if parts is not None:  # the workers read every word already: merge, not rebuild
                corpus.use_index(SearchIndex.from_parts(parts, corpus.articles))
            else:
                corpus.build_index()
            if cache is not None and corpus._index is not None:
                from flagreader.search.index import SearchIndex

                assert isinstance(corpus._index, SearchIndex)
                cache.save_index(corpus.articles, corpus._index)
        if cache is not None and list(listing(corpus.articles)) != cache.listing():
            cache.save_listing(listing(corpus.articles))  # the next launch's first screen
        self.call_from_thread(self._extracted)
        articles = corpus.articles
        if isinstance(articles, Shelf) and len(articles) <= RECENT:
            # Read them all once, here, after the counts are shown: the views and the close
            # looks of a search then find them in memory, as a list holds them (a larger folder
            # keeps the ones used last).
            for position in range(len(articles)):
                if worker.is_cancelled:
                    return
                articles[position]

    def _progress(self, label: str) -> Callable[[int, int], None]:
        """A progress report for a thread to call: shown in the header at most every
        `PROGRESS_SECONDS` (the first and the last always). Each report waits for the screen,
        and R's pages came 270 a second: the keys waited behind them."""
        shown = -PROGRESS_SECONDS

        def report(done: int, total: int) -> None:
            nonlocal shown
            if done < total and done and time.monotonic() - shown < PROGRESS_SECONDS:
                return
            shown = time.monotonic()
            self.call_from_thread(self._show_progress, label, done, total)

        return report

    def _show_progress(self, label: str, done: int, total: int) -> None:
        self.sub_title = f"{label}: {done:,} of {total:,}" if done < total else ""
        if self.corpus is not None:
            self.query_one(ArticleList).grown()  # a folder read for the first time, listed as it is read

    def _shown_early(self, corpus: Corpus, index: ArticleIndex, drawn: threading.Event | None = None) -> None:
        """The list as it was last shown, from the cache, while the folders are walked (`drawn`
        is set once it is on screen)."""
        self.corpus = corpus
        self._extracting = True  # until the walk and any extraction are done
        self.show_corpus(index)
        if drawn is not None:
            self.call_after_refresh(drawn.set)

    def _loaded(self, corpus: Corpus, index: ArticleIndex | None) -> None:
        if self.corpus is None:
            self.corpus = corpus
            self.show_corpus(index)
        elif self.corpus is not corpus or index is not None:
            # The walk found changes (the list as it is now), or the list shown while the
            # folder was read is whole now (its read marks found for all).
            self._replace_corpus(corpus, index)
        if self.cache is not None and self.cache.problem:
            self.notify(self.cache.problem, severity="warning", timeout=8)
        self._extracting = True
        self.call_after_refresh(self.extract, corpus)
        said = problems_line(corpus)
        if said is not None:  # one line: the problems view (!) lists them all
            self.notify(said, markup=False, severity="warning")

    def _extracted(self) -> None:
        """Extraction finished: redraw the list's counts and the open article's highlights."""
        assert self.corpus is not None
        self._extracting = False
        if self.state is not None:
            # The same articles at the same places (extraction put its copies in their places,
            # which _fresh finds): the marks are read again, the index of ids kept.
            self.state.reload()
        reader = self.query_one(ReaderPane)
        query = self.query_one("#search", Input).value
        if query.strip():
            self.run_search(query)  # hits found meanwhile point at the articles before extraction
        else:
            articles = self.query_one(ArticleList)
            cursor = articles.highlighted
            articles.show_articles(self._listing())
            articles.highlighted = cursor  # the same articles in the same order, now with counts
        if reader.article is not None:
            reader.refresh_article(self._fresh(reader.article))
        self.sub_title = self._counted()
        gc.freeze()

    def show_corpus(self, index: ArticleIndex | None = None) -> None:
        assert self.corpus is not None
        # The corpus lives as long as the app: keep the cyclic garbage collector from walking
        # its millions of objects again and again (a full pass took 80 ms on the BBC corpus,
        # a stall in the middle of typing).
        gc.freeze()
        assert self.store is not None
        opened = [str(path) for path in self.paths or ()]
        self.state = ReadingState(self.store, self.corpus.articles, index, opened)
        articles = self.query_one(ArticleList)
        articles.state = self.state
        first = self.corpus.articles[0] if self.corpus.articles else None
        articles.show_articles(self.corpus.articles, first)
        self.sub_title = self._counted()
        if first is not None:
            self.query_one(ReaderPane).show(first)
        search = self.query_one("#search", Input)
        if search.value.strip():
            self.run_search(search.value)  # typed while the files were read
        if not search.has_focus:
            articles.focus()

    @on(ArticleList.Opened)
    def open_article(self, event: ArticleList.Opened) -> None:
        reader, article = self.query_one(ReaderPane), self._fresh(event.article)
        span = event.span if event.field != "title" else None
        self._going(article, span)
        reader.show(article, span)
        query = self.query_one("#search", Input).value
        if self.corpus is not None and query.strip() and event.field != "title":
            reader.light_matches(self.corpus.matches(query, article))  # every match lit at once
        self._forget_match_count()
        self._mark_read(article)
        reader.focus()

    def action_toggle_kind(self, kind: str) -> None:
        self.query_one(ReaderPane).toggle(kind)

    def action_quote(self, step: int) -> None:
        reader = self.query_one(ReaderPane)
        quote = reader.quote_at(step)
        if quote is None:
            self.notify("No more quotes in this article", timeout=2, markup=False)
            return
        reader.mark((quote.start, quote.end))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the reader, by name, in the command palette (ctrl+p): made from the
        bindings, so a new key is in the palette too."""
        yield from super().get_system_commands(screen)
        if screen is self.screen_stack[0]:  # the reader's actions act on the reader, not a view
            yield from commands_for(self, self.BINDINGS)


def _extract_first(corpus: Corpus, cache: ArticleCache) -> None:
    """Extract the article opened first, so that it is highlighted from the first screen on (a
    long one is shown at once, and highlighted when the extraction of all reaches it)."""
    first = corpus.articles[0] if corpus.articles else None
    if first is None or first.extracted or len(first.body) > _FIRST_EXTRACTED_BYTES:
        return
    from flagreader.extract_process import extract_one  # only when there is one to extract

    store_results(corpus, [(0, extract_one(first))], saver(corpus, cache))


def run_and_close(app: FlagreaderApp, **options: Any) -> None:
    """Run `app` (with `App.run`'s `options`), then close its reading state and its article
    cache, whatever ended it: a cache left open keeps its write-ahead log, and the next launch
    checks that log against the cache (a copy of the whole cache) before its first screen."""
    try:
        app.run(**options)
    finally:
        if app.store is not None:
            app.store.close()
        if app.cache is not None:
            app.cache.close()


def run(
    paths: Sequence[str | Path] | None = None,
    data_dir: str | Path | None = None,
    corpus: Corpus | None = None,
    feeds: bool = False,
) -> int:
    """Open the reader on `paths` (the seed posts when None), or on a `corpus` already loaded
    (the feeds' entries), keeping state in `data_dir`; return the exit code (1 when the reader
    stopped on an error, which Textual has shown)."""
    app = FlagreaderApp(paths, corpus=corpus, data_dir=data_dir, feeds=feeds)
    run_and_close(app)
    return app.return_code or 0
