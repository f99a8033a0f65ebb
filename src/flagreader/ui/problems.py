"""What went wrong at loading: the files skipped and the notices about files that loaded, in a
view of their own (`!`), and the one line the reader says about them when a folder opens."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import ClassVar

from textual.content import Content

from flagreader.model import Corpus
from flagreader.shelf import listing
from flagreader.ui.corpus_view import CorpusView, RowPlace, ViewRow, cell_text
from flagreader.ui.table import Column
from flagreader.wording import counted

DUPLICATE = "duplicate of "
"""How the reason a duplicate was skipped begins (loading.py)."""


def _common_folder(paths: list[str]) -> str:
    """The folder all `paths` are in, ending in a separator ("" when they share none)."""
    try:
        common = (
            os.path.commonpath([os.path.dirname(os.path.abspath(path)) for path in paths]) if paths else ""
        )
    except ValueError:  # paths on different drives
        return ""
    return common.rstrip(os.sep) + os.sep if common and common != os.sep else ""


def problems_line(corpus: Corpus) -> str | None:
    """One short line about what went wrong at loading ("98 duplicates and 2 other files
    skipped: ! to see them"), or None when nothing did."""
    duplicates = sum(1 for _, reason in corpus.skipped if reason.startswith(DUPLICATE))
    others = len(corpus.skipped) - duplicates
    parts = []
    if duplicates:
        parts.append(counted(duplicates, "duplicate"))
    if others:
        parts.append(counted(others, "other file" if duplicates else "file"))
    said = " and ".join(parts) + " skipped" if parts else ""
    if corpus.notices:
        notices = counted(len(corpus.notices), "notice")
        said = f"{said}; {notices}" if said else notices
    return f"{said}: ! to see them" if said else None


class ProblemsView(CorpusView):
    """Every file skipped, and every notice about a file that loaded, with the reason; enter
    opens a file that loaded."""

    TITLE = "Problems at loading (enter opens a file that loaded)"
    COLUMNS: ClassVar[tuple[Column, ...]] = (Column("File", 30), Column("Problem", 60, flexible=True))
    base = ""
    """The folder the files' paths are shown relative to (the one opened, mostly)."""

    def make_rows(self, cancelled: Callable[[], bool]) -> list[ViewRow]:
        listed = listing(self.corpus.articles)
        positions = {row.source: number for number, row in enumerate(listed)}
        problems = [(source, f"skipped: {reason}", -1) for source, reason in self.corpus.skipped]
        problems += [(source, message, positions.get(source, -1)) for source, message in self.corpus.notices]
        base = _common_folder([source for source, _, _ in problems] + [row.source for row in listed[:1]])

        def short(text: str) -> str:  # paths under the folder opened, relative to it
            return text.replace(base, "") if base else text

        self.base = base.rstrip(os.sep)
        return [
            ViewRow((cell_text(short(source), 400), cell_text(short(problem), 400)), RowPlace(position, None))
            for source, problem, position in problems
        ]

    def _title(self) -> Content:
        title = super()._title()
        return title + Content(f"  in {self.base}").stylize("dim") if self.loaded and self.base else title

    NOT_LOADED = "That file was not loaded: the problem says why"
