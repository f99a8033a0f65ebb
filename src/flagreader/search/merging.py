"""Merging segments, and when to.

A merge writes the articles of some segments that are still in the corpus into one new segment
and lets the old ones go (with the slots no longer in the corpus: that is when a deletion is
finally dropped). Which segments to merge is a tiered policy, the one Lucene and tantivy use in
spirit: segments are grouped in tiers by size, each tier `FACTOR` times the one below it, and
when a tier holds `FACTOR` segments they become one segment of the next tier. A corpus of N
articles then has at most (FACTOR - 1) segments per tier, over log_FACTOR(N / FLOOR) tiers, and
an article is written again only once per tier it climbs. A segment that has lost a good part
of its articles is merged too, to drop them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from flagreader.search.segment import Segment

FACTOR = 8
"""Segments of a tier merged at once, and how much larger each tier's segments are."""
FLOOR = 256
"""Segments of fewer articles than this are all in the lowest tier."""
DELETED_SHARE = 0.3
"""A segment of which more than this share is no longer in the corpus is merged, to drop it."""


def merged(segments: Sequence[Segment], live: Sequence[npt.NDArray[np.int64]]) -> Segment:
    """One segment of the slots `live` (increasing, per segment) of these segments, in order."""
    return Segment.from_parts([segment.part_of(slots) for segment, slots in zip(segments, live, strict=True)])


@dataclass(frozen=True, slots=True)
class Sized:
    """What the policy knows of a segment: its articles in the corpus, and all it holds."""

    live: int
    size: int


def tier(live: int) -> int:
    """The tier of a segment of `live` articles (0 below `FLOOR`)."""
    return 0 if live < FLOOR else 1 + int(math.log(live / FLOOR, FACTOR) + 1e-9)


def most_segments(articles: int) -> int:
    """The most segments the policy leaves for a corpus of `articles` (a merge pending aside)."""
    return (FACTOR - 1) * (tier(max(articles, 1)) + 1)


def merges_due(segments: Sequence[Sized]) -> list[list[int]]:
    """The merges the policy asks for now, each a list of positions in `segments`: a tier
    holding `FACTOR` segments (its smallest `FACTOR`), and each segment mostly deleted (with
    the others of its tier, when they are few). A segment is in one merge at most."""
    merges: list[list[int]] = []
    taken: set[int] = set()
    for number, sized in enumerate(segments):
        if sized.size and sized.live < sized.size * (1 - DELETED_SHARE) and number not in taken:
            merges.append([number])
            taken.add(number)
    tiers: dict[int, list[int]] = {}
    for number, sized in enumerate(segments):
        if number not in taken and sized.live:
            tiers.setdefault(tier(sized.live), []).append(number)
    for numbers in tiers.values():
        numbers.sort(key=lambda number: segments[number].live)
        while len(numbers) >= FACTOR:
            merges.append(numbers[:FACTOR])
            taken.update(numbers[:FACTOR])
            numbers = numbers[FACTOR:]
    for number, sized in enumerate(segments):
        if not sized.live and number not in taken:  # nothing of it is in the corpus: let it go
            merges.append([number])
    return merges
