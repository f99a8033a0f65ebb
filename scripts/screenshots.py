"""Make the SVG screenshots in screenshots/ from the real app on the seed posts.

Usage: python scripts/screenshots.py [OUTPUT_FOLDER]   (default: screenshots/)

Run it again whenever the UI changes; the README shows screenshots/main.svg.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import flagreader
from flagreader.ui.app import FlagreaderApp

SIZE = (120, 36)
Steps = Callable[[FlagreaderApp], Awaitable[None]]


async def shoot(folder: Path, name: str, keys: list[str]) -> Path:
    """Start the app on the seeds, press `keys`, save the screen as `name`.svg."""
    app = FlagreaderApp(corpus=flagreader.load_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
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
}


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, keys in SHOTS.items():
        print(asyncio.run(shoot(folder, name, keys)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
