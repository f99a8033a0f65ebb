"""Benchmark: known-item search on a corpus, flagreader's index against the naive baseline.

Usage: python benchmarks/search.py [CORPUS] [--replicas N] [--queries N] [--baseline-queries N]

Builds its own queries with a fixed random seed: (a) a title's first words, (b) 4-6
consecutive words of a body sentence; in both, about half of the words of 5 letters or more
get one typo. Each query expects its source article (with --replicas, any copy of it), or
another article whose title (body) holds the same words in the same order: the corpus has
stories filed twice, and a passage such as "that he would not" stands in many articles.
The passage placement counts only hits on the source article itself.
Prints recall@5, MRR, p50/p95 latency, index build time and memory for flagreader and for
`rapidfuzz.process.extract(query, texts, scorer=fuzz.partial_ratio)`. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process

from flagreader import Corpus, load_corpus
from flagreader.extract.sentences import sentence_spans
from flagreader.model import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(word: str, rng: random.Random) -> str:
    """One edit: drop, double, swap or replace a letter inside the word."""
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:position] + word[position + 1 :]
    if kind == "double":
        return word[:position] + word[position] + word[position:]
    if kind == "swap":
        return word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]
    return word[:position] + rng.choice(LETTERS) + word[position + 1 :]


def mistype(words: list[str], rng: random.Random) -> str:
    return " ".join(typo(w, rng) if len(w) >= 5 and w.isalpha() and rng.random() < 0.5 else w for w in words)


class Query(NamedTuple):
    """A known-item query: the typed text, the article it came from, the sentence (for
    passages), and the words as they stand in the article, before the typos."""

    text: str
    source: int
    sentence: tuple[int, int]
    original: str


def build_queries(articles: list[Article], count: int, seed: int) -> dict[str, list[Query]]:
    """Per kind ("title", "passage"), queries drawn from `count` articles."""
    rng = random.Random(seed)
    queries: dict[str, list[Query]] = {"title": [], "passage": []}
    for index in rng.sample(range(len(articles)), min(count, len(articles))):
        article = articles[index]
        title_words = article.title.split()
        if len(title_words) >= 2:
            chosen = title_words[: rng.randint(3, 5)]
            queries["title"].append(Query(mistype(chosen, rng), index, (0, 0), " ".join(chosen)))
        sentences = [
            s
            for s in sentence_spans(article.body, article.paragraphs)
            if len(article.body[s[0] : s[1]].split()) >= 8
        ]
        if sentences:
            start, end = rng.choice(sentences)
            # The words as a reader would type them: "500,000" and "0.7%" stay whole.
            words = [w.strip(".,;:!?\"“”()'‘’-") for w in article.body[start:end].split()]
            words = [w for w in words if w]
            size = rng.randint(4, 6)
            first = rng.randrange(0, len(words) - size + 1)
            chosen = words[first : first + size]
            queries["passage"].append(Query(mistype(chosen, rng), index, (start, end), " ".join(chosen)))
    return queries


def words_of(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def relevant(articles: list[Article], query: Query, kind: str) -> set[int]:
    """The source article, and any other whose title (or body) holds the same words in the
    same order: the corpus has stories filed twice, and "that he would not" is in many."""
    words = words_of(query.original)
    found = {query.source}
    for index, article in enumerate(articles):
        text = article.title if kind == "title" else article.body
        if words in words_of(text):
            found.add(index)
    return found


def replicate(articles: list[Article], replicas: int) -> tuple[list[Article], list[int]]:
    """The articles `replicas` times over (distinct ids), and each copy's original index."""
    copies, origin = [], []
    for copy in range(replicas):
        for index, article in enumerate(articles):
            copies.append(article if copy == 0 else replace(article, id=f"{article.id}-{copy}"))
            origin.append(index)
    return copies, origin


def evaluate(
    run: Callable[[str], list[tuple[int, tuple[int, int] | None]]],
    queries: list[tuple[Query, set[int]]],
    origin: list[int],
) -> dict[str, float]:
    """recall@5, MRR, latency and passage placement for one engine on one kind of query."""
    ranks, latencies, in_sentence, passages = [], [], 0, 0
    for query, answers in queries:
        started = time.perf_counter()
        results = run(query.text)
        latencies.append((time.perf_counter() - started) * 1000)
        rank = next((r for r, (article, _) in enumerate(results[:5], 1) if origin[article] in answers), None)
        ranks.append(rank)
        found = next((span for article, span in results if origin[article] == query.source), None)
        if query.sentence != (0, 0) and found is not None:
            passages += 1
            in_sentence += query.sentence[0] <= found[0] and found[1] <= query.sentence[1]
    latencies.sort()
    return {
        "recall@5": sum(r is not None for r in ranks) / len(ranks),
        "MRR": sum(1 / r for r in ranks if r) / len(ranks),
        "p50 ms": statistics.median(latencies),
        "p95 ms": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        "in sentence": in_sentence / passages if passages else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--replicas", type=int, default=1, help="copy the corpus N times (default 1)")
    parser.add_argument(
        "--queries", type=int, default=500, help="articles to draw queries from (default 500)"
    )
    parser.add_argument("--baseline-queries", type=int, default=100, help="queries per kind for the baseline")
    parser.add_argument("--seed", type=int, default=20150320)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    loaded = load_corpus([args.corpus])
    articles, origin = replicate(loaded.articles, args.replicas)
    corpus = Corpus(articles=articles)
    started = time.perf_counter()
    corpus.build_index()
    build = time.perf_counter() - started
    memory = corpus._index.memory_bytes() / 1e6  # type: ignore[union-attr]
    texts = [f"{a.title}\n{a.body}" for a in articles]
    position = {id(a): i for i, a in enumerate(articles)}

    def ours(query: str) -> list[tuple[int, tuple[int, int] | None]]:
        return [
            (position[id(hit.article)], (hit.start, hit.end) if hit.field != "title" else None)
            for hit in corpus.search(query, 20)
        ]

    def baseline(query: str) -> list[tuple[int, tuple[int, int] | None]]:
        return [
            (index, None)
            for _, _, index in process.extract(query, texts, scorer=fuzz.partial_ratio, limit=20)
        ]

    queries = {
        kind: [(query, relevant(loaded.articles, query, kind)) for query in kind_queries]
        for kind, kind_queries in build_queries(loaded.articles, args.queries, args.seed).items()
    }
    megabytes = sum(len(t) for t in texts) / 1e6
    print(f"corpus {args.corpus} x{args.replicas}: {len(articles):,} articles, {megabytes:.1f} MB of text")
    print(f"flagreader index: built in {build:.2f} s, {memory:.0f} MB of arrays")
    header = f"{'engine':<11}{'queries':<9}{'n':>5}{'recall@5':>10}{'MRR':>7}{'p50 ms':>9}{'p95 ms':>9}"
    header += f"{'passage in sentence':>21}"
    print(header)
    for kind, kind_queries in queries.items():
        for name, run, sample in (
            ("flagreader", ours, kind_queries),
            ("baseline", baseline, kind_queries[: args.baseline_queries]),
        ):
            if not sample:
                continue
            result = evaluate(run, sample, origin)
            sentence = f"{result['in sentence']:.3f}" if kind == "passage" and name == "flagreader" else "-"
            print(
                f"{name:<11}{kind:<9}{len(sample):>5}{result['recall@5']:>10.3f}{result['MRR']:>7.3f}"
                f"{result['p50 ms']:>9.2f}{result['p95 ms']:>9.2f}{sentence:>21}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
