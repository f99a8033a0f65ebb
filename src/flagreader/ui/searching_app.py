"""Searching from the reader: the search bar's hits in the list as you type, the best hit on
enter, and the matches in the article shown (n, N)."""

from __future__ import annotations

import threading

from textual import on, work
from textual.widgets import Input

from flagreader.model import Hit
from flagreader.search.query import too_long
from flagreader.ui.viewing_app import ViewingApp
from flagreader.ui.widgets import ArticleList, ReaderPane

PARTIAL = " · search results so far"
"""What the header says while a search typed during a first load finds what is read so far."""


class SearchingApp(ViewingApp):
    """The search bar and what it finds: hits listed as you type (searched in a thread),
    enter for the best one, n and N through the matches in the article."""

    _index_read: threading.Event
    """Clear while the kept search index is being read (set by the app that loads it)."""
    _hits_for: str | None
    """The query whose hits the list shows, or None when it lists articles."""
    _extracting: bool
    """Whether the folder is still being read, extracted or indexed (set by the app)."""

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if self.corpus is None:
            return
        if not event.value.strip():
            self._hits_for = None
            reader = self.query_one(ReaderPane)
            self.query_one(ArticleList).show_articles(self._listing(), reader.article)
            if reader.matches:
                reader.light_matches([])  # no search: nothing to light
            return
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search in a thread; a newer keystroke cancels this one's result."""
        assert self.corpus is not None
        self._index_read.wait(30)
        hits = self.corpus.search(query, 50)
        self.call_from_thread(self._show_hits, query, hits, too_long(query))

    def _show_hits(self, query: str, hits: list[Hit], note: str | None = None) -> None:
        if self.query_one("#search", Input).value != query:
            return  # typed on since: a newer search is on its way
        articles = self.query_one(ArticleList)
        # The same search again (a folder still read): the cursor stays on the hit it was on.
        current = articles.highlighted_article() if self._hits_for == query else None
        self._hits_for = query
        articles.show_hits(hits, current)
        if self._extracting and PARTIAL not in self.sub_title:
            self.sub_title = f"{self.sub_title}{PARTIAL}" if self.sub_title else PARTIAL.lstrip(" ·")
        if note:  # a pasted page: the first words are searched, and the user is told
            self.notify(note, timeout=4, markup=False)

    @on(Input.Submitted, "#search")
    def open_first_hit(self, event: Input.Submitted) -> None:
        """Open the best hit for what is typed now, even if its results are not drawn yet."""
        if self.corpus is None:
            return
        if event.value.strip() and self._hits_for != event.value:
            self._index_read.wait(5)  # pressed just after the first screen: the index is a moment away
            self._show_hits(event.value, self.corpus.search(event.value, 50), too_long(event.value))
        articles = self.query_one(ArticleList)
        if articles.option_count:
            articles.highlighted = 0
            articles.action_select()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """/ (a priority key) searches only from the main screen, and not while typing in a
        field (a file name for an export has slashes)."""
        if action == "search":
            return self.screen is self.screen_stack[0] and not isinstance(self.focused, Input)
        return True

    def action_search(self) -> None:
        """Focus the search bar now, not after the queue: letters typed right after / (already
        queued while the app was busy) go into the search, not to the list as commands."""
        self.screen.set_focus(self.query_one("#search", Input))

    def action_clear_search(self) -> None:
        """Clear the search; if there is none, stop listing only one official's articles."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        elif self._only is not None and self.corpus is not None:
            self._only = None
            self.query_one(ReaderPane).spotlight = None
            self._list_anew()
        self.query_one(ArticleList).focus()

    def action_match(self, step: int) -> None:
        """Mark the next (1) or previous (-1) place in the article that the search matches."""
        reader = self.query_one(ReaderPane)
        query = self.query_one("#search", Input).value
        if self.corpus is None or reader.article is None or not query.strip():
            self.notify("Search first: / then a few words", timeout=2, markup=False)
            return
        spans = self.corpus.matches(query, reader.article)
        if spans != reader.matches:
            reader.light_matches(spans)
        here = reader.current[0] if reader.current else (-1 if step > 0 else len(reader.article.body) + 1)
        ahead = [s for s in spans if s[0] > here] if step > 0 else [s for s in spans if s[0] < here]
        if not ahead:
            self.notify("No more matches in this article", timeout=2, markup=False)
            return
        target = ahead[0] if step > 0 else ahead[-1]
        reader.mark(target)
        self.sub_title = f"match {spans.index(target) + 1}/{len(spans)} · n next, N previous"
