"""Extraction in a worker process (what the reader uses): the same result as extraction in
this process, chunk by chunk, stoppable between chunks, and done here when no worker can be
started."""

from __future__ import annotations

from dataclasses import replace

import pytest

import flagreader
from flagreader import extract_process
from flagreader.extract.article import extract_article
from flagreader.extract_process import extract_corpus_in_process
from flagreader.loading import extract_corpus
from flagreader.model import Corpus
from flagreader.search.engine import search
from flagreader.search.parts import IndexPart


def unextracted() -> Corpus:
    corpus = flagreader.load_corpus(extract=False)
    extra = [
        replace(article, id=f"{article.id}-{copy}", source=f"{article.source}#{copy}")
        for copy in range(3)
        for article in corpus.articles
    ]
    return Corpus(articles=[*corpus.articles, *extra])


def test_the_worker_gives_what_extraction_here_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_process, "CHUNK_BYTES", 10_000)  # several chunks, in order
    here, there = unextracted(), unextracted()
    extract_corpus(here)
    done: list[tuple[int, int]] = []
    extract_process.extract_corpus_in_process(there, progress=lambda d, t: done.append((d, t)))
    assert there.articles == here.articles and all(a.extracted for a in there.articles)
    assert done[0] == (0, 8) and done[-1] == (8, 8) and [d for d, _ in done] == sorted(d for d, _ in done)


def test_stopping_between_chunks_leaves_the_rest_unextracted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_process, "CHUNK_BYTES", 1)  # one article a chunk
    corpus = unextracted()
    asked: list[int] = []

    def stopped() -> bool:
        asked.append(1)
        return len(asked) > 2

    extract_process.extract_corpus_in_process(corpus, stopped=stopped)
    extracted = [a.extracted for a in corpus.articles]
    assert extracted[:2] == [True, True] and not any(extracted[2:])


def test_without_a_worker_process_extraction_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(extract_process, "ProcessPoolExecutor", no_processes)
    corpus = unextracted()
    extract_process.extract_corpus_in_process(corpus)
    assert all(a.extracted for a in corpus.articles)


def test_a_failure_on_one_article_is_a_notice_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(article: object) -> object:
        raise RuntimeError("a bug in the rules")

    monkeypatch.setattr(extract_process, "extract_article", broken)
    monkeypatch.setattr(extract_process, "ProcessPoolExecutor", lambda *a, **k: None)  # here, patched
    corpus = unextracted()
    extract_process.extract_corpus_in_process(corpus)
    assert not any(a.extracted for a in corpus.articles)
    assert corpus.notices[0] == (
        corpus.articles[0].source,
        "extraction failed: RuntimeError: a bug in the rules",
    )


def test_the_work_happens_in_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction patched to fail here still succeeds: the worker process did it."""

    def not_here(article: object) -> object:
        raise AssertionError("extracted in the reader's process")

    monkeypatch.setattr(extract_process, "extract_article", not_here)
    corpus = unextracted()
    extract_process.extract_corpus_in_process(corpus)
    assert all(a.extracted for a in corpus.articles) and not corpus.notices


def test_the_workers_index_what_they_extract_and_what_they_are_told_to() -> None:
    """The workers read every word as they extract: their parts (of the articles extracted, and
    of those named in `to_index`, sent along), as segments, are the index that building it in
    this process gives, hit for hit."""
    from flagreader.search.index import SearchIndex, place
    from flagreader.search.segment import Segment
    from flagreader.shelf import keys_of

    corpus = flagreader.load_corpus(extract=False)
    corpus.articles[0] = extract_article(corpus.articles[0])  # extracted before, as the reader does
    parts: list[IndexPart] = []
    assert extract_corpus_in_process(corpus, to_index=[0], indexed=parts.append)
    assert sum(part.size for part in parts) == len(corpus.articles)
    segments = [Segment.from_parts([part]) for part in parts]
    where, missing = place(segments, keys_of(corpus.articles))
    assert missing == []
    merged = SearchIndex.of(corpus.articles, segments, where)
    built = SearchIndex(corpus.articles)
    for query in ("bilisbekov", 'quote:"radical propaganda"', "official:prosecutor", "kazakh fightrs"):
        assert search(merged, query, 5) == search(built, query, 5)
    parts.clear()
    corpus.articles[1] = extract_article(corpus.articles[1])
    assert extract_corpus_in_process(corpus, indexed=parts.append) and parts == []  # nothing to do


def test_the_workers_yield_the_processor_to_the_reader() -> None:
    # One worker per core, each below the reader's priority: a key the reader must answer takes
    # a core from a worker (measured on BBC: keys p95 40 ms while two workers extract).
    import os

    pool = extract_process.start_pool(1)
    if pool is None or not hasattr(os, "nice"):
        pytest.skip("no worker processes or no priorities here")
    try:
        worker = pool.submit(os.nice, 0).result(timeout=60)
    finally:
        pool.shutdown()
    assert worker == min(19, os.nice(0) + extract_process._NICENESS)
