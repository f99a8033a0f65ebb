"""Subscriptions to feeds (`flagreader feeds ...`), against a local HTTP server: no test
reaches the internet. Each bad case gives a clear message, leaves other feeds alone and loses
no entry."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import time
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import flagreader
from flagreader import feed_fetching, feed_pages
from flagreader import feeds as feeds_module
from flagreader.cli import main
from flagreader.feeds import FEEDS_DATABASE, FeedProblem, Subscriptions, checked_url


def rss(*items: tuple[str, str, str], title: str = "Under The Black Flag") -> str:
    """An RSS 2.0 feed of (guid, title, summary) items, as a blog publishes its posts."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{name}</title><link>http://blog.example/{guid}</link>"
        f"<author>Joanna Paraszczuk</author><description>{summary}</description></item>"
        for guid, name, summary in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'


def answer_a_post(handler: BaseHTTPRequestHandler) -> None:
    """Answer a request to a test server of the standard library with a feed of one post."""
    body = rss((handler.path, "Post", "text")).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def seed_feed(whole: bool = False) -> str:
    """The two seed posts as the blog's feed would list them: with summaries, or (`whole`)
    with their whole text as HTML paragraphs."""
    posts = flagreader.load_corpus(extract=False).articles
    items = []
    for number, post in enumerate(posts):
        paragraphs = [post.body[p.start : p.end] for p in post.paragraphs] if whole else [post.body[:200]]
        html = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
        items.append((f"post-{number}", escape(post.title), escape(html)))
    return rss(*items)


