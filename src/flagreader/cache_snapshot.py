"""The folder as it was last read, kept in the article cache (see `loading`): each file's size
and time, and what it became (its row in the list and its index key, or why it is not an
article), and each folder's names in order. Kept column by column, mostly as single strings and
byte strings, in one pickle of plain values read by the cache's unpickler (it builds nothing but
them): an unchanged archive of 100,000 files is listed from it without reading a row of the
cache's table, nor sorting a folder, in about a tenth of a second."""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from flagreader.cache_format import extractor_fingerprint, load_plain, parser_fingerprint
from flagreader.model import Corpus
from flagreader.search.keys import KEY_BYTES
from flagreader.shelf import Listed, Rows, Shelf, keys_of, listing

if TYPE_CHECKING:
    from flagreader.article_cache import ArticleCache

_VERSION = 4

_NUL = "\0"  # never in a path, an id, a file name or a decoded text (NUL bytes make a file binary)


def snapshot_fingerprint() -> str:
    """What a record of the folder is valid for: today's parser and extractor."""
    return f"{parser_fingerprint()} {extractor_fingerprint()}"


class Record:
    """The files of a folder as a load read them, column by column, in the walk's order.

    Attributes:
        keys: Each file's absolute path.
        files: Each file's path as the walk gave it (its articles' source).
        sizes: Its size then.
        mtimes: Its modification time then (ns).
        notes: By file number, a note about the file (its encoding).
        reasons: By file number, why it is not an article (a file that could not be read at all
            has none: that is tried again each time).
        failures: By file number, why extraction failed on it.
        orders: Per folder (absolute path), its names in natural order (see `walking`).

    The articles' rows are kept as read (`articles`, a `Rows` of the files at `numbers`, with
    their index keys `keyed`), and made file by file (`rows`, `indexed`) only where a load
    looks at files one by one.
    """

    def __init__(
        self,
        keys: list[str] | None = None,
        files: list[str] | None = None,
        sizes: list[int] | None = None,
        mtimes: list[int] | None = None,
        notes: dict[int, str] | None = None,
        reasons: dict[int, str] | None = None,
        failures: dict[int, str] | None = None,
        orders: dict[str, list[str]] | None = None,
    ) -> None:
        self.keys = keys if keys is not None else []
        self.files = files if files is not None else []
        self.sizes = sizes if sizes is not None else []
        self.mtimes = mtimes if mtimes is not None else []
        self.notes = notes if notes is not None else {}
        self.reasons = reasons if reasons is not None else {}
        self.failures = failures if failures is not None else {}
        self.orders = orders if orders is not None else {}
        self.articles: Sequence[Listed] = []
        self.numbers: list[int] = []
        self.keyed: list[bytes] = []
        self._rows: list[Listed | None] | None = []
        self._indexed: list[bytes | None] | None = []

    @classmethod
    def of_articles(
        cls, record: Record, articles: Sequence[Listed], numbers: list[int], keyed: list[bytes]
    ) -> Record:
        """A record whose articles are `articles`, the files at `numbers` (as read)."""
        record.articles, record.numbers, record.keyed = articles, numbers, keyed
        record._rows = record._indexed = None
        return record

    def _spread(self) -> None:
        rows: list[Listed | None] = [None] * len(self.keys)
        indexed: list[bytes | None] = [None] * len(self.keys)
        for row, number, key in zip(self.articles, self.numbers, self.keyed, strict=True):
            rows[number], indexed[number] = row, key
        self._rows, self._indexed = rows, indexed

    @property
    def rows(self) -> list[Listed | None]:
        """Each file's row, when it is an article (else None)."""
        if self._rows is None:
            self._spread()
        assert self._rows is not None
        return self._rows

    @property
    def indexed(self) -> list[bytes | None]:
        """Each file's article's index key, when it is an article (else None)."""
        if self._indexed is None:
            self._spread()
        assert self._indexed is not None
        return self._indexed

    def every_file_known(self) -> bool:
        """Whether each file is an article or known not to be one (none to read again)."""
        if self._rows is not None:
            return all(row is not None or number in self.reasons for number, row in enumerate(self._rows))
        return not set(range(len(self.keys))) - set(self.numbers) - self.reasons.keys()

    def add(self, key: str, size: int, mtime_ns: int, row: Listed | None, outcome: Any, path: str) -> None:
        """Add a file as loaded now (`outcome`: what loading made of it)."""
        number = len(self.keys)
        self.keys.append(key)
        self.files.append(path)
        self.sizes.append(size)
        self.mtimes.append(mtime_ns)
        self.rows.append(row)
        self.indexed.append(outcome.key if row is not None else None)
        if outcome.note:
            self.notes[number] = outcome.note
        if row is None and outcome.reason and not outcome.unread:
            self.reasons[number] = outcome.reason
        if outcome.failure:
            self.failures[number] = outcome.failure

    def gathered(self, numbers: Sequence[int], walked: Any) -> Record:
        """The record of the files of a walk (`walked`: its `keys`, `files`, `sizes`, `mtimes`):
        file `at` as file `numbers[at]` of this record (-1: a new file, to `put`), in bulk."""

        def pick(column: Sequence[Any]) -> list[Any]:
            return [column[number] if number >= 0 else None for number in numbers]

        where = {number: at for at, number in enumerate(numbers) if number >= 0}

        def moved(by_number: dict[int, str]) -> dict[int, str]:
            return {where[number]: said for number, said in by_number.items() if number in where}

        rows = pick(self.rows)
        files = list(walked.files)
        for at, row in enumerate(rows):  # (rare) the same folder reached by another path
            if row is not None and row.source != files[at]:
                rows[at] = row._replace(source=files[at])
        gathered = Record(
            list(walked.keys),
            files,
            list(walked.sizes),
            list(walked.mtimes),
            moved(self.notes),
            moved(self.reasons),
            moved(self.failures),
            walked.orders,
        )
        gathered._rows, gathered._indexed = rows, pick(self.indexed)
        return gathered

    def put(self, at: int, row: Listed | None, outcome: Any) -> None:
        """File `at` as loaded now (`outcome`: what loading made of it)."""
        self.rows[at] = row
        self.indexed[at] = outcome.key if row is not None else None
        for column in (self.notes, self.reasons, self.failures):
            column.pop(at, None)
        if outcome.note:
            self.notes[at] = outcome.note
        if row is None and outcome.reason and not outcome.unread:
            self.reasons[at] = outcome.reason
        if outcome.failure:
            self.failures[at] = outcome.failure


