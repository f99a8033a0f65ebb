"""Loading articles from files and folders: find → read → decode → parse → assemble.

Nothing here raises for a bad file: every path that does not become an article becomes
a `Skipped(source, reason)` with a reason a user can act on, and the rest still loads.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from flagreader.article_cache import ArticleCache
from flagreader.cache_file import Entry
from flagreader.cache_format import content_hash, extractor_fingerprint, parser_fingerprint
from flagreader.model import Article, Corpus, Notice, Skipped
from flagreader.parsing import ARTICLE_SUFFIXES, NotParsed, parse_document
from flagreader.seeds import seeds_dir
from flagreader.shelf import Listed, Shelf, listing

DEFAULT_MAX_BYTES = 20 * 1000 * 1000
"""Files larger than this (20 MB) are skipped; `load_corpus(max_bytes=...)` changes it."""

Progress = Callable[[int, int], None]
"""Told (done, total) now and then during a long load or extraction."""
Saved = Callable[[Sequence[tuple[str, Article | str]]], None]
"""Given (source, extracted article or why extraction failed) for articles as they are done."""
_PROGRESS_EVERY = 100
STREAM_AFTER = 500
"""Articles loaded before a caller that asked (`started`) is given the corpus to show."""


class LoadError(Exception):
    """A file did not become an article; the message is the reason shown to the user."""


def human_size(size: int) -> str:
    """Return a byte count as a short human-readable size ("25.3 MB")."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _too_large(size: int, max_bytes: int) -> LoadError:
    return LoadError(f"too large: {human_size(size)} (the limit is {human_size(max_bytes)})")


_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a regular file's bytes, refusing files over `max_bytes` before reading them whole.

    The file is opened without blocking and its type checked on the open file: a file
    replaced by a named pipe (or a device) after the folder walk would otherwise block the
    load forever."""
    return _read(path, max_bytes)[0]


def _read(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """`read_limited`, with the status of the file as it was opened."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise LoadError(_open_reason(error)) from None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(f"not a regular file: {_kind_name(info.st_mode)}")
            if info.st_size > max_bytes:
                raise _too_large(info.st_size, max_bytes)
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:  # the file grew after it was measured
        raise _too_large(len(data), max_bytes)
    return data, info


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Article, str | None]:
    """Load one file as an article.

    Returns:
        The article, and a note for the user about the file (its encoding) or None.

    Raises:
        LoadError: The file is not an article; the message says why.
    """
    return parse_file(path, read_limited(path, max_bytes))


def parse_file(path: Path, data: bytes) -> tuple[Article, str | None]:
    """Make an article of a file's bytes (see `load_file`, and `parsing.parse_document`).

    Raises:
        LoadError: The bytes are not an article; the message says why.
    """
    try:
        return parse_document(path, data)
    except NotParsed as error:
        raise LoadError(str(error)) from None


