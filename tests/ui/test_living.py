"""The reader on a living folder: a search typed while a folder is first read keeps its hits,
and files saved into an open folder join the list and the search."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import Input

import flagreader
from flagreader import file_reading, loading
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ArticleList


def report(number: int, place: str = "Astana") -> str:
    said = f'Minister Ana Lopes said {number} people came to {place}. "Welcome," Lopes said.'
    return f"Report {number:02}\n\n{said}\n"


async def until(pilot: Pilot[None], condition: object, polls: int = 500) -> None:
    """Let the app run until `condition()` holds (each poll lets its messages through)."""
    for _ in range(polls):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


def titles(articles: ArticleList) -> list[str]:
    return [articles.article_at(index).title for index in range(articles.option_count)]


def test_a_search_typed_during_a_first_load_keeps_its_hits_as_articles_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed while the folder is read: the hits of what is read so far, said to be so in the
    header; as the rest arrives the hits grow, and the list never goes back to every article
    while the query is in the bar (it did, silently, when file reading ended)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(30):
        (folder / f"{number:02}.txt").write_text(report(number), encoding="utf-8")
    monkeypatch.setattr(loading, "STREAM_AFTER", 5)
    seen, go_on = threading.Event(), threading.Event()
    real_parse = file_reading.parse_file

    def slow_parse(path: Path, data: bytes) -> object:
        if path.name == "12.txt":
            seen.set()
            assert go_on.wait(30)  # until the test has typed its search
        return real_parse(path, data)

    monkeypatch.setattr(file_reading, "parse_file", slow_parse)
    listed_all: list[str] = []
    show_articles = ArticleList.show_articles

    def watched(self: ArticleList, *args: object, **kwargs: object) -> None:
        listed_all.append(self.app.query_one("#search", Input).value)
        show_articles(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ArticleList, "show_articles", watched)

    async def main() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            articles = app.query_one(ArticleList)
            await until(pilot, lambda: seen.is_set() and articles.option_count)
            await pilot.press("slash", *"lopes")
            await until(pilot, lambda: app._hits_for == "lopes")
            so_far = titles(articles)
            assert 5 <= len(so_far) <= 12 and "search results so far" in app.sub_title
            go_on.set()
            await until(pilot, lambda: not app._extracting and len(titles(articles)) == 30)
            assert app._hits_for == "lopes" and "search results so far" not in app.sub_title
            assert set(so_far) <= set(titles(articles))
            assert [value for value in listed_all if value.strip()] == []  # never every article

    asyncio.run(main())


def test_files_saved_into_an_open_folder_join_the_list_and_the_search(tmp_path: Path) -> None:
    """Saved into the folder while the reader is open: the new file is listed and found by a
    search, an edited one shows its new text, a removed one leaves the list; the article being
    read stays on screen throughout."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number:02}.txt").write_text(report(number), encoding="utf-8")

    async def main() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            articles = app.query_one(ArticleList)
            await until(pilot, lambda: app._watching is not None and not app._extracting)
            shown = app.query_one("#reader").article  # type: ignore[attr-defined]
            (folder / "03.txt").write_text(report(3, "Zhezkazgan"), encoding="utf-8")
            await until(pilot, lambda: "Report 03" in titles(articles) and not app._extracting)
            assert app.query_one("#reader").article.id == shown.id  # type: ignore[attr-defined]
            assert app.corpus is not None
            assert [hit.article.title for hit in app.corpus.search("zhezkazgan", 5)] == ["Report 03"]
            (folder / "01.txt").write_text(report(1, "Baikonur"), encoding="utf-8")
            (folder / "02.txt").unlink()
            await until(pilot, lambda: "Report 02" not in titles(articles) and not app._extracting)
            assert [hit.article.title for hit in app.corpus.search("baikonur", 5)] == ["Report 01"]
            assert app.corpus.search("zhezkazgan", 5)[0].article.title == "Report 03"

    asyncio.run(main())


def test_r_reads_the_folders_again_where_nothing_tells_of_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system that does not notify (watching it failed), R reads the folders again."""
    from flagreader.ui import loading_app

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "00.txt").write_text(report(0), encoding="utf-8")

    def not_watched(paths: object, stop: object, changed: object, failed: object) -> None:
        failed("no notifications on this file system")  # type: ignore[operator]

    monkeypatch.setattr(loading_app, "watch_folders", not_watched)

    async def main() -> None:
        app = FlagreaderApp(paths=[folder], data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            articles = app.query_one(ArticleList)
            await until(pilot, lambda: app._watching is not None and not app._extracting)
            await until(pilot, lambda: any("R reads them again" in n.message for n in app._notifications))
            (folder / "01.txt").write_text(report(1), encoding="utf-8")
            articles.focus()
            await pilot.press("R")
            await until(pilot, lambda: "Report 01" in titles(articles) and not app._extracting)
            assert any(n.message == "The folders changed: 1 new article" for n in app._notifications)

    asyncio.run(main())


def test_hits_answered_as_the_reader_closes_do_nothing(tmp_path: Path) -> None:
    """A search finished as the reader closed found the search bar gone: it raised in its
    thread, and the reader ended on an error. Once the reader's widgets are gone, what a thread
    hands over does nothing; while they are there, a missing widget is still an error."""

    async def main() -> None:
        app = FlagreaderApp(corpus=flagreader.load_corpus(), data_dir=tmp_path / "data")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()

            def handed(callback: object, *arguments: object) -> object:
                return app.call_from_thread(callback, *arguments)  # type: ignore[arg-type]

            def missing() -> None:
                app.query_one("#no-such-widget")

            with pytest.raises(NoMatches):
                await asyncio.to_thread(handed, missing)
            await app.query_one("#search").remove()
            assert await asyncio.to_thread(handed, app._show_hits, "x", []) is None

    asyncio.run(main())
