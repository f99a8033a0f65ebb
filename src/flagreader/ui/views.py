"""Views across the corpus: officials, figures side by side, quotes by speaker.

Each is a screen with a table; choosing a row closes it with the place to open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label

from flagreader.clippings import inferred_from
from flagreader.extract.corpus import corpus_officials
from flagreader.model import Corpus
from flagreader.shelf import listing
from flagreader.textsafe import terminal_safe
from flagreader.ui.corpus_view import (
    CorpusView,
    Place,
    RowPlace,
    ViewRow,
    cell_text,
    next_sort,
    sort_key,
)
from flagreader.ui.highlight import shown
from flagreader.ui.messages import Clip
from flagreader.ui.table import Column
from flagreader.views import QuoteRow, by_speaker, figure_rows_of, quote_rows_of, shown_value, value_order


def _cell(text: str | None, width: int = 60) -> Content:
    text = terminal_safe(text or "")
    return Content(text if len(text) <= width else text[: width - 1] + "…")


class TableView(ModalScreen[Place | None]):
    """A table over the corpus; enter opens the row's place, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_view", "Close"),
        Binding("s", "sort", "Sort", tooltip="Sort by a column: again to reverse, again for the next column"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    TITLE = ""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        self.places: dict[str, Place] = {}
        self._sorted_by: tuple[int, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Label(Content(self.TITLE).stylize("bold"), classes="view-title")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.fill(self.query_one(DataTable))
        self.query_one(DataTable).focus()

    def fill(self, table: DataTable[Content]) -> None:
        """Add the columns and rows (with `self.places` keyed by row key)."""
        raise NotImplementedError

    NOT_LOADED = "That article is not among the ones loaded now"
    """What choosing a row without a place says (a bookmark or clipping of another corpus)."""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        place = self.places.get(str(event.row_key.value))
        if place is None:
            self.notify(self.NOT_LOADED, timeout=3, markup=False)
            return
        self.dismiss(place)

    def action_dismiss_view(self) -> None:
        self.dismiss(None)

    def action_sort(self) -> None:
        """Sort by the first column; again to reverse it; again for the next column."""
        self._sort(*next_sort(self._sorted_by))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a column's header sorts by it (again: reversed)."""
        event.stop()
        self._sort(event.column_index, self._sorted_by == (event.column_index, False))

    def _sort(self, column: int, reverse: bool) -> None:
        table = self.query_one(DataTable)
        if not table.ordered_columns:
            return
        column %= len(table.ordered_columns)
        label = table.ordered_columns[column].label.plain or f"column {column + 1}"
        table.sort(table.ordered_columns[column].key, key=sort_key, reverse=reverse)
        self._sorted_by = (column, reverse)
        self.notify(f"Sorted by {label}, {'highest' if reverse else 'lowest'} first", timeout=2, markup=False)

    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table has no rows."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def selected_place(self) -> Place | None:
        """The place of the row under the cursor, or None (no rows, or a row without one)."""
        key = self.selected_key()
        return None if key is None else self.places.get(key)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()


def _columns(table: DataTable[Content], *columns: tuple[str, int]) -> None:
    """Add columns of fixed widths (cells longer than that end in "…")."""
    for label, width in columns:
        table.add_column(label, width=width)


class OfficialsView(CorpusView):
    """Every official: roles, mentions, articles. Choosing one lists only the articles that
    name them, with every mention marked."""

    TITLE = "Officials (enter lists the articles naming one, their mentions marked)"
    COLUMNS = (
        Column("Official", 24),
        Column("Roles", 60, flexible=True),
        Column("Mentions", 8),
        Column("Articles", 8),
    )

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        officials = corpus_officials(self.corpus)
        positions = {row.id: number for number, row in enumerate(listing(self.corpus.articles))}
        rows = []
        for official in officials:
            if cancelled():
                break
            position = positions[official.articles[0]]
            first = self.corpus.articles[position]
            mention = next(
                (o.mentions[0] for o in first.officials if o.name == official.name and o.mentions), None
            )
            cells = (
                cell_text(official.name),
                cell_text("; ".join(official.roles)),
                str(official.mention_count),
                str(len(official.articles)),
            )
            rows.append(ViewRow(cells, RowPlace(position, mention, official.name, official.articles)))
        return rows


class FiguresView(CorpusView):
    """Every figure side by side: value, what it counts, who gave it, article."""

    TITLE = "Figures (s sorts by the column under the cursor)"
    COLUMNS = (
        Column("Value", 11),
        Column("Figure", 22),
        Column("Counts", 22),
        Column("Given by", 20),
        Column("Article", 40, flexible=True),
    )

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        rows = []
        for position, article in self.articles(cancelled):
            for row in figure_rows_of(article):
                figure = row.figure
                cells = (
                    shown_value(figure),
                    cell_text(figure.text),
                    cell_text(figure.counts),
                    cell_text(row.given_by),
                    cell_text(article.title),
                )
                rows.append(
                    ViewRow(cells, RowPlace(position, (figure.start, figure.end)), (value_order(figure),))
                )
        return rows


def speaker_cell(row: QuoteRow, width: int) -> str | Content:
    """Who said it, then, dimmed, "(org.)" for an organisation and the words the text uses for
    the speaker when they do not name them ("Bernie Sanders · he", "Donald Trump · the New York
    businessman"), cut to `width` with "…"; "—" for nobody."""
    if row.speaker is None:
        return "—"
    mention = row.quote.speaker_mention
    inferred = inferred_from(row.speaker, mention.text if mention else None)
    notes = " (org.)" if row.quote.speaker_kind == "organisation" else ""
    notes += f" · {inferred}" if inferred else ""
    if not notes:
        return cell_text(row.speaker, width)
    return (shown(row.speaker) + shown(notes).stylize("dim")).truncate(width, ellipsis=True)


class QuotesView(CorpusView):
    """Every quote, grouped by speaker; y copies the quote with its source."""

    TITLE = "Quotes by speaker (y copies a quote with its source and saves it, c only saves it)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "clip(True)", "Copy quote", tooltip="Copy the quote with its source, and save it"),
        Binding("c", "clip(False)", "Clip", tooltip="Save the quote as a clipping, not copied"),
    ]
    # The speaker's column has room for "Bernie Sanders · the senator".
    COLUMNS = (Column("Speaker", 30), Column("Quote", 62, flexible=True), Column("Article", 30))

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        found = [
            (
                by_speaker(row.speaker),
                ViewRow(
                    (speaker_cell(row, 200), cell_text(row.text, 400), cell_text(article.title)),
                    RowPlace(position, (row.quote.start, row.quote.end)),
                ),
            )
            for position, article in self.articles(cancelled)
            for row in quote_rows_of(article)
        ]
        found.sort(key=lambda pair: pair[0])  # stable: in article order within a speaker
        return [row for _, row in found]

    def action_clip(self, copy: bool) -> None:
        """Save the quote under the cursor as a clipping (the app does it), and copy it if `copy`."""
        place = self.selected_place()
        if place is None or place.span is None:
            self.notify("No quote here", timeout=2, markup=False)
            return
        self.post_message(Clip(place.article, place.span[0], copy))
