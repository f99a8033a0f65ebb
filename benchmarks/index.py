"""Benchmark: building the search index, whole in one process against merging the parts the
extraction workers make. Prints a table; asserts nothing.

Usage: python benchmarks/index.py [CORPUS] [--scales 1,8]

For each scale (copies of CORPUS's articles), in this process: the time to build the index
here (`SearchIndex(articles)`, what the reader did before the workers made parts), the time the
workers spend making the parts (`index_part` per chunk of about a megabyte, done here one after
another), and the time to merge them (`SearchIndex.from_parts`, what is left to the reader's
process). Memory: the resident memory the merge adds at its peak, from receiving the parts (as
pickles, as they come from the workers) to the finished index (sampled every half millisecond
from /proc, Linux), against what the finished index keeps (its arrays, and its vocabulary's
strings). Resident, not allocated: the merged arrays are allocated whole at first, but take
memory only as the parts are copied into them and let go.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sys
import threading
import time
from pathlib import Path

from flagreader import load_corpus
from flagreader.extract_process import CHUNK_BYTES
from flagreader.model import Article
from flagreader.search.index import SearchIndex
from flagreader.search.parts import index_part

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _chunks(articles: list[Article]) -> list[list[Article]]:
    chunks: list[list[Article]] = [[]]
    size = 0
    for article in articles:
        chunks[-1].append(article)
        size += len(article.body)
        if size >= CHUNK_BYTES:
            chunks.append([])
            size = 0
    return [chunk for chunk in chunks if chunk]


def measure(articles: list[Article]) -> tuple[float, float, float, float]:
    """(build here s, parts s, merge s, merge peak / kept)."""
    started = time.perf_counter()
    SearchIndex(articles)
    built = time.perf_counter() - started
    gc.collect()
    started = time.perf_counter()
    blobs = [pickle.dumps(index_part(chunk)) for chunk in _chunks(articles)]
    made = time.perf_counter() - started
    gc.collect()
    time.sleep(0.1)
    peak, stop = [0], [False]

    def sample() -> None:
        while not stop[0]:
            peak[0] = max(peak[0], _rss())
            time.sleep(0.0005)

    base = _rss()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    parts = []
    while blobs:  # one at a time, each pickle let go once read, as they come from the workers
        parts.append(pickle.loads(blobs.pop(0)))
    started = time.perf_counter()
    merged = SearchIndex.from_parts(parts, articles)
    merge = time.perf_counter() - started
    del parts
    gc.collect()
    kept = merged.memory_bytes() + sum(len(term) + 49 for term in merged.vocabulary)
    stop[0] = True
    sampler.join()
    del merged
    return built, made, merge, (peak[0] - base) / max(kept, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scales", default="1,8", help="copies of the articles (default 1,8)")
    args = parser.parse_args()
    if not Path("/proc/self/statm").exists():
        print("skipped: memory is sampled from /proc (Linux only)", file=sys.stderr)
        return 0
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    corpus = load_corpus([args.corpus])
    header = ("scale", 6), ("articles", 10), ("build here s", 14), ("parts s", 10), ("merge s", 10)
    print("".join(f"{name:<{width}}" if width == 6 else f"{name:>{width}}" for name, width in header), end="")
    print(f"{'ratio':>8}{'peak/kept':>11}")
    for scale in (int(part) for part in args.scales.split(",")):
        articles = list(corpus.articles) * scale
        built, made, merge, peak = measure(articles)
        print(
            f"{scale:<6}{len(articles):>10,}{built:>14.2f}{made:>10.2f}{merge:>10.2f}"
            f"{built / merge:>7.1f}x{peak:>10.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
