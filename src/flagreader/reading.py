"""The reading state of one corpus: which articles are read and bookmarked, from the store.

Marks are found by the article's content id, which moving or renaming the folder does not
change. An article whose text was edited in place has a new id: its marks are still found when
the file and the title are the same as when it was marked. (One database serves every folder
opened, so a title alone, or a file name alone, would wrongly join articles of different
folders, or a file replaced by another article.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from flagreader.clippings import Clipping, clip_quote, now
from flagreader.history import Visit
from flagreader.model import Article
from flagreader.shelf import Known, Listed, columns_of, listing
from flagreader.store import Mark, Store, storable


def title_key(title: str) -> str:
    """A title folded for matching: case and runs of whitespace do not count."""
    return re.sub(r"\s+", " ", title).strip().casefold()


class ArticleIndex:
    """The articles by id and by place (file and title), to find what a mark or clipping
    names: built once per list of articles, not once per mark, from their rows (no article is
    read from the cache for it); a thread may build it for the reader's."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        self.rows = rows = listing(articles)
        ids, sources = columns_of(rows)
        self.by_id: dict[str, int] = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
        # By file first (as marks store it), the title compared only among the few at one file:
        # folding 100,000 titles took most of a second.
        self.by_source: dict[str, list[int]] = {}
        for position, source in enumerate(sources):
            self.by_source.setdefault(source if source.isascii() else storable(source), []).append(position)

    def article(self, article_id: str) -> Article | None:
        position = self.by_id.get(article_id)
        return None if position is None else self.articles[position]

    def listed(self, article_id: str) -> Listed | None:
        """What the list shows of the article with this id (no article is read for it)."""
        position = self.by_id.get(article_id)
        return None if position is None else self.rows[position]

    def _at_place(self, source: str, title: str) -> int | None:
        """The position of the one article at this place (the same file and title), if exactly
        one is."""
        wanted = title_key(title)
        found = [
            p for p in self.by_source.get(storable(source), ()) if title_key(self.rows[p].title) == wanted
        ]
        return found[0] if len(found) == 1 else None

    def edited(self, source: str, title: str) -> Article | None:
        """The one article at this place (the same file and title), if exactly one is."""
        position = self._at_place(source, title)
        return None if position is None else self.articles[position]

    def edited_id(self, source: str, title: str) -> str | None:
        """The id of the one article at this place, if exactly one is (its row is enough)."""
        position = self._at_place(source, title)
        return None if position is None else self.rows[position].id

    def match(self, marks: Iterable[Mark]) -> dict[str, Mark]:
        """Each article id that has a mark, with that mark (see the module doc)."""
        marks = list(marks)
        found = {mark.article_id: mark for mark in marks if mark.article_id in self.by_id}
        for mark in marks:
            if mark.article_id not in self.by_id:
                article_id = self.edited_id(mark.source, mark.title)
                if article_id is not None and article_id not in found:
                    found[article_id] = mark
        return found


def match_marks(marks: Iterable[Mark], articles: Sequence[Article]) -> dict[str, Mark]:
    """Each article id of `articles` that has a mark, with that mark (see the module doc)."""
    return ArticleIndex(articles).match(marks)


class ReadingState:
    """Read marks, bookmarks and clippings for the articles of one corpus, kept in `store`.

    Reads come from memory (loaded once, and again by `reload`); every change goes to the
    store at once, in its own transaction.
    """

    def __init__(
        self,
        store: Store,
        articles: Sequence[Article],
        index: ArticleIndex | None = None,
        opened: Sequence[str] = (),
    ) -> None:
        self.store = store
        self.opened = tuple(opened)
        """The files and folders the reader opened: a clipping names its file relative to them."""
        self.articles = articles
        self._marks: dict[str, dict[str, Mark]] = {}
        self._index = index if index is not None else ArticleIndex(articles)
        self.reload()

    def reload(self, articles: Sequence[Article] | None = None, index: ArticleIndex | None = None) -> None:
        """Read the marks again (another instance may have changed them), for other articles
        when given (with their `index`, if one was built already)."""
        if articles is not None:
            self.articles = articles
            self._index = index if index is not None else ArticleIndex(articles)
        self._marks = {kind: self._index.match(self.store.marks(kind)) for kind in ("read", "bookmark")}

    def article(self, article_id: str) -> Article | None:
        """The article of the corpus with this id (its copy as of the last `reload`)."""
        return self._index.article(article_id)

    def is_loaded(self, visit: Visit) -> bool:
        """Whether the article a place in it names is among those loaded (none is read)."""
        return visit.article_id in self._index.by_id

    def is_read(self, article: Known) -> bool:
        return article.id in self._marks["read"]

    def is_bookmarked(self, article: Known) -> bool:
        return article.id in self._marks["bookmark"]

    def set_mark(self, kind: str, articles: Sequence[Known], on: bool) -> None:
        """Mark (or unmark) articles "read" or "bookmark", in one transaction."""
        if on:
            todo = [
                a
                for a in articles
                if a.id not in self._marks[kind] or self._marks[kind][a.id].article_id != a.id
            ]
            self.store.mark(kind, [(a.id, a.title, a.source) for a in todo])
            created = now()  # what reload() would find, without reading every mark again
            for a in todo:
                self._marks[kind][a.id] = Mark(kind, a.id, storable(a.title), storable(a.source), created)
        else:
            ids = [a.id for a in articles] + [
                self._marks[kind][a.id].article_id for a in articles if a.id in self._marks[kind]
            ]
            self.store.unmark(kind, sorted(set(ids)))
            self.reload()  # another stored mark may match these articles too

    def unmark_stored(self, kind: str, mark: Mark) -> None:
        """Remove a mark as stored (its article need not be loaded)."""
        self.store.unmark(kind, [mark.article_id])
        self.reload()

    def toggle(self, kind: str, article: Known) -> bool:
        """Flip one mark; return whether it is now on."""
        on = article.id not in self._marks[kind]
        self.set_mark(kind, [article], on)
        return on

    def bookmarks(self) -> list[tuple[Mark, Listed | None]]:
        """Every bookmark with what the list shows of its article in this corpus (None when it
        is not loaded), newest first; no article is read for it (`article` reads one)."""
        matched = {mark.article_id: article_id for article_id, mark in self._marks["bookmark"].items()}
        marks = self.store.marks("bookmark")
        return [(mark, self._index.listed(matched.get(mark.article_id, ""))) for mark in reversed(marks)]

    def clip(self, article: Article, position: int) -> tuple[Clipping, bool] | None:
        """Save the quotation at `position` as a clipping, unless it is saved already; return
        the clipping and whether it is new, or None when there is no quotation there."""
        clipping = clip_quote(article, position, opened=self.opened)
        if clipping is None:
            return None
        saved = self.store.find_clipping(clipping)
        return (saved, False) if saved is not None else (self.store.add_clipping(clipping), True)

    def article_of(self, clipping: Clipping) -> tuple[Article, tuple[int, int] | None] | None:
        """The article a clipping came from, if loaded, and where its quote is now: the same
        article (by id) at the same place, or one edited in place (the same file and title)
        wherever the quote's words are found."""
        article = self.article(clipping.article_id) or self._index.edited(clipping.source, clipping.title)
        if article is None:
            return None
        if article.id == clipping.article_id and clipping.start is not None and clipping.end is not None:
            return article, (clipping.start, clipping.end)
        first_words = clipping.quote[:60]
        at = article.body.find(first_words)
        return article, (None if at < 0 else (at, at + len(first_words)))
