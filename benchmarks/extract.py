"""Benchmark: extraction alone (officials, figures, dates, quotes) on a loaded corpus.

Usage: python benchmarks/extract.py [CORPUS] [--scales 1,5] [--repeat 3]

Loads CORPUS once without extraction (default ../shared/corpus/bbc), then times extraction
of every article at each scale: scale N repeats each article's paragraphs N times, so the
text grows N-fold while the articles stay the same kind. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from flagreader import load_corpus
from flagreader.extract import extract_article
from flagreader.model import Article, Paragraph

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"


def scaled(article: Article, factor: int) -> Article:
    """The article with its body repeated `factor` times (paragraph offsets kept right)."""
    if factor == 1:
        return article
    body = "\n\n".join([article.body] * factor)
    step = len(article.body) + 2
    paragraphs = tuple(
        Paragraph(p.start + step * copy, p.end + step * copy, p.kind)
        for copy in range(factor)
        for p in article.paragraphs
    )
    return replace(article, body=body, paragraphs=paragraphs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scales", default="1,5", help="comma-separated text multipliers (default 1,5)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per scale (default 3)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    corpus = load_corpus([args.corpus], extract=False)
    print(
        f"{'scale':>5} {'articles':>9} {'MB':>7} {'seconds':>8} {'MB/s':>6} {'s per MB':>9} "
        f"{'officials':>9} {'figures':>8} {'dates':>7} {'quotes':>7}"
    )
    for factor in (int(f) for f in args.scales.split(",")):
        articles = [scaled(article, factor) for article in corpus.articles]
        megabytes = sum(len(a.body.encode("utf-8")) for a in articles) / 1e6
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            results = [extract_article(article) for article in articles]
            timings.append(time.perf_counter() - started)
        seconds = statistics.median(timings)
        counts = [
            sum(len(getattr(r, field)) for r in results)
            for field in ("officials", "figures", "dates", "quotes")
        ]
        print(
            f"{factor:>5} {len(articles):>9,} {megabytes:>7.2f} {seconds:>8.2f} {megabytes / seconds:>6.2f} "
            f"{seconds / megabytes:>9.3f} {counts[0]:>9,} {counts[1]:>8,} {counts[2]:>7,} {counts[3]:>7,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
