"""The reader's keys, anywhere in the app: the footer, the help screen and the command palette
are all made from this list."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType

from flagreader.ui.highlight import KINDS

LIST_BINDINGS: list[BindingType] = [
    Binding("down,j", "cursor_down", "Down", show=False),
    Binding("up,k", "cursor_up", "Up", show=False),
    Binding("home,g", "first", "First", show=False),
    Binding("end,G", "last", "Last", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("enter", "select", "Open", show=False),
]
"""The keys of a list drawn line by line: the article list and the views' tables."""

APP_BINDINGS: list[BindingType] = [
    # A priority binding: handled when the key arrives, before the keys queued after it are
    # routed, so letters typed right after / (while the app is busy) go into the search bar.
    Binding("slash", "search", "Search", tooltip="Type to search; enter opens a hit", priority=True),
    Binding(
        "escape",
        "clear_search",
        "Clear",
        show=False,
        tooltip="Clear the search, then the officials filter",
    ),
    Binding("right_square_bracket", "quote(1)", "Next quote", tooltip="Mark the next quote and scroll to it"),
    Binding(
        "left_square_bracket",
        "quote(-1)",
        "Previous quote",
        show=False,
        tooltip="Mark the previous quote and scroll to it",
    ),
    Binding("y", "copy_quote", "Copy quote", tooltip="Copy the marked quote with its source, and save it"),
    Binding("c", "clip", "Clip", show=False, tooltip="Save the marked quote as a clipping, without copying"),
    Binding(
        "o", "open_original", "Open original", show=False, tooltip="Open the post's web page, or the file"
    ),
    Binding("u", "toggle_mark('read')", "Read/unread", show=False, tooltip="Mark the article read or unread"),
    Binding("U", "unread_only", "Unread only", show=False, tooltip="List only unread articles, or all"),
    Binding("A", "all_read", "All read", show=False, tooltip="Mark every article listed read"),
    Binding(
        "b",
        "toggle_mark('bookmark')",
        "Bookmark",
        show=False,
        tooltip="Bookmark the article, or remove it",
    ),
    Binding("B", "view('bookmarks')", "Bookmarks", show=False, tooltip="Every bookmarked article"),
    Binding("C", "view('clippings')", "Clippings", tooltip="Saved quotes: open, copy, annotate, export"),
    Binding("n", "match(1)", "Next match", show=False, tooltip="Next place the search matches"),
    Binding("N", "match(-1)", "Previous match", show=False, tooltip="Previous place the search matches"),
    *(
        Binding(str(number), f"toggle_kind('{kind}')", f"Toggle {kind}s", show=False)
        for number, kind in enumerate(KINDS, 1)
    ),
    Binding(
        "R",
        "refresh",
        "Refresh",
        show=False,
        tooltip="Read the folders again (they are watched as well), or fetch what is new in the feeds",
    ),
    Binding("J", "unread(1)", "Next unread", show=False, tooltip="Open the next unread article in the list"),
    Binding(
        "K",
        "unread(-1)",
        "Previous unread",
        show=False,
        tooltip="Open the previous unread article in the list",
    ),
    Binding(
        "ctrl+o,alt+left",
        "history(-1)",
        "Back",
        show=False,
        tooltip="Back to the article and place read before",
    ),
    Binding("alt+right", "history(1)", "Forward", show=False, tooltip="Forward again, after going back"),
    Binding("O", "view('officials')", "Officials", tooltip="All officials across the articles"),
    Binding("F", "view('figures')", "Figures", tooltip="All figures side by side, sortable"),
    Binding("Q", "view('quotes')", "Quotes", tooltip="All quotes, grouped by speaker"),
    Binding(
        "exclamation_mark",
        "view('problems')",
        "Problems",
        show=False,
        tooltip="Every file skipped at loading, and every notice, with the reason",
    ),
    Binding("question_mark", "help", "Help", tooltip="Every key, by where it works"),
    Binding("q", "quit", "Quit"),
]


def commands_for(app: App[Any], bindings: Iterable[BindingType]) -> Iterator[SystemCommand]:
    """A command palette entry for each binding's action, by its description (Quit aside:
    Textual's own commands have it)."""
    for binding in Binding.make_bindings(bindings):
        if binding.action != "quit":
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                partial(app.call_later, app.run_action, binding.action),
            )
