"""Passages: in each article looked at closely, the tightest run of its terms that holds the most
of the query, found for many articles at once, segment by segment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from flagreader.model import Span
from flagreader.search.index import Placed, SearchIndex
from flagreader.search.segment import TermSequence
from flagreader.search.slots import Slot


@dataclass(frozen=True, slots=True)
class Lookup:
    """For each term a query word may stand for: which word (the first, when several may) and
    with what weight; and the query's whole weight (each word's best term's)."""

    slot_of: dict[int, int]
    weight_of: dict[int, float]
    whole: float

    @classmethod
    def of(cls, slots: Sequence[Slot]) -> Lookup:
        slot_of: dict[int, int] = {}
        weight_of: dict[int, float] = {}
        for number, slot in reversed(list(enumerate(slots))):
            for term_id, weight in zip(slot.term_ids.tolist(), slot.weights.tolist(), strict=True):
                slot_of[term_id], weight_of[term_id] = number, weight
        whole = sum(
            float(np.float32(max(weight_of[term_id] for term_id in slot.term_ids.tolist())))
            for slot in slots
            if len(slot.term_ids)
        )
        return cls(slot_of, weight_of, whole)

    def local(self, placed: Placed) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]]:
        """The lookup by one segment's term ids."""
        size = len(placed.segment.vocabulary)
        slot_of = np.full(size, -1, dtype=np.int16)
        weight_of = np.zeros(size, dtype=np.float32)
        if self.slot_of:
            ids = np.fromiter(self.slot_of, dtype=np.int32, count=len(self.slot_of))
            local, found = placed.local(ids)
            for term_id, mine in zip(ids[found].tolist(), local[found].tolist(), strict=True):
                slot_of[mine], weight_of[mine] = self.slot_of[term_id], self.weight_of[term_id]
        return slot_of, weight_of


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    covered: float  # share of the query's weight found together
    marks: tuple[Span, ...]


Local = tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]]
"""A `Lookup` by one segment's term ids: which query word each term stands for, and its weight."""


def passages(
    index: SearchIndex, articles: list[int], slots: Sequence[Slot], lookup: Lookup
) -> tuple[list[Passage | None], list[Passage | None]]:
    """The best passage in the title and in the body of each of these articles (places in the
    corpus), worked out segment by segment for the articles each holds."""
    titles: list[Passage | None] = [None] * len(articles)
    bodies: list[Passage | None] = [None] * len(articles)
    by_segment: dict[int, list[int]] = {}
    for number, article in enumerate(articles):
        by_segment.setdefault(int(index.owner[article]), []).append(number)
    for owner, numbers in by_segment.items():
        placed = index.placed[owner]
        local = lookup.local(placed)
        slots_here = [int(index.slot[articles[number]]) for number in numbers]
        for found, sequence in ((titles, placed.segment.title), (bodies, placed.segment.body)):
            passages = _best_passages(sequence, slots_here, len(slots), local, lookup.whole)
            for number, passage in zip(numbers, passages, strict=True):
                found[number] = passage
    return titles, bodies


def _best_passages(
    sequence: TermSequence, articles: Sequence[int], words: int, lookup: Local, whole: float
) -> list[Passage | None]:
    """For each of `articles` (slots of one segment), the tightest run of its terms that holds
    the most of the query: the run starting at a matching term that reaches, within a few terms,
    the most query words (weighted), the earliest of the best. Done for all the articles at
    once, in arrays: one article at a time, numpy's per-call overhead was half of a query's
    time. `words` is how many words the query has, `whole` its whole weight."""
    slot_of, weight_of = lookup
    bounds = [sequence.of(article) for article in articles]
    lengths = np.fromiter((part.stop - part.start for part in bounds), np.int64, len(bounds))
    if not lengths.sum():
        return [None] * len(bounds)
    # Every term of the articles, one after another; `owner` says whose.
    firsts = np.fromiter((part.start for part in bounds), np.int64, len(bounds))
    shift = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths)
    tokens = np.arange(int(lengths.sum()), dtype=np.int64) + shift  # into the sequence's arrays
    term_ids = sequence.term_ids[tokens]
    token_slots = slot_of[term_ids]
    positions = np.nonzero(token_slots >= 0)[0]  # into `tokens`: increasing, article by article
    if not len(positions):
        return [None] * len(bounds)
    owner = np.repeat(np.arange(len(bounds)), lengths)[positions]
    slot_at = token_slots[positions]
    weight_at = weight_of[term_ids[positions]]
    window = words + 3
    score = np.zeros(len(positions), dtype=np.float32)
    reach = positions.copy()
    for number in range(words):
        mask = slot_at == number
        mine = positions[mask]
        if not len(mine):
            continue
        best_weight = np.zeros(len(bounds), dtype=np.float32)  # the word's best term in each article
        np.maximum.at(best_weight, owner[mask], weight_at[mask])
        follow = np.minimum(np.searchsorted(mine, positions), len(mine) - 1)
        following = mine[follow]
        hit = (following >= positions) & (following < positions + window) & (owner[mask][follow] == owner)
        score += hit * best_weight[owner]
        reach[hit] = np.maximum(reach[hit], following[hit])
    # Per article, the best score at its earliest place: sort by article, score down, place.
    order = np.lexsort((positions, -score, owner))
    leaders = order[np.concatenate(([True], owner[order][1:] != owner[order][:-1]))]
    passages: list[Passage | None] = [None] * len(bounds)
    starts, ends = sequence.starts[tokens], sequence.ends[tokens]
    for best in leaders.tolist():
        first, last = int(positions[best]), int(reach[best])
        inside = positions[np.searchsorted(positions, first) : np.searchsorted(positions, last, side="right")]
        marks = tuple(zip(starts[inside].tolist(), ends[inside].tolist(), strict=True))
        passages[int(owner[best])] = Passage(
            int(starts[first]), int(ends[last]), float(score[best]) / max(whole, 1e-9), marks
        )
    return passages


def run_passage(placed: Placed, slot: int, start: int, length: int, lookup: Lookup) -> Passage | None:
    """The passage of a run of query words in the typed order, from its first to last match."""
    body = placed.segment.body
    part = body.of(slot)
    first, last = max(start, part.start), min(start + length, part.stop)  # within the article
    ids = placed.terms[body.term_ids[first:last]] if last > first else np.empty(0, np.int32)
    matched = [first + p for p, term_id in enumerate(ids.tolist()) if term_id in lookup.slot_of]
    if not matched:
        return None
    marks = tuple((int(body.starts[p]), int(body.ends[p])) for p in matched)
    return Passage(marks[0][0], marks[-1][1], 1.0, marks)
