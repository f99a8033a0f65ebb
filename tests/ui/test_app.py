"""The reader app, driven by Textual's Pilot: what is on screen, what is copied, where it scrolls.

Each test runs its scenario with asyncio.run (no pytest plugin needed).
"""

from __future__ import annotations

import asyncio
import io
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual._compositor import CompositorUpdate
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Label

import flagreader
from flagreader import extract_process
from flagreader.formats import Block, ParsedDocument, assemble
from flagreader.model import Corpus
from flagreader.seeds import seeds_dir
from flagreader.textsafe import clipboard_safe
from flagreader.ui import clipboard, loading_app
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.corpus_view import CorpusView as CorpusViewType
from flagreader.ui.table import RowTable
from flagreader.ui.widgets import ArticleList, ReaderPane

Scenario = Callable[[FlagreaderApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def no_local_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the machine's clipboard tools; OSC 52 lands in app.clipboard."""
    monkeypatch.setattr(clipboard, "copy_with_local_tool", lambda text, which=None: None)


def drive(scenario: Scenario, corpus: Corpus | None = None, size: tuple[int, int] = (120, 36)) -> None:
    async def main() -> None:
        app = FlagreaderApp(corpus=corpus if corpus is not None else flagreader.load_corpus())
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


async def wait_until(condition: Callable[[], bool], seconds: float = 20) -> None:
    """Wait for `condition` (work in a thread), failing the test after `seconds`."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


async def loaded_table(app: FlagreaderApp, pilot: Pilot[None]) -> RowTable:
    """The table of the corpus view on screen, once its rows are made (in a thread)."""
    from flagreader.ui.corpus_view import CorpusView

    await pilot.pause()
    view = app.screen
    assert isinstance(view, CorpusView)
    await wait_until(lambda: view.loaded)
    await pilot.pause()
    return view.query_one(RowTable)


async def sorted_table(app: FlagreaderApp, pilot: Pilot[None], *keys: str) -> None:
    """Press `keys` (a sort) and wait for the sorted rows to show."""
    from flagreader.ui.corpus_view import CorpusView

    view = app.screen
    assert isinstance(view, CorpusView)
    before = view.sorts
    await pilot.press(*keys)
    await wait_until(lambda: view.sorts != before)
    await pilot.pause()


def cell_text(cell: str | Content) -> str:
    """A cell's text, whether it is kept as a string or as styled Content."""
    return cell.plain if isinstance(cell, Content) else cell


def column_texts(table: RowTable, index: int) -> list[str]:
    """The texts of one column of a view's table, row by row."""
    return [cell_text(table.get_row_at(row)[index]) for row in range(table.row_count)]


def paragraphs(app: FlagreaderApp) -> list[str]:
    """The text of each paragraph as the reader shows it."""
    reader = app.query_one(ReaderPane)
    assert reader.article is not None
    return [reader.paragraph_content(index).plain for index in range(len(reader.article.paragraphs))]


def test_starts_on_the_seed_posts_with_the_first_one_open() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        assert app.query_one(ArticleList).option_count == 2
        reader = app.query_one(ReaderPane)
        assert reader.article is not None
        assert reader.article.title == "Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"
        assert any("one of the first [countries] to introduce" in text for text in paragraphs(app))

    drive(scenario)


def terminal_output(app: FlagreaderApp) -> str:
    """What the app would write to a terminal for the whole screen now."""
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=200)
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, CompositorUpdate)
    return update.render_segments(console)


ESCAPES = "\x1b[2J \x1b]52;c;aGk=\x07 \x9b31m \u202e \u200f"
"""A screen clear, a clipboard write (OSC 52), a C1 control sequence, a bidi override and a
right-to-left mark."""


def assert_clipboard_is_inert(text: str) -> None:
    """Nothing a shell or an editor would act on when the clipboard is pasted: no C0 control but
    tab and newline, no DEL or C1 control, no bidi override or mark."""
    assert not [c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F], text
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f"
    assert not set(text) & set(bidi), text


