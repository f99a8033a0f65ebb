"""Bad input: each case gives a specific reason naming the file, and the rest still loads."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from flagreader import load_corpus
from flagreader.decoding import NotText, decode_text
from flagreader.loading import LoadError, find_article_files, load_file
from flagreader.model import Corpus

GOOD = "A Good Article\n\nIt has a body paragraph.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding one good article, next to which each test puts a bad file."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def reasons(corpus: Corpus) -> dict[str, str]:
    return {Path(source).name: reason for source, reason in corpus.skipped}


def assert_good_still_loads(corpus: Corpus) -> None:
    assert [a.title for a in corpus.articles] == ["A Good Article"]


def test_binary_file_with_nul_bytes(folder: Path) -> None:
    (folder / "blob.txt").write_bytes(b"Title\n\n\x00\x01\x02 binary \x00 data" * 20)
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"blob.txt": "binary file: contains NUL bytes"}
    assert_good_still_loads(corpus)


def test_binary_formats_are_named(folder: Path) -> None:
    (folder / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (folder / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    corpus = load_corpus([folder])
    assert reasons(corpus) == {
        "report.txt": "binary file: a PDF document",
        "photo.md": "binary file: a PNG image",
    }
    assert_good_still_loads(corpus)


def test_empty_and_blank_files(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n \t\n")
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"empty.txt": "empty file (0 bytes)", "blank.txt": "not an article: no text"}
    assert_good_still_loads(corpus)


def test_title_without_body_is_not_an_article(folder: Path) -> None:
    (folder / "title-only.txt").write_text("Just A Title\n")
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"title-only.txt": "not an article: no body text after the title"}
    assert_good_still_loads(corpus)


def test_file_over_the_size_limit_is_refused_before_reading(folder: Path) -> None:
    (folder / "huge.txt").write_text("Huge\n\n" + "word " * 50_000)
    corpus = load_corpus([folder], max_bytes=100_000)
    assert reasons(corpus) == {"huge.txt": "too large: 250.0 KB (the limit is 100.0 KB)"}
    assert_good_still_loads(corpus)
    assert len(load_corpus([folder], max_bytes=1_000_000).articles) == 2


def test_latin1_file_is_decoded_and_reported(folder: Path) -> None:
    (folder / "pound.txt").write_bytes(
        "Chelsea sack Mutu\n\nA £15.8m signing from Parma.\n".encode("latin-1")
    )
    corpus = load_corpus([folder])
    assert corpus.skipped == []
    pound = next(a for a in corpus.articles if a.title == "Chelsea sack Mutu")
    assert pound.body == "A £15.8m signing from Parma."
    assert corpus.notices == [
        (str(folder / "pound.txt"), "not valid UTF-8: 1 byte read as Windows-1252 (first at byte 21)")
    ]


def test_windows_1252_smart_quotes_and_dashes(folder: Path) -> None:
    text = "Quote \u2013 Test\n\n\u201cWe know the numbers,\u201d he said \u2014 twice.\n"
    (folder / "cp1252.txt").write_bytes(text.encode("cp1252"))
    corpus = load_corpus([folder])
    article = next(a for a in corpus.articles if a.title == "Quote \u2013 Test")
    assert article.body == "\u201cWe know the numbers,\u201d he said \u2014 twice."
    assert [Path(s).name for s, _ in corpus.notices] == ["cp1252.txt"]


def test_mixed_utf8_with_a_stray_latin1_byte_keeps_the_valid_utf8() -> None:
    decoded = decode_text("Žarylgasov paid ".encode() + b"\xa3" + "5 — ok".encode())
    assert decoded.text == "Žarylgasov paid £5 — ok"
    assert decoded.note is not None and "1 byte read as Windows-1252" in decoded.note


def test_utf16_with_a_byte_order_mark(folder: Path) -> None:
    (folder / "notepad.txt").write_bytes("Notepad Title\r\n\r\nŽarylgasov said so.\r\n".encode("utf-16"))
    corpus = load_corpus([folder])
    assert corpus.skipped == [] and corpus.notices == []
    assert any(a.body == "Žarylgasov said so." for a in corpus.articles)


def test_decode_rejects_broken_utf16() -> None:
    with pytest.raises(NotText, match="broken utf-16-le text"):
        decode_text(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")


def test_symlink_loop_between_folders(folder: Path) -> None:
    sub = folder / "sub"
    sub.mkdir()
    (sub / "inner.txt").write_text("Inner Article\n\nInner body.\n")
    (sub / "back").symlink_to(folder, target_is_directory=True)
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"back": f"symbolic link loop: leads back to {folder}"}
    assert [a.title for a in corpus.articles] == ["A Good Article", "Inner Article"]


def test_symlink_pointing_at_itself_and_broken_symlink(folder: Path) -> None:
    (folder / "self").symlink_to(folder / "self")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    corpus = load_corpus([folder])
    assert reasons(corpus) == {
        "self": "symbolic link loop: the link points back to itself",
        "dangling.txt": f"broken symbolic link (points to {folder / 'gone.txt'}, which does not exist)",
    }
    assert_good_still_loads(corpus)


def test_file_that_cannot_be_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = folder / "locked.txt"
    locked.write_text("Locked\n\nSecret.\n")
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads any file: make opening this one fail the way it would for a user
        real_open = os.open

        def refusing_open(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            if Path(path) == locked:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refusing_open)
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"locked.txt": "cannot read: Permission denied"}
    assert_good_still_loads(corpus)


def test_path_that_does_not_exist(folder: Path) -> None:
    corpus = load_corpus([folder / "good.txt", folder / "missing.txt"])
    assert corpus.skipped == [(str(folder / "missing.txt"), "no such file or folder")]
    assert_good_still_loads(corpus)


def test_named_pipe_is_not_opened(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")  # opening it would block forever
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"pipe.txt": "not a regular file: a named pipe"}
    assert_good_still_loads(corpus)


def test_unsupported_file_types_in_a_folder_are_named_hidden_ones_ignored(folder: Path) -> None:
    (folder / "script.py").write_text("print('hi')\n")
    (folder / ".hidden.txt").write_text("Hidden\n\nNot for loading.\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"script.py": "not an article: unsupported file type '.py'"}
    assert_good_still_loads(corpus)


def test_a_file_named_explicitly_loads_whatever_its_suffix(folder: Path) -> None:
    (folder / "article.log").write_text("Logged Article\n\nIts body.\n")
    corpus = load_corpus([folder / "article.log"])
    assert [a.title for a in corpus.articles] == ["Logged Article"]


def test_duplicates_and_the_same_file_twice(folder: Path) -> None:
    (folder / "copy.txt").write_text(GOOD.replace("paragraph.", "paragraph.   "))  # same text, other spaces
    corpus = load_corpus([folder, folder / "good.txt"])
    assert corpus.skipped == [
        (str(folder / "good.txt"), f"same file as {folder / 'good.txt'} (reached twice), loaded once"),
        (str(folder / "good.txt"), f"duplicate of {folder / 'copy.txt'} (same text)"),
    ]
    assert [a.source for a in corpus.articles] == [str(folder / "copy.txt")]


def test_folders_are_read_recursively_in_natural_order(tmp_path: Path) -> None:
    for name in ("10.txt", "2.txt", "B/1.txt", "a/1.txt", "1.txt"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Title {name}\n\nBody of {name}.\n")
    corpus = load_corpus([tmp_path])
    assert [a.title for a in corpus.articles] == [
        "Title 1.txt",
        "Title 2.txt",
        "Title 10.txt",
        "Title a/1.txt",
        "Title B/1.txt",
    ]


def test_hostile_text_is_loaded_as_data(folder: Path) -> None:
    hostile = "[bold]Markup[/] Title\n\n[@click=app.quit]x[/] \x1b[31mred\x1b[0m and [countries].\n"
    (folder / "hostile.txt").write_text(hostile)
    corpus = load_corpus([folder])
    article = next(a for a in corpus.articles if a.title == "[bold]Markup[/] Title")
    assert article.body == "[@click=app.quit]x[/] \x1b[31mred\x1b[0m and [countries]."


def test_names_with_digits_that_are_not_decimals_sort_without_failing(folder: Path) -> None:
    (folder / "1²").write_text("Squared\n\nIts body.\n")
    corpus = load_corpus([folder])
    assert sorted(a.title for a in corpus.articles) == ["A Good Article", "Squared"]


def test_an_acronym_after_a_paragraph_break_does_not_hang(folder: Path) -> None:
    (folder / "acronym.txt").write_text("Title\n\nCommittee\n\nof (KNB) was formed.\n")
    corpus = load_corpus([folder])
    article = next(a for a in corpus.articles if a.title == "Title")
    assert article.acronyms == ()  # the words before "(KNB)" are not on its line


def test_progress_is_reported_while_loading_and_extracting(tmp_path: Path) -> None:
    for number in range(250):
        (tmp_path / f"{number}.txt").write_text(f"Title {number}\n\nBody number {number}.\n")
    seen: list[tuple[int, int]] = []
    corpus = load_corpus([tmp_path], extract=False, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 250), (100, 250), (200, 250), (250, 250)]
    from flagreader import extract_corpus

    extracting: list[tuple[int, int]] = []
    extract_corpus(corpus, progress=lambda done, total: extracting.append((done, total)))
    assert extracting == [(0, 250), (100, 250), (200, 250), (250, 250)]
    assert all(article.extracted for article in corpus.articles)


def test_a_file_replaced_by_a_pipe_after_the_folder_walk_does_not_block(folder: Path) -> None:
    """The walk saw a regular file; by the time it is read it is a named pipe with no writer.
    Opening it blocked the load forever; now the open file's type is checked."""
    swapped = folder / "swapped.txt"
    swapped.write_text("Swapped\n\nText.\n")
    files, _ = find_article_files([folder])
    swapped.unlink()
    os.mkfifo(swapped)
    outcome: list[BaseException | None] = []
    reader = threading.Thread(target=lambda: outcome.append(_load_error(swapped)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert swapped in files and outcome, "reading the pipe blocked"
    assert isinstance(outcome[0], LoadError) and str(outcome[0]) == "not a regular file: a named pipe"


def _load_error(path: Path) -> BaseException | None:
    try:
        load_file(path)
    except LoadError as error:
        return error
    return None


def test_a_child_that_cannot_be_examined_is_skipped_and_the_walk_goes_on(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that can be listed but not entered: every child's stat fails (EACCES). It
    ended `flagreader --list` with a traceback."""
    hidden = folder / "sub"
    hidden.mkdir()
    (hidden / "inside.txt").write_text(GOOD.replace("body", "hidden body"))
    real_scandir = os.scandir

    class Refused:  # a child of a folder listed but not entered (root enters any: made up here)
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.name, self.path = entry.name, entry.path

        def stat(self) -> os.stat_result:
            raise PermissionError(13, "Permission denied", self.path)

    def listing(path: str) -> object:
        listed = real_scandir(path)
        if Path(path) != hidden:
            return listed
        with listed:
            entries = [Refused(entry) for entry in listed]
        return contextlib.nullcontext(iter(entries))

    monkeypatch.setattr(os, "scandir", listing)
    corpus = load_corpus([folder])
    assert reasons(corpus) == {"inside.txt": "cannot read: Permission denied"}
    assert_good_still_loads(corpus)


def test_a_path_past_the_system_length_limit_is_skipped(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders nested past PATH_MAX (made one level at a time): the walk reaches a path the
    system refuses (ENAMETOOLONG). It ended the reader and `--list` with a traceback."""
    monkeypatch.chdir(folder)
    (folder / "deep").mkdir()
    os.chdir(folder / "deep")
    for _ in range(45):  # 45 x 101 characters: past Linux's 4,096
        os.mkdir("d" * 100)
        os.chdir("d" * 100)
    Path("far.txt").write_text(GOOD)
    os.chdir(folder)
    corpus = load_corpus([folder])
    (reason,) = [reason for _, reason in corpus.skipped]
    assert reason.startswith("path too long for this system (")
    assert_good_still_loads(corpus)
