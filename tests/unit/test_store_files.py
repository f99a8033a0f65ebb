"""Files beside the state database that are not its own never change what it holds: a stray
write-ahead log or rollback journal is set aside, another program's database or an odd schema
version is moved aside whole, and the database's own log is always replayed."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flagreader.cli import main
from flagreader.clippings import Clipping
from flagreader.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from flagreader.store import DATABASE_NAME, Store


def clipping(quote: str) -> Clipping:
    return Clipping(
        quote=quote,
        speaker="Aspenbi Zharylgasov",
        role=None,
        article_id="a1",
        title="t",
        blog=None,
        author=None,
        source="s.txt",
        start=None,
        end=None,
        created="2026-11-22T01:50:00Z",
    )


def saved_state(folder: Path, count: int) -> Path:
    store = Store.open(folder)
    for number in range(count):
        store.add_clipping(clipping(f"kept {number}"))
    store.close()
    return folder / DATABASE_NAME


def live_log_of(folder: Path, quotes: list[str]) -> tuple[Store, Path]:
    """A store with committed clippings still in its write-ahead log (never checkpointed)."""
    store = Store.open(folder)
    store._db.execute("PRAGMA wal_autocheckpoint = 0")
    for quote in quotes:
        store.add_clipping(clipping(quote))
    wal = folder / f"{DATABASE_NAME}-wal"
    assert wal.stat().st_size > 0
    return store, wal


def test_a_stray_log_from_another_database_is_set_aside_not_replayed(tmp_path: Path) -> None:
    """The reported loss: another database's -wal copied beside state.sqlite3 replaced its 200
    clippings with the other database's three. Now all 200 stay, the stray log is kept byte for
    byte under a new name, and the problem names it."""
    path = saved_state(tmp_path / "mine", 200)
    other, other_wal = live_log_of(tmp_path / "other", ["theirs"] * 3)
    stray = other_wal.read_bytes()
    other.close()
    (path.parent / f"{DATABASE_NAME}-wal").write_bytes(stray)
    store = Store.open(path.parent)
    assert [c.quote for c in store.clippings()] == [f"kept {n}" for n in range(200)]
    assert store.persistent and store.problem is not None
    aside = [p for p in path.parent.iterdir() if ".stray-" in p.name]
    assert len(aside) == 1 and aside[0].name in store.problem and aside[0].read_bytes() == stray
    assert "another database" in store.problem
    store.add_clipping(clipping("after"))  # and the database goes on working
    store.close()
    assert len(Store.open(path.parent).clippings()) == 201


def test_the_read_only_clippings_command_keeps_everything_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = saved_state(tmp_path / "mine", 200)
    other, other_wal = live_log_of(tmp_path / "other", ["theirs"] * 3)
    shutil.copyfile(other_wal, path.parent / f"{DATABASE_NAME}-wal")
    other.close()
    assert main(["clippings", "--format", "json", "--data-dir", str(path.parent)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count('"kept ') == 200 and "theirs" not in captured.out
    assert "another database" in captured.err
    assert len(Store.open(path.parent).clippings()) == 200


def test_the_databases_own_log_after_a_crash_is_replayed(tmp_path: Path) -> None:
    """A process killed with committed clippings only in the log: they are all there next time,
    and nothing is set aside."""
    writer = textwrap.dedent(
        f"""
        import os, sys
        sys.path[:0] = {sys.path!r}
        from tests.unit.test_store_files import live_log_of
        from pathlib import Path
        live_log_of(Path({str(tmp_path)!r}), [f"logged {{n}}" for n in range(50)])
        os._exit(0)  # no close, no checkpoint
        """
    )
    saved_state(tmp_path, 10)
    subprocess.run([sys.executable, "-c", writer], check=True, timeout=60)
    assert (tmp_path / f"{DATABASE_NAME}-wal").stat().st_size > 0
    store = Store.open(tmp_path)
    assert store.problem is None
    assert len(store.clippings()) == 60
    assert not [p for p in tmp_path.iterdir() if ".stray-" in p.name or ".corrupt-" in p.name]


def test_a_log_in_use_by_another_running_reader_is_left_alone(tmp_path: Path) -> None:
    first, _ = live_log_of(tmp_path, [f"first {n}" for n in range(20)])
    second = Store.open(tmp_path)
    assert second.problem is None
    assert len(second.clippings()) == 20
    first.add_clipping(clipping("first again"))
    second.add_clipping(clipping("second"))
    assert len(first.clippings()) == len(second.clippings()) == 22
    first.close()
    second.close()


def test_a_stray_rollback_journal_is_set_aside(tmp_path: Path) -> None:
    """SQLite plays a hot journal back into the database even in WAL mode; a database in WAL mode
    has no journal of its own once it has tables."""
    path = saved_state(tmp_path / "mine", 5)
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other, isolation_level=None)
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (zeroblob(100000))")
    db.execute("BEGIN")
    db.execute("UPDATE t SET x = zeroblob(50)")  # a hot journal, as a crash leaves it
    journal = Path(f"{other}-journal").read_bytes()
    db.execute("ROLLBACK")
    db.close()
    (path.parent / f"{DATABASE_NAME}-journal").write_bytes(journal)
    store = Store.open(path.parent)
    assert len(store.clippings()) == 5
    assert store.problem is not None and "rollback journal" in store.problem
    assert [p.read_bytes() for p in path.parent.iterdir() if ".stray-" in p.name] == [journal]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(["PRAGMA user_version = -5"], id="negative-version"),
        pytest.param(["CREATE TABLE songs (title)", "PRAGMA user_version = 1"], id="another-program-v1"),
        pytest.param(["CREATE TABLE marks (x)"], id="another-program-v0"),
    ],
)
def test_an_odd_or_foreign_database_is_moved_aside_and_a_fresh_one_made(
    tmp_path: Path, make: list[str]
) -> None:
    path = tmp_path / DATABASE_NAME
    db = sqlite3.connect(path)
    for statement in make:
        db.execute(statement)
    db.commit()
    db.close()
    before = path.read_bytes()
    store = Store.open(tmp_path)
    assert store.persistent and store.problem is not None
    assert "moved aside to state.sqlite3.corrupt-" in store.problem
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert [p.read_bytes() for p in aside] == [before]
    store.add_clipping(clipping("fresh"))
    assert [c.quote for c in store.clippings()] == ["fresh"]


def test_a_database_made_before_the_meta_row_is_migrated_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO clippings (quote, article_id, title, source, created) VALUES ('old', 'a', 't', 's', 'c')"
    )
    db.close()
    store = Store.open(tmp_path)
    assert store.problem is None and [c.quote for c in store.clippings()] == ["old"]
    check = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # the main file alone
    assert check.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    ((identity, generation),) = check.execute("SELECT id, generation FROM meta").fetchall()
    assert len(identity) == 32 and generation == SCHEMA_VERSION - 2  # each migration after meta's writes it


def _database_at(path: Path, version: int) -> sqlite3.Connection:
    """A database made as flagreader made them at schema `version`, in WAL mode."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for migration in MIGRATIONS[:version]:
        db.executescript(migration)
    db.execute(f"PRAGMA user_version = {version}")
    return db


