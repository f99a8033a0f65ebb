"""The search index kept with the article cache, in segments: a change costs the files changed;
a kill at any moment leaves the last good index served, and the next command finishes the job;
merges make the same hits; a damaged segment is indexed again, with a notice."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flagreader.article_cache import ArticleCache
from flagreader.cli import main
from flagreader.kept_index import KeptIndex, merge_all, needs_merging
from flagreader.loading import load_corpus
from flagreader.search.merging import FACTOR
from flagreader.shelf import keys_of

QUERIES = ["bilisbekov", "town 7", "citizns fight", '"watching the borders"', "quote:borders", "almaty"]

ARTICLE = """Report number {number}

Deputy Chairman Nurgali Bilisbekov said {count} citizens had gone to fight. "We are watching
the borders closely," Bilisbekov said in {place}.
"""


def write(folder: Path, number: int, place: str | None = None) -> None:
    text = ARTICLE.format(number=number, count=100 + number, place=place or f"Town {number}")
    (folder / f"{number:03}.txt").write_text(text, encoding="utf-8")


def folder_of(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(count):
        write(folder, number)
    return folder


def searched(folder: Path, data: Path, capsys: pytest.CaptureFixture[str], *options: str) -> list[object]:
    """Every query's hits as `flagreader search --json` prints them."""
    found = []
    for query in QUERIES:
        assert main(["search", query, str(folder), "--json", "--data-dir", str(data), *options]) == 0
        found.append(json.loads(capsys.readouterr().out)["hits"])
    return found


def segments(data: Path, folder: Path) -> list[int]:
    cache = ArticleCache.open(data, [folder])
    try:
        return [int(number) for (number,) in cache.query("SELECT number FROM segments") or []]  # type: ignore[call-overload]
    finally:
        cache.close()


def test_a_change_is_a_segment_of_its_own_and_searches_as_a_fresh_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_of(tmp_path, 20)
    data = tmp_path / "data"
    searched(folder, data, capsys)
    first = segments(data, folder)
    write(folder, 3, "Almaty")  # edited
    write(folder, 25, "Almaty")  # added
    (folder / "007.txt").unlink()  # removed
    after = searched(folder, data, capsys)
    assert len(segments(data, folder)) == len(first) + 1  # one more, of the two changed files
    assert after == searched(folder, tmp_path / "fresh", capsys, "--no-cache")


def _killed(code: str, folder: Path, data: Path) -> None:
    """Run a search in a process that dies (exit 9) at the moment `code` arranges."""
    prelude = """
        import os, sys
        from flagreader import kept_index
        from flagreader.cli import main
    """
    run = 'main(["search", "bilisbekov", sys.argv[1], "--data-dir", sys.argv[2]])'
    program = textwrap.dedent(prelude) + textwrap.dedent(code) + run
    done = subprocess.run(
        [sys.executable, "-c", program, str(folder), str(data)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 9, done.stderr


@pytest.mark.parametrize(
    "moment",
    [
        # the new segment written to its temporary file, not yet listed
        "real = kept_index.Segment.write\n"
        "def dying(self, path):\n    real(self, path)\n    os._exit(9)\n"
        "kept_index.Segment.write = dying\n",
        # renamed to its number inside the listing's transaction, before the commit
        "real = kept_index.os.replace\n"
        "def dying(source, target):\n    real(source, target)\n    os._exit(9)\n"
        "kept_index.os.replace = dying\n",
    ],
    ids=["written", "renamed"],
)
def test_a_kill_while_indexing_leaves_the_last_index_and_the_next_command_finishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], moment: str
) -> None:
    folder = folder_of(tmp_path, 20)
    data = tmp_path / "data"
    before = searched(folder, data, capsys)
    kept = segments(data, folder)
    write(folder, 4, "Almaty")
    _killed(moment, folder, data)
    assert segments(data, folder) == kept  # the list as it was: the last good index
    assert searched(folder, data, capsys) == searched(folder, tmp_path / "fresh", capsys, "--no-cache")
    assert before != searched(folder, data, capsys)  # the change is in


def test_merges_drop_deletions_and_search_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """FACTOR changes, each a segment: the policy merges them (and the edited files' old copies
    go); the hits are the same before and after, and as a fresh index's."""
    folder = folder_of(tmp_path, 12)
    data = tmp_path / "data"
    monkeypatch.setenv("FLAGREADER_MERGE", "never")
    searched(folder, data, capsys)
    for number in range(FACTOR):
        write(folder, number, f"Almaty {number}")
        searched(folder, data, capsys)
    unmerged = searched(folder, data, capsys)
    cache = ArticleCache.open(data, [folder])
    corpus = load_corpus([folder], cache=cache, lazy=True)
    index = KeptIndex(cache).index(corpus.articles, keys_of(corpus.articles))
    assert len(index.placed) == 1 + FACTOR and needs_merging(index)
    assert merge_all(cache) >= 1
    merged = KeptIndex(cache).index(corpus.articles, keys_of(corpus.articles))
    assert len(merged.placed) < len(index.placed) and not needs_merging(merged)
    assert all((placed.where >= 0).all() for placed in merged.placed if placed.segment.size > 1)
    cache.close()
    assert (
        searched(folder, data, capsys)
        == unmerged
        == searched(folder, tmp_path / "fresh", capsys, "--no-cache")
    )
    leftovers = [path.name for path in KeptIndex(ArticleCache.open(data, [folder])).folder.iterdir()]
    assert sorted(name for name in leftovers if name.endswith(".seg")) == [
        f"{n}.seg" for n in sorted(segments(data, folder))
    ]


def test_a_damaged_segment_is_indexed_again_with_a_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_of(tmp_path, 10)
    data = tmp_path / "data"
    expected = searched(folder, data, capsys)
    cache = ArticleCache.open(data, [folder])
    (number,) = segments(data, folder)
    path = KeptIndex(cache).folder / f"{number}.seg"
    cache.close()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    assert main(["search", "bilisbekov", str(folder), "--json", "--data-dir", str(data)]) == 0
    captured = capsys.readouterr()
    assert "is damaged" in captured.err and "indexed again" in captured.err
    assert searched(folder, data, capsys) == expected
