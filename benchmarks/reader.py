"""Benchmark: the reader's speed as a user feels it. Prints a table; asserts nothing.

Usage: python benchmarks/reader.py [CORPUS]   (default ../shared/corpus/bbc)

Every time ends at a frame handed to the terminal: the app's `_display` is wrapped so that each
compositor update is also rendered to the bytes a terminal would get (headless mode skips that
step, so it is added back and counted), and its time recorded. Keys are sent the way the terminal
driver sends them, not through Pilot.press (which waits for the whole process to go idle, and so
would count background extraction as latency).

- launch to first full screen, whole process, on the seed posts and on CORPUS: from starting the
  process to the first frame with the list filled and the first article mounted and highlighted
  in the reader (a first launch: each with a data folder of its own, no article cache);
- on CORPUS, moving down the list while extraction and indexing still run in the background:
  key to frame, p50/p95 (is the list usable meanwhile?);
- a keystroke in the search bar to the frame with the updated results, p50/p95 over typed
  queries, one keystroke at a time;
- opening the longest article of CORPUS from the list (enter) to the frame with it rendered
  and highlighted, its read mark saved.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App

from flagreader import load_corpus
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ArticleList, ReaderPane

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
DATA_DIR = tempfile.mkdtemp(prefix="flagreader-bench-")  # reading state: never the user's
QUERIES = ("chelsea sack mutu", "governmnt budget deficit", "prime ministr said", "oscar nominations")

# Shared by this process and the fresh ones: the wall-clock time of every frame sent out.
_CLOCK = """
import time
from textual._compositor import CompositorUpdate
from flagreader.ui.app import FlagreaderApp

FRAMES = []
DRAWN_WHEN = []  # a condition, and the times of the frames drawn while it held

def _timed_display(self, screen, renderable):
    _display(self, screen, renderable)
    if isinstance(renderable, CompositorUpdate):
        renderable.render_segments(self.console)  # what a real terminal driver would do
        FRAMES.append(time.time())
        if DRAWN_WHEN and DRAWN_WHEN[0]():
            DRAWN_WHEN.append(FRAMES[-1])

_display = FlagreaderApp._display

FlagreaderApp._display = _timed_display

async def down_to_frame(app):
    # "down" sent as the terminal driver sends it; the ms until the next frame (inf after 10 s)
    import asyncio
    from textual import events

    seen = len(FRAMES)
    key = events.Key("down", None)
    key.set_sender(app)
    sent = time.time()
    app._driver.send_message(key)
    while len(FRAMES) == seen and time.time() - sent < 10:
        await asyncio.sleep(0.0005)
    return (FRAMES[-1] - sent) * 1000 if len(FRAMES) > seen else float("inf")
"""

# Runs in a fresh process: the first full frame, then keys down the list while extraction runs.
_FIRST_SCREEN = (
    _CLOCK
    + """
import asyncio, json, sys
from flagreader.ui.widgets import ArticleList, ReaderPane

def ready(app):
    articles, reader = app.query_one(ArticleList), app.query_one(ReaderPane)
    return bool(articles.option_count and reader.article and reader.article.extracted
                and reader.size.height
                and reader.is_laid_out)

async def auto_pilot(pilot):
    app = pilot.app
    while not ready(app):
        await asyncio.sleep(0.001)
    seen = len(FRAMES)
    while len(FRAMES) == seen:
        await asyncio.sleep(0.001)
    first = FRAMES[-1]
    app.query_one(ArticleList).focus()  # down moves the list's cursor (the search bar has focus at first)
    await asyncio.sleep(0.05)
    deadline = time.time() + 5  # extraction starts after the first screen: wait for its progress
    while not app.sub_title.startswith(("Reading", "Finding")) and time.time() < deadline:
        await asyncio.sleep(0.005)
    keys = []
    for _ in range(20):
        if not app.sub_title.startswith(("Reading", "Finding")):
            break  # extraction has finished: later keys would not measure what is asked
        keys.append(await down_to_frame(app))
        await asyncio.sleep(0.03)
    print(json.dumps({"first": first, "keys": keys}), flush=True)
    app.exit()

