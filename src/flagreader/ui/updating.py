"""`R`: update the feeds from the reader, in the background, with the progress in the header.
New entries join the list as they arrive, a batch at a time: those that came whole with their
feed as soon as it is updated, those with only a summary once their page is fetched. Each batch
is extracted in the worker processes first (in this thread the extraction would hold the
interpreter lock while keys wait)."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from flagreader.feeds import FEED_WORKERS, WORKERS, UpdateOutcome
from flagreader.model import Article, Corpus
from flagreader.textsafe import terminal_safe_line

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from flagreader.article_cache import ArticleCache
    from flagreader.ui.app import FlagreaderApp

BATCH_SECONDS = 1.0
"""How often new entries join the list while the update runs."""


def update_feeds(app: FlagreaderApp) -> None:
    """Update every feed in a thread."""
    app.run_worker(
        lambda: _update(app), thread=True, exclusive=True, group="feeds", description="updating the feeds"
    )


class _Arrivals:
    """The entries not listed yet, handed to the reader a batch at a time, extracted in
    `pool`'s worker processes."""

    def __init__(self, app: FlagreaderApp, pool: ProcessPoolExecutor | None, kept: ArticleCache) -> None:
        self._app = app
        self._pool = pool
        self._kept = kept
        self._worker = get_current_worker()
        shown = app.corpus.articles if app.corpus is not None else []
        self._known = {article.id for article in shown}
        self._waiting: list[Article] = []
        self._handed = time.monotonic()
        self.new = 0

    def add(self, articles: list[Article]) -> None:
        """Keep `articles` (those not listed yet) for the next batch; hand it over when it is due."""
        for article in articles:
            if article.id not in self._known:
                self._known.add(article.id)
                self._waiting.append(article)
        if time.monotonic() - self._handed >= BATCH_SECONDS:
            self.hand_over()

    def hand_over(self) -> None:
        from flagreader.extract_process import extract_corpus_in_process
        from flagreader.feed_extracts import extract_once, keep

        def extract(batch: Corpus) -> None:
            extract_corpus_in_process(batch, stopped=lambda: self._worker.is_cancelled, pool=self._pool)

        if self._waiting and not self._worker.is_cancelled:
            batch = Corpus(articles=self._waiting)
            self._waiting = []
            fresh = extract_once(self._kept, batch, extract)  # what another run kept is not extracted
            if not self._worker.is_cancelled:
                self.new += len(batch.articles)
                self._app.call_from_thread(self._app.feed_entries_arrived, list(batch.articles))
            keep(self._kept, fresh)  # once listed: not extracted again at the next launch
        self._handed = time.monotonic()


def _update(app: FlagreaderApp) -> None:
    from flagreader.extract_process import start_pool
    from flagreader.feed_extracts import open_kept

    pool = start_pool()  # one pool of worker processes for the whole update, for entries and pages
    kept = open_kept(app.data_dir)  # what extraction finds, kept for the next launches
    problem = kept.problem
    try:
        _update_with(app, pool, kept)
    finally:
        kept.close()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    for said in dict.fromkeys(filter(None, (problem, kept.problem))):  # it costs time only
        if not get_current_worker().is_cancelled:
            shown = terminal_safe_line(said)
            app.call_from_thread(app.notify, shown, severity="warning", timeout=8, markup=False)


def _update_with(app: FlagreaderApp, pool: ProcessPoolExecutor | None, kept: ArticleCache) -> None:
    from flagreader.feeds import FeedProblem, Subscriptions

    worker = get_current_worker()
    arrivals = _Arrivals(app, pool, kept)
    outcomes: list[UpdateOutcome] = []
    with Subscriptions.open(app.data_dir) as subscriptions:  # its own connection, in this thread
        progress = app._progress("Updating feeds")
        total = subscriptions.count()
        try:
            with contextlib.closing(subscriptions.updates(FEED_WORKERS)) as updates:
                for outcome in updates:
                    outcomes.append(outcome)
                    progress(len(outcomes), total)
                    if worker.is_cancelled:
                        return
                    if outcome.new:
                        arrivals.add(subscriptions.articles(outcome.url, whole=True)[0])
        except FeedProblem as problem:
            arrivals.hand_over()  # what came before it failed
            app.call_from_thread(app.feeds_update_failed, str(problem))
            return
        arrivals.hand_over()
        pages = app._progress("Fetching the pages of summaries")
        subscriptions.fetch_full_texts(
            WORKERS, pages, arrivals.add, stopped=lambda: worker.is_cancelled, pool=pool
        )
    arrivals.hand_over()
    if not worker.is_cancelled:
        app.call_from_thread(app.feeds_updated, outcomes, arrivals.new)
