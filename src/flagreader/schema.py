"""The state database's schema: its migrations, the tables each version has, and the checks
that tell a flagreader database from a newer one or from another program's.

The schema has a version (`PRAGMA user_version`) and a list of migrations from day one; a
database is brought up to date one migration, one transaction, at a time.
"""

from __future__ import annotations

import sqlite3

# Each entry takes the schema from version N to N + 1; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE marks (
        kind TEXT NOT NULL CHECK (kind IN ('read', 'bookmark')),
        article_id TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        created TEXT NOT NULL,
        PRIMARY KEY (kind, article_id)
    );
    CREATE TABLE clippings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        quote TEXT NOT NULL,
        speaker TEXT,
        role TEXT,
        article_id TEXT NOT NULL,
        title TEXT NOT NULL,
        blog TEXT,
        author TEXT,
        source TEXT NOT NULL,
        start INTEGER,
        "end" INTEGER,
        created TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    """,
    # Who this database is, and how many write transactions it has had: every transaction
    # bumps `generation`, so every write-ahead log carries the id of the database that wrote
    # it, and a stray log from another database is told apart (dbfiles.py).
    """
    CREATE TABLE meta (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        id TEXT NOT NULL,
        generation INTEGER NOT NULL
    );
    INSERT INTO meta (singleton, id, generation) VALUES (1, lower(hex(randomblob(16))), 0);
    """,
    # How the text named a clipping's speaker ("he", "the senator", "Sen. Cruz").
    "ALTER TABLE clippings ADD COLUMN speaker_mention TEXT",
    # The file a clipping came from, relative to the folder the reader had opened.
    "ALTER TABLE clippings ADD COLUMN origin TEXT",
)
SCHEMA_VERSION = len(MIGRATIONS)
_META_FROM = 2
"""The first version with the `meta` table."""

# The tables (and their columns) each schema version has: anything else is not our database.
_MARKS = ("kind", "article_id", "title", "source", "created")
_CLIPPINGS = tuple("id quote speaker role article_id title blog author source start end created note".split())
_META = ("singleton", "id", "generation")
_TABLES_AT: tuple[dict[str, tuple[str, ...]], ...] = (
    {},
    {"marks": _MARKS, "clippings": _CLIPPINGS},
    {"marks": _MARKS, "clippings": _CLIPPINGS, "meta": _META},
    {"marks": _MARKS, "clippings": (*_CLIPPINGS, "speaker_mention"), "meta": _META},
    {"marks": _MARKS, "clippings": (*_CLIPPINGS, "speaker_mention", "origin"), "meta": _META},
)


class NewerSchema(sqlite3.DatabaseError):
    """The database was made by a newer flagreader: sound, but not ours to change."""


class NotOurs(sqlite3.DatabaseError):
    """A sound SQLite file that is not a flagreader database (another program's, or an odd
    schema version): moved aside like a corrupt one."""


def check_version(db: sqlite3.Connection) -> int:
    """The schema version, once the tables are checked to be the ones it should have.

    The version and the tables are read in one transaction (the caller's, or one begun here):
    read apart, another process migrating in between had a sound database pass for another
    program's, and moved aside."""
    if db.in_transaction:
        return _check_version(db)
    db.execute("BEGIN")
    try:
        return _check_version(db)
    finally:
        db.execute("COMMIT")


def _check_version(db: sqlite3.Connection) -> int:
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"made by a newer flagreader (schema {version}; this one knows up to {SCHEMA_VERSION})"
        )
    if version < 0:
        raise NotOurs(f"is not a flagreader database (schema version {version})")
    tables = {
        name: tuple(column for _, column, *_ in db.execute(f'PRAGMA table_info("{name}")'))
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    }
    if tables != _TABLES_AT[version]:
        raise NotOurs(f"is not a flagreader database (tables {', '.join(sorted(tables)) or 'none'})")
    return int(version)


def migrate(db: sqlite3.Connection) -> bool:
    """Apply the migrations the database has not had, each in its own transaction; return
    whether any was. A database already up to date is only read. Otherwise the version is
    read again inside each transaction: another process may have migrated meanwhile."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version == SCHEMA_VERSION:  # up to date: no write lock to wait for (another process may hold it)
        return False
    migrated = False
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = check_version(db)
            if version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                if version >= _META_FROM:
                    # A migration is a write like any other: its log must carry the meta row
                    # too, or another database's log holding only a migration would pass for
                    # this one's and be replayed into it (dbfiles.py).
                    db.execute("UPDATE meta SET generation = generation + 1")
                db.execute(f"PRAGMA user_version = {version + 1}")
                migrated = True
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if version >= SCHEMA_VERSION:
            return migrated


def is_corrupt(error: sqlite3.DatabaseError) -> bool:
    """Whether the error says the file is not a (sound) database, rather than that it cannot
    be written."""
    # OperationalError: cannot open, read-only, locked; NewerSchema: sound but newer. Either
    # way the file may be fine and is left alone.
    return not isinstance(error, sqlite3.OperationalError | NewerSchema)
