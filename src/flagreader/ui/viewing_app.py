"""The views over the corpus and the kept things, opened from the reader, and where choosing
one of their rows leads; and the help screen of every key."""

from __future__ import annotations

from textual.widgets import Input

from flagreader.textsafe import terminal_safe_line
from flagreader.ui.corpus_view import CorpusView, Place
from flagreader.ui.help import HelpScreen, help_sections
from flagreader.ui.keeping import BookmarksView, ClippingsView, guarded
from flagreader.ui.problems import ProblemsView
from flagreader.ui.reading_app import ReadingApp, count
from flagreader.ui.views import FiguresView, OfficialsView, QuotesView
from flagreader.ui.widgets import ArticleList, ReaderPane, SearchBar


class ViewingApp(ReadingApp):
    """Opening the views (O, F, Q, !, B, C) and the help (?), and going where a row leads."""

    _extracting: bool
    """Whether extraction still runs (set by the app that loads the corpus)."""

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
            counted = count(len(listed), "unread article" if self._unread_only else "article")
            self.sub_title = f"{counted} naming {naming} · escape lists all"
        article = self._fresh(place.article)
        reader.show(article, place.span)
        self.query_one(ArticleList).follow(article)  # u and b on the list act on what is shown
        self._forget_match_count()
        self._mark_read(article)
        reader.focus()

    def action_help(self) -> None:
        """Every key, by where it works."""
        kept = {"Bookmarks": BookmarksView, "Clippings": ClippingsView}
        sections = help_sections(type(self), ArticleList, ReaderPane, SearchBar, QuotesView, CorpusView, kept)
        self.push_screen(HelpScreen(sections))
