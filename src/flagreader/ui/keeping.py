"""Views of what the user keeps: bookmarks and clippings, as tables like the corpus views
(filtered with `/`, sorted with `s`), with the keys that change what is kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from flagreader.clippings import Clipping, citation, export, format_for
from flagreader.model import Corpus
from flagreader.reading import ReadingState
from flagreader.store import UNREAD, Mark
from flagreader.textsafe import terminal_safe_line
from flagreader.ui.copying import copy_clipping
from flagreader.ui.corpus_view import CorpusView, Place, ViewRow, cell_text
from flagreader.ui.dialogs import AskScreen, ConfirmScreen
from flagreader.ui.highlight import shown
from flagreader.ui.table import Column, RowTable
from flagreader.wording import counted
from flagreader.writing import Occupied, write_file

T = TypeVar("T")

__all__ = ["AskScreen", "BookmarksView", "ClippingsView", "ConfirmScreen", "guarded"]


def guarded(app: App[Any], change: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a read or change of the reading state; if the store fails (a locked database, a full
    disk), say so and go on. Returns (whether it worked, what `change` returned)."""
    try:
        return True, change()
    except sqlite3.Error as error:
        app.notify(f"Reading state: {error}", severity="error", timeout=8, markup=False)
        return False, None


def _when(created: str, minutes: bool = True) -> str:
    """'2026-11-22T01:50:00Z' in local time, as '2026-11-22 02:50' (or the day alone); anything
    else as the store holds it (a crafted or damaged database), cut short, with its control
    characters escaped."""
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return cell_text(created, 16)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M" if minutes else "%Y-%m-%d")


@dataclass(frozen=True, slots=True)
class Kept:
    """What a row of a kept view stands for: a bookmark's mark or a clipping, and the id of
    the article loaded that it names (None: none is). The article is read only when the row
    is chosen: a view of hundreds of bookmarks would otherwise read them all."""

    thing: Mark | Clipping
    article_id: str | None = None


class KeptView(CorpusView):
    """A view of what the user keeps. Its rows are few and read from the reading state, whose
    database connection belongs to the reader's thread: they are made there, at once."""

    def __init__(self, corpus: Corpus, state: ReadingState) -> None:
        super().__init__(corpus)
        self.state = state

    def start_rows(self) -> None:
        self._show_rows(self.make_rows(lambda: False), None, "")

    def current(self) -> ViewRow | None:
        """The row under the cursor, or None when no row shows."""
        index = self.query_one(RowTable).highlighted
        return None if index is None else self._row_at(index)

    def change_row(self, row: ViewRow, new: ViewRow | None) -> None:
        """Take `row` out (`new` None), the cursor staying on its line, now the next row (or
        the last); or put `new` in its place, the cursor on it, shown even when the filter
        would now leave it out (it goes once the filter changes)."""
        cursor = self.query_one(RowTable).highlighted or 0
        if new is None:
            rows = [other for other in self.rows if other is not row]
        else:
            rows = [new if other is row else other for other in self.rows]
        shown = self.kept_by_filter(rows, self.filter_text)
        if new is not None:
            place = rows.index(new)
            if shown is not None and place not in shown:
                shown = sorted([*shown, place])
            cursor = place if shown is None else shown.index(place)
        count = len(rows) if shown is None else len(shown)
        self._show_rows(rows, shown, self.filter_text, min(cursor, count - 1))


def kept(row: ViewRow) -> Kept:
    """What a row of a kept view stands for."""
    assert isinstance(row.item, Kept)
    return row.item


class BookmarksView(KeptView):
    """Every bookmark, newest first; enter opens the article, b removes the bookmark."""

    TITLE = "Bookmarks (enter opens, b removes)"
    EMPTY = "No bookmarks yet: b bookmarks the article you are reading"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "unbookmark", "Remove bookmark", tooltip="Remove the bookmark under the cursor")
    ]
    COLUMNS = (
        Column("Title", 40, flexible=True),
        Column("Blog · author", 22, least=12),
        Column("Bookmarked", 16),
        Column("", 10),
    )

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        rows = []
        for mark, listed in self.state.bookmarks():
            byline = " · ".join(p for p in (listed.blog, listed.author) if p) if listed else ""
            cells = (
                cell_text(mark.title),
                cell_text(byline),
                _when(mark.created),
                Content("" if listed else "not loaded").stylize("dim"),
            )
            rows.append(ViewRow(cells, None, item=Kept(mark, listed.id if listed else None)))
        return rows

    def place_at(self, index: int) -> Place | None:
        row = self._row_at(index)
        article_id = None if row is None else kept(row).article_id
        article = None if article_id is None else self.state.article(article_id)
        return None if article is None else Place(article, None)

    def action_unbookmark(self) -> None:
        row = self.current()
        if row is None:
            return
        mark, article_id = kept(row).thing, kept(row).article_id
        assert isinstance(mark, Mark)
        article = None if article_id is None else self.state.article(article_id)
        if article is not None:
            removed, _ = guarded(self.app, lambda: self.state.set_mark("bookmark", [article], False))
        else:  # an article of another folder: remove its mark as stored
            removed, _ = guarded(self.app, lambda: self.state.unmark_stored("bookmark", mark))
        if removed:
            self.change_row(row, None)
            self.notify(f"Bookmark removed: {mark.title}", timeout=3, markup=False)


