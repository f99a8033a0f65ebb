"""Views of what the user keeps: bookmarks and clippings, and the small dialogs they use
(a note, a confirmation, a file to export to)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from flagreader.clippings import Clipping, citation, export, format_for
from flagreader.model import Article, Corpus
from flagreader.reading import ReadingState
from flagreader.store import Mark, write_text_atomically
from flagreader.ui.copying import copy_clipping
from flagreader.ui.corpus_view import Place
from flagreader.ui.highlight import shown
from flagreader.ui.views import TableView, _cell, _columns

T = TypeVar("T")


def guarded(app: App[Any], change: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a read or change of the reading state; if the store fails (a locked database, a full
    disk), say so and go on. Returns (whether it worked, what `change` returned)."""
    try:
        return True, change()
    except sqlite3.Error as error:
        app.notify(f"Reading state: {error}", severity="error", timeout=8, markup=False)
        return False, None


def _when(created: str) -> Content:
    """'2026-11-22T01:50:00Z' in local time, as '2026-11-22 02:50'; anything else as the store
    holds it (a crafted or damaged database), cut short, with its control characters escaped."""
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return _cell(created, 16)
    return Content(moment.astimezone().strftime("%Y-%m-%d %H:%M"))


class BookmarksView(TableView):
    """Every bookmark, newest first; enter opens the article, b removes the bookmark."""

    TITLE = "Bookmarks (enter opens, b removes)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "unbookmark", "Remove bookmark", tooltip="Remove the bookmark under the cursor")
    ]

    def __init__(self, corpus: Corpus, state: ReadingState) -> None:
        super().__init__(corpus)
        self.state = state
        self.articles: dict[str, Article | None] = {}
        self.marks: dict[str, Mark] = {}

    def fill(self, table: DataTable[Content]) -> None:
        _columns(table, ("Title", 56), ("Blog · author", 28), ("Bookmarked", 16), ("", 10))
        for number, (mark, article) in enumerate(self.state.bookmarks()):
            key = f"b{number}"
            self.articles[key] = article
            self.marks[key] = mark
            if article is not None:
                self.places[key] = Place(article, None)
            byline = " · ".join(p for p in (article.blog, article.author) if p) if article else ""
            table.add_row(
                _cell(mark.title, 56),
                _cell(byline, 28),
                _when(mark.created),
                Content("" if article else "not loaded").stylize("dim"),
                key=key,
            )
        self._say_if_empty(table)

    def _say_if_empty(self, table: DataTable[Content]) -> None:
        """An empty view says how bookmarks are made, not nothing."""
        if not table.row_count:
            hint = Content("  No bookmarks yet: b bookmarks the article you are reading").stylize("dim")
            self.query_one(".view-title", Label).update(Content(self.TITLE).stylize("bold") + hint)

    def action_unbookmark(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        article, mark = self.articles.get(key), self.marks[key]
        if article is not None:
            removed, _ = guarded(self.app, lambda: self.state.set_mark("bookmark", [article], False))
        else:  # an article of another folder: remove its mark as stored
            removed, _ = guarded(self.app, lambda: self.state.unmark_stored("bookmark", mark))
        if removed:
            table = self.query_one(DataTable)
            table.remove_row(key)
            self._say_if_empty(table)
            self.notify(f"Bookmark removed: {mark.title}", timeout=3, markup=False)


class ClippingsView(TableView):
    """Every clipping, newest first: open, copy again, annotate, delete, export."""

    TITLE = "Clippings (enter opens · y copies · n note · d deletes · w writes them to a file)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", "Copy", tooltip="Copy the clipping with its source again"),
        Binding("n", "note", "Note", tooltip="Write or change the clipping's note"),
        Binding("d", "delete", "Delete", tooltip="Delete the clipping (asks first)"),
        Binding("w", "write", "Write to file", tooltip="Export every clipping as Markdown, JSON or CSV"),
    ]

    def __init__(self, corpus: Corpus, state: ReadingState) -> None:
        super().__init__(corpus)
        self.state = state
        self.clippings: dict[str, Clipping] = {}

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self._preview = Static(classes="preview")
        yield self._preview

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_whole(str(event.row_key.value))

    def show_whole(self, key: str) -> None:
        """The whole clipping under the cursor: its citation, then its note."""
        clipping = self.clippings.get(key)
        if clipping is None:
            self._preview.update("")
            return
        parts = [shown(citation(clipping))]
        if clipping.note:
            parts.append(Content("Note: ").stylize("bold") + shown(clipping.note))
        self._preview.update(Content("\n").join(parts))

    def fill(self, table: DataTable[Content]) -> None:
        _columns(table, ("Clipped", 16), ("Speaker", 18), ("Quote", 36), ("Article", 20), ("Note", 16))
        for clipping in reversed(self.state.store.clippings()):
            key = f"c{clipping.id}"
            self.clippings[key] = clipping
            found = self.state.article_of(clipping)
            if found is not None:
                self.places[key] = Place(*found)
            table.add_row(*self._cells(clipping), key=key)

    @staticmethod
    def _cells(clipping: Clipping) -> list[Content]:
        return [
            _when(clipping.created),
            _cell(clipping.speaker or "—", 18),
            _cell(" ".join(clipping.quote.split()), 36),
            _cell(clipping.title, 20),
            _cell(" ".join(clipping.note.split()), 16),
        ]

    def _current(self) -> tuple[str, Clipping] | None:
        key = self.selected_key()
        if key is None:
            self.notify("No clippings yet: y or c on a marked quote saves one", timeout=3, markup=False)
            return None
        return key, self.clippings[key]

    NOT_LOADED = "Its article is not among the ones loaded now"

    def action_copy(self) -> None:
        if (current := self._current()) is not None:
            copy_clipping(self.app, current[1])

    def action_note(self) -> None:
        if (current := self._current()) is None:
            return
        key, clipping = current

        def save(note: str | None) -> None:
            number = clipping.id
            if note is None or number is None:
                return
            if not guarded(self.app, lambda: self.state.store.set_note(number, note))[0]:
                return
            self.clippings[key] = updated = replace(clipping, note=note)
            table = self.query_one(DataTable)
            table.update_cell(key, table.ordered_columns[-1].key, self._cells(updated)[-1])
            self.show_whole(key)

        self.app.push_screen(
            AskScreen("Note for this clipping (enter saves, escape cancels)", clipping.note), save
        )

    def action_delete(self) -> None:
        if (current := self._current()) is None:
            return
        key, clipping = current

        def delete(sure: bool | None) -> None:
            number = clipping.id
            if sure and number is not None:
                if not guarded(self.app, lambda: self.state.store.delete_clipping(number))[0]:
                    return
                table = self.query_one(DataTable)
                table.remove_row(key)
                self.clippings.pop(key)
                self.places.pop(key, None)
                if not table.row_count:
                    self._preview.update("")
                self.notify("Clipping deleted", timeout=2, markup=False)

        quote = clipping.quote if len(clipping.quote) <= 60 else clipping.quote[:59] + "…"
        self.app.push_screen(ConfirmScreen(f'Delete the clipping "{quote}"? y deletes, n keeps'), delete)

    def action_write(self) -> None:
        def write(target: str | None) -> None:
            if not target:
                return
            path = Path(target).expanduser()
            read, clippings = guarded(self.app, self.state.store.clippings)
            if not read or clippings is None:
                return
            try:
                write_text_atomically(path, export(clippings, format_for(path.name)))
            except OSError as error:
                self.notify(
                    f"Could not write {path}: {error.strerror or error}", severity="error", markup=False
                )
                return
            self.notify(f"Wrote {len(clippings)} clippings to {path}", timeout=4, markup=False)

        default = str(Path.home() / "flagreader-clippings.md")
        self.app.push_screen(AskScreen("Write every clipping to (.md, .json or .csv):", default), write)


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text: enter gives it, escape cancels (None)."""

    AUTO_FOCUS = "Input"  # the app's own is the article list

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.question))
            yield Input(value=self.value, select_on_focus=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question: y says yes; n or escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.question))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
