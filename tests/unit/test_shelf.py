"""A shelf lists a corpus from the article cache's rows and reads an article only when asked;
it holds in memory only what the cache does not have."""

from __future__ import annotations

from pathlib import Path

import pytest

from flagreader.article_cache import ArticleCache
from flagreader.loading import extract_corpus, load_corpus, saver
from flagreader.model import Corpus
from flagreader.reading import ReadingState
from flagreader.shelf import Listed, Shelf, listing, position_of, select
from flagreader.store import Store

ARTICLE = """Report number {number}

Deputy Chairman Nurgali Bilisbekov said {number} citizens had gone. "We watch," Bilisbekov said.
"""


def folder_of(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(count):
        (folder / f"{number:02}.txt").write_text(ARTICLE.format(number=number), encoding="utf-8")
    return folder


def reads(cache: ArticleCache, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the articles read from `cache` from now on."""
    seen: list[str] = []
    real = cache.article

    def counting(key: str, source: str, stale: bool = True) -> object:
        seen.append(Path(key).name)
        return real(key, source, stale)

    monkeypatch.setattr(cache, "article", counting)
    return seen


def test_a_second_load_lists_from_rows_and_reads_only_what_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of(tmp_path, 20)
    first = ArticleCache.open(tmp_path / "data", [folder])
    fresh = load_corpus([folder], cache=first, lazy=True)
    assert isinstance(fresh.articles, Shelf) and fresh.articles.held() == 0  # all saved, none held
    first.close()
    cache = ArticleCache.open(tmp_path / "data", [folder])
    seen = reads(cache, monkeypatch)
    corpus = load_corpus([folder], cache=cache, lazy=True, extract=False)
    shelf = corpus.articles
    assert isinstance(shelf, Shelf) and len(shelf) == 20 and seen == []
    rows = listing(shelf)
    assert rows[3] == Listed(
        rows[3].id, str(folder / "03.txt"), "Report number 3", None, None, True, (1, 1, 1)
    )
    state = ReadingState(Store.open(tmp_path / "data"), shelf)
    state.set_mark("read", [rows[3]], True)
    unread = select(shelf, lambda row: not state.is_read(row))
    assert len(unread) == 19 and position_of(unread, rows[4].id) == 3 and seen == []
    assert shelf[3].body.startswith("Deputy Chairman") and seen == ["03.txt"]
    assert shelf[3] is shelf[3] and seen == ["03.txt"]  # kept once read
    assert [article.title for article in shelf] == [f"Report number {n}" for n in range(20)]
    assert corpus.search("bilisbekv", 3) and corpus._index is not None


def test_a_shelf_holds_what_the_cache_cannot_give_back(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, 5)
    cache = ArticleCache.open(tmp_path / "data", [folder])
    corpus = load_corpus([folder], cache=cache, lazy=True, extract=False)
    shelf = corpus.articles
    assert isinstance(shelf, Shelf) and shelf.held() == 5  # parsed, not yet extracted
    extract_corpus(corpus, saved=saver(corpus, cache))
    assert shelf.held() == 0 and all(article.quotes for article in shelf)


def test_a_shelf_is_a_sequence_like_a_list(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, 4)
    cache = ArticleCache.open(tmp_path / "data", [folder])
    corpus = load_corpus([folder], cache=cache, lazy=True)
    plain = load_corpus([folder])
    shelf = corpus.articles
    assert (
        list(shelf) == plain.articles
        and shelf[-1] == plain.articles[-1]
        and shelf[1:3] == plain.articles[1:3]
    )
    del shelf[0]
    shelf.insert(2, plain.articles[0])
    expected = [plain.articles[i] for i in (1, 2, 0, 3)]
    assert list(shelf) == expected and [row.id for row in listing(shelf)] == [a.id for a in expected]
    assert position_of(shelf, plain.articles[0].id) == 2
    assert Corpus(articles=shelf).search("report number 3", 1)[0].article.title == "Report number 3"


def test_after_one_file_changed_only_it_is_extracted_and_indexed(tmp_path: Path) -> None:
    """One file of a folder changed: it alone is extracted and indexed (a segment of one
    article), the others are served by the segments kept, none read by the reader's process
    for it; and the index searches as one built at once."""
    from flagreader.extract_process import extract_corpus_in_process
    from flagreader.kept_index import KeptIndex
    from flagreader.search.engine import search
    from flagreader.search.index import SearchIndex
    from flagreader.search.parts import IndexPart
    from flagreader.shelf import keys_of

    folder = folder_of(tmp_path, 30)
    first = ArticleCache.open(tmp_path / "data", [folder])
    loaded = load_corpus([folder], cache=first, lazy=True)
    KeptIndex(first).index(loaded.articles, keys_of(loaded.articles))
    first.close()
    (folder / "07.txt").write_text(ARTICLE.format(number="seven hundred"), encoding="utf-8")
    cache = ArticleCache.open(tmp_path / "data", [folder])
    corpus = load_corpus([folder], cache=cache, lazy=True, extract=False)
    shelf = corpus.articles
    assert isinstance(shelf, Shelf)
    kept = KeptIndex(cache)
    missing = kept.missing(keys_of(shelf))
    assert missing == [7]
    parts: list[IndexPart] = []
    extract_corpus_in_process(corpus, saved=saver(corpus, cache), to_index=missing, indexed=parts.append)
    assert [part.size for part in parts] == [1]
    kept.add(parts)
    index = kept.index(shelf, keys_of(shelf))
    assert shelf.in_memory(3) is None  # never read here
    assert len(index.placed) == 2 and int((index.placed[0].where < 0).sum()) == 1  # its old copy
    built = SearchIndex(list(shelf))
    for query in ("seven hundred", "report number 3", "bilisbekov"):
        assert search(index, query, 5) == search(built, query, 5)
    corpus.use_index(index)
    assert corpus.search("seven hundred", 1)[0].article.title == "Report number seven hundred"


def test_while_the_new_index_is_made_the_one_before_serves(tmp_path: Path) -> None:
    from flagreader.search.index import SearchIndex

    folder = folder_of(tmp_path, 6)
    cache = ArticleCache.open(tmp_path / "data", [folder])
    before = load_corpus([folder], cache=cache, lazy=True)
    kept = SearchIndex(before.articles)
    (folder / "02.txt").write_text(ARTICLE.format(number="two hundred"), encoding="utf-8")
    after = load_corpus([folder], cache=cache, lazy=True, extract=False)
    after.set_interim_index(kept)
    hits = after.search("report number 4", 1)
    assert hits[0].article.title == "Report number 4" and after._index is None  # none built here
    assert after.matches("bilisbekov", after.articles[4])  # n / N find their places too
    after.build_index()
    assert (
        after._interim is None
        and after.search("two hundred", 1)[0].article.title == "Report number two hundred"
    )
