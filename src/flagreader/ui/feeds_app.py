"""The reader's part that shows a new corpus in place of the one shown, and the keys of feeds:
`R` updates them, with new entries joining the list as they arrive; `o` opens an article's
web page or file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from flagreader.feeds import UpdateOutcome, newest_first, said_of_update
from flagreader.model import Article, Corpus
from flagreader.reading import ArticleIndex
from flagreader.shelf import keys_of, position_of
from flagreader.ui.opening import open_original
from flagreader.ui.searching_app import SearchingApp
from flagreader.ui.widgets import ArticleList, ReaderPane

if TYPE_CHECKING:
    from flagreader.ui.app import FlagreaderApp


class FeedsApp(SearchingApp):
    feeds: bool = False
    """Whether the reader was opened on the subscribed feeds (`flagreader --feeds`)."""

    def _replace_corpus(self, corpus: Corpus, index: ArticleIndex | None) -> None:
        """Show `corpus` in place of the one shown early, keeping the article being read when it
        is still there (else showing the first), and the search typed."""
        self.corpus = corpus
        assert self.state is not None
        self.state.reload(corpus.articles, index)
        reader = self.query_one(ReaderPane)
        shown = reader.article
        position = position_of(corpus.articles, shown.id) if shown is not None else None
        current = corpus.articles[position] if position is not None else None
        if current is None and corpus.articles:
            current = corpus.articles[0]
            reader.show(current)
        query = self.query_one("#search", Input).value
        if query.strip():  # the hits stay listed until those of the new corpus replace them
            self.run_search(query)
        else:
            self.query_one(ArticleList).show_articles(self._listing(), current)
        self.sub_title = self._counted()

    def action_update_feeds(self) -> None:
        """Update the feeds in the background (when the reader was opened on them)."""
        from flagreader.ui.updating import update_feeds

        if not self.feeds:
            self.notify("R updates feeds: open them with flagreader --feeds", timeout=4, markup=False)
            return
        if any(worker.group == "feeds" and not worker.is_finished for worker in self.workers):
            self.notify("The feeds are being updated already", timeout=3, markup=False)
            return
        app: FlagreaderApp = self  # type: ignore[assignment]
        update_feeds(app)

    def feed_entries_arrived(self, articles: list[Article]) -> None:
        """New entries arrived while the feeds update, extracted: list them in their places,
        newest first, keeping the article being read and the search typed."""
        before = self.corpus
        assert before is not None
        merged = newest_first([*articles, *before.articles])
        corpus = Corpus(merged, before.skipped, before.notices, before.stale)
        # A search typed meanwhile goes on with the index it has, whose hits are the articles
        # listed before: an index of every article made anew at each batch held the
        # interpreter lock while keys waited. The update's end makes it once (`feeds_updated`).
        corpus.set_interim_index(before.index_to_share())
        self._replace_corpus(corpus, None)

    def feeds_updated(self, outcomes: list[UpdateOutcome], new: int) -> None:
        """The update is over: say what it did, and search what is typed among the new entries too."""
        self.sub_title = self._counted()
        self.notify(said_of_update(outcomes, new), timeout=5, markup=False)
        self._search_every_entry()

    def feeds_update_failed(self, problem: str) -> None:
        """The update stopped before its end (the feeds' database failed): say why."""
        self.sub_title = self._counted()
        self.notify(problem, severity="error", timeout=8, markup=False)
        self._search_every_entry()

    def _search_every_entry(self) -> None:
        """After an update, searches find the entries that came during it too: an index of
        every article is made once, in a thread (the interim one serves until it is made),
        and the search typed is made again with it."""
        corpus = self.corpus
        if corpus is None or not corpus.searches_an_interim_index():
            return

        data_dir = getattr(self, "data_dir", None)

        def index_every_entry() -> None:
            # The segments kept in the feeds' cache, and one more of the entries that came:
            # kept for the next launch too.
            from flagreader.feed_extracts import open_kept
            from flagreader.kept_index import KeptIndex

            cache = open_kept(data_dir)
            try:
                corpus.use_index(KeptIndex(cache).index(corpus.articles, keys_of(corpus.articles)))
            finally:
                cache.close()
            self.call_from_thread(self._search_again, corpus)

        self.run_worker(index_every_entry, thread=True, group="feeds-index", description="indexing the feeds")

    def _search_again(self, corpus: Corpus) -> None:
        query = self.query_one("#search", Input).value
        if corpus is self.corpus and query.strip():
            self.run_search(query)

    def action_open_original(self) -> None:
        """Open the article read in the browser: a feed entry's page, or its file."""
        article = self.query_one(ReaderPane).article
        if article is not None:
            open_original(self, article)
