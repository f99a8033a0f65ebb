"""The flagreader app: wiring only; loading, extraction and search live in the core."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from flagreader.article_cache import ArticleCache
from flagreader.model import Corpus
from flagreader.processes import prepare_workers
from flagreader.store import Store
from flagreader.textsafe import clipboard_safe, terminal_safe
from flagreader.ui.bindings import APP_BINDINGS, commands_for
from flagreader.ui.loading_app import LoadingApp
from flagreader.ui.widgets import ArticleList, ReaderPane, SearchBar

if TYPE_CHECKING:
    from flagreader.kept_index import KeptIndex


class FlagreaderApp(LoadingApp):
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
        self.kept: KeptIndex | None = None
        """The search index's segments kept with it (set by the loading thread)."""
        self._index_read = threading.Event()
        """Clear while the kept search index is being read, after the first screen: a search
        waits for it rather than build one."""
        self._index_read.set()
        self._hits_for: str | None = None
        """The query whose hits the list shows, or None when it lists articles."""
        self._searched = 0.0
        """When the search typed was last made again while a folder is read (`time.monotonic`)."""

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

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """What a thread hands the reader (hits, progress, a corpus read): done in the reader's
        thread, as Textual's; but when the reader is closing and its widgets are gone already, a
        late one does nothing (a search answered as the reader closed raised and failed)."""

        def guarded(*arguments: Any, **keywords: Any) -> Any:
            try:
                return callback(*arguments, **keywords)
            except NoMatches:
                main = self.screen_stack[0] if self.screen_stack else None
                if main is None or not main.query("#search"):
                    return None  # closing: nothing left to show it in
                raise

        return super().call_from_thread(guarded, *args, **kwargs)

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
