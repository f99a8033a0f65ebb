"""Benchmark: a living archive. After a first load of N copies of the BBC corpus, the next
`flagreader search` when nothing changed, after one file edited, one added, one removed and 100
added; the reader showing a file saved into its open folder; search p95 over the segments the
merge policy allows at most, next to one segment. Prints tables; asserts nothing.

Usage: python benchmarks/living.py [--scales 1,5,20,45] [--corpus CORPUS] [--work DIR]
                                   [--baseline REV] [--no-reader] [--no-p95]

Each command runs in a fresh process, timed wall to wall (process start included), with its
peak RSS (VmHWM) and the segments listed after it. Merges run as the command leaves them, in a
process of their own; the next step waits for one under way (it holds the segments' lock). With
--baseline REV, the same steps run with that git revision's flagreader, on a copy of the folder
of its own, alternating with today's step by step: the ratio of the two is what holds on a shared
and noisy machine. The folders are copies made by benchmarks/scale.py (kept under --work).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader import DEFAULT_CORPUS, _p95
from revision import unpack
from scale import QUERIES, make_copies

ROOT = Path(__file__).resolve().parents[1]
QUERY = "prime minister"
_RUN = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("peak-rss", int(line.split()[1]) * 1024, file=sys.stderr)
atexit.register(peak)
sys.argv = ["flagreader", *sys.argv[1:]]
runpy.run_module("flagreader", run_name="__main__")
"""


