"""What the user keeps: read marks, bookmarks and clippings, in one SQLite database.

- One file, `state.sqlite3`, in the user's data directory (platformdirs), or in the folder
  given by `--data-dir` or the FLAGREADER_DATA_DIR environment variable.
- WAL mode with `synchronous=FULL`: readers never block the writer, and a change is on disk
  when its transaction commits. Every change is one transaction (BEGIN IMMEDIATE), so two
  instances of the reader on one database take turns and neither loses a write.
- The schema has a version (`PRAGMA user_version`) and a list of migrations from day one
  (`schema.py`).
- A database that cannot be read is moved aside (never overwritten) and a fresh one made; a
  data directory that cannot be written leaves the state in memory for the session. Either
  way `Store.problem` says what happened, for the reader to show.

Marks (read, bookmarked) are keyed by the article's content id, and keep its title and
source too, so that an article whose text was edited is still found (see `reading.py`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from flagreader.clippings import Clipping, now
from flagreader.dbfiles import move_aside, read_copy, set_aside_strays
from flagreader.schema import NotOurs, check_version, is_corrupt, migrate

DATABASE_NAME = "state.sqlite3"
ENVIRONMENT_VARIABLE = "FLAGREADER_DATA_DIR"
BUSY_TIMEOUT_SECONDS = 2.0
"""How long a write waits for another process's transaction (theirs take milliseconds)."""

# The columns a clipping is saved in; and a stored row in the order of Clipping's fields, so
# that `Clipping(*row)` builds it.
_CLIPPING_COLUMNS = (
    'quote, speaker, role, article_id, title, blog, author, source, start, "end", created, note,'
    " speaker_mention, origin"
)
_CLIPPING_ROW = (
    'quote, speaker, role, article_id, title, blog, author, source, start, "end", created, note, id,'
    " speaker_mention, origin"
)


@dataclass(frozen=True, slots=True)
class Mark:
    """A read mark or a bookmark on an article.

    Attributes:
        kind: "read" or "bookmark".
        article_id: The article's content id when marked.
        title: Its title then.
        source: The file it was read from then.
        created: When, ISO 8601 in UTC.
    """

    kind: str
    article_id: str
    title: str
    source: str
    created: str


def default_data_dir() -> Path:
    """FLAGREADER_DATA_DIR if set, else the user's data directory for flagreader."""
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("flagreader", appauthor=False))


UNREAD = "the clippings saved could not be read, so none are exported (an empty export would replace them)"
"""Why an export is refused when the store could not read what is saved (`Store.unread`)."""