FlagreaderApp(sys.argv[1:] or None).run(headless=True, size=(120, 36), auto_pilot=auto_pilot)
"""
)

_clock: dict[str, list[float]] = {}
exec(_CLOCK, _clock)  # the same clock in this process, for typing and opening
FRAMES: list[float] = _clock["FRAMES"]
DRAWN_WHEN: list[Any] = _clock["DRAWN_WHEN"]


def first_screen(paths: list[str]) -> tuple[float, list[float]]:
    """Seconds from starting the process to the first full frame (median of 5), and the key
    latencies (ms) while moving down the list during extraction, over all runs."""
    times, keys = [], []
    for _ in range(5):
        started = time.time()
        result = subprocess.run(
            [sys.executable, "-c", _FIRST_SCREEN, *paths],
            check=True,
            capture_output=True,
            text=True,
            # A fresh data folder each time: a first launch, with no article cache, so that
            # extraction runs while the keys are sent.
            env={**os.environ, "FLAGREADER_DATA_DIR": tempfile.mkdtemp(prefix="flagreader-bench-")},
        )
        report = json.loads(result.stdout.strip().splitlines()[-1])
        times.append(report["first"] - started)
        keys.extend(report["keys"])
    return statistics.median(times), keys


async def _frame_after(done: Callable[[], bool]) -> float:
    """The time of the first frame drawn once `done()` holds (checked as each frame is drawn:
    a poll from here would see it only after the frame that shows it)."""
    DRAWN_WHEN[:] = [done]
    while len(DRAWN_WHEN) == 1:
        await asyncio.sleep(0.0005)
    drawn: float = DRAWN_WHEN[1]
    DRAWN_WHEN.clear()
    return drawn


def _send(app: App[None], key: str, char: str | None) -> float:
    event = events.Key(key, char)
    event.set_sender(app)
    sent = time.time()
    assert app._driver is not None
    app._driver.send_message(event)
    return sent


async def typing_and_opening(corpus_path: Path) -> tuple[list[float], float, int]:
    corpus = load_corpus([corpus_path])
    corpus.build_index()
    app = FlagreaderApp(corpus=corpus, data_dir=DATA_DIR)
    latencies: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        articles = app.query_one(ArticleList)
        await pilot.press("slash")
        for query in QUERIES:
            for char in query:
                before = articles._hits
                sent = _send(app, "space" if char == " " else char, char)
                shown = await _frame_after(lambda b=before: articles._hits is not b)
                latencies.append((shown - sent) * 1000)
                await asyncio.sleep(0.1)  # a fast typist; each keystroke measured on its own
            await pilot.press(*["backspace"] * len(query))
            await pilot.pause(0.2)
        longest = max(corpus.articles, key=lambda a: len(a.body.split()))
        reader = app.query_one(ReaderPane)
        await pilot.press("escape")  # the whole list again, focused
        await pilot.pause(0.2)
        articles.highlighted = corpus.articles.index(longest)
        await pilot.pause(0.2)
        # enter on the list, as a user opens it: drawn, highlighted, and marked read in the store
        sent = _send(app, "enter", None)
        shown = await _frame_after(
            lambda: (
                reader.article is longest
                and reader.is_laid_out
                and app.state is not None
                and app.state.is_read(longest)
            ),
        )
    return latencies, (shown - sent) * 1000, len(longest.body.split())


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    print(f"{'measure':<60}{'value':>10}")
    print(f"{'launch to first full screen, seed posts (s)':<60}{first_screen([])[0]:>10.2f}")
    if not corpus.exists():
        print(f"skipped: corpus not found at {corpus}", file=sys.stderr)
        return 0
    seconds, keys = first_screen([str(corpus)])
    print(f"{'launch to first full screen, ' + corpus.name + ' (s)':<60}{seconds:>10.2f}")
    if keys:
        label = f"down the list during extraction, {len(keys)} keys"
        print(f"{label + ', p50 (ms)':<60}{statistics.median(keys):>10.1f}")
        print(f"{label + ', p95 (ms)':<60}{_p95(keys):>10.1f}")
    latencies, opened, words = asyncio.run(typing_and_opening(corpus))
    label = f"keystroke to updated results, {len(latencies)} keys"
    print(f"{label + ', p50 (ms)':<60}{statistics.median(latencies):>10.1f}")
    print(f"{label + ', p95 (ms)':<60}{_p95(latencies):>10.1f}")
    print(f"{f'open the longest article from the list ({words:,} words) (ms)':<60}{opened:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