def assert_no_escape_reaches_the_terminal(app: FlagreaderApp) -> None:
    out = terminal_output(app)
    assert "\x1b[2J" not in out and "\x1b]52;c;aGk=" not in out
    assert "\x9b" not in out and "\u202e" not in out and "\x07" not in out


def test_article_text_is_never_markup_or_escapes() -> None:
    hostile = assemble(
        ParsedDocument(
            title=f"[bold]Not bold[/] [@click=app.quit]x[/] {ESCAPES}",
            blocks=[
                Block("Plain [/] and [@click=app.quit]quit[/] and [red]red[/red]."),
                Block(f"Bell \x07 esc \x1b[2J. {ESCAPES}"),
                Block(f'"A quote {ESCAPES} here," Nurgali Bilisbekov said.'),
            ],
        ),
        f"hostile {ESCAPES}.txt",
        "text",
    )
    corpus = Corpus(articles=[hostile])
    flagreader.extract_corpus(corpus)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        texts = paragraphs(app)
        assert texts[0] == "Plain [/] and [@click=app.quit]quit[/] and [red]red[/red]."
        assert "\x1b" not in texts[1] and "\\x1b[2J" in texts[1]
        assert_no_escape_reaches_the_terminal(app)  # the list, the header, the reader
        await pilot.click(ReaderPane)
        assert app.is_running
        for keys in (["Q"], ["escape", "O"], ["escape", "F"], ["escape", "slash", *"quote"]):
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert_no_escape_reaches_the_terminal(app)  # the views, the search hits
        await pilot.press("escape", "escape")
        app.query_one(ReaderPane).focus()
        await pilot.press("right_square_bracket", "y")  # a notification with the quote
        await pilot.pause()
        assert app.clipboard.startswith(f'"A quote {clipboard_safe(ESCAPES)} here')  # as the note shows it
        assert_clipboard_is_inert(app.clipboard)
        assert_no_escape_reaches_the_terminal(app)

    drive(scenario, corpus)


PASTE_ATTACK = "ok\x1b[201~\x15\x0ftouch /tmp/pwned\r\x9b201~\x1b[200~"
"""A quote that, pasted raw into bash, ends the bracketed paste, clears the line (^U) and runs
a command (^O, CR)."""


def test_a_quote_reaches_the_clipboard_inert_by_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    to_local_tool: list[str] = []
    monkeypatch.setattr(clipboard, "over_ssh", lambda: False)
    monkeypatch.setattr(
        clipboard, "copy_with_local_tool", lambda text, which=None: to_local_tool.append(text) or "xclip"
    )
    quoted = assemble(
        ParsedDocument(title="Paste", blocks=[Block(f'"{PASTE_ATTACK}," Nurgali Bilisbekov said.')]),
        "paste.txt",
        "text",
    )
    corpus = Corpus(articles=[quoted])
    flagreader.extract_corpus(corpus)
    shown: list[str] = []

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        monkeypatch.setattr(app, "notify", lambda message, **kw: shown.append(message))
        app.query_one(ReaderPane).focus()
        await pilot.press("right_square_bracket", "y")
        await app.workers.wait_for_complete()  # the local tool runs in a thread
        await pilot.pause()
        assert app.clipboard.startswith('"ok\\x1b[201~\\x15\\x0ftouch /tmp/pwned \\x9b201~')
        assert to_local_tool == [app.clipboard]  # the local tool gets the same text as OSC 52
        assert_clipboard_is_inert(app.clipboard)
        assert shown[0].endswith(app.clipboard)  # the note shows what was copied
        assert shown[1:] == ["Also copied by xclip"]  # and which local tool took it

    drive(scenario, corpus)


def test_a_selection_copied_with_ctrl_c_is_inert() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.copy_to_clipboard(PASTE_ATTACK)  # the route Textual's ctrl+c on a selection takes
        assert_clipboard_is_inert(app.clipboard)
        assert "touch /tmp/pwned" in app.clipboard

    drive(scenario)


