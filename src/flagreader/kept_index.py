"""The search index kept beside the article cache, in segments (see `search.index`).

- Each segment is a file in a folder beside the cache's database (`….segments/7.seg`), mapped
  into memory when read, never changed once written.
- The segments that make the index are listed in the database's `segments` table: that list
  is the index's commit point, as Lucene's segments_N file is. A segment is written whole to a
  temporary file, then given its number and listed in one transaction; a merge lists its
  segment and unlists the ones it replaces in one transaction, then deletes their files.
- A kill at any moment leaves the last list whole, its files all there. What was being indexed
  is not listed, so the next load finds those articles in no segment and indexes them; a file
  nobody lists (a kill between the rename and the commit, a merge's leftovers) is deleted by
  the next merge.
- Which slots are deleted is not written anywhere: a slot whose `index_key` no article of the
  corpus has is deleted (see `search.index.place`). An edited file is a new segment of one
  article, and its old copy a deletion, found so; merges drop deletions for good.
- A segment made by other code (`search_fingerprint`) is dropped, and so is a damaged one,
  with a notice; its articles are indexed again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from flagreader.article_cache import ArticleCache
from flagreader.cache_format import search_fingerprint
from flagreader.model import Article
from flagreader.search.index import SearchIndex, place
from flagreader.search.merging import Sized, merged, merges_due
from flagreader.search.parts import IndexPart, index_part
from flagreader.search.segment import DamagedSegment, Segment

SEGMENT_ARTICLES = 4096
"""Articles indexed by extraction workers written as one segment (their parts gathered until
then): segments of a first load are few, and its memory stays that of a few parts."""

LEFTOVER_SECONDS = 600
"""A file of the folder that no list names is deleted once this old (younger, it may be a
segment another process is about to list)."""


class KeptIndex:
    """The segments of one article cache (`open`), and the index they make of a corpus.

    Attributes:
        folder: Where the segment files are.
        problem: What went wrong (a damaged segment dropped), to tell the user; None if nothing.
    """

    def __init__(self, cache: ArticleCache) -> None:
        self.cache = cache
        self.folder = cache.path.with_name(cache.path.name.removesuffix(".sqlite3") + ".segments")
        self.problem: str | None = None
        self._segments: dict[int, Segment] = {}
        """The segments read, by number (those kept in memory only have negative numbers)."""
        self._placed: tuple[tuple[int, ...], list[bytes], list[np.ndarray], list[int]] | None = None

    @property
    def numbers(self) -> list[int]:
        """The segments' numbers, in the order `index` puts them in the index."""
        return list(self._segments)

    def _path(self, number: int) -> Path:
        return self.folder / f"{number}.seg"

    def read(self) -> list[Segment]:
        """The segments listed, mapped from their files (in memory ones kept), in order of their
        numbers; a damaged one, or one made by other code, is unlisted (a damaged one is said
        in `problem`). A file a merge in another process deleted meanwhile: the list is read
        again."""
        for _ in range(5):
            rows = self.cache.query("SELECT number, size, made FROM segments ORDER BY number") or []
            if self._read_listed([(int(n), int(s), str(m)) for n, s, m in rows]):  # type: ignore[call-overload]
                break
        return list(self._segments.values())

    def _read_listed(self, rows: list[tuple[int, int, str]]) -> bool:
        """Read the segments of these rows; False when one had vanished (read the list again)."""
        made = search_fingerprint()
        found: dict[int, Segment] = {}
        dropped: list[int] = []
        for number, size, fingerprint in rows:
            if number in self._segments:
                found[number] = self._segments[number]
                continue
            if fingerprint != made:
                dropped.append(number)
                continue
            try:
                segment = Segment.read(self._path(number))
                if segment.size != size:
                    raise DamagedSegment(f"{number}.seg holds {segment.size} articles, not {size}")
            except FileNotFoundError:
                return False
            except (OSError, DamagedSegment) as error:
                self.problem = (
                    f"the search index's segment {self._path(number)} is damaged ({error});"
                    " its articles are indexed again"
                )
                dropped.append(number)
                continue
            found[number] = segment
        memory = {number: segment for number, segment in self._segments.items() if number < 0}
        self._segments = {**found, **memory}
        if dropped:
            self._commit(None, dropped)
        return True

    def _place(self, keys: Sequence[bytes]) -> tuple[list[Segment], list[np.ndarray], list[int]]:
        """The segments listed (read again: another process may have merged some), and where
        the articles of these keys are in them (see `search.index.place`); the last answer
        again for the same segments and keys (asked for by `missing`, then by `index`)."""
        segments = self.read()
        numbers, wanted = tuple(self._segments), list(keys)
        if self._placed is not None and self._placed[0] == numbers and self._placed[1] == wanted:
            return segments, self._placed[2], self._placed[3]
        where, missing = place(segments, wanted)
        self._placed = (numbers, wanted, where, missing)
        return segments, where, missing

    def missing(self, keys: Sequence[bytes]) -> list[int]:
        """The places of the articles (whose index keys are `keys`) no segment holds."""
        return self._place(keys)[2]

    def whole(self, articles: Sequence[Article], keys: Sequence[bytes]) -> SearchIndex | None:
        """The index of `articles` when the segments hold every one of them, else None (nothing
        is indexed here)."""
        segments, where, missing = self._place(keys)
        return None if missing else SearchIndex.of(articles, segments, where)

    def writer(self) -> Writer:
        """Where to put the parts extraction workers make, to be written as segments."""
        return Writer(self)

    def index(self, articles: Sequence[Article], keys: Sequence[bytes]) -> SearchIndex:
        """The index of `articles` (whose index keys are `keys`): the segments kept, and a new
        one of the articles no segment holds (those added or changed since)."""
        segments, where, missing = self._place(keys)
        if missing:
            number = self.add([index_part([articles[position] for position in missing])])
            # The new segment holds the missing articles in their order; the others stay put.
            where = [*where, np.asarray(missing, dtype=np.int64)]
            segments = [*segments, self._segments[number]]
            self._placed = (tuple(self._segments), list(keys), where, [])
        return SearchIndex.of(articles, segments, where)

    def add(self, parts: list[IndexPart]) -> int:
        """Make one segment of these parts, write it and list it; its number (negative when the
        cache cannot be written: it is then kept in memory only). The list is emptied."""
        segment = Segment.from_parts(parts)
        number = self._commit(segment, [])
        if number is None:
            number = min([0, *self._segments]) - 1
        else:
            # Mapped from its file from now on: the arrays made here are let go (a first load of
            # 100,000 articles made 700 MB of them, all held until the reader closed).
            with contextlib.suppress(OSError, DamagedSegment):
                segment = Segment.read(self._path(number))
        self._segments[number] = segment
        return number

    def _commit(self, segment: Segment | None, replaced: Sequence[int]) -> int | None:
        """List `segment` (written to a file first) in place of the segments `replaced`, in one
        transaction, then delete their files; its number, or None when it could not be listed
        (the cache cannot be written, or another process merged a segment it replaces)."""
        temporary: Path | None = None
        if segment is not None:
            try:
                self.folder.mkdir(exist_ok=True)
                temporary = self.folder / f"new-{os.getpid()}-{time.monotonic_ns()}.tmp"
                segment.write(temporary)
            except OSError as error:
                self.problem = f"the search index cannot be kept in {self.folder}: {error.strerror or error}"
                return None

        def work(db: sqlite3.Connection) -> int | None:
            listed = {number for (number,) in db.execute("SELECT number FROM segments")}
            if not set(replaced) <= listed:
                return None
            number = None
            if segment is not None and temporary is not None:
                cursor = db.execute(
                    "INSERT INTO segments (size, made) VALUES (?, ?)", (segment.size, search_fingerprint())
                )
                number = int(cursor.lastrowid or 0)
                os.replace(temporary, self._path(number))  # in the transaction: listed only once there
            db.executemany("DELETE FROM segments WHERE number = ?", [(n,) for n in replaced])
            return number if number is not None else -1

        try:
            number = self.cache.transaction(work)
        except OSError as error:
            self.problem = f"the search index cannot be kept in {self.folder}: {error.strerror or error}"
            number = None
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
        if number is not None:
            for old in replaced:
                self._path(old).unlink(missing_ok=True)
                self._segments.pop(old, None)
            if segment is not None:
                segment.path = self._path(number)
                return number
        return None

    def merges_due(self, index: SearchIndex) -> list[list[int]]:
        """The merges the policy asks for, as lists of segment numbers (of `index`, which these
        segments make)."""
        sizes = [Sized(int((placed.where >= 0).sum()), placed.segment.size) for placed in index.placed]
        numbers = list(self._segments)
        return [[numbers[at] for at in merge] for merge in merges_due(sizes)]

    def merge(self, numbers: list[int], live: Callable[[int], np.ndarray]) -> int | None:
        """Merge these segments' slots still in the corpus (`live(number)`: their slots) into
        one, listed in their place; its number (None when another process merged one of them
        first: nothing is changed, or when nothing of them is left: they are unlisted)."""
        segments = [self._segments[number] for number in numbers]
        slots = [live(number) for number in numbers]
        if not sum(len(kept) for kept in slots):
            self._commit(None, numbers)
            return None
        return self._commit(merged(segments, slots), numbers)

    def sweep(self) -> None:
        """Delete the files of the folder no list names (left by a kill, or by a merge whose
        files another process still had open), once they are old enough not to be on their way
        to a list."""
        listed = {f"{number}.seg" for number in self.numbers if number >= 0}
        rows = self.cache.query("SELECT number FROM segments") or []
        listed |= {f"{number}.seg" for (number,) in rows}
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name not in listed and time.time() - path.stat().st_mtime > LEFTOVER_SECONDS:
                    path.unlink(missing_ok=True)


