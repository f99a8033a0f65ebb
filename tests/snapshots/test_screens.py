"""Snapshots of the main screens at 120x36, the quotes view at 80x24 too (pytest-textual-snapshot).

After a deliberate UI change: `pytest tests/snapshots --snapshot-update`, look at the
report, and commit the new SVGs with the change.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.speakers import speakers_corpus
from textual.pilot import Pilot
from textual.widgets import Input

import flagreader
from flagreader import clippings
from flagreader.ui.app import FlagreaderApp

SIZE = (120, 36)
SnapCompare = Callable[..., bool]


@pytest.fixture
def app() -> FlagreaderApp:
    return FlagreaderApp(corpus=flagreader.load_corpus())


async def steady(pilot: Pilot[Any]) -> None:
    """Freeze the cursor blink and let workers finish, so that every run draws the same."""
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare: SnapCompare, app: FlagreaderApp) -> None:
    """You should see the two seed posts listed on the left and the first one on the right,
    with its caption, the legend, and officials, figures, dates and quotes in colour."""
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


def test_marked_quote(snap_compare: SnapCompare, app: FlagreaderApp) -> None:
    """You should see Bilisbekov's "In actual fact ..." quote marked in the reader."""
    assert snap_compare(
        app, press=["right_square_bracket", "right_square_bracket"], terminal_size=SIZE, run_before=steady
    )


def test_search_results(snap_compare: SnapCompare, app: FlagreaderApp) -> None:
    """You should see the query "bilisbekv deceivd" and the first post as a hit, its snippet
    with the matched words in reverse video."""
    keys = ["slash", *"bilisbekv", "space", *"deceivd"]
    assert snap_compare(app, press=keys, terminal_size=SIZE, run_before=steady)


