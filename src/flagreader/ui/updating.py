"""`R`: update the feeds from the reader, in the background, with the progress in the header;
the new entries are extracted in that thread and join the list when they are ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from flagreader.model import Corpus

if TYPE_CHECKING:
    from flagreader.ui.app import FlagreaderApp

WORKERS = 4
"""Feeds (and hosts, for the pages of summaries) fetched at once from the reader."""


def update_feeds(app: FlagreaderApp) -> None:
    """Update every feed in a thread (a second R while one runs starts it over)."""
    app.run_worker(
        lambda: _update(app), thread=True, exclusive=True, group="feeds", description="updating the feeds"
    )


def _update(app: FlagreaderApp) -> None:
    from flagreader.extract_process import extract_corpus_in_process
    from flagreader.feeds import Subscriptions

    worker = get_current_worker()
    with Subscriptions.open(app.data_dir) as subscriptions:  # its own connection, in this thread
        outcomes = subscriptions.update(WORKERS, app._progress("Updating feeds"))
        if worker.is_cancelled:
            return
        subscriptions.fetch_full_texts(WORKERS, app._progress("Fetching the pages of summaries"))
        articles, _ = subscriptions.articles()
    shown = app.corpus.articles if app.corpus is not None else []
    known = {article.id: article for article in shown}
    fresh = Corpus(articles=[article for article in articles if article.id not in known])
    if fresh.articles and not worker.is_cancelled:
        # In the worker processes, as a folder's articles are: in this thread the extraction
        # would hold the interpreter lock while keys wait.
        progress = app._progress("Finding officials, figures and quotes")
        extract_corpus_in_process(fresh, progress, stopped=lambda: worker.is_cancelled)
    found = {article.id: article for article in fresh.articles}
    merged = Corpus(articles=[known.get(article.id) or found[article.id] for article in articles])
    if not worker.is_cancelled:
        app.call_from_thread(app.feeds_updated, merged, outcomes, len(fresh.articles))
