"""Benchmark: loading and parsing a corpus (find, read, decode, parse, assemble), without
extraction (benchmarks/extract.py measures that).

Usage: python benchmarks/load.py [CORPUS] [--repeat N]

CORPUS defaults to ../shared/corpus/bbc. Prints a table; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from flagreader import load_corpus
from flagreader.loading import find_article_files

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up (default 5)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    files, _ = find_article_files([args.corpus])
    total_bytes = sum(path.stat().st_size for path in files)
    load_corpus([args.corpus], extract=False)  # warm-up: the OS file cache and imports
    seconds: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        corpus = load_corpus([args.corpus], extract=False)  # loading and parsing only
        seconds.append(time.perf_counter() - started)
    best, median = min(seconds), statistics.median(seconds)
    megabytes = total_bytes / 1e6
    rows = [
        ("corpus", str(args.corpus)),
        ("files", f"{len(files):,}"),
        ("articles loaded", f"{len(corpus.articles):,}"),
        ("skipped", f"{len(corpus.skipped):,}"),
        ("bytes", f"{total_bytes:,}"),
        ("seconds (median)", f"{median:.3f}"),
        ("seconds (best)", f"{best:.3f}"),
        ("MB/s (median)", f"{megabytes / median:.1f}"),
        ("runs", str(args.repeat)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
