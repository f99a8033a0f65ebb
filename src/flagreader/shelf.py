"""The articles of a corpus kept in the article cache, read when asked for.

A `Shelf` is a sequence of articles like a list, but holds in memory only what the article
list and the reading state need of each (`Listed`: id, file, title, byline, counts), plus the
articles not yet safe in the cache (just parsed, or extracted and not yet written) and the few
read most recently. So a folder of 100,000 articles opened a second time costs a row per
article, not its body and everything extraction found; an article is read from the cache when
it is opened, searched closely or counted in a view.

Code that only needs the listing asks `listing(articles)`, which works on a shelf without
reading a body and on a plain list of articles alike.
"""

from __future__ import annotations

import os
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, overload

from flagreader.model import Article
from flagreader.search.keys import index_key

if TYPE_CHECKING:
    from flagreader.article_cache import ArticleCache

RECENT = 4096
"""Articles read from the cache kept in memory (those just shown, searched or counted): a folder
of a few thousand articles ends up wholly in memory, as fast as a list once read; a larger one
keeps the ones used last."""


class Known(Protocol):
    """Anything that names an article: an `Article` or its `Listed` row."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...


class Listed(NamedTuple):
    """What the article list and the reading state need of an article, without its body.

    Attributes:
        id: The article's id.
        source: Its file.
        title: Its title.
        author: Its byline, if any.
        blog: Its blog or site, if any.
        extracted: Whether extraction has run on it (its counts are then known, unless it
            failed).
        counts: How many officials, figures and quotes were found, when known.
    """

    id: str
    source: str
    title: str
    author: str | None
    blog: str | None
    extracted: bool
    counts: tuple[int, int, int] | None

    @classmethod
    def of(cls, article: Article) -> Listed:
        counts = (len(article.officials), len(article.figures), len(article.quotes))
        return cls(
            article.id,
            article.source,
            article.title,
            article.author,
            article.blog,
            article.extracted,
            counts if article.extracted else None,
        )


class Rows(MutableSequence[Listed]):
    """Rows kept as columns, each made a `Listed` when asked for: a folder of 100,000 files
    listed from the cache's record of it makes none of them for a command that reads a few.
    A row set (extraction filled an article in) or added is kept as it is.

    Attributes:
        ids: Each row's article id (and `sources`, `titles`, `authors`, `blogs` alike).
        extracted: Whether each row's article was extracted (a byte per row).
        counts: Each row's three counts, one after another (-1 where they are not known).
    """

    def __init__(
        self,
        ids: list[str],
        sources: list[str],
        titles: list[str],
        authors: list[str | None],
        blogs: list[str | None],
        extracted: bytes,
        counts: Sequence[int],
    ) -> None:
        self.ids, self.sources, self.titles, self.authors, self.blogs = ids, sources, titles, authors, blogs
        self.extracted, self.counts = extracted, counts
        self._set: dict[int, Listed] = {}
        self._added: list[Listed] = []

    def __len__(self) -> int:
        return len(self.ids) + len(self._added)

    def _at(self, position: int) -> int:
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return position

    @overload
    def __getitem__(self, position: int) -> Listed: ...
    @overload
    def __getitem__(self, position: slice) -> list[Listed]: ...
    def __getitem__(self, position: int | slice) -> Listed | list[Listed]:
        if isinstance(position, slice):
            return [self[at] for at in range(*position.indices(len(self)))]
        at = self._at(position)
        if at >= len(self.ids):
            return self._added[at - len(self.ids)]
        row = self._set.get(at)
        if row is not None:
            return row
        first = self.counts[3 * at]
        counts = None if first < 0 else (first, self.counts[3 * at + 1], self.counts[3 * at + 2])
        extracted = bool(self.extracted[at])
        return Listed(
            self.ids[at],
            self.sources[at],
            self.titles[at],
            self.authors[at],
            self.blogs[at],
            extracted,
            counts,
        )

    @overload
    def __setitem__(self, position: int, row: Listed) -> None: ...
    @overload
    def __setitem__(self, position: slice, row: Iterable[Listed]) -> None: ...
    def __setitem__(self, position: int | slice, row: Listed | Iterable[Listed]) -> None:
        if isinstance(position, slice) or not isinstance(row, Listed):
            raise TypeError("rows are set one at a time")
        at = self._at(position)
        if at >= len(self.ids):
            self._added[at - len(self.ids)] = row
        else:
            self._set[at] = row

    def __delitem__(self, position: int | slice) -> None:
        raise TypeError("a shelf lays its rows out again rather than delete one")

    def insert(self, position: int, row: Listed) -> None:
        if position != len(self):
            raise TypeError("rows are added at the end")
        self._added.append(row)

    def folded(self) -> Rows:
        """The same rows as columns alone: the rows set and added written into copies of the
        columns (in C, but for those few)."""
        if not self._set and not self._added:
            return self
        ids, sources, titles = list(self.ids), list(self.sources), list(self.titles)
        authors, blogs = list(self.authors), list(self.blogs)
        extracted, counts = bytearray(self.extracted), array("i", self.counts)
        for row in self._added:
            ids.append(row.id)
            sources.append(row.source)
            titles.append(row.title)
            authors.append(row.author)
            blogs.append(row.blog)
            extracted.append(row.extracted)
            counts.extend(row.counts if row.counts is not None else (-1, -1, -1))
        for at, row in self._set.items():
            ids[at], sources[at], titles[at], authors[at], blogs[at] = (
                row.id,
                row.source,
                row.title,
                row.author,
                row.blog,
            )
            extracted[at] = row.extracted
            counts[3 * at : 3 * at + 3] = array("i", row.counts if row.counts is not None else (-1, -1, -1))
        return Rows(ids, sources, titles, authors, blogs, bytes(extracted), counts)

    def not_extracted(self, stale: set[str]) -> list[int]:
        """Where the rows whose articles are not extracted (or stale) are, from the columns."""
        found = [at for at, done in enumerate(self.extracted) if not done and at not in self._set]
        found += [at for at, row in self._set.items() if not row.extracted]
        found += [len(self.ids) + at for at, row in enumerate(self._added) if not row.extracted]
        if stale:
            found += [at for at, article in enumerate(self.ids) if article in stale and at not in self._set]
            found += [at for at, row in self._set.items() if row.id in stale]
        return sorted(set(found))


class Shelf(MutableSequence[Article]):
    """A corpus's articles: listed in memory, read from the cache when asked for."""

    def __init__(self, cache: ArticleCache) -> None:
        self._cache = cache
        self._listed: MutableSequence[Listed] = []
        self._keys: list[bytes | None] = []
        """Each article's index key, when known without reading it (see `keys`)."""
        self._held: dict[int, Article] = {}
        """Articles the cache cannot give back (yet): parsed or extracted in this run."""
        self._recent: OrderedDict[int, Article] = OrderedDict()
        self._positions: dict[str, int] = {}
        self._by_source: dict[str, int] = {}
        self._lock = threading.Lock()  # the reader's thread and the extraction thread both read
        self.version = 0
        """Bumped whenever an article is added or replaced (an index of an older version is
        out of date)."""
        self.replaced: set[int] | None = set()
        """Where articles were replaced since the shelf was laid out (extraction filled them
        in); None once positions moved (an insertion or a deletion)."""

    @classmethod
    def of_rows(
        cls,
        cache: ArticleCache,
        rows: Iterable[Listed],
        keys: Iterable[bytes | None] = (),
        held: dict[int, Article] | None = None,
    ) -> Shelf:
        """A shelf of the articles of these rows (with their index keys, when known), every one
        read from `cache` when asked for but those `held` (by position: parsed now, the cache
        may not give them back). Laid out at once, not row by row (100,000 rows of an unchanged
        folder, at every launch and command)."""
        shelf = cls(cache)
        shelf._held = dict(held or {})
        shelf._listed = rows if isinstance(rows, Rows) else list(rows)
        given = list(keys)
        shelf._keys = given + [None] * (len(shelf._listed) - len(given))
        count = len(shelf._listed)
        ids = rows.ids if isinstance(rows, Rows) else [row.id for row in shelf._listed]
        sources = rows.sources if isinstance(rows, Rows) else [row.source for row in shelf._listed]
        # The first place of an id or a file, as `add` keeps it: the dict of the reversed rows.
        shelf._positions = dict(zip(reversed(ids), range(count - 1, -1, -1), strict=True))
        shelf._by_source = dict(zip(reversed(sources), range(count - 1, -1, -1), strict=True))
        shelf.version = count
        return shelf

    @property
    def listed(self) -> Sequence[Listed]:
        """Every article's row, in order."""
        return self._listed

    def add(self, listed: Listed, article: Article | None = None, key: bytes | None = None) -> None:
        """Add an article at the end: its row, and the article itself when the cache does not
        hold it as it is; its index `key` when known (else it is made from the article)."""
        position = len(self._listed)
        self._listed.append(listed)
        self._keys.append(key if key is not None or article is None else index_key(article))
        self._positions.setdefault(listed.id, position)
        self._by_source.setdefault(listed.source, position)
        if article is not None:
            self._held[position] = article
        self.version += 1

    def position(self, article_id: str) -> int | None:
        """Where the article with this id is, or None."""
        return self._positions.get(article_id)

    def __len__(self) -> int:
        return len(self._listed)

    @overload
    def __getitem__(self, position: int) -> Article: ...
    @overload
    def __getitem__(self, position: slice) -> MutableSequence[Article]: ...
    def __getitem__(self, position: int | slice) -> Article | MutableSequence[Article]:
        if isinstance(position, slice):
            return [self[index] for index in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self._listed)
        if not 0 <= position < len(self._listed):
            raise IndexError(position)
        with self._lock:
            held = self._held.get(position)
            if held is not None:
                return held
            recent = self._recent.get(position)
            if recent is not None:
                self._recent.move_to_end(position)
                return recent
        article = self._fetch(self._listed[position])  # not under the lock: it reads a file
        with self._lock:
            if position not in self._held:
                self._keep(position, article)
        return article

    def _keep(self, position: int, article: Article) -> None:
        self._recent[position] = article
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)

    def in_memory(self, position: int) -> Article | None:
        """The article at `position` if it is in memory (held or read lately), without reading
        the cache."""
        with self._lock:
            return self._held.get(position) or self._recent.get(position)

    @property
    def cache_path(self) -> Path | None:
        """The article cache file the articles are read from, when it is kept on disk."""
        return self._cache.path if self._cache.writable else None

    def __iter__(self) -> Iterator[Article]:
        for position in range(len(self._listed)):
            yield self[position]

    @overload
    def __setitem__(self, position: int, article: Article) -> None: ...
    @overload
    def __setitem__(self, position: slice, article: Iterable[Article]) -> None: ...
    def __setitem__(self, position: int | slice, article: Article | Iterable[Article]) -> None:
        """Put a newer copy of an article in its place (extraction filled it in); it is held
        until `release` says the cache has it."""
        if isinstance(position, slice) or not isinstance(article, Article):
            raise TypeError("a shelf's articles are replaced one at a time")
        if position < 0:
            position += len(self._listed)
        with self._lock:
            self._listed[position] = Listed.of(article)
            self._keys[position] = index_key(article)
            if self.replaced is not None:
                self.replaced.add(position)
            self._held[position] = article
            self._recent.pop(position, None)
            if self._positions.get(article.id) is None:
                self._positions[article.id] = position
            self.version += 1

    @overload
    def __delitem__(self, position: int) -> None: ...
    @overload
    def __delitem__(self, position: slice) -> None: ...
    def __delitem__(self, position: int | slice) -> None:
        rows = self._rows()
        del rows[position]
        self._rebuild(rows)

    def insert(self, position: int, article: Article) -> None:
        rows = self._rows()
        rows.insert(position, (Listed.of(article), article, index_key(article)))
        self._rebuild(rows)

    def _rows(self) -> list[tuple[Listed, Article | None, bytes | None]]:
        held = (self._held.get(i) for i in range(len(self._listed)))
        return list(zip(self._listed, held, self._keys, strict=True))

    def _rebuild(self, rows: list[tuple[Listed, Article | None, bytes | None]]) -> None:
        """Lay the shelf out again after an insertion or a deletion (positions moved)."""
        self._listed, self._keys, self._held, self._recent = [], [], {}, OrderedDict()
        self._positions, self._by_source = {}, {}
        for listed, article, key in rows:
            self.add(listed, article, key)
        self.replaced = None

    def release(self, sources: Iterable[str]) -> None:
        """The cache now holds these files' articles as they are here: read them from it."""
        with self._lock:
            for source in sources:
                position = self._by_source.get(source, -1)
                article = self._held.pop(position, None)
                if article is not None:
                    self._keep(position, article)

    def held(self) -> int:
        """How many articles are in memory because the cache does not hold them."""
        return len(self._held)

    def keys(self) -> list[bytes]:
        """Each article's index key: from its row where known, else from the article (read from
        the cache if need be, and kept)."""
        for position, key in enumerate(self._keys):
            if key is None:
                self._keys[position] = index_key(self[position])
        return self._keys  # type: ignore[return-value]

    def _fetch(self, listed: Listed) -> Article:
        """The article from the cache; from its file again if the cache lost it (another
        process rewrote it, or it was deleted)."""
        article = self._cache.article(os.path.abspath(listed.source), listed.source)
        if article is not None and article.id == listed.id:
            return article
        from flagreader.extract_process import extract_one
        from flagreader.loading import LoadError, load_file

        try:
            loaded, _ = load_file(Path(listed.source))
        except LoadError as error:
            return _gone(listed, str(error))
        if loaded.id != listed.id:
            return _gone(listed, "the file was changed after the folder was read; open the folder again")
        result = extract_one(loaded)
        return loaded if isinstance(result, str) else result


