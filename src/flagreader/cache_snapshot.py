"""The folder as it was last read, kept in the article cache (see `loading`): each file's size
and time, and what it became (its row in the list and its index key, or why it is not an
article), and each folder's names in order. Kept column by column, mostly as single strings and
byte strings, compressed, in one pickle of plain values read by the cache's unpickler (it builds
nothing but them). Read back into columns too: the rows are made one by one only when asked
for (`shelf.Rows`), so an unchanged archive of 100,000 files is listed without reading a row
of the cache's table, nor sorting a folder, nor making a row of the list."""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from flagreader.cache_format import extractor_fingerprint, load_plain, parser_fingerprint
from flagreader.model import Corpus
from flagreader.search.keys import KEY_BYTES
from flagreader.shelf import Listed, Rows, Shelf, keys_of, listing

if TYPE_CHECKING:
    from flagreader.article_cache import ArticleCache

_VERSION = 5
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
        article: Each file's place among `articles` when it is an article, else -1.
        articles: The articles' rows, in the files' order (made one by one only when asked for).
        keyed: The articles' index keys, in that order (None: to be made from the article).
        notes: By file number, a note about the file (its encoding).
        reasons: By file number, why it is not an article (a file that could not be read at all
            has none: that is tried again each time).
        failures: By file number, why extraction failed on it.
        orders: Per folder (absolute path), its names in natural order (see `walking`).
    """

    def __init__(self, orders: dict[str, list[str]] | None = None) -> None:
        self.keys: list[str] = []
        self.files: list[str] = []
        self.sizes: list[int] = []
        self.mtimes: list[int] = []
        self.article: list[int] = []
        self.articles = Rows([], [], [], [], [], b"", [])
        self.keyed: list[bytes | None] = []
        self.notes: dict[int, str] = {}
        self.reasons: dict[int, str] = {}
        self.failures: dict[int, str] = {}
        self.orders = orders if orders is not None else {}

    @property
    def numbers(self) -> list[int]:
        """The file number of each article, in order."""
        return [number for number, at in enumerate(self.article) if at >= 0]

    def row(self, number: int) -> Listed | None:
        """File `number`'s row, when it is an article."""
        at = self.article[number]
        return None if at < 0 else self.articles[at]

    def indexed(self, number: int) -> bytes | None:
        """File `number`'s article's index key, when it is an article and the key is known."""
        at = self.article[number]
        return None if at < 0 else self.keyed[at]

    def every_file_known(self) -> bool:
        """Whether each file is an article or known not to be one (none to read again)."""
        return all(at >= 0 or number in self.reasons for number, at in enumerate(self.article))

    def add(self, key: str, size: int, mtime_ns: int, row: Listed | None, outcome: Any, path: str) -> None:
        """Add a file as loaded now (`outcome`: what loading made of it)."""
        number = len(self.keys)
        self.keys.append(key)
        self.files.append(path)
        self.sizes.append(size)
        self.mtimes.append(mtime_ns)
        if row is not None:
            self.article.append(len(self.articles))
            self.articles.append(row)
            self.keyed.append(outcome.key)
        else:
            self.article.append(-1)
        self._said(number, row, outcome)

    def _said(self, number: int, row: Listed | None, outcome: Any) -> None:
        if outcome.note:
            self.notes[number] = outcome.note
        if row is None and outcome.reason and not outcome.unread:
            self.reasons[number] = outcome.reason
        if outcome.failure:
            self.failures[number] = outcome.failure

    def changed(self, walked: Any, loaded: dict[int, tuple[Listed | None, Any]]) -> Record:
        """The record of a walk (`walked`: its `keys`, `files`, `sizes`, `mtimes`, `orders`):
        each file as this record has it, but those `loaded` now (by the walk's file number: the
        row, or None, and what loading made of it). Column by column: a few files changed in a
        folder of 100,000 make no row of the others."""
        now = Record(walked.orders)
        now.keys, now.files = list(walked.keys), list(walked.files)
        now.sizes, now.mtimes = list(walked.sizes), list(walked.mtimes)
        number_of = dict(zip(self.keys, range(len(self.keys)), strict=True))
        olds = [number_of.get(key, -1) for key in now.keys]
        article = self.article
        picks: list[int | Listed] = [article[old] if old >= 0 else -1 for old in olds]
        keyed: list[bytes | None | int] = [article[old] if old >= 0 else -1 for old in olds]
        for number, (row, outcome) in loaded.items():
            picks[number] = row if row is not None else -1
            keyed[number] = outcome.key if row is not None else -1
        chosen = [pick for pick in picks if pick != -1]
        counter = iter(range(len(chosen))).__next__
        now.article = [counter() if pick != -1 else -1 for pick in picks]
        now.keyed = [self.keyed[key] if isinstance(key, int) else key for key in keyed if key != -1]
        new_of_old = {old: number for number, old in enumerate(olds) if old >= 0 and number not in loaded}
        for mine, theirs in (
            (now.notes, self.notes),
            (now.reasons, self.reasons),
            (now.failures, self.failures),
        ):
            mine.update((new_of_old[old], said) for old, said in theirs.items() if old in new_of_old)
        for number, (row, outcome) in loaded.items():
            now._said(number, row, outcome)
        now.articles = gathered(self.articles, chosen, [now.files[number] for number in now.numbers])
        return now


