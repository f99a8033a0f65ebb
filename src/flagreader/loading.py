"""Loading articles from files and folders: walk → compare with the folder as last read → read
and parse only what changed → assemble.

Nothing here raises for a bad file: every path that does not become an article becomes
a `Skipped(source, reason)` with a reason a user can act on, and the rest still loads.

With an article cache, the folder as it was last read is kept (`ArticleCache.snapshot`): each
file's size and time, and what it became (its row in the list, its index key, or why it is not
an article). A file whose size and time are those is taken from there without reading a row of
the cache, so an unchanged archive of 100,000 files costs its walk and one read of that record;
only the files that changed are looked up, read and parsed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

from flagreader.article_cache import ArticleCache
from flagreader.cache_format import extractor_fingerprint, parser_fingerprint
from flagreader.cache_snapshot import Record, listed_articles, read_snapshot, save_snapshot
from flagreader.file_reading import (
    DEFAULT_MAX_BYTES,
    LoadError,
    Outcome,
    human_size,
    load_file,
    load_one,
    parse_file,
    read_limited,
)
from flagreader.model import Article, Corpus, Notice, Skipped
from flagreader.seeds import seeds_dir
from flagreader.shelf import Listed, Shelf, not_extracted
from flagreader.walking import Finder, find_article_files, walk

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LoadError",
    "extract_corpus",
    "find_article_files",
    "human_size",
    "load_corpus",
    "load_file",
    "parse_file",
    "read_limited",
    "saver",
    "store_results",
    "to_extract",
]

Progress = Callable[[int, int], None]
"""Told (done, total) now and then during a long load or extraction."""
Saved = Callable[[Sequence[tuple[str, Article | str]]], None]
"""Given (source, extracted article or why extraction failed) for articles as they are done."""
_PROGRESS_EVERY = 100
_RELEASE_EVERY = 256
"""Articles parsed by a first load held in memory until they are written to the cache: then
read from there when asked for (the extraction workers read them themselves)."""
STREAM_AFTER = 500
"""Articles loaded before a caller that asked (`started`) is given the corpus to show."""


def _fingerprint() -> str:
    """What a record of the folder is valid for: today's parser and extractor."""
    return f"{parser_fingerprint()} {extractor_fingerprint()}"


def _as_kept(record: Record, number: int | None, size: int, mtime_ns: int, max_bytes: int) -> Outcome | None:
    """File `number` of the record of the folder as the record has it, when its size and time
    are those kept (and it is within the size limit, which may have changed); None to look at
    it again."""
    if (
        number is None
        or record.sizes[number] != size
        or record.mtimes[number] != mtime_ns
        or size > max_bytes
    ):
        return None
    row = record.row(number)
    if row is None:
        reason = record.reasons.get(number)
        return None if reason is None else Outcome(None, None, reason)
    note, failure = record.notes.get(number), record.failures.get(number)
    return Outcome(None, note, None, row, record.indexed(number), failure)


def _unchanged(record: Record | None, finder: Finder, max_bytes: int) -> bool:
    """Whether every file is as the record of the folder has it (compared column by column),
    each within the size limit, and each that is not an article known not to be one."""
    return (
        record is not None
        and finder.keys == record.keys
        and finder.sizes == record.sizes
        and finder.mtimes == record.mtimes
        and (not finder.sizes or max(finder.sizes) <= max_bytes)
        and record.every_file_known()
    )


