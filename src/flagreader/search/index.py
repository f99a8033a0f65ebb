"""The search index of a corpus: its segments, which of their articles are in the corpus and
where, and the terms of all of them with collection-wide statistics.

A corpus is indexed in segments (`segment.Segment`, immutable) as Lucene and tantivy index a
collection: a changed file is a new segment of one article, and its old copy, still in an older
segment, is simply no longer in the corpus (a deletion). Which slot of which segment stands for
which article is worked out from the articles' `index_key`s, so nothing about deletions needs to
be written down: a slot whose key no corpus article has is deleted.

Ranking never depends on how the corpus is cut into segments. The statistics a score reads (how
many articles a term is in, how often it stands in the bodies, which terms exist at all) are
counted over the articles in the corpus, in every segment; the terms get ids of the index's
own; every score is worked out for each article from its own segment, and put at the article's
place in the corpus. So a search gives the same hits, scores, passages and marks whether the
corpus was indexed at once or a file at a time (`tests/unit/test_segments.py` checks it).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from flagreader.model import Article
from flagreader.search.merging import Sized, merged, merges_due
from flagreader.search.parts import KEY_BYTES, IndexPart, index_part
from flagreader.search.segment import Segment

IntArray = npt.NDArray[np.int32]
Positions = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Placed:
    """A segment as a search reads it.

    Attributes:
        segment: The segment.
        where: Per slot, its article's place in the corpus; -1 for a slot no longer in it.
        terms: Per term of the segment, its id in the index (`SearchIndex.vocabulary`).
        by_id: The index's ids of the segment's terms, sorted, and `order`: the segment's term
            at each of them (to find a segment's terms from the index's ids).
        order: See `by_id`.
        dead_positions: Per term, how many of its places in `segment.body` are in slots no
            longer in the corpus (None when every slot is).
    """

    segment: Segment
    where: Positions
    terms: IntArray
    by_id: IntArray
    order: npt.NDArray[np.int64]
    dead_positions: npt.NDArray[np.int64] | None

    def local(self, term_ids: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """The segment's own ids of these index term ids, and which of them it has."""
        if not len(self.by_id):
            return np.zeros(len(term_ids), np.int32), np.zeros(len(term_ids), bool)
        at = np.minimum(np.searchsorted(self.by_id, term_ids), len(self.by_id) - 1)
        found = self.by_id[at] == term_ids
        return self.order[at].astype(np.int32), found


def place(segments: Sequence[Segment], keys: Sequence[bytes]) -> tuple[list[Positions], list[int]]:
    """Which slot of which segment holds the article at each place (its key, `keys[place]`):
    per segment, each slot's place (-1 for none); and the places no segment holds. Where several
    slots hold the same key (the same text indexed twice), the newest segment's is taken first.
    Worked out with sorts and binary searches over the keys as 16-byte strings, not a loop."""
    where = [np.full(segment.size, -1, dtype=np.int64) for segment in segments]
    if not keys:
        return where, []
    wanted = np.frombuffer(b"".join(keys), dtype=f"S{KEY_BYTES}")
    if not sum(segment.size for segment in segments):
        return where, list(range(len(keys)))
    held = np.concatenate([segment.keys.reshape(-1).view(f"S{KEY_BYTES}") for segment in segments])
    owners = np.repeat(np.arange(len(segments)), [segment.size for segment in segments])
    slots = np.concatenate([np.arange(segment.size) for segment in segments])
    order = np.argsort(held, kind="stable")  # equal keys stay in segment order: the newest last
    held, owners, slots = held[order], owners[order], slots[order]
    at = np.searchsorted(held, wanted, side="right") - 1
    found = (at >= 0) & (held[np.maximum(at, 0)] == wanted)
    if len(set(keys)) < len(keys):  # a key at several places: one slot each
        return _place_repeats(where, held, owners, slots, wanted, at, found)
    taken = np.nonzero(found)[0]
    chosen = at[taken]
    for number in range(len(segments)):
        mine = owners[chosen] == number
        where[number][slots[chosen[mine]]] = taken[mine]
    return where, np.nonzero(~found)[0].tolist()


def _place_repeats(
    where: list[Positions],
    held: npt.NDArray[np.bytes_],
    owners: npt.NDArray[np.int64],
    slots: npt.NDArray[np.int64],
    wanted: npt.NDArray[np.bytes_],
    at: npt.NDArray[np.int64],
    found: npt.NDArray[np.bool_],
) -> tuple[list[Positions], list[int]]:
    """`place` when a key stands at several places: each place takes the newest slot of its
    key not taken yet (the same text twice in a corpus is rare: this goes place by place)."""
    used: dict[bytes, int] = {}
    missing = []
    for position, key in enumerate(wanted.tolist()):
        if not found[position]:
            missing.append(position)
            continue
        back = used.get(key, 0)
        candidate = int(at[position]) - back
        if candidate < 0 or held[candidate] != key:
            missing.append(position)
            continue
        used[key] = back + 1
        where[int(owners[candidate])][int(slots[candidate])] = position
    return where, missing


