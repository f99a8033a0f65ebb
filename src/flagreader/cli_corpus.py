"""The corpus a command works on: the paths asked for, loaded through the article cache, with
what changed since the last command extracted and indexed, and nothing else (or the feeds'
entries with --feeds)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flagreader.article_cache import ArticleCache
from flagreader.kept_index import KeptIndex, merge_later, needs_merging
from flagreader.loading import keep_snapshot, load_corpus, saver, to_extract
from flagreader.model import Corpus
from flagreader.progressbar import ProgressBar
from flagreader.seeds import seeds_dir
from flagreader.shelf import keys_of
from flagreader.store import default_data_dir
from flagreader.textsafe import terminal_safe_line

EXIT_USAGE = 2


def paths_asked(args: argparse.Namespace) -> list[str | os.PathLike[str]]:
    """The files and folders a command was given (the seed posts when none)."""
    return list(args.paths) if args.paths else [seeds_dir()]


def open_cache(args: argparse.Namespace) -> ArticleCache | None:
    """The article cache of the paths asked for, or None with --no-cache or --feeds."""
    if args.no_cache or args.feeds:
        return None
    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    cache = ArticleCache.open(data_dir, paths_asked(args))
    if cache.problem:
        print(f"flagreader: {terminal_safe_line(cache.problem)}", file=sys.stderr)
    return cache


def load(
    args: argparse.Namespace, cache: ArticleCache | None, extract: bool = True, index: bool = False
) -> Corpus:
    """Load the paths asked for (through the cache), extracting on every core when there is
    enough to do; a progress bar on a terminal when it takes a while. With `index`, the corpus
    gets its search index: the segments kept in the cache, and one more of what they do not
    hold (made by the extraction workers with their extraction when there is much). With
    --feeds, the entries of the feeds subscribed to."""
    if args.feeds:
        from flagreader.feeds_cli import load_feed_corpus  # reader and requests only for feeds

        if args.paths:
            print("flagreader: give files and folders or --feeds, not both", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        return load_feed_corpus(args.data_dir, extract, index)
    with ProgressBar() as bar:
        corpus = load_corpus(
            paths_asked(args),
            max_bytes=args.max_size,
            extract=False,
            progress=bar.report("Reading files"),
            cache=cache,
            lazy=cache is not None,  # what the cache holds is read from it when asked for
        )
        kept = KeptIndex(cache) if index and cache is not None else None
        todo = to_extract(corpus) if extract or index else []
        missing = kept.missing(keys_of(corpus.articles)) if kept is not None else []
        if todo or missing:  # (the extraction rules are not even imported for a folder the cache holds)
            from flagreader.extract_process import extract_where_it_pays

            writer = kept.writer() if kept is not None else None
            progress = bar.report("Finding officials, figures and quotes")
            extract_where_it_pays(
                corpus, progress, saver(corpus, cache), missing, writer.put if writer is not None else None
            )
            if writer is not None:
                writer.flush()
    keep_snapshot(corpus, cache)
    if index:
        give_index(corpus, kept)
    return corpus


def give_index(corpus: Corpus, kept: KeptIndex | None) -> None:
    """Give the corpus its search index: the kept segments, with one more of the articles they
    do not hold, indexed here (or the whole corpus indexed here, with no cache)."""
    if kept is None:
        corpus.build_index()
        return
    corpus.use_index(kept.index(corpus.articles, keys_of(corpus.articles)))
    if kept.problem:
        print(f"flagreader: {terminal_safe_line(kept.problem)}", file=sys.stderr)


def merge_if_due(corpus: Corpus, cache: ArticleCache | None) -> None:
    """Once a command has answered: merge the kept segments if the policy asks for it, in a
    process of its own (see `kept_index.merge_later`)."""
    from flagreader.search.index import SearchIndex

    index = corpus._index
    if cache is None or not isinstance(index, SearchIndex):
        return
    if needs_merging(index):
        merge_later(cache)


def close(cache: ArticleCache | None) -> None:
    """Write what is pending to the cache; say so if it could not be written."""
    if cache is not None:
        before = cache.problem
        cache.close()
        if cache.problem and cache.problem != before:
            print(f"flagreader: {terminal_safe_line(cache.problem)}", file=sys.stderr)
