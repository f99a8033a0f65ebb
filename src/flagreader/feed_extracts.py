"""What extraction found in feed entries, kept between runs so that each entry is extracted
once: an article cache of the feeds' own (`article-cache/feeds-…` in the data folder, see
`article_cache`), a row per entry as it reads. A row's key is a hash of everything extraction
could read in the article (its text, its paragraphs and their kinds, its caption, its date,
which gives the year to dates without one, its source and byline), so an entry that changes
in any of that is extracted again; and every entry is when the extractor changes (the rows
carry its fingerprint). It is a cache: deleting it loses nothing but time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from flagreader.article_cache import ArticleCache
from flagreader.cache_format import with_found
from flagreader.model import Article, Corpus
from flagreader.store import default_data_dir

KEY_PREFIX = "feed-entry:"
"""A feed entry's row in the cache: the prefix, then the hash of what extraction reads."""

CACHE_NAME = "feeds.sqlite3#entries"
"""What the cache file is named after (in the data folder): no file of that name is ever
opened, so no folder a user opens shares its cache."""


def open_kept(data_dir: str | os.PathLike[str] | None) -> ArticleCache:
    """The cache of the feeds of a data folder (a damaged one is moved aside: see `problem`)."""
    folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    return ArticleCache.open(folder, [folder / CACHE_NAME])


def extract_once(cache: ArticleCache, corpus: Corpus, extract: Callable[[Corpus], object]) -> list[Article]:
    """Put in `corpus`'s articles what `cache` keeps of them, and `extract(corpus)` the others;
    return the articles extracted now, for the caller to `keep` (once it may wait for the
    cache: another process may be writing it)."""
    corpus.articles = [_with_kept(cache, article) for article in corpus.articles]
    fresh = {article.id for article in corpus.articles if not article.extracted}
    if fresh:
        extract(corpus)
    return [article for article in corpus.articles if article.id in fresh]


def _with_kept(cache: ArticleCache, article: Article) -> Article:
    found = None if article.extracted else cache.found(_key(article))
    return article if found is None else with_found(article, found)


def forget_others(cache: ArticleCache, articles: Sequence[Article]) -> None:
    """Drop the rows of entries that are not among `articles` (all the feeds' entries)."""
    cache.forget(set(cache.entries()) - {_key(article) for article in articles})


def keep(cache: ArticleCache, articles: Sequence[Article]) -> None:
    """Keep what extraction found in `articles` (those extracted) for the next runs."""
    cache.put_found([(_key(article), article) for article in articles if article.extracted])


def _key(article: Article) -> str:
    read = (
        article.title,
        article.body,
        article.paragraphs,
        article.caption,
        article.published,
        article.source,
        article.author,
        article.blog,
        article.blog_description,
        article.format,
    )
    digest = hashlib.blake2b(repr(read).encode("utf-8", "surrogatepass"), digest_size=16)
    return KEY_PREFIX + digest.hexdigest()