def _load_changes(
    corpus: Corpus, cache: ArticleCache, record: Record, finder: Finder, max_bytes: int
) -> tuple[Record, dict[int, Article], dict[int, str]]:
    """The record of the folder as it is now: the files whose size and time are those kept taken
    from the record in bulk, the others (new, changed, and those not read last time) loaded one
    by one; the rows of the files gone dropped from the cache. With it, by file number, the
    articles parsed now (held in memory: the cache may not give them back) and why the files
    that could not be read were not."""
    number_of = {key: number for number, key in enumerate(record.keys)}
    kept = [number_of.get(key) for key in finder.keys]
    changed = [
        at
        for at, (number, size, mtime) in enumerate(zip(kept, finder.sizes, finder.mtimes, strict=True))
        if number is None
        or record.sizes[number] != size
        or record.mtimes[number] != mtime
        or size > max_bytes
        or (record.article[number] < 0 and number not in record.reasons)
    ]
    entries = cache.entries([finder.keys[at] for at in changed])
    held: dict[int, Article] = {}
    unread: dict[int, str] = {}
    extractor = extractor_fingerprint()
    loaded: dict[int, tuple[Listed | None, Outcome]] = {}
    for at in changed:
        path, key, seen = finder.files[at], finder.keys[at], (finder.sizes[at], finder.mtimes[at])
        entry = entries.get(key)
        outcome = load_one(path, key, seen, max_bytes, cache, entry, lazy=True)
        row = outcome.listed or (Listed.of(outcome.article) if outcome.article is not None else None)
        if row is not None and row.source != path:
            row = row._replace(source=path)
        if (
            entry is not None
            and entry.extractor not in (None, extractor)
            and row is not None
            and row.extracted
        ):
            corpus.stale.add(row.id)
        loaded[at] = (row, outcome)
        if outcome.article is not None:
            held[at] = outcome.article
        if row is None and outcome.unread:
            unread[at] = outcome.reason or "cannot read"
    cache.flush()
    cache.forget(set(record.keys) - set(finder.keys))
    return record.changed(finder, loaded), held, unread


def _as_recorded(
    corpus: Corpus,
    cache: ArticleCache,
    record: Record,
    finder: Finder,
    held: dict[int, Article] | None = None,
    unread: dict[int, str] | None = None,
) -> None:
    """The corpus of a folder from the record of it (in bulk: it is every launch's and command's
    work on an archive of 100,000 files); `held`, by file number, the articles parsed now, and
    `unread` why files could not be read."""
    files, unread = finder.files, unread or {}
    chosen = listed_articles(record, files)
    for number in sorted(chosen.duplicates.keys() | record.reasons.keys() | unread.keys()):
        if number in chosen.duplicates:
            said = f"duplicate of {chosen.duplicates[number]} (same text)"
            corpus.skipped.append(Skipped(files[number], said))
        else:
            corpus.skipped.append(Skipped(files[number], record.reasons.get(number) or unread[number]))
    numbers, held = chosen.numbers, held or {}
    in_memory = {at: held[number] for at, number in enumerate(numbers) if number in held}
    corpus.articles = Shelf.of_rows(cache, chosen.rows, chosen.keys, in_memory)
    for number in sorted(record.notes.keys() | record.failures.keys()):
        for note in (record.notes.get(number), record.failures.get(number)):
            if note:
                corpus.notices.append(Notice(files[number], note))


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extract: bool = True,
    progress: Progress | None = None,
    cache: ArticleCache | None = None,
    lazy: bool = False,
    started: Callable[[Corpus], None] | None = None,
) -> Corpus:
    """Load articles from files and folders.

    Args:
        paths: Files and folders to load; None loads the bundled seed posts.
        max_bytes: Files larger than this are skipped (default 20 MB).
        extract: Find officials, figures, dates and quotes in each article (see
            `flagreader.extract`); False leaves that for later (`extract_corpus`).
        progress: Called now and then with (files read, files in all) while loading.
        cache: The article cache of these paths (`ArticleCache.open`): files it holds as
            they are now are not parsed again, nor extracted again by today's extractor;
            what is parsed and extracted is kept in it.
        lazy: With a cache, `Corpus.articles` is a `Shelf`: files the cache holds are listed
            from their rows and read from it when asked for, not loaded now.
        started: Given the corpus being loaded once its first STREAM_AFTER articles are, when
            a folder has many more files: the caller may show it while the rest load (its
            articles list grows; `progress` is told as it does).

    Returns:
        The corpus: articles in a stable order, plus every skipped path with its reason
        and notices about files that loaded with something to report. Articles whose
        extraction came from the cache but from an older extractor are in `Corpus.stale`
        (extraction runs on them again).
    """
    record = read_snapshot(cache, _fingerprint()) if cache is not None else None
    finder = walk([seeds_dir()] if paths is None else paths, record.orders if record is not None else None)
    files = finder.files
    shelf = Shelf(cache) if lazy and cache is not None else None
    corpus = Corpus(articles=shelf if shelf is not None else [], skipped=finder.skipped)
    if (
        shelf is not None
        and cache is not None
        and record is not None
        and _unchanged(record, finder, max_bytes)
    ):
        _as_recorded(corpus, cache, record, finder)  # no row of the cache read, no file looked at
        record.orders = finder.orders
        cache.walked, cache.walked_same = record, True
    elif shelf is not None and cache is not None and record is not None:
        changes, held, unread = _load_changes(
            corpus, cache, record, finder, max_bytes
        )  # those alone looked at
        _as_recorded(corpus, cache, changes, finder, held, unread)
        cache.walked, cache.walked_same = changes, False
        if progress is not None:
            progress(len(files), len(files))
    else:
        _load_files(corpus, finder, cache, record, shelf, max_bytes, progress, started)
    if extract:
        extract_corpus(corpus, saved=saver(corpus, cache))
        keep_snapshot(corpus, cache)
    return corpus