class SearchIndex:
    """Everything a query needs: the segments of a corpus's articles and the terms of all.

    Attributes:
        articles: The indexed articles; a place in the corpus is a position in this list.
        placed: The segments, each with where its slots are.
        owner: Per place, which segment holds its article, and `slot`: which slot.
        slot: See `owner`.
        vocabulary: Term id -> term (every term of every segment, in or out of the corpus).
        term_ids: Term -> term id.
        frequency: Per term, in how many titles plus bodies of the corpus it occurs.
        idf: Inverse document frequency of each term.
        position_counts: Per term, how often it stands in the corpus's bodies.
        alive: Per term, whether any article of the corpus has it (in any field).
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        """Index `articles` here, in one segment (`from_parts` merges parts made elsewhere)."""
        self._assemble([Segment.from_parts([index_part(articles)])], [np.arange(len(articles))], articles)

    @classmethod
    def from_parts(cls, parts: list[IndexPart], articles: Sequence[Article]) -> SearchIndex:
        """The index of `articles` from parts made of them in order (by extraction workers),
        merged into one segment. The list is emptied as the parts are merged.

        Raises:
            ValueError: The parts do not cover exactly these articles.
        """
        if sum(part.size for part in parts) != len(articles):
            raise ValueError("the parts are not of these articles")
        return cls.of(articles, [Segment.from_parts(parts)], [np.arange(len(articles))])

    @classmethod
    def of(cls, articles: Sequence[Article], segments: list[Segment], where: list[Positions]) -> SearchIndex:
        """The index of `articles` held by these segments (`where`, as `place` says; every
        article must be in one).

        Raises:
            ValueError: Some article is in no segment.
        """
        index = cls.__new__(cls)
        index._assemble(segments, where, articles)
        return index

    def _assemble(self, segments: list[Segment], where: list[Positions], articles: Sequence[Article]) -> None:
        self.articles = articles
        size = len(articles)
        self.owner = np.full(size, -1, dtype=np.int32)
        self.slot = np.full(size, -1, dtype=np.int64)
        for number, places in enumerate(where):
            slots = np.nonzero(places >= 0)[0]
            self.owner[places[slots]] = number
            self.slot[places[slots]] = slots
        if size and self.owner.min() < 0:
            raise ValueError("some articles are in no segment")
        term_ids: dict[str, int] = {}
        terms = []
        for segment in segments:  # the terms each segment adds, then all its terms looked up at once
            vocabulary = segment.vocabulary
            added = (term for term in vocabulary if term not in term_ids)
            term_ids.update(zip(added, itertools.count(len(term_ids))))
            found = (
                itemgetter(*vocabulary)(term_ids)
                if len(vocabulary) > 1
                else [term_ids[t] for t in vocabulary]
            )
            terms.append(np.asarray(found, dtype=np.int32))
        self.term_ids = term_ids
        self.vocabulary = list(term_ids)
        count = len(self.vocabulary)
        self.frequency = np.zeros(count, dtype=np.int64)
        self.position_counts = np.zeros(count, dtype=np.int64)
        present = np.zeros(count, dtype=np.int64)
        self.placed: list[Placed] = []
        for segment, places, ids in zip(segments, where, terms, strict=True):
            live = places >= 0
            frequency, positions, officials, dead = _live_counts(segment, live)
            self.frequency[ids] += frequency
            self.position_counts[ids] += positions
            present[ids] += frequency + officials
            order = np.argsort(ids, kind="stable")
            self.placed.append(Placed(segment, places, ids, ids[order], order, dead))
        self.alive = present > 0
        self.idf = np.log1p(size / np.maximum(self.frequency, 1)).astype(np.float32)
        self._derive()

    def _derive(self) -> None:
        """The lookups made from the terms in the corpus."""
        # Terms by length and by their first or second letter: a word with a typo or two
        # nearly always keeps one of its first two letters in one of those places. Those by
        # their second letter are sorted by the first, with where each first letter's run is,
        # so that a term is taken once though it has both letters (`typo_candidates`).
        alive = [term for term, living in zip(self.vocabulary, self.alive.tolist(), strict=True) if living]
        self._by_first: dict[tuple[int, str], list[str]] = {}
        by_both: dict[tuple[int, str, str], list[str]] = {}
        for term in sorted(alive):  # in one order whatever the segments: ranking never hangs on it
            self._by_first.setdefault((len(term), term[:1]), []).append(term)
            if len(term) > 1:
                by_both.setdefault((len(term), term[1], term[0]), []).append(term)
        self._by_second: dict[tuple[int, str], tuple[list[str], dict[str, tuple[int, int]]]] = {}
        for (length, second, first), found in sorted(by_both.items()):
            terms, runs = self._by_second.setdefault((length, second), ([], {}))
            runs[first] = (len(terms), len(terms) + len(found))
            terms += found
        self._sorted = sorted(alive)
        self.expansions: dict[tuple[str, bool, bool], tuple[list[int], list[float]]] = {}
        """Query words already expanded to index terms (typing repeats most words)."""

    @property
    def segments(self) -> list[Segment]:
        """The segments, in the order `owner` numbers them."""
        return [placed.segment for placed in self.placed]

    def live_term(self, term: str) -> int | None:
        """The id of `term` when an article of the corpus has it, else None."""
        term_id = self.term_ids.get(term)
        return term_id if term_id is not None and self.alive[term_id] else None

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
        """Ids of the `limit` most frequent terms that start with `prefix` (the first in
        alphabetical order among equals)."""
        low = bisect_left(self._sorted, prefix)
        high = bisect_left(self._sorted, prefix + "\U0010ffff")
        ids = [self.term_ids[term] for term in self._sorted[low:high]]
        if len(ids) > limit:
            ids.sort(key=lambda term_id: -int(self.frequency[term_id]))
            ids = ids[:limit]
        return ids

    def memory_bytes(self) -> int:
        """Bytes held by the segments' arrays and the index's own (the bulk of it)."""
        own = self.frequency.nbytes + self.position_counts.nbytes + self.idf.nbytes + self.owner.nbytes
        return own + self.slot.nbytes + sum(placed.segment.memory_bytes() for placed in self.placed)


def updated(index: SearchIndex | None, articles: Sequence[Article], keys: Sequence[bytes]) -> SearchIndex:
    """The index of `articles` (with index keys `keys`): the segments of `index` (an index of
    these articles as they were, if any), and one more of those it does not hold; merged in
    memory when the policy asks for it. What an index made in memory only (no article cache)
    does on a change, instead of indexing the whole corpus again."""
    segments = [] if index is None else list(index.segments)
    where, missing = place(segments, keys)
    if missing:
        segments.append(Segment.from_parts([index_part([articles[position] for position in missing])]))
        where, missing = place(segments, keys)
    sizes = [
        Sized(int((places >= 0).sum()), segment.size) for segment, places in zip(segments, where, strict=True)
    ]
    due = merges_due(sizes)
    if due:
        for merge in due:
            live = [np.nonzero(where[number] >= 0)[0] for number in merge]
            made = merged([segments[number] for number in merge], live)
            segments.append(made)
        taken = {number for merge in due for number in merge}
        segments = [
            segment for number, segment in enumerate(segments) if number not in taken and segment.size
        ]
        where, missing = place(segments, keys)
    return SearchIndex.of(articles, segments, where)


def _live_counts(
    segment: Segment, live: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64] | None]:
    """Per term of a segment, counted over its slots still in the corpus: in how many titles
    plus bodies it is, how often it stands in the bodies, in how many officials' names and roles
    it is; and how many of its body places are in slots no longer in the corpus (None: none is).
    Worked out from the deleted slots' own terms, so a segment with few deletions costs little."""
    frequency = segment.frequency.astype(np.int64)
    positions = np.diff(segment.positions.offsets)
    official = segment.postings["official"]
    terms = len(segment.vocabulary)
    if live.all():
        return frequency, positions, np.diff(official.offsets), None
    dead = np.nonzero(~live)[0]
    officials = np.bincount(official.terms_of_values()[live[official.values]], minlength=terms)
    dead_positions = np.zeros(terms, dtype=np.int64)
    for sequence, counts_places in ((segment.title, False), (segment.body, True)):
        run = sequence.run_of(dead)
        owners = np.repeat(np.arange(len(dead), dtype=np.int64), run.counts)
        pairs = np.unique(owners * terms + run.term_ids)  # each term once per deleted slot
        frequency = frequency - np.bincount(pairs % terms, minlength=terms)
        if counts_places:
            dead_positions = np.bincount(run.term_ids, minlength=terms).astype(np.int64)
    return frequency, positions - dead_positions, officials, dead_positions