def _joined(texts: Sequence[str]) -> str | list[str]:
    joined = _NUL.join(texts)
    return joined if joined.count(_NUL) == max(len(texts) - 1, 0) else list(texts)


def _split(column: str | list[str], count: int) -> list[str]:
    if isinstance(column, list):
        return column
    return column.split(_NUL) if count else []


def encode(fingerprint: str, record: Record) -> bytes:
    """The record as it is stored: column by column, strings joined, numbers as arrays."""
    articles = [row for row in record.rows if row is not None]
    counts = array("i")
    for row in articles:
        counts.extend(row.counts if row.counts is not None else (-1, -1, -1))
    columns = {
        "keys": _joined(record.keys),
        "files": None if record.files == record.keys else _joined(record.files),  # as given: often the same
        "sizes": array("q", record.sizes).tobytes(),
        "mtimes": array("q", record.mtimes).tobytes(),
        "articles": bytes(row is not None for row in record.rows),
        "ids": _joined([row.id for row in articles]),
        "titles": _joined([row.title for row in articles]),
        "authors": [row.author for row in articles],
        "blogs": [row.blog for row in articles],
        "extracted": bytes(row.extracted for row in articles),
        "counts": counts.tobytes(),
        "indexed": b"".join(key for key in record.indexed if key is not None),
        "notes": record.notes,
        "reasons": record.reasons,
        "failures": record.failures,
        "orders": {folder: _joined(names) for folder, names in record.orders.items()},
    }
    # Compressed (fast, level 1): a fifth of the bytes to read at every launch and command.
    return zlib.compress(pickle.dumps((_VERSION, fingerprint, columns), protocol=pickle.HIGHEST_PROTOCOL), 1)


