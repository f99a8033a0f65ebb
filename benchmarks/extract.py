"""Benchmark: extraction alone (officials, figures, dates, quotes) on a loaded corpus.

Usage: python benchmarks/extract.py [CORPUS] [--scales 1,5] [--repeat 3] [--baseline REV]

Loads CORPUS once without extraction (default ../shared/corpus/bbc), then times extraction
of every article at each scale: scale N repeats each article's paragraphs N times, so the
text grows N-fold while the articles stay the same kind. Prints a table; asserts nothing.

With --baseline REV (a git revision of this repository), the extractor of that revision is
timed in the same process on the same articles, runs alternating with today's, and the
table gains a row per scale for it and the ratio of today's time to it: on a shared, noisy
machine that ratio is the figure that holds.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from flagreader import load_corpus
from flagreader.extract import extract_article
from flagreader.model import Article, Paragraph
from revision import unpack

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


def baseline_extractor(revision: str, folder: Path) -> Callable[[Article], Article]:
    """`extract_article` of another revision of this repository, importable beside today's:
    its package is unpacked into `folder` as `flagreader_baseline` (every import renamed)."""
    package = unpack(revision, folder) / "flagreader"
    for path in package.rglob("*.py"):
        text = re.sub(r"\bflagreader\b(?=[ .])", "flagreader_baseline", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    package.rename(folder / "flagreader_baseline")
    sys.path.insert(0, str(folder))
    module = importlib.import_module("flagreader_baseline.extract")
    model = importlib.import_module("flagreader_baseline.model")

    def extract(article: Article) -> Article:
        fields = {name: getattr(article, name) for name in ("id", "source", "title", "author", "blog")}
        paragraphs = tuple(model.Paragraph(p.start, p.end, p.kind) for p in article.paragraphs)
        old = model.Article(
            **fields,
            caption=article.caption,
            body=article.body,
            paragraphs=paragraphs,
            published=article.published,
        )
        return module.extract_article(old)  # type: ignore[no-any-return]

    return extract


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scales", default="1,5", help="comma-separated text multipliers (default 1,5)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per scale (default 3)")
    parser.add_argument("--baseline", metavar="REV", help="also time the extractor of this git revision")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    corpus = load_corpus([args.corpus], extract=False)
    with tempfile.TemporaryDirectory() as folder:
        extractors: dict[str, Callable[[Article], Article]] = {"today": extract_article}
        if args.baseline:
            extractors[args.baseline] = baseline_extractor(args.baseline, Path(folder))
        print(
            f"{'extractor':>10} {'scale':>5} {'articles':>9} {'MB':>7} {'seconds':>8} {'MB/s':>6} "
            f"{'s per MB':>9} {'officials':>9} {'figures':>8} {'dates':>7} {'quotes':>7} {'ratio':>6}"
        )
        for factor in (int(f) for f in args.scales.split(",")):
            articles = [scaled(article, factor) for article in corpus.articles]
            megabytes = sum(len(a.body.encode("utf-8")) for a in articles) / 1e6
            timings: dict[str, list[float]] = {name: [] for name in extractors}
            results: dict[str, list[Article]] = {}
            for _ in range(args.repeat):  # alternating, so that noise falls on both alike
                for name, extract in extractors.items():
                    started = time.perf_counter()
                    results[name] = [extract(article) for article in articles]
                    timings[name].append(time.perf_counter() - started)
            today = statistics.median(timings["today"])
            for name in extractors:
                seconds = statistics.median(timings[name])
                counts = [
                    sum(len(getattr(r, field)) for r in results[name])
                    for field in ("officials", "figures", "dates", "quotes")
                ]
                print(
                    f"{name:>10} {factor:>5} {len(articles):>9,} {megabytes:>7.2f} {seconds:>8.2f} "
                    f"{megabytes / seconds:>6.2f} {seconds / megabytes:>9.3f} {counts[0]:>9,} "
                    f"{counts[1]:>8,} {counts[2]:>7,} {counts[3]:>7,} {today / seconds:>6.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
