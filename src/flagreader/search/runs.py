"""Word order: the articles where a query's words stand one after another, as typed ("in order to
have" finds the passage it is from), found segment by segment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from flagreader.search.index import Placed, SearchIndex
from flagreader.search.slots import Slot

_SEQUENCE_POSITIONS = 200_000  # a query word found more often than this is not followed


def _followed(index: SearchIndex, slot: Slot) -> tuple[list[int], int] | None:
    """The terms a query word may stand for whose places in the bodies are followed for word
    order, and how many places they have in the corpus; None when there are too many to follow
    (the closest term alone is used first)."""
    counts = index.position_counts
    ids = slot.term_ids[np.argsort(-slot.weights, kind="stable")].tolist()
    chosen: list[int] = []
    size = 0
    for term_id in ids:
        count = int(counts[term_id])
        if chosen and size + count > _SEQUENCE_POSITIONS // 4:
            break
        chosen.append(term_id)
        size += count
    return None if size > _SEQUENCE_POSITIONS else (chosen, size)


def _positions(placed: Placed, term_ids: list[int]) -> npt.NDArray[np.int32]:
    """Where these terms stand in one segment's bodies, sorted."""
    local, found = placed.local(np.asarray(term_ids, dtype=np.int32))
    parts = [placed.segment.positions.of(term_id) for term_id in local[found].tolist()]
    return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts)) if parts else np.empty(0, np.int32)


@dataclass(frozen=True, slots=True)
class InOrder:
    """Articles where query words stand one after another, as typed."""

    articles: npt.NDArray[np.int64]
    shares: npt.NDArray[np.float32]  # share of the query's words found in that run
    starts: npt.NDArray[np.int64]  # where the run starts, as a position in its segment's body


NO_RUNS = InOrder(np.empty(0, np.int64), np.empty(0, np.float32), np.empty(0, np.int64))


def sequences(index: SearchIndex, slots: Sequence[Slot]) -> InOrder:
    """Articles where query words stand in the query's order, one after another, with the
    share of the query found so and where ("in order to have" finds the passage it is from).
    Which word anchors the runs is decided over the corpus; the runs are found segment by
    segment (a run never crosses from one article into the next)."""
    if len(slots) < 2:
        return NO_RUNS
    followed = [_followed(index, slot) for slot in slots]
    usable = [i for i, terms in enumerate(followed) if terms is not None and terms[1]]
    if len(usable) < 2:
        return NO_RUNS
    rarest = min(usable, key=lambda i: followed[i][1])  # type: ignore[index]
    found = []
    for placed in index.placed:
        positions = {i: _positions(placed, followed[i][0]) for i in usable}  # type: ignore[index]
        runs = _segment_runs(placed, positions, rarest, len(slots))
        if runs is not None:
            found.append(runs)
    if not found:
        return NO_RUNS
    articles, shares, starts = (np.concatenate(parts) for parts in zip(*found, strict=True))
    order = np.argsort(articles, kind="stable")
    return InOrder(articles[order], shares[order], starts[order])


def _segment_runs(
    placed: Placed, found: dict[int, npt.NDArray[np.int32]], rarest: int, words: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int64]] | None:
    """The best run of each article of one segment: its place in the corpus, its share of the
    query's words, where it starts in the segment's body."""
    anchor = found[rarest].astype(np.int64)
    pointer = placed.segment.body.pointer
    slots = np.searchsorted(pointer, anchor, side="right") - 1
    living = placed.where[slots] >= 0
    anchor, slots = anchor[living], slots[living]
    if not len(anchor):
        return None
    low, high = pointer[slots], pointer[slots + 1]
    starts = anchor - rarest
    # Every word counts the same here, "the" as much as "Federal": a passage is known by all
    # of its words in their order. A run never crosses from one article into the next.
    score = np.zeros(len(starts), dtype=np.float32)
    for i, positions in found.items():
        if not len(positions):
            continue
        target = starts + i
        at = np.minimum(np.searchsorted(positions, target), len(positions) - 1)
        score += (positions[at] == target) & (target >= low) & (target < high)
    keep = score >= 0.5 * words
    if not keep.any():
        return None
    starts, score, slots = starts[keep], score[keep], slots[keep]
    order = np.lexsort((-score, slots))
    slots, score, starts = slots[order], score[order], starts[order]
    first = np.concatenate(([True], slots[1:] != slots[:-1]))
    return placed.where[slots[first]], (score[first] / words).astype(np.float32), starts[first]