class ClippingsView(KeptView):
    """Every clipping, newest first: open, copy again, annotate, delete, export; the whole of
    the one under the cursor below the table."""

    TITLE = "Clippings (enter opens the article at the quote)"
    EMPTY = "No clippings yet: y or c on a marked quote saves one"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", "Copy", tooltip="Copy the clipping with its source again"),
        Binding("n", "note", "Note", tooltip="Write or change the clipping's note"),
        Binding("d", "delete", "Delete", tooltip="Delete the clipping (asks first)"),
        Binding("w", "write", "Write to file", tooltip="Export every clipping as Markdown, JSON or CSV"),
    ]
    COLUMNS = (
        Column("Clipped", 10),
        Column("Speaker", 18, least=12),
        Column("Quote", 36, flexible=True),
        Column("Article", 18, least=10),
        Column("Note", 12, least=6),
    )
    NOT_LOADED = "Its article is not among the ones loaded now"

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static(classes="preview")

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        return [self._row(clipping) for clipping in reversed(self.state.store.clippings())]

    def place_at(self, index: int) -> Place | None:
        """Where the clipping leads: its article (read now) at its quote."""
        row = self._row_at(index)
        found = None if row is None else self.state.article_of(clipping_of(row))
        return None if found is None else Place(*found)

    @staticmethod
    def _row(clipping: Clipping) -> ViewRow:
        cells = (
            _when(clipping.created, minutes=False),
            cell_text(clipping.speaker or "—"),
            cell_text(" ".join(clipping.quote.split())),
            cell_text(clipping.title),
            cell_text(" ".join(clipping.note.split())),
        )
        return ViewRow(cells, None, item=Kept(clipping))

    @on(RowTable.Highlighted)
    def _highlighted(self, event: RowTable.Highlighted) -> None:
        row = self._row_at(event.index)
        self.show_whole(None if row is None else clipping_of(row))

    def show_whole(self, clipping: Clipping | None) -> None:
        """The whole clipping (its citation, then its note), or nothing."""
        preview = self.query_one(".preview", Static)
        if clipping is None:
            preview.update("")
            return
        parts = [shown(citation(clipping))]
        if clipping.note:
            parts.append(Content("Note: ").stylize("bold") + shown(clipping.note))
        preview.update(Content("\n").join(parts))

    def nothing_shown(self) -> None:
        self.show_whole(None)

    def _current(self) -> ViewRow | None:
        row = self.current()
        if row is None:
            said = "No clipping shown: escape clears the filter" if self.rows else self.EMPTY
            self.notify(said, timeout=3, markup=False)
        return row

    def action_copy(self) -> None:
        if (row := self._current()) is not None:
            copy_clipping(self.app, clipping_of(row))

    def action_note(self) -> None:
        if (row := self._current()) is None:
            return
        clipping = clipping_of(row)

        def save(note: str | None) -> None:
            number = clipping.id
            if note is None or number is None:
                return
            if not guarded(self.app, lambda: self.state.store.set_note(number, note))[0]:
                return
            self.change_row(row, self._row(replace(clipping, note=note)))

        self.app.push_screen(
            AskScreen("Note for this clipping (enter saves, escape cancels)", clipping.note), save
        )

    def action_delete(self) -> None:
        if (row := self._current()) is None:
            return
        clipping = clipping_of(row)

        def delete(sure: bool | None) -> None:
            number = clipping.id
            if sure and number is not None:
                if not guarded(self.app, lambda: self.state.store.delete_clipping(number))[0]:
                    return
                self.change_row(row, None)
                self.notify("Clipping deleted", timeout=2, markup=False)

        question = ConfirmScreen("Delete this clipping? y deletes, n keeps it", clipping.quote)
        self.app.push_screen(question, delete)

    def action_write(self) -> None:
        def write(target: str | None) -> None:
            if not target:
                return
            path = Path(target).expanduser()
            if self.state.store.unread:
                self.notify(f"Nothing written: {UNREAD}", severity="error", markup=False)
                return
            read, clippings = guarded(self.app, self.state.store.clippings)
            if not read or clippings is None:
                return
            text = export(clippings, format_for(path.name))
            try:
                self._write(path, text, len(clippings), replace=False)
            except Occupied as occupied:
                question = f"{terminal_safe_line(str(path))} is {occupied.what} already. "
                question += "Replace it? y replaces, n keeps it"

                def replace_it(sure: bool | None) -> None:
                    if sure:
                        self._write(path, text, len(clippings), replace=True)

                self.app.push_screen(ConfirmScreen(question), replace_it)

        default = str(export_folder() / "flagreader-clippings.md")
        self.app.push_screen(AskScreen("Write every clipping to (.md, .json or .csv):", default), write)

    def _write(self, path: Path, text: str, count: int, replace: bool) -> None:
        """Write the export and say so, or why not (`Occupied` is for the caller to ask about)."""
        shown_path = terminal_safe_line(str(path))
        try:
            write_file(path, text, replace=replace)
        except Occupied:
            raise
        except OSError as error:
            why = error.strerror or str(error)
            self.notify(f"Could not write {shown_path}: {why}", severity="error", markup=False)
            return
        self.notify(f"Wrote {counted(count, 'clipping')} to {shown_path}", timeout=4, markup=False)


def export_folder() -> Path:
    """Where `w` proposes to write: the folder the reader was started in; the home folder when
    that is gone, or its name holds control characters (shown as escapes, it would be another
    path)."""
    try:
        folder = Path.cwd()
    except OSError:  # removed since the reader started
        return Path.home()
    return folder if terminal_safe_line(str(folder)) == str(folder) else Path.home()


def clipping_of(row: ViewRow) -> Clipping:
    """The clipping a row of the clippings view stands for."""
    clipping = kept(row).thing
    assert isinstance(clipping, Clipping)
    return clipping
