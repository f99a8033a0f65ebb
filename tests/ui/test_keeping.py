"""Reading state in the app: read marks, bookmarks, clippings and their views, and what the
app says when the store has a problem. Each test runs with its own data folder (conftest)."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from tests.speakers import speakers_corpus
from tests.ui.test_app import (
    ESCAPES,
    assert_clipboard_is_inert,
    assert_no_escape_reaches_the_terminal,
    cell_text,
    drive,
    wait_until,
)
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

import flagreader
from flagreader.clippings import citation, clip_quote
from flagreader.model import Article
from flagreader.store import DATABASE_NAME, Store
from flagreader.textsafe import clipboard_safe, terminal_safe
from flagreader.ui import clipboard
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.keeping import AskScreen, BookmarksView, ClippingsView, ConfirmScreen, clipping_of
from flagreader.ui.table import RowTable
from flagreader.ui.widgets import ArticleList, ReaderPane


@pytest.fixture(autouse=True)
def no_local_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "copy_with_local_tool", lambda text, which=None: None)


def line(app: FlagreaderApp, index: int) -> str:
    return "\n".join(part.plain for part in app.query_one(ArticleList).lines_at(index))


def notifications(app: FlagreaderApp) -> str:
    return "\n".join(notification.message for notification in app._notifications)


async def mark_quote(pilot: Pilot[None], count: int) -> None:
    pilot.app.query_one(ReaderPane).focus()
    await pilot.press(*["right_square_bracket"] * count)
    await pilot.pause()


def test_y_copies_and_saves_c_saves_and_the_view_opens_copies_notes_deletes(data_dir: Path) -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await mark_quote(pilot, 2)  # Bilisbekov's "In actual fact ..."
        await pilot.press("y")
        copied = app.clipboard
        assert copied.startswith('"In actual fact, these are people who have been deceived')
        assert "(Nurgali Bilisbekov, Deputy Chairman of Kazakhstan's National Security Committee;" in copied
        assert "saved as clipping 1" in notifications(app)
        await pilot.press("right_square_bracket", "c")  # the next quote: saved, not copied
        assert app.clipboard == copied
        saved = Store.open(data_dir).clippings()
        assert [c.id for c in saved] == [1, 2]
        assert citation(saved[0]) == copied

        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ClippingsView)
        table = app.screen.query_one(RowTable)
        assert table.row_count == 2
        assert cell_text(table.get_row_at(0)[2]).startswith(saved[1].quote[:20])  # newest first
        await pilot.press("down", "y")  # the older one, copied again
        assert app.clipboard == copied
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"compare [150] with 300", "enter")
        await pilot.pause()
        assert Store.open(data_dir).clippings()[0].note == "compare [150] with 300"
        assert cell_text(table.get_row_at(1)[4]).startswith("compare [150] w")
        await pilot.press("up", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [c.id for c in Store.open(data_dir).clippings()] == [1]
        assert table.row_count == 1
        await pilot.press("enter")  # opens the article at the quote
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.current == (saved[0].start, saved[0].end)

    drive(scenario)


def test_the_clippings_view_writes_them_to_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """w proposes a file in the folder the reader was started in, and writes there."""
    target = tmp_path / "out" / "clips.json"
    target.parent.mkdir()
    monkeypatch.chdir(tmp_path)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await mark_quote(pilot, 2)
        await pilot.press("c", "C")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == str(tmp_path / "flagreader-clippings.md")
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.exists()
        assert '"speaker": "Nurgali Bilisbekov"' in target.read_text(encoding="utf-8")
        assert f"Wrote 1 clipping to {target}" in notifications(app)

    drive(scenario)


def test_w_asks_before_replacing_a_file_and_replaces_a_link_not_what_it_points_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """w wrote over any file of the name it was given, and put a file in place of a symbolic
    link, without a word: now it asks, and n keeps what is there."""
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "notes.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("what the link points to\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(elsewhere)

    async def write_to(app: FlagreaderApp, pilot: Pilot[None], target: Path) -> None:
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await mark_quote(pilot, 2)
        await pilot.press("c", "C")
        await pilot.pause()
        await write_to(app, pilot, mine)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"{mine} is a file already. Replace it?" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert mine.read_text(encoding="utf-8") == "my own notes\n"
        assert "Wrote" not in notifications(app)
        await write_to(app, pilot, link)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"{link} is a symbolic link to {elsewhere} already" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert not link.is_symlink() and "Nurgali Bilisbekov" in link.read_text(encoding="utf-8")
        assert elsewhere.read_text(encoding="utf-8") == "what the link points to\n"
        assert f"Wrote 1 clipping to {link}" in notifications(app)
        await write_to(app, pilot, mine)
        await pilot.press("y")
        await pilot.pause()
        assert "Nurgali Bilisbekov" in mine.read_text(encoding="utf-8")
        assert sorted(path.name for path in tmp_path.iterdir()) == ["elsewhere.md", "link.md", "notes.md"]

    drive(scenario)


def test_w_writes_nothing_when_the_clippings_saved_could_not_be_read(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer flagreader's database: the view is empty for the session, and w must not write
    that emptiness out as if it were the clippings."""
    db = sqlite3.connect(data_dir / DATABASE_NAME)
    db.execute("PRAGMA user_version = 99")
    db.close()
    monkeypatch.chdir(tmp_path)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("C", "w")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not (tmp_path / "flagreader-clippings.md").exists()
        assert "Nothing written: the clippings saved could not be read" in notifications(app)

    drive(scenario)