def _natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "2.txt" before "10.txt", case-insensitively."""
    return tuple(
        (0, int(part)) if part.isdecimal() else (1, part.casefold()) for part in re.split(r"(\d+)", name)
    )


def _open_reason(error: OSError) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return f"path too long for this system ({len(str(error.filename or '')):,} characters)"
    if isinstance(error, FileNotFoundError):
        return "no such file (it was removed after the folder was read)"
    return f"cannot read: {error.strerror or error}"


def _missing_reason(path: Path) -> str:
    try:
        if path.is_symlink():
            return f"broken symbolic link (points to {os.readlink(path)}, which does not exist)"
    except OSError:
        pass  # the link vanished, or cannot be read: it is missing all the same
    return "no such file or folder"


def _stat_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop: the link points back to itself"
    if isinstance(error, FileNotFoundError):
        return _missing_reason(path)
    if error.errno == errno.ENAMETOOLONG:
        return f"path too long for this system ({len(str(path)):,} characters)"
    return f"cannot read: {error.strerror or error}"


def _kind_name(mode: int) -> str:
    kinds = {
        stat.S_IFIFO: "a named pipe",
        stat.S_IFSOCK: "a socket",
        stat.S_IFCHR: "a character device",
        stat.S_IFBLK: "a block device",
    }
    return kinds.get(stat.S_IFMT(mode), "not a regular file")


class _Finder:
    """Walks paths in a stable order, collecting article files and skip reasons."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.stats: dict[Path, tuple[int, int]] = {}
        """(size, modification time in ns) of each file, as the walk saw it."""
        self.skipped: list[Skipped] = []
        self._files_seen: dict[tuple[int, int], Path] = {}
        self._dirs_seen: dict[tuple[int, int], Path] = {}

    def add(self, path: Path, *, explicit: bool) -> None:
        """Add a path the user named (`explicit`) or one found inside a folder."""
        info = self._stat(path)
        if info is not None:
            self._add(path, info, explicit=explicit)

    def _stat(self, path: Path) -> os.stat_result | None:
        """The path's status, or None with the reason it cannot be had recorded (no such
        file, no permission to enter its folder, a path past the system's length limit)."""
        try:
            return path.stat()
        except OSError as error:
            self.skipped.append(Skipped(str(path), _stat_reason(path, error)))
            return None

    def _add(self, path: Path, info: os.stat_result, *, explicit: bool) -> None:
        if stat.S_ISDIR(info.st_mode):
            self._walk(path)
        elif not stat.S_ISREG(info.st_mode):
            self.skipped.append(Skipped(str(path), f"not a regular file: {_kind_name(info.st_mode)}"))
        elif not explicit and path.suffix.lower() not in ARTICLE_SUFFIXES:
            reason = f"not an article: unsupported file type '{path.suffix}'"
            self.skipped.append(Skipped(str(path), reason))
        else:
            key = (info.st_dev, info.st_ino)
            if key in self._files_seen:
                reason = f"same file as {self._files_seen[key]} (reached twice), loaded once"
                self.skipped.append(Skipped(str(path), reason))
            else:
                self._files_seen[key] = path
                self.files.append(path)
                self.stats[path] = (info.st_size, info.st_mtime_ns)

    def _walk(self, root: Path) -> None:
        # An explicit stack instead of recursion: deep trees cannot exhaust Python's stack.
        stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [(root, ())]
        while stack:
            folder, ancestors = stack.pop()
            info = self._stat(folder)
            if info is None:
                continue
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                reason = f"symbolic link loop: leads back to {self._dirs_seen[key]}"
                self.skipped.append(Skipped(str(folder), reason))
                continue
            if key in self._dirs_seen:
                reason = f"folder already read as {self._dirs_seen[key]}"
                self.skipped.append(Skipped(str(folder), reason))
                continue
            self._dirs_seen[key] = folder
            try:
                names = sorted(os.listdir(folder), key=_natural_key)
            except OSError as error:
                self.skipped.append(Skipped(str(folder), f"cannot read folder: {error.strerror or error}"))
                continue
            subfolders: list[Path] = []
            for name in names:
                if name.startswith("."):
                    continue  # hidden files and folders (.git, .DS_Store) are never articles
                child = folder / name
                info = self._stat(child)  # any OSError is this child's reason, the walk goes on
                if info is not None and stat.S_ISDIR(info.st_mode):
                    subfolders.append(child)
                elif info is not None:
                    self._add(child, info, explicit=False)
            # Files of a folder come before its subfolders, each group in natural order.
            stack.extend((sub, (*ancestors, key)) for sub in reversed(subfolders))


def walk(paths: Iterable[str | os.PathLike[str]]) -> _Finder:
    """Walk files and folders as loading does: `files` in order, with their `stats`, and `skipped`."""
    finder = _Finder()
    for path in paths:
        finder.add(Path(path), explicit=True)
    return finder


