"""Extraction in a worker process, for the reader.

Extraction is pure Python and regular expressions: run in a thread of the reader's process it
shares the interpreter lock with the UI, and a single long regular-expression call or a
garbage collection over a multi-megabyte article holds the lock for a good part of a second
while a key waits. In processes of their own (two where there are three cores or more) it
holds nobody's lock. Articles go to the workers in chunks of about a megabyte and come back
extracted, in order; between chunks the caller may stop them (the reader quitting).

Where a worker process cannot be started (a sandbox without process creation, an
interpreter without multiprocessing), extraction runs in the calling thread as before.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any, NamedTuple

from flagreader.cache_file import read_extracted
from flagreader.extract.article import extract_article
from flagreader.loading import Saved, extract_corpus, store_results, to_extract
from flagreader.model import Article, Corpus
from flagreader.search.parts import IndexPart, index_part
from flagreader.shelf import Shelf, listing

Progress = Callable[[int, int], None]
CHUNK_BYTES = 1_000_000
"""About how much article text one trip to the worker carries."""
_WORKERS = max(1, os.cpu_count() or 1)
"""Worker processes: one per core, at a lower priority than the reader (`_NICENESS`), so that
a key the reader must answer takes a core from a worker, not the other way round."""
_NICENESS = 10
"""How much lower the workers' priority is than the process that starts them (Unix nice)."""


def _lower_priority() -> None:
    """A worker's first step: yield the processor to the reader whenever it wants it."""
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(_NICENESS)


_AHEAD = 2 * _WORKERS
"""Chunks handed to the workers before the first result is awaited."""


def extract_one(article: Article) -> Article | str:
    """The extracted article, or why extraction failed (a bug in the rules, not the article)."""
    try:
        return extract_article(article)
    except Exception as error:  # noqa: BLE001 - reported by the caller, the article is kept
        return f"extraction failed: {type(error).__name__}: {error}"


_FOUND = ("officials", "figures", "dates", "quotes", "acronyms", "people")
_PIECE = 2_000
"""What an article's extraction found crosses back in pieces of this many items: unpickling is
one call that holds the interpreter lock, and one of half a million quotes would hold it for
a third of a second."""


class _Packed(NamedTuple):
    """An extracted article on its way back: the article without what was found, and what was
    found as pickled pieces, unpickled one at a time by the reader."""

    shell: Article
    found: dict[str, list[bytes]]


def _pack(result: Article | str) -> _Packed | str:
    if isinstance(result, str):
        return result
    found = {name: _pieces(getattr(result, name)) for name in _FOUND}
    shell = replace(result, officials=(), figures=(), dates=(), quotes=(), acronyms=(), people=())
    return _Packed(shell, found)


def _pieces(items: tuple[object, ...]) -> list[bytes]:
    return [pickle.dumps(items[at : at + _PIECE]) for at in range(0, len(items), _PIECE)]


def _items(pieces: list[bytes], freeze: bool) -> tuple[Any, ...]:
    items: list[Any] = []
    for piece in pieces:
        items.extend(pickle.loads(piece))
        if freeze:  # the collector need never walk these again: a full pass over half a million
            gc.freeze()  # new objects was the longest wait left (a third of a second at 20 MB)
    return tuple(items)


def _unpack(packed: _Packed | str, freeze: bool) -> Article | str:
    if isinstance(packed, str):
        return packed
    found = packed.found
    return replace(
        packed.shell,
        officials=_items(found["officials"], freeze),
        figures=_items(found["figures"], freeze),
        dates=_items(found["dates"], freeze),
        quotes=_items(found["quotes"], freeze),
        acronyms=_items(found["acronyms"], freeze),
        people=_items(found["people"], freeze),
    )


def extract_batch(articles: list[Article]) -> list[Article | str]:
    """The unit of work: a batch of articles in, each extracted (or why it failed) out, in
    order. A pure function of picklable values, importable by name: what each worker process
    runs on the articles of its chunk that are to be extracted, and what a cluster engine could
    run over many machines (Dask's `client.map`, Ray's `ray.remote`; see the README)."""
    return [extract_one(article) for article in articles]


def _extract_wanted(articles: Sequence[Article | None], todo: list[bool]) -> list[Article | str | None]:
    """Each article extracted (or why it failed) where `todo` says so, through `extract_batch`,
    else as it came (None where the cache could not give it)."""
    done = iter(
        extract_batch([a for a, wanted in zip(articles, todo, strict=True) if wanted and a is not None])
    )
    return [next(done) if wanted and a is not None else a for a, wanted in zip(articles, todo, strict=True)]


