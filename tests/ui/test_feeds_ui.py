"""R in the reader: the feeds are updated in the background and new entries join the list,
extracted, while the article being read stays on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytest_httpserver import HTTPServer
from tests.ui.test_app import wait_until
from tests.unit.test_feeds import rss
from werkzeug import Request, Response

import flagreader
from flagreader.feeds import Subscriptions
from flagreader.feeds_cli import load_feed_corpus
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ArticleList, ReaderPane


def test_big_r_updates_the_feeds_and_new_entries_join_the_list(
    tmp_path: Path, httpserver: HTTPServer
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


def test_big_r_on_files_says_how_to_open_the_feeds() -> None:
    async def main() -> None:
        app = FlagreaderApp(corpus=flagreader.load_corpus())
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("R")
            await pilot.pause()
            assert "R updates feeds: open them with flagreader --feeds" in [
                n.message for n in app._notifications
            ]

    asyncio.run(main())
