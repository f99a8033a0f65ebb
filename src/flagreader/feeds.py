"""Subscriptions to RSS, Atom and JSON feeds, kept in the data folder (`feeds.sqlite3`).

Built on `reader` (lemon24/reader), a typed and tested feed reader library on SQLite: it
fetches with conditional requests (ETag, Last-Modified), parses with feedparser (RSS, Atom;
JSON Feed too), keeps every entry once by its id, records each feed's last error and keeps its
entries when an update fails. What flagreader adds: http(s) only unless a local file is asked
for; many hosts asked at once, each one request at a time; a rest after errors, longer each
time; the pages of entries that carry only a summary; and, in `feed_fetching`, the limits on
every request and response and a forgiving parser.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flagreader.dbfiles import move_aside
from flagreader.feed_fetching import Updating, is_damaged, make_reader, said
from flagreader.feed_opml import subscription_list
from flagreader.feed_pages import PAGE_TAG, entry_article_of, fetch_full_texts, needs_its_page
from flagreader.hosts import is_web
from flagreader.model import Article
from flagreader.store import default_data_dir
from flagreader.textsafe import terminal_safe_line
from flagreader.wording import counted

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

FEEDS_DATABASE = "feeds.sqlite3"
"""The file of the subscriptions and their entries, in the data folder."""

FEED_WORKERS = 64
"""Hosts asked at once for their feeds by default, each one request at a time: a feed's answer
is small, and mostly "not modified"; the time an update takes is mostly waiting for the answers."""

WORKERS = 16
"""Hosts asked at once for the pages of summaries by default, each one request at a time."""

BACKOFF_SECONDS = 15 * 60
"""How long a feed that failed rests before it is asked again; doubled with each failure in a
row, up to `MAX_BACKOFF_SECONDS`."""

MAX_BACKOFF_SECONDS = 24 * 3600

BACKOFF_TAG = "flagreader.backoff"
"""The feed tag of a feed that failed: {"failures": in a row, "until": POSIX time}."""

RESTING_TAG = "flagreader.resting"
"""The feed tag of a feed that failed and rests until `BACKOFF_TAG` says: an update leaves it
out (the tag is what reader can filter on; an update begins by taking it off the feeds whose
rest has ended)."""

MALFORMED_TAG = "flagreader.malformed"
"""The feed tag of a feed last read in spite of malformed XML: where it was malformed."""


class FeedProblem(Exception):
    """A feed cannot be added, removed or read; the message says why, for the user."""


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
    malformed: str | None = None
    """Where its XML was not well-formed when its entries were last read in spite of it."""
    resting_until: datetime | None = None
    """After failing again and again, it is not asked before then (see `BACKOFF_SECONDS`)."""


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """What one feed's update did: new and changed entries, or why it failed, or that it was
    left to rest after failing (`resting_until`)."""

    url: str
    new: int = 0
    modified: int = 0
    error: str | None = None
    malformed: str | None = None
    """The feed was read in spite of XML that is not well-formed: where."""
    resting_until: datetime | None = None


def said_of_update(outcomes: list[UpdateOutcome], new: int) -> str:
    """What an update did, in a line: "3 new entries from 12 feeds; 1 failed (...)"."""
    asked = [outcome for outcome in outcomes if outcome.resting_until is None]
    failed = sum(1 for outcome in asked if outcome.error)
    said = f"{counted(new, 'new entry', 'new entries')} from {counted(len(asked), 'feed')}"
    if failed:
        said += f"; {failed} failed (flagreader feeds list says why)"
    if resting := len(outcomes) - len(asked):
        said += f"; {counted(resting, 'failing feed')} left to rest (feeds update --all asks them too)"
    return said


def checked_url(url: str, allow_files: bool = False) -> str:
    """`url` if flagreader may fetch it: http or https with a host; a local file only when
    `allow_files` (a path or file: URL, made absolute). Raises FeedProblem otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if is_web(url):
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
        self,
        reader: Any,
        updating: Updating,
        path: Path,
        problem: str | None = None,
        allow_files: bool = False,
    ) -> None:
        self._reader = reader
        self._updating = updating
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
        updating = Updating(FEED_WORKERS)
        try:
            return cls(make_reader(path, allow_files, updating), updating, path, allow_files=allow_files)
        except Exception as error:  # reader's StorageError wraps sqlite3's
            if not is_damaged(error):
                raise
            aside = move_aside(path)  # its log and shared memory too: never replayed into a new one
            problem = f"{path} could not be read ({error}); it was moved aside to {aside.name}"
            reader = make_reader(path, allow_files, updating)
            return cls(reader, updating, path, terminal_safe_line(problem), allow_files)

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
            raise FeedProblem(f"not an OPML subscription list: {said(str(error))}") from None
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
        """Every subscription as an OPML list (`feed_opml`: valid XML, no control character)."""
        return subscription_list(self._reader.get_feeds())

    def fetch_full_texts(
        self,
        workers: int = WORKERS,
        progress: Callable[[int, int], None] | None = None,
        arrived: Callable[[list[Article]], None] | None = None,
        stopped: Callable[[], bool] = lambda: False,
        pool: ProcessPoolExecutor | None = None,
    ) -> tuple[int, int]:
        """Fetch, once, the page of every entry that carries only a summary, and keep its main
        text with the entry (see `feed_pages.fetch_full_texts`): `workers` hosts at once.
        Return how many pages gave a text and how many failed."""
        return fetch_full_texts(self._reader, workers, progress, arrived, stopped, pool)

    def articles(self, feed: str | None = None, whole: bool = False) -> tuple[list[Article], int]:
        """Every entry (of one `feed`, if given) as an article, newest first (see `newest_first`),
        with its page's main text when only a summary came with it; and how many entries had
        no title or text. With `whole`, only the entries that are whole as they are: their
        text came with them, or their page was fetched (or failed), or they have no page."""
        articles, empty = [], 0
        for entry in self._reader.get_entries(feed=feed, sort="recent"):
            needs_page = needs_its_page(entry)  # only then is a page's text kept: no query otherwise
            page = self._reader.get_tag(entry, PAGE_TAG, None) if needs_page else None
            if whole and needs_page and page is None:  # its page is still to come
                continue
            text = page.get("text") if isinstance(page, dict) else None
            article = entry_article_of(entry, text if isinstance(text, str) else None)
            if article is None:
                empty += 1
            else:
                articles.append(article)
        return newest_first(articles), empty

    def count(self) -> int:
        """How many feeds are subscribed to."""
        total: int = self._reader.get_feed_counts().total
        return total

    def feeds(self) -> list[FeedRow]:
        """Every subscription, by title."""
        rows = []
        resting = self._resting()
        malformed = {feed.url for feed in self._reader.get_feeds(tags=[MALFORMED_TAG])}
        for feed in self._reader.get_feeds(sort="title"):
            counts = self._reader.get_entry_counts(feed=feed)
            error = feed.last_exception
            where = self._reader.get_tag(feed, MALFORMED_TAG, None) if feed.url in malformed else None
            rows.append(
                FeedRow(
                    url=feed.url,
                    title=feed.resolved_title,
                    entries=counts.total,
                    unread=counts.total - counts.read,
                    updated=feed.last_updated,
                    error=said(error.value_str) if error is not None else None,
                    malformed=where if isinstance(where, str) else None,
                    resting_until=resting[feed.url][1] if feed.url in resting else None,
                )
            )
        return rows

    def update(
        self,
        workers: int = FEED_WORKERS,
        progress: Callable[[int, int], None] | None = None,
        rested: bool = False,
    ) -> list[UpdateOutcome]:
        """Update every feed (see `updates`); `progress(done, total)` after each."""
        total = self.count()
        outcomes = []
        for outcome in self.updates(workers, rested):
            outcomes.append(outcome)
            if progress is not None:
                progress(len(outcomes), total)
        return outcomes

    def updates(
        self, workers: int = FEED_WORKERS, rested: bool = False
    ) -> Generator[UpdateOutcome, None, None]:
        """Update every feed, yielding each outcome as it comes: `workers` hosts asked at
        once, the feeds of one host one after another. A feed that fails keeps its entries and
        its error, and after failing it rests a while before it is asked again
        (`BACKOFF_SECONDS`, doubled with each failure in a row), unless `rested`. A feed read in
        spite of malformed XML says where (`malformed`)."""
        from reader import ReaderError

        now = datetime.now(UTC)
        resting = self._resting()
        still = self._set_aside(resting, now, rested)
        for url, (_, until) in resting.items():
            if url in still:
                yield UpdateOutcome(url, resting_until=until)
        malformed_before = {feed.url for feed in self._reader.get_feeds(tags=[MALFORMED_TAG])}
        self._updating.hosts_at_once = workers
        self._updating.malformed.clear()
        # updates_enabled=None, scheduled=False: every feed, now (as update_feed would)
        due = [f"-{RESTING_TAG}"]
        results = self._reader.update_feeds_iter(tags=due, updates_enabled=None, scheduled=False)
        try:
            for url, value in results:
                outcome = self._outcome(url, value)
                failures = resting.get(url, (0, now))[0]
                # a feed not modified was not read again: where it was malformed still stands
                mended = url in malformed_before and value is not None
                self._note(outcome, failures, mended, now)
                yield outcome
        except ReaderError as error:  # the database failed (a feed's own failure is its outcome)
            raise FeedProblem(f"the update stopped: {said(str(error))}") from error
        finally:  # stopped, or failed: no host is asked for more, before reader closes
            self._updating.stop()
            results.close()

    def _outcome(self, url: str, value: Any) -> UpdateOutcome:
        """What reader's update of a feed (`value`: what changed, None for nothing, or why it
        failed) comes to."""
        if isinstance(value, Exception):
            return UpdateOutcome(url, error=said(str(value)))
        new, modified = (value.new, value.modified) if value else (0, 0)
        return UpdateOutcome(url, new, modified, malformed=self._updating.malformed.pop(url, None))

    def _resting(self) -> dict[str, tuple[int, datetime]]:
        """The feeds that failed at their last updates: how many times in a row, and until
        when they rest."""
        resting = {}
        for feed in self._reader.get_feeds(tags=[BACKOFF_TAG]):
            kept = self._reader.get_tag(feed, BACKOFF_TAG, None)
            if isinstance(kept, dict) and isinstance(kept.get("failures"), int):
                until = datetime.fromtimestamp(float(kept.get("until", 0)), UTC)
                resting[feed.url] = (kept["failures"], until)
        return resting

    def _set_aside(self, resting: dict[str, tuple[int, datetime]], now: datetime, rested: bool) -> set[str]:
        """Give `RESTING_TAG` to the feeds of `resting` that rest still (none, if `rested`),
        take it off the others, and return those that rest."""
        from reader import ResourceNotFoundError

        tagged = {feed.url for feed in self._reader.get_feeds(tags=[RESTING_TAG])}
        still = {url for url, (_, until) in resting.items() if until > now and not rested}
        for url in tagged - still:
            self._reader.delete_tag(url, RESTING_TAG, missing_ok=True)
        for url in still - tagged:
            with contextlib.suppress(ResourceNotFoundError):  # removed meanwhile
                self._reader.set_tag(url, RESTING_TAG)
        return still

    def _note(self, outcome: UpdateOutcome, failures: int, mended: bool, now: datetime) -> None:
        """Keep with the feed what its update says for the next one: how long it rests after
        failing, where its XML was malformed, or (`mended`, unless it is malformed still) that
        it no longer is; nothing for a feed removed meanwhile."""
        from reader import ResourceNotFoundError

        with contextlib.suppress(ResourceNotFoundError):
            self._keep_note(outcome, failures, mended, now)

    def _keep_note(self, outcome: UpdateOutcome, failures: int, mended: bool, now: datetime) -> None:
        if outcome.error:
            rest = min(BACKOFF_SECONDS * 2**failures, MAX_BACKOFF_SECONDS)
            until = now.timestamp() + rest
            self._reader.set_tag(outcome.url, BACKOFF_TAG, {"failures": failures + 1, "until": until})
            self._reader.set_tag(outcome.url, RESTING_TAG)
            return
        if failures:
            self._reader.delete_tag(outcome.url, BACKOFF_TAG, missing_ok=True)
            self._reader.delete_tag(outcome.url, RESTING_TAG, missing_ok=True)
        if outcome.malformed:
            self._reader.set_tag(outcome.url, MALFORMED_TAG, outcome.malformed)
        elif mended:
            self._reader.delete_tag(outcome.url, MALFORMED_TAG, missing_ok=True)


def newest_first(articles: list[Article]) -> list[Article]:
    """Feed articles in the order the reader lists them: by date, newest first, those without
    a date last; as given among those of one day (reader's order: the newest seen first)."""
    dated = sorted((article for article in articles if article.published), key=_date, reverse=True)
    return dated + [article for article in articles if not article.published]


def _date(article: Article) -> str:
    return article.published or ""
