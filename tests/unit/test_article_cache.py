"""The article cache: files kept as parsed and extracted are not parsed or extracted again; any
change to a file, to the parser or to the extractor is seen; a bad cache is set aside; two
processes share one; a load killed half way is finished by the next."""

from __future__ import annotations

import json
import mmap
import os
import pickle
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from tests.interleave import interleave

from flagreader import article_cache, cache_file, cache_format, extract_process, file_reading, loading
from flagreader.article_cache import ArticleCache, cache_path
from flagreader.cache_snapshot import read_snapshot, save_snapshot, snapshot_fingerprint
from flagreader.cli import main
from flagreader.loading import load_corpus
from flagreader.model import Corpus
from flagreader.search.index import SearchIndex, place
from flagreader.search.parts import index_key, index_part
from flagreader.search.segment import DamagedSegment, Segment

ARTICLE = """{title}

By Staff Writer

Deputy Chairman Nurgali Bilisbekov said {count} citizens had gone to fight. "We are watching
the borders closely," Bilisbekov said in {place}.
"""


def write_folder(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = ARTICLE.format(title=f"Report number {number}", count=100 + number, place=f"Town {number}")
        (folder / f"{number:03}.txt").write_text(text, encoding="utf-8")
    return folder


class Counts:
    def __init__(self) -> None:
        self.parsed: list[str] = []
        self.extracted: list[str] = []


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    """Counts the files parsed and the articles extracted."""
    seen = Counts()
    parse, extract = file_reading.parse_file, extract_process.extract_one

    def counting_parse(path: Path, data: bytes) -> object:
        seen.parsed.append(path.name)
        return parse(path, data)

    def counting_extract(article: object) -> object:
        seen.extracted.append(article.source)  # type: ignore[attr-defined]
        return extract(article)  # type: ignore[arg-type]

    monkeypatch.setattr(file_reading, "parse_file", counting_parse)
    monkeypatch.setattr(extract_process, "extract_one", counting_extract)
    yield seen


def cached_load(data: Path, folder: Path, **options: object) -> tuple[Corpus, ArticleCache]:
    cache = ArticleCache.open(data, [folder])
    corpus = load_corpus([folder], cache=cache, **options)  # type: ignore[arg-type]
    cache.close()
    return corpus, cache


def as_data(corpus: Corpus) -> object:
    return [asdict(article) for article in corpus.articles], corpus.skipped, sorted(corpus.notices)


def test_a_second_load_reads_parses_and_extracts_nothing_and_gives_the_same(
    tmp_path: Path, counts: Counts
) -> None:
    folder = write_folder(tmp_path / "articles", 12)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    fresh = load_corpus([folder])
    counts.parsed.clear(), counts.extracted.clear()
    first, cache = cached_load(tmp_path / "data", folder)
    assert cache.problem is None and len(counts.parsed) == 13 and len(counts.extracted) == 12
    counts.parsed.clear(), counts.extracted.clear()
    second, _ = cached_load(tmp_path / "data", folder)
    assert counts.parsed == [] and counts.extracted == []
    assert as_data(first) == as_data(second) == as_data(fresh)
    assert "binary.txt" in second.skipped[0].source


def test_an_edited_file_alone_is_parsed_again_and_its_new_text_shows(tmp_path: Path, counts: Counts) -> None:
    folder = write_folder(tmp_path / "articles", 10)
    cached_load(tmp_path / "data", folder)
    counts.parsed.clear(), counts.extracted.clear()
    edited = folder / "004.txt"
    edited.write_text(edited.read_text().replace("Town 4", "Almaty"), encoding="utf-8")
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 5_000_000_000))
    corpus, _ = cached_load(tmp_path / "data", folder)
    assert counts.parsed == ["004.txt"] and len(counts.extracted) == 1
    assert "Almaty" in corpus.articles[4].body and corpus.articles[4].quotes


def test_a_touched_file_is_read_but_not_parsed_again(tmp_path: Path, counts: Counts) -> None:
    folder = write_folder(tmp_path / "articles", 3)
    cached_load(tmp_path / "data", folder)
    counts.parsed.clear()
    os.utime(folder / "001.txt", ns=(0, 10**18))
    cached_load(tmp_path / "data", folder)
    cached_load(tmp_path / "data", folder)
    assert counts.parsed == []