def test_a_blogs_feed_is_subscribed_updated_and_listed(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(seed_feed(), content_type="application/rss+xml")
    with Subscriptions.open(tmp_path) as subscriptions:
        url = subscriptions.add(httpserver.url_for("/feed.xml"), title="Black Flag")
        (outcome,) = subscriptions.update()
        assert (outcome.url, outcome.new, outcome.error) == (url, 2, None)
        (row,) = subscriptions.feeds()
        assert (row.title, row.entries, row.unread, row.error) == ("Black Flag", 2, 2, None)
        assert row.updated is not None
    request = httpserver.log[0][0]
    assert request.headers["User-Agent"].startswith("flagreader ")
    assert (tmp_path / FEEDS_DATABASE).exists()


def test_a_second_update_with_nothing_changed_sends_a_conditional_request(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    feed = seed_feed()

    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(feed, headers={"ETag": '"v1"', "Content-Type": "application/rss+xml"})

    httpserver.expect_request("/feed.xml").respond_with_handler(conditional)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
        (outcome,) = subscriptions.update()
        assert (outcome.new, outcome.error) == (0, None)
        assert subscriptions.feeds()[0].entries == 2
    assert [request.headers.get("If-None-Match") for request, _ in httpserver.log] == [None, '"v1"']


@pytest.mark.parametrize(
    ("status", "said"),
    [(404, "HTTP 404 (not found)"), (500, "HTTP 500 (internal server error)"), (410, "gone (HTTP 410)")],
)
def test_a_feed_that_fails_keeps_its_entries_and_shows_why(
    tmp_path: Path, httpserver: HTTPServer, status: int, said: str
) -> None:
    answers = [Response(seed_feed()), Response("no", status=status)]
    httpserver.expect_request("/feed.xml").respond_with_handler(lambda request: answers.pop(0))
    httpserver.expect_request("/other.xml").respond_with_data(rss(("a", "Another", "text")))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
        subscriptions.add(httpserver.url_for("/other.xml"))
        outcomes = {outcome.url.rsplit("/", 1)[1]: outcome for outcome in subscriptions.update()}
        assert outcomes["feed.xml"].error is not None and outcomes["feed.xml"].error.startswith(said)
        assert outcomes["other.xml"].error is None and outcomes["other.xml"].new == 1
        rows = {row.url.rsplit("/", 1)[1]: row for row in subscriptions.feeds()}
        assert rows["feed.xml"].entries == 2 and rows["feed.xml"].error is not None
        assert rows["feed.xml"].error.startswith(said)


def test_a_feed_that_fails_rests_longer_each_time_before_it_is_asked_again(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    answers = [Response("down", status=503), Response("down", status=503), Response(seed_feed())]
    httpserver.expect_request("/feed.xml").respond_with_handler(lambda request: answers.pop(0))
    httpserver.expect_request("/other.xml").respond_with_data(rss(("a", "Another", "text")))
    with Subscriptions.open(tmp_path) as subscriptions:
        failing, other = (subscriptions.add(httpserver.url_for(path)) for path in ("/feed.xml", "/other.xml"))
        started = time.time()
        (first,) = [outcome for outcome in subscriptions.update() if outcome.url == failing]
        assert first.error is not None and first.resting_until is None
        rests = {row.url: row.resting_until for row in subscriptions.feeds()}
        assert rests[other] is None and rests[failing] is not None
        rested = rests[failing].timestamp() - started
        assert feeds_module.BACKOFF_SECONDS - 5 <= rested <= feeds_module.BACKOFF_SECONDS + 5
        outcomes = {outcome.url: outcome for outcome in subscriptions.update()}
        assert outcomes[failing].resting_until == rests[failing] and outcomes[other].resting_until is None
        assert "1 failing feed left to rest" in feeds_module.said_of_update(list(outcomes.values()), 0)
        assert [request.path for request, _ in httpserver.log].count("/feed.xml") == 1  # not asked
        (second,) = [outcome for outcome in subscriptions.update(rested=True) if outcome.url == failing]
        assert second.error is not None
        twice = {row.url: row.resting_until for row in subscriptions.feeds()}[failing]
        assert twice is not None and twice.timestamp() - time.time() > 2 * feeds_module.BACKOFF_SECONDS - 10
        subscriptions.update(rested=True)
        assert {row.url: row.resting_until for row in subscriptions.feeds()}[failing] is None
        assert [outcome.resting_until for outcome in subscriptions.update()] == [None, None]


def test_a_feed_whose_rest_has_ended_is_asked_again(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds_module, "BACKOFF_SECONDS", 0)  # every rest is over at once
    answers = [Response("down", status=503), Response(seed_feed())]
    httpserver.expect_request("/feed.xml").respond_with_handler(lambda request: answers.pop(0))
    with Subscriptions.open(tmp_path) as subscriptions:
        url = subscriptions.add(httpserver.url_for("/feed.xml"))
        (failed,) = subscriptions.update()
        assert failed.error is not None
        (mended,) = subscriptions.update()
        assert (mended.error, mended.new, mended.resting_until) == (None, 2, None)
        (row,) = subscriptions.feeds()
        assert (row.url, row.error, row.resting_until) == (url, None, None)


def test_feeds_of_one_host_are_asked_one_at_a_time(tmp_path: Path) -> None:
    """Two hosts, three feeds each, eight workers: each host answers one request at a time,
    both hosts are asked at once, and none fails."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    lock, busy, most, overlap = threading.Lock(), {}, {}, []

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            host = self.headers["Host"].split(":")[0]
            with lock:
                busy[host] = busy.get(host, 0) + 1
                most[host] = max(most.get(host, 0), busy[host])
                overlap.append(len([count for count in busy.values() if count]))
            time.sleep(0.15)
            with lock:
                busy[host] -= 1
            answer_a_post(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with Subscriptions.open(tmp_path) as subscriptions:
            for host in ("127.0.0.1", "localhost"):
                for number in range(3):
                    subscriptions.add(f"http://{host}:{server.server_address[1]}/{number}.xml")
        # Updated as `feeds update` does, in a process of its own: reader sets its parser up in
        # the first thread that uses it, and the others must not find it bare meanwhile.
        command = [sys.executable, "-m", "flagreader", "feeds", "update", "--workers", "8"]
        done = subprocess.run([*command, "--data-dir", str(tmp_path)], capture_output=True, text=True)
        with Subscriptions.open(tmp_path) as subscriptions:
            errors = [row.error for row in subscriptions.feeds()]
    finally:
        server.shutdown()
    assert done.returncode == 0 and "6 new entries from 6 feeds\n" in done.stderr, done.stderr
    assert errors == [None] * 6
    assert most == {"127.0.0.1": 1, "localhost": 1}
    assert max(overlap) == 2


def test_each_host_asked_at_once_keeps_its_connection(tmp_path: Path) -> None:
    """Twelve hosts (servers on twelve ports), two feeds each, twelve asked at once: each
    host's second feed comes over the connection its first opened (Requests alone keeps the
    connections of ten hosts, and dropped the others' as the twelve were asked)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    connections: set[tuple[int, int]] = set()

    class KeptAlive(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            connections.add((self.server.server_address[1], self.client_address[1]))
            time.sleep(0.02)
            answer_a_post(self)

        def log_message(self, *args: object) -> None:
            pass

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), KeptAlive) for _ in range(12)]
    for server in servers:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        with Subscriptions.open(tmp_path) as subscriptions:
            for server in servers:
                for number in range(2):
                    subscriptions.add(f"http://127.0.0.1:{server.server_address[1]}/{number}.xml")
            outcomes = subscriptions.update(workers=12)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    assert [outcome.error for outcome in outcomes] == [None] * 24
    assert len(connections) == 12


def test_an_update_stopped_asks_no_more_feeds(tmp_path: Path, httpserver: HTTPServer) -> None:
    """R cancelled: the caller stops reading the outcomes. The feed under way is answered and
    no other is asked (four feeds of one host, asked one after another, 0.2 s each)."""

    def slowly(request: Request) -> Response:
        time.sleep(0.2)
        return Response(rss(("a", "A", "text")), content_type="application/rss+xml")

    for number in range(4):
        httpserver.expect_request(f"/{number}.xml").respond_with_handler(slowly)
    with Subscriptions.open(tmp_path) as subscriptions:
        for number in range(4):
            subscriptions.add(httpserver.url_for(f"/{number}.xml"))
        updates = subscriptions.updates()
        first = next(updates)
        assert first.error is None
        updates.close()
        time.sleep(0.5)  # time enough for two more feeds, were they asked
    assert len(httpserver.log) == 2


def test_a_database_failure_stops_the_update_with_a_clear_message(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """Storing a feed fails (as a database locked too long would): the update ends with a
    FeedProblem saying why, not reader's exception, and no host is left being asked."""
    import threading

    from reader import StorageError

    for number in range(6):
        httpserver.expect_request(f"/{number}.xml").respond_with_data(rss((f"{number}", "A", "text")))
    with Subscriptions.open(tmp_path) as subscriptions:
        for number in range(6):
            subscriptions.add(httpserver.url_for(f"/{number}.xml"))
        storage = subscriptions._reader._storage
        store = storage.update_feed

        def update_feed(intent: object) -> None:
            if str(getattr(intent, "url", "")).endswith("/3.xml"):
                raise StorageError(message="database is locked")
            store(intent)

        storage.update_feed = update_feed
        with pytest.raises(FeedProblem, match="^the update stopped: database is locked$"):
            subscriptions.update(workers=1)
        assert [thread for thread in threading.enumerate() if thread.name.startswith("hosts")] == []


def test_bad_answers_are_refused_with_a_clear_message(tmp_path: Path, httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b" " * (40 * 2**20))  # 40 KB that unpack to 40 MB
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/rss+xml"
    )
    httpserver.expect_request("/huge").respond_with_data(b"<rss>" + b" " * (17 * 2**20))
    httpserver.expect_request("/page").respond_with_data(
        "<html><body><p>A page, not a feed</p></body></html>", content_type="text/html"
    )
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with Subscriptions.open(tmp_path) as subscriptions:
        for name in ("bomb", "huge", "page", "loop"):
            subscriptions.add(httpserver.url_for(f"/{name}"))
        errors = {outcome.url.rsplit("/", 1)[1]: outcome.error for outcome in subscriptions.update()}
    assert errors["bomb"] == errors["huge"] == "the response is larger than 16 MB: refused"
    assert errors["page"] is not None and errors["page"].startswith("not a feed")
    assert errors["loop"] is not None and "redirects" in errors["loop"].lower()


def test_a_malformed_feed_gives_what_it_can_and_says_where(tmp_path: Path, httpserver: HTTPServer) -> None:
    """XML that is not well-formed (feedparser's "bozo" feeds) is read by feedparser's forgiving
    parser: its entries are kept, and the feed says where it was malformed until it is mended
    (a "not modified" answer does not mend it). A feed with nothing to read in it fails with
    the error, and keeps the entries it had."""
    broken = rss(("a", "Fish & chips", "An unescaped ampersand"), ("b", "Second", "fine"))
    answers = [
        Response(seed_feed()),
        Response(broken, content_type="application/rss+xml"),
        Response(status=304),
        Response('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut sh', content_type="text/xml"),
        Response(seed_feed()),
    ]
    httpserver.expect_request("/feed.xml").respond_with_handler(lambda request: answers.pop(0))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
        (outcome,) = subscriptions.update()
        assert (outcome.error, outcome.new) == (None, 2)
        assert outcome.malformed is not None and outcome.malformed.startswith(
            "malformed XML at line 1, column "
        )
        (row,) = subscriptions.feeds()
        assert (row.entries, row.malformed, row.error) == (4, outcome.malformed, None)
        assert "Fish & chips" in {article.title for article in subscriptions.articles()[0]}
        (unchanged,) = subscriptions.update()
        assert (unchanged.error, unchanged.new, subscriptions.feeds()[0].malformed) == (
            None,
            0,
            row.malformed,
        )
        (outcome,) = subscriptions.update(rested=True)
        assert outcome.error is not None and outcome.error.startswith("malformed XML at line 1, column ")
        assert subscriptions.feeds()[0].entries == 4
        subscriptions.update(rested=True)
        (row,) = subscriptions.feeds()
        assert (row.entries, row.malformed, row.error) == (4, None, None)


def test_a_server_that_hangs_times_out(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_fetching, "TIMEOUT_SECONDS", (1.0, 0.5))
    monkeypatch.setattr(feed_pages, "TIMEOUT_SECONDS", (1.0, 0.5))

    def hang(request: Request) -> Response:
        time.sleep(2)
        return Response(seed_feed())

    httpserver.expect_request("/slow").respond_with_handler(hang)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/slow"))
        (outcome,) = subscriptions.update()
    assert outcome.error == "timed out: the server stopped answering for 0.5 s"


@pytest.mark.parametrize(
    ("message", "wording"),
    [
        (
            "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: /f.xml (Caused by "
            "NewConnectionError(\"HTTPConnection(host='127.0.0.1', port=9): Failed to establish a new "
            'connection: [Errno 111] Connection refused"))',
            "the server refused the connection",
        ),
        (
            "HTTPConnectionPool(host='nonexistent.invalid', port=80): Max retries exceeded with url: /f.xml "
            "(Caused by NameResolutionError(\"HTTPConnection(host='nonexistent.invalid', port=80): Failed "
            "to resolve 'nonexistent.invalid' ([Errno -2] Name or service not known)\"))",
            "the site's name was not found (no such site, or no network)",
        ),
        (
            "HTTPSConnectionPool(host='a.example', port=443): Max retries exceeded with url: / (Caused by "
            "ConnectTimeoutError(<HTTPSConnection object>, 'Connection to a.example timed out. (connect "
            "timeout=5.0)'))",
            "timed out: no connection to the server within 5 s",
        ),
        (
            "HTTPSConnectionPool(host='a.example', port=443): Max retries exceeded with url: / (Caused by "
            "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
            "failed: self-signed certificate (_ssl.c:1006)')))",
            "the site's certificate could not be checked (HTTPS failed)",
        ),
        (
            "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
            "the server broke the connection off",
        ),
    ],
)
def test_a_connection_that_fails_is_said_in_words(message: str, wording: str) -> None:
    assert feed_fetching.said(f"error while retrieving feed: 'http://a.example/f.xml': {message}") == wording


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/feed.xml", "javascript:alert(1)", "/etc/passwd", "file:///etc/passwd", "http://"],
)
def test_only_http_feeds_are_followed_unless_a_file_is_asked_for(url: str) -> None:
    with pytest.raises(FeedProblem):
        checked_url(url)


