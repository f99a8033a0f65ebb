"""The files beside the state database: its write-ahead log (`-wal`), shared memory (`-shm`)
and a rollback journal (`-journal`), and what to do with ones that are not its own.

SQLite replays a `-wal` or a hot `-journal` that lies beside a database into it, whatever
database wrote it: a stale log from another database (a restored backup, a copied folder)
silently replaced 200 clippings with another database's three. So before the store opens
its database, a log that does not belong to it is set aside, renamed, never deleted.

How a log is known to be the database's own: the database holds a random `id` and a
`generation` in its `meta` table, and every write transaction bumps the generation, so every
committed transaction in a log carries the `meta` row of the database that wrote it. The log
belongs when the database read with it has the same id as the main file read alone, and a
generation no lower. A rollback journal belongs only while the database is being made (its
switch to WAL mode); beside a database in WAL mode with tables, it is a stray.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

Meta = tuple[str, int]
"""A database's (id, generation)."""


def companion(path: Path, suffix: str) -> Path:
    """The file SQLite keeps beside `path` with this suffix ("-wal", "-shm", "-journal")."""
    return path.with_name(path.name + suffix)


def _uri(path: Path, query: str) -> str:
    return f"file:{quote(str(path.resolve()))}?{query}"


def _read_meta(db: sqlite3.Connection) -> Meta | None:
    """The database's (id, generation), or None when it has no `meta` table (yet)."""
    try:
        row = db.execute("SELECT id, generation FROM meta").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    return None if row is None else (str(row[0]), int(row[1]))


def _main_file_meta(path: Path) -> tuple[Meta | None, bool]:
    """(meta, has tables) of the main file alone: opened immutable, so no log is read or
    replayed and nothing is written."""
    db = sqlite3.connect(_uri(path, "immutable=1"), uri=True)
    try:
        (tables,) = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return _read_meta(db), bool(tables)
    finally:
        db.close()


@contextmanager
def _opened_copy(path: Path, with_log: bool) -> Iterator[sqlite3.Connection]:
    """The database opened from copies in a temporary folder (the main file first, so a live
    log is never older than the main copy), with its log when `with_log`: nothing beside the
    real database is read with SQLite, written or checkpointed."""
    with tempfile.TemporaryDirectory(prefix="flagreader-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        if with_log:
            shutil.copyfile(companion(path, "-wal"), companion(copy, "-wal"))
        db = sqlite3.connect(copy)
        try:
            yield db
        finally:
            db.close()


def _logged_meta(path: Path) -> Meta | None:
    """The meta of the database as read with its log."""
    with _opened_copy(path, with_log=True) as db:
        return _read_meta(db)


def log_belongs(path: Path) -> bool:
    """Whether the `-wal` beside the database at `path` was written by that database.

    Raises OSError when the files cannot be read (the caller leaves them alone then).
    """
    try:
        main, _ = _main_file_meta(path)
    except FileNotFoundError:
        return True
    except sqlite3.DatabaseError:
        return True  # the main file itself is not sound: the store moves it aside, log and all
    try:
        logged = _logged_meta(path)
    except FileNotFoundError:
        return True  # the log is gone: closed by its last user meanwhile
    except sqlite3.OperationalError:
        return True  # could not be read just now (locked, say): not a reason to touch it
    except sqlite3.DatabaseError:
        return False  # the log makes the database unreadable: it was written for another one
    if main is None:
        # No meta row in the main file: it is empty (the log is the whole database, perhaps
        # one being made by another process just now), or its meta row is still only in the
        # log (made just before a crash), or it was made before meta rows existed. Replaying
        # cannot lose what the main file holds in the first two cases, and in the third it
        # cannot be told; a log that turns it into another program's database is caught by
        # the schema check, which moves that aside whole.
        return True
    return logged is not None and logged[0] == main[0] and logged[1] >= main[1]


def _state(path: Path) -> tuple[tuple[int, int, bytes], ...]:
    """What changes when a process writes to the database or its log: sizes, times, headers."""
    state = []
    for file in (path, companion(path, "-wal")):
        try:
            with open(file, "rb") as opened:
                info = os.fstat(opened.fileno())
                state.append((info.st_size, info.st_mtime_ns, opened.read(100)))
        except FileNotFoundError:
            state.append((-1, -1, b""))
    return tuple(state)


def _surely_foreign(path: Path) -> bool:
    """Whether the log is not the database's own, told twice over with neither file changing
    in between: a log in use by another running reader changes as it is written and
    checkpointed (a copy caught half way through a checkpoint could look foreign); a stray
    one lies still."""
    for attempt in range(3):
        before = _state(path)
        if log_belongs(path):
            return False
        time.sleep(0.05 * (attempt + 1))
        if _state(path) == before and not log_belongs(path) and _state(path) == before:
            return True
    return False


def stamp() -> str:
    """The time as file names set aside carry it."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def free_name(path: Path, label: str) -> Path:
    """`path` with `.label-STAMP` added, numbered if that name is taken."""
    base = f"{path.name}.{label}-{stamp()}"
    aside = path.with_name(base)
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{base}-{number}")
    return aside


def _size(path: Path) -> int:
    """The file's size, 0 when there is none (another process may delete its log any time)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _journal_is_stray(path: Path) -> bool:
    """Whether a rollback journal beside the database cannot be its own: the database is in
    WAL mode (header bytes 18 and 19 are 2) and has tables. Its only journal is the one of the
    switch to WAL while it is made, before it has tables (another process may be making it
    just now)."""
    try:
        with open(path, "rb") as database:
            header = database.read(100)
        if header[18:20] != b"\x02\x02":
            return False
        return _main_file_meta(path)[1]
    except FileNotFoundError:
        return False
    except sqlite3.DatabaseError:
        return False  # not a sound database: the store moves it aside, journal and all


def set_aside_strays(path: Path) -> str | None:
    """Rename a rollback journal, or a write-ahead log that is not the database's own (with
    its shared memory), out of the way before the database is opened; say what was done, or
    return None when there was nothing to do.

    Raises OSError when a stray file cannot be renamed: the database must not be opened then.
    """
    moved = []
    journal = companion(path, "-journal")
    if _size(journal) > 0 and _journal_is_stray(path):
        aside = free_name(journal, "stray")
        journal.rename(aside)
        moved.append(f"a rollback journal, set aside as {aside.name}")
    wal = companion(path, "-wal")
    if _size(wal) > 0 and _surely_foreign(path):
        aside = free_name(wal, "stray")
        wal.rename(aside)
        shm = companion(path, "-shm")
        if shm.exists():
            shm.rename(companion(aside, "-shm"))
        moved.append(f"a write-ahead log of another database, set aside as {aside.name}")
    if not moved:
        return None
    return f"found beside {path}: {'; '.join(moved)}. Nothing of it was applied to your saved state"


def move_aside(path: Path) -> Path:
    """Rename the database (and its log and shared-memory files) out of the way."""
    aside = free_name(path, "corrupt")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        if companion(path, suffix).exists():
            companion(path, suffix).rename(companion(aside, suffix))
    return aside


def read_copy(path: Path, memory: sqlite3.Connection) -> None:
    """Copy what the database at `path` holds, committed log frames included when the log is
    its own, into `memory`, without writing beside it: the files are copied to a temporary
    folder and opened there."""
    with_log = companion(path, "-wal").exists() and log_belongs(path)
    with _opened_copy(path, with_log) as disk:
        disk.backup(memory)
