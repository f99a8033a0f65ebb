"""Subscriptions to RSS, Atom and JSON feeds, kept in the data folder (`feeds.sqlite3`).

Built on `reader` (lemon24/reader), a typed and tested feed reader library on SQLite: it
fetches with conditional requests (ETag, Last-Modified), parses with feedparser (RSS, Atom;
JSON Feed too), keeps every entry once by its id, records each feed's last error and keeps its
entries when an update fails. What flagreader adds is the politeness and the limits a reader
that fetches from anywhere needs: a User-Agent naming flagreader, a timeout per request, at
most 5 redirects, a size limit on every response (counted after decompression, so a gzip bomb
is refused once it has unpacked that much, not unpacked whole), and http(s) only unless a local
file is asked for.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flagreader.model import Article
from flagreader.store import default_data_dir
from flagreader.textsafe import terminal_safe_line
from flagreader.wording import counted

FEEDS_DATABASE = "feeds.sqlite3"
"""The file of the subscriptions and their entries, in the data folder."""

MAX_RESPONSE_BYTES = 16 * 2**20
"""The most a feed's response may hold once decompressed."""

TIMEOUT_SECONDS = (5.0, 30.0)
"""To connect, and between two reads of a response."""

MAX_REDIRECTS = 5

USER_AGENT = "flagreader (terminal feed and article reader; +https://pypi.org/project/reader/)"


class FeedProblem(Exception):
    """A feed cannot be added, removed or read; the message says why, for the user."""


class ResponseTooLarge(OSError):
    """A response held more than `MAX_RESPONSE_BYTES` (decompressed)."""


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A subscription as `feeds list` shows it."""

    url: str
    title: str | None
    entries: int
    unread: int
    updated: datetime | None
    """When it was last updated (None: never)."""
    error: str | None
    """Why its last update failed, or None."""


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """What one feed's update did: new and changed entries, or why it failed."""

    url: str
    new: int = 0
    modified: int = 0
    error: str | None = None


def said_of_update(outcomes: list[UpdateOutcome], new: int) -> str:
    """What an update did, in a line: "3 new entries from 12 feeds; 1 failed (...)"."""
    failed = sum(1 for outcome in outcomes if outcome.error)
    said = f"{counted(new, 'new entry', 'new entries')} from {counted(len(outcomes), 'feed')}"
    return f"{said}; {failed} failed (flagreader feeds list says why)" if failed else said


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


def _polite(reader: Any) -> None:
    """A reader plugin: flagreader's User-Agent, timeouts, redirects and size limit."""

    def init_parser(parser: Any) -> None:
        retriever = parser.get_retriever("http://")
        polite(retriever.session)
        retriever.response_hooks.append(_capped_response)

    reader._parser.lazy_init(init_parser)  # where reader's own plugins add retriever hooks


