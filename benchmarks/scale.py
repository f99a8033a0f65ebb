"""Benchmark: the reader on 1x to 45x the BBC corpus (45x is about 100,000 articles). Prints a
table; asserts nothing.

Usage: python benchmarks/scale.py [--scales 1,5,20,45] [--corpus CORPUS] [--work DIR]

For each scale N it makes N copies of CORPUS under DIR (default: a folder in the system's
temporary folder, kept for the next run), each file's text changed (its title and last line
carry the copy's number) so that none is skipped as a duplicate, then runs the real app
headless in a fresh process twice on the same data folder:

- first launch (no article cache): launch to first screen (the first frame with the list
  filled and the first article shown, highlighted), to all counts (extraction done), to
  searchable (index built), keystroke-to-frame while extraction runs (down the list, p50/p95/
  worst), peak RSS of the reader's process, and throughput (MB of text per second to all
  counts, and per core used);
- second launch (the cache kept by the first): to first screen, to searchable, peak RSS;
- the article cache's size on disk, and search p95 over typed queries (in the second launch).

Frames are timed as benchmarks/reader.py times them (`_display` wrapped, the frame rendered to
the bytes a terminal gets). Worker processes' memory is not in the RSS column.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flagreader.extract_process import _WORKERS
from reader import _CLOCK, DEFAULT_CORPUS, _p95

QUERIES = (
    "chelsea sack mutu",
    "governmnt budget deficit",
    "prime ministr said",
    "oscar nominations",
    "greenspn speach",
    "blair electon campaign",
    "mobile phone sales",
    "quote:tax",
    "official:brown",
    '"interest rates"',
)

_LAUNCH = (
    _CLOCK
    + """
import asyncio, json, sys, time
from flagreader.ui.widgets import ArticleList, ReaderPane
QUERIES = json.loads(sys.argv[2])

def ready(app):
    articles, reader = app.query_one(ArticleList), app.query_one(ReaderPane)
    return bool(articles.option_count and reader.article and reader.article.extracted
                and reader.size.height and reader.is_laid_out)

async def frame_when(condition):
    while not condition():
        await asyncio.sleep(0.002)
    seen = len(FRAMES)
    while len(FRAMES) == seen:
        await asyncio.sleep(0.001)
    return FRAMES[-1]

SEARCHABLE = []

async def watch_searchable(app):
    # the first frame once a search can be answered from a built index (whatever else runs)
    SEARCHABLE.append(await frame_when(lambda: app.corpus is not None and app.corpus._index is not None))

def peak_rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0

async def auto_pilot(pilot):
    app = pilot.app
    watcher = asyncio.create_task(watch_searchable(app))
    report = {"first": await frame_when(lambda: ready(app))}
    app.query_one(ArticleList).focus()
    keys = []
    while app._extracting and len(keys) < 40:
        waited = await down_to_frame(app)
        if app._extracting:  # a key answered after extraction ended measures nothing asked
            keys.append(waited)
        await asyncio.sleep(0.03)
    report["keys"] = keys
    report["counts"] = await frame_when(lambda: not app._extracting)
    await watcher
    report["searchable"] = SEARCHABLE[0]
    searches = []
    for query in QUERIES * 3:
        started = time.perf_counter()
        app.corpus.search(query, 50)
        searches.append((time.perf_counter() - started) * 1000)
    report["searches"] = searches[len(QUERIES):]  # the first round warms the typo expansions
    report["rss"] = peak_rss()
    report["articles"] = len(app.corpus.articles)
    print(json.dumps(report), flush=True)
    app.exit()

from flagreader.ui.app import run_and_close  # as flagreader's own run: the files closed after

run_and_close(FlagreaderApp([sys.argv[1]]), headless=True, size=(120, 36), auto_pilot=auto_pilot)
"""
)


def make_copies(corpus: Path, folder: Path, copies: int) -> int:
    """`copies` copies of `corpus` in `folder` (made once), each file's text changed; returns
    the bytes of text."""
    done = folder / ".complete"
    if not done.exists():
        files = sorted(path for path in corpus.rglob("*.txt"))
        for copy in range(copies):
            for path in files:
                data = path.read_bytes()
                title, _, rest = data.partition(b"\n")
                target = folder / f"copy{copy:02}" / path.relative_to(corpus)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(
                    title + f" [{copy}]".encode() + b"\n" + rest + f"\n(copy {copy})\n".encode()
                )
        done.write_text("made by benchmarks/scale.py\n")
    return sum(path.stat().st_size for path in folder.rglob("*.txt"))


def launch(folder: Path, data: Path) -> dict[str, object]:
    """One launch of the reader on `folder`, times relative to the process's start."""
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCH, str(folder), json.dumps(QUERIES)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "FLAGREADER_DATA_DIR": str(data)},
    )
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("first", "counts", "searchable"):
        report[name] = float(report[name]) - started  # type: ignore[arg-type]
    return report


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default="1,5,20,45", help="copies of the corpus to try (default 1,5,20,45)"
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "flagreader-scale")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    cores = _WORKERS  # extraction's worker processes, one per core
    columns = (
        "scale",
        "articles",
        "MB",
        "1st: screen s",
        "counts s",
        "MB/s/core",
        "keys p50/p95/max ms",
        "RSS MB",
        "2nd: screen s",
        "searchable s",
        "RSS MB",
        "cache MB",
        "search p95 ms",
    )
    print(" | ".join(columns))
    for scale in (int(part) for part in args.scales.split(",")):
        folder = args.work / f"x{scale}"
        text_bytes = make_copies(args.corpus, folder, scale)
        data = Path(tempfile.mkdtemp(prefix="flagreader-scale-data-"))
        first = launch(folder, data)
        second = launch(folder, data)
        keys: list[float] = first["keys"]  # type: ignore[assignment]
        key_text = (
            f"{statistics.median(keys):.0f}/{_p95(keys):.0f}/{max(keys):.0f} ({len(keys)})" if keys else "-"
        )
        megabytes = text_bytes / 1e6
        counts = float(first["counts"])  # type: ignore[arg-type]
        row = (
            f"{scale}x",
            f"{first['articles']:,}",
            f"{megabytes:.0f}",
            f"{first['first']:.2f}",
            f"{counts:.1f}",
            f"{megabytes / counts / cores:.2f}",
            key_text,
            f"{int(first['rss']) / 1e6:.0f}",  # type: ignore[call-overload]
            f"{second['first']:.2f}",
            f"{second['searchable']:.2f}",
            f"{int(second['rss']) / 1e6:.0f}",  # type: ignore[call-overload]
            f"{_size(data / 'article-cache') / 1e6:.0f}",
            f"{_p95(second['searches']):.1f}",  # type: ignore[arg-type]
        )
        print(" | ".join(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
