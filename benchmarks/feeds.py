"""Benchmark: updating many feeds from a local server that answers slowly. Prints a table;
asserts nothing.

Usage: python benchmarks/feeds.py [--feeds 200] [--entries 20] [--latency-ms 50] [--workers 8]

A threaded HTTP server on the loopback serves FEEDS RSS feeds of ENTRIES entries each, every
entry a summary linking to its page (so each page is fetched for its main text), and waits
LATENCY ms before every answer. Each feed is on a host of its own (127.0.1.1, 127.0.1.2, ...:
the loopback answers them all), as subscriptions to different sites are, since pages are
fetched one at a time per host. Measures, in one process: the first update (feeds, then the
pages of the summaries), and a second update with nothing changed (conditional requests, 304
answers only), with how many requests each sent. With --reader, then `R` in the reader opened
on a fresh subscription to the same feeds: how late its event loop wakes for a 1 ms timer while
the update runs (how long a key would wait), and how long until the entries are listed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# This folder holds a reader.py (the reader's benchmark), which would shadow the `reader`
# library the feeds are kept with: look elsewhere first.
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import flagreader  # noqa: E402
from flagreader.feeds import Subscriptions  # noqa: E402

_PAGE = (
    "<html><head><title>Post {feed}-{entry}</title></head><body><nav>Home | Sections | About</nav>"
    "<article><h1>Post {feed}-{entry}</h1>{paragraphs}</article><footer>Site footer</footer></body></html>"
)
_PARAGRAPH = (
    "<p>The deputy chairman of the national security committee, Nurgali Bilisbekov, said that"
    " around 150 citizens were fighting abroad in part {number}, and that another 200 had gone"
    " with them, according to figures given to reporters on Monday.</p>"
)


def feed_xml(host: str, feed: int, entries: int) -> bytes:
    items = "".join(
        f"<item><guid>{feed}-{entry}</guid><title>Post {feed}-{entry}</title>"
        f"<link>http://{host}/pages/{entry}</link>"
        f"<description>A summary of post {entry}.</description></item>"
        for entry in range(entries)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Site {feed}</title>{items}</channel></rss>'
    ).encode()


class Handler(BaseHTTPRequestHandler):
    entries = 20
    latency = 0.05
    requests = 0
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        with Handler.lock:
            Handler.requests += 1
        time.sleep(self.latency)
        host = self.headers.get("Host", "127.0.1.1")
        feed = int(host.split(":")[0].rsplit(".", 1)[1])
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            body, kind = feed_xml(host, feed, self.entries), "application/rss+xml"
        else:
            entry = int(self.path.rsplit("/", 1)[1])
            paragraphs = "".join(_PARAGRAPH.format(number=n) for n in range(8))
            body, kind = _PAGE.format(feed=feed, entry=entry, paragraphs=paragraphs).encode(), "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--reader", action="store_true", help="then R in the reader, on the same feeds")
    args = parser.parse_args()
    Handler.entries, Handler.latency = args.entries, args.latency_ms / 1000
    server = ThreadingHTTPServer(("0.0.0.0", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    with tempfile.TemporaryDirectory() as data_dir, Subscriptions.open(data_dir) as subscriptions:
        for feed in range(1, args.feeds + 1):
            subscriptions.add(
                f"http://127.0.1.{feed % 250 + 1}:{port}/feed.xml"
                if args.feeds > 250
                else f"http://127.0.1.{feed}:{port}/feed.xml"
            )
        for label in ("first update", "second update, nothing changed"):
            Handler.requests = 0
            started = time.perf_counter()
            outcomes = subscriptions.update(args.workers)
            feeds_done = time.perf_counter()
            texts, failed = subscriptions.fetch_full_texts(args.workers)
            ended = time.perf_counter()
            new = sum(outcome.new for outcome in outcomes)
            errors = sum(1 for outcome in outcomes if outcome.error)
            rows.append(
                (
                    label,
                    feeds_done - started,
                    ended - feeds_done,
                    Handler.requests,
                    new,
                    errors,
                    texts,
                    failed,
                )
            )
        articles, _ = subscriptions.articles()
    setting = f"{args.feeds} feeds x {args.entries} entries, {args.latency_ms:g} ms per answer"
    print(f"{setting}, {args.workers} workers")
    print("run | feeds s | pages s | requests | new entries | feed errors | pages fetched | page errors")
    for label, feeds_s, pages_s, requests, new, errors, texts, failed in rows:
        print(f"{label} | {feeds_s:.2f} | {pages_s:.2f} | {requests} | {new} | {errors} | {texts} | {failed}")
    print(f"articles made from the entries: {len(articles)}")
    if args.reader:
        lag, listed = asyncio.run(_reader_update(port, args.feeds))
        print("reader | loop lag p95 ms | loop lag max ms | R to entries listed s")
        print(f"R, {args.feeds} feeds | {lag[0]:.1f} | {lag[1]:.1f} | {listed:.2f}")
    server.shutdown()
    return 0


async def _reader_update(port: int, feeds: int) -> tuple[tuple[float, float], float]:
    """R in the reader on a fresh subscription to every feed: the loop's lag while it runs,
    and how long until every entry is listed."""
    from flagreader.model import Corpus
    from flagreader.ui.app import FlagreaderApp
    from flagreader.ui.widgets import ArticleList

    with tempfile.TemporaryDirectory() as data_dir:
        with Subscriptions.open(data_dir) as subscriptions:
            for feed in range(1, feeds + 1):
                subscriptions.add(f"http://127.0.{1 + feed // 250}.{1 + feed % 250}:{port}/feed.xml")
        seeds = flagreader.load_corpus(extract=False)
        app = FlagreaderApp(corpus=Corpus(articles=seeds.articles[:1]), data_dir=data_dir, feeds=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            lags: list[float] = []
            started = time.perf_counter()
            await pilot.press("R")
            articles = app.query_one(ArticleList)
            while articles.option_count < 2 and time.perf_counter() - started < 600:
                asked = time.perf_counter()
                await asyncio.sleep(0.001)
                lags.append((time.perf_counter() - asked - 0.001) * 1000)
            listed = time.perf_counter() - started
    lags.sort()
    return (lags[int(len(lags) * 0.95)], lags[-1]), listed


if __name__ == "__main__":
    sys.exit(main())
