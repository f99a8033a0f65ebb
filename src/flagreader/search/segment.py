"""A segment: the search index of some articles, immutable once made (as Lucene's and tantivy's
segments are). A search reads several at once through `SearchIndex`, which says which of each
segment's articles are still in the corpus and where.

Made from the parts extraction workers make (`parts.IndexPart`) with array operations only: per
field, a compressed list of the segment's articles each term occurs in (for scoring every
article at once), and the bodies' and titles' terms in order with their offsets (for finding
the passage a query points at in the best articles). Each article is known by its `index_key`:
what the segment holds of it.
"""

from __future__ import annotations

import json
import mmap
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flagreader.search.parts import KEY_BYTES, IndexPart, Pairs, TermRun

FIELDS = ("title", "body", "quote", "official")
_SEQUENCE_PARTS = ("pointer", "term_ids", "starts", "ends")
_MAGIC = b"flagreader-segment 1\n"
_ALIGN = 64

IntArray = npt.NDArray[np.int32]


class DamagedSegment(ValueError):
    """A segment's file is not one `Segment.write` wrote whole (cut short, overwritten)."""


@dataclass(frozen=True, slots=True)
class Postings:
    """For each term id, a sorted array: the articles it occurs in, or its positions (CSR layout)."""

    offsets: npt.NDArray[np.int64]
    values: IntArray

    def of(self, term_id: int) -> IntArray:
        """The values for term `term_id`."""
        return self.values[self.offsets[term_id] : self.offsets[term_id + 1]]

    def terms_of_values(self) -> IntArray:
        """The term of each value, in the values' order."""
        return np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int32), np.diff(self.offsets))


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

    def run_of(self, articles: npt.NDArray[np.integer[Any]]) -> TermRun:
        """The terms of these articles (in this order), as a part holds them."""
        lengths = (self.pointer[articles + 1] - self.pointer[articles]).astype(np.int64)
        firsts = self.pointer[articles].astype(np.int64)
        shift = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths)
        tokens = np.arange(int(lengths.sum()), dtype=np.int64) + shift
        return TermRun(
            self.term_ids[tokens], self.starts[tokens], self.ends[tokens], lengths.astype(np.int32)
        )


def _sequence(runs: list[TermRun], mappings: list[IntArray]) -> TermSequence:
    """The parts' runs of one field in one sequence, with the segment's term ids; `runs` is
    emptied as they are copied."""
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
    term, so the segment is never sorted whole. `bodies` is emptied as they are merged."""
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
    segment's pairs are never sorted whole. `pairs` is emptied as they are merged."""
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