def checked_url(url: str, allow_files: bool = False) -> str:
    """`url` if flagreader may fetch it: http or https with a host; a local file only when
    `allow_files` (a path or file: URL, made absolute). Raises FeedProblem otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return url
    if allow_files and parts.scheme in ("", "file"):
        path = Path(parts.path if parts.scheme == "file" else url).expanduser().resolve()
        if not path.is_file():
            raise FeedProblem(f"no such file: {terminal_safe_line(str(path))}")
        return path.as_uri()
    shown = terminal_safe_line(url)
    if parts.scheme in ("", "file"):
        raise FeedProblem(f"{shown}: a local file is read only with --allow-file")
    raise FeedProblem(f"{shown}: only http and https feeds can be followed")


class Subscriptions:
    """The feeds subscribed to, with their entries, in `feeds.sqlite3` of the data folder."""

    def __init__(
        self, reader: Any, path: Path, problem: str | None = None, allow_files: bool = False
    ) -> None:
        self._reader = reader
        self.path = path
        self.allow_files = allow_files
        """Whether local files (paths, file: URLs) may be subscribed to."""
        self.problem = problem
        """What went wrong opening the database (a damaged one is moved aside), or None."""

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, allow_files: bool = False) -> Subscriptions:
        """Open (or make) the subscriptions of a data folder. A damaged or foreign database is
        moved aside, never overwritten, and `problem` says where it went."""
        folder = Path(data_dir) if data_dir is not None else default_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / FEEDS_DATABASE
        try:
            return cls(_make_reader(path, allow_files), path, allow_files=allow_files)
        except Exception as error:  # reader's StorageError wraps sqlite3's
            if not _is_damaged(error):
                raise
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            path.rename(aside)
            problem = f"{path} could not be read ({error}); it was moved aside to {aside.name}"
            return cls(_make_reader(path, allow_files), path, terminal_safe_line(problem), allow_files)

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> Subscriptions:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, url: str, title: str | None = None) -> str:
        """Subscribe to `url` (checked first); return it as kept. Raises FeedProblem."""
        from reader import FeedExistsError

        url = checked_url(url, self.allow_files)
        try:
            self._reader.add_feed(url, allow_invalid_url=False)
        except FeedExistsError:
            raise FeedProblem(f"already subscribed to {terminal_safe_line(url)}") from None
        if title:
            self._reader.set_feed_user_title(url, title)
        return url

    def remove(self, url: str) -> None:
        """Unsubscribe from `url`, and forget its entries. Raises FeedProblem."""
        from reader import FeedNotFoundError

        try:
            self._reader.delete_feed(url.strip())
        except FeedNotFoundError:
            raise FeedProblem(f"not subscribed to {terminal_safe_line(url)}") from None

    def import_opml(self, data: bytes) -> tuple[int, list[str]]:
        """Subscribe to every feed of an OPML list (what newsboat and every feed reader
        export); return how many were added and, one per line, why the others were not (a
        URL flagreader does not follow, one subscribed already). Raises FeedProblem when the
        list cannot be read."""
        import io

        from reader import FeedExistsError, FeedImportError, opml

        try:
            listed = list(opml.parse(io.BytesIO(data)))
        except FeedImportError as error:
            raise FeedProblem(f"not an OPML subscription list: {_said(str(error))}") from None
        added, skipped = 0, []
        for feed in listed:
            try:
                url = checked_url(feed.url, self.allow_files)
                self._reader.add_feed(url)
            except FeedProblem as problem:
                skipped.append(str(problem))
                continue
            except FeedExistsError:
                skipped.append(f"already subscribed to {terminal_safe_line(feed.url)}")
                continue
            if feed.title:
                self._reader.set_feed_user_title(url, feed.title)
            added += 1
        return added, skipped

    def export_opml(self) -> bytes:
        """Every subscription as an OPML list."""
        content: bytes = self._reader.export_feeds().content
        return content

    def fetch_full_texts(
        self, workers: int = 4, progress: Callable[[int, int], None] | None = None
    ) -> tuple[int, int]:
        """Fetch, once, the page of every entry that carries only a summary, and keep its main
        text with the entry (a failure is kept too: not fetched again). Return how many pages
        gave a text and how many failed."""
        from flagreader.fulltext import fetch_pages

        waiting: dict[str, list[Any]] = {}
        for entry in self._reader.get_entries(tags=[f"-{PAGE_TAG}"]):
            if _carries_its_text(entry) or not entry.link:
                continue
            waiting.setdefault(entry.link, []).append(entry)
        fetched = 0

        def done(page: object) -> None:
            nonlocal fetched
            fetched += 1
            if progress is not None:
                progress(fetched, len(waiting))

        pages = fetch_pages(waiting, polite, TIMEOUT_SECONDS, workers, done)
        for page in pages:
            kept = {"text": page.text} if page.text else {"error": page.error or "no text"}
            for entry in waiting[page.url]:
                self._reader.set_tag(entry, PAGE_TAG, kept)
        texts = sum(1 for page in pages if page.text)
        return texts, len(pages) - texts

    def articles(self) -> tuple[list[Article], int]:
        """Every entry of every feed as an article, newest first (with its page's main text
        when only a summary came with it), and how many entries had no title or text."""
        from flagreader.feed_articles import entry_article

        articles, empty = [], 0
        for entry in self._reader.get_entries(sort="recent"):
            page = self._reader.get_tag(entry, PAGE_TAG, None)
            text = page.get("text") if isinstance(page, dict) else None
            article = entry_article(entry, text if isinstance(text, str) else None)
            if article is None:
                empty += 1
            else:
                articles.append(article)
        return articles, empty

    def feeds(self) -> list[FeedRow]:
        """Every subscription, by title."""
        rows = []
        for feed in self._reader.get_feeds(sort="title"):
            counts = self._reader.get_entry_counts(feed=feed)
            error = feed.last_exception
            rows.append(
                FeedRow(
                    url=feed.url,
                    title=feed.resolved_title,
                    entries=counts.total,
                    unread=counts.total - counts.read,
                    updated=feed.last_updated,
                    error=_said(error.value_str) if error is not None else None,
                )
            )
        return rows

    def update(
        self, workers: int = 4, progress: Callable[[int, int], None] | None = None
    ) -> list[UpdateOutcome]:
        """Update every feed, `workers` at a time; a feed that fails keeps its entries and
        its error is kept with it. `progress(done, total)` after each feed."""
        total = self._reader.get_feed_counts().total
        outcomes = []
        # Every feed now, whatever reader's schedule says: the user asked for an update.
        results = self._reader.update_feeds_iter(workers=max(1, workers), scheduled=False)
        for done, result in enumerate(results, 1):
            value = result.value
            if isinstance(value, Exception):
                outcomes.append(UpdateOutcome(result.url, error=_said(str(value))))
            elif value is None:  # not modified (a conditional request answered 304), or no change
                outcomes.append(UpdateOutcome(result.url))
            else:
                outcomes.append(UpdateOutcome(result.url, value.new, value.modified))
            if progress is not None:
                progress(done, total)
        return outcomes


_HTTP_ERROR = re.compile(r"\b(\d{3}) (?:Client|Server) Error: (.*?) for url\b")
_XML_ERROR = re.compile(r"<unknown>:(\d+):(\d+): (.*)$")
_CONTEXT = re.compile(r"^[^']*'[^']*': (?:[\w.]+: )?")  # "while reading feed: 'URL': module.Error: "


PAGE_TAG = "flagreader.page"
"""The entry tag that keeps its page's main text ({"text": ...}) or why it has none
({"error": ...})."""

FULL_SUMMARY_CHARACTERS = 1500
"""A summary at least this long is taken for the entry's whole text: its page is not fetched."""


def _carries_its_text(entry: Any) -> bool:
    """Whether an entry came with its whole text: content of its own, or a long summary."""
    return bool(entry.content) or len(entry.summary or "") >= FULL_SUMMARY_CHARACTERS


def _said(message: str) -> str:
    """An error as the user sees it: "HTTP 404 (not found)", "gone (HTTP 410): ...", or the
    library's message without its context (the feed's URL is shown beside it); one line,
    control characters as escapes."""
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
    return terminal_safe_line(_CONTEXT.sub("", message, count=1))


def _make_reader(path: Path, allow_files: bool) -> Any:
    from reader import make_reader

    return make_reader(
        str(path),
        plugins=[_polite],
        session_timeout=TIMEOUT_SECONDS,
        feed_root="" if allow_files else None,  # "": any absolute path; None: no local files
    )


def _is_damaged(error: Exception) -> bool:
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