def _gone(listed: Listed, reason: str) -> Article:
    """The article of a row whose file can no longer be read: its title, and why."""
    body = f"This article can no longer be read from {listed.source}: {reason}."
    from flagreader.model import Paragraph

    return Article(
        id=listed.id,
        source=listed.source,
        title=listed.title,
        author=listed.author,
        blog=listed.blog,
        caption=None,
        body=body,
        paragraphs=(Paragraph(0, len(body)),),
        extracted=True,
    )


class ShelfView(Sequence[Article]):
    """Some of a shelf's articles (those naming an official, the unread ones), in its order."""

    def __init__(self, shelf: Shelf, positions: list[int]) -> None:
        self._shelf = shelf
        self._positions = positions
        rows = shelf.listed
        self._listed = [rows[position] for position in positions]
        self._at = {row.id: index for index, row in enumerate(self._listed)}

    @property
    def listed(self) -> Sequence[Listed]:
        return self._listed

    def position(self, article_id: str) -> int | None:
        return self._at.get(article_id)

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        if isinstance(index, slice):
            return [self._shelf[position] for position in self._positions[index]]
        return self._shelf[self._positions[index]]


def keys_of(articles: Sequence[Article]) -> list[bytes]:
    """Each article's index key (see `search.parts.index_key`): a shelf's from its rows, without
    reading the articles it holds in the cache."""
    if isinstance(articles, Shelf):
        return articles.keys()
    return [index_key(article) for article in articles]


