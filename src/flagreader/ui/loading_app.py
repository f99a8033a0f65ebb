"""The reader's part that loads the folders opened, and keeps up with them: the list at once
(as last shown), the walk, extraction and indexing in the background, merges of the kept index
in a worker process; then, while the reader is open, the folders watched for saved, changed and
removed files (and read again on R, for file systems that do not tell)."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Input
from textual.worker import get_current_worker

from flagreader.article_cache import ArticleCache
from flagreader.cache_snapshot import last_read
from flagreader.loading import keep_snapshot, load_corpus, saver, store_results, to_extract
from flagreader.model import Corpus
from flagreader.reading import ArticleIndex, ReadingState
from flagreader.seeds import seeds_dir
from flagreader.shelf import RECENT, Listed, Shelf, keys_of, listing
from flagreader.store import default_data_dir
from flagreader.ui.feeds_app import FeedsApp
from flagreader.ui.problems import problems_line
from flagreader.ui.searching_app import PARTIAL
from flagreader.ui.watching import Stop, watch_folders
from flagreader.ui.widgets import ArticleList, ReaderPane
from flagreader.wording import counted

if TYPE_CHECKING:
    from flagreader.kept_index import KeptIndex

_FIRST_EXTRACTED_BYTES = 200_000
"""The first article is extracted before the first screen only up to this size."""

PROGRESS_SECONDS = 0.1
"""How often a background task's progress is shown, at most."""

SEARCH_AGAIN_SECONDS = 1.0
"""How often a search typed while a folder is read is made again, for the articles read since."""


