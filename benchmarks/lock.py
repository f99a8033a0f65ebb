"""Benchmark: how long the reader's process waits for the interpreter lock while articles
are extracted, in a thread (as `extract_corpus` does) and in the worker process (as the
reader does, `extract_process.py`, freezing what comes back out of the garbage collector's way).

Usage: python benchmarks/lock.py [--sizes 1,4,20] [--family NAME]

A probe thread asks to sleep 1 ms again and again while a long article (a family of
benchmarks/hostile.py, default a paragraph of quotes and names, SIZE MB) is extracted; each
time it wakes late, the lock was held by the extraction that long: that is how long a key
would wait. Prints the longest wait and the 99th percentile; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402
from flagreader.extract_process import extract_corpus_in_process  # noqa: E402
from flagreader.loading import extract_corpus  # noqa: E402
from flagreader.model import Corpus  # noqa: E402


def waits(extract: Callable[[Corpus], None], corpus: Corpus) -> tuple[float, float, float]:
    """(seconds the extraction took, longest wait of the probe, its 99th percentile)."""
    late: list[float] = []
    running = threading.Event()
    running.set()

    def probe() -> None:
        while running.is_set():
            asked = time.perf_counter()
            time.sleep(0.001)
            late.append(time.perf_counter() - asked - 0.001)

    prober = threading.Thread(target=probe)
    prober.start()
    started = time.perf_counter()
    extract(corpus)
    seconds = time.perf_counter() - started
    running.clear()
    prober.join()
    late.sort()
    return seconds, late[-1], late[int(len(late) * 0.99)]


def _as_the_reader(corpus: Corpus) -> None:
    extract_corpus_in_process(corpus, freeze=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,20", help="article sizes in MB (default 1,4,20)")
    parser.add_argument("--family", default="a-paragraph-of-quotes", choices=sorted(hostile.FAMILIES))
    args = parser.parse_args()
    print(f"{'MB':>5} {'where':<8} {'seconds':>8} {'longest wait ms':>16} {'p99 ms':>8}")
    for size in (float(s) for s in args.sizes.split(",")):
        body = hostile.FAMILIES[args.family](int(size * 1e6))
        for where, extract in (("thread", extract_corpus), ("process", _as_the_reader)):
            corpus = Corpus(articles=[hostile.article(body)])
            seconds, longest, p99 = waits(extract, corpus)
            print(f"{size:>5g} {where:<8} {seconds:>8.1f} {longest * 1000:>16.0f} {p99 * 1000:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
