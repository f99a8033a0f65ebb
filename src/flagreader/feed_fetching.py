"""How flagreader fetches and parses feeds, on `reader`: the politeness and the limits a reader
that fetches from anywhere needs (a User-Agent naming flagreader, a timeout per request, at most
5 redirects, a size limit on every response counted after decompression, so that a gzip bomb is
refused once it has unpacked that much, not unpacked whole), feedparser's "bozo" feeds read for
what they hold, an id of its own for every entry, and errors worded for the user."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import xml.sax
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flagreader.hosts import host_map
from flagreader.textsafe import terminal_safe_line

MAX_RESPONSE_BYTES = 16 * 2**20
"""The most a feed's response may hold once decompressed."""

TIMEOUT_SECONDS = (5.0, 30.0)
"""To connect, and between two reads of a response."""

MAX_REDIRECTS = 5

USER_AGENT = "flagreader (terminal feed and article reader; +https://pypi.org/project/reader/)"


class ResponseTooLarge(OSError):
    """A response held more than `MAX_RESPONSE_BYTES` (decompressed)."""


class _Capped:
    """A response's body, read through: more than `limit` bytes raises `ResponseTooLarge`.
    It stands for urllib3's raw response, which reader and feedparser read from."""

    def __init__(self, raw: Any, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._read = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:  # decode_content and the like: urllib3's own
            setattr(self._raw, name, value)

    def read(self, amount: int | None = None, *args: Any, **kwargs: Any) -> bytes:
        if amount is None or amount < 0:  # all of it: a chunk at a time, counted
            return b"".join(iter(lambda: self.read(2**16), b""))
        data: bytes = self._raw.read(amount, *args, **kwargs)
        self._read += len(data)
        if self._read > self._limit:
            raise ResponseTooLarge(f"the response is larger than {self._limit // 2**20} MB: refused")
        return data

    def stream(self, amount: int = 2**16, *args: Any, **kwargs: Any) -> Iterator[bytes]:
        while chunk := self.read(amount):
            yield chunk


def _capped_response(session: Any, response: Any, request: Any, **kwargs: Any) -> None:
    """A response hook of reader's HTTP retriever: cap the body's size."""
    response.raw = _Capped(response.raw, MAX_RESPONSE_BYTES)


def polite(session: Any) -> None:
    """Make a Requests session fetch as flagreader does: its User-Agent, at most 5 redirects
    (the feeds' and the pages' alike)."""
    session.headers["User-Agent"] = USER_AGENT
    session.max_redirects = MAX_REDIRECTS


@dataclass
class Updating:
    """What flagreader's reader plugin shares with the update under way."""

    hosts_at_once: int
    """How many hosts the feeds are asked of at once (each host one request at a time)."""
    malformed: dict[str, str] = field(default_factory=dict)
    """Where each feed read in spite of malformed XML was malformed, by its URL."""
    retrieving: list[Generator[Any, None, None]] = field(default_factory=list)
    """The feeds being retrieved, host by host (see `stop`)."""

    def stop(self) -> None:
        """Stop retrieving: no host is asked for another feed. Returns once the requests under
        way have ended."""
        while self.retrieving:
            self.retrieving.pop().close()


def plugin(updating: Updating) -> Callable[[Any], None]:
    """A reader plugin: the feeds asked host by host, `updating.hosts_at_once` hosts at once;
    flagreader's User-Agent, timeouts, redirects and size limit; and feedparser's "bozo" feeds
    read for what they hold, where each was malformed in `updating.malformed`."""

    def plugin(reader: Any) -> None:
        def init_parser(parser: Any) -> None:
            from reader._parser.http import TimeoutHTTPAdapter

            retriever = parser.get_retriever("http://")  # reader's own set-up runs first
            polite(retriever.session)
            # a connection kept alive for each host asked at once (Requests keeps 10 hosts')
            adapter = TimeoutHTTPAdapter(retriever.timeout, pool_connections=updating.hosts_at_once)
            for scheme in ("http://", "https://"):
                retriever.session.mount(scheme, adapter)
            retriever.response_hooks.append(_capped_response)
            lenient = _lenient_parser(updating.malformed)
            for kind, parsers in parser.parsers_by_mime_type.items():
                parser.parsers_by_mime_type[kind] = [
                    (quality, lenient if type(one) is type(lenient).__base__ else one)
                    for quality, one in parsers
                ]

        reader._parser.lazy_init(init_parser)  # where reader's own plugins add retriever hooks
        reader._parser.parallel = _host_by_host(reader._parser, updating)

    return plugin


def _host_by_host(parser: Any, updating: Updating) -> Callable[..., Iterable[Any]]:
    """reader's `Parser.parallel`, which retrieves feeds with the map function it is given,
    given one that asks `updating.hosts_at_once` hosts at once, each one feed at a time,
    whatever reader gives (the builtin `map` with its default of one worker, or its own pool's,
    which would ask any feeds at once). Parsing, and everything reader does after, stays in the
    updating thread: one thread writes to the database."""
    parallel = parser.parallel

    def politely(feeds: Iterable[Any], map: Any = None) -> Iterable[Any]:
        # reader sets its parser up in the first thread to use it; the others would find no
        # retriever meanwhile and fail ("no retriever for URL"): set it up here first.
        parser.do_lazy_init()
        results: Iterable[Any] = parallel(feeds, retrieving)
        return results

    def retrieving(retrieve: Callable[[Any], Any], feeds: Iterable[Any]) -> Iterator[Any]:
        # each answer retrieved is kept in an open file until parsed: no more wait than hosts
        hosts = updating.hosts_at_once
        asking = host_map(hosts, _url_of, discard=_let_go, waiting=hosts)(retrieve, feeds)
        updating.retrieving.append(asking)
        return asking

    return politely


def _url_of(feed: Any) -> str:
    url: str = feed.url
    return url


def _let_go(retrieved: Any) -> None:
    """Close a feed retrieved that will not be parsed (the update stopped): reader keeps its
    answer in a temporary file until then."""
    with contextlib.suppress(Exception):
        if hasattr(retrieved.value, "__exit__"):  # else an exception: nothing held
            retrieved.value.__exit__(None, None, None)


def _lenient_parser(malformed: dict[str, str]) -> Any:
    """reader's feedparser parser, but a feed whose XML is not well-formed gives what
    feedparser's forgiving parser read of it (as feedparser means its "bozo" feeds to be used)
    instead of failing whole; where the XML was malformed goes to `malformed[url]`. A feed
    that gives no entry still fails with its error."""
    from reader._parser import feedparser as parsing

    class LenientParser(parsing.FeedparserParser):
        def __call__(self, url: str, resource: Any, headers: Any = None) -> Any:
            result = parsing.feedparser.parse(  # type: ignore[attr-defined]
                resource, resolve_relative_uris=True, sanitize_html=True, response_headers=headers or {}
            )
            _own_ids(result.get("entries", []))
            problem = result.get("bozo_exception") if result.get("bozo") else None
            if isinstance(problem, xml.sax.SAXException) and result.get("version") and result.get("entries"):
                malformed[url] = said(str(problem))
                result["bozo"] = False
            return parsing._process_feed(url, result)

    return LenientParser()


def _own_ids(entries: list[Any]) -> None:
    """Give every entry of a feed (feedparser's) an id of its own, so that none is lost: an
    entry with no id nor link (reader would drop it) gets one made from its title and text; a
    second entry with an id seen already in the feed gets "#2" after it (reader would keep only
    one of the two, and swap them at each update)."""
    import hashlib

    seen: dict[str, int] = {}
    for entry in entries:
        given = entry.get("id") or entry.get("link")
        if not given:
            parts = [entry.get("title", ""), entry.get("summary", "")]
            parts += [content.get("value", "") for content in entry.get("content", ())]
            digest = hashlib.sha256("\n".join(map(str, parts)).encode("utf-8", "surrogatepass"))
            given = f"flagreader:{digest.hexdigest()[:32]}"
        seen[given] = seen.get(given, 0) + 1
        entry["id"] = given if seen[given] == 1 else f"{given}#{seen[given]}"


_HTTP_ERROR = re.compile(r"\b(\d{3}) (?:Client|Server) Error: (.*?) for url\b")
_XML_ERROR = re.compile(r"<unknown>:(\d+):(\d+): (.*)$")
_CONTEXT = re.compile(r"^[^']*'[^']*': (?:[\w.]+: )?")  # "while reading feed: 'URL': module.Error: "
_TIMEOUT = re.compile(r"\((read|connect) timeout=(\d+(?:\.\d+)?)\)")
_NETWORK = (  # what Requests and urllib3 say of a connection that failed, as the user is told it
    (
        re.compile(r"NameResolutionError|Name or service not known|nodename nor servname|getaddrinfo"),
        "the site's name was not found (no such site, or no network)",
    ),
    (re.compile(r"Connection refused|ConnectionRefusedError"), "the server refused the connection"),
    (
        re.compile(r"CERTIFICATE_VERIFY_FAILED|SSLError|SSLCertVerificationError"),
        "the site's certificate could not be checked (HTTPS failed)",
    ),
    (
        re.compile(r"Connection reset|RemoteDisconnected|Connection aborted|IncompleteRead"),
        "the server broke the connection off",
    ),
    (re.compile(r"Network is unreachable|No route to host"), "no network route to the server"),
)


def said(message: str) -> str:
    """An error as the user sees it: "HTTP 404 (not found)", "gone (HTTP 410): ...",
    "timed out: ...", a connection that failed in words ("the server refused the
    connection"), or the library's message without its context (the feed's URL is shown
    beside it); one line, control characters as escapes."""
    message = " ".join(message.split())
    if message.startswith("unknown feed type"):
        return "not a feed: the address gives something other than RSS, Atom or JSON Feed"
    if xml := _XML_ERROR.search(message):
        line, column, what = xml.groups()
        return terminal_safe_line(f"malformed XML at line {line}, column {column}: {what}")
    if http := _HTTP_ERROR.search(message):
        code, reason = http.groups()
        if code == "410":
            return "gone (HTTP 410): the site removed this feed; feeds remove it"
        return terminal_safe_line(f"HTTP {code} ({reason.lower()})")
    if timeout := _TIMEOUT.search(message):
        which, seconds = timeout.groups()
        waited = f"{float(seconds):g} s"
        if which == "read":
            return f"timed out: the server stopped answering for {waited}"
        return f"timed out: no connection to the server within {waited}"
    for pattern, wording in _NETWORK:
        if pattern.search(message):
            return wording
    return terminal_safe_line(_CONTEXT.sub("", message, count=1))


def make_reader(path: Path, allow_files: bool, updating: Updating) -> Any:
    import warnings

    from reader import make_reader

    # entry_dedupe's HTML parsing warns that it lets BeautifulSoup pick its parser: nothing for
    # the user, and a warning printed over the reader's screen would garble it.
    warnings.filterwarnings("ignore", "No parser was explicitly specified", module=r"reader\.")

    return make_reader(
        str(path),
        plugins=[plugin(updating), _dedupe_new_entries],
        session_timeout=TIMEOUT_SECONDS,
        feed_root="" if allow_files else None,  # "": any absolute path; None: no local files
    )


def is_damaged(error: Exception) -> bool:
    """Whether opening the database failed because the file is not a sound reader database."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, sqlite3.DatabaseError) and not isinstance(cause, sqlite3.OperationalError):
            return True
        text = str(cause).lower()
        if "file is not a database" in text or "database disk image is malformed" in text:
            return True
        if "schema" in text and "version" in text:
            return True
        cause = cause.__cause__
    return False


def _dedupe_new_entries(reader: Any) -> None:
    """A reader plugin: reader's entry_dedupe, run after an update that brought new entries
    only. A feed that gives its posts new ids at each fetch keeps each post once, with its read
    mark and its fetched page (the older copies' tags move to the newest). entry_dedupe alone
    reads every entry of a feed after each update, changed or not: a third of the time of an
    update where nothing changed, and more as a feed's entries pile up."""
    from reader.plugins.entry_dedupe import after_feed_update as deduplicate

    from reader import EntryUpdateStatus

    with_new: set[str] = set()

    def entry_updated(reader: Any, entry: Any, status: Any) -> None:
        if status is EntryUpdateStatus.NEW:
            with_new.add(entry.feed_url)

    def feed_updated(reader: Any, feed: str) -> None:
        if feed in with_new:
            with_new.discard(feed)
            deduplicate(reader, feed)  # type: ignore[no-untyped-call]

    reader.after_entry_update_hooks.append(entry_updated)
    reader.after_feed_update_hooks.append(feed_updated)