class Writer:
    """Index parts as they come (from extraction workers), written as segments of about
    `SEGMENT_ARTICLES` articles each (`put`), the last when told (`flush`)."""

    def __init__(self, kept: KeptIndex) -> None:
        self.kept = kept
        self._parts: list[IndexPart] = []
        self._size = 0

    def put(self, part: IndexPart) -> None:
        """Take a part; write the parts taken as a segment once they are enough."""
        self._parts.append(part)
        self._size += part.size
        if self._size >= SEGMENT_ARTICLES:
            self.flush()

    def flush(self) -> None:
        """Write the parts taken so far as a segment."""
        if self._parts:
            self.kept.add(self._parts)  # empties the list
            self._size = 0


def sizes_of(index: SearchIndex) -> list[Sized]:
    """What the merge policy knows of each segment of `index`."""
    return [Sized(int((placed.where >= 0).sum()), placed.segment.size) for placed in index.placed]


def needs_merging(index: SearchIndex) -> bool:
    """Whether the merge policy asks for a merge of the segments of `index`."""
    return bool(merges_due(sizes_of(index)))


def live_keys(cache: ArticleCache) -> set[bytes]:
    """The index keys of every article the cache holds a row of (what a merger, which has no
    corpus, keeps)."""
    rows = cache.query("SELECT indexed FROM files WHERE indexed IS NOT NULL") or []
    return {key for (key,) in rows if isinstance(key, bytes)}