def test_next_quote_and_copy_with_its_source() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("right_square_bracket", "right_square_bracket")
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.current is not None
        assert reader.article.body[reader.current[0] :].startswith("In actual fact")
        await pilot.press("y")
        assert app.clipboard.startswith('"In actual fact, these are people who have been deceived')
        assert app.clipboard.endswith(
            "they are afraid\" (Nurgali Bilisbekov, Deputy Chairman of Kazakhstan's National Security "
            "Committee; \"Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'\", Under The Black "
            "Flag, Joanna Paraszczuk)"
        )
        await pilot.press("left_square_bracket")
        assert reader.article.body[reader.current[0] :].startswith("victims of radical propaganda")

    drive(scenario)


def test_search_as_you_type_then_open_the_hit_at_its_passage() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"zharylgasv", "space", *"populat")
        await app.workers.wait_for_complete()
        await pilot.pause()
        articles = app.query_one(ArticleList)
        assert articles.option_count >= 1
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.article.title.startswith("Kazakhstan Says")
        assert reader.current is not None
        assert "population" in reader.article.body[reader.current[0] : reader.current[1]]
        assert reader.scroll_y > 0  # the passage is far down the article
        await pilot.press("escape")
        assert articles.option_count == 2

    drive(scenario)


def test_a_pasted_page_in_the_search_bar_is_searched_by_its_first_words() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash")
        app.query_one("#search", Input).value = " ".join(["kazakh"] * 40_000)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.query_one(ArticleList).option_count >= 1
        assert any(
            "Searching the first 64 of the query's 40,000 words" in n.message for n in app._notifications
        )

    drive(scenario)


def test_toggling_a_kind_of_highlight() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        await pilot.press("4")
        assert "quote" not in reader.shown
        await pilot.press("4")
        assert "quote" in reader.shown

    drive(scenario)


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (200, 60)])
def test_any_size_renders(size: tuple[int, int]) -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("right_square_bracket")
        await pilot.resize_terminal(*size[::-1][::-1])
        await pilot.pause()
        assert app.is_running

    drive(scenario, size=size)


