"""Snapshots of the main screens at 120x36, the quotes view at 80x24 too (pytest-textual-snapshot).

After a deliberate UI change: `pytest tests/snapshots --snapshot-update`, look at the
report, and commit the new SVGs with the change.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
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
def test_views(snap_compare: SnapCompare, app: FlagreaderApp, key: str) -> None:
    """You should see the officials (O), the figures (F) or the quotes by speaker (Q) in a table
    under its title and the count of its rows, the header on its first line, the cursor on
    the first row, long cells cut with "…"."""
    assert snap_compare(app, terminal_size=SIZE, run_before=view_opened(key))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_quotes_view_with_inferred_speakers(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """You should see the quotes of the hand-made Sanders article: "Bernie Sanders · he" and
    "Bernie Sanders · the senator" with the words after the name dimmed, "Bernie Sanders" alone
    where the text named him, "Sanders campaign (org.)" with "(org.)" dimmed, and "—" for the
    donor; at 80x24 the speaker column whole and the quotes cut by the edge."""
    app = FlagreaderApp(corpus=speakers_corpus())
    assert snap_compare(app, terminal_size=size, run_before=view_opened("Q"))


def test_help_screen(snap_compare: SnapCompare, app: FlagreaderApp) -> None:
    """You should see the help screen over the reader: keys that work anywhere, from ^q and /
    to ^p for the command palette, in a bordered box."""
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE, run_before=steady)


def test_official_chosen(snap_compare: SnapCompare, app: FlagreaderApp) -> None:
    """You should see only the second post listed (the one naming Aspenbi Zharylgasov), the
    header saying so, and each mention of him marked on a yellow background."""
    keys = ["O", "down", "down", "down", "down", "enter"]
    assert snap_compare(app, press=keys, terminal_size=SIZE, run_before=steady)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Clippings made now show a time: make it the same on every run and machine."""
    monkeypatch.setattr(clippings, "now", lambda: "2026-11-22T09:30:00Z")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_clippings_view(snap_compare: SnapCompare, app: FlagreaderApp, fixed_clock: None) -> None:
    """You should see the clippings view with two saved quotes, both clipped at
    2026-11-22 09:30: Bizhanov's "Persuasive measures ..." first (the newest) with the note
    "check the date", then Bilisbekov's "In actual fact ..."."""
    keys = ["right_square_bracket", "right_square_bracket", "y"]  # copy and save, in the first post
    keys += ["escape", "down", "enter", "right_square_bracket", "c"]  # save only, in the second
    keys += ["C", "n", *"check the date", "enter"]

    async def clip_then_quiet(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press(*keys)
        pilot.app.clear_notifications()  # the toasts would hide the table
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=clip_then_quiet)