def decode(data: bytes, fingerprint: str) -> Record | None:
    """The record as stored, when it is one of this layout and of this `fingerprint` (today's
    parser and extractor); None otherwise, or when it is damaged."""
    try:
        version, kept_for, columns = load_plain(zlib.decompress(data))
        if version != _VERSION or kept_for != fingerprint:
            return None
        return _columns_to_record(columns)
    except Exception:  # noqa: BLE001 - any damage: the files are looked at one by one
        return None


def _columns_to_record(columns: dict[str, Any]) -> Record | None:
    sizes, mtimes, counts = array("q"), array("q"), array("i")
    sizes.frombytes(columns["sizes"])
    mtimes.frombytes(columns["mtimes"])
    counts.frombytes(columns["counts"])
    files = len(sizes)
    present: bytes = columns["articles"]
    keys = _split(columns["keys"], files)
    paths = keys if columns["files"] is None else _split(columns["files"], files)
    articles = sum(present)
    ids, titles = _split(columns["ids"], articles), _split(columns["titles"], articles)
    authors, blogs, extracted, indexed = (
        columns["authors"],
        columns["blogs"],
        columns["extracted"],
        columns["indexed"],
    )
    if not (len(keys) == len(paths) == len(mtimes) == len(present) == files):
        return None
    if not (len(ids) == len(titles) == len(authors) == len(blogs) == len(extracted) == articles):
        return None
    if len(counts) != 3 * articles or len(indexed) != KEY_BYTES * articles:
        return None
    every = articles == files
    numbers = list(range(files)) if every else [number for number, flag in enumerate(present) if flag]
    sources = paths if every else [paths[number] for number in numbers]
    rows = Rows(ids, sources, titles, authors, blogs, bytes(extracted), counts)
    keyed = [indexed[at : at + KEY_BYTES] for at in range(0, len(indexed), KEY_BYTES)]
    orders = {folder: _split(names, 1 if names else 0) for folder, names in columns["orders"].items()}
    record = Record(
        keys,
        paths,
        sizes.tolist(),
        mtimes.tolist(),
        columns["notes"],
        columns["reasons"],
        columns["failures"],
        orders,
    )
    return Record.of_articles(record, rows, numbers, keyed)


def updated(record: Record, corpus: Corpus) -> Record:
    """The record with each article's row, index key and extraction failure as the corpus has
    them now (extraction ran since the folder was read): on a shelf laid out from the record,
    only the articles it says were replaced are looked at."""
    rows, indexed = record.rows, record.indexed
    pairs = reversed([(row.source, number) for number, row in enumerate(rows) if row is not None])
    number_of = dict(pairs)  # (reversed: the first file of a source, if two had one)
    failures = {source: said for source, said in corpus.notices if said.startswith("extraction failed")}
    rows, indexed, failed = list(rows), list(indexed), dict(record.failures)
    articles = corpus.articles
    replaced = articles.replaced if isinstance(articles, Shelf) else None
    listed, keys = listing(articles), keys_of(articles)
    for position in sorted(replaced) if replaced is not None else range(len(listed)):
        row = listed[position]
        at = number_of.get(row.source)
        if at is not None:
            rows[at], indexed[at] = row, keys[position]
            if row.source in failures:
                failed[at] = failures[row.source]
    now = Record(
        record.keys,
        record.files,
        record.sizes,
        record.mtimes,
        record.notes,
        record.reasons,
        failed,
        record.orders,
    )
    now._rows, now._indexed = rows, indexed
    return now