def test_loads_paths_in_a_worker_and_lists_skipped_files(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "good.txt").write_text("A [b]Good[/b] Article\n\nBody text here.\n")
    (folder / "empty.txt").write_text("")

    async def main() -> None:
        app = FlagreaderApp(paths=[folder])
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.query_one(ArticleList).option_count == 1
            reader = app.query_one(ReaderPane)
            assert reader.article is not None and reader.article.title == "A [b]Good[/b] Article"
            said = [str(n.message) for n in app._notifications]
            assert "1 file skipped: ! to see them" in said  # one short line, not a wall of paths
            await pilot.press("exclamation_mark")
            table = await loaded_table(app, pilot)
            rows = [[cell_text(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
            assert rows == [["empty.txt", "skipped: empty file (0 bytes)"]]  # under the folder opened
            await pilot.press("enter")  # a file that did not load: nothing to open, the view stays
            await pilot.pause()
            assert len(app.screen_stack) == 2

    asyncio.run(main())


def test_the_problems_line_counts_duplicates_apart() -> None:
    from flagreader.model import Corpus, Notice, Skipped
    from flagreader.ui.problems import problems_line

    def said(skipped: int, duplicates: int, notices: int) -> str | None:
        corpus = Corpus(articles=[])
        corpus.skipped = [Skipped(f"d{n}.txt", "duplicate of a.txt (same text)") for n in range(duplicates)]
        corpus.skipped += [Skipped(f"s{n}.bin", "binary file") for n in range(skipped)]
        corpus.notices = [Notice(f"n{n}.txt", "decoded as latin-1") for n in range(notices)]
        return problems_line(corpus)

    assert said(2, 98, 0) == "98 duplicates and 2 other files skipped: ! to see them"
    assert said(1, 0, 0) == "1 file skipped: ! to see them"
    assert said(0, 1, 3) == "1 duplicate skipped; 3 notices: ! to see them"
    assert said(0, 0, 1) == "1 notice: ! to see them"
    assert said(0, 0, 0) is None


def test_officials_view_opens_an_official_at_their_first_mention() -> None:
    from flagreader.ui.views import OfficialsView

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("O")
        table = await loaded_table(app, pilot)
        assert isinstance(app.screen, OfficialsView)
        assert table.row_count == 5
        names = column_texts(table, 0)
        assert "Nurtai Abykaev" in names
        await pilot.press(*["down"] * names.index("Aspenbi Zharylgasov"), "enter")
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.current is not None
        assert reader.article.body[reader.current[0] : reader.current[1]] == "Aspenbi Zharylgasov"

    drive(scenario)


def _styled(app: FlagreaderApp, component: str) -> list[str]:
    """The texts of the reader's body that carry a component class's style."""
    reader = app.query_one(ReaderPane)
    assert reader.article is not None
    style = reader.get_visual_style(component)
    found = []
    for index in range(len(reader.article.paragraphs)):
        content = reader.paragraph_content(index)
        found += [content.plain[span.start : span.end] for span in content.spans if span.style == style]
    return found


def test_choosing_an_official_lists_their_articles_and_marks_every_mention() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        assert articles.option_count == 2
        await pilot.press("O")
        table = await loaded_table(app, pilot)
        names = column_texts(table, 0)
        await pilot.press(*["down"] * names.index("Aspenbi Zharylgasov"), "enter")
        await pilot.pause()
        # He is named in the second post only: the list shows just that one.
        assert articles.option_count == 1
        assert articles.article_at(0).title.startswith("Kazakhstan Says It Won't Prosecute")
        assert "naming Aspenbi Zharylgasov" in app.sub_title
        marked = _styled(app, "reader--spotlight")
        assert "Aspenbi Zharylgasov" in marked and "Zharylgasov" in marked
        assert all("Zharylgasov" in text for text in marked)
        assert "Bilisbekov" not in " ".join(marked)
        await pilot.press("escape")
        await pilot.pause()
        assert articles.option_count == 2
        assert _styled(app, "reader--spotlight") == []
        assert "naming" not in app.sub_title

    drive(scenario)


def test_help_lists_every_key_of_the_app_list_and_reader() -> None:
    from flagreader.ui.help import HelpScreen

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = [row for rows in app.screen.section_texts().values() for row in rows]
        text = "\n".join(lines)
        for owner in (FlagreaderApp, ArticleList, ReaderPane):
            for binding in owner.BINDINGS:
                assert not isinstance(binding, tuple)
                for key in binding.key.split(","):
                    shown = app.get_key_display(binding.with_key(key))
                    assert any(
                        line.lstrip().startswith(shown) or f"/ {shown} " in line or f" {shown} /" in line
                        for line in lines
                    ), f"{owner.__name__}: {key} ({binding.description}) not in the help"
        assert "^p" in text and "Command palette" in text
        assert "drag" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    drive(scenario)


def _top_paragraph(reader: ReaderPane) -> int:
    assert reader.article is not None
    return next(
        index
        for index in range(len(reader.article.paragraphs))
        if sum(reader.paragraph_lines(index)) > reader.scroll_y
    )


def test_resizing_keeps_the_place() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        reader.focus()
        await pilot.press(*["right_square_bracket"] * 6)
        await pilot.pause()
        place = _top_paragraph(reader)
        assert place > 5  # well into the article, where reflowing the text moves things
        for size in ((70, 20), (120, 36), (40, 12), (120, 36)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert _top_paragraph(reader) == place, size

    drive(scenario)


def test_vim_keys_go_to_the_top_and_bottom() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        reader.focus()
        await pilot.press("G")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert reader.scroll_y == 0
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("G")
        assert articles.highlighted == 1
        await pilot.press("g")
        assert articles.highlighted == 0

    drive(scenario)


def test_finished_extraction_redraws_highlights_without_moving_the_reader() -> None:
    unextracted = flagreader.load_corpus(extract=False)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        assert _styled(app, "reader--figure") == []
        assert "counting…" in "\n".join(c.plain for c in app.query_one(ArticleList).lines_at(0))
        reader.scroll_to(y=40, animate=False, immediate=True)
        await pilot.pause()
        flagreader.loading.extract_corpus(unextracted)
        app._extracted()
        await pilot.pause()
        assert reader.scroll_y == 40
        figures = _styled(app, "reader--figure")
        assert "around 150" in figures and "over 300" in figures
        assert "counting…" not in "\n".join(c.plain for c in app.query_one(ArticleList).lines_at(0))

    drive(scenario, unextracted)


def test_figures_view_sorts_by_value_then_other_columns() -> None:
    from flagreader.ui.corpus_view import sort_key as _sort_key

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("F")
        table = await loaded_table(app, pilot)
        assert table.row_count == 31

        def column(index: int) -> list[str]:
            return column_texts(table, index)

        def low(value: str) -> float:
            return float(value.split("-")[0].replace(",", ""))

        await sorted_table(app, pilot, "s")  # by value, lowest first; a range by its low end
        assert [low(v) for v in column(0)] == sorted(low(v) for v in column(0))
        assert "2,000-4,000" in column(0)
        await sorted_table(app, pilot, "s")  # reversed
        assert [low(v) for v in column(0)] == sorted((low(v) for v in column(0)), reverse=True)
        await sorted_table(app, pilot, "s")  # the next column: the figure's words, as text
        assert column(1) == sorted(column(1), key=lambda text: _sort_key(Content(text)))
        view = app.screen
        assert isinstance(view, CorpusViewType)
        before = view.sorts
        await pilot.click(RowTable, offset=(40, 0))  # the "Counts" header
        await wait_until(lambda: view.sorts != before)
        await pilot.pause()
        counts = [c for c in column(2) if c]
        assert counts == sorted(counts, key=str.casefold)

    drive(scenario)


def test_quotes_view_groups_by_speaker_and_copies_with_the_source() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        table = await loaded_table(app, pilot)
        speakers = column_texts(table, 0)
        assert speakers[0] == "Andrey Kravchenko" and speakers[-1] == "—"
        await pilot.press("y")
        assert app.clipboard == (
            '"well aware" (Andrey Kravchenko, Kazakhstan\'s Deputy Prosecutor General; "Kazakhs Fighting '
            "With IS Are 'Victims Of Radical Propaganda'\", Under The Black Flag, Joanna Paraszczuk)"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1  # the view closed

    drive(scenario)


def test_n_and_shift_n_step_through_the_search_matches() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"deceivd", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.current is not None
        first = reader.current
        assert reader.article.body[first[0] : first[1]] == "deceived"
        await pilot.press("n")
        second = reader.current
        assert second[0] > first[0] and reader.article.body[second[0] : second[1]] == "deceived"
        await pilot.press("N")
        assert reader.current == first

    drive(scenario)


def test_every_match_is_lit_at_once_and_the_header_counts_them() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"kazakh", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None
        body = reader.article.body
        total = sum(1 for start, end in reader.matches if body[start:end].lower().startswith("kazakh"))
        assert total == len(reader.matches) > 3  # every match, lit when the hit opened
        lit = _styled(app, "reader--match")
        assert sum(1 for text in lit if text.lower().startswith("kazakh")) >= total - 1  # all but the current
        await pilot.press("n", "n")
        assert app.sub_title.startswith(f"match 3/{total}")
        assert _styled(app, "reader--current") == [body[reader.current[0] : reader.current[1]]]

    drive(scenario)


def test_every_action_is_in_the_command_palette() -> None:
    from flagreader.ui.views import FiguresView

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        for binding in FlagreaderApp.BINDINGS:
            assert not isinstance(binding, tuple)
            assert binding.description in commands, binding.description
        assert {
            "Search",
            "Officials",
            "Figures",
            "Quotes",
            "Copy quote",
            "Next match",
            "Toggle quotes",
        } <= set(commands)
        commands["Figures"].callback()
        await pilot.pause()
        assert isinstance(app.screen, FiguresView)

    drive(scenario)


def test_ctrl_c_copies_a_mouse_selection() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        reader = app.query_one(ReaderPane)
        gutter = reader.styles.gutter  # the border and the padding
        row = gutter.top + reader.paragraph_lines(0)[0] - round(reader.scroll_y)  # the first paragraph's
        left = gutter.left
        await pilot.mouse_down(reader, offset=(left, row))
        await pilot.hover(reader, offset=(left + 12, row))
        await pilot.mouse_up(reader, offset=(left + 12, row))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard.startswith("Some of the")

    drive(scenario)


def test_an_opened_article_is_marked_read_in_the_list() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)

        def line(index: int) -> str:
            return "\n".join(part.plain for part in articles.lines_at(index))

        assert not line(0).startswith("✓") and not line(1).startswith("✓")  # opened by itself: not read
        articles.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert line(1).startswith("✓ Kazakhstan Says It Won't Prosecute")
        assert not line(0).startswith("✓")
        await pilot.press("slash", *"zharylgasov")  # hits replace the list; clearing restores marks
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert line(1).startswith("✓") and not line(0).startswith("✓")

    drive(scenario)


def test_a_title_hit_marks_the_title_and_shows_the_opening_below() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"title:kazakhs fighting")
        await app.workers.wait_for_complete()
        await pilot.pause()
        articles = app.query_one(ArticleList)
        title, below = articles.lines_at(0)
        assert title.plain == "Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'  [title]"
        assert below.plain.startswith("Some of the Kazakh nationals who have gone to fight")
        marked = [title.plain[s.start : s.end] for s in title.spans if "reverse" in str(s.style)]
        assert marked == ["Kazakhs", "Fighting"]

    drive(scenario)


def test_a_folder_opened_again_shows_its_kept_extraction_and_index_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second launch on a folder reads the article cache: the first screen is already
    highlighted and searchable, and no extraction runs; an edited file alone is read and
    extracted again, and its new text shows."""
    folder = tmp_path / "articles"
    shutil.copytree(seeds_dir(), folder)
    data = tmp_path / "data"

    async def launch() -> tuple[bool, int, list[str]]:
        app = FlagreaderApp(paths=[folder], data_dir=data)
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.corpus is not None
            indexed_at_load = app.corpus._index is not None
            await app.workers.wait_for_complete()
            await pilot.pause()
            quotes = sum(len(article.quotes) for article in app.corpus.articles)
            bodies = [article.body for article in app.corpus.articles]
        assert app.cache is not None
        app.cache.close()
        return indexed_at_load, quotes, bodies

    _, quotes, _ = asyncio.run(launch())
    extracted: list[str] = []
    real = extract_process.extract_one

    def counting(article: flagreader.Article) -> flagreader.Article | str:
        extracted.append(Path(article.source).name)
        return real(article)

    monkeypatch.setattr(extract_process, "extract_one", counting)
    indexed, again, _ = asyncio.run(launch())
    assert indexed and again == quotes > 0 and extracted == []
    edited = sorted(folder.iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Islamic", "Ysslamic"), encoding="utf-8")
    _, _, bodies = asyncio.run(launch())
    assert extracted == [edited.name] and any("Ysslamic" in body for body in bodies)


def test_a_second_launch_lists_at_once_and_takes_in_what_the_walk_finds_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list as it was last shown comes from the cache before the folder is walked; when the
    walk finds a file changed, the list takes the change in and the article being read stays."""
    import threading

    folder = tmp_path / "articles"
    shutil.copytree(seeds_dir(), folder)
    data = tmp_path / "data"

    async def first() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=data)
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()

    asyncio.run(first())
    second = sorted(folder.iterdir())[1]
    second.write_text(
        second.read_text(encoding="utf-8").replace("Kazakhstan Says", "Astana Says", 1), "utf-8"
    )
    walked = threading.Event()
    real_load = loading_app.load_corpus

    def slow_walk(*args: object, **kwargs: object) -> Corpus:
        assert walked.wait(10)  # until the test has seen the early list
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading_app, "load_corpus", slow_walk)

    async def again() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=data)
        async with app.run_test(size=(120, 36)) as pilot:
            articles = app.query_one(ArticleList)
            for _ in range(100):
                await pilot.pause(0.02)
                if articles.option_count:
                    break
            assert articles.lines_at(1)[0].plain.startswith("Kazakhstan Says")  # as last shown
            assert app._index_read.wait(5)  # the kept index, read just after the first screen
            assert app.corpus is not None and app.corpus._index is not None  # searchable, before the walk
            reader = app.query_one(ReaderPane)
            first_shown = reader.article
            walked.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert articles.article_at(1).title.startswith("Astana Says")
            assert (
                reader.article is not None and first_shown is not None and reader.article.id == first_shown.id
            )

    asyncio.run(again())


