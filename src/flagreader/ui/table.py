"""A table drawn line by line (Textual's Line API): a fixed header, then only the rows on screen.

The corpus views list every figure, quote and official of a corpus: 80,000 figures on five
copies of BBC, ten times that at 100,000 articles. Textual's DataTable took 1.5 s to take
80,000 rows, 4 s to draw them the first time and half a second per key after that; here
listing rows is a list assignment and a key redraws two lines. Cells longer than their column
end in "…"; the columns fit the width (one of them, the flexible one, takes what the others
leave; on a very narrow table the last ones are left out), so there is never a horizontal
scrollbar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from flagreader.ui.bindings import LIST_BINDINGS
from flagreader.ui.contrast import legible_strip

_GAP = 1
"""Blank cells between two columns."""


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its label and width in cells; `flexible` takes the width the others leave.
    On a narrow terminal the flexible column keeps at least two fifths of the width (up to its
    own `width`), the others giving up cells in proportion, none below its `least`."""

    label: str
    width: int
    flexible: bool = False
    least: int | None = None
    """The narrowest the column may get for the flexible one (None: its width, never less)."""


def cut(cell: str | Content, width: int) -> Content:
    """`cell` in exactly `width` cells: cut with "…" when longer, padded when shorter. A string
    is plain text, never markup."""
    content = Content(cell) if isinstance(cell, str) else cell
    if content.cell_length > width:
        content = content.truncate(max(0, width - 1)) + Content("…") if width > 0 else Content("")
    return content.truncate(width, pad=True)


