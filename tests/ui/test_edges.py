"""Edge cases a demanding user hits: empty views, keys before results or before loading has
finished, tall paragraphs, filters combined, small windows, repeated keys."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest
from tests.ui.test_app import assert_no_escape_reaches_the_terminal, drive, loaded_table
from tests.ui.test_speakers import screen_text
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static

import flagreader
from flagreader.formats import Block, ParsedDocument, assemble
from flagreader.model import Corpus
from flagreader.seeds import seeds_dir
from flagreader.store import Store
from flagreader.ui import clipboard, loading_app
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.help import HelpScreen
from flagreader.ui.table import RowTable
from flagreader.ui.widgets import ArticleList, ReaderPane

SEEDS = seeds_dir()


@pytest.fixture(autouse=True)
def no_local_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "copy_with_local_tool", lambda text, which=None: None)


def notifications(app: FlagreaderApp) -> str:
    return "\n".join(notification.message for notification in app._notifications)


def test_quote_keys_in_a_quotes_view_with_no_quotes_say_so() -> None:
    plain = assemble(
        ParsedDocument(title="A plain title", blocks=[Block("The weather was fine.")]), "p", "text"
    )
    corpus = Corpus(articles=[plain])
    flagreader.extract_corpus(corpus)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await pilot.pause()
        await pilot.press("y", "c", "s")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert "No quote here" in notifications(app)

    drive(scenario, corpus)


def test_enter_opens_the_best_hit_for_what_is_typed_even_before_results_are_drawn() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash")
        app.query_one("#search", Input).value = "zharylgasov"  # as a paste: no results drawn yet
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.article.title.startswith("Kazakhstan Says")
        assert reader.current is not None

    drive(scenario)


def test_text_typed_while_a_folder_loads_is_searched_and_keeps_its_focus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load = loading_app.load_corpus

    def slow_load(*args: object, **kwargs: object) -> Corpus:
        time.sleep(0.5)
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading_app, "load_corpus", slow_load)

    async def main() -> None:
        app = FlagreaderApp(paths=[SEEDS])
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("O", "u", "b")  # before anything is loaded: nothing to do, no crash
            await pilot.press("slash", *"zharylg")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.query_one("#search", Input).has_focus
            articles = app.query_one(ArticleList)
            assert articles.option_count >= 1 and not articles._listing_articles  # searched
            assert articles.article_at(0).title.startswith("Kazakhstan Says")
            await pilot.press(*" q")  # q is a letter in the search bar, not quit
            assert app.is_running
            assert app.query_one("#search", Input).value == "zharylg q"

    asyncio.run(main())


def test_hits_found_during_extraction_open_the_extracted_article() -> None:
    unextracted = flagreader.load_corpus(extract=False)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app._extracting = True
        await pilot.press("slash", *"zharylgasov")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape", "O")
        await pilot.pause()
        assert "Still finding officials, figures and quotes" in notifications(app)
        await pilot.press("escape", "slash")
        flagreader.extract_corpus(unextracted)
        unextracted.build_index()
        app._extracted()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.article.extracted
        await pilot.press("right_square_bracket")
        assert reader.current is not None  # the article's quotes are there

    drive(scenario, unextracted)


def test_a_mark_deep_in_a_tall_paragraph_is_scrolled_into_view() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        reader.focus()
        checked = 0
        for _ in range(11):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert reader.article is not None and reader.current is not None
            start = reader.current[0]
            index = next(i for i, p in enumerate(reader.article.paragraphs) if p.start <= start <= p.end)
            paragraph = reader.article.paragraphs[index]
            top, height = reader.paragraph_lines(index)
            into = (start - paragraph.start) / (paragraph.end - paragraph.start)
            if height > reader.scrollable_content_region.height and into > 0.4:
                line = top + int(into * height)
                assert reader.scroll_y <= line < reader.scroll_y + reader.scrollable_content_region.height
                checked += 1
        assert checked  # at 40x12 some quotes sit deep in paragraphs taller than the view

    drive(scenario, size=(40, 12))


def test_unread_only_stays_on_after_leaving_an_officials_filter() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("down", "enter")  # the second post is read now
        articles.focus()
        await pilot.press("U")
        assert articles.option_count == 1
        await pilot.press("O")
        await pilot.pause()
        await pilot.press("enter")  # Nurgali Bilisbekov: the first post, unread
        await pilot.pause()
        assert "unread article" in app.sub_title
        await pilot.press("escape")  # opening Bilisbekov's post read it too: no unread left
        await pilot.pause()
        assert articles.option_count == 0
        articles.focus()
        await pilot.press("U")  # one press lists all again: the mode was still on
        assert articles.option_count == 2

    drive(scenario)


def test_the_clippings_view_shows_its_rows_at_40x12() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.query_one(ReaderPane).focus()
        await pilot.press("right_square_bracket", "c", "right_square_bracket", "c", "C")
        await pilot.pause()
        table = app.screen.query_one(RowTable)
        assert table.row_count == 2
        assert table.scrollable_content_region.height >= 2  # the header and a clipping at least
        await pilot.press("d", "y", "d", "y")
        await pilot.pause()
        assert table.row_count == 0
        preview = app.screen.query_one(".preview", Static).visual
        assert isinstance(preview, Content) and preview.plain == ""

    drive(scenario, size=(40, 12))


def test_help_lists_the_views_keys_and_the_reader_keeps_j_and_k() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        sections = {title: "\n".join(rows) for title, rows in app.screen.section_texts().items()}
        assert "Remove bookmark" in sections["Bookmarks view"]
        clippings = sections["Clippings view"]
        assert all(word in clippings for word in ("Copy", "Note", "Delete", "Write to file"))
        assert "j" in sections["Reader"] and "k" in sections["Reader"]
        assert all(keys in sections["Reader"] for keys in ("home / g", "end / G", "pgup", "pgdn / space"))
        assert sections["Search bar"].split() == ["⏎", "Open", "the", "best", "hit", "esc", "Clear"]
        generic = ("Scroll Left", "Page Left", "Delete right to start of word", "Move cursor")
        assert not any(words in rows for rows in sections.values() for words in generic)

    drive(scenario)


def test_the_palette_in_a_view_offers_no_reader_actions() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Officials" not in titles and "Next quote" not in titles

    drive(scenario)


def test_y_twice_saves_one_clipping_and_big_n_finds_the_last_match(data_dir: Path) -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.query_one(ReaderPane).focus()
        await pilot.press("right_square_bracket", "y", "y")
        assert len(Store.open(data_dir).clippings()) == 1
        assert "already saved as clipping 1" in notifications(app)
        await pilot.press("slash", *"bilisbekov", "enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        reader.current = None
        await pilot.press("N")
        assert reader.article is not None and reader.current is not None
        assert reader.article.body[reader.current[0] : reader.current[1]].startswith("Bilisbekov")
        assert reader.current[0] > len(reader.article.body) // 2  # the last one, not "no more"

    drive(scenario)


def test_resizing_after_opening_another_article_keeps_its_top() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        reader.focus()
        await pilot.press(*["right_square_bracket"] * 6)  # well down the first post
        await pilot.pause()
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("down", "enter")  # the second, from its top
        await pilot.pause()
        assert reader.scroll_y == 0
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert reader.scroll_y == 0

    drive(scenario)


def test_letters_queued_right_after_slash_go_into_the_search() -> None:
    """A busy app (a folder still being read) gets "/" and the next letters in one burst: the
    letters are searched for, not taken as commands by the list (b would bookmark, u mark read)."""

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        assert app._driver is not None
        for key, char in [("slash", "/"), ("b", "b"), ("u", "u"), ("d", "d"), ("g", "g")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # all queued before the app handles the first
        await pilot.pause()
        assert app.query_one("#search", Input).value == "budg"
        assert app.state is not None and not app.state.is_bookmarked(app.corpus.articles[0])  # type: ignore[union-attr]

    drive(scenario)


def test_the_reader_shows_when_it_has_the_keys_as_the_list_does() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
        articles.focus()
        await pilot.pause()
        blurred, list_focused = reader.styles.border_top, articles.styles.border_top
        reader.focus()
        await pilot.pause()
        focused = reader.styles.border_top
        assert focused != blurred and focused[0] != ""
        assert focused == list_focused  # one sign of focus for both panes

    drive(scenario)


def test_the_title_and_byline_stay_in_the_top_edge_once_the_title_scrolls_away() -> None:
    corpus = flagreader.load_corpus()
    hostile = replace(corpus.articles[0], title="[b]Markup[/b] \x1b[2J in a title")

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        edge = screen_text(app).splitlines()[4]  # the reader's top edge
        assert "Markup" not in edge  # the title shows in the article itself
        reader.focus()
        await pilot.press("j", "j", "j")
        await pilot.pause()
        edge = screen_text(app).splitlines()[4]
        assert "[b]Markup[/b] \\x1b[2J in a title · Joanna Paraszczuk" in edge
        assert_no_escape_reaches_the_terminal(app)
        await pilot.press("g")
        await pilot.pause()
        assert "Markup" not in screen_text(app).splitlines()[4]

    drive(scenario, replace(corpus, articles=[hostile, *corpus.articles[1:]]))


def test_back_and_forward_return_to_the_article_and_the_place_read() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
        first = reader.article
        assert first is not None
        reader.focus()
        await pilot.press(*"j" * 20)  # past the header, into the paragraphs
        await pilot.pause()
        scrolled = reader.scroll_y
        assert scrolled > 0
        articles.focus()
        await pilot.press("down", "enter")  # the second post
        await pilot.pause()
        second = reader.article
        assert second is not None and second.id != first.id
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == first.id
        assert reader.scroll_y == scrolled and articles.highlighted == 0  # the place, the list along
        await pilot.press("alt+right")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == second.id
        await pilot.press("O")  # then an official's mention, from the officials view
        await loaded_table(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.current is not None
        await pilot.press("alt+left")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == second.id and reader.current is None
        await pilot.press("ctrl+o", "ctrl+o")
        await pilot.pause()
        assert reader.article.id == first.id
        assert "Nothing further back" in [n.message for n in app._notifications]

    drive(scenario)


def test_big_j_and_big_k_open_the_next_and_previous_unread_articles() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
        state = app.state
        assert state is not None and reader.article is not None
        first = reader.article  # shown at start, so not read yet
        await pilot.press("J")
        await pilot.pause()
        assert reader.article is not None and reader.article.id != first.id
        assert state.is_read(reader.article) and articles.highlighted == 1
        await pilot.press("J")  # nothing unread below
        await pilot.pause()
        assert "No unread article after this one in the list" in [n.message for n in app._notifications]
        await pilot.press("K")  # the first, still unread
        await pilot.pause()
        assert reader.article.id == first.id and state.is_read(first)
        await pilot.press("J")  # both read now
        await pilot.pause()
        assert reader.article.id == first.id

    drive(scenario)


def four_posts() -> Corpus:
    """The two seed posts twice over, as four articles of their own."""
    seeds = flagreader.load_corpus().articles
    articles = [
        replace(seeds[number % 2], id=f"post-{number}", title=f"Post {number} {seeds[number % 2].title}")
        for number in range(4)
    ]
    return Corpus(articles=articles)


def test_big_j_skips_what_is_read_and_walks_the_hits_when_hits_are_listed() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
        state = app.state
        assert state is not None and reader.article is not None
        state.set_mark("read", [articles.article_at(1)], True)
        await pilot.press("J")  # from post 0: post 1 is read, post 2 is next
        await pilot.pause()
        assert reader.article.id == "post-2" and articles.highlighted == 2
        await pilot.press("slash", *"bilisbekov")  # hits: the posts about him, 0 and 2
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = [row.id for row in articles.rows()]
        assert sorted(hits) == ["post-0", "post-2"]
        await pilot.press("escape")  # out of the search bar, the hits still listed
        app.query_one(ReaderPane).focus()
        await pilot.press("K")  # post 0, the unread hit before post 2 in the hits' order
        await pilot.pause()
        assert reader.article.id == "post-0"

    drive(scenario, four_posts())


def test_back_passes_over_an_article_no_longer_loaded_and_reopening_one_keeps_its_place() -> None:
    from flagreader.history import Visit

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
        assert reader.article is not None
        first = reader.article.id
        reader.focus()
        await pilot.press(*"j" * 20)
        await pilot.pause()
        scrolled = reader.scroll_y
        articles.focus()
        await pilot.pause()
        await pilot.press("enter")  # the same article again, from its top
        await pilot.pause()
        assert reader.article.id == first and reader.scroll_y == 0
        app.history.leave(Visit("no-longer-loaded"))
        articles.focus()
        await pilot.pause()
        await pilot.press("down", "enter")  # the second post
        await pilot.pause()
        second = reader.article.id
        assert second != first
        await pilot.press("ctrl+o")  # the first post at its top
        await pilot.pause()
        assert reader.article.id == first and reader.scroll_y == 0
        await pilot.press("ctrl+o")  # past the missing one, to where it was scrolled
        await pilot.pause()
        assert reader.article.id == first and reader.scroll_y == scrolled
        await pilot.press("alt+right")  # forward, no dead step
        await pilot.pause()
        assert reader.article.id == first and reader.scroll_y == 0
        await pilot.press("alt+right")
        await pilot.pause()
        assert reader.article.id == second

    drive(scenario)


def test_o_opens_a_posts_web_page_or_a_files_own_and_never_another_scheme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda address: opened.append(address) or True)
    seeds = flagreader.load_corpus().articles
    post = replace(seeds[0], source="https://blog.example/2015/03/post")
    odd = replace(seeds[1], source="javascript:alert(1)")

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert opened == ["https://blog.example/2015/03/post"]
        articles.focus()
        await pilot.pause()
        await pilot.press("down", "enter", "o")  # an entry naming another scheme: nothing opened
        await app.workers.wait_for_complete()
        assert reader.article is not None and reader.article.source == "javascript:alert(1)"
        assert opened == ["https://blog.example/2015/03/post"]
        assert "This article has no web page or file to open" in [n.message for n in app._notifications]

    drive(scenario, Corpus(articles=[post, odd]))
    opened.clear()

    async def a_file(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert opened == [Path(seeds[0].source).resolve().as_uri()]

    drive(a_file)
    opened.clear()
    local = [  # a JSON Feed item's "url", or its "id" when it has no url, naming local files
        replace(seeds[0], source="/etc/passwd", format="feed"),
        replace(seeds[1], source=seeds[1].source, format="feed"),
    ]

    async def a_feed_naming_files(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        articles.focus()
        await pilot.pause()
        await pilot.press("down", "enter", "o")
        await app.workers.wait_for_complete()
        assert opened == []
        said = [n.message for n in app._notifications]
        assert said.count("This article has no web page or file to open") == 2

    drive(a_feed_naming_files, Corpus(articles=local))
