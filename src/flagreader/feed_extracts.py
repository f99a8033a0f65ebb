"""What extraction found in feed entries, kept between runs so that each entry is extracted
once: an article cache of the feeds' own (`article-cache/feeds-….sqlite3` in the data folder,
see `article_cache`), one row per entry's text. A row is keyed by the article's id, a hash of
its title and text, so an entry whose text changes (its page fetched, say) is extracted again,
and every entry is when the extractor changes (the rows carry its fingerprint). It is a
cache: deleting it loses nothing but time."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from flagreader.article_cache import ArticleCache
from flagreader.cache_format import with_found
from flagreader.feeds import FEEDS_DATABASE
from flagreader.model import Article
from flagreader.store import default_data_dir

KEY_PREFIX = "feed-entry:"
"""Where a feed entry's row is in the cache: the prefix, then its article's id."""


def open_kept(data_dir: str | os.PathLike[str] | None) -> ArticleCache:
    """The cache of the feeds of a data folder (a damaged one is moved aside: see `problem`)."""
    folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    return ArticleCache.open(folder, [folder / FEEDS_DATABASE])


def with_kept(cache: ArticleCache, articles: Sequence[Article]) -> list[Article]:
    """`articles`, each with what extraction found in it put in where that is kept; the rows
    of entries no longer among them are dropped."""
    kept = []
    for article in articles:
        found = None if article.extracted else cache.found(_key(article))
        kept.append(article if found is None else with_found(article, found))
    cache.forget(set(cache.entries()) - {_key(article) for article in articles})
    return kept


def keep(cache: ArticleCache, articles: Sequence[Article]) -> None:
    """Keep what extraction found in `articles` (those extracted) for the next runs."""
    done = [article for article in articles if article.extracted]
    for article in done:
        cache.put_parsed(_key(article), len(article.body), 0, bytes.fromhex(article.id), article, None, None)
    cache.put_extracted([(_key(article), article) for article in done], keyed=True)


def _key(article: Article) -> str:
    return KEY_PREFIX + article.id