def read_snapshot(cache: ArticleCache, fingerprint: str) -> Record | None:
    """The folder as it was last read, when it was read by today's parser and extractor
    (`fingerprint`); None otherwise."""
    rows = cache.query("SELECT rows FROM listing")
    if not rows:
        return None
    data = rows[0][0]
    if not isinstance(data, bytes):
        return None
    record = decode(data, fingerprint)
    if record is not None:
        cache.snapshot_read = data
    return record


def save_snapshot(cache: ArticleCache, corpus: Corpus, fingerprint: str) -> None:
    """Keep the folder as the last load read it (`cache.walked`), with each article's row and
    index key as the corpus has them now, for the next load (in place of the one kept)."""
    record = cache.walked
    if record is None or not cache.writable or (cache.walked_same and not cache.rows_changed):
        return  # (nothing changed since it was read: not even made again to compare)
    data = encode(fingerprint, updated(record, corpus))
    if data == cache.snapshot_read:
        return
    cache.snapshot_read = data
    cache.transaction(
        lambda db: db.execute(
            "INSERT INTO listing (singleton, rows) VALUES (1, ?)"
            " ON CONFLICT (singleton) DO UPDATE SET rows = excluded.rows",
            (data,),
        )
    )


def last_read(cache: ArticleCache) -> tuple[Sequence[Listed], list[bytes]]:
    """The list of articles as the last load of the cache's folders made it, and their index
    keys (for the reader's first screen, before the folders are walked): empty when none is
    kept, or when today's code reads files otherwise."""
    record = read_snapshot(cache, snapshot_fingerprint())
    if record is None:
        return [], []
    chosen = listed_articles(record)
    return chosen.rows, [key for key in chosen.keys if key is not None]


class Chosen(NamedTuple):
    """The articles a record lists: their rows (each article once, in order), index keys (None
    for one parsed now: made from it), file numbers; and, by file number, the files that are
    a duplicate of one listed, with that one's file."""

    rows: Sequence[Listed]
    keys: list[bytes | None]
    numbers: list[int]
    duplicates: dict[int, str]


def listed_articles(record: Record, files: Sequence[str] | None = None) -> Chosen:
    """The articles of a record, each once (the first of the files with its text), in bulk; with
    `files`, each row takes its file's path from there (the folder reached by another path)."""
    rows: Sequence[Listed]
    keyed: Sequence[bytes | None]
    if record._rows is None and isinstance(record.articles, Rows):  # as read: the rows, unmade
        rows, numbers, keyed, ids = record.articles, record.numbers, record.keyed, record.articles.ids
    else:
        numbers = [number for number, row in enumerate(record.rows) if row is not None]
        rows = [row for row in record.rows if row is not None]
        keyed = [record.indexed[number] for number in numbers]
        ids = [row.id for row in rows]
    paths = files if files is not None else record.files
    first = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))  # first of each id
    kept = sorted(first.values())
    duplicates = {numbers[at]: paths[numbers[first[ids[at]]]] for at in set(range(len(ids))) - set(kept)}
    whole = len(kept) == len(ids)
    listed = rows if whole else _picked(rows, kept)
    sources = [paths[numbers[at]] for at in kept]
    if (listed.sources if isinstance(listed, Rows) else [row.source for row in listed]) != sources:
        listed = [row._replace(source=source) for row, source in zip(listed, sources, strict=True)]
    keys = list(keyed) if whole else [keyed[at] for at in kept]
    return Chosen(listed, keys, [numbers[at] for at in kept], duplicates)


def _picked(rows: Sequence[Listed], kept: list[int]) -> Sequence[Listed]:
    """The rows at `kept`: as columns still, when they are."""
    if not isinstance(rows, Rows):
        return [rows[at] for at in kept]
    counts = rows.counts
    return Rows(
        [rows.ids[at] for at in kept],
        [rows.sources[at] for at in kept],
        [rows.titles[at] for at in kept],
        [rows.authors[at] for at in kept],
        [rows.blogs[at] for at in kept],
        bytes(rows.extracted[at] for at in kept),
        [count for at in kept for count in counts[3 * at : 3 * at + 3]],
    )