class Segment:
    """The index of some articles, as one immutable unit (see the module docstring).

    Attributes:
        size: How many articles it holds; they are numbered 0 to size - 1 (its slots).
        keys: Each slot's `index_key`, one row of bytes per slot.
        vocabulary: The segment's term ids -> terms.
        postings: Per field, the slots each term occurs in.
        title: The titles' terms in order, with offsets.
        body: The bodies' terms in order, with offsets.
        positions: Where each term stands in `body`.
        frequency: Per term, in how many titles plus in how many bodies it occurs.
        path: The file it was read from, if any.
    """

    size: int
    keys: npt.NDArray[np.uint8]
    vocabulary: list[str]
    postings: dict[str, Postings]
    title: TermSequence
    body: TermSequence
    positions: Postings
    frequency: npt.NDArray[np.int64]
    path: Path | None = None

    @classmethod
    def from_parts(cls, parts: list[IndexPart]) -> Segment:
        """The segment of parts made of articles in order (by extraction workers, or from other
        segments' articles by a merge). The list is emptied: each part's arrays are let go as
        soon as they are merged, so the merge needs little more memory than what it makes.

        Merged with array operations: each part's terms get the segment's ids (one dictionary
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
        segment = cls()
        segment.vocabulary = list(term_ids)
        size = len(segment.vocabulary)
        bases = np.concatenate(([0], np.cumsum([part.size for part in parts]))).astype(np.int32)
        segment.size = int(bases[-1])
        segment.keys = (
            np.concatenate([part.keys for part in parts]) if parts else np.zeros((0, KEY_BYTES), np.uint8)
        )
        pairs = {field: [part.pairs[field] for part in parts] for field in FIELDS}
        titles = [part.title for part in parts]
        bodies = [(part.body, part.body_order) for part in parts]
        parts.clear()  # from here each part's arrays are held by one list, and dropped from it once merged
        segment.title = _sequence(titles, mappings)
        segment.body, segment.positions = _body(bodies, mappings, size)
        segment.postings = {field: _postings(pairs.pop(field), mappings, bases, size) for field in FIELDS}
        segment.frequency = np.diff(segment.postings["body"].offsets) + np.diff(
            segment.postings["title"].offsets
        )
        return segment

    def part_of(self, slots: npt.NDArray[np.int64]) -> IndexPart:
        """These slots (increasing) as a part, to merge into another segment: their terms and
        pairs, with a vocabulary of the terms they use only."""
        keep = np.zeros(self.size, dtype=bool)
        keep[slots] = True
        renumber = np.cumsum(keep, dtype=np.int64) - 1  # old slot -> new slot
        title, body = self.title.run_of(slots), self.body.run_of(slots)
        pairs = {}
        for field, postings in self.postings.items():
            terms = postings.terms_of_values()
            kept = keep[postings.values]
            pairs[field] = Pairs(renumber[postings.values[kept]].astype(np.int32), terms[kept])
        used = np.zeros(len(self.vocabulary), dtype=bool)
        for term_ids in (title.term_ids, body.term_ids, *(pair.term_ids for pair in pairs.values())):
            used[term_ids] = True
        compact = (np.cumsum(used) - 1).astype(np.int32)
        vocabulary = [term for term, wanted in zip(self.vocabulary, used.tolist(), strict=True) if wanted]

        def run(run: TermRun) -> TermRun:
            return TermRun(compact[run.term_ids], run.starts, run.ends, run.counts)

        body = run(body)
        return IndexPart(
            vocabulary,
            run(title),
            body,
            {field: Pairs(pair.articles, compact[pair.term_ids]) for field, pair in pairs.items()},
            np.argsort(body.term_ids, kind="stable").astype(np.int32),
            np.ascontiguousarray(self.keys[slots]),
        )

    def _arrays(self) -> dict[str, npt.NDArray[Any]]:
        arrays: dict[str, npt.NDArray[Any]] = {
            "vocabulary": np.frombuffer("\n".join(self.vocabulary).encode("utf-8"), dtype=np.uint8),
            "keys": self.keys,
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

    def write(self, path: Path) -> None:
        """Write the segment to `path`, whole: to a temporary file beside it, synced, then
        renamed (a reader never sees half of one).

        The layout: a line `flagreader-segment 1`, a JSON header (each array's dtype, shape and
        offset), then the arrays, each at an offset a multiple of 64.
        """
        arrays = self._arrays()
        entries: dict[str, dict[str, Any]] = {}
        offset = 0
        for name, array in arrays.items():
            entries[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
            offset += -(-array.nbytes // _ALIGN) * _ALIGN
        header = json.dumps({"size": self.size, "arrays": entries}).encode()
        start = -(-(len(_MAGIC) + len(header) + 1) // _ALIGN) * _ALIGN
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(temporary, "wb") as out:
                out.write(_MAGIC + header + b"\n")
                out.write(b"\0" * (start - out.tell()))
                for name, array in arrays.items():
                    out.seek(start + entries[name]["offset"])
                    np.ascontiguousarray(array).tofile(out)  # written from the array, not copied first
                out.truncate(start + offset)  # the last array's padding too: the size the header says
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)

    @classmethod
    def read(cls, path: Path) -> Segment:
        """The segment `write` left at `path`, its arrays mapped from the file, not read into
        memory (the system pages in only what a search touches).

        Raises:
            OSError: The file cannot be opened.
            DamagedSegment: It is not a whole segment.
        """
        with open(path, "rb") as file:
            try:
                mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file
                raise DamagedSegment(f"{path.name} is empty") from None
        try:
            if mapped.readline() != _MAGIC:
                raise DamagedSegment(f"{path.name} is not a segment")
            header = json.loads(mapped.readline())
            start = -(-mapped.tell() // _ALIGN) * _ALIGN
            arrays = {}
            for name, entry in header["arrays"].items():
                dtype, shape = np.dtype(entry["dtype"]), [int(n) for n in entry["shape"]]
                count, at = int(np.prod(shape)), start + int(entry["offset"])
                if at < start or at + count * dtype.itemsize > len(mapped):
                    raise DamagedSegment(f"{path.name} is cut short")
                arrays[name] = np.frombuffer(mapped, dtype=dtype, count=count, offset=at).reshape(shape)
            segment = cls._from_arrays(arrays, int(header["size"]))
        except (KeyError, TypeError, ValueError, UnicodeDecodeError) as error:
            if isinstance(error, DamagedSegment):
                raise
            raise DamagedSegment(f"{path.name} cannot be read: {error}") from None
        segment.path = path
        return segment

    @classmethod
    def _from_arrays(cls, arrays: dict[str, npt.NDArray[Any]], size: int) -> Segment:
        """A segment of its arrays, checked to hang together (DamagedSegment if not)."""
        segment = cls()
        text = arrays["vocabulary"].tobytes().decode("utf-8")
        segment.vocabulary = text.split("\n") if text else []
        segment.size = size
        segment.keys = arrays["keys"]
        segment.frequency = arrays["frequency"]
        segment.positions = Postings(arrays["positions_offsets"], arrays["positions_values"])
        segment.title, segment.body = (
            TermSequence(*(arrays[f"{name}_{part}"] for part in _SEQUENCE_PARTS))
            for name in ("title", "body")
        )
        segment.postings = {
            field: Postings(arrays[f"postings_{field}_offsets"], arrays[f"postings_{field}_values"])
            for field in FIELDS
        }
        terms = len(segment.vocabulary)
        if (
            segment.keys.shape != (size, KEY_BYTES)
            or len(segment.body.pointer) != size + 1
            or len(segment.title.pointer) != size + 1
            or len(segment.frequency) != terms
            or any(
                len(postings.offsets) != terms + 1
                for postings in (*segment.postings.values(), segment.positions)
            )
        ):
            raise DamagedSegment("its arrays do not fit together")
        return segment

    def memory_bytes(self) -> int:
        """Bytes held by the numpy arrays (the bulk of the segment)."""
        return sum(array.nbytes for array in self._arrays().values())


def segment_of(parts: Sequence[IndexPart]) -> Segment:
    """The segment of these parts, in order (the list given is left as it is)."""
    return Segment.from_parts(list(parts))