def test_read_marks_last_and_u_big_u_and_a_work_on_the_list() -> None:
    async def first_session(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("down", "enter")  # open the second: read at once
        await pilot.pause()
        assert line(app, 1).startswith("✓ ") and not line(app, 0).startswith("✓")

    async def second_session(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        assert line(app, 1).startswith("✓ ")  # still read after a restart
        articles.focus()
        await pilot.press("U")  # unread only: the first article alone
        assert articles.option_count == 1 and articles.article_at(0).title.startswith("Kazakhs Fighting")
        await pilot.press("U")
        assert articles.option_count == 2
        articles.highlighted = 1
        await pilot.press("u")  # back to unread
        assert not line(app, 1).startswith("✓")
        await pilot.press("A")  # every article listed: read, once the user says yes
        await pilot.pause()
        assert "Mark 2 articles listed read?" in str(app.screen.query_one(Label).visual)
        await pilot.press("n")  # keeps them as they are
        await pilot.pause()
        assert not line(app, 1).startswith("✓")
        await pilot.press("A", "y")
        await pilot.pause()
        assert line(app, 0).startswith("✓ ") and line(app, 1).startswith("✓ ")
        await pilot.press("U")
        await pilot.pause()
        assert articles.option_count == 0
        hint = " ".join(articles.render_line(y).text.strip() for y in range(3)).strip()
        assert hint == "No unread articles: U lists them all"
        assert app.sub_title == "0 unread of 2 articles"  # what the list shows, not "2 articles"
        await pilot.press("U")
        assert app.sub_title == "2 articles"

    drive(first_session)
    drive(second_session)


def test_bookmarks_toggle_show_in_the_list_and_in_their_view() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        articles.focus()
        articles.highlighted = 1
        await pilot.press("b")
        assert line(app, 1).startswith("★ ") and not line(app, 0).startswith("★")
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksView)
        table = app.screen.query_one(RowTable)
        assert table.row_count == 1
        assert cell_text(table.get_row_at(0)[0]).startswith("Kazakhstan Says It Won't Prosecute")
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.article.title.startswith("Kazakhstan Says")
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("b")  # removed from the view
        assert app.screen.query_one(RowTable).row_count == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not line(app, 1).startswith("★")

    drive(scenario)


def test_hostile_clipping_text_shows_as_text_in_the_view(data_dir: Path) -> None:
    """Markup in a stored quote and note shows as written; escapes show as text, never reach
    the terminal; copying gives the quote exactly."""
    corpus = flagreader.load_corpus()
    article = corpus.articles[0]
    store = Store.open(data_dir)
    made = clip_quote(article, article.quotes[0].start)
    assert made is not None
    store.add_clipping(replace(made, quote=f"[@click=app.quit]x[/] {ESCAPES}", note="[b]n[/b]"))
    store.close()

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("C")
        await pilot.pause()
        row = app.screen.query_one(RowTable).get_row_at(0)
        assert cell_text(row[2]).startswith("[@click=app.quit]x[/] \\x1b[2J")
        assert cell_text(row[4]) == "[b]n[/b]"
        assert_no_escape_reaches_the_terminal(app)  # the table, the whole quote below it
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.startswith(f'"[@click=app.quit]x[/] {clipboard_safe(ESCAPES)}"')
        assert_clipboard_is_inert(app.clipboard)
        assert_no_escape_reaches_the_terminal(app)  # the notification

    drive(scenario, corpus)


def test_a_crafted_created_column_shows_as_text_in_both_views(data_dir: Path) -> None:
    """A damaged or crafted database whose `created` is not a time stamp: B and C show what it
    holds as text; an OSC 52 in it must not set the terminal's clipboard."""
    osc52 = "\x1b]52;c;ZWNobyBwd25lZAo=\x07"
    corpus = flagreader.load_corpus()
    article = corpus.articles[0]
    store = Store.open(data_dir)
    made = clip_quote(article, article.quotes[0].start)
    assert made is not None
    store.add_clipping(replace(made, created=osc52))
    store.mark("bookmark", [(article.id, article.title, article.source)])
    store.close()
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        db.execute("UPDATE marks SET created = ?", (osc52,))
    db.close()

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        for key, view, column in (("C", ClippingsView, 0), ("B", BookmarksView, 2)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, view)
            assert cell_text(app.screen.query_one(RowTable).get_row_at(0)[column]) == "\\x1b]52;c;ZWNob…"
            assert_no_escape_reaches_the_terminal(app)
            await pilot.press("escape")

    drive(scenario, corpus)


def test_a_store_that_fails_is_reported_and_the_reader_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked database or a full disk while saving: the reader says so and keeps working."""

    def locked(*args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        assert app.store is not None
        monkeypatch.setattr(app.store, "mark", locked)
        monkeypatch.setattr(app.store, "add_clipping", locked)
        app.query_one(ArticleList).focus()
        await pilot.press("u", "b")
        await mark_quote(pilot, 1)
        await pilot.press("y")
        await pilot.pause()
        assert notifications(app).count("Reading state: database is locked") == 3
        assert not line(app, 0).startswith(("✓", "★"))
        await pilot.press("down")
        assert app.is_running

    drive(scenario)


def test_a_bookmark_of_an_article_not_loaded_can_be_removed(data_dir: Path) -> None:
    Store.open(data_dir).mark("bookmark", [("gone", "An article of another folder", "/elsewhere/a.txt")])

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("B")
        await pilot.pause()
        table = app.screen.query_one(RowTable)
        assert [cell_text(table.get_row_at(0)[0]), cell_text(table.get_row_at(0)[3])] == [
            "An article of another folder",
            "not loaded",
        ]
        await pilot.press("enter")
        assert "not among the ones loaded" in notifications(app)
        await pilot.press("b")
        assert table.row_count == 0
        assert Store.open(data_dir).marks("bookmark") == []

    drive(scenario)


def test_a_data_folder_that_cannot_be_used_is_reported_and_the_reader_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("FLAGREADER_DATA_DIR", str(blocker / "data"))

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        assert "state will not be saved" in notifications(app)
        await mark_quote(pilot, 1)
        await pilot.press("y")
        assert "kept for this session only as clipping 1" in notifications(app)
        assert app.clipboard.startswith('"')

    drive(scenario)


def test_a_corrupt_database_is_reported_and_the_reader_works(data_dir: Path) -> None:
    (data_dir / DATABASE_NAME).write_bytes(b"garbage" * 1000)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        assert "could not be read; it was moved aside to state.sqlite3.corrupt-" in notifications(app)
        await mark_quote(pilot, 1)
        await pilot.press("c")
        assert len(Store.open(data_dir).clippings()) == 1

    drive(scenario)


def test_two_apps_on_one_database_both_keep_working() -> None:
    """Two readers open at once on the same data folder: each saves, neither loses the
    other's writes, and each sees both in its views. (Both run in this process; two processes
    making and writing one database at once are tested in tests/unit/test_store.py.)"""

    async def main() -> None:
        corpus = flagreader.load_corpus()
        left, right = FlagreaderApp(corpus=corpus), FlagreaderApp(corpus=corpus)
        async with left.run_test(size=(120, 36)) as one, right.run_test(size=(120, 36)) as two:
            await mark_quote(one, 1)
            await mark_quote(two, 2)
            await one.press("c")
            await two.press("c")
            await one.press("b")
            right.query_one(ArticleList).focus()
            await two.press("down", "b")
            for pilot in (one, two):
                await pilot.press("C")
                await pilot.pause()
                assert pilot.app.screen.query_one(RowTable).row_count == 2
                await pilot.press("escape", "B")
                await pilot.pause()
                assert pilot.app.screen.query_one(RowTable).row_count == 2

    asyncio.run(main())


def test_a_speaker_inferred_from_a_pronoun_or_a_role_is_cited_so_everywhere() -> None:
    """Copied from the quotes view, saved without copying, shown in the clippings view: the
    same citation each time, saying which words of the text the speaker was inferred from."""
    source = 'Vermont senator; "Sanders Vows To Fight On", Campaign Trail, Jane Reporter'
    by_pronoun = f'"We are not going to back down [now]" (Bernie Sanders [inferred from "he"], {source})'
    by_role = f'"We have the momentum" (Bernie Sanders [inferred from "the senator"], {source})'

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        await pilot.pause()
        await pilot.press("y")  # the first row: "..." he said
        assert app.clipboard == by_pronoun
        assert notifications(app).endswith(f":\n{by_pronoun}")
        await pilot.press("down", "c")  # "..." the senator told reporters: saved, not copied
        assert notifications(app).endswith(f"Clipping 2 saved:\n{by_role}")
        await pilot.press("escape", "C")
        await pilot.pause()
        assert isinstance(app.screen, ClippingsView)
        preview = app.screen.query_one(".preview", Static).visual
        assert isinstance(preview, Content) and preview.plain == by_role  # the newest first
        await pilot.press("down")
        await pilot.pause()
        preview = app.screen.query_one(".preview", Static).visual
        assert isinstance(preview, Content) and preview.plain == by_pronoun

    drive(scenario, speakers_corpus())


def test_an_empty_bookmarks_view_says_how_to_bookmark() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("B")
        await pilot.pause()
        title = str(app.screen.query_one(".view-title", Label).visual)
        assert "No bookmarks yet: b bookmarks the article you are reading" in title

    drive(scenario)


async def three_clippings(app: FlagreaderApp, pilot: Pilot[None]) -> RowTable:
    """Save the seed's first three quotes as clippings and open the clippings view."""
    await mark_quote(pilot, 1)
    await pilot.press("c", "right_square_bracket", "c", "right_square_bracket", "c", "C")
    await pilot.pause()
    assert isinstance(app.screen, ClippingsView)
    table = app.screen.query_one(RowTable)
    assert table.row_count == 3
    return table


