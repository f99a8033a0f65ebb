"""R in the reader: the feeds are updated in the background and new entries join the list,
extracted, while the article being read stays on screen."""

from __future__ import annotations

import asyncio
import threading
from html import escape
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from tests.ui.test_app import wait_until
from tests.unit.test_feeds import rss
from werkzeug import Request, Response

import flagreader
from flagreader.feeds import Subscriptions
from flagreader.feeds_cli import load_feed_corpus
from flagreader.model import Corpus
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ArticleList, ReaderPane


def test_big_r_updates_the_feeds_and_new_entries_join_the_list(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = flagreader.load_corpus(extract=False).articles
    items = [("post-1", first.title, first.body)]

    def feed(request: Request) -> Response:
        return Response(rss(*items), content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
    corpus = load_feed_corpus(str(tmp_path))
    assert len(corpus.articles) == 1

    async def main() -> None:
        app = FlagreaderApp(corpus=corpus, data_dir=tmp_path, feeds=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            reader, articles = app.query_one(ReaderPane), app.query_one(ArticleList)
            reading = reader.article
            assert reading is not None and articles.option_count == 1
            items.append(("post-2", second.title, second.body))  # the blog publishes a post
            await pilot.press("R")
            await wait_until(lambda: articles.option_count == 2)
            assert reader.article is not None and reader.article.id == reading.id  # still reading it
            titles = {articles.article_at(i).title: articles.article_at(i) for i in range(2)}
            new = titles[second.title]
            assert new.extracted and "Nurtai Abykaev" in {o.name for o in new.officials}
            await wait_until(lambda: "1 new entry from 1 feed" in [n.message for n in app._notifications])

    asyncio.run(main())
    # what R's extraction found is kept: the next launch extracts nothing
    from flagreader import extract_process

    for name in ("extract_corpus_in_process", "extract_corpus"):  # on every core, or in this process
        monkeypatch.setattr(
            extract_process, name, lambda corpus, *args, **kwargs: pytest.fail("extracted again")
        )
    again = load_feed_corpus(str(tmp_path))
    assert len(again.articles) == 2 and all(article.extracted for article in again.articles)


def test_big_r_with_no_folder_opened_says_what_it_does() -> None:
    """R reads the folders opened again, or updates the feeds: on the bundled seed posts, it says so."""

    async def main() -> None:
        app = FlagreaderApp(corpus=flagreader.load_corpus())
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("R")
            await pilot.pause()
            said = "R reads the folders opened again (none here), or updates the feeds (flagreader --feeds)"
            assert said in [n.message for n in app._notifications]

    asyncio.run(main())


def test_entries_join_the_list_as_they_arrive(tmp_path: Path, httpserver: HTTPServer) -> None:
    """An entry that came whole is listed as soon as its feed is updated, while the page of an
    entry with only a summary is still on its way; that one joins the list when its page has
    come, with the page's text. The newest is listed first."""
    first, second = flagreader.load_corpus(extract=False).articles
    page_asked, page_may_come = threading.Event(), threading.Event()
    whole, page_url = httpserver.url_for("/whole"), httpserver.url_for("/page")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Black Flag</title>'
        f"<item><guid>whole</guid><title>{escape(first.title)}</title><link>{whole}</link>"
        "<pubDate>Mon, 02 Mar 2015 10:00:00 GMT</pubDate>"
        f"<description>{escape(first.body)}</description></item>"
        f"<item><guid>short</guid><title>{escape(second.title)}</title><link>{page_url}</link>"
        "<pubDate>Tue, 03 Mar 2015 10:00:00 GMT</pubDate><description>A short summary.</description></item>"
        "</channel></rss>"
    )
    paragraphs = "".join(f"<p>{escape(second.body[p.start : p.end])}</p>" for p in second.paragraphs)

    def page(request: Request) -> Response:
        page_asked.set()
        page_may_come.wait(10)
        html = f"<html><body><article><h1>{escape(second.title)}</h1>{paragraphs}</article></body></html>"
        return Response(html, content_type="text/html")

    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/page").respond_with_handler(page)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
    seeds = flagreader.load_corpus(extract=False)

    async def main() -> None:
        app = FlagreaderApp(corpus=Corpus(articles=seeds.articles[:0]), data_dir=tmp_path, feeds=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            articles = app.query_one(ArticleList)
            await pilot.press("R")
            await wait_until(lambda: articles.option_count == 1)
            assert articles.article_at(0).title == first.title and articles.article_at(0).extracted
            await wait_until(page_asked.is_set)
            await pilot.pause(0.3)
            assert articles.option_count == 1  # the other waits for its page
            page_may_come.set()
            await wait_until(lambda: articles.option_count == 2)
            assert [articles.article_at(i).title for i in range(2)] == [second.title, first.title]
            assert "Nurtai Abykaev" in articles.article_at(0).body  # the page's text, not the summary
            await wait_until(lambda: "2 new entries from 1 feed" in [n.message for n in app._notifications])

    try:
        asyncio.run(main())
    finally:
        page_may_come.set()


def test_progress_from_a_thread_is_shown_a_few_times_a_second_not_each_time() -> None:
    """R reported each of 4,000 pages, and each report waited for the screen: the keys waited
    behind them. The header shows the first, the last, and at most one each 0.1 s between."""

    async def main() -> None:
        app = FlagreaderApp(corpus=flagreader.load_corpus(extract=False))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            shown: list[tuple[int, int]] = []
            app._show_progress = lambda label, done, total: shown.append((done, total))  # type: ignore[method-assign]
            report = app._progress("Fetching")
            thread = threading.Thread(target=lambda: [report(done, 2000) for done in range(2001)])
            thread.start()
            while thread.is_alive():
                await pilot.pause(0.01)
            assert shown[0] == (0, 2000) and shown[-1] == (2000, 2000)
            assert 2 <= len(shown) < 200

    asyncio.run(main())


def test_a_search_typed_during_r_is_not_indexed_anew_at_each_batch(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, index_builds: list[int]
) -> None:
    """Entries join the list a batch at a time; with a search typed, each batch used to make
    the index of every article anew (a second of the interpreter lock at a few thousand
    entries, while keys waited). The search goes on with the index it has meanwhile, and once
    the update is over it is made again, once, and finds the new entries too."""
    from flagreader.ui import updating

    monkeypatch.setattr(updating, "BATCH_SECONDS", 0.0)  # a batch for each feed's entries
    first, second = flagreader.load_corpus(extract=False).articles
    for number in range(4):
        item = (f"post-{number}", f"{second.title} ({number})", second.body) if number else None
        answer = rss(item) if item else rss(("post-0", first.title, first.body))
        httpserver.expect_request(f"/{number}.xml").respond_with_data(
            answer, content_type="application/rss+xml"
        )
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/0.xml"))
        subscriptions.update()
        for number in range(1, 4):
            subscriptions.add(httpserver.url_for(f"/{number}.xml"))
    corpus = load_feed_corpus(str(tmp_path))
    built = index_builds
    from flagreader.kept_index import KeptIndex

    kept: list[int] = []
    index = KeptIndex.index

    def counted(self: KeptIndex, articles: object, keys: object) -> object:
        kept.append(len(articles))  # type: ignore[arg-type]
        return index(self, articles, keys)  # type: ignore[arg-type]

    monkeypatch.setattr(KeptIndex, "index", counted)

    async def main() -> None:
        app = FlagreaderApp(corpus=corpus, data_dir=tmp_path, feeds=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            articles = app.query_one(ArticleList)
            await pilot.press("slash", *"kazakhstan")
            await wait_until(lambda: not articles._listing_articles and articles.option_count == 1)
            built.clear()
            app.action_update_feeds()  # R, but the keys go to the search bar here
            await wait_until(lambda: any("3 new entries" in n.message for n in app._notifications))
            await wait_until(lambda: articles.option_count == 4)
            assert built == [] and kept == [4]  # once, at the end, of every article, kept
            assert {articles.article_at(i).title for i in range(4)} >= {f"{second.title} (3)", first.title}

    asyncio.run(main())


def test_r_says_when_the_cache_of_the_feeds_was_damaged(tmp_path: Path, httpserver: HTTPServer) -> None:
    """The cache is only time lost, but a damaged one moved aside is said, not kept quiet."""
    from flagreader.feed_extracts import open_kept

    first = flagreader.load_corpus(extract=False).articles[0]
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(("post-1", first.title, first.body)), content_type="application/rss+xml"
    )
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
    kept = open_kept(tmp_path)
    kept.close()
    kept.path.write_bytes(b"not a database at all" * 100)

    async def main() -> None:
        app = FlagreaderApp(corpus=Corpus(articles=[]), data_dir=tmp_path, feeds=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("R")
            await wait_until(lambda: app.query_one(ArticleList).option_count == 1)
            await wait_until(lambda: any("moved aside" in n.message for n in app._notifications))

    asyncio.run(main())
