"""Answering from the article cache without loading the articles: the headless search on a
folder opened before reads the stored index and only the few articles it looks at closely.

`open_indexed` walks the paths as loading does and checks every file against the cache (size
and modification time, today's parser and extractor). When all are as stored and the index
of exactly those articles is stored too, it returns the index over a `Shelf` of them, which
reads from the cache only the articles the search looks at closely; otherwise None, and the
caller loads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from flagreader.article_cache import ArticleCache, index_key
from flagreader.loading import walk
from flagreader.model import Notice, Skipped
from flagreader.search.index import SearchIndex
from flagreader.shelf import Listed, Shelf


@dataclass
class Indexed:
    """What `open_indexed` found: the stored index, and the problems a load would report."""

    index: SearchIndex
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def open_indexed(
    paths: Iterable[str | os.PathLike[str]], cache: ArticleCache, max_bytes: int
) -> Indexed | None:
    """The stored search index of `paths`, when the cache holds every file as it is now."""
    found = walk(paths)
    entries = cache.entries()
    skipped, notices = list(found.skipped), list[Notice]()
    shelf = Shelf(cache)
    ids: list[str] = []
    loaded: dict[str, str] = {}
    for path in found.files:
        entry = entries.get(os.path.abspath(path))
        size, mtime_ns = found.stats[path]
        if entry is None or not entry.unchanged(size, mtime_ns) or size > max_bytes:
            return None
        if entry.article_id is None:
            skipped.append(Skipped(str(path), entry.reason or "not an article"))
            continue
        if entry.article_id in loaded:
            skipped.append(Skipped(str(path), f"duplicate of {loaded[entry.article_id]} (same text)"))
            continue
        if not entry.extracted:
            return None
        loaded[entry.article_id] = str(path)
        if entry.title is None:
            return None
        counts = entry.counts
        shelf.add(Listed(entry.article_id, str(path), entry.title, entry.author, entry.blog, True, counts))
        ids.append(entry.article_id)
        notices.extend(Notice(str(path), message) for message in (entry.note, entry.failure) if message)
    index = cache.load_index(index_key(ids), shelf)
    return None if index is None else Indexed(index, skipped, notices)