def test_a_local_feed_file_is_read_when_asked_for(tmp_path: Path) -> None:
    feed = tmp_path / "seeds.xml"
    feed.write_text(seed_feed(), encoding="utf-8")
    assert checked_url(str(feed), allow_files=True) == feed.as_uri()
    with Subscriptions.open(tmp_path / "data", allow_files=True) as subscriptions:
        subscriptions.add(str(feed))
        (outcome,) = subscriptions.update()
        assert (outcome.new, outcome.error) == (2, None)


def test_opml_goes_in_and_out_and_what_cannot_be_followed_is_skipped(tmp_path: Path) -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
<outline text="Black Flag" title="Black Flag" type="rss" xmlUrl="https://blog.example/feed.xml"/>
<outline text="News" type="rss" xmlUrl="http://news.example/rss"/>
<outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
</body></opml>"""
    with Subscriptions.open(tmp_path) as subscriptions:
        added, skipped = subscriptions.import_opml(opml)
        assert added == 2 and len(skipped) == 1 and "only http and https" in skipped[0]
        assert subscriptions.import_opml(opml)[0] == 0  # already subscribed: nothing twice
        exported = subscriptions.export_opml()
    assert b"https://blog.example/feed.xml" in exported and b"http://news.example/rss" in exported
    with Subscriptions.open(tmp_path / "other") as other:
        assert other.import_opml(exported)[0] == 2
    with Subscriptions.open(tmp_path / "third") as third, pytest.raises(FeedProblem):
        third.import_opml(b"not an opml file")


def test_a_damaged_feeds_database_is_moved_aside_and_reported(tmp_path: Path) -> None:
    (tmp_path / FEEDS_DATABASE).write_bytes(b"this is not a database, but it is somebody's file" * 100)
    with Subscriptions.open(tmp_path) as subscriptions:
        assert subscriptions.problem is not None and "moved aside" in subscriptions.problem
        assert subscriptions.feeds() == []
    aside = [path for path in tmp_path.iterdir() if path.name.startswith(f"{FEEDS_DATABASE}.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")


def test_a_second_damaged_feeds_database_does_not_replace_the_first_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damaged twice within the same second: both are kept aside (the second rename used to
    take the first one's name, and replaced it)."""
    from flagreader import dbfiles

    monkeypatch.setattr(dbfiles, "stamp", lambda: "20261130-120000")
    for text in (b"the first damaged file", b"the second damaged file"):
        (tmp_path / FEEDS_DATABASE).write_bytes(text * 100)
        with Subscriptions.open(tmp_path) as subscriptions:
            assert subscriptions.problem is not None and "moved aside" in subscriptions.problem
    aside = sorted(path.read_bytes() for path in tmp_path.iterdir() if ".corrupt-" in path.name)
    assert aside == [b"the first damaged file" * 100, b"the second damaged file" * 100]