@contextlib.contextmanager
def merging_alone(folder: Path) -> Iterator[bool]:
    """Whether this process may merge the segments of `folder` now (no other process is): a lock
    on a file of the folder, held while the block runs."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "merging.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def merge_all(cache: ArticleCache) -> int:
    """Make the merges the policy asks for, again until it asks for none (what the detached
    merger of `merge_later` does); how many were made. Done by one process at a time: another
    one merging already, nothing is done here. The corpus is not at hand: the articles kept are
    those the cache holds a row of."""
    kept = KeptIndex(cache)
    done = 0
    with merging_alone(kept.folder) as alone:
        if not alone:
            return 0
        keys = live_keys(cache)
        while True:
            segments = kept.read()
            live = {
                number: np.fromiter(
                    (slot for slot, key in enumerate(_keys(segment)) if key in keys), np.int64
                )
                for number, segment in zip(kept.numbers, segments, strict=True)
            }
            numbers = kept.numbers
            sizes = [
                Sized(len(live[number]), segment.size)
                for number, segment in zip(numbers, segments, strict=True)
            ]
            due = [[numbers[at] for at in merge] for merge in merges_due(sizes)]
            if not due:
                break
            for merge in due:
                kept.merge(merge, live.__getitem__)
                done += 1
        kept.sweep()
    return done


def merge_at(cache_file: str) -> int:
    """`merge_all` on the article cache at `cache_file` (what a worker process runs for the
    reader)."""
    cache = ArticleCache.at(Path(cache_file))
    if cache is None:
        return 0
    try:
        return merge_all(cache)
    finally:
        cache.close()


def _keys(segment: Segment) -> list[bytes]:
    blob = segment.keys.tobytes()
    width = segment.keys.shape[1] if segment.keys.ndim == 2 else 0
    return [blob[at : at + width] for at in range(0, len(blob), width)] if width else []


def merge_later(cache: ArticleCache) -> None:
    """Merge the segments in a process of its own, detached from this one (as `git gc --auto`
    packs a repository in the background): a command answers without waiting for it, and the
    next command finds the index merged. FLAGREADER_MERGE=now merges here instead (a script that
    wants the work done before it goes on), =never not at all."""
    import subprocess
    import sys

    when = os.environ.get("FLAGREADER_MERGE", "later")
    if when == "never" or not cache.writable:
        return
    if when == "now":
        merge_all(cache)
        return
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "flagreader.kept_index", str(cache.path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )


def _main(argv: Sequence[str]) -> int:
    """The detached merger: `python -m flagreader.kept_index CACHE_FILE`."""
    merge_at(argv[0])
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(_main(sys.argv[1:]))
