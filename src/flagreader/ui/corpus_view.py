"""The views across a whole corpus (officials, figures, quotes, problems at loading): a table
whose rows are made in a thread and drawn line by line, sortable, and filtered as you type.

A row keeps its cells as strings and where it leads as a position in the corpus, never the
article: a view of 100,000 articles would otherwise hold them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label
from textual.worker import get_current_worker

from flagreader.model import Article, Corpus, Span
from flagreader.textsafe import terminal_safe
from flagreader.ui.highlight import plain
from flagreader.ui.table import Column, RowTable
from flagreader.wording import counted


@dataclass(frozen=True, slots=True)
class Place:
    """Where to go: an article and a span of its body to mark (or None); from the officials
    view also the official to spotlight and the articles that name them (to list only those)."""

    article: Article
    span: Span | None
    official: str | None = None
    articles: tuple[str, ...] = ()


def cell_text(text: str | None, width: int = 200) -> str:
    """A cell of a corpus view: plain text, control characters shown as escapes, bounded (the
    table cuts it to its column). A string, not a Content: a view of 80,000 figures made
    Content objects by the million, and the garbage collector's scans of them held keys back."""
    text = terminal_safe(text or "")
    return text if len(text) <= width else text[: width - 1] + "…"


def next_sort(sorted_by: tuple[int, bool] | None) -> tuple[int, bool]:
    """The sort `s` asks for after `sorted_by` (column, reversed): the first column, then the
    same reversed, then the next column."""
    if sorted_by is None:
        return 0, False
    column, reverse = sorted_by
    return (column, True) if not reverse else (column + 1, False)


_NUMBER_OR_RANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:-(\d[\d,]*(?:\.\d+)?))?")


def sort_key(cell: object) -> tuple[int, float, float, str]:
    """Numbers as numbers (a range "8-10" by its low end, then its high end), then text;
    empty cells last."""
    text = cell.plain if isinstance(cell, Content) else str(cell)
    number = _NUMBER_OR_RANGE.fullmatch(text.strip())
    if number:
        low = float(number.group(1).replace(",", ""))
        high = float(number.group(2).replace(",", "")) if number.group(2) else low
        return (0, low, high, "")
    return (1 if text else 2, 0.0, 0.0, text.casefold())


def filter_rows(rows: Sequence[ViewRow], text: str) -> list[int]:
    """The places of the rows that hold every word of `text`: as it is, or (a word of four
    letters or more) with a typo or so, as the main search allows (rapidfuzz's partial ratio,
    over all rows at once and off the interpreter lock)."""
    from rapidfuzz import fuzz, process

    texts = [" ".join(plain(cell) for cell in row.cells).casefold() for row in rows]
    kept = list(range(len(rows)))
    for word in text.casefold().split():
        if len(word) <= 3:
            kept = [i for i in kept if word in texts[i]]
            continue
        cutoff = 75 if len(word) <= 5 else 80
        scores = process.cdist(
            [word], [texts[i] for i in kept], scorer=fuzz.partial_ratio, score_cutoff=cutoff
        )
        kept = [i for i, score in zip(kept, scores[0].tolist(), strict=True) if score >= cutoff]
    return kept


@dataclass(frozen=True, slots=True)
class RowPlace:
    """Where a row of a corpus view leads, without holding the article (a view of 100,000
    articles would hold them all): its position in the corpus, read again when chosen."""

    position: int
    span: Span | None
    official: str | None = None
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ViewRow:
    """A row of a corpus view: its cells, and where it leads."""

    cells: tuple[str | Content, ...]
    ref: RowPlace | None
    """Where it leads in the corpus (None in a view of kept things: see `item`)."""
    keys: tuple[tuple[Any, ...], ...] = ()
    """How the row sorts by each column, where its cell's text would not tell (a figure's value
    by its unit and number); else the cell is read as a number or text."""
    item: Any = None
    """What the row stands for in a view of what the user keeps (a bookmark, a clipping)."""