def keep_snapshot(corpus: Corpus, cache: ArticleCache | None) -> None:
    """Keep the folder as `load_corpus` read it, with what extraction made of its articles since,
    for the next load (`load_corpus` does it when it extracts; a caller that extracts itself
    does it after)."""
    if cache is not None:
        save_snapshot(cache, corpus, _fingerprint())


def _read_kept(cache: ArticleCache, outcome: Outcome | None, key: str) -> Outcome | None:
    """A kept file's article read from the cache, for a corpus that holds its articles (None
    when the cache cannot give it: the file is then looked at again)."""
    if outcome is None or outcome.listed is None:
        return outcome
    article = cache.article(key, outcome.listed.source)
    return None if article is None else outcome._replace(article=article, listed=None)


def saver(
    corpus: Corpus, cache: ArticleCache | None
) -> Callable[[Sequence[tuple[str, Article | str]]], None] | None:
    """What keeps extraction results as they come: in the cache, and then no longer in memory
    when the corpus is a shelf (it reads them back from the cache when asked)."""
    if cache is None:
        return None
    articles = corpus.articles

    def save(results: Sequence[tuple[str, Article | str]]) -> None:
        cache.put_extracted(results)
        if isinstance(articles, Shelf) and cache.writable:
            articles.release(source for source, _ in results)

    return save


def to_extract(corpus: Corpus) -> list[int]:
    """Positions of the articles not extracted yet, or extracted by an older extractor (told
    from their rows: no article is read from the cache for it)."""
    return not_extracted(corpus.articles, corpus.stale)


def extract_corpus(
    corpus: Corpus,
    progress: Progress | None = None,
    saved: Saved | None = None,
) -> None:
    """Run extraction on every article of `corpus` that has not had it (or had it from an
    older extractor, `Corpus.stale`), in place; `saved` is given each (source, result) as
    articles are done, a batch at a time.

    A failure on one article is a bug in the rules, not in the article: it is reported as a
    notice naming the article and the error, and the article stays loaded without extraction.
    """
    from flagreader.extract_process import extract_one  # the rules only when extracting

    pending = to_extract(corpus)
    if pending:
        corpus._index = None  # the search index covers what extraction finds: build it anew
    total = len(corpus.articles)
    done = total - len(pending)
    for at in range(0, len(pending), _PROGRESS_EVERY):
        if progress is not None:
            progress(done + at, total)
        batch = pending[at : at + _PROGRESS_EVERY]
        store_results(corpus, [(index, extract_one(corpus.articles[index])) for index in batch], saved)
    if progress is not None:
        progress(total, total)