_V2_COLUMNS = 'id, quote, speaker, role, article_id, title, blog, author, source, start, "end", created, note'
_V2_ROWS = [
    (1, "We know the numbers", "Aspenbi Zharylgasov", "Deputy Prosecutor", "a1", "Kazakhstan Says",
     "Under The Black Flag", "Joanna Paraszczuk", "/seeds/second.txt", 10, 40, "2026-11-22T01:50:00Z",
     "check the date"),
    (2, "no speaker", None, None, "a2", "t", None, None, "s.txt", None, None, "2026-11-22T01:51:00Z", ""),
    (5, "[b]x[/b] \x1b[31mred\x1b]52;c;aGk=\x07 \u202eevil\r\n\x00 nul", "Ž\u00e1ry\u0301", None, "a3",
     "line\nbreak", "", "", "bad\\xff.txt", 0, 0, "not a time", "note\twith\ttabs\n"),
]  # fmt: skip


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_an_older_database_with_clippings_is_migrated_and_keeps_every_field(
    tmp_path: Path, version: int
) -> None:
    """A database of every older schema with clippings (before they kept how the text named
    the speaker, or the file's path from the folder opened) gets the new columns, empty, and
    every clipping keeps every field exactly, ids and all."""
    path = tmp_path / DATABASE_NAME
    db = _database_at(path, version)
    db.executemany(f"INSERT INTO clippings ({_V2_COLUMNS}) VALUES ({', '.join('?' * 13)})", _V2_ROWS)
    before = db.execute(f"SELECT {_V2_COLUMNS}, typeof(start) FROM clippings ORDER BY id").fetchall()
    db.close()
    store = Store.open(tmp_path)
    assert store.problem is None
    assert [(c.id, c.quote, c.speaker_mention, c.origin) for c in store.clippings()] == [
        (row[0], row[1], None, None) for row in _V2_ROWS
    ]
    assert [Clipping(*row[1:], id=row[0]) for row in _V2_ROWS] == store.clippings()  # type: ignore[misc]
    store.close()
    check = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # the main file alone
    assert check.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    after = check.execute(f"SELECT {_V2_COLUMNS}, typeof(start) FROM clippings ORDER BY id").fetchall()
    assert after == before
    new_columns = check.execute("SELECT speaker_mention, origin FROM clippings").fetchall()
    assert new_columns == [(None, None)] * len(_V2_ROWS)