def view_opened(key: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Steady, then open the view of `key` and wait for its rows (made in a thread)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press(key)
        await pilot.pause()
        while not getattr(pilot.app.screen, "loaded", True):
            await asyncio.sleep(0.01)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("key", ["O", "F", "Q"])
@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_views(snap_compare: SnapCompare, app: FlagreaderApp, key: str, size: tuple[int, int]) -> None:
    """You should see the officials (O), the figures (F) or the quotes by speaker (Q) in a table
    under its title and the count of its rows, the header on its first line, the cursor on
    the first row, long cells cut with "…", the columns filling the width."""
    assert snap_compare(app, terminal_size=size, run_before=view_opened(key))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_quotes_view_with_inferred_speakers(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """You should see the quotes of the hand-made Sanders article: "Bernie Sanders · he" and
    "Bernie Sanders · the senator" with the words after the name dimmed, "Bernie Sanders" alone
    where the text named him, "Sanders campaign (org.)" with "(org.)" dimmed, and "—" for the
    donor; at 80x24 the speaker column whole and the quotes cut by the edge."""
    app = FlagreaderApp(corpus=speakers_corpus())
    assert snap_compare(app, terminal_size=size, run_before=view_opened("Q"))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_help_screen(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see the help screen over the reader: flagreader's own keys on the main
    screen, from ^q and / to ^p for the command palette, in a bordered box."""
    assert snap_compare(app, press=["question_mark"], terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_official_chosen(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see only the second post listed (the one naming Aspenbi Zharylgasov), its
    entry under the list's cursor, the header saying so, and each mention of him marked on a
    yellow background."""
    keys = ["down", "down", "down", "down", "enter"]
    assert snap_compare(app, press=keys, terminal_size=size, run_before=view_opened("O"))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_light_theme(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see the main screen in Textual's light theme, a quote marked: officials,
    figures, dates and quotes in colours dark enough to read on the light background, and the
    marked quote on a blue that its text stands out on."""

    async def light(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await steady(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=light)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_next_unread(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see the second post opened by J (the next unread), the list's cursor on it
    with a ✓ before its title, and the reader focused."""
    assert snap_compare(app, press=["J"], terminal_size=size, run_before=steady)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Clippings made now show a time: make it the same on every run and machine."""
    monkeypatch.setattr(clippings, "now", lambda: "2026-11-22T09:30:00Z")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


CLIPPED = ["right_square_bracket", "right_square_bracket", "y"]  # copy and save, in the first post
CLIPPED += ["escape", "down", "enter", "right_square_bracket", "c"]  # save only, in the second
CLIPPED += ["C", "n", *"check the date", "enter"]


def keys_then_quiet(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def pressed(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press(*keys)
        pilot.app.clear_notifications()  # the toasts would hide the table
        await pilot.pause()

    return pressed


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_clippings_view(
    snap_compare: SnapCompare, app: FlagreaderApp, fixed_clock: None, size: tuple[int, int]
) -> None:
    """You should see the clippings view with two saved quotes, both clipped on 2026-11-22:
    Bizhanov's "Persuasive measures ..." first (the newest) with the note "check the date",
    then Bilisbekov's "In actual fact ...", the columns filling the width with no scrollbar,
    and below them the whole of the first clipping with its citation and note."""
    assert snap_compare(app, terminal_size=size, run_before=keys_then_quiet(*CLIPPED))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_delete_clipping_question(
    snap_compare: SnapCompare, app: FlagreaderApp, fixed_clock: None, size: tuple[int, int]
) -> None:
    """You should see, over the clippings view, a dialog: the quote "In actual fact, these are
    people who ..." in italics on one line, cut with "…", and under it the whole question
    "Delete this clipping? y deletes, n keeps it"."""

    async def asked(pilot: Pilot[Any]) -> None:
        await keys_then_quiet(*CLIPPED)(pilot)  # no toasts left behind the dialog
        await pilot.press("down", "d")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=asked)


def problem_folder() -> Path:
    """A folder, at the same path on every run, with one article and three files it skips: an
    empty one, a binary one and a duplicate."""
    folder = Path(tempfile.gettempdir()) / "flagreader-snapshots" / "problems"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    article = "Budget Talks Resume\n\nThe finance minister said 40 officials would attend.\n"
    (folder / "a-budget.txt").write_text(article, encoding="utf-8")
    (folder / "b-copy.txt").write_text(article, encoding="utf-8")
    (folder / "c-empty.txt").write_text("")
    (folder / "d-photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    return folder


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_problems_at_loading_in_one_line(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """You should see the article listed and, in the corner, one short line: "1 duplicate and
    2 other files skipped: ! to see them", clear of the search bar and the header."""

    async def loaded(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await asyncio.sleep(2.5)  # the "Loading…" toast (2 s) has gone; the line stays 5 s
        await pilot.pause()

    app = FlagreaderApp(paths=[problem_folder()], data_dir=tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_problems_view(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """You should see the problems view: its title with the count of rows, then the three files
    skipped with their reasons (the copy a duplicate of a-budget.txt, the empty file, the binary
    one), long paths cut with "…"."""

    async def opened(pilot: Pilot[Any]) -> None:
        await view_opened("exclamation_mark")(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = FlagreaderApp(paths=[problem_folder()], data_dir=tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=opened)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_figures_filtered(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see the figures view filtered by "kazak citizns" (typos and all): the filter's
    field under the title, the title saying "6 of 31 rows", and only figures of Kazakh
    citizens listed."""

    async def filtered(pilot: Pilot[Any]) -> None:
        await view_opened("F")(pilot)
        await pilot.press("slash", *"kazak citizns")
        view = pilot.app.screen
        while getattr(view, "filter_text", "") != "kazak citizns" or not getattr(view, "filtered", 0):
            await asyncio.sleep(0.01)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=filtered)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_search_matches_lit(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see the first post opened from the search "kazakh", every "Kazakh..." lit on
    a light blue, the second match (after n) on a stronger blue and bold, and the header saying
    "match 2/..."."""

    async def searched(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("slash", *"kazakh", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=searched)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_nothing_unread(snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]) -> None:
    """You should see an empty list saying "No unread articles: U lists them all" and the
    header saying "0 unread of 2 articles", after A (answered y) and U."""

    async def all_read(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        pilot.app.query_one("#articles").focus()
        await pilot.press("A", "y", "U")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=all_read)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_reader_scrolled_keeps_its_title(
    snap_compare: SnapCompare, app: FlagreaderApp, size: tuple[int, int]
) -> None:
    """You should see the reader focused (its border lit, the list's dim) and scrolled down a
    few lines: its top edge holds the title and "Joanna Paraszczuk · Under The Black Flag",
    cut with "…" where the pane is too narrow."""

    async def scrolled(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        pilot.app.query_one("#reader").focus()
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=scrolled)
