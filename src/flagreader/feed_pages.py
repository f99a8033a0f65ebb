"""The pages of feed entries that carry only a summary: each fetched once, its main text
taken with trafilatura (in worker processes) and kept with the entry, in reader's tag
`PAGE_TAG`, so that the entry reads as a whole article offline."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flagreader.feed_fetching import TIMEOUT_SECONDS, polite
from flagreader.model import Article

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PAGE_TAG = "flagreader.page"
"""The entry tag that keeps its page's main text ({"text": ...}) or why it has none
({"error": ...})."""

FULL_SUMMARY_CHARACTERS = 1500
"""A summary at least this long is taken for the entry's whole text: its page is not fetched."""


def fetch_full_texts(
    reader: Any,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
    arrived: Callable[[list[Article]], None] | None = None,
    stopped: Callable[[], bool] = lambda: False,
    pool: ProcessPoolExecutor | None = None,
) -> tuple[int, int]:
    """Fetch, once, the page of every entry of `reader` that carries only a summary, `workers`
    hosts at once, and keep its main text with the entry (a failure is kept too: not fetched
    again); the main texts are taken in worker processes (`pool`'s, if given).
    `arrived(articles)` is given the articles of the entries of each page as it comes. When
    `stopped()` says so, the pages under way are the last. Return how many pages gave a text
    and how many failed."""
    from flagreader.fulltext import main_texts_elsewhere

    waiting = _waiting_for_pages(reader)
    if not waiting:
        return 0, 0
    with main_texts_elsewhere(pool) as text_of:
        return _fetch_pages(reader, waiting, workers, text_of, progress, arrived, stopped)


def _fetch_pages(
    reader: Any,
    waiting: dict[str, list[Any]],
    workers: int,
    text_of: Callable[[str], str | None],
    progress: Callable[[int, int], None] | None,
    arrived: Callable[[list[Article]], None] | None,
    stopped: Callable[[], bool],
) -> tuple[int, int]:
    from flagreader.fulltext import fetch_pages
    from reader import ResourceNotFoundError

    texts = failed = 0
    with contextlib.closing(fetch_pages(waiting, polite, TIMEOUT_SECONDS, workers, text_of)) as pages:
        for page in pages:
            if stopped():
                break
            kept = {"text": page.text} if page.text else {"error": page.error or "no text"}
            for entry in waiting[page.url]:
                with contextlib.suppress(ResourceNotFoundError):  # its feed was removed meanwhile
                    reader.set_tag(entry, PAGE_TAG, kept)
            texts, failed = (texts + 1, failed) if page.text else (texts, failed + 1)
            if arrived is not None:
                made = (entry_article_of(entry, page.text) for entry in waiting[page.url])
                arrived([article for article in made if article is not None])
            if progress is not None:
                progress(texts + failed, len(waiting))
    return texts, failed


def _waiting_for_pages(reader: Any) -> dict[str, list[Any]]:
    """The entries that need their page and whose page was not fetched, by link."""
    waiting: dict[str, list[Any]] = {}
    for entry in reader.get_entries(tags=[f"-{PAGE_TAG}"]):
        if needs_its_page(entry):
            waiting.setdefault(entry.link, []).append(entry)
    return waiting


def entry_article_of(entry: Any, page_text: str | None) -> Article | None:
    """The article of a feed entry (see `feed_articles.entry_article`: lxml is imported then)."""
    from flagreader.feed_articles import entry_article

    return entry_article(entry, page_text)


def needs_its_page(entry: Any) -> bool:
    """Whether an entry's text is to be its page's: it came with a summary only, and a link."""
    return not _carries_its_text(entry) and bool(entry.link)


def _carries_its_text(entry: Any) -> bool:
    """Whether an entry came with its whole text: content of its own, or a long summary."""
    return bool(entry.content) or len(entry.summary or "") >= FULL_SUMMARY_CHARACTERS
