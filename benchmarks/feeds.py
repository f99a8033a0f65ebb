"""Benchmark: updating many feeds from a local server that answers slowly; prints tables.
Asserts nothing.

Usage: python benchmarks/feeds.py [--feeds 200] [--entries 20] [--latency-ms 50] [--workers N]
                                  [--reader] [--reader-seconds 600]

A threaded HTTP server, in a process of its own as a real one is elsewhere (in this one its work
would compete with the client for the interpreter lock), serves FEEDS RSS feeds of ENTRIES
entries, each a summary linking to its page (fetched for its main text), and waits LATENCY ms
before every answer, 304 to a feed asked with its ETag. Each feed is on a host of its own
(127.0.1.1 to 127.0.1.250, then 127.0.2.1, ...: the loopback answers them all), as subscriptions
to different sites are, since pages are fetched one at a time per host.

First table, `Subscriptions` in this process with WORKERS hosts asked at once (by default, as
`feeds update` and R ask: FEED_WORKERS for the feeds, WORKERS for the pages): the first update
(every entry new) and a second with nothing changed (conditional requests, 304 answers only),
each: seconds for the feeds, then for the pages of the summaries; requests the server
answered; new entries; feeds that failed; pages fetched; pages that failed.

With --reader, then the reader (headless, 120x36) opened on the two seed posts and a fresh
subscription to the same feeds: R (the update, in the background), then j and k alternately
every ~50 ms on the article list, sent as the terminal driver sends keys, until every entry is
listed (or the update ends, or READER_SECONDS pass). Second table:
- key to frame p50/p95/max ms, keys: from sending a key to the first frame handed to the terminal
  after the list moved its cursor (headless mode skips rendering frames to the bytes a terminal
  gets: that is added back, as in benchmarks/reader.py), and how many keys were sent;
- R to first new entry listed s: from sending R to the first frame listing one of the feeds'
  entries (rows other than the seeds');
- R to all entries listed s: to the first frame listing as many of them as the entries made
  articles in the first part ("-" if none did); listed: how many were listed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# This folder holds a reader.py (the reader's benchmark), which would shadow the `reader`
# library the feeds are kept with: look elsewhere first.
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import flagreader  # noqa: E402
from flagreader.feeds import FEED_WORKERS, WORKERS, Subscriptions  # noqa: E402

SEEDS = 2
"""Seed posts in the reader before R: two, so that j and k move its cursor."""

_PAGE = (
    "<html><head><title>Post {feed}-{entry}</title></head><body><nav>Home | Sections | About</nav>"
    "<article><h1>Post {feed}-{entry}</h1>{paragraphs}</article><footer>Site footer</footer></body></html>"
)
_PARAGRAPH = (
    "<p>The deputy chairman of the national security committee, Nurgali Bilisbekov, said that"
    " around 150 citizens were fighting abroad in part {number}, and that another 200 had gone"
    " with them, according to figures given to reporters on Monday.</p>"
)


def feed_url(port: int, feed: int) -> str:
    """Feed `feed` (from 0), on a host of its own: 127.0.1.1 to 127.0.1.250, then 127.0.2.1..."""
    return f"http://127.0.{1 + feed // 250}.{1 + feed % 250}:{port}/feed.xml"


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
        if self.path == "/count":  # the benchmark asking: answered at once, not counted
            self._answer(str(Handler.requests).encode(), "text/plain")
            return
        with Handler.lock:
            Handler.requests += 1
        time.sleep(self.latency)
        host = self.headers.get("Host", "127.0.1.1")
        third, fourth = host.split(":")[0].split(".")[2:]
        feed = (int(third) - 1) * 250 + int(fourth) - 1
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._answer(feed_xml(host, feed, self.entries), "application/rss+xml")
        else:
            entry = int(self.path.rsplit("/", 1)[1])
            paragraphs = "".join(_PARAGRAPH.format(number=n) for n in range(8))
            self._answer(_PAGE.format(feed=feed, entry=entry, paragraphs=paragraphs).encode(), "text/html")

    def _answer(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(entries: int, latency_ms: float) -> None:
    """The server (--serve, in the process `feed_server` starts): prints its port, then serves
    until its stdin closes, which it does when the benchmark ends, however it ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches both: the benchmark ends this
    Handler.entries, Handler.latency = entries, latency_ms / 1000
    ThreadingHTTPServer.request_queue_size = 1024  # the default, 5, drops connections beyond it
    server = ThreadingHTTPServer(("0.0.0.0", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()


def requests(port: int) -> int:
    """How many requests the server has answered so far."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/count")
        return int(connection.getresponse().read())
    finally:
        connection.close()


@contextmanager
def feed_server(entries: int, latency_ms: float) -> Iterator[int]:
    """This file run with --serve in a process of its own, ended on leaving; yields its port."""
    command = [sys.executable, __file__, "--serve", f"--entries={entries}", f"--latency-ms={latency_ms}"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None
    try:
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the feed server did not start (it said {port!r})")
        yield int(port)
    finally:
        process.stdin.close()  # the server's cue to end
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--workers", type=int, help="hosts asked at once (default: as the reader asks)")
    parser.add_argument("--reader", action="store_true", help="then R in the reader, on the same feeds")
    parser.add_argument("--reader-seconds", type=float, default=600, help="the longest R is waited for")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.entries, args.latency_ms)
        return 0
    with feed_server(args.entries, args.latency_ms) as port:
        setting = f"{args.feeds} feeds x {args.entries} entries, {args.latency_ms:g} ms per answer"
        feed_workers, page_workers = (FEED_WORKERS, WORKERS) if args.workers is None else (args.workers,) * 2
        print(f"{setting}; hosts asked at once: {feed_workers} for the feeds, {page_workers} for the pages")
        made = _updates(port, args.feeds, feed_workers, page_workers)
        if args.reader:
            _print_reader(asyncio.run(_reader_update(port, args.feeds, made, args.reader_seconds)))
    return 0


def _updates(port: int, feeds: int, feed_workers: int, page_workers: int) -> int:
    """The first and second updates, printed; returns how many articles the entries made."""
    print("run | feeds s | pages s | requests | new entries | feed errors | pages fetched | page errors")
    with tempfile.TemporaryDirectory() as data_dir, Subscriptions.open(data_dir) as subscriptions:
        for feed in range(feeds):
            subscriptions.add(feed_url(port, feed))
        for label in ("first update", "second update, nothing changed"):
            asked = requests(port)
            started = time.perf_counter()
            outcomes = subscriptions.update(feed_workers)
            feeds_done = time.perf_counter()
            texts, failed = subscriptions.fetch_full_texts(page_workers)
            ended, asked = time.perf_counter(), requests(port) - asked
            new = sum(outcome.new for outcome in outcomes)
            errors = sum(1 for outcome in outcomes if outcome.error)
            times = f"{feeds_done - started:.2f} | {ended - feeds_done:.2f}"
            print(f"{label} | {times} | {asked} | {new} | {errors} | {texts} | {failed}")
        articles, _ = subscriptions.articles()
    print(f"articles made from the entries: {len(articles)}")
    return len(articles)


@dataclass
class ReaderRun:
    feeds: int
    expected: int  # the articles the feeds' entries made (in the first part)
    keys: list[float] = field(default_factory=list)  # ms from each key sent to its frame
    first_listed: float | None = None  # seconds from R sent to the frames
    all_listed: float | None = None
    listed: int = 0  # the feeds' entries listed at the end


@dataclass
class _Watch:
    """What the frames drawn are watched for."""

    moves: int = 0  # cursor moves the list has made for the keys
    awaited: int | None = None  # the moves the key just sent waits for
    drawn: float | None = None  # when the first frame after them was drawn
    rows: int = SEEDS  # the rows listed at the last frame


async def _reader_update(port: int, feeds: int, expected: int, seconds: float) -> ReaderRun:
    """R in the reader on a fresh subscription to every feed, with j and k meanwhile."""
    from textual._compositor import CompositorUpdate

    from flagreader.model import Corpus
    from flagreader.ui.app import FlagreaderApp
    from flagreader.ui.widgets import ArticleList

    with tempfile.TemporaryDirectory() as data_dir:
        with Subscriptions.open(data_dir) as subscriptions:
            for feed in range(feeds):
                subscriptions.add(feed_url(port, feed))
        seeds = flagreader.load_corpus(extract=False)
        seeded = seeds.articles[:SEEDS]
        app = FlagreaderApp(corpus=Corpus(articles=seeded), data_dir=data_dir, feeds=True)
        run, wait, display = ReaderRun(feeds, expected), _Watch(), app._display
        started: float | None = None  # when R was sent

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if not isinstance(renderable, CompositorUpdate):
                return
            renderable.render_segments(app.console)  # what a real terminal driver would do
            drawn = time.perf_counter()
            if wait.awaited is not None and wait.moves >= wait.awaited:
                wait.awaited, wait.drawn = None, drawn
            if started is None or articles.option_count == wait.rows:
                return
            wait.rows = articles.option_count  # the feeds' entries listed: the rows but the seeds'
            run.listed = wait.rows - sum(articles.position_of(seed.id) is not None for seed in seeded)
            if run.first_listed is None and run.listed > 0:
                run.first_listed = drawn - started
            if run.all_listed is None and run.listed >= run.expected:
                run.all_listed = drawn - started

        def counted(action: Callable[[], None]) -> Callable[[], None]:
            def moved() -> None:
                action()
                wait.moves += 1

            return moved

        async with app.run_test(size=(120, 36)) as pilot:
            articles = app.query_one(ArticleList)
            app._display = timed_display  # type: ignore[method-assign]
            for action in ("action_cursor_down", "action_cursor_up"):  # j and k
                setattr(articles, action, counted(getattr(articles, action)))
            while articles.option_count < SEEDS or any(worker.is_running for worker in app.workers):
                await pilot.pause(0.05)  # the seeds listed, nothing running yet
            started, updating, ended, key = _send(app, "R"), False, False, "j"
            while run.all_listed is None and not ended and time.perf_counter() - started < seconds:
                running = any(worker.is_running for worker in app.workers)
                ended = updating and not running  # then a last key: its frame shows what R listed
                updating = updating or running
                wait.awaited, wait.drawn = wait.moves + 1, None
                sent = _send(app, key)
                while wait.drawn is None and time.perf_counter() - sent < 10:
                    await asyncio.sleep(0.0005)
                run.keys.append(float("inf") if wait.drawn is None else (wait.drawn - sent) * 1000)
                key = "k" if key == "j" else "j"
                await asyncio.sleep(max(0.0, sent + 0.05 - time.perf_counter()))
            wait.awaited = None
    return run


def _send(app: Any, key: str) -> float:
    """`key` sent the way the terminal driver sends it (not Pilot.press, which waits for the
    app to go idle); returns when, by time.perf_counter."""
    from textual import events

    event = events.Key(key, key)
    event.set_sender(app)
    sent = time.perf_counter()
    app._driver.send_message(event)
    return sent


def _print_reader(run: ReaderRun) -> None:
    keys = sorted(run.keys) or [float("nan")]
    ms = f"{statistics.median(keys):.1f} | {keys[int(0.95 * (len(keys) - 1))]:.1f} | {keys[-1]:.1f}"
    first, every = ("-" if at is None else f"{at:.2f}" for at in (run.first_listed, run.all_listed))
    listed = f"{run.listed} of {run.expected}"
    print(
        "reader | key to frame p50 ms | p95 ms | max ms | keys"
        " | R to first new entry listed s | R to all entries listed s | listed"
    )
    print(f"R, {run.feeds} feeds | {ms} | {len(run.keys)} | {first} | {every} | {listed}")


if __name__ == "__main__":
    sys.exit(main())
