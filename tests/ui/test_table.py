"""The table the corpus views draw line by line: cells cut with "…", columns that fit the width,
the cursor and the header's clicks."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.content import Content

from flagreader.ui.table import Column, RowTable, fitted_widths

COLUMNS = (Column("Value", 6), Column("What", 10, flexible=True), Column("Who", 8))


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[object] = []

    def compose(self) -> ComposeResult:
        yield RowTable(COLUMNS)

    def on_row_table_chosen(self, event: RowTable.Chosen) -> None:
        self.messages.append(("chosen", event.index))

    def on_row_table_header_chosen(self, event: RowTable.HeaderChosen) -> None:
        self.messages.append(("header", event.column))


def lines(table: RowTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def test_cells_are_cut_to_columns_that_fit_the_width() -> None:
    async def main() -> None:
        app = TableApp()
        async with app.run_test(size=(40, 8)) as pilot:
            table = app.query_one(RowTable)
            rows = [("1,000,000,000", "a figure with a long description", Content("[b]Ann[/b] Lee"))]
            rows += [(str(n), f"row {n}", "x") for n in range(20)]
            table.show(rows)
            await pilot.pause()
            shown = lines(table)
            assert shown[0].startswith("Value  What")
            assert shown[1].startswith("1,000… a figure with a long description"[:7])
            assert shown[1].endswith("[b]Ann[…")  # data, never markup
            width = table.scrollable_content_region.width  # 40, less the vertical scrollbar
            assert all(len(line) == width for line in shown)
            assert table.widths() == [6, width - 6 - 8 - 2, 8]  # the flexible column takes the rest
            assert table.virtual_size.width <= width  # no horizontal scrollbar

    asyncio.run(main())


def test_the_cursor_pages_jumps_and_chooses_and_the_header_sorts() -> None:
    async def main() -> None:
        app = TableApp()
        async with app.run_test(size=(40, 8)) as pilot:
            table = app.query_one(RowTable)
            table.show([(str(n), f"row {n}", "x") for n in range(100)])
            table.focus()
            await pilot.press("down", "down", "j")
            assert table.highlighted == 3
            await pilot.press("G")
            assert table.highlighted == 99
            assert lines(table)[-1].startswith("99")  # scrolled to it, under the header
            assert lines(table)[0].startswith("Value")  # the header stays
            await pilot.press("g", "pagedown")
            assert table.highlighted == 7  # a page is the rows under the header
            await pilot.press("enter")
            await pilot.click(RowTable, offset=(10, 0))  # the "What" header
            await pilot.pause()
            assert app.messages == [("chosen", 7), ("header", 1)]

    asyncio.run(main())


def test_on_a_narrow_table_the_flexible_column_keeps_two_fifths_and_the_others_give_way() -> None:
    columns = (Column("When", 10), Column("Who", 18, least=12), Column("Quote", 36, flexible=True))
    assert fitted_widths(columns, 120) == [10, 18, 120 - 2 - 28]  # room enough: as asked
    assert fitted_widths(columns, 50) == [10, 18, 20]  # the quote has its two fifths (19) already
    assert fitted_widths(columns, 40) == [10, 13, 15]  # 38 cells: Who gives 5 for the quote's 15
    assert fitted_widths(columns, 32) == [10, 12, 8]  # none below its least; the quote at least 8
    assert fitted_widths(columns, 30) == [10, 0, 19]  # too narrow even so: Who is left out
    five = (Column("A", 10), Column("B", 12, flexible=True), Column("C", 10, least=8), Column("D", 9))
    for width in range(20, 80):  # never wider than the table
        widths = fitted_widths(five, width)
        shown = [w for w in widths if w]
        assert sum(shown) + len(shown) - 1 <= width and widths[0] == 10 and widths[1] >= 8