def test_a_large_folder_read_for_the_first_time_is_listed_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of many files opened for the first time shows the articles read so far, the
    first one highlighted, and the list grows as the rest are read."""
    import threading

    from flagreader import file_reading, loading

    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(30):
        text = f'Report {number:02}\n\nMinister Ana Lopes said {number} people came. "Welcome," Lopes said.\n'
        (folder / f"{number:02}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loading, "STREAM_AFTER", 5)
    seen, go_on = threading.Event(), threading.Event()
    real_parse = file_reading.parse_file

    def slow_parse(path: Path, data: bytes) -> object:
        if path.name == "12.txt":
            seen.set()
            assert go_on.wait(10)  # until the test has seen the list of the first ones
        return real_parse(path, data)

    monkeypatch.setattr(file_reading, "parse_file", slow_parse)

    async def main() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            articles, reader = app.query_one(ArticleList), app.query_one(ReaderPane)
            for _ in range(200):
                await pilot.pause(0.02)
                if seen.is_set() and articles.option_count:
                    break
            assert 5 <= articles.option_count <= 12  # the first ones, while the rest are read
            assert reader.article is not None and reader.article.extracted  # highlighted already
            go_on.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert articles.option_count == 30
            assert articles.lines_at(29)[0].plain == "Report 29"

    asyncio.run(main())


def test_extraction_in_the_reader_runs_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's extraction goes to worker processes, not its own thread: while the app runs,
    Textual's stand-in for stderr has no file descriptor, and the process pool, starting
    multiprocessing's resource tracker then, failed ("bad value(s) in fds_to_keep") and fell
    back to extracting in the reader's process, under the lock a key waits for."""
    folder = tmp_path / "articles"
    shutil.copytree(seeds_dir(), folder)
    for number in range(3):
        (folder / f"extra{number}.txt").write_text(
            f'Story {number}\n\nMinister Anna Petrova said {number + 2} men left, "We counted them."\n',
            encoding="utf-8",
        )
    in_thread: list[int] = []
    real = extract_process.extract_batch

    def here(articles: list[flagreader.Article]) -> list[flagreader.Article | str]:
        in_thread.append(len(articles))
        return real(articles)

    monkeypatch.setattr(extract_process, "extract_batch", here)

    async def main() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert app.corpus is not None
            assert all(article.extracted for article in app.corpus.articles)
            assert any(article.quotes for article in app.corpus.articles)
        assert app.cache is not None
        app.cache.close()

    asyncio.run(main())
    assert in_thread == []