def store_results(corpus: Corpus, results: Sequence[tuple[int, Article | str]], saved: Saved | None) -> int:
    """Put extraction's results, as (position, extracted article or why it failed), in their
    places (a failure becomes a notice, the article stays as loaded); give them to `saved`;
    return how many."""
    for index, result in results:
        corpus.stale.discard(corpus.articles[index].id)
        if isinstance(result, str):
            corpus.notices.append(Notice(corpus.articles[index].source, result))
        else:
            corpus.articles[index] = result
    if saved is not None and results:
        saved([(corpus.articles[index].source, result) for index, result in results])
    return len(results)


def _load_files(
    corpus: Corpus,
    finder: Finder,
    cache: ArticleCache | None,
    record: Record | None,
    shelf: Shelf | None,
    max_bytes: int,
    progress: Progress | None,
    started: Callable[[Corpus], None] | None,
) -> None:
    """Load the files found, file by file: those as the record has them from it, the others
    from the cache's rows, or read and parsed."""
    files, keys = finder.files, finder.keys
    kept = record if record is not None else Record()
    number_of = {key: number for number, key in enumerate(kept.keys)}
    outcomes = [
        _as_kept(kept, number_of.get(key), size, mtime, max_bytes)
        for key, size, mtime in zip(keys, finder.sizes, finder.mtimes, strict=True)
    ]
    if shelf is None and cache is not None:  # a list of articles: those kept are read from the cache
        outcomes = [_read_kept(cache, outcome, key) for outcome, key in zip(outcomes, keys, strict=True)]
    changed = [key for key, outcome in zip(keys, outcomes, strict=True) if outcome is None]
    every = len(changed) == len(files)  # nothing kept: every row is read (those of files gone too)
    entries = cache.entries(None if every else changed) if cache is not None and changed else {}
    extractor = extractor_fingerprint()
    walked = Record(orders=finder.orders)
    loaded: dict[str, str] = {}
    parsed: list[str] = []  # the sources of the articles parsed and held since the last release
    for number, (path, key) in enumerate(zip(files, keys, strict=True)):
        if progress is not None and number % _PROGRESS_EVERY == 0:
            progress(number, len(files))
        entry = entries.get(key)
        outcome = outcomes[number]
        seen = (finder.sizes[number], finder.mtimes[number])
        if outcome is None:
            outcome = load_one(path, key, seen, max_bytes, cache, entry, shelf is not None)
        row = outcome.listed or (Listed.of(outcome.article) if outcome.article is not None else None)
        older = entry is not None and entry.extractor not in (None, extractor)
        if older and row is not None and row.extracted:
            corpus.stale.add(row.id)
        if row is not None and row.source != path:  # the same folder, reached by another path
            row = row._replace(source=path)
        walked.add(key, *seen, row, outcome, path)
        if row is None:
            corpus.skipped.append(Skipped(path, outcome.reason or "not an article"))
            continue
        if row.id in loaded:
            corpus.skipped.append(Skipped(path, f"duplicate of {loaded[row.id]} (same text)"))
            continue
        loaded[row.id] = row.source
        if shelf is not None:
            shelf.add(row, outcome.article, outcome.key)
            if outcome.article is not None:
                parsed.append(row.source)
            if cache is not None and len(parsed) >= _RELEASE_EVERY:
                cache.flush()  # then kept in the cache: read from there, not held here
                if cache.writable:
                    shelf.release(parsed)
                parsed.clear()
        else:
            assert outcome.article is not None
            corpus.articles.append(outcome.article)
        if started is not None and len(corpus.articles) == STREAM_AFTER and len(files) > 4 * STREAM_AFTER:
            started(corpus)
        if outcome.note:
            corpus.notices.append(Notice(path, outcome.note))
        if outcome.failure:
            corpus.notices.append(Notice(path, outcome.failure))
    if progress is not None:
        progress(len(files), len(files))
    if cache is not None:
        cache.flush()
        if record is not None or every:
            cache.forget(set(kept.keys if record is not None else entries) - set(keys))
        cache.walked = walked
        cache.walked_same = not changed and len(kept.keys) == len(files)