def test_added_removed_and_renamed_files(tmp_path: Path, counts: Counts) -> None:
    folder = write_folder(tmp_path / "articles", 5)
    cached_load(tmp_path / "data", folder)
    counts.parsed.clear()
    (folder / "000.txt").unlink()
    (folder / "001.txt").rename(folder / "renamed.txt")
    (folder / "new.txt").write_text(ARTICLE.format(title="A new one", count=7, place="Astana"), "utf-8")
    corpus, cache = cached_load(tmp_path / "data", folder)
    assert sorted(counts.parsed) == ["new.txt", "renamed.txt"]
    sources = sorted(Path(article.source).name for article in corpus.articles)
    assert sources == ["002.txt", "003.txt", "004.txt", "new.txt", "renamed.txt"]
    kept = sorted(Path(path).name for path in ArticleCache.open(tmp_path / "data", [folder]).entries())
    assert kept == sources  # the rows of vanished files are dropped


def test_a_new_extractor_shows_the_old_results_until_it_has_run_again(
    tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_folder(tmp_path / "articles", 4)
    cached_load(tmp_path / "data", folder)
    counts.extracted.clear()
    for module in (article_cache, cache_file):  # what is written, and what is compared with
        monkeypatch.setattr(module, "extractor_fingerprint", lambda: "a newer extractor")
    monkeypatch.setattr(loading, "extractor_fingerprint", lambda: "a newer extractor")
    shown, _ = cached_load(tmp_path / "data", folder, extract=False)
    assert counts.parsed[-4:] != [] and all(article.quotes for article in shown.articles)
    assert shown.stale == {article.id for article in shown.articles}
    counts.parsed.clear()
    redone, _ = cached_load(tmp_path / "data", folder)
    assert counts.parsed == [] and len(counts.extracted) == 4 and not redone.stale
    counts.extracted.clear()
    cached_load(tmp_path / "data", folder)
    assert counts.extracted == []  # the new extractor's results were kept


def test_a_new_parser_parses_again(tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_folder(tmp_path / "articles", 3)
    cached_load(tmp_path / "data", folder)
    counts.parsed.clear()
    for module in (article_cache, cache_file):  # what is written, and what is compared with
        monkeypatch.setattr(module, "parser_fingerprint", lambda: "a newer parser")
    monkeypatch.setattr(loading, "parser_fingerprint", lambda: "a newer parser")
    monkeypatch.setattr(file_reading, "parser_fingerprint", lambda: "a newer parser")
    cached_load(tmp_path / "data", folder)
    assert len(counts.parsed) == 3


@pytest.mark.parametrize("spoil", ["garbage", "foreign"])
def test_a_corrupt_or_foreign_cache_is_moved_aside_and_built_anew(tmp_path: Path, spoil: str) -> None:
    folder = write_folder(tmp_path / "articles", 3)
    path = cache_path(tmp_path / "data", [folder])
    path.parent.mkdir(parents=True)
    if spoil == "garbage":
        path.write_bytes(b"this is not a database, " * 400)
    else:
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE files (name TEXT)")
        other.commit()
        other.close()
    before = path.read_bytes()
    corpus, cache = cached_load(tmp_path / "data", folder)
    assert cache.problem is not None and "moved aside" in cache.problem
    aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == before
    assert len(corpus.articles) == 3
    again, cache = cached_load(tmp_path / "data", folder)
    assert cache.problem is None and as_data(again) == as_data(corpus)


def test_a_planted_pickle_is_never_run(tmp_path: Path, counts: Counts) -> None:
    """A cache row whose stored article is a pickle that would call a function is refused and
    the file parsed again."""
    folder = write_folder(tmp_path / "articles", 2)
    cached_load(tmp_path / "data", folder)
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.mkdir, (str(marker),))

    db = sqlite3.connect(cache_path(tmp_path / "data", [folder]))
    db.execute("UPDATE files SET article = ?", (zlib.compress(pickle.dumps(Planted())),))
    db.commit()
    db.close()
    counts.parsed.clear()
    corpus, _ = cached_load(tmp_path / "data", folder)
    assert not marker.exists() and len(counts.parsed) == 2 and len(corpus.articles) == 2


def test_a_cache_that_cannot_be_made_costs_only_time(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "articles", 2)
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder would be")
    corpus, cache = cached_load(blocker, folder)
    assert len(corpus.articles) == 2 and cache.problem is not None and "afresh" in cache.problem


def test_a_segment_is_kept_mapped_and_read_back_the_same(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "articles", 6)
    corpus = load_corpus([folder])
    segment = Segment.from_parts([index_part(list(corpus.articles))])
    path = tmp_path / "1.seg"
    segment.write(path)
    again = Segment.read(path)
    assert again.vocabulary == segment.vocabulary and again.size == 6
    mapped: object = again.body.term_ids
    while isinstance(mapped, np.ndarray):  # views of views, down to the buffer under them
        mapped = mapped.base
    assert isinstance(getattr(mapped, "obj", mapped), mmap.mmap)  # mapped from the file, not read
    query = "bilisbekov almty"
    where, missing = place([again], [index_key(article) for article in corpus.articles])
    assert missing == []
    read = SearchIndex.of(corpus.articles, [again], where)
    assert corpus.search(query, 3) == Corpus(corpus.articles, _index=read).search(query, 3)
    for spoilt in (b"", b"flagreader-segment 1\n{not json", b"flagreader-segment 1\n" + b"\xff" * 300):
        path.write_bytes(spoilt)
        with pytest.raises(DamagedSegment):
            Segment.read(path)


def test_a_second_search_answers_from_the_cache_until_a_file_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], counts: Counts, index_builds: list[int]
) -> None:
    folder = write_folder(tmp_path / "articles", 8)
    data = tmp_path / "data"
    outputs = []
    built = index_builds
    for options in ([], [], ["--no-cache"]):
        counts.parsed.clear(), counts.extracted.clear(), built.clear()
        arguments = ["search", "bilisbekov twn 5", str(folder), "--json", "--data-dir", str(data)]
        assert main([*arguments, *options]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
        if not options and len(outputs) == 2:  # the second: from the cache, index and all
            assert counts.parsed == [] and counts.extracted == [] and built == []
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0]["hits"]
    (folder / "005.txt").write_text(ARTICLE.format(title="Changed", count=1, place="Aktobe"), "utf-8")
    counts.parsed.clear()
    assert main(["search", "aktobe", str(folder), "--json", "--data-dir", str(data)]) == 0
    assert counts.parsed == ["005.txt"]  # the changed file is loaded again
    assert json.loads(capsys.readouterr().out)["hits"][0]["title"] == "Changed"


