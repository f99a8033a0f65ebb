"""Benchmark: the reader's speed as a user feels it. Prints a table; asserts nothing.

Usage: python benchmarks/reader.py [CORPUS]   (default ../shared/corpus/bbc)

- launch to first full screen, whole process, on the seed posts and on CORPUS (the list shown);
- a keystroke in the search bar to updated results drawn (p50/p95 over typed queries) on CORPUS,
  from the search bar's new value to the refresh after the list changed;
- opening the longest article of CORPUS to a rendered, highlighted screen.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

from flagreader import load_corpus
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ArticleList, ReaderPane

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"

# Runs in a fresh process: start the app headless and quit once the list and reader show.
_FIRST_SCREEN = """
import sys
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ArticleList, ReaderPane

async def auto_pilot(pilot):
    import time
    app = pilot.app
    while not (app.query_one(ArticleList).option_count and app.query_one(ReaderPane).article):
        await pilot.pause(0.005)
    await pilot.pause()  # the frame with the list and the article is drawn
    print(time.time(), flush=True)
    app.exit()

FlagreaderApp(sys.argv[1:] or None).run(headless=True, size=(120, 36), auto_pilot=auto_pilot)
"""


def first_screen(paths: list[str]) -> float:
    """Seconds from starting the process to the first full screen drawn (median of 5; the
    process's own shutdown afterwards is not counted)."""
    times = []
    for _ in range(5):
        started = time.time()
        result = subprocess.run(
            [sys.executable, "-c", _FIRST_SCREEN, *paths], check=True, capture_output=True, text=True
        )
        times.append(float(result.stdout.split()[-1]) - started)
    return statistics.median(times)


async def typing_and_opening(corpus_path: Path) -> tuple[list[float], float, int]:
    corpus = load_corpus([corpus_path])
    corpus.build_index()
    app = FlagreaderApp(corpus=corpus)
    latencies: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        articles = app.query_one(ArticleList)
        await pilot.press("slash")
        for query in (
            "chelsea sack mutu",
            "governmnt budget deficit",
            "prime ministr said",
            "oscar nominations",
        ):
            for char in query:
                before = articles._entries
                started = time.perf_counter()
                await pilot.press("space" if char == " " else char)
                while articles._entries is before:
                    await asyncio.sleep(0.0005)
                latencies.append((time.perf_counter() - started) * 1000)
            await pilot.press(*["backspace"] * len(query))
        longest = max(corpus.articles, key=lambda a: len(a.body.split()))
        reader = app.query_one(ReaderPane)
        started = time.perf_counter()
        reader.show(longest)
        await pilot.pause()
        opened = (time.perf_counter() - started) * 1000
    return latencies, opened, len(longest.body.split())


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    print(f"{'measure':<52}{'value':>12}")
    print(f"{'launch to first full screen, seed posts (s)':<52}{first_screen([]):>12.2f}")
    if not corpus.exists():
        print(f"skipped: corpus not found at {corpus}", file=sys.stderr)
        return 0
    print(f"{'launch to first full screen, ' + corpus.name + ' (s)':<52}{first_screen([str(corpus)]):>12.2f}")
    latencies, opened, words = asyncio.run(typing_and_opening(corpus))
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"{'keystroke to updated results, p50 (ms)':<52}{statistics.median(latencies):>12.1f}")
    print(f"{'keystroke to updated results, p95 (ms)':<52}{p95:>12.1f}")
    print(f"{f'open the longest article ({words:,} words) (ms)':<52}{opened:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
