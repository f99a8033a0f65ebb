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
from flagreader.schema import MIGRATIONS, SCHEMA_VERSION
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
    assert len(identity) == 32 and generation == 0