def _run(code: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_two_processes_opening_one_folder_at_once(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "articles", 150)
    command = [sys.executable, "-m", "flagreader", "extract", "--json", str(folder), "--data-dir"]
    processes = [
        subprocess.Popen([*command, str(tmp_path / "data")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [process.communicate(timeout=300) for process in processes]
    fresh = subprocess.run([*command, str(tmp_path / "other"), "--no-cache"], capture_output=True, check=True)
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert out == fresh.stdout
        assert b"cache" not in err
    again = subprocess.run([*command, str(tmp_path / "data")], capture_output=True, check=True)
    assert again.stdout == fresh.stdout


def test_a_cache_made_by_another_process_while_this_one_checks_it_is_not_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race the test above met one run in three: the other process makes the cache between
    # this one's reads of the file's tables and of its application id.
    folder = write_folder(tmp_path / "articles", 3)
    other = interleave(
        monkeypatch,
        "SELECT count(*) FROM sqlite_master",
        lambda: ArticleCache.open(tmp_path / "data", [folder]).close(),
    )
    cache = ArticleCache.open(tmp_path / "data", [folder])
    other.join()
    assert cache.problem is None and cache.writable
    cache.close()
    assert [path.name for path in cache.path.parent.iterdir() if "corrupt" in path.name] == []


def test_a_load_killed_half_way_is_finished_by_the_next(tmp_path: Path, counts: Counts) -> None:
    """Killed after 300 of 600 files were parsed: what was committed is kept, nothing half
    written is read back, and the next load parses only the rest."""
    folder = write_folder(tmp_path / "articles", 600)
    killed = _run(
        """
        import os, sys
        from pathlib import Path
        from flagreader import file_reading, loading
        from flagreader.article_cache import ArticleCache

        parse, done = file_reading.parse_file, []
        def dying(path, data):
            done.append(path)
            if len(done) == 300:
                os._exit(9)
            return parse(path, data)
        file_reading.parse_file = dying
        cache = ArticleCache.open(Path(sys.argv[2]), [sys.argv[1]])
        loading.load_corpus([sys.argv[1]], cache=cache)
        """,
        str(folder),
        str(tmp_path / "data"),
    )
    assert killed.returncode == 9, killed.stderr
    corpus, cache = cached_load(tmp_path / "data", folder)
    assert cache.problem is None
    assert 300 - article_cache.BATCH < 600 - len(counts.parsed) <= 300
    assert as_data(corpus) == as_data(load_corpus([folder]))


def test_the_folder_last_read_is_kept_whole_file_names_and_all(tmp_path: Path) -> None:
    from flagreader.cache_snapshot import Record, last_read
    from flagreader.file_reading import Outcome
    from flagreader.shelf import Listed

    cache = ArticleCache.open(tmp_path / "data", [tmp_path])
    rows = [
        Listed("a" * 16, str(tmp_path / "caf\udce9.txt"), "Café [b]x[/b]", None, "Blog", True, (1, 2, 3)),
        Listed("b" * 16, str(tmp_path / "two.txt"), "2005", "Author", None, False, None),
    ]
    keys = [b"k" * 16, b"l" * 16]
    record = Record({str(tmp_path): ["caf\udce9.txt", "two.txt", "bad.txt"]})
    for row, key, size in zip([*rows, None], [*keys, None], (10, 11, 1), strict=True):
        path = row.source if row is not None else str(tmp_path / "bad.txt")
        reason = None if row is not None else "empty file"
        outcome = Outcome(None, None, reason, key=key)
        record.add(path, size, size * 2, row, outcome, path)
    cache.walked = record
    assert last_read(cache) == ([], [])
    corpus = Corpus(articles=[])  # rows and keys as the walk had them: nothing in the corpus now
    save_snapshot(cache, corpus, snapshot_fingerprint())
    save_snapshot(cache, corpus, snapshot_fingerprint())  # in place of the one kept before
    listed, listed_keys = last_read(cache)
    assert list(listed) == rows and listed_keys == keys
    cache.close()
    again = ArticleCache.open(tmp_path / "data", [tmp_path])
    shown, shown_keys = last_read(again)
    assert list(shown) == rows and shown_keys == keys
    assert read_snapshot(again, "another parser") is None
    read = read_snapshot(again, snapshot_fingerprint())
    assert read is not None and read.reasons == {2: "empty file"} and read.orders == record.orders


def test_a_planted_record_is_never_run_and_the_walk_lists_the_folder(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.mkdir, (str(marker),))

    cache = ArticleCache.open(tmp_path / "data", [tmp_path])
    assert cache._db is not None
    planted = pickle.dumps((1, snapshot_fingerprint(), [Planted()]))
    cache._db.execute("INSERT INTO listing (singleton, rows) VALUES (1, ?)", (planted,))
    assert read_snapshot(cache, snapshot_fingerprint()) is None and not marker.exists()


def test_the_fingerprints_follow_the_article_model_not_the_rest_of_model_py() -> None:
    """A change to the article's classes must make every file be parsed again; a change to
    Corpus (in the same module) must not."""
    import inspect

    from flagreader import model

    hashed = cache_format.stored_classes_source()
    assert inspect.getsource(model.Article) in hashed and inspect.getsource(model.Quote) in hashed
    assert "class Corpus" not in hashed
    stored = {kind.__name__ for kind in cache_format.STORED}
    assert "Article" in stored and "Quote" in stored and "Corpus" not in stored
    cache_format.parser_fingerprint.cache_clear()
    before = cache_format.parser_fingerprint()
    cache_format.parser_fingerprint.cache_clear()
    assert cache_format.parser_fingerprint() == before  # the same code, the same fingerprint