def test_a_corpus_view_opens_at_once_and_closes_while_its_rows_are_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rows of a view are made in a thread: the view shows at once, saying what it reads,
    and escape closes it before they are made (on 10,625 articles, F held the reader for 11 s
    making 80,660 rows on its thread)."""
    import threading

    from flagreader.ui.views import FiguresView

    release = threading.Event()
    real = FiguresView.make_rows

    def slow(self: FiguresView, cancelled: Callable[[], bool]) -> list[object]:
        release.wait(10)
        return real(self, cancelled)  # type: ignore[return-value]

    monkeypatch.setattr(FiguresView, "make_rows", slow)

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("F")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, FiguresView) and not view.loaded
        assert "reading 2 articles…" in str(view.query_one(".view-title", Label).visual)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1  # closed while the rows were still being made
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.screen_stack) == 1

    drive(scenario)


def test_the_reader_loads_no_extractor_rules_before_its_first_frame() -> None:
    # A second launch needs no extraction before it draws: the extractor's ~200 rules and numpy
    # cost 175 ms of the 0.7 s to a first screen of 95,625 articles.
    import subprocess
    import sys

    heavy = ("flagreader.extract.article", "flagreader.extract.people", "flagreader.extract_process", "numpy")
    code = f"import sys, flagreader.ui.app; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_view_filters_its_rows_as_you_type_typos_and_all() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("F")
        table = await loaded_table(app, pilot)
        view = app.screen
        assert isinstance(view, CorpusViewType) and table.row_count == 31
        before = view.filtered
        await pilot.press("slash", *"childen", "space", *"estimated")  # "children", one letter off
        await wait_until(lambda: view.filtered != before and view.filter_text == "childen estimated")
        await pilot.pause()
        rows = [[cell_text(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert rows and all("children" in " ".join(row).lower() for row in rows)
        assert [row[1] for row in rows] == ["an estimated 50"]
        assert "1 of 31 rows" in str(view.query_one(".view-title", Label).visual)
        await pilot.press("enter", "enter")  # to the rows, then open the one row kept
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert len(app.screen_stack) == 1 and reader.article is not None and reader.current is not None
        assert reader.article.body[reader.current[0] : reader.current[1]] == "an estimated 50"

    drive(scenario)


def test_escape_clears_a_view_s_filter_before_it_closes_the_view() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("Q")
        table = await loaded_table(app, pilot)
        view = app.screen
        assert isinstance(view, CorpusViewType)
        total = table.row_count
        await pilot.press("slash", *"zharylgasov")
        await wait_until(lambda: view.filtered > 0)
        await pilot.pause()
        assert 0 < table.row_count < total
        await pilot.press("escape")
        await wait_until(lambda: table.row_count == total)
        assert len(app.screen_stack) == 2 and view.filter_text == ""
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1

    drive(scenario)


def test_the_list_follows_the_article_a_view_opens_and_b_acts_on_it() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        articles = app.query_one(ArticleList)
        assert articles.highlighted == 0
        await pilot.press("Q")
        table = await loaded_table(app, pilot)
        speakers = column_texts(table, 0)
        await pilot.press(*["down"] * speakers.index("Aspenbi Zharylgasov"), "enter")  # the second post
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        assert reader.article is not None and reader.article.title.startswith("Kazakhstan Says")
        assert articles.highlighted is not None
        assert articles.article_at(articles.highlighted).id == reader.article.id
        articles.focus()
        await pilot.press("b")  # with the list focused: the article on screen, not the first
        await pilot.pause()
        assert app.state is not None and app.state.is_bookmarked(reader.article)
        assert not app.state.is_bookmarked(articles.article_at(0))

    drive(scenario)


def test_a_sort_under_a_filter_shows_only_the_rows_kept_with_the_cursor_on_its_row() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        await pilot.press("F")
        table = await loaded_table(app, pilot)
        view = app.screen
        assert isinstance(view, CorpusViewType)
        await pilot.press("slash", *"citizens")
        await wait_until(lambda: view.filtered > 0 and view.filter_text == "citizens")
        await pilot.press("enter", "down", "down")  # to the rows; the third one kept
        kept = table.row_count
        assert 2 < kept < 31
        chosen = table.get_row_at(2)
        before = view.sorts
        await pilot.press("s")
        await wait_until(lambda: view.sorts != before)  # checked at once: no pause for a refilter
        # The sorted rows arrive filtered: never a frame of all 31, the cursor on the same row.
        assert table.row_count == kept and view.shown is not None and len(view.shown) == kept
        assert table.highlighted is not None and table.highlighted > 0  # sorted, the row moved
        assert table.get_row_at(table.highlighted) is chosen

    drive(scenario)


def test_the_header_counts_the_unread_list_after_an_official_s_list_is_left() -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.query_one(ArticleList).focus()
        await pilot.press("U")
        assert app.sub_title == "2 unread of 2 articles"
        await pilot.press("O")
        table = await loaded_table(app, pilot)
        names = column_texts(table, 0)
        await pilot.press(*["down"] * names.index("Aspenbi Zharylgasov"), "enter")
        await pilot.pause()
        assert "naming Aspenbi Zharylgasov" in app.sub_title
        app.query_one(ArticleList).focus()
        await pilot.press("escape")  # every article again, the unread ones only still
        await pilot.pause()
        assert app.sub_title.endswith("unread of 2 articles")  # not "2 articles"

    drive(scenario)