def test_the_feeds_command_lists_hostile_titles_as_text(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = {  # a JSON Feed: JSON can carry control characters that XML cannot
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Evil \x1b[2J\x1b]52;c;aGk=\x07 [b]title[/b]",
        "items": [{"id": "a", "title": "A post", "content_text": "text"}],
    }
    httpserver.expect_request("/feed.xml").respond_with_json(hostile)
    data = ["--data-dir", str(tmp_path)]
    assert main(["feeds", "add", httpserver.url_for("/feed.xml"), *data]) == 0
    assert main(["feeds", "update", *data]) == 0
    assert main(["feeds", "list", *data]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil \\x1b[2J\\x1b]52;c;aGk=\\x07 [b]title[/b]" in out
    assert main(["feeds", "add", "ftp://x.example/feed", *data]) == 1
    assert "only http and https" in capsys.readouterr().err
    assert main(["feeds", "remove", httpserver.url_for("/feed.xml"), *data]) == 0
    assert main(["feeds", "remove", httpserver.url_for("/feed.xml"), *data]) == 1


def test_entries_become_articles_that_are_extracted_searched_and_cited_by_their_url(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(seed_feed(whole=True))
    data = ["--data-dir", str(tmp_path)]
    assert main(["feeds", "add", httpserver.url_for("/feed.xml"), *data]) == 0
    assert main(["feeds", "update", *data]) == 0
    with Subscriptions.open(tmp_path) as subscriptions:
        articles, empty = subscriptions.articles()
    assert empty == 0 and len(articles) == 2
    first = next(a for a in articles if a.source == "http://blog.example/post-0")
    seed = flagreader.load_corpus(extract=False).articles[0]
    assert (first.title, first.blog, first.author) == (
        seed.title,
        "Under The Black Flag",
        "Joanna Paraszczuk",
    )
    assert [first.body[p.start : p.end] for p in first.paragraphs][:3] == [
        seed.body[p.start : p.end] for p in seed.paragraphs
    ][:3]
    capsys.readouterr()
    assert main(["--feeds", "--list", *data]) == 0
    assert "[http://blog.example/post-0]" in capsys.readouterr().out
    assert main(["extract", "--feeds", "--json", *data]) == 0
    extracted = json.loads(capsys.readouterr().out)
    assert "Nurgali Bilisbekov" in {official["name"] for official in extracted["officials"]}
    assert main(["search", "bilisbekov deceived", "--feeds", *data]) == 0
    assert "http://blog.example/post-0" in capsys.readouterr().out
    assert main(["--feeds", "seeds", "--list", *data]) == 2  # files or feeds, not both


def test_entries_are_extracted_once_and_again_when_their_text_changes(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What extraction finds in the entries is kept in the data folder: opening the feeds a
    second time extracts nothing and gives the same officials, figures and quotes; an entry
    whose text changed is extracted again, and it alone."""
    from flagreader import extract_process
    from flagreader.feeds_cli import load_feed_corpus
    from flagreader.model import Corpus

    posts = [seed_feed(whole=True)]
    httpserver.expect_request("/feed.xml").respond_with_handler(lambda request: Response(posts[-1]))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
    first = load_feed_corpus(str(tmp_path))
    assert all(article.extracted for article in first.articles)
    extracted: list[str] = []

    def counting(extracting: Any) -> Any:
        def counted(corpus: Corpus, *args: object, **kwargs: object) -> object:
            extracted.extend(article.title for article in corpus.articles if not article.extracted)
            return extracting(corpus, *args, **kwargs)

        return counted

    for name in ("extract_corpus_in_process", "extract_corpus"):  # on every core, or in this process
        monkeypatch.setattr(extract_process, name, counting(getattr(extract_process, name)))
    again = load_feed_corpus(str(tmp_path))
    assert extracted == []
    found = [(a.id, a.officials, a.figures, a.quotes, a.dates, a.people) for a in first.articles]
    assert [(a.id, a.officials, a.figures, a.quotes, a.dates, a.people) for a in again.articles] == found
    posts.append(posts[0].replace("Bilisbekov", "Bilisbekov himself", 1))  # the blog mends a post
    with Subscriptions.open(tmp_path) as subscriptions:
        (outcome,) = subscriptions.update()
    assert outcome.modified == 1
    mended = load_feed_corpus(str(tmp_path))
    assert len(extracted) == 1 and all(article.extracted for article in mended.articles)
    # The same words in other paragraphs (the same article id): what was found before would
    # point at the wrong places; it is extracted again, and each quote is where its text is.
    posts.append(posts[-1].replace("&lt;/p&gt;&lt;p&gt;", " ", 1))
    with Subscriptions.open(tmp_path) as subscriptions:
        (outcome,) = subscriptions.update()
    assert outcome.modified == 1
    joined = load_feed_corpus(str(tmp_path))
    assert len(extracted) == 2
    assert {a.id for a in joined.articles} == {a.id for a in mended.articles}
    for article in joined.articles:
        assert all(article.body[q.start : q.end] == q.text for q in article.quotes)


def test_a_damaged_cache_of_the_feeds_is_moved_aside_and_said(tmp_path: Path, httpserver: HTTPServer) -> None:
    from flagreader.feed_extracts import open_kept
    from flagreader.feeds_cli import load_feed_corpus

    httpserver.expect_request("/feed.xml").respond_with_data(seed_feed(whole=True))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
    load_feed_corpus(str(tmp_path))
    kept = open_kept(tmp_path)
    path = kept.path
    kept.close()
    path.write_bytes(b"not a database at all" * 100)
    corpus = load_feed_corpus(str(tmp_path))
    assert all(article.extracted for article in corpus.articles)
    assert any("moved aside" in notice.message for notice in corpus.notices)
    assert [p.name for p in path.parent.iterdir() if ".corrupt" in p.name]


def test_a_page_declaring_a_charset_nobody_knows_is_read_not_raised(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A page declaring "charset=bogus" made decoding raise LookupError in its fetching
    thread, which ended `feeds update` (and would have ended the reader): it is read as UTF-8
    instead."""
    post = flagreader.load_corpus(extract=False).articles[0]
    paragraphs = "".join(f"<p>{escape(post.body[p.start : p.end])}</p>" for p in post.paragraphs)
    page = f"<html><body><article><h1>{escape(post.title)}</h1>{paragraphs}</article></body></html>"
    feed = rss(("one", escape(post.title), "A summary.")).replace(
        "http://blog.example/one", httpserver.url_for("/posts/one")
    )
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/posts/one").respond_with_data(page, content_type="text/html; charset=bogus")
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
        assert subscriptions.fetch_full_texts() == (1, 0)
        (article,) = subscriptions.articles()[0]
    assert "Nurgali Bilisbekov" in article.body


def test_an_entry_with_only_a_summary_gets_its_pages_main_text_once(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The summary feed of the seed posts links each post's page: the page is fetched once
    (one at a time for the one host), its main text becomes the article's body; a page that
    fails keeps the summary and is not asked for again."""
    seeds = flagreader.load_corpus(extract=False).articles
    post = seeds[0]
    paragraphs = "".join(f"<p>{escape(post.body[p.start : p.end])}</p>" for p in post.paragraphs)
    page = (
        f"<html><head><title>{escape(post.title)}</title></head><body><nav>Home | About</nav>"
        f"<article><h1>{escape(post.title)}</h1>{paragraphs}</article><footer>RFE/RL</footer></body></html>"
    )
    feed = (
        rss(
            ("one", escape(post.title), escape(f"<p>{escape(post.body[:150])}</p>")),
            ("two", escape(seeds[1].title), escape(f"<p>{escape(seeds[1].body[:150])}</p>")),
        )
        .replace("http://blog.example/one", httpserver.url_for("/posts/one"))
        .replace("http://blog.example/two", httpserver.url_for("/posts/two"))
    )
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/posts/one").respond_with_data(page, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/posts/two").respond_with_data("gone", status=404)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
        assert subscriptions.fetch_full_texts() == (1, 1)
        assert subscriptions.fetch_full_texts() == (0, 0)  # once: neither is asked for again
        articles = {article.source.rsplit("/", 1)[1]: article for article in subscriptions.articles()[0]}
    assert "Nurgali Bilisbekov" in articles["one"].body and len(articles["one"].paragraphs) > 5
    assert "Home | About" not in articles["one"].body  # the page's main text, not its frame
    assert articles["two"].body == " ".join(seeds[1].body[:150].split())  # the summary stays
    pages = [request.path for request, _ in httpserver.log if request.path.startswith("/posts/")]
    assert sorted(pages) == ["/posts/one", "/posts/two"]
    assert all(request.headers["User-Agent"].startswith("flagreader ") for request, _ in httpserver.log)


def test_an_export_of_hostile_feeds_is_valid_xml_with_no_control_character_and_restores_whole(
    tmp_path: Path, httpserver: HTTPServer, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A feed's title is the feed's to choose: reader's export wrote it raw, so `feeds export`
    on a terminal set the clipboard (OSC 52) and the window title, and the file did not parse
    as XML (a backup that restored nothing)."""
    title = 'Evil \x1b]52;c;cm0gLXJmIH4vKg==\x07\x1b]0;pwned\x07 & <b> "q" \u202eright\x9b\x85 \u200fx\ty'
    hostile = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": "http://blog.example/?a=1&b=\x1b[2J",
        "description": "About \x1b[31mred\x1b[0m\nlines",
        "items": [{"id": "a", "title": "A post", "content_text": "text"}],
    }
    httpserver.expect_request("/feed.json").respond_with_json(hostile)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["feeds", "add", httpserver.url_for("/feed.json"), *data]) == 0
    assert main(["feeds", "update", *data]) == 0
    capsysbinary.readouterr()
    assert main(["feeds", "export", *data]) == 0
    exported = capsysbinary.readouterr().out
    assert not set(exported) & (set(range(0x20)) - {0x0A}), "a C0 control character went out raw"
    text = exported.decode("utf-8")
    assert not re.search("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)
    import xml.etree.ElementTree as ElementTree

    (outline,) = ElementTree.fromstring(exported).iter("outline")  # strict XML 1.0
    kept = 'Evil ]52;c;cm0gLXJmIH4vKg==]0;pwned & <b> "q" \u202eright\x9b\x85 \u200fx\ty'
    assert outline.get("title") == kept and outline.get("xmlUrl") == httpserver.url_for("/feed.json")
    assert outline.get("htmlUrl") == "http://blog.example/?a=1&b=[2J"
    assert outline.get("description") == "About [31mred[0m\nlines"
    backup = tmp_path / "backup.opml"
    backup.write_bytes(exported)
    restored = ["--data-dir", str(tmp_path / "restored")]
    assert main(["feeds", "import", str(backup), *restored]) == 0
    with Subscriptions.open(tmp_path / "restored") as subscriptions:
        (row,) = subscriptions.feeds()
    assert (row.url, row.title) == (httpserver.url_for("/feed.json"), kept)


def test_the_feeds_index_is_kept_between_runs(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, index_builds: list[int]
) -> None:
    """The entries' search index is kept in the feeds' cache: a second run indexes nothing, and
    finds what the first found (it was made anew at every launch: seconds at 4,000 entries)."""
    from flagreader.feeds_cli import load_feed_corpus
    from flagreader.kept_index import KeptIndex

    httpserver.expect_request("/feed.xml").respond_with_data(seed_feed(whole=True))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update()
    added: list[int] = []
    add = KeptIndex.add

    def counted(self: KeptIndex, parts: list[Any]) -> int:
        added.append(sum(part.size for part in parts))
        return add(self, parts)

    monkeypatch.setattr(KeptIndex, "add", counted)
    first = load_feed_corpus(str(tmp_path), index=True)
    assert added == [2]
    found = [(hit.article.title, hit.score) for hit in first.search("bilisbekov deceived", 5)]
    second = load_feed_corpus(str(tmp_path), index=True)
    assert added == [2] and index_builds == []  # nothing indexed the second time
    assert [(hit.article.title, hit.score) for hit in second.search("bilisbekov deceived", 5)] == found
