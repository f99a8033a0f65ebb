"""The reader's data and the keys that change what the user keeps: the corpus, which articles
the list shows (one official's, unread only), read marks, bookmarks and clippings.

`FlagreaderApp` builds the screen on this: loading, search, the views.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import App
from textual.widgets import Input

from flagreader.clippings import citation
from flagreader.model import Article, Corpus
from flagreader.reading import ReadingState
from flagreader.shelf import Known, select
from flagreader.store import Store
from flagreader.ui.copying import copy_clipping
from flagreader.ui.keeping import ConfirmScreen, guarded
from flagreader.ui.messages import Clip
from flagreader.ui.widgets import ArticleList, ReaderPane
from flagreader.wording import counted


class ReadingApp(App[None]):
    """The corpus, what the list shows of it, and the reading state kept for it."""

    def __init__(self, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.store: Store | None = None
        self.state: ReadingState | None = None
        """Read marks, bookmarks and clippings for the corpus, once it is loaded."""
        self._unread_only = False
        self._only: tuple[str, frozenset[str]] | None = None
        """An official chosen in the officials view, and the ids of the articles naming them:
        the list shows only those until escape."""

    def _fresh(self, article: Article) -> Article:
        """The corpus's current copy of an article (extraction replaces them as it goes)."""
        fresh = self.state.article(article.id) if self.state is not None else None
        return fresh or article

    def _listing(self) -> Sequence[Article]:
        """The articles the list shows when there is no search: all, or those naming the
        official chosen in the officials view; only the unread ones while `U` is on (chosen by
        their rows: no article is read from the cache for it)."""
        assert self.corpus is not None
        articles: Sequence[Article] = self.corpus.articles
        if self._only is not None:
            naming = self._only[1]
            articles = select(articles, lambda row: row.id in naming)
        state = self.state
        if self._unread_only and state is not None:
            articles = select(articles, lambda row: not state.is_read(row))
        return articles

    def _mark_read(self, article: Article) -> None:
        """Opening an article by choice marks it read at once (the one shown at start is not)."""
        state = self.state
        if (
            state is not None
            and not state.is_read(article)
            and guarded(self, lambda: state.set_mark("read", [article], True))[0]
        ):
            self.query_one(ArticleList).redraw(article)

    def action_copy_quote(self) -> None:
        self._clip_marked(copy=True)

    def action_clip(self) -> None:
        self._clip_marked(copy=False)

    def _clip_marked(self, copy: bool) -> None:
        reader = self.query_one(ReaderPane)
        if reader.article is None or reader.current is None or not reader.current_quote():
            self.notify("Mark a quote first: ] and [ move between quotes", timeout=3, markup=False)
            return
        self.post_message(Clip(reader.article, reader.current[0], copy))

    @on(Clip)
    def clip(self, event: Clip) -> None:
        """Save a quotation as a clipping (from the reader or the quotes view), and copy it."""
        state = self.state
        assert state is not None
        article = self._fresh(event.article)
        worked, clipped = guarded(self, lambda: state.clip(article, event.position))
        if not worked:
            return  # the store failed, and said so
        if clipped is None:
            self.notify("There is no quotation there", timeout=3, markup=False)
            return
        clipping, new = clipped
        if not new:
            kept = "already saved"
        else:
            kept = "saved" if state.store.persistent else "kept for this session only"
        if event.copy:
            copy_clipping(self, clipping, f"; {kept} as clipping {clipping.id}")
        else:
            self.notify(f"Clipping {clipping.id} {kept}:\n{citation(clipping)}", timeout=4, markup=False)

    def _target(self) -> Article | None:
        """The article a key means: the one under the list's cursor when the list has focus,
        else the one in the reader."""
        articles = self.query_one(ArticleList)
        if articles.has_focus and articles.highlighted is not None and articles.option_count:
            return articles.article_at(articles.highlighted)
        return self.query_one(ReaderPane).article

    def action_toggle_mark(self, kind: str) -> None:
        """Flip the read mark or the bookmark of the article meant."""
        article, state = self._target(), self.state
        if article is None or state is None:
            return
        saved, on = guarded(self, lambda: state.toggle(kind, article))
        if not saved:
            return
        self.query_one(ArticleList).redraw(article)
        said = {("read", True): "Read", ("read", False): "Unread", ("bookmark", True): "Bookmarked"}
        self.notify(
            f"{said.get((kind, bool(on)), 'Bookmark removed')}: {article.title}", timeout=2, markup=False
        )

    def action_unread_only(self) -> None:
        """List only the unread articles, or all again."""
        if self.corpus is None:
            return
        self._unread_only = not self._unread_only
        self.query_one("#search", Input).value = ""
        self._list_anew()
        shown = "unread articles only (U lists all)" if self._unread_only else "all articles"
        self.notify(f"Listing {shown}", timeout=2, markup=False)

    def _list_anew(self) -> None:
        """List the articles again (all, or the unread ones), the header counting what the list
        shows and an empty list saying why."""
        assert self.corpus is not None
        articles, listed = self.query_one(ArticleList), self._listing()
        articles.empty_hint = "No unread articles: U lists them all" if self._unread_only else ""
        articles.show_articles(listed, self.query_one(ReaderPane).article)
        self.sub_title = self._counted(listed)

    def _forget_match_count(self) -> None:
        """Another article is shown: the header's "match 3/12" was the last one's."""
        if self.corpus is not None and self.sub_title.startswith("match "):
            self.sub_title = self._counted()

    def _counted(self, listed: Sequence[Article] | None = None) -> str:
        """The header's count of what the list shows: "2,125 articles", or "14 unread of 2,125
        articles" while U is on (`listed`: the articles listed, if the caller has them)."""
        assert self.corpus is not None
        total = counted(len(self.corpus.articles), "article")
        if not self._unread_only:
            return total
        return f"{len(self._listing() if listed is None else listed):,} unread of {total}"

    def action_all_read(self) -> None:
        """Mark every article in the list (articles or search hits) read, once the user says
        yes (there is no undo: marks of many articles are not put back one by one)."""
        articles = self.query_one(ArticleList)
        listed = list({row.id: row for row in articles.rows()}.values())
        if self.state is None or not listed:
            return
        if len(listed) == 1:
            self._all_read(listed)
            return
        question = (
            f"Mark {counted(len(listed), 'article')} listed read? y marks them, n keeps them as they are"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._all_read(listed)

        self.push_screen(ConfirmScreen(question), answered)

    def _all_read(self, listed: list[Known]) -> None:
        state, articles = self.state, self.query_one(ArticleList)
        if state is None or not guarded(self, lambda: state.set_mark("read", listed, True))[0]:
            return
        if self._unread_only and articles._listing_articles:
            self._list_anew()
        else:
            articles.redraw_all()
        self.notify(f"Marked {counted(len(listed), 'article')} read", timeout=2, markup=False)
