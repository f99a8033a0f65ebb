"""Views across the corpus: officials, figures side by side, quotes by speaker.

Each is a screen with a table; choosing a row closes it with the place to open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label

from flagreader.clippings import inferred_from
from flagreader.extract.corpus import corpus_officials
from flagreader.model import Article, Corpus, Span
from flagreader.textsafe import terminal_safe
from flagreader.ui.highlight import shown
from flagreader.ui.messages import Clip
from flagreader.views import QuoteRow, figure_rows, quote_rows


@dataclass(frozen=True, slots=True)
class Place:
    """Where to go: an article and a span of its body to mark (or None); from the officials
    view also the official to spotlight and the articles that name them (to list only those)."""

    article: Article
    span: Span | None
    official: str | None = None
    articles: tuple[str, ...] = ()


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
        if self._sorted_by is None:
            self._sort(0, False)
        elif not self._sorted_by[1]:
            self._sort(self._sorted_by[0], True)
        else:
            self._sort(self._sorted_by[0] + 1, False)

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
        table.sort(table.ordered_columns[column].key, key=_sort_key, reverse=reverse)
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


_NUMBER_OR_RANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:-(\d[\d,]*(?:\.\d+)?))?")


def _sort_key(cell: object) -> tuple[int, float, float, str]:
    """Numbers as numbers (a range "8-10" by its low end, then its high end), then text;
    empty cells last."""
    text = cell.plain if isinstance(cell, Content) else str(cell)
    number = _NUMBER_OR_RANGE.fullmatch(text.strip())
    if number:
        low = float(number.group(1).replace(",", ""))
        high = float(number.group(2).replace(",", "")) if number.group(2) else low
        return (0, low, high, "")
    return (1 if text else 2, 0.0, 0.0, text.casefold())


class OfficialsView(TableView):
    """Every official: roles, mentions, articles. Choosing one lists only the articles that
    name them, with every mention marked."""

    TITLE = "Officials (enter lists the articles naming one, their mentions marked)"

    def fill(self, table: DataTable[Content]) -> None:
        _columns(table, ("Official", 24), ("Roles", 60), ("Mentions", 8), ("Articles", 8))
        by_id = {article.id: article for article in self.corpus.articles}
        for number, official in enumerate(corpus_officials(self.corpus)):
            first = by_id[official.articles[0]]
            mention = next(
                (o.mentions[0] for o in first.officials if o.name == official.name and o.mentions), None
            )
            key = f"o{number}"
            self.places[key] = Place(first, mention, official.name, official.articles)
            table.add_row(
                _cell(official.name, 24),
                _cell("; ".join(official.roles), 60),
                Content(str(official.mention_count)),
                Content(str(len(official.articles))),
                key=key,
            )


class FiguresView(TableView):
    """Every figure side by side: value, what it counts, who gave it, article."""

    TITLE = "Figures (s sorts by the column under the cursor)"

    def fill(self, table: DataTable[Content]) -> None:
        _columns(table, ("Value", 11), ("Figure", 22), ("Counts", 22), ("Given by", 20), ("Article", 40))
        for number, row in enumerate(figure_rows(self.corpus)):
            figure = row.figure
            value = f"{figure.value:,}" if figure.value is not None else f"{figure.low:,}-{figure.high:,}"
            key = f"f{number}"
            self.places[key] = Place(row.article, (figure.start, figure.end))
            table.add_row(
                Content(value),
                _cell(figure.text, 22),
                _cell(figure.counts, 22),
                _cell(row.given_by, 20),
                _cell(row.article.title, 40),
                key=key,
            )


def speaker_cell(row: QuoteRow, width: int) -> Content:
    """Who said it, then, dimmed, "(org.)" for an organisation and the words the text uses for
    the speaker when they do not name them ("Bernie Sanders · he", "Donald Trump · the New York
    businessman"), cut to `width` with "…"; "—" for nobody."""
    if row.speaker is None:
        return Content("—")
    mention = row.quote.speaker_mention
    inferred = inferred_from(row.speaker, mention.text if mention else None)
    notes = " (org.)" if row.quote.speaker_kind == "organisation" else ""
    notes += f" · {inferred}" if inferred else ""
    return (shown(row.speaker) + shown(notes).stylize("dim")).truncate(width, ellipsis=True)


class QuotesView(TableView):
    """Every quote, grouped by speaker; y copies the quote with its source."""

    TITLE = "Quotes by speaker (y copies a quote with its source and saves it, c only saves it)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "clip(True)", "Copy quote", tooltip="Copy the quote with its source, and save it"),
        Binding("c", "clip(False)", "Clip", tooltip="Save the quote as a clipping, not copied"),
    ]

    def fill(self, table: DataTable[Content]) -> None:
        # The speaker's column has room for "Bernie Sanders · the senator"; each cell is cut to
        # its column's width, so that a cut shows as "…".
        speaker, quote, title = 30, 62, 30
        _columns(table, ("Speaker", speaker), ("Quote", quote), ("Article", title))
        for number, row in enumerate(quote_rows(self.corpus)):
            key = f"q{number}"
            self.places[key] = Place(row.article, (row.quote.start, row.quote.end))
            table.add_row(
                speaker_cell(row, speaker), _cell(row.text, quote), _cell(row.article.title, title), key=key
            )

    def action_clip(self, copy: bool) -> None:
        """Save the quote under the cursor as a clipping (the app does it), and copy it if `copy`."""
        place = self.selected_place()
        if place is None or place.span is None:
            self.notify("No quote here", timeout=2, markup=False)
            return
        self.post_message(Clip(place.article, place.span[0], copy))
