"""The search index: terms of every article's title, body, quotes and officials.

Built once per corpus with numpy: per field, a compressed list of the articles each term
occurs in (for scoring every article at once), and the body's and title's terms in order
with their offsets (for finding the passage a query points at in the best articles).
"""

from __future__ import annotations

import json
import mmap
import os
import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flagreader.model import Article
from flagreader.search.parts import IndexPart, Pairs, TermRun, index_part

FIELDS = ("title", "body", "quote", "official")
_SEQUENCE_PARTS = ("pointer", "term_ids", "starts", "ends")
_MAGIC = b"flagreader-index 1\n"
_ALIGN = 64

IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Postings:
    """For each term id, a sorted array: the articles it occurs in, or its positions (CSR layout)."""

    offsets: npt.NDArray[np.int64]
    values: IntArray

    def of(self, term_id: int) -> IntArray:
        """The values for term `term_id`."""
        return self.values[self.offsets[term_id] : self.offsets[term_id + 1]]


@dataclass(frozen=True, slots=True)
class TermSequence:
    """Every article's terms in text order, concatenated, with their offsets in the text."""

    pointer: npt.NDArray[np.int64]
    term_ids: IntArray
    starts: IntArray
    ends: IntArray

    def of(self, article: int) -> slice:
        """The slice of the arrays that holds article `article`'s terms."""
        return slice(int(self.pointer[article]), int(self.pointer[article + 1]))


def _sequence(runs: list[TermRun], mappings: list[IntArray]) -> TermSequence:
    """The parts' runs of one field in one sequence, with global term ids; `runs` is emptied
    as they are copied."""
    pointer = np.concatenate(([0], np.cumsum(_joined([run.counts for run in runs]), dtype=np.int64)))
    total = int(pointer[-1])
    term_ids, starts, ends = (np.empty(total, dtype=np.int32) for _ in range(3))
    at = 0
    for mapping in mappings:
        run = runs.pop(0)
        end = at + len(run.term_ids)
        term_ids[at:end] = mapping[run.term_ids]
        starts[at:end], ends[at:end] = run.starts, run.ends
        at = end
        del run
    return TermSequence(pointer.astype(np.int64), term_ids, starts, ends)


def _body(
    bodies: list[tuple[TermRun, IntArray]], mappings: list[IntArray], size: int
) -> tuple[TermSequence, Postings]:
    """The bodies' sequence, and where each term stands in it (its positions, grouped by term,
    in text order): each part's groups are placed after the earlier parts' groups of the same
    term, so the corpus is never sorted whole. `bodies` is emptied as they are merged."""
    counts = np.zeros(size, dtype=np.int64)
    local_counts = []
    for (run, _), mapping in zip(bodies, mappings, strict=True):
        local = np.bincount(run.term_ids, minlength=len(mapping))
        counts[mapping] += local  # a part's mapping never repeats a term
        local_counts.append(local)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    placed = offsets[:-1].copy()  # where each term's next group goes
    pointer = np.concatenate(([0], np.cumsum(_joined([run.counts for run, _ in bodies]), dtype=np.int64)))
    total = int(pointer[-1])
    term_ids, starts, ends, positions = (np.empty(total, dtype=np.int32) for _ in range(4))
    at = 0
    for mapping, local in zip(mappings, local_counts, strict=True):
        run, order = bodies.pop(0)
        end = at + len(run.term_ids)
        term_ids[at:end] = mapping[run.term_ids]
        starts[at:end], ends[at:end] = run.starts, run.ends
        local_terms = run.term_ids[order]  # each element's local term, grouped
        group_starts = np.concatenate(([0], np.cumsum(local)))[:-1]
        rank = np.arange(len(order), dtype=np.int64) - group_starts[local_terms]
        positions[placed[mapping[local_terms]] + rank] = order + at
        placed[mapping] += local
        at = end
        del run, order, local_terms, rank
    return TermSequence(pointer, term_ids, starts, ends), Postings(offsets, positions)


def _postings(pairs: list[Pairs], mappings: list[IntArray], bases: IntArray, size: int) -> Postings:
    """For each term, the articles it is in, sorted (CSR layout): each part's groups (its pairs
    come grouped by term) are placed after the earlier parts' groups of the same term, so the
    corpus's pairs are never sorted whole. `pairs` is emptied as they are merged."""
    counts = np.zeros(size, dtype=np.int64)
    local_counts = []
    for pair, mapping in zip(pairs, mappings, strict=True):
        local = np.bincount(pair.term_ids, minlength=len(mapping))
        counts[mapping] += local  # a part's mapping never repeats a term
        local_counts.append(local)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    placed = offsets[:-1].copy()  # where each term's next group goes
    values = np.empty(int(offsets[-1]), dtype=np.int32)
    for mapping, local, base in zip(mappings, local_counts, bases, strict=False):
        pair = pairs.pop(0)
        group_starts = np.concatenate(([0], np.cumsum(local)))[:-1]
        rank = np.arange(len(pair.term_ids), dtype=np.int64) - group_starts[pair.term_ids]
        values[placed[mapping[pair.term_ids]] + rank] = pair.articles + base
        placed[mapping] += local
        del pair, rank
    return Postings(offsets, values)


