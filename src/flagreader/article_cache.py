"""The article cache: what loading and extraction made of each file, kept between runs.

Not to be confused with the reading state (`store.py`, `state.sqlite3`), which holds what
the user made (read marks, bookmarks, clippings) and is never thrown away. This is a cache:
deleting it loses nothing but time. Its file's layout, and opening it, are in `cache_file`.

- One SQLite file per set of folders opened, in `article-cache/` of the data folder, named
  after the first folder and a hash of all of them (`bbc-3f2a….sqlite3`); the layout's
  version is in the name, so flagreader releases with different layouts never share a file.
- Per file: its absolute path, size, modification time and content hash (BLAKE2b); the parsed
  article or the reason it is not one; and, apart, what extraction found. Articles that are
  not files (feed entries, `feed_extracts`) have rows of what was found only, under a key of
  their own (`put_found`, `found`). Each part is tagged
  with a fingerprint of the code that made it (`parser_fingerprint`, `extractor_fingerprint`
  in `cache_format.py`: hashes of the source files, the article model's classes and the
  libraries' versions), so any change to the parser re-parses and
  any change to the extractor re-extracts, with nobody having to remember to bump a number.
- A file whose size and time are unchanged is not read at all; one whose time changed but
  whose bytes did not is not parsed again.
- The folder as it was last read (`snapshot`, see `cache_snapshot`): each file's size, time
  and row in the list, so that an unchanged folder is listed without reading the table, and
  the next launch draws its first screen before the folders are walked.
- Each article's index key (`indexed`, see `search.parts.index_key`), and the search index's
  segments (`kept_index`): files in a folder beside the database, listed in its `segments`
  table.
- Stored objects are pickles, compressed, read back with an unpickler that builds only
  flagreader's model classes (`cache_format.py`: a file planted in the folder cannot run code).
- WAL mode, `synchronous=NORMAL`: a crash may lose the last transaction, never the file's
  soundness. Writes are batched, one transaction per batch, so a load killed half way keeps
  what it finished and the next launch does the rest. A row is whole or absent: nothing
  half-written is ever read back.
- Two processes may use one cache at once: each write waits a moment for the other's; a
  write that still cannot be made is dropped (it was only a cache), never an error.
- A file that is not a sound cache (corrupt, another program's database) is moved aside,
  never deleted, and a fresh one made; `problem` says so, for the reader to show.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from flagreader.cache_file import (
    Entry,
    NotOurs,
    cache_path,
    connect,
    connect_waiting,
    stored_key,
    stored_text,
)
from flagreader.cache_format import (
    FOUND,
    dumps,
    extractor_fingerprint,
    loads,
    parser_fingerprint,
    stored_article,
)
from flagreader.dbfiles import move_aside, set_aside_strays
from flagreader.model import Article
from flagreader.search.keys import index_key

__all__ = ["ArticleCache", "cache_path"]

if TYPE_CHECKING:
    from flagreader.cache_snapshot import Record

T = TypeVar("T")

BATCH = 256
"""Rows written per transaction while loading."""


class ArticleCache:
    """The cache for one set of files and folders. Open it with `ArticleCache.open`."""

    def __init__(self, connection: sqlite3.Connection | None, path: Path, problem: str | None) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self.path = path
        self.problem = problem
        """What went wrong on opening or writing (and what was done), or None."""
        self._parsed: list[tuple[object, ...]] = []
        self._touched: list[tuple[object, ...]] = []
        self.walked: Record | None = None
        """The files of the last load, as the record of the folder keeps them (set by
        `load_corpus`, kept by `cache_snapshot.save_snapshot`)."""
        self.snapshot_read: bytes | None = None
        """The record of the folder as read (not written again unchanged)."""
        self.walked_same = False
        """Whether the last load found every file as the record of the folder has it."""
        self.rows_changed = False
        """Whether a file's row was written since the cache was opened."""

    @classmethod
    def open(cls, data_dir: Path, paths: Sequence[str | os.PathLike[str]]) -> ArticleCache:
        """Open (making it if need be) the cache of `paths` in `data_dir`. Never raises: a
        cache that cannot be made works as an empty one that keeps nothing."""
        path = cache_path(data_dir, paths)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            strays = set_aside_strays(path)
        except OSError as error:
            return cls(None, path, f"articles will be read afresh each time: cannot use {path}: {error}")
        try:
            return cls(connect_waiting(path), path, strays)
        except sqlite3.OperationalError as error:  # locked, read-only: not a reason to move it
            return cls(None, path, f"articles will be read afresh this time: cannot open {path}: {error}")
        except sqlite3.DatabaseError as error:
            problem = error
        try:
            aside = move_aside(path)
            connection = connect(path)
        except (OSError, sqlite3.DatabaseError) as error:
            return cls(None, path, f"the article cache {path} cannot be read or replaced: {error}")
        what = str(problem) if isinstance(problem, NotOurs) else "could not be read"
        note = f"the article cache {path} {what}; it was moved aside to {aside.name} and is built anew"
        return cls(connection, path, f"{strays}. {note}" if strays else note)

    @classmethod
    def at(cls, path: Path) -> ArticleCache | None:
        """The cache file at `path` as it is (made by another process), or None when it cannot
        be opened: nothing is moved aside or made here."""
        if not path.exists():
            return None
        try:
            return cls(connect_waiting(path), path, None)
        except sqlite3.DatabaseError:
            return None

    @property
    def writable(self) -> bool:
        """Whether what is given to the cache is still being written (not after a failure)."""
        return self._db is not None

    def close(self) -> None:
        """Write what is pending and close the file."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def _write(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """One transaction of the files' rows; a cache that cannot be written stops trying, and
        says so."""
        self.rows_changed = True
        self.transaction(work)

    def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run `work` in one transaction and give back what it returns; None when the cache
        cannot be written (it then stops trying, and says so)."""
        with self._lock:
            db = self._db
            if db is None:
                return None
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(db)
                    db.execute("UPDATE meta SET generation = generation + 1")  # see dbfiles.py
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            except sqlite3.Error as error:
                self._db = None
                db.close()
                self.problem = (
                    f"the article cache {self.path} cannot be written ({error}); working without it"
                )
                return None
            return result

    def query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]] | None:
        """The rows of a read, in one transaction; None when the cache cannot be read."""
        with self._lock:
            if self._db is None:
                return None
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.Error:
                return None

    # Reading

    def entries(self, keys: Sequence[str] | None = None) -> dict[str, Entry]:
        """What is known of every file (or of those at `keys`), by absolute path (no stored
        article is read)."""
        if self._db is None:
            return {}
        columns = (
            "SELECT path, size, mtime_ns, hash, parser, article_id, reason, note, extractor, failure,"
            " title, author, blog, counts, indexed FROM files"
        )
        with self._lock:
            try:
                if keys is None:
                    rows = self._db.execute(columns).fetchall()
                else:
                    rows = []
                    for at in range(0, len(keys), 500):
                        chunk = [stored_key(key) for key in keys[at : at + 500]]
                        query = f"{columns} WHERE path IN ({','.join('?' * len(chunk))})"
                        rows += self._db.execute(query, chunk).fetchall()
            except sqlite3.Error:
                return {}
        entries = {}
        for row in rows:
            try:
                entries[os.fsdecode(row[0])] = Entry.read(row[1:])
            except (TypeError, ValueError):  # not a row this code wrote: the file is read again
                continue
        return entries

    def article(self, key: str, source: str, stale: bool = True) -> Article | None:
        """The stored article of the file at `key`, with what extraction found if anything is
        stored (from an older extractor too, when `stale`); None when it cannot be had."""
        if self._db is None:
            return None
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT article, extractor, found FROM files WHERE path = ?", (stored_key(key),)
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        blob, extractor, found = row
        article = stored_article(blob, found if stale or extractor == extractor_fingerprint() else None)
        if article is None:
            return None  # a damaged row: the caller reads the file again
        if article.source != source:  # the same file reached by another path or from another folder
            article = _replace_source(article, source)
        return article

    def found(self, key: str) -> tuple[object, ...] | None:
        """What today's extractor found in the article stored at `key` (see `FOUND`), or None
        when nothing of it is stored (or the row cannot be read)."""
        if self._db is None:
            return None
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT found FROM files WHERE path = ? AND extractor = ?",
                    (stored_key(key), extractor_fingerprint()),
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None or row[0] is None:
            return None
        try:
            found = loads(row[0])
        except Exception:  # noqa: BLE001 - any damage to a stored row
            return None
        return found if isinstance(found, tuple) and len(found) == len(FOUND) else None

    # Writing

    def put_parsed(
        self,
        key: str,
        size: int,
        mtime_ns: int,
        digest: bytes,
        article: Article | None,
        reason: str | None,
        note: str | None,
    ) -> None:
        """Keep what a file was parsed into (an article, or the reason it is not one); written
        with the next batch."""
        blob = None if article is None else dumps(article)
        article_id = None if article is None else article.id
        indexed = None if article is None else index_key(article)
        title, author, blog = (
            (None, None, None) if article is None else (article.title, article.author, article.blog)
        )
        self._parsed.append(
            (
                stored_key(key),
                size,
                mtime_ns,
                digest,
                parser_fingerprint(),
                article_id,
                stored_text(reason),
                stored_text(note),
                blob,
                stored_text(title),
                stored_text(author),
                stored_text(blog),
                indexed,
            )
        )
        if len(self._parsed) + len(self._touched) >= BATCH:
            self.flush()

    def touch(self, key: str, size: int, mtime_ns: int) -> None:
        """The file's time changed but not its bytes: remember the new time (with the next batch)."""
        self._touched.append((size, mtime_ns, stored_key(key)))
        if len(self._parsed) + len(self._touched) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the files parsed or touched so far, in one transaction."""
        parsed, touched = self._parsed, self._touched
        self._parsed, self._touched = [], []
        if not parsed and not touched:
            return

        def write(db: sqlite3.Connection) -> None:
            db.executemany(
                "INSERT INTO files (path, size, mtime_ns, hash, parser, article_id, reason, note, article,"
                " title, author, blog, indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET"
                " size = excluded.size, mtime_ns = excluded.mtime_ns, hash = excluded.hash,"
                " parser = excluded.parser, article_id = excluded.article_id, reason = excluded.reason,"
                " note = excluded.note, article = excluded.article, extractor = NULL, failure = NULL,"
                " found = NULL, title = excluded.title, author = excluded.author, blog = excluded.blog,"
                " counts = NULL, indexed = excluded.indexed",
                parsed,
            )
            db.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", touched)

        self._write(write)

    def put_extracted(self, results: Sequence[tuple[str, Article | str]]) -> None:
        """Keep what extraction found (or its failure) for files, as (source, result), in one
        transaction. A file whose parsed article changed meanwhile is left alone."""
        self.flush()  # the rows these results go into
        extractor = extractor_fingerprint()
        rows: list[tuple[object, ...]] = []
        for source, result in results:
            key = stored_key(os.path.abspath(source))
            if isinstance(result, str):
                rows.append((extractor, stored_text(result), None, None, key, None, None))
            else:
                rows.append((extractor, None, *_found_columns(result), key, result.id, index_key(result)))
        self._write(
            lambda db: db.executemany(
                "UPDATE files SET extractor = ?1, failure = ?2, found = ?3, counts = ?4,"
                " indexed = coalesce(?7, indexed) WHERE path = ?5 AND (?2 IS NOT NULL OR article_id = ?6)",
                rows,
            )
        )

    def put_found(self, found: Sequence[tuple[str, Article]]) -> None:
        """Keep what extraction found in articles that are not files (feed entries), as
        (key, extracted article), in one transaction: a row of what was found only (no
        parsed article, no file's size or time), for `found(key)` to give back."""
        if not found:
            return
        self.flush()
        extractor, parser = extractor_fingerprint(), parser_fingerprint()
        rows = [
            (stored_key(key), parser, article.id, extractor, *_found_columns(article), index_key(article))
            for key, article in found
        ]
        self._write(
            lambda db: db.executemany(
                "INSERT INTO files (path, size, mtime_ns, hash, parser, article_id, extractor, found, counts,"
                " indexed) VALUES (?1, 0, 0, x'', ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (path) DO UPDATE SET"
                " parser = ?2, article_id = ?3, extractor = ?4, found = ?5, counts = ?6, indexed = ?7",
                rows,
            )
        )

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the rows of files that are gone."""
        gone = [(stored_key(key),) for key in keys]
        if gone:
            self._write(lambda db: db.executemany("DELETE FROM files WHERE path = ?", gone))


def _found_columns(article: Article) -> tuple[bytes, str]:
    """What extraction found in `article` as a row keeps it: `found` (see `FOUND`) and `counts`."""
    found = tuple(getattr(article, name) for name in FOUND)
    return dumps(found), f"{len(article.officials)} {len(article.figures)} {len(article.quotes)}"


def _replace_source(article: Article, source: str) -> Article:
    return replace(article, source=source)