def _command(source: Path, folder: Path, data: Path) -> tuple[float, int]:
    """`flagreader search QUERY FOLDER` with `source`'s flagreader: wall seconds, peak RSS."""
    _wait_for_merges(data)
    env = {**os.environ, "PYTHONPATH": str(source)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "search", QUERY, str(folder), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - started
    rss = next((int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("peak-rss")), 0)
    return seconds, rss


def _wait_for_merges(data: Path) -> None:
    """Wait for a merge another process is making (it holds the segments' lock)."""
    for lock in data.glob("article-cache/*.segments/merging.lock"):
        with open(lock, "a+b") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            fcntl.flock(held, fcntl.LOCK_UN)


def _segments(data: Path) -> int:
    return sum(len(list(folder.glob("*.seg"))) for folder in data.glob("article-cache/*.segments"))


def _changes(folder: Path) -> list[tuple[str, object]]:
    """The steps, each a change to make to the folder before the next search."""
    politics = folder / "copy00" / "politics"
    business = folder / "copy00" / "business"

    def edit() -> None:
        with open(politics / "001.txt", "a", encoding="utf-8") as out:
            out.write("\nA paragraph added today, about the Prime Minister's budget.\n")

    def add() -> None:
        (politics / "new-one.txt").write_text(
            "A new report\n\nThe Prime Minister spoke in Zhezkazgan today.\n", encoding="utf-8"
        )

    def remove() -> None:
        (politics / "003.txt").unlink()

    def add_100() -> None:
        for number in range(100):
            source = business / f"{number % 80 + 10:03}.txt"
            text = source.read_text(encoding="utf-8", errors="replace")
            (politics / f"added-{number:03}.txt").write_text(text + f"\nAdded {number}.\n", encoding="utf-8")

    return [("again", None), ("edit 1", edit), ("add 1", add), ("remove 1", remove), ("add 100", add_100)]


def cli_table(scale: int, base: Path, work: Path, baseline: Path | None) -> None:
    """The CLI steps on copies of `base`, today's code and the baseline's alternating."""
    sources = {"today": ROOT / "src", **({"baseline": baseline} if baseline else {})}
    runs = {}
    for name in sources:
        folder = work / f"living-{scale}-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(base, folder)
        data = Path(tempfile.mkdtemp(prefix=f"flagreader-living-{name}-"))
        runs[name] = (folder, data, _changes(folder))
    print(f"\n{scale}x: step | " + " | ".join(f"{name} s | {name} RSS MB | segments" for name in sources))
    firsts: dict[str, float] = {}
    steps = [("first", None), *runs["today"][2]]
    for number, (step, _) in enumerate(steps):
        cells = [step]
        for name, source in sources.items():
            folder, data, changes = runs[name]
            if number:
                change = changes[number - 1][1]
                if callable(change):
                    change()
            seconds, rss = _command(source, folder, data)
            if step == "first":
                firsts[name] = seconds
            _wait_for_merges(data)
            cells += [f"{seconds:.2f}", f"{rss / 1e6:.0f}", str(_segments(data))]
        print(" | ".join(cells), flush=True)
    for name, first in firsts.items():
        print(f"({name}: the first search took {first:.1f} s)")


_READER = """
import asyncio, json, sys, time
from pathlib import Path
from flagreader.ui.app import FlagreaderApp, run_and_close
from flagreader.ui.widgets import ArticleList

async def auto_pilot(pilot):
    app = pilot.app
    while not (app._watching is not None and not app._extracting):
        await asyncio.sleep(0.01)
    articles = app.query_one(ArticleList)
    saved = Path(sys.argv[1]) / "copy00" / "politics" / "saved-while-open.txt"
    started = time.perf_counter()
    saved.write_text("Saved while the reader was open\\n\\nThe Prime Minister in Zhezkazgan.\\n")
    while not any(row.source == str(saved) for row in articles._rows):
        await asyncio.sleep(0.01)
    listed = time.perf_counter() - started
    while app._extracting or not app.corpus.search("zhezkazgan", 1):
        await asyncio.sleep(0.01)
    print(json.dumps({"listed": listed, "searchable": time.perf_counter() - started}), flush=True)
    saved.unlink()
    app.exit()

run_and_close(FlagreaderApp([sys.argv[1]]), headless=True, size=(120, 36), auto_pilot=auto_pilot)
"""


def reader_row(scale: int, base: Path) -> None:
    """The reader opened on the folder (a second launch), a file saved into it: seconds until it
    is listed, and until a search finds it."""
    data = Path(tempfile.mkdtemp(prefix="flagreader-living-reader-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "FLAGREADER_DATA_DIR": str(data)}
    _command(ROOT / "src", base, data)  # the first load: extracted and indexed
    _wait_for_merges(data)
    done = subprocess.run(
        [sys.executable, "-c", _READER, str(base)], capture_output=True, text=True, env=env, check=True
    )
    times = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{scale}x reader: a file saved into the open folder listed after {times['listed']:.2f} s, "
        f"found by a search after {times['searchable']:.2f} s",
        flush=True,
    )


def p95_row(scale: int, base: Path) -> None:
    """Search p95 over the corpus cut into as many segments as the merge policy leaves at most
    (sizes as its tiers leave them), next to one segment; the hits of both must be the same."""
    sys.path.insert(0, str(ROOT / "src"))
    from flagreader.article_cache import ArticleCache
    from flagreader.loading import load_corpus
    from flagreader.search.engine import search
    from flagreader.search.index import SearchIndex, place
    from flagreader.search.merging import FACTOR, FLOOR, most_segments
    from flagreader.search.parts import index_part
    from flagreader.search.segment import Segment
    from flagreader.shelf import keys_of

    data = Path(tempfile.mkdtemp(prefix="flagreader-living-p95-"))
    cache = ArticleCache.open(data, [base])
    corpus = load_corpus([base], cache=cache, lazy=True)
    articles = list(corpus.articles)
    count = most_segments(len(articles))
    sizes, tier = [], 0
    while len(sizes) < count - 1:  # (FACTOR - 1) segments per tier, each tier FACTOR times larger
        sizes += [FLOOR * FACTOR**tier // 2] * (FACTOR - 1)
        tier += 1
    sizes = sizes[: count - 1]
    cuts, at = [], 0
    for size in sizes:
        if at + size >= len(articles):
            break
        cuts.append(articles[at : at + size])
        at += size
    cuts.append(articles[at:])
    segments = [Segment.from_parts([index_part(cut)]) for cut in cuts if cut]
    where, missing = place(segments, keys_of(articles))
    many = SearchIndex.of(articles, segments, where)
    one = SearchIndex(articles)
    timings: dict[str, list[float]] = {"many": [], "one": []}
    same = True
    for round_number in range(4):
        for query in QUERIES:
            for name, index in (("many", many), ("one", one)):
                started = time.perf_counter()
                hits = search(index, query, 20)
                if round_number:  # the first round warms the typo expansions
                    timings[name].append((time.perf_counter() - started) * 1000)
                if name == "many":
                    found = [(hit.article.id, hit.score, hit.start, hit.end) for hit in hits]
                else:
                    same &= found == [(hit.article.id, hit.score, hit.start, hit.end) for hit in hits]
    print(
        f"{scale}x search: {len(segments)} segments p50/p95 "
        f"{statistics.median(timings['many']):.1f}/{_p95(timings['many']):.1f} ms; one segment "
        f"{statistics.median(timings['one']):.1f}/{_p95(timings['one']):.1f} ms; "
        f"hits {'identical' if same and not missing else 'DIFFERENT'}",
        flush=True,
    )
    cache.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,5,20,45")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "flagreader-scale")
    parser.add_argument("--baseline", metavar="REV", help="a git revision to time beside today's code")
    parser.add_argument("--no-reader", action="store_true", help="leave out the reader's row")
    parser.add_argument("--no-p95", action="store_true", help="leave out the search p95 row")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    baseline = (
        unpack(args.baseline, Path(tempfile.mkdtemp(prefix="flagreader-base-"))) if args.baseline else None
    )
    for scale in (int(part) for part in args.scales.split(",")):
        base = args.work / f"x{scale}"
        make_copies(args.corpus, base, scale)
        cli_table(scale, base, args.work, baseline)
        if not args.no_reader:
            reader_row(scale, base)
        if not args.no_p95:
            p95_row(scale, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