class CorpusView(ModalScreen[Place | None]):
    """A table across the whole corpus. Its rows are made in a thread (every article is read
    for them) and drawn only where they show (`RowTable`): the reader answers keys meanwhile,
    and escape closes the view before they are all made."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_view", "Close"),
        Binding("s", "sort", "Sort", tooltip="Sort by a column: again to reverse, again for the next column"),
        Binding(
            "slash", "filter", "Filter", tooltip="Keep only the rows that match a few words, typos welcome"
        ),
    ]
    DEFAULT_CSS = """
    CorpusView > #view-filter {
        width: 95%;
        display: none;
    }
    CorpusView > #view-filter.-shown {
        display: block;
    }
    """
    TITLE = ""
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    NOT_LOADED = "That article is not among the ones loaded now"
    EMPTY = ""
    """What the title says when the view has no rows at all (what to do to have some)."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        self.rows: list[ViewRow] = []
        self.loaded = False
        """Whether the rows are all made (they are made in a thread after the view shows)."""
        self._sorted_by: tuple[int, bool] | None = None
        self.sorts = 0
        """How many sorts have been shown."""
        self.shown: list[int] | None = None
        """The rows the filter keeps, by their place in `rows` (None: every row)."""
        self.filter_text = ""
        """The filter the rows shown answer."""
        self.filtered = 0
        """How many filters have been shown."""

    def compose(self) -> ComposeResult:
        yield Label(self._title(), classes="view-title")
        yield Input(
            placeholder="filter: a few words, typos welcome; enter to the rows, escape clears",
            id="view-filter",
        )
        yield RowTable(self.COLUMNS)
        yield Footer()

    def _title(self) -> Content:
        if self.loaded and not self.rows and self.EMPTY:
            return Content(self.TITLE).stylize("bold") + Content(f"  {self.EMPTY}").stylize("dim")
        if self.loaded and self.shown is not None:
            shown = f"{len(self.shown):,} of {len(self.rows):,} rows"
        elif self.loaded:
            shown = counted(len(self.rows), "row")
        else:
            shown = f"reading {len(self.corpus.articles):,} articles…"
        return Content(self.TITLE).stylize("bold") + Content(f"  {shown}").stylize("dim")

    def on_mount(self) -> None:
        self.query_one(RowTable).focus()
        self.start_rows()

    def start_rows(self) -> None:
        """Have the rows made (in a thread, shown when they are all made)."""
        self._make_rows()

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        """Every row, in order (runs in a thread; stops early, returning what it has, once
        `cancelled` says so)."""
        raise NotImplementedError

    def articles(self, cancelled: Callable[[], bool]) -> Iterator[tuple[int, Article]]:
        """The corpus's articles with their positions, one at a time, until `cancelled`."""
        articles = self.corpus.articles
        for position in range(len(articles)):
            if cancelled():
                return
            yield position, articles[position]

    @staticmethod
    def kept_by_filter(rows: Sequence[ViewRow], text: str) -> list[int] | None:
        """The places of the `rows` the filter `text` keeps (None: no filter, every row)."""
        return filter_rows(rows, text) if text.strip() else None

    @work(thread=True, exclusive=True, group="view-rows", description="making a view's rows")
    def _make_rows(self) -> None:
        worker = get_current_worker()
        rows = self.make_rows(lambda: worker.is_cancelled)
        text = self.filter_text  # typed while the rows were made
        kept = self.kept_by_filter(rows, text)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_rows, rows, kept, text)

    def _show_rows(self, rows: list[ViewRow], kept: list[int] | None, text: str, cursor: int = 0) -> None:
        """Show `rows`, those of them in `kept` only (the filter `text` keeps; None: all)."""
        if not self.is_attached:
            return
        self.rows, self.shown, self.loaded = rows, kept, True
        shown = rows if kept is None else [rows[i] for i in kept]
        self.query_one(RowTable).show([row.cells for row in shown], cursor)
        self.query_one(".view-title", Label).update(self._title())
        if not shown:
            self.nothing_shown()
        if text != self.filter_text:  # typed on meanwhile
            self._filter(self.filter_text)

    def nothing_shown(self) -> None:
        """Called when the view shows no row (none made yet, or the filter keeps none)."""

    def _row_at(self, index: int) -> ViewRow | None:
        """The row shown at `index` of the table (the filter keeps some rows only)."""
        if self.shown is not None:
            index = self.shown[index] if 0 <= index < len(self.shown) else -1
        return self.rows[index] if 0 <= index < len(self.rows) else None

    # Filtering ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter's field and type in it."""
        field = self.query_one("#view-filter", Input)
        field.add_class("-shown")
        field.focus()

    @on(Input.Changed, "#view-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        if self.loaded:
            self._filter(event.value)

    @on(Input.Submitted, "#view-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(RowTable).focus()

    def _filter(self, text: str) -> None:
        if not text.strip():
            self._show_filtered(self.rows, None, text)
            return
        self._filtered(self.rows, text)

    @work(thread=True, exclusive=True, group="view-filter", description="filtering a view's rows")
    def _filtered(self, rows: list[ViewRow], text: str) -> None:
        kept = filter_rows(rows, text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_filtered, rows, kept, text)

    def _show_filtered(self, rows: list[ViewRow], kept: list[int] | None, text: str) -> None:
        # A later keystroke's filter is on its way, or the rows changed meanwhile (a row
        # deleted, sorted): the places kept are of rows no longer shown.
        if not self.is_attached or text != self.filter_text or rows is not self.rows:
            return
        self._show_rows(self.rows, kept, text)
        self.filtered += 1

    @on(RowTable.Chosen)
    def _chosen(self, event: RowTable.Chosen) -> None:
        event.stop()
        place = self.place_at(event.index)
        if place is None:
            self.notify(self.NOT_LOADED, timeout=3, markup=False)
            return
        self.dismiss(place)

    def place_at(self, index: int) -> Place | None:
        """Where the row shown at `index` leads, its article read again from the corpus."""
        row = self._row_at(index)
        if row is None:
            return None
        ref = row.ref
        if ref is None or not 0 <= ref.position < len(self.corpus.articles):
            return None
        return Place(self.corpus.articles[ref.position], ref.span, ref.official, ref.articles)

    def selected_place(self) -> Place | None:
        """The place of the row under the cursor, or None (no rows yet)."""
        index = self.query_one(RowTable).highlighted
        return None if index is None else self.place_at(index)

    def action_dismiss_view(self) -> None:
        """Clear the filter if there is one, else close the view."""
        field = self.query_one("#view-filter", Input)
        if field.value or field.has_focus:
            field.value = ""
            field.remove_class("-shown")
            self.query_one(RowTable).focus()
            return
        self.dismiss(None)

    def action_sort(self) -> None:
        """Sort by the first column; again to reverse it; again for the next column."""
        self._sort(*next_sort(self._sorted_by))

    @on(RowTable.HeaderChosen)
    def _header_chosen(self, event: RowTable.HeaderChosen) -> None:
        """A click on a column's header sorts by it (again: reversed)."""
        event.stop()
        self._sort(event.column, self._sorted_by == (event.column, False))

    def _sort(self, column: int, reverse: bool) -> None:
        if not self.loaded or not self.COLUMNS:
            return
        column %= len(self.COLUMNS)
        self._sorted_by = (column, reverse)
        table = self.query_one(RowTable)
        current = self._row_at(table.highlighted) if table.highlighted is not None else None
        self._sorted(self.rows, column, reverse, current)

    # A description of its own: Textual's default repr()s the arguments, 80,000 rows, on the
    # reader's thread.
    @work(thread=True, exclusive=True, group="view-sort", description="sorting a view's rows")
    def _sorted(self, base: list[ViewRow], column: int, reverse: bool, current: ViewRow | None) -> None:
        # A stable sort of the rows as shown: ties keep their order (sorting by one column,
        # then another, groups as a spreadsheet does).
        rows = list(base)
        rows.sort(
            key=lambda row: row.keys[column] if column < len(row.keys) else sort_key(row.cells[column]),
            reverse=reverse,
        )
        text = self.filter_text  # the filter applies to the rows sorted, here, not after a frame of all
        kept = self.kept_by_filter(rows, text)
        shown = rows if kept is None else [rows[i] for i in kept]
        cursor = next((i for i, row in enumerate(shown) if row is current), 0)
        if not get_current_worker().is_cancelled:  # a later sort is on its way
            self.app.call_from_thread(self._show_sorted, base, rows, kept, text, (column, reverse), cursor)

    def _show_sorted(
        self,
        base: list[ViewRow],
        rows: list[ViewRow],
        kept: list[int] | None,
        text: str,
        sort: tuple[int, bool],
        cursor: int,
    ) -> None:
        if not self.is_attached:
            return
        column, reverse = sort
        if base is not self.rows:  # a row changed while they were sorted: sort the rows of now
            self._sort(column, reverse)
            return
        self._show_rows(rows, kept, text, cursor)
        self.sorts += 1
        label = self.COLUMNS[column].label
        self.notify(f"Sorted by {label}, {'highest' if reverse else 'lowest'} first", timeout=2, markup=False)
