"""The article cache's SQLite file (see `article_cache`): where it is, its layout and how a
row's values are stored, and opening it, knowing it for an article cache before anything in
it is used."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flagreader.cache_format import extractor_fingerprint, parser_fingerprint, stored_article
from flagreader.model import Article

CACHE_FOLDER = "article-cache"
LAYOUT = 7
"""The version of the tables below; a new layout is a new file."""
APPLICATION_ID = 0x666C6163  # "flac": told apart from other programs' SQLite files
BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another process's (the cache is written from background threads
only, never while a key waits)."""

_SCHEMA = """
BEGIN IMMEDIATE;
PRAGMA application_id = {APPLICATION_ID};
CREATE TABLE IF NOT EXISTS meta (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    id TEXT NOT NULL,
    generation INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (singleton, id, generation) VALUES (1, lower(hex(randomblob(16))), 0);
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash BLOB NOT NULL,
    parser TEXT NOT NULL,
    article_id TEXT,
    reason BLOB,
    note BLOB,
    article BLOB,
    extractor TEXT,
    failure BLOB,
    found BLOB,
    title BLOB,
    author BLOB,
    blog BLOB,
    counts TEXT,
    indexed BLOB
);
CREATE TABLE IF NOT EXISTS listing (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    rows BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    number INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    made TEXT NOT NULL
);
COMMIT;
"""
_TABLES = {
    "meta": ("singleton", "id", "generation"),
    "files": tuple(
        "path size mtime_ns hash parser article_id reason note article extractor failure found"
        " title author blog counts indexed".split()
    ),
    "listing": ("singleton", "rows"),
    "segments": ("number", "size", "made"),
}


def cache_path(data_dir: Path, paths: Sequence[str | os.PathLike[str]]) -> Path:
    """The cache file for this set of files and folders."""
    resolved = sorted({os.path.realpath(path) for path in paths})
    digest = hashlib.blake2b("\0".join(resolved).encode("utf-8", "surrogateescape"), digest_size=8)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(resolved[0]).name)[:40] or "root"
    return data_dir / CACHE_FOLDER / f"{stem}-{digest.hexdigest()}.v{LAYOUT}.sqlite3"


class NotOurs(sqlite3.DatabaseError):
    """A sound SQLite file that is not an article cache."""


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        # Both read in one transaction: read apart, another process making the cache in
        # between had its tables pass for another program's (and the cache moved aside).
        db.execute("BEGIN")
        has_tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        (application,) = db.execute("PRAGMA application_id").fetchone()
        db.execute("COMMIT")
        if has_tables and application != APPLICATION_ID:
            raise NotOurs("is not a flagreader article cache")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        if not has_tables:  # made in one transaction: another process never sees half of it
            db.executescript(_SCHEMA.replace("{APPLICATION_ID}", str(APPLICATION_ID)))
        tables = {
            name: tuple(column for _, column, *_ in db.execute(f'PRAGMA table_info("{name}")'))
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if tables != _TABLES:
            raise NotOurs(f"is not a flagreader article cache (tables {', '.join(sorted(tables))})")
        db.execute("SELECT count(*) FROM files").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def connect_waiting(path: Path) -> sqlite3.Connection:
    """`connect`, waiting a moment while another process makes the file or switches it to WAL
    (neither waits on SQLite's busy timeout)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return connect(path)
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def stored_key(path: str) -> bytes:
    """A path as stored: its bytes (a file name need not be UTF-8)."""
    return os.fsencode(path)


def stored_text(text: str | None) -> bytes | None:
    """A message as stored: it may quote a file name that is not UTF-8."""
    return None if text is None else text.encode("utf-8", "surrogatepass")


def unstored_text(data: bytes | None) -> str | None:
    """A message as stored, read back (ValueError or TypeError for one this code did not write)."""
    return None if data is None else bytes(data).decode("utf-8", "surrogatepass")


def unstored_counts(text: str | None) -> tuple[int, int, int] | None:
    """Counts as stored ("3 5 9"), read back (ValueError for what this code did not write)."""
    if text is None:
        return None
    officials, figures, quotes = map(int, str(text).split())
    return officials, figures, quotes


@dataclass(frozen=True, slots=True)
class Entry:
    """What the cache knows of one file, without its stored article.

    Attributes:
        size: The file's size when it was read.
        mtime_ns: Its modification time then.
        hash: The hash of its bytes then.
        parser: The parser fingerprint of what is stored.
        article_id: The article's id, or None when the file is not an article.
        reason: Why the file is not an article, or None.
        note: A note about the file (its encoding), or None.
        extractor: The extractor fingerprint of what extraction found, or None when nothing
            is stored.
        failure: The message of an extraction that failed, or None.
        title: The article's title (None when the file is not an article).
        author: Its byline, if any.
        blog: Its blog or site, if any.
        counts: How many officials, figures and quotes extraction found, or None.
        indexed: The index key of the article as stored (`search.parts.index_key`), or None.
    """

    size: int
    mtime_ns: int
    hash: bytes
    parser: str
    article_id: str | None
    reason: str | None
    note: str | None
    extractor: str | None
    failure: str | None
    title: str | None = None
    author: str | None = None
    blog: str | None = None
    counts: tuple[int, int, int] | None = None
    indexed: bytes | None = None

    def unchanged(self, size: int, mtime_ns: int) -> bool:
        """Whether a file of this size and time is the one stored, parsed by today's parser."""
        return self.size == size and self.mtime_ns == mtime_ns and self.parser == parser_fingerprint()

    @classmethod
    def read(cls, row: Sequence[Any]) -> Entry:
        """The entry of a `files` row's columns from `size` to `counts` (as `entries` reads
        them); ValueError or TypeError for a row this code did not write."""
        size, mtime_ns, digest, parser, article_id, reason, note, extractor, failure = row[:9]
        title, author, blog, counts, indexed = row[9:]
        return cls(
            int(size),
            int(mtime_ns),
            bytes(digest),
            str(parser),
            None if article_id is None else str(article_id),
            unstored_text(reason),
            unstored_text(note),
            None if extractor is None else str(extractor),
            unstored_text(failure),
            unstored_text(title),
            unstored_text(author),
            unstored_text(blog),
            unstored_counts(counts),
            None if indexed is None else bytes(indexed),
        )

    @property
    def extracted(self) -> bool:
        """Whether today's extractor's results (or its failure) are stored."""
        return self.extractor == extractor_fingerprint()


def read_extracted(path: str, keys: Sequence[str]) -> list[Article | None]:
    """The articles of these keys, with what extraction found, from the cache file at `path`,
    opened read-only (for a worker process; the reader keeps writing it meanwhile, WAL lets both).
    None for a key the file does not hold whole."""
    try:
        db = sqlite3.connect(
            f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
        )
    except sqlite3.Error:
        return [None] * len(keys)
    found: list[Article | None] = []
    try:
        for key in keys:
            row = db.execute("SELECT article, found FROM files WHERE path = ?", (stored_key(key),)).fetchone()
            found.append(None if row is None else stored_article(*row))
    except sqlite3.Error:
        found += [None] * (len(keys) - len(found))
    finally:
        db.close()
    return found
