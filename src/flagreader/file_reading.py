"""Reading one file into an article: its bytes, read without blocking and within a size limit,
then parsed (see `parsing`), or what the article cache holds of it when the file is as the
cache has it. A file that is not an article raises `LoadError` with the reason a user can act
on (`load_one` gives it as an `Outcome`)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from flagreader.article_cache import ArticleCache
from flagreader.cache_file import Entry
from flagreader.cache_format import content_hash, parser_fingerprint
from flagreader.model import Article
from flagreader.parsing import NotParsed, parse_document
from flagreader.shelf import Listed
from flagreader.walking import kind_name

DEFAULT_MAX_BYTES = 20 * 1000 * 1000
"""Files larger than this (20 MB) are skipped; `load_corpus(max_bytes=...)` changes it."""


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


def read_limited(path: Path | str, max_bytes: int) -> bytes:
    """Read a regular file's bytes, refusing files over `max_bytes` before reading them whole.

    The file is opened without blocking and its type checked on the open file: a file
    replaced by a named pipe (or a device) after the folder walk would otherwise block the
    load forever."""
    return read_file(path, max_bytes)[0]


def read_file(path: Path | str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """`read_limited`, with the status of the file as it was opened."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise LoadError(_open_reason(error)) from None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(f"not a regular file: {kind_name(info.st_mode)}")
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


def _open_reason(error: OSError) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return f"path too long for this system ({len(str(error.filename or '')):,} characters)"
    if isinstance(error, FileNotFoundError):
        return "no such file (it was removed after the folder was read)"
    return f"cannot read: {error.strerror or error}"


class Outcome(NamedTuple):
    """What became of one file: an article (with a note), or the cache's row of it (`listed`,
    when loading lazily, with its index `key`), or the reason it is not one."""

    article: Article | None
    note: str | None
    reason: str | None
    listed: Listed | None = None
    key: bytes | None = None
    failure: str | None = None
    unread: bool = False
    """The file could not be read at all: tried again each time (its permissions, or the size
    limit, may change), not kept as "not an article"."""


def _cached(cache: ArticleCache, entry: Entry, path: str, key: str, lazy: bool) -> Outcome | None:
    """What the cache holds for the file (its row alone when `lazy`), or None when its stored
    article cannot be read."""
    failure = entry.failure if entry.extracted else None
    if entry.article_id is None:
        return Outcome(None, None, entry.reason)
    if lazy and entry.title is not None and entry.indexed is not None:
        extracted = entry.extractor is not None
        counts = entry.counts if extracted else None
        row = Listed(entry.article_id, path, entry.title, entry.author, entry.blog, extracted, counts)
        return Outcome(None, entry.note, None, row, entry.indexed, failure)
    article = cache.article(key, path)
    return None if article is None else Outcome(article, entry.note, None, failure=failure)


def load_one(
    path: str,
    key: str,
    seen: tuple[int, int] | None,
    max_bytes: int,
    cache: ArticleCache | None,
    entry: Entry | None,
    lazy: bool = False,
) -> Outcome:
    """Load one file (`key`: its absolute path), from the cache when it holds the file as it is."""
    if cache is not None and entry is not None and seen is not None and seen[0] <= max_bytes:
        outcome = _cached(cache, entry, path, key, lazy) if entry.unchanged(*seen) else None
        if outcome is not None:
            return outcome  # the same size and time: the file is not even read
    try:
        data, info = read_file(path, max_bytes)
    except LoadError as error:  # not kept: the limit and the file's permissions may change
        return Outcome(None, None, str(error), unread=True)
    digest = b""
    if cache is not None:
        digest = content_hash(data)
        if entry is not None and entry.hash == digest and entry.parser == parser_fingerprint():
            outcome = _cached(cache, entry, path, key, lazy)
            if outcome is not None:  # touched, not changed
                cache.touch(key, info.st_size, info.st_mtime_ns)
                return outcome
    try:
        article, note = parse_file(Path(path), data)
    except LoadError as error:
        outcome = Outcome(None, None, str(error))
    else:
        outcome = Outcome(article, note, None)
    if cache is not None:
        cache.put_parsed(
            key, info.st_size, info.st_mtime_ns, digest, outcome.article, outcome.reason, outcome.note
        )
    return outcome
