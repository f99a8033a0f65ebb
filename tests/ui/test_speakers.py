"""The quotes view says how the text named each speaker: the words, dimmed, when they are a
pronoun or a role ("Bernie Sanders · he"), "(org.)" for an organisation; never as markup."""

from __future__ import annotations

import io
from dataclasses import replace

from rich.console import Console
from tests.speakers import speakers_article, speakers_corpus
from tests.ui.test_app import (
    assert_clipboard_is_inert,
    assert_no_escape_reaches_the_terminal,
    drive,
    loaded_table,
)
from textual.content import Content
from textual.pilot import Pilot

from flagreader.model import Corpus, Mention
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.views import QuotesView, speaker_cell
from flagreader.views import quote_rows


async def speaker_column(app: FlagreaderApp, pilot: Pilot[None]) -> list[Content]:
    table = await loaded_table(app, pilot)
    cells = [table.get_row_at(row)[0] for row in range(table.row_count)]
    return [cell if isinstance(cell, Content) else Content(cell) for cell in cells]


def screen_text(app: FlagreaderApp) -> str:
    """The screen's text, without its styles."""
    console = Console(width=app.size.width, file=io.StringIO(), record=True, force_terminal=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def dimmed(cell: Content) -> str:
    return "".join(cell.plain[span.start : span.end] for span in cell.spans if "dim" in str(span.style))


def test_the_quotes_view_shows_the_words_a_speaker_was_inferred_from() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, QuotesView)
        cells = await speaker_column(app, pilot)
        assert [cell.plain for cell in cells] == [
            "Bernie Sanders · he",
            "Bernie Sanders · the senator",
            "Bernie Sanders",  # "..., Sanders said": named
            "Brian Fallon",
            "Sanders campaign (org.)",
            "—",
        ]
        assert [dimmed(cell) for cell in cells] == [" · he", " · the senator", "", "", " (org.)", ""]

    drive(scenario, speakers_corpus())


def test_at_80_columns_the_speaker_and_the_words_still_show_whole() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await pilot.pause()
        screen = screen_text(app)
        assert "Bernie Sanders · the senator" in screen and "Sanders campaign (org.)" in screen

    drive(scenario, speakers_corpus(), size=(80, 24))


def test_a_long_role_is_cut_and_the_name_kept() -> None:
    article = speakers_article()
    quote = replace(
        article.quotes[1],
        speaker="Donald Trump",
        speaker_mention=Mention("the presumptive Republican presidential nominee", 0, 0),
    )
    (row,) = quote_rows(Corpus(articles=[replace(article, quotes=(quote,))]))
    assert speaker_cell(row, 30).plain == "Donald Trump · the presumptiv…"


def test_a_speaker_and_words_with_markup_and_escapes_show_as_text() -> None:
    article = speakers_article()
    hostile = replace(
        article.quotes[0], speaker="[/]", speaker_mention=Mention("[@click=app.quit]\x1b[2J", 0, 0)
    )
    corpus = Corpus(articles=[replace(article, quotes=(hostile,))])

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await pilot.pause()
        assert (await speaker_column(app, pilot))[0].plain == "[/] · [@click=app.quit]\\x1b[2J"
        assert_no_escape_reaches_the_terminal(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running
        assert '([/] [inferred from "[@click=app.quit]\\x1b[2J"]; "Sanders Vows' in app.clipboard
        assert_clipboard_is_inert(app.clipboard)
        assert_no_escape_reaches_the_terminal(app)  # the notification

    drive(scenario, corpus)