@pytest.mark.parametrize(
    ("version", "clipping_columns"),
    [
        pytest.param(2, "quote, speaker_mention", id="v2-with-a-v3-column"),
        pytest.param(3, "quote", id="v3-without-its-column"),
        pytest.param(3, f"{_V2_COLUMNS[4:]}, speaker_mention, origin", id="v3-with-v4s-columns"),
    ],
)
def test_a_version_whose_tables_are_not_its_own_is_moved_aside(
    tmp_path: Path, version: int, clipping_columns: str
) -> None:
    """Each schema version is told by its own columns: a file that says it is at one version
    but has another's clippings table is not a database flagreader made."""
    path = tmp_path / DATABASE_NAME
    db = _database_at(path, 2)
    db.execute("DROP TABLE clippings")
    db.execute(f"CREATE TABLE clippings (id INTEGER PRIMARY KEY, {clipping_columns})")
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    store = Store.open(tmp_path)
    assert store.problem is not None and "is not a flagreader database" in store.problem
    assert store.clippings() == []


def test_another_databases_log_holding_only_its_migration_is_not_replayed(tmp_path: Path) -> None:
    """Another copy of flagreader's database was migrated (only that in its log) and the log
    ended up beside this one: it is set aside, as any other database's log, and this one keeps
    its clippings. (A migration that did not write the meta row left nothing in the log to
    tell whose it was.)"""
    mine = tmp_path / "mine" / DATABASE_NAME
    mine.parent.mkdir()
    db = _database_at(mine, 2)
    db.executemany(f"INSERT INTO clippings ({_V2_COLUMNS}) VALUES ({', '.join('?' * 13)})", _V2_ROWS)
    db.close()
    theirs = tmp_path / "theirs" / DATABASE_NAME
    theirs.parent.mkdir()
    other = _database_at(theirs, 2)
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty log before the migration
    other.execute("PRAGMA wal_autocheckpoint = 0")
    migrate(other)
    stray = Path(f"{theirs}-wal").read_bytes()
    assert stray
    other.close()
    Path(f"{mine}-wal").write_bytes(stray)
    store = Store.open(mine.parent)
    assert store.problem is not None and "another database" in store.problem
    assert [c.quote for c in store.clippings()] == [row[1] for row in _V2_ROWS]
    assert [p.read_bytes() for p in mine.parent.iterdir() if ".stray-" in p.name] == [stray]
