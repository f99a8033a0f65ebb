"""Views across the corpus: officials, figures side by side, quotes by speaker.

Each is a screen with a table (`CorpusView`); choosing a row closes it with the place to open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from flagreader.clippings import inferred_from
from flagreader.extract.corpus import corpus_officials
from flagreader.shelf import listing
from flagreader.ui.corpus_view import (
    CorpusView,
    RowPlace,
    ViewRow,
    cell_text,
)
from flagreader.ui.highlight import shown
from flagreader.ui.messages import Clip
from flagreader.ui.table import Column
from flagreader.views import QuoteRow, by_speaker, figure_rows_of, quote_rows_of, shown_value, value_order


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
        Column("Figure", 22, least=14),
        Column("Counts", 22, least=14),
        Column("Given by", 20, least=12),
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
    # The speaker's column keeps room for "Bernie Sanders · the senator" at 80 columns.
    COLUMNS = (
        Column("Speaker", 30, least=28),
        Column("Quote", 62, flexible=True),
        Column("Article", 30, least=12),
    )

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
