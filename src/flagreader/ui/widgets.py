"""The reader's widgets: the article list (in `article_list.py`), the reader pane (in
`reader.py`) and the search bar. They talk upward with messages."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from flagreader.ui.article_list import ArticleList
from flagreader.ui.reader import ReaderPane

__all__ = ["ArticleList", "ReaderPane", "SearchBar"]


class SearchBar(Input):
    """The search bar: its keys show in the footer while it has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Open the best hit"),
        Binding("escape", "app.clear_search", "Clear"),
    ]