class Store:
    """The SQLite store. Open it with `Store.open`; `problem` is None when all is well."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, problem: str | None) -> None:
        self._db = connection
        self.path = path
        """The database file, or None when the state lives in memory only."""
        self.problem = problem
        """What went wrong on opening (and what was done about it), or None."""
        self.unread = False
        """Whether what is saved on disk could not be read into this store (a database from a
        newer flagreader, one that can be neither read nor moved aside): it then holds less
        than was saved, and an export of it would be a lie."""

    @property
    def persistent(self) -> bool:
        """Whether changes are saved to disk."""
        return self.path is not None

    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> Store:
        """Open (making it if need be) the database in `data_dir` (default: `default_data_dir()`).

        Never raises for a bad file or folder: a database that cannot be read is moved aside
        and a fresh one made; a folder that cannot be written gives an in-memory store (with
        what was on disk, if it could be read). `problem` says which.
        """
        folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
        path = folder / DATABASE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls._in_memory(None, f"cannot make the data folder {folder}: {_reason(error)}")
        try:
            strays = set_aside_strays(path)
        except OSError as error:
            store = cls._in_memory(None, f"cannot check the files beside {path}: {_reason(error)}")
            store.unread = path.exists()
            return store
        try:
            store = cls(_connect(path), path, strays)
        except sqlite3.DatabaseError as error:
            if not is_corrupt(error) or not path.exists():
                return cls._in_memory(path, f"cannot write to {path}: {error}")
            problem = error
        else:
            return store
        try:
            aside = move_aside(path)
        except OSError as error:
            store = cls._in_memory(None, f"{path} cannot be read and cannot be moved aside: {_reason(error)}")
            store.unread = True
            return store
        try:
            store = cls(_connect(path), path, None)
        except sqlite3.DatabaseError as error:
            return cls._in_memory(None, f"cannot make a fresh database at {path}: {error}")
        what = str(problem) if isinstance(problem, NotOurs) else "could not be read"
        store.problem = f"{path} {what}; it was moved aside to {aside.name} and a fresh one made"
        if strays:
            store.problem = f"{strays}. {store.problem}"
        return store

    @classmethod
    def _in_memory(cls, existing: Path | None, reason: str) -> Store:
        """A store in memory, with what `existing` holds if it can be read."""
        memory = sqlite3.connect(":memory:", isolation_level=None)
        unread = False
        if existing is not None and existing.exists():
            try:
                read_copy(existing, memory)
            except (OSError, sqlite3.DatabaseError):
                memory = sqlite3.connect(":memory:", isolation_level=None)
                unread = True
        try:
            migrate(memory)
        except sqlite3.DatabaseError:  # a newer schema: keep nothing rather than guess at it
            memory = sqlite3.connect(":memory:", isolation_level=None)
            migrate(memory)
            unread = True
        store = cls(memory, None, f"state will not be saved: {reason}")
        store.unread = unread
        return store

    def close(self) -> None:
        """Close the database (changes are already committed)."""
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One change, one transaction: all of it is saved or none of it."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("UPDATE meta SET generation = generation + 1")  # see dbfiles.py
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # Marks: read and bookmarks

    def marks(self, kind: str) -> list[Mark]:
        """Every mark of one kind ("read" or "bookmark"), oldest first."""
        rows = self._db.execute(
            "SELECT kind, article_id, title, source, created FROM marks"
            " WHERE kind = ? ORDER BY created, rowid",
            (kind,),
        )
        return [Mark(*row) for row in rows]

    def mark(self, kind: str, articles: Sequence[tuple[str, str, str]]) -> None:
        """Mark articles, given as (id, title, source), in one transaction."""
        created = now()
        rows = [
            (kind, article_id, storable(title), storable(source), created)
            for article_id, title, source in articles
        ]
        with self._write() as db:
            db.executemany(
                "INSERT INTO marks (kind, article_id, title, source, created) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (kind, article_id)"
                " DO UPDATE SET title = excluded.title, source = excluded.source",
                rows,
            )

    def unmark(self, kind: str, article_ids: Sequence[str]) -> None:
        """Remove marks of one kind from these article ids, in one transaction."""
        with self._write() as db:
            db.executemany(
                "DELETE FROM marks WHERE kind = ? AND article_id = ?", [(kind, i) for i in article_ids]
            )

    # Clippings

    def add_clipping(self, clipping: Clipping) -> Clipping:
        """Save a clipping; return it, as stored, with its id."""
        values = _clipping_values(clipping)
        with self._write() as db:
            cursor = db.execute(
                f"INSERT INTO clippings ({_CLIPPING_COLUMNS}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
        return Clipping(**values, id=cursor.lastrowid)  # type: ignore[arg-type]

    def find_clipping(self, clipping: Clipping) -> Clipping | None:
        """The stored clipping of the same quote at the same place of the same article, if any."""
        row = self._db.execute(
            f"SELECT {_CLIPPING_ROW} FROM clippings"
            ' WHERE article_id = ? AND start IS ? AND "end" IS ? AND quote = ? ORDER BY id LIMIT 1',
            (storable(clipping.article_id), clipping.start, clipping.end, storable(clipping.quote)),
        ).fetchone()
        return None if row is None else Clipping(*row)

    def clippings(self) -> list[Clipping]:
        """Every clipping, oldest first."""
        rows = self._db.execute(f"SELECT {_CLIPPING_ROW} FROM clippings ORDER BY id")
        return [Clipping(*row) for row in rows]

    def set_note(self, clipping_id: int, note: str) -> None:
        """Replace a clipping's note."""
        with self._write() as db:
            db.execute("UPDATE clippings SET note = ? WHERE id = ?", (storable(note), clipping_id))

    def delete_clipping(self, clipping_id: int) -> None:
        """Delete a clipping."""
        with self._write() as db:
            db.execute("DELETE FROM clippings WHERE id = ?", (clipping_id,))


def _connect(path: Path) -> sqlite3.Connection:
    """Open the database at `path`, check it, and bring its schema up to date."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        (check,) = db.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
        check_version(db)  # before anything writes to a file a newer flagreader made
        _when_free(lambda: db.execute("PRAGMA journal_mode = WAL"))
        db.execute("PRAGMA synchronous = FULL")
        if migrate(db):
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the meta row into the main file
    except BaseException:
        db.close()
        raise
    return db


def _when_free(statement: Callable[[], object]) -> None:
    """Run a statement SQLite may refuse at once with "database is locked" instead of waiting
    out the busy timeout (switching to WAL while another process makes the database): retry
    until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def storable(text: str) -> str:
    """`text` as SQLite can store it: a file name that is not valid UTF-8 reaches Python with
    lone surrogates, which are written as backslash escapes (the same way every time, so the
    name still matches itself)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _optional(text: str | None) -> str | None:
    """An optional field: None when empty (CSV cannot tell an empty field from none)."""
    return storable(text) if text else None


def _clipping_values(clipping: Clipping) -> dict[str, object]:
    """The clipping's fields as they are saved, in the order of `_CLIPPING_COLUMNS`."""
    return {
        "quote": storable(clipping.quote),
        "speaker": _optional(clipping.speaker),
        "role": _optional(clipping.role),
        "article_id": storable(clipping.article_id),
        "title": storable(clipping.title),
        "blog": _optional(clipping.blog),
        "author": _optional(clipping.author),
        "source": storable(clipping.source),
        "start": clipping.start,
        "end": clipping.end,
        "created": storable(clipping.created),
        "note": storable(clipping.note),
        "speaker_mention": _optional(clipping.speaker_mention),
        "origin": _optional(clipping.origin),
    }
