"""Benchmark: the officials, figures and quotes views on a large corpus, as a user feels them.
Prints a table; asserts nothing.

Usage: python benchmarks/views.py [FOLDER] [--data-dir DIR]

Runs the real app headless in a fresh process on FOLDER (default: BBC), waits until it is
steady (extracted and indexed: a second launch when DIR holds its article cache), then for each
of O, F and Q: the key to the first frame of the view; while its rows are still being made, how
late the reader's event loop wakes for a 1 ms timer (how long a key would wait: the table is
empty then, so a key draws no frame to time); the time until every row is made; `down` keys
once they are (key to frame, p95 of 20); `s` to the frame of the sorted rows; escape. Frames
are timed as benchmarks/reader.py times them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from reader import _CLOCK, DEFAULT_CORPUS, _p95

_VIEWS = (
    _CLOCK
    + """
import asyncio, json, sys
from textual import events
from flagreader.ui.corpus_view import CorpusView
from flagreader.ui.table import RowTable

async def key_to_frame(app, name, done=lambda: True):
    # `name` sent as the terminal driver sends it; ms until the first frame after which `done`
    seen = len(FRAMES)
    key = events.Key(name, name if len(name) == 1 else None)
    key.set_sender(app)
    sent = time.time()
    app._driver.send_message(key)
    while (len(FRAMES) == seen or not done()) and time.time() - sent < 600:
        await asyncio.sleep(0.0005)
    return (FRAMES[-1] - sent) * 1000

async def auto_pilot(pilot):
    app = pilot.app
    while app._extracting or app.corpus is None or app.corpus._index is None:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)
    report = {}
    for name in ("O", "F", "Q"):
        shown = await key_to_frame(app, name, lambda: isinstance(app.screen, CorpusView))
        view = app.screen
        started = time.time()
        during = []  # how late the event loop answers a 1 ms timer: how long a key would wait
        while not view.loaded:
            asked = time.perf_counter()
            await asyncio.sleep(0.001)
            during.append((time.perf_counter() - asked) * 1000 - 1)
        made = time.time() - started
        after = []
        table = view.query_one(RowTable)
        for _ in range(20 if table.row_count > 1 else 0):
            # down, or up from the last row (a key that moves nothing draws no frame to time)
            last = table.highlighted == table.row_count - 1
            after.append(await key_to_frame(app, "up" if last else "down"))
            await asyncio.sleep(0.02)
        sorted_in = await key_to_frame(app, "s", lambda: view.sorts > 0)
        report[name] = {"shown": shown, "during": during, "made": made, "after": after, "sort": sorted_in,
                        "rows": len(view.rows)}
        await key_to_frame(app, "escape", lambda: not isinstance(app.screen, CorpusView))
        await asyncio.sleep(0.3)
    print(json.dumps(report), flush=True)
    app.exit()

from flagreader.ui.app import run_and_close  # as flagreader's own run: the files closed after

run_and_close(FlagreaderApp([sys.argv[1]]), headless=True, size=(120, 36), auto_pilot=auto_pilot)
"""
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--data-dir", type=Path, default=None, help="the data folder (default: a new one)")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"skipped: folder not found at {args.folder}", file=sys.stderr)
        return 0
    data = args.data_dir or Path(tempfile.mkdtemp(prefix="flagreader-views-"))
    result = subprocess.run(
        [sys.executable, "-c", _VIEWS, str(args.folder)],
        check=True,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "FLAGREADER_DATA_DIR": str(data)},
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"{args.folder}")
    print(
        "view | rows | key to view ms | loop lag while rows are made p95/max ms | rows made s"
        " | keys after p95 ms | sort ms"
    )
    for name, row in report.items():
        during = row["during"]
        worst = f"{_p95(during):.0f}/{max(during):.0f}" if during else "-"
        print(
            f"{name} | {row['rows']:,} | {row['shown']:.0f} | {worst} | {row['made']:.2f} | "
            f"{_p95(row['after']) if row['after'] else float('nan'):.0f} | {row['sort']:.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
