"""The folder as it was last read, kept in the article cache (see `loading`): each file's size
and time, and what it became (its row in the list and its index key, or why it is not an
article), and each folder's names in order. Kept column by column, mostly as single strings and
byte strings, in one pickle of plain values read by the cache's unpickler (it builds nothing but
them): an unchanged archive of 100,000 files is listed from it without reading a row of the
cache's table, nor sorting a folder, in about a tenth of a second."""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from flagreader.cache_format import extractor_fingerprint, load_plain, parser_fingerprint
from flagreader.model import Corpus
from flagreader.search.keys import KEY_BYTES
from flagreader.shelf import Listed, Shelf, keys_of, listing

if TYPE_CHECKING:
    from flagreader.article_cache import ArticleCache

_VERSION = 3
_as_listed = partial(tuple.__new__, Listed)
"""A `Listed` of a tuple of its fields, made in C (`Listed._make` is a Python call per row)."""
_NUL = "\0"  # never in a path, an id, a file name or a decoded text (NUL bytes make a file binary)


def snapshot_fingerprint() -> str:
    """What a record of the folder is valid for: today's parser and extractor."""
    return f"{parser_fingerprint()} {extractor_fingerprint()}"


@dataclass
class Record:
    """The files of a folder as a load read them, column by column, in the walk's order.

    Attributes:
        keys: Each file's absolute path.
        files: Each file's path as the walk gave it (its articles' source).
        sizes: Its size then.
        mtimes: Its modification time then (ns).
        rows: Its row in the list, when it is an article (else None).
        indexed: Its article's index key, when it is an article (else None).
        notes: By file number, a note about the file (its encoding).
        reasons: By file number, why it is not an article (a file that could not be read at all
            has none: that is tried again each time).
        failures: By file number, why extraction failed on it.
        orders: Per folder (absolute path), its names in natural order (see `walking`).
    """

    keys: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    rows: list[Listed | None] = field(default_factory=list)
    indexed: list[bytes | None] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)
    failures: dict[int, str] = field(default_factory=dict)
    orders: dict[str, list[str]] = field(default_factory=dict)

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
        return Record(
            list(walked.keys),
            files,
            list(walked.sizes),
            list(walked.mtimes),
            rows,
            pick(self.indexed),
            moved(self.notes),
            moved(self.reasons),
            moved(self.failures),
            walked.orders,
        )

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
    counts = array("q")
    for row in articles:
        counts.extend(row.counts if row.counts is not None else (-1, -1, -1))
    columns = {
        "keys": _joined(record.keys),
        "files": _joined(record.files),
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
    return pickle.dumps((_VERSION, fingerprint, columns), protocol=pickle.HIGHEST_PROTOCOL)


def decode(data: bytes, fingerprint: str) -> Record | None:
    """The record as stored, when it is one of this layout and of this `fingerprint` (today's
    parser and extractor); None otherwise, or when it is damaged."""
    try:
        version, kept_for, columns = load_plain(data)
        if version != _VERSION or kept_for != fingerprint:
            return None
        return _columns_to_record(columns)
    except Exception:  # noqa: BLE001 - any damage: the files are looked at one by one
        return None


def _columns_to_record(columns: dict[str, Any]) -> Record | None:
    sizes, mtimes, counts = (array("q") for _ in range(3))
    sizes.frombytes(columns["sizes"])
    mtimes.frombytes(columns["mtimes"])
    counts.frombytes(columns["counts"])
    files = len(sizes)
    present: bytes = columns["articles"]
    keys, paths = _split(columns["keys"], files), _split(columns["files"], files)
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
    sources = (
        paths if articles == files else [path for path, flag in zip(paths, present, strict=True) if flag]
    )
    triples: list[tuple[int, int, int] | None] = list(
        zip(counts[0::3], counts[1::3], counts[2::3], strict=True)
    )
    for at in [at for at, first in enumerate(counts[0::3]) if first < 0]:  # not extracted: no counts
        triples[at] = None
    columns_of_rows = zip(ids, sources, titles, authors, blogs, map(bool, extracted), triples, strict=True)
    listed: list[Listed] = list(map(_as_listed, columns_of_rows))  # in C: a row is a tuple's bytes away
    keyed: list[bytes | None] = [indexed[at : at + KEY_BYTES] for at in range(0, len(indexed), KEY_BYTES)]
    rows: list[Listed | None] = list(listed)
    if articles < files:  # some files are not articles: each row in its file's place
        next_row, next_key = iter(listed).__next__, iter(keyed).__next__
        rows = [next_row() if flag else None for flag in present]
        keyed = [next_key() if flag else None for flag in present]
    orders = {folder: _split(names, 1 if names else 0) for folder, names in columns["orders"].items()}
    return Record(
        keys,
        paths,
        sizes.tolist(),
        mtimes.tolist(),
        rows,
        keyed,
        columns["notes"],
        columns["reasons"],
        columns["failures"],
        orders,
    )


def updated(record: Record, corpus: Corpus) -> Record:
    """The record with each article's row, index key and extraction failure as the corpus has
    them now (extraction ran since the folder was read): on a shelf laid out from the record,
    only the articles it says were replaced are looked at."""
    pairs = reversed([(row.source, number) for number, row in enumerate(record.rows) if row is not None])
    number_of = dict(pairs)  # (reversed: the first file of a source, if two had one)
    failures = {source: said for source, said in corpus.notices if said.startswith("extraction failed")}
    rows, indexed, failed = list(record.rows), list(record.indexed), dict(record.failures)
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
    return Record(
        record.keys,
        record.files,
        record.sizes,
        record.mtimes,
        rows,
        indexed,
        record.notes,
        record.reasons,
        failed,
        record.orders,
    )


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


def last_read(cache: ArticleCache) -> tuple[list[Listed], list[bytes]]:
    """The list of articles as the last load of the cache's folders made it, and their index
    keys (for the reader's first screen, before the folders are walked): empty when none is
    kept, or when today's code reads files otherwise."""
    record = read_snapshot(cache, snapshot_fingerprint())
    if record is None:
        return [], []
    return listed_of(record)


def listed_of(record: Record, sources: Sequence[str] | None = None) -> tuple[list[Listed], list[bytes]]:
    """The articles' rows of a record, in order, each listed once (the duplicate of an article
    listed before is not), with their index keys; with `sources`, each row takes its file's
    source from there (the folder reached by another path)."""
    rows: list[Listed] = []
    keys: list[bytes] = []
    seen: set[str] = set()
    for number, (row, key) in enumerate(zip(record.rows, record.indexed, strict=True)):
        if row is None or key is None or row.id in seen:
            continue
        seen.add(row.id)
        if sources is not None and row.source != sources[number]:
            row = row._replace(source=sources[number])
        rows.append(row)
        keys.append(key)
    return rows, keys