_Done = tuple[list[_Packed | str | None], IndexPart | None]
"""A chunk back from a worker: each article packed (or why it failed), and the search index's
part of the chunk."""


def _indexed(articles: list[Article], results: list[Article | str]) -> IndexPart:
    """The index part of a chunk: of each article as extracted (as loaded where it failed)."""
    return index_part([a if isinstance(r, str) else r for a, r in zip(articles, results, strict=True)])


def _extract_chunk(
    items: list[Article | str], todo: list[bool], cache_path: str | None = None, index: bool = True
) -> _Done:
    """Extract the articles flagged in `todo` (the others came extracted) and, with `index`,
    index them all. An article that came extracted may come as its key in the article cache at
    `cache_path` instead: it is read from there, here, not sent."""
    keys = [item for item in items if isinstance(item, str)]
    kept = iter(read_extracted(cache_path, keys) if keys and cache_path is not None else [])
    articles = [next(kept) if isinstance(item, str) else item for item in items]
    results = _extract_wanted(articles, todo)
    packed = [
        _pack(result) if wanted and result is not None else None
        for result, wanted in zip(results, todo, strict=True)
    ]
    whole = [article for article in articles if article is not None]
    if not index or len(whole) < len(articles):  # the cache lost one: the caller indexes
        return packed, None
    return packed, _indexed(whole, [result for result in results if result is not None])


_KEPT_SIZE = 3_000
"""About how much text an article read back from the cache has, for cutting chunks (its body is
not read here to measure it)."""


def _chunks(corpus: Corpus, todo: list[int], sent: list[int]) -> Iterator[tuple[list[int], list[bool]]]:
    """Positions of the articles to send (`sent`, in order), about CHUNK_BYTES of text at a
    time, each with whether it is to be extracted (it is in `todo`)."""
    wanted = set(todo)
    chunk: list[int] = []
    size = 0
    for index in sent:
        chunk.append(index)
        size += len(article.body) if (article := _in_memory(corpus, index)) is not None else _KEPT_SIZE
        if size >= CHUNK_BYTES:
            yield chunk, [position in wanted for position in chunk]
            chunk, size = [], 0
    if chunk:
        yield chunk, [position in wanted for position in chunk]


def _in_memory(corpus: Corpus, index: int) -> Article | None:
    """The article at `index` if it is at hand; None for one a shelf would read from its cache."""
    articles = corpus.articles
    return articles.in_memory(index) if isinstance(articles, Shelf) else articles[index]


def _item(corpus: Corpus, index: int, cache_path: str | None) -> Article | str:
    """What to send for the article at `index`: itself when it is at hand, else its key in the
    article cache (at `cache_path`), for the worker to read it from there (a first load of
    100,000 files keeps none of them in this process: they are read, parsed and kept, then
    extracted by the workers from the cache)."""
    article = _in_memory(corpus, index)
    if article is not None:
        return article
    if cache_path is None:
        return corpus.articles[index]
    return os.path.abspath(listing(corpus.articles)[index].source)


def _context() -> multiprocessing.context.BaseContext:
    # forkserver on Linux: each worker is forked from a small server process started once, not
    # from the reader (forking a process with threads is unsafe); spawn elsewhere.
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def start_pool(workers: int = _WORKERS) -> ProcessPoolExecutor | None:
    """The worker processes extraction runs in (at a lower priority than this process), or
    None when none can be started here."""
    try:
        return ProcessPoolExecutor(
            max_workers=max(1, workers), mp_context=_context(), initializer=_lower_priority
        )
    except (OSError, ValueError, NotImplementedError):
        return None


def extract_where_it_pays(
    corpus: Corpus,
    progress: Progress | None = None,
    saved: Saved | None = None,
    to_index: Sequence[int] = (),
    indexed: Callable[[IndexPart], None] | None = None,
) -> None:
    """Extract what `corpus` has not had extracted: on every core when there is enough to do
    (two chunks' worth), the workers indexing what they extract and `to_index` as they go;
    in this thread otherwise (starting worker processes would cost more than they save: what
    is to be indexed is then left to the caller). `progress`, `saved`, `to_index` and
    `indexed` as for `extract_corpus_in_process`."""
    todo = to_extract(corpus)
    pending = sum(len(corpus.articles[index].body) for index in todo)
    if pending < 2 * CHUNK_BYTES and len(to_index) - len(todo) < 2 * CHUNK_BYTES // _KEPT_SIZE:
        extract_corpus(corpus, progress, saved=saved)
        return
    extract_corpus_in_process(
        corpus, progress, saved=saved, workers=os.cpu_count() or 1, to_index=to_index, indexed=indexed
    )