def _joined(arrays: list[IntArray]) -> IntArray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)


class SearchIndex:
    """Everything a query needs, built from a list of articles.

    Attributes:
        articles: The indexed articles; article ids in the arrays are positions in this list.
        vocabulary: Term id -> term.
        term_ids: Term -> term id.
        postings: Per field, the articles each term occurs in.
        title: The titles' terms in order, with offsets.
        body: The bodies' terms in order, with offsets.
        idf: Inverse document frequency of each term (over all fields).
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        """Index `articles` here (`from_parts` merges parts made elsewhere)."""
        self._build([index_part(articles)], articles)

    @classmethod
    def from_parts(cls, parts: list[IndexPart], articles: Sequence[Article]) -> SearchIndex:
        """The index of `articles` from parts made of them in order (by extraction workers).
        The list is emptied: each part's arrays are let go as soon as they are merged, so the
        merge needs little more memory than the index it makes.

        Raises:
            ValueError: The parts do not cover exactly these articles.
        """
        if sum(part.size for part in parts) != len(articles):
            raise ValueError("the parts are not of these articles")
        index = cls.__new__(cls)
        index._build(parts, articles)
        return index

    def _build(self, parts: list[IndexPart], articles: Sequence[Article]) -> None:
        """Merge parts with array operations: each part's terms get global ids (one dictionary
        look-up per distinct term of a part, not per word), then its arrays are copied into
        their place and let go."""
        term_ids: dict[str, int] = {}
        mappings = []
        for part in parts:
            mappings.append(
                np.fromiter(
                    (term_ids.setdefault(term, len(term_ids)) for term in part.vocabulary),
                    dtype=np.int32,
                    count=len(part.vocabulary),
                )
            )
        self.articles = articles
        self.term_ids = term_ids
        self.vocabulary = list(term_ids)
        size = len(self.vocabulary)
        bases = np.concatenate(([0], np.cumsum([part.size for part in parts]))).astype(np.int32)
        pairs = {field: [part.pairs[field] for part in parts] for field in FIELDS}
        titles = [part.title for part in parts]
        bodies = [(part.body, part.body_order) for part in parts]
        parts.clear()  # from here each part's arrays are held by one list, and dropped from it once merged
        self.title = _sequence(titles, mappings)
        self.body, self.positions = _body(bodies, mappings, size)
        self.postings = {field: _postings(pairs.pop(field), mappings, bases, size) for field in FIELDS}
        frequency = np.diff(self.postings["body"].offsets) + np.diff(self.postings["title"].offsets)
        self.idf = np.log1p(len(articles) / np.maximum(frequency, 1)).astype(np.float32)
        self.frequency = frequency
        self._derive()

    def _derive(self) -> None:
        """The lookups made from the vocabulary, after building or reading an index."""
        # Terms by length and by their first or second letter: a word with a typo or two
        # nearly always keeps one of its first two letters in one of those places. Those by
        # their second letter are sorted by the first, with where each first letter's run is,
        # so that a term is taken once though it has both letters (`typo_candidates`).
        self._by_first: dict[tuple[int, str], list[str]] = {}
        by_both: dict[tuple[int, str, str], list[str]] = {}
        for term in self.vocabulary:
            self._by_first.setdefault((len(term), term[:1]), []).append(term)
            if len(term) > 1:
                by_both.setdefault((len(term), term[1], term[0]), []).append(term)
        self._by_second: dict[tuple[int, str], tuple[list[str], dict[str, tuple[int, int]]]] = {}
        for (length, second, first), found in sorted(by_both.items()):
            terms, runs = self._by_second.setdefault((length, second), ([], {}))
            runs[first] = (len(terms), len(terms) + len(found))
            terms += found
        self._sorted = sorted(self.vocabulary)
        self.expansions: dict[tuple[str, bool, bool], tuple[list[int], list[float]]] = {}
        """Query words already expanded to index terms (typing repeats most words)."""

    def _arrays(self) -> dict[str, npt.NDArray[Any]]:
        arrays: dict[str, npt.NDArray[Any]] = {
            "vocabulary": np.frombuffer("\n".join(self.vocabulary).encode("utf-8"), dtype=np.uint8),
            "idf": self.idf,
            "frequency": self.frequency,
            "positions_offsets": self.positions.offsets,
            "positions_values": self.positions.values,
        }
        for name, sequence in (("title", self.title), ("body", self.body)):
            for part in _SEQUENCE_PARTS:
                arrays[f"{name}_{part}"] = getattr(sequence, part)
        for field, postings in self.postings.items():
            arrays[f"postings_{field}_offsets"] = postings.offsets
            arrays[f"postings_{field}_values"] = postings.values
        return arrays

    def write(self, path: Path, key: str) -> None:
        """Write the index to `path` for `read` in a later run, under `key` (what it is an index
        of), replacing the file whole: a reader never sees half of one.

        The layout: a line `flagreader-index 1`, a JSON header (the key; each array's dtype,
        shape and offset), then the arrays, each at an offset a multiple of 64.
        """
        arrays = self._arrays()
        entries: dict[str, dict[str, Any]] = {}
        offset = 0
        for name, array in arrays.items():
            entries[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
            offset += -(-array.nbytes // _ALIGN) * _ALIGN
        header = json.dumps({"key": key, "arrays": entries}).encode()
        start = -(-(len(_MAGIC) + len(header) + 1) // _ALIGN) * _ALIGN
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(temporary, "wb") as out:
                out.write(_MAGIC + header + b"\n")
                out.write(b"\0" * (start - out.tell()))
                for name, array in arrays.items():
                    out.seek(start + entries[name]["offset"])
                    np.ascontiguousarray(array).tofile(out)  # written from the array, not copied first
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)

    @classmethod
    def read(cls, path: Path, key: str, articles: Sequence[Article]) -> SearchIndex | None:
        """The index `write` left at `path`, if it is the one of `key` and of these articles:
        its arrays are mapped from the file, not read into memory (the system pages in only
        what a search touches). None when there is no such index.
        """
        try:
            with open(path, "rb") as file:
                mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # no file, or an empty one
            return None
        try:
            first = mapped.readline()
            header = json.loads(mapped.readline()) if first == _MAGIC else None
            if not isinstance(header, dict) or header.get("key") != key:
                return None
            start = -(-mapped.tell() // _ALIGN) * _ALIGN
            arrays = {
                name: np.frombuffer(
                    mapped,
                    dtype=np.dtype(entry["dtype"]),
                    count=int(np.prod(entry["shape"])),
                    offset=start + int(entry["offset"]),
                ).reshape(entry["shape"])
                for name, entry in header["arrays"].items()
            }
            return cls._from_arrays(arrays, articles)
        except (KeyError, TypeError, ValueError, UnicodeDecodeError):
            return None

    @classmethod
    def _from_arrays(cls, arrays: dict[str, npt.NDArray[Any]], articles: Sequence[Article]) -> SearchIndex:
        """An index of these articles from its arrays (ValueError if they do not fit them)."""
        index = cls.__new__(cls)
        text = arrays["vocabulary"].tobytes().decode("utf-8")
        index.vocabulary = text.split("\n") if text else []
        index.term_ids = {term: number for number, term in enumerate(index.vocabulary)}
        index.idf, index.frequency = arrays["idf"], arrays["frequency"]
        index.positions = Postings(arrays["positions_offsets"], arrays["positions_values"])
        index.title, index.body = (
            TermSequence(*(arrays[f"{name}_{part}"] for part in _SEQUENCE_PARTS))
            for name in ("title", "body")
        )
        index.postings = {
            field: Postings(arrays[f"postings_{field}_offsets"], arrays[f"postings_{field}_values"])
            for field in FIELDS
        }
        if len(index.body.pointer) != len(articles) + 1 or len(index.idf) != len(index.vocabulary):
            raise ValueError("the index is not one of these articles")
        index.articles = articles
        index._derive()
        return index

    def typo_candidates(self, word: str, typos: int) -> list[str]:
        """Terms that may be `word` with up to `typos` edits: their length is within `typos`
        and they share the first or second letter, in either of those places."""
        letters = sorted({word[:1], word[1:2]} - {""})
        found: list[str] = []
        for length in range(len(word) - typos, len(word) + typos + 1):
            for letter in letters:
                found += self._by_first.get((length, letter), ())
            for letter in letters:  # second letter matches, first does not (or it was taken above)
                terms, runs = self._by_second.get((length, letter), ((), {}))
                cut = sorted(runs[first] for first in letters if first in runs)
                at = 0
                for start, end in cut:
                    found += terms[at:start]
                    at = end
                found += terms[at:]
        return found

    def completions(self, prefix: str, limit: int) -> list[int]:
        """Ids of the `limit` most frequent terms that start with `prefix`."""
        low = bisect_left(self._sorted, prefix)
        high = bisect_left(self._sorted, prefix + "\U0010ffff")
        ids = [self.term_ids[term] for term in self._sorted[low:high]]
        if len(ids) > limit:
            ids.sort(key=lambda term_id: -int(self.frequency[term_id]))
            ids = ids[:limit]
        return ids

    def memory_bytes(self) -> int:
        """Bytes held by the numpy arrays (the bulk of the index)."""
        arrays = [self.idf, self.frequency, self.title.term_ids, self.title.starts, self.title.ends]
        arrays += [
            self.body.term_ids,
            self.body.starts,
            self.body.ends,
            self.body.pointer,
            self.title.pointer,
        ]
        for postings in (*self.postings.values(), self.positions):
            arrays += [postings.offsets, postings.values]
        return sum(array.nbytes for array in arrays)