def find_article_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively) into article files, in a stable order.

    Returns:
        The files to load, and the paths skipped while looking (with reasons).
    """
    found = walk(paths)
    return found.files, found.skipped


class _Outcome(NamedTuple):
    """What became of one file: an article (with a note), or the cache's row of it (`listed`,
    when loading lazily), or the reason it is not one."""

    article: Article | None
    note: str | None
    reason: str | None
    listed: Listed | None = None


def _cached(cache: ArticleCache, entry: Entry, path: Path, lazy: bool) -> _Outcome | None:
    """What the cache holds for the file (its row alone when `lazy`), or None when its stored
    article cannot be read."""
    if entry.article_id is None:
        return _Outcome(None, None, entry.reason)
    if lazy and entry.title is not None:
        extracted = entry.extractor is not None
        counts = entry.counts if extracted else None
        row = Listed(entry.article_id, str(path), entry.title, entry.author, entry.blog, extracted, counts)
        return _Outcome(None, entry.note, None, row)
    article = cache.article(os.path.abspath(path), str(path))
    return None if article is None else _Outcome(article, entry.note, None)


def _load_one(
    path: Path,
    seen: tuple[int, int] | None,
    max_bytes: int,
    cache: ArticleCache | None,
    entry: Entry | None,
    lazy: bool = False,
) -> _Outcome:
    """Load one file, from the cache when it holds the file as it is now."""
    if cache is not None and entry is not None and seen is not None and seen[0] <= max_bytes:
        outcome = _cached(cache, entry, path, lazy) if entry.unchanged(*seen) else None
        if outcome is not None:
            return outcome  # the same size and time: the file is not even read
    try:
        data, info = _read(path, max_bytes)
    except LoadError as error:  # not kept: the limit and the file's permissions may change
        return _Outcome(None, None, str(error))
    digest = b""
    if cache is not None:
        digest = content_hash(data)
        if entry is not None and entry.hash == digest and entry.parser == parser_fingerprint():
            outcome = _cached(cache, entry, path, lazy)
            if outcome is not None:  # touched, not changed
                cache.touch(os.path.abspath(path), info.st_size, info.st_mtime_ns)
                return outcome
    try:
        article, note = parse_file(path, data)
    except LoadError as error:
        outcome = _Outcome(None, None, str(error))
    else:
        outcome = _Outcome(article, note, None)
    if cache is not None:
        cache.put_parsed(
            os.path.abspath(path),
            info.st_size,
            info.st_mtime_ns,
            digest,
            article=outcome.article,
            reason=outcome.reason,
            note=outcome.note,
        )
    return outcome


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
    finder = walk([seeds_dir()] if paths is None else paths)
    files = finder.files
    shelf = Shelf(cache) if lazy and cache is not None else None
    corpus = Corpus(articles=shelf if shelf is not None else [], skipped=finder.skipped)
    entries = cache.entries() if cache is not None else {}
    extractor = extractor_fingerprint()
    loaded: dict[str, str] = {}
    for number, path in enumerate(files):
        if progress is not None and number % _PROGRESS_EVERY == 0:
            progress(number, len(files))
        entry = entries.get(os.path.abspath(path))
        outcome = _load_one(path, finder.stats.get(path), max_bytes, cache, entry, lazy=shelf is not None)
        row = outcome.listed or (Listed.of(outcome.article) if outcome.article is not None else None)
        if row is None:
            corpus.skipped.append(Skipped(str(path), outcome.reason or "not an article"))
            continue
        if row.id in loaded:
            corpus.skipped.append(Skipped(str(path), f"duplicate of {loaded[row.id]} (same text)"))
            continue
        loaded[row.id] = row.source
        if shelf is not None:
            shelf.add(row, outcome.article)
        else:
            assert outcome.article is not None
            corpus.articles.append(outcome.article)
        if started is not None and len(corpus.articles) == STREAM_AFTER and len(files) > 4 * STREAM_AFTER:
            started(corpus)
        if outcome.note:
            corpus.notices.append(Notice(str(path), outcome.note))
        if entry is not None and entry.extractor not in (None, extractor) and row.extracted:
            corpus.stale.add(row.id)
        elif entry is not None and entry.failure is not None and entry.extractor == extractor:
            corpus.notices.append(Notice(str(path), entry.failure))
    if progress is not None:
        progress(len(files), len(files))
    if cache is not None:
        cache.flush()
        cache.forget(set(entries) - {os.path.abspath(path) for path in files})
    if extract:
        extract_corpus(corpus, saved=saver(corpus, cache))
    return corpus


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
    stale = corpus.stale
    return [
        index for index, row in enumerate(listing(corpus.articles)) if not row.extracted or row.id in stale
    ]


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

    corpus._index = None  # the search index covers what extraction finds: build it anew
    pending = to_extract(corpus)
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