def preview_text(app: FlagreaderApp) -> str:
    preview = app.screen.query_one(".preview", Static).visual
    assert isinstance(preview, Content)
    return preview.plain


def test_deleting_a_clipping_shows_the_next_one_and_enter_opens_the_row_highlighted(data_dir: Path) -> None:
    """After d y, the cursor stays on its line, now the next clipping; the preview shows that
    one, and enter opens it (not the deleted one, nor another row)."""

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        table = await three_clippings(app, pilot)
        newest_first = list(reversed(Store.open(data_dir).clippings()))
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert table.row_count == 2 and table.highlighted == 1
        assert preview_text(app) == citation(newest_first[2])
        await pilot.press("d", "y")  # the last row: the cursor goes up to the one left
        await pilot.pause()
        assert table.row_count == 1 and table.highlighted == 0
        assert preview_text(app) == citation(newest_first[0])
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.current == (newest_first[0].start, newest_first[0].end)

    drive(scenario)


def test_the_delete_question_is_seen_whole_and_the_quote_cut_at_80_columns() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await mark_quote(pilot, 2)  # a long quote: "In actual fact, these are people who ..."
        await pilot.press("c", "C")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.query_one(".question", Label)
        assert question.size.height == 1 and question.size.width >= len(
            "Delete this clipping? y deletes, n keeps it"
        )
        subject = app.screen.query_one(".subject", Label)
        assert subject.size.height == 1
        drawn = "".join(segment.text for segment in subject.render_line(0))
        assert drawn.startswith("In actual fact, these are people") and drawn.rstrip().endswith("…")

    drive(scenario, size=(80, 24))