class LoadingApp(FeedsApp):
    """Loading the folders opened, and keeping up with them while the reader is open."""

    _watching: threading.Event | None = None
    """Set to stop watching the folders; None until they are watched."""
    _again = False
    """Whether the folders changed while they were being read: read them again after."""
    _rescanning = False
    """Whether the folders are being read again (until what changed is extracted)."""

    paths: Sequence[str | Path] | None
    data_dir: str | Path | None
    cache: ArticleCache | None
    kept: KeptIndex | None
    _index_read: threading.Event
    _searched: float

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Load (through the article cache), then extract and index, in a thread: the list is
        usable as soon as the files are read, and the highlights and search arrive when they
        are ready. What the cache holds as extracted today, and its index, show at once."""
        paths = list(self.paths) if self.paths else [seeds_dir()]
        data_dir = Path(self.data_dir).expanduser() if self.data_dir is not None else default_data_dir()
        self.cache = cache = ArticleCache.open(data_dir, paths)
        rows, keys = last_read(cache)
        early = None
        if rows:
            # The list as it was last shown, at once (and searchable, with its kept index); the
            # folders are walked meanwhile, and what changed replaces it.
            early = Corpus(articles=Shelf.of_rows(cache, rows, keys))
            self._index_read.clear()  # a search typed meanwhile waits for the kept index
            drawn = threading.Event()
            self.call_from_thread(self._shown_early, early, ArticleIndex(early.articles), drawn)
            # The first frame before the work behind it: this thread's reading and walking would
            # otherwise take turns with the reader's drawing for the interpreter lock.
            drawn.wait(1.0)
            self.kept = _kept(cache)
            kept_index = self.kept.whole(early.articles, keys)
            if kept_index is not None:
                early.use_index(kept_index)
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
        if self.kept is None:
            self.kept = _kept(cache)
        if early is not None and list(listing(corpus.articles)) == list(rows):
            early.skipped, early.notices, early.stale = corpus.skipped, corpus.notices, corpus.stale
            corpus = early  # nothing changed: the list shown stays, with its index
        elif early is not None:
            corpus.set_interim_index(early._index)  # searched while the new one is made
        _extract_first(corpus, cache)
        # Who is who for the read marks, made here: for 100,000 articles it is a good part of a
        # second that a key would otherwise wait for.
        index = None if corpus is early else ArticleIndex(corpus.articles)
        self.call_from_thread(self._loaded, corpus, index)

    @work(thread=True, exclusive=True, group="extract")
    def extract(self, corpus: Corpus) -> None:
        """Extract what is new (in worker processes: they hold no lock a key waits for), and
        index it with the segments kept: both are kept in the article cache for the next
        launch. Then merge the segments in a worker process, if the policy asks for it."""
        worker = get_current_worker()
        cache, kept = self.cache, self.kept
        assert cache is not None and kept is not None
        indexed = corpus._index is not None and corpus._index_is_current()
        missing = [] if indexed else kept.missing(keys_of(corpus.articles))
        if to_extract(corpus) or missing:
            # Imported here, not before the first frame: it loads the extractor's rules and numpy.
            from flagreader.extract_process import extract_corpus_in_process

            writer = kept.writer()
            extract_corpus_in_process(
                corpus,
                progress=self._progress("Finding officials, figures and quotes"),
                stopped=lambda: worker.is_cancelled,
                freeze=True,  # what comes back lives as long as the app (see show_corpus)
                saved=saver(corpus, cache),
                to_index=missing,
                indexed=writer.put,
            )
            if worker.is_cancelled:
                return
            writer.flush()
        if not corpus._index_is_current():
            corpus.use_index(kept.index(corpus.articles, keys_of(corpus.articles)))
        keep_snapshot(corpus, cache)  # the next launch's first screen
        self.call_from_thread(self._extracted)
        self._merge(corpus)
        articles = corpus.articles
        if isinstance(articles, Shelf) and len(articles) <= RECENT:
            # Read them all once, here, after the counts are shown: the views and the close
            # looks of a search then find them in memory, as a list holds them (a larger folder
            # keeps the ones used last).
            for position in range(len(articles)):
                if worker.is_cancelled:
                    return
                articles[position]

    def _merge(self, corpus: Corpus) -> None:
        """Merge the kept segments as the policy asks, in a worker process (off this process's
        interpreter lock: a key never waits for it), then search the merged index."""
        from flagreader.extract_process import start_pool
        from flagreader.kept_index import merge_at, needs_merging
        from flagreader.search.index import SearchIndex

        cache, kept, index = self.cache, self.kept, corpus._index
        if cache is None or kept is None or not isinstance(index, SearchIndex) or not needs_merging(index):
            return

        pool = start_pool(1)
        if pool is None:
            return
        try:
            pool.submit(merge_at, str(cache.path)).result()
        except Exception as error:  # noqa: BLE001 - a merge that failed leaves the index as it was
            self.call_from_thread(
                self.notify, f"The search index was not merged: {error}", severity="warning"
            )
            return
        finally:
            pool.shutdown(wait=False)
        if corpus is self.corpus and corpus._index is index:
            corpus.use_index(kept.index(corpus.articles, keys_of(corpus.articles)))

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
        partial = PARTIAL if self._hits_for is not None and self._extracting else ""
        self.sub_title = f"{label}: {done:,} of {total:,}{partial}" if done < total else ""
        if self.corpus is not None:
            self.query_one(ArticleList).grown()  # a folder read for the first time, listed as it is read
            if self._hits_for is not None and time.monotonic() - self._searched >= SEARCH_AGAIN_SECONDS:
                self._searched = time.monotonic()
                self.run_search(self._hits_for)  # the articles read since are searched too

    def _shown_early(self, corpus: Corpus, index: ArticleIndex, drawn: threading.Event | None = None) -> None:
        """The list as it was last shown, from the cache, while the folders are walked (`drawn`
        is set once it is on screen)."""
        self.corpus = corpus
        self._extracting = True  # until the walk and any extraction are done
        self.show_corpus(index)
        if drawn is not None:
            self.call_after_refresh(drawn.set)

    def _loaded(self, corpus: Corpus, index: ArticleIndex | None, again: str | None = None) -> None:
        """The folders were read (`again`: read again, with what changed in words)."""
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
        if again is not None:
            self.notify(again, timeout=4, markup=False)
            return
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
        self._read_done()
        if self._watching is None:
            self._watch()

    def _watch(self) -> None:
        """Watch the folders opened (not the seed posts, nor the feeds) for files saved,
        changed or removed, reading them again after each burst of changes: in a thread of its
        own, not a worker (it runs as long as the reader; waiting for the workers to finish
        would wait for ever), that stops when the reader closes."""
        if self.feeds or not self.paths or self.cache is None or not self.is_running:
            return
        self._watching = stop = threading.Event()
        paths = list(self.paths)

        def watched() -> None:
            watch_folders(
                paths,
                Stop(stop, lambda: not self.is_running),  # the reader closed
                lambda: self._from_watch(self.read_again),
                lambda why: self._from_watch(self._not_watched, why),
            )

        threading.Thread(target=watched, name="flagreader-watch", daemon=True).start()

    def _from_watch(self, callback: Callable[..., object], *arguments: object) -> None:
        """Call `callback` in the reader's thread, unless the reader closed meanwhile."""
        if self.is_running:
            with contextlib.suppress(RuntimeError):  # closed between the check and the call
                self.call_from_thread(callback, *arguments)

    def on_unmount(self) -> None:
        """The reader closes: stop watching the folders."""
        if self._watching is not None:
            self._watching.set()

    def _not_watched(self, why: str) -> None:
        self.notify(
            f"The folders are not watched for changes ({why}): R reads them again", severity="warning"
        )

    def action_refresh(self) -> None:
        """R: fetch what is new in the feeds (when the reader was opened on them), or read the
        folders again, in the background."""
        if self.feeds:
            self.action_update_feeds()
        elif self.paths:
            self.notify("Reading the folders again", timeout=2, markup=False)
            self.read_again()
        else:
            said = "R reads the folders opened again (none here), or updates the feeds (flagreader --feeds)"
            self.notify(said, timeout=4)

    def read_again(self) -> None:
        """Read the folders again (they changed, or R was pressed): now, or once the reading
        under way is done."""
        if self.cache is None or self.corpus is None:
            return
        if self._extracting or self._rescanning:
            self._again = True
            return
        self._rescanning = True
        self.rescan()

    def _read_done(self) -> None:
        """The folders are read (and what changed extracted): read them again if they changed
        meanwhile."""
        self._rescanning = False
        if self._again:
            self._again = False
            self.read_again()

    @work(thread=True, exclusive=True, group="load")
    def rescan(self) -> None:
        """The folders read again (as a launch reads them: only what changed is parsed); the
        list takes in what changed, the article being read staying, and what changed is
        extracted and indexed (see `extract`)."""
        before, cache = self.corpus, self.cache
        assert before is not None and cache is not None
        paths = list(self.paths) if self.paths else [seeds_dir()]
        corpus = load_corpus(
            paths, extract=False, progress=self._progress("Reading files"), cache=cache, lazy=True
        )
        rows, was = listing(corpus.articles), listing(before.articles)
        if list(rows) == list(was) and keys_of(corpus.articles) == keys_of(before.articles):
            before.skipped, before.notices = corpus.skipped, corpus.notices
            self.call_from_thread(self.notify, "Nothing changed in the folders", timeout=2)
            self.call_from_thread(self._read_done)
            return
        corpus.set_interim_index(before.index_to_share())  # searched until the new one is made
        said = what_changed(was, rows)
        self.call_from_thread(self._loaded, corpus, ArticleIndex(corpus.articles), said)

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