def fitted_widths(columns: Sequence[Column], width: int) -> list[int]:
    """Each column's width in a table `width` cells wide (see `Column`)."""
    widths = [column.width for column in columns]
    flexible = next((i for i, column in enumerate(columns) if column.flexible), None)
    if flexible is None:
        return widths
    room = width - _GAP * (len(widths) - 1)  # for the cells
    others = sum(widths) - widths[flexible]
    wanted = min(columns[flexible].width, room * 2 // 5)
    short = others + wanted - room  # cells the others give up so the flexible one has `wanted`
    spare = [
        0 if column.flexible or column.least is None else max(0, column.width - column.least)
        for column in columns
    ]
    spared = sum(spare)
    if short > 0 and spared:
        given = [min(cells, -(-short * cells // spared)) for cells in spare]  # rounded up
        widths = [w - g for w, g in zip(widths, given, strict=True)]
    widths[flexible] = max(8, room - (sum(widths) - widths[flexible]))
    # Still too wide (every column at its least): the last columns but the first and the
    # flexible one are left out, one by one, until the rest fit.
    while _drawn_width(widths) > width:
        dropped = next((i for i in reversed(range(1, len(widths))) if i != flexible and widths[i]), None)
        if dropped is None:
            break
        widths[dropped] = 0
        widths[flexible] = max(8, width - (_drawn_width(widths) - widths[flexible]))
    return widths


def _drawn_width(widths: Sequence[int]) -> int:
    """The cells a line takes: the columns shown (a width of 0 is left out) and the gaps."""
    shown = [width for width in widths if width]
    return sum(shown) + _GAP * max(0, len(shown) - 1)


class RowTable(ScrollView, can_focus=True):
    """Rows of cells under a header; enter (or a click) chooses the row under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_BINDINGS
    DEFAULT_CSS = """
    RowTable {
        color: $foreground;
        overflow-x: hidden;
        background: $surface;
        height: 1fr;
        & > .row-table--header {
            color: $text-accent;
            text-style: bold;
        }
        & > .row-table--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .row-table--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-table--header", "row-table--cursor"}

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The row under the cursor, or None when there are no rows."""

    @dataclass
    class Chosen(Message):
        """The user chose the row at `index` (enter, or a click)."""

        table: RowTable
        index: int

    @dataclass
    class Highlighted(Message):
        """The cursor moved to the row at `index`."""

        table: RowTable
        index: int

    @dataclass
    class HeaderChosen(Message):
        """The user clicked the header of the column at `column`."""

        table: RowTable
        column: int

    def __init__(self, columns: Sequence[Column] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._rows: Sequence[Sequence[str | Content]] = ()
        self._drawn: dict[tuple[int, bool], Strip] = {}

    # What is shown ---------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return len(self._rows)

    def get_row_at(self, index: int) -> Sequence[str | Content]:
        """The cells of the row at `index`, before they are cut to their columns."""
        return self._rows[index]

    def show(self, rows: Sequence[Sequence[str | Content]], cursor: int | None = 0) -> None:
        """Show `rows` (each a cell per column), the cursor on row `cursor`."""
        self._rows = rows
        self._drawn.clear()
        self.virtual_size = Size(0, len(rows) + 1)  # no width: it never scrolls sideways
        self.set_reactive(RowTable.highlighted, None)
        self.highlighted = cursor if rows and cursor is not None else None
        if not rows:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def widths(self) -> list[int]:
        """Each column's width at the table's width (`fitted_widths`; 0: left out)."""
        return fitted_widths(self.columns, self._width())

    # Drawing ---------------------------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _line(self, cells: Sequence[str | Content], style_name: str | None) -> Strip:
        gap = Content(" " * _GAP)
        line = Content("")
        for cell, width in zip(cells, self.widths(), strict=False):
            if width:  # a column left out on a narrow table
                line += (gap if line.cell_length else Content("")) + cut(cell, width)
        style = self.get_visual_style(style_name) if style_name else self.visual_style
        return legible_strip(Visual.to_strips(self, line, self._width(), 1, style)[0])

    def _row(self, index: int, cursor: bool) -> Strip:
        key = (index, cursor)
        strip = self._drawn.get(key)
        if strip is None:
            strip = self._line(self._rows[index], "row-table--cursor" if cursor else None)
            strip = strip.apply_meta({"row": index})
            if len(self._drawn) > 400:
                self._drawn.clear()
            self._drawn[key] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        if y == 0:
            header = [column.label for column in self.columns]
            return self._line(header, "row-table--header").apply_meta({"header": True})
        index = self.scroll_offset.y + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(self._width(), self.visual_style.rich_style)
        return self._row(index, index == self.highlighted)

    def on_resize(self, event: events.Resize) -> None:
        self._drawn.clear()
        self.virtual_size = Size(0, len(self._rows) + 1)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._drawn.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._drawn.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._drawn.clear()
        self.refresh()

    # The cursor ------------------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._rows:
            return None
        return max(0, min(highlighted, len(self._rows) - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._scroll_to_cursor()
        for index in (old, new):
            if index is not None:
                self.refresh_lines(index - self.scroll_offset.y + 1, 1)
        if new is not None:
            self.post_message(self.Highlighted(self, new))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        if self.highlighted is None or not self.is_mounted:
            return
        top, rows = int(self.scroll_offset.y), self._visible_rows()
        if self.highlighted < top:
            top = self.highlighted
        elif self.highlighted >= top + rows:
            top = self.highlighted - rows + 1
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, force=True, immediate=True)
            self.refresh()

    def action_cursor_down(self) -> None:
        if self._rows:
            self.highlighted = 0 if self.highlighted is None else self.highlighted + 1

    def action_cursor_up(self) -> None:
        if self._rows:
            self.highlighted = 0 if self.highlighted is None else self.highlighted - 1

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._rows) - 1

    def action_page_down(self) -> None:
        self.highlighted = (self.highlighted or 0) + self._visible_rows()

    def action_page_up(self) -> None:
        self.highlighted = (self.highlighted or 0) - self._visible_rows()

    def action_select(self) -> None:
        """Choose the row under the cursor."""
        if self.highlighted is not None:
            self.post_message(self.Chosen(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        if event.style.meta.get("header"):
            x, at = event.x, 0
            for number, width in enumerate(self.widths()):
                if width and x < at + width + _GAP:
                    self.post_message(self.HeaderChosen(self, number))
                    return
                at += width + _GAP if width else 0
            return
        index = event.style.meta.get("row")
        if isinstance(index, int) and 0 <= index < len(self._rows):
            self.highlighted = index
            self.action_select()