def test_slash_filters_the_clippings_and_the_bookmarks() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        table = await three_clippings(app, pilot)
        view = app.screen
        assert isinstance(view, ClippingsView)
        await pilot.press("slash", *"decieved")  # a typo of "deceived", in one quote only
        await wait_until(lambda: view.filtered > 0 and table.row_count == 1)
        assert "deceived" in cell_text(table.get_row_at(0)[2])
        assert "1 of 3 rows" in str(view.query_one(".view-title", Label).visual)
        assert "deceived" in preview_text(app)
        await pilot.press("escape", "escape")  # clears the filter, closes the view
        await pilot.pause()
        app.query_one(ArticleList).focus()
        await pilot.press("b", "down", "b", "B")  # both seed posts bookmarked
        await pilot.pause()
        bookmarks = app.screen
        assert isinstance(bookmarks, BookmarksView)
        table = bookmarks.query_one(RowTable)
        assert table.row_count == 2
        await pilot.press("slash", *"prosecte")
        await wait_until(lambda: bookmarks.filtered > 0 and table.row_count == 1)
        assert cell_text(table.get_row_at(0)[0]).startswith("Kazakhstan Says It Won't Prosecute")

    drive(scenario)


def test_a_quote_copied_from_a_folder_cites_its_file_relative_to_the_folder_opened(tmp_path: Path) -> None:
    """No byline, no blog: the citation names the file from the folder opened, all of it
    ("2016/world/budget.txt"), not just its last folder, nor the path on this machine."""
    news = tmp_path / "news"
    (news / "2016" / "world").mkdir(parents=True)
    (news / "2016" / "world" / "budget.txt").write_text(
        "Budget Talks Resume\n\n"
        '"We will balance the budget by 2018," Finance Minister John Smith said on Monday.\n',
        encoding="utf-8",
    )

    async def main() -> None:
        app = FlagreaderApp(paths=[news], data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            reader = app.query_one(ReaderPane)
            await wait_until(lambda: reader.article is not None and bool(reader.article.quotes))
            reader.focus()
            await pilot.press("right_square_bracket", "y")
            await pilot.pause()
            assert app.clipboard == (
                '"We will balance the budget by 2018" (John Smith, Finance Minister;'
                ' "Budget Talks Resume", 2016/world/budget.txt)'
            )

    asyncio.run(main())


def test_a_hostile_note_or_folder_name_never_reaches_the_terminal_from_the_dialogs(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """n on a clipping whose stored note holds an escape sequence (a crafted database), and w
    started in a folder whose name holds one: the text field shows the escapes as text, and w
    proposes the home folder instead (the escaped name would be another path)."""
    corpus = flagreader.load_corpus()
    article = corpus.articles[0]
    made = clip_quote(article, article.quotes[0].start)
    assert made is not None
    Store.open(data_dir).add_clipping(replace(made, note=f"see {ESCAPES}"))
    hostile = tmp_path / "corpus \x1b[2J x"
    hostile.mkdir()
    monkeypatch.chdir(hostile)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("C", "n")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one(Input).value == f"see {terminal_safe(ESCAPES)}".replace("\n", "\\n")
        assert_no_escape_reaches_the_terminal(app)
        await pilot.press("escape", "w")
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(Path.home() / "flagreader-clippings.md")
        assert_no_escape_reaches_the_terminal(app)

    drive(scenario, corpus)


def test_w_after_the_starting_folder_was_removed_proposes_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("C", "w")
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(Path.home() / "flagreader-clippings.md")

    drive(scenario)


def test_a_filter_that_keeps_no_clipping_empties_the_preview() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await three_clippings(app, pilot)
        view = app.screen
        assert isinstance(view, ClippingsView) and preview_text(app)
        await pilot.press("slash", *"zzzzqqqqxxxx")
        await wait_until(lambda: view.filtered > 0 and view.query_one(RowTable).row_count == 0)
        assert preview_text(app) == ""

    drive(scenario)


def test_a_note_changed_under_a_filter_keeps_the_cursor_on_that_clipping(data_dir: Path) -> None:
    """The clipping whose note no longer matches stays shown, under the cursor, until the
    filter changes: d then deletes it, not its neighbour."""

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        table = await three_clippings(app, pilot)
        view = app.screen
        assert isinstance(view, ClippingsView)
        for row in range(3):
            table.highlighted = row
            await pilot.press("n", *"zebra", "enter")
            await pilot.pause()
        await pilot.press("slash", *"zebra", "enter")
        await wait_until(lambda: view.filtered > 0)
        table.highlighted = 1
        edited = clipping_of(view.rows[1])
        await pilot.press("n", *["backspace"] * 5, *"other", "enter")
        await pilot.pause()
        current = view.current()
        assert current is not None and clipping_of(current).id == edited.id
        assert clipping_of(current).note == "other" and table.row_count == 3
        await pilot.press("d", "y")
        await pilot.pause()
        assert edited.id not in [c.id for c in Store.open(data_dir).clippings()]
        assert len(Store.open(data_dir).clippings()) == 2

    drive(scenario)


def test_a_filter_worked_out_for_rows_since_changed_is_not_shown() -> None:
    """A filter's result arriving after a clipping was deleted holds places among the rows of
    before: it is dropped, not shown over the rows of now (which it would misplace)."""

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        table = await three_clippings(app, pilot)
        view = app.screen
        assert isinstance(view, ClippingsView)
        before = view.rows
        view.filter_text = "kazakh"
        await pilot.press("d", "y")  # the rows change while that filter is worked out
        await pilot.pause()
        assert view.rows is not before and table.row_count == 2
        view._show_filtered(before, [2], "kazakh")  # its result, late: the third row of before
        assert table.row_count == 2 and view.filtered == 0

    drive(scenario)


def test_opening_the_kept_views_reads_no_article() -> None:
    """B and C list what is kept from the reading state and the list's rows: an article is
    read from the corpus only when its row is chosen."""
    corpus = flagreader.load_corpus()
    reads: list[int] = []

    class Counting(list[Article]):
        def __getitem__(self, index):  # type: ignore[no-untyped-def]
            reads.append(index)
            return super().__getitem__(index)

    counted = replace(corpus, articles=Counting(corpus.articles))

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.query_one(ArticleList).focus()
        await pilot.press("b", "down", "b")
        await mark_quote(pilot, 1)
        await pilot.press("c")
        reads.clear()
        await pilot.press("B")
        await pilot.pause()
        assert app.screen.query_one(RowTable).row_count == 2
        await pilot.press("escape", "C")
        await pilot.pause()
        assert app.screen.query_one(RowTable).row_count == 1
        assert reads == []
        await pilot.press("enter")  # now the article is read, to open it
        await pilot.pause()
        assert reads and app.query_one(ReaderPane).current is not None

    drive(scenario, counted)


def test_a_quote_from_a_feeds_entry_is_cited_with_the_posts_url() -> None:
    corpus = flagreader.load_corpus()
    post = replace(corpus.articles[0], source="https://blog.example/2015/03/victims-of-propaganda")

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await mark_quote(pilot, 2)
        await pilot.press("y")
        assert app.clipboard.startswith('"In actual fact')
        assert app.clipboard.endswith(
            "Propaganda'\", Under The Black Flag, Joanna Paraszczuk,"
            " https://blog.example/2015/03/victims-of-propaganda)"
        )

    drive(scenario, replace(corpus, articles=[post, *corpus.articles[1:]]))