def gathered(old: Rows, picks: Sequence[int | Listed], sources: list[str]) -> Rows:
    """Rows of `old`'s rows (by place) and of rows given, in order, column by column (gathered
    in C); each row takes its source from `sources`."""
    old = old.folded()
    given = [pick for pick in picks if not isinstance(pick, int)]
    base = len(old.ids)
    ordinal = iter(range(base, base + len(given))).__next__
    places = [pick if isinstance(pick, int) else ordinal() for pick in picks]
    if not places:
        return Rows([], [], [], [], [], b"", array("i"))
    pick = itemgetter(*places)

    def column(values: Sequence[Any], attribute: str) -> list[Any]:
        taken = pick([*values, *(getattr(row, attribute) for row in given)])
        return [taken] if len(places) == 1 else list(taken)

    counts = old.counts
    triples = [
        *zip(counts[0::3], counts[1::3], counts[2::3], strict=True),
        *(row.counts or (-1, -1, -1) for row in given),
    ]
    taken_counts = [pick(triples)] if len(places) == 1 else pick(triples)
    return Rows(
        column(old.ids, "id"),
        sources,
        column(old.titles, "title"),
        column(old.authors, "author"),
        column(old.blogs, "blog"),
        bytes(column(old.extracted, "extracted")),
        array("i", chain.from_iterable(taken_counts)),
    )


def _joined(texts: Sequence[str]) -> str | list[str]:
    joined = _NUL.join(texts)
    return joined if joined.count(_NUL) == max(len(texts) - 1, 0) else list(texts)


def _split(column: str | list[str], count: int) -> list[str]:
    if isinstance(column, list):
        return column
    return column.split(_NUL) if count else []


def encode(fingerprint: str, record: Record) -> bytes:
    """The record as it is stored: column by column, strings joined, numbers as arrays."""
    rows = record.articles.folded()
    columns = {
        "keys": _joined(record.keys),
        "files": None if record.files == record.keys else _joined(record.files),  # as given: often the same
        "sizes": array("q", record.sizes).tobytes(),
        "mtimes": array("q", record.mtimes).tobytes(),
        "articles": bytes(at >= 0 for at in record.article),
        "ids": _joined(rows.ids),
        "titles": _joined(rows.titles),
        "authors": rows.authors,
        "blogs": rows.blogs,
        "extracted": rows.extracted,
        "counts": array("i", rows.counts).tobytes(),
        "indexed": b"".join(key if key is not None else bytes(KEY_BYTES) for key in record.keyed),
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
    authors, blogs, extracted = columns["authors"], columns["blogs"], columns["extracted"]
    indexed: bytes = columns["indexed"]
    if not (len(keys) == len(paths) == len(mtimes) == len(present) == files):
        return None
    if not (len(ids) == len(titles) == len(authors) == len(blogs) == len(extracted) == articles):
        return None
    if len(counts) != 3 * articles or len(indexed) != KEY_BYTES * articles:
        return None
    record = Record({folder: _split(names, 1 if names else 0) for folder, names in columns["orders"].items()})
    record.keys, record.files, record.sizes, record.mtimes = keys, paths, sizes.tolist(), mtimes.tolist()
    record.notes, record.reasons, record.failures = columns["notes"], columns["reasons"], columns["failures"]
    if articles == files:
        record.article, sources = list(range(files)), paths
    else:
        ordinal = iter(range(articles)).__next__
        record.article = [ordinal() if flag else -1 for flag in present]
        sources = [path for path, flag in zip(paths, present, strict=True) if flag]
    record.articles = Rows(ids, sources, titles, authors, blogs, bytes(extracted), counts)
    record.keyed = [indexed[at : at + KEY_BYTES] for at in range(0, len(indexed), KEY_BYTES)]
    return record


def updated(record: Record, corpus: Corpus) -> Record:
    """The record with each article's row, index key and extraction failure as the corpus has
    them now (extraction ran since the folder was read): on a shelf laid out from the record,
    only the articles it says were replaced are looked at."""
    articles = corpus.articles
    replaced = articles.replaced if isinstance(articles, Shelf) else None
    listed, keys = listing(articles), keys_of(articles)
    places = range(len(listed)) if replaced is None else sorted(replaced)
    if not places:
        return record
    sources = record.articles.sources + [row.source for row in record.articles._added]
    place_of = dict(zip(reversed(sources), range(len(sources) - 1, -1, -1), strict=True))
    failures = {source: said for source, said in corpus.notices if said.startswith("extraction failed")}
    numbers = record.numbers
    for position in places:
        row = listed[position]
        at = place_of.get(row.source)
        if at is not None:
            record.articles[at], record.keyed[at] = row, keys[position]
            if row.source in failures:
                record.failures[numbers[at]] = failures[row.source]
    return record


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
    if None in chosen.keys:
        return [], []
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
    rows, numbers, paths = record.articles, record.numbers, files if files is not None else record.files
    ids = rows.ids + [row.id for row in rows._added]
    for at, row in rows._set.items():
        ids[at] = row.id
    first = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))  # first of each id
    kept = sorted(first.values())
    duplicates = {numbers[at]: paths[numbers[first[ids[at]]]] for at in set(range(len(ids))) - set(kept)}
    sources = [paths[numbers[at]] for at in kept]
    if len(kept) == len(ids) and not rows._added and sources == rows.sources:
        return Chosen(rows, list(record.keyed), numbers, duplicates)  # as they are: the common case
    return Chosen(
        gathered(rows, kept, sources),
        [record.keyed[at] for at in kept],
        [numbers[at] for at in kept],
        duplicates,
    )