def columns_of(rows: Sequence[Listed]) -> tuple[list[str], list[str]]:
    """The ids and the sources of rows, in order (from the columns, when they are: no row made)."""
    if isinstance(rows, Rows):
        ids, sources = list(rows.ids), list(rows.sources)
        for at, row in rows._set.items():
            ids[at], sources[at] = row.id, row.source
        for row in rows._added:
            ids.append(row.id)
            sources.append(row.source)
        return ids, sources
    return [row.id for row in rows], [row.source for row in rows]


def not_extracted(articles: Sequence[Article], stale: set[str]) -> list[int]:
    """Positions of the articles not extracted yet, or extracted by an older extractor (told
    from their rows: no article is read, nor a row made, for it)."""
    rows = articles.listed if isinstance(articles, Shelf) else None
    if isinstance(rows, Rows):
        return rows.not_extracted(stale)
    return [at for at, row in enumerate(listing(articles)) if not row.extracted or row.id in stale]


def listing(articles: Sequence[Article]) -> Sequence[Listed]:
    """The rows of `articles`, without reading any body from the cache."""
    if isinstance(articles, Shelf | ShelfView):
        return articles.listed
    return [Listed.of(article) for article in articles]


def position_of(articles: Sequence[Article], article_id: str) -> int | None:
    """Where the article with this id is in `articles`, or None."""
    if isinstance(articles, Shelf | ShelfView):
        return articles.position(article_id)
    return next((index for index, article in enumerate(articles) if article.id == article_id), None)


def select(articles: Sequence[Article], keep: Callable[[Listed], bool]) -> Sequence[Article]:
    """The articles whose rows `keep` says to keep, in order, without reading any body."""
    if isinstance(articles, Shelf):
        return ShelfView(articles, [index for index, row in enumerate(articles.listed) if keep(row)])
    if isinstance(articles, ShelfView):
        kept = [index for index, row in enumerate(articles.listed) if keep(row)]
        return ShelfView(articles._shelf, [articles._positions[index] for index in kept])
    return [article for article in articles if keep(Listed.of(article))]