def extract_corpus_in_process(
    corpus: Corpus,
    progress: Progress | None = None,
    stopped: Callable[[], bool] = lambda: False,
    freeze: bool = False,
    saved: Saved | None = None,
    workers: int = _WORKERS,
    pool: ProcessPoolExecutor | None = None,
    to_index: Sequence[int] = (),
    indexed: Callable[[IndexPart], None] | None = None,
) -> bool:
    """Extract every article of `corpus` that has not had it (or had it from an older
    extractor), in place, in `workers` worker processes, or in `pool`'s when the caller keeps
    a pool for many calls (in this thread if no process can be started). `stopped` is asked
    between chunks; when it says so, the rest is left unextracted. A failure on one article
    becomes a notice. `saved` is given each chunk's (source, result) pairs as they arrive.
    With `freeze`, what comes back is moved out of the garbage collector's way as it arrives
    (`gc.freeze`), for a program that keeps the corpus for its whole life (the reader).

    With `indexed`, the workers index each chunk's articles too, as extracted (an index part
    of them, given to `indexed` after `saved`): those extracted, and those at `to_index` (the
    search index holds no copy of them as they are), sent as their keys in the article cache
    when they came extracted (the workers read them there). A chunk whose articles a worker
    could not all have gives no part: the caller indexes what is left.

    Returns:
        Whether it went to the end (False: stopped).
    """
    total = len(corpus.articles)
    todo = to_extract(corpus)
    if todo:
        corpus._index = None  # the search index covers what extraction finds: build it anew
    cache_path = _cache_path(corpus)
    sent = sorted(set(todo) | set(to_index)) if indexed is not None else todo
    chunks = iter(list(_chunks(corpus, todo, sent)))
    executor = pool if pool is not None else start_pool(workers)
    done = total - len(todo)
    pending: deque[tuple[list[int], list[bool], Future[_Done] | None]] = deque()

    def hand_over() -> None:  # keep the worker _AHEAD chunks ahead of the results awaited
        while len(pending) < _AHEAD and (chunk_flags := next(chunks, None)) is not None:
            chunk, flags = chunk_flags
            items = [_item(corpus, index, cache_path) for index in chunk]
            future = _submit(executor, items, flags, cache_path, indexed is not None)
            pending.append((chunk, flags, future))

    if progress is not None:
        progress(done, total)  # at once: the header says the work has begun
    try:
        hand_over()
        while pending:
            if stopped():
                return False
            chunk, flags, future = pending.popleft()
            results, part = _result(future, corpus, chunk, flags, freeze, indexed is not None)
            extracted = [
                (index, result)
                for index, result, wanted in zip(chunk, results, flags, strict=True)
                if wanted and result is not None
            ]
            done += store_results(corpus, extracted, saved)
            if part is not None and indexed is not None:
                indexed(part)
            if progress is not None:
                progress(done, total)
            hand_over()
        if progress is not None:
            progress(total, total)
    finally:
        if executor is not None and executor is not pool:
            executor.shutdown(wait=False, cancel_futures=True)
    return True


def _submit(
    executor: ProcessPoolExecutor | None,
    items: list[Article | str],
    todo: list[bool],
    cache_path: str | None,
    index: bool,
) -> Future[_Done] | None:
    if executor is None:
        return None
    try:
        return executor.submit(_extract_chunk, items, todo, cache_path, index)
    except (BrokenProcessPool, RuntimeError, OSError):
        return None


def _result(
    future: Future[_Done] | None,
    corpus: Corpus,
    chunk: list[int],
    todo: list[bool],
    freeze: bool,
    index: bool,
) -> tuple[list[Article | str | None], IndexPart | None]:
    """The worker's results (None for an article not to extract) and index part, or the same
    work done here if the worker is gone."""
    if future is not None:
        try:
            packed, part = future.result()
            return [None if one is None else _unpack(one, freeze) for one in packed], part
        except (BrokenProcessPool, OSError, EOFError):
            pass
    articles = [corpus.articles[index] for index in chunk]
    results = _extract_wanted(articles, todo)
    part = _indexed(articles, [result for result in results if result is not None]) if index else None
    return [result if wanted else None for result, wanted in zip(results, todo, strict=True)], part


def _cache_path(corpus: Corpus) -> str | None:
    """The article cache file a shelf reads from, for the workers to read from too."""
    articles = corpus.articles
    return (
        str(articles.cache_path) if isinstance(articles, Shelf) and articles.cache_path is not None else None
    )
