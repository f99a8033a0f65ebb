"""Make the SVG screenshots in screenshots/ from the real app on the seed posts.

Usage: python scripts/screenshots.py [OUTPUT_FOLDER]   (default: screenshots/)

Run it again whenever the UI changes; the README shows screenshots/main.svg.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import flagreader
from flagreader import clippings
from flagreader.ui.app import FlagreaderApp

SIZE = (120, 36)


async def shoot(folder: Path, name: str, keys: list[str]) -> Path:
    """Start the app on the seeds with empty reading state, press `keys`, save the screen as
    `name`.svg (without the toasts the keys raised)."""
    with tempfile.TemporaryDirectory() as data_dir:
        app = FlagreaderApp(corpus=flagreader.load_corpus(), data_dir=data_dir)
        async with app.run_test(size=SIZE) as pilot:
            app.theme = THEMES.get(name, app.theme)
            await pilot.pause()
            for key in keys:  # each key after the work of the one before (a view's rows are made in a thread)
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
            app.clear_notifications()
            await pilot.pause(0.2)
            return _save(app, folder, name)


def _save(app: FlagreaderApp, folder: Path, name: str) -> Path:
    path = folder / f"{name}.svg"
    app.save_screenshot(filename=path.name, path=str(folder))
    return path


SHOTS: dict[str, list[str]] = {
    "main": [],
    "quote": ["right_square_bracket", "right_square_bracket"],
    "search": ["slash", *"bilisbekv", "space", *"deceivd"],
    "officials": ["O"],
    "figures": ["F"],
    "quotes": ["Q"],
    "official": ["O", "down", "down", "down", "down", "enter"],
    "help": ["question_mark"],
    "light": ["right_square_bracket", "right_square_bracket"],
    "filtered": ["F", "slash", *"kazak citizns", "enter"],
    "clippings": [
        *["right_square_bracket", "right_square_bracket", "y"],  # copy and save, in the first post
        *["escape", "down", "enter", "right_square_bracket", "c"],  # save only, in the second
        *["C", "n", *"check the date", "enter"],  # the clippings view, a note on the newest
    ],
}


THEMES = {"light": "textual-light"}
"""The shots taken in another theme than the default."""


def main() -> int:
    clippings.now = lambda: "2026-11-22T09:30:00Z"  # the same times on every run
    os.environ["TZ"] = "UTC"
    time.tzset()
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, keys in SHOTS.items():
        print(asyncio.run(shoot(folder, name, keys)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
