"""Answering from the article cache without loading the articles: the headless search on a
folder opened before reads the stored index and only the few articles it looks at closely.

`open_indexed` walks the paths as loading does and checks every file against the cache (size
and modification time, today's parser and extractor). When all are as stored and the index
of exactly those articles is stored too, it returns the index over articles read from the
cache one at a time as the search asks for them; otherwise None, and the caller loads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from flagreader.article_cache import ArticleCache, index_key
from flagreader.loading import LoadError, load_file, walk
from flagreader.model import Article, Notice, Skipped
from flagreader.search.index import SearchIndex


class CachedArticles(Sequence[Article]):
    """The articles of files, read from the cache when first asked for (from the file itself
    if the cache no longer holds it)."""

    def __init__(self, cache: ArticleCache, files: list[Path]) -> None:
        self._cache = cache
        self._files = files
        self._read: dict[int, Article] = {}

    def __len__(self) -> int:
        return len(self._files)

    @overload
    def __getitem__(self, position: int) -> Article: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[Article]: ...
    def __getitem__(self, position: int | slice) -> Article | Sequence[Article]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if position not in self._read:
            self._read[position] = self._fetch(self._files[position])
        return self._read[position]

    def _fetch(self, path: Path) -> Article:
        article = self._cache.article(os.path.abspath(path), str(path))
        if article is not None:
            return article
        from flagreader.extract_process import extract_one  # only when the cache lost the row

        try:
            loaded, _ = load_file(path)
        except LoadError as error:  # gone since the walk: shown as an empty article naming why
            return Article("0" * 16, str(path), path.name, None, None, None, f"({error})", (), extracted=True)
        result = extract_one(loaded)
        return loaded if isinstance(result, str) else result


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
    files: list[Path] = []
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
        files.append(path)
        ids.append(entry.article_id)
        notices.extend(Notice(str(path), message) for message in (entry.note, entry.failure) if message)
    data = cache.load_index(index_key(ids))
    if data is None:
        return None
    try:
        index = SearchIndex.from_bytes(data, CachedArticles(cache, files))
    except ValueError:
        return None
    return Indexed(index, skipped, notices)