def _kept(cache: ArticleCache) -> KeptIndex:
    """The segments kept with the cache (imported here, after the first frame: numpy)."""
    from flagreader.kept_index import KeptIndex

    return KeptIndex(cache)


def _extract_first(corpus: Corpus, cache: ArticleCache) -> None:
    """Extract the article opened first, so that it is highlighted from the first screen on (a
    long one is shown at once, and highlighted when the extraction of all reaches it)."""
    first = corpus.articles[0] if corpus.articles else None
    if first is None or first.extracted or len(first.body) > _FIRST_EXTRACTED_BYTES:
        return
    from flagreader.extract_process import extract_one  # only when there is one to extract

    store_results(corpus, [(0, extract_one(first))], saver(corpus, cache))


def what_changed(before: Sequence[Listed], after: Sequence[Listed]) -> str:
    """What reading the folders again found, in words ("2 new articles, 1 changed, 1 gone")."""
    old = {row.source: row for row in before}
    new = {row.source: row for row in after}
    added = len(new.keys() - old.keys())
    gone = len(old.keys() - new.keys())
    changed = sum(1 for source in new.keys() & old.keys() if new[source] != old[source])
    parts = [counted(added, "new article"), f"{changed:,} changed", f"{gone:,} gone"]
    said = ", ".join(part for part, count in zip(parts, (added, changed, gone), strict=True) if count)
    return f"The folders changed: {said}" if said else "The folders were read again"
