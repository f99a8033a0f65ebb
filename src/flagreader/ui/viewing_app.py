"""The views over the corpus and the kept things, opened from the reader, and where choosing
one of their rows leads; going back and forward through the places read, and on to the next
unread article; and the help screen of every key."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widgets import Input

from flagreader.history import History, Visit
from flagreader.model import Article, Corpus, Span
from flagreader.textsafe import terminal_safe_line
from flagreader.ui.corpus_view import CorpusView, Place
from flagreader.ui.help import HelpScreen, help_sections
from flagreader.ui.keeping import BookmarksView, ClippingsView, guarded
from flagreader.ui.problems import ProblemsView
from flagreader.ui.reading_app import ReadingApp
from flagreader.ui.views import FiguresView, OfficialsView, QuotesView
from flagreader.ui.widgets import ArticleList, ReaderPane, SearchBar
from flagreader.wording import counted


class ViewingApp(ReadingApp):
    """Opening the views (O, F, Q, !, B, C) and the help (?), going where a row leads, back
    and forward (ctrl+o / alt+left, alt+right), and to the next or previous unread (J, K)."""

    _extracting: bool
    """Whether extraction still runs (set by the app that loads the corpus)."""

    def __init__(self, corpus: Corpus | None = None) -> None:
        super().__init__(corpus)
        self.history = History()
        """The places read, to go back and forward through."""

    def _here(self) -> Visit | None:
        reader = self.query_one(ReaderPane)
        if reader.article is None:
            return None
        top = reader.top_place()
        return Visit(reader.article.id, reader.current, None if top is None or top[0] < 0 else top)

    def _going(self, article: Article, span: Span | None) -> None:
        """The reader is about to show `span` of `article` (or its top): remember where it was,
        unless it is there already."""
        here = self._here()
        if here is not None and here != Visit(article.id, span):
            self.history.leave(here)

    def action_history(self, step: int) -> None:
        """Back (step -1) to the article and place read before, or forward (1) again; places in
        articles no longer loaded are passed over."""
        here, state = self._here(), self.state
        if here is None or state is None:
            return
        loaded = state.is_loaded
        visit = self.history.back(here, loaded) if step < 0 else self.history.forward(here, loaded)
        article = None if visit is None else state.article(visit.article_id)
        if visit is None or article is None:
            self.notify("Nothing further back" if step < 0 else "Nothing further on", timeout=2, markup=False)
            return
        reader = self.query_one(ReaderPane)
        reader.show(article, visit.span)
        if visit.span is None and visit.top is not None:
            reader.go_to_place(visit.top)
        self.query_one(ArticleList).follow(article)
        self._forget_match_count()

    def action_unread(self, step: int) -> None:
        """Open the next (step 1) or previous (-1) unread article in the list, from the one
        the reader shows (newsboat's J and K); the scan stops at the first unread one."""
        articles, reader, state = self.query_one(ArticleList), self.query_one(ReaderPane), self.state
        rows = articles.rows()
        if state is None or not rows:
            return
        at = articles.position_of(reader.article.id) if reader.article is not None else None
        if at is None:
            at = -1 if step > 0 else len(rows)
        places = range(at + 1, len(rows)) if step > 0 else range(at - 1, -1, -1)
        found = next((i for i in places if not state.is_read(rows[i])), None)
        if found is None:
            where = "after" if step > 0 else "before"
            self.notify(f"No unread article {where} this one in the list", timeout=3, markup=False)
            return
        articles.highlighted = found
        articles.action_select()

    def action_view(self, name: str) -> None:
        """Open the officials, figures or quotes view; choosing a row opens its place."""
        if self.corpus is None:
            return
        if name in ("bookmarks", "clippings"):
            state = self.state
            assert state is not None
            if not guarded(self, state.reload)[0]:  # another instance may have changed them
                return
            kept = {"bookmarks": BookmarksView, "clippings": ClippingsView}[name](self.corpus, state)
            self.push_screen(kept, self._closed_keeping_view)
            return
        views = {
            "officials": OfficialsView,
            "figures": FiguresView,
            "quotes": QuotesView,
            "problems": ProblemsView,
        }
        view = views[name](self.corpus)
        if self._extracting and name != "problems":
            self.notify(
                "Still finding officials, figures and quotes: this view has the articles done so far",
                severity="warning",
                timeout=4,
            )
        self.push_screen(view, self._open_place)

    def _closed_keeping_view(self, place: Place | None) -> None:
        """Bookmarks may have been removed in the view: redraw the list's marks."""
        self.query_one(ArticleList).redraw_all()
        self._open_place(place)

    def _open_place(self, place: Place | None) -> None:
        if place is None:
            return
        reader = self.query_one(ReaderPane)
        if place.official is not None:
            self._only = (place.official, frozenset(place.articles))
            self.query_one("#search", Input).value = ""
            listed = self._listing()
            self.query_one(ArticleList).show_articles(listed, place.article)
            reader.spotlight = place.official
            naming = terminal_safe_line(place.official)
            how_many = counted(len(listed), "unread article" if self._unread_only else "article")
            self.sub_title = f"{how_many} naming {naming} · escape lists all"
        article = self._fresh(place.article)
        self._going(article, place.span)
        reader.show(article, place.span)
        self.query_one(ArticleList).follow(article)  # u and b on the list act on what is shown
        self._forget_match_count()
        self._mark_read(article)
        reader.focus()

    def action_help(self) -> None:
        """flagreader's own keys, by where they work."""
        panes: dict[str, type[DOMNode]] = {
            "Article list": ArticleList,
            "Reader": ReaderPane,
            "Search bar": SearchBar,
        }
        views: dict[str, type[DOMNode]] = {
            "Quotes": QuotesView,
            "Bookmarks": BookmarksView,
            "Clippings": ClippingsView,
        }
        self.push_screen(HelpScreen(help_sections(type(self), panes, CorpusView, views)))
