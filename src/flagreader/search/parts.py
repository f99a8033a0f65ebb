"""The search index in parts: the terms of a batch of articles, as compact arrays with a
vocabulary of the batch's own, made where the articles are (an extraction worker) and merged
into one index by `SearchIndex.from_parts` with array operations only.

Reading every word of every article is the one per-word Python loop of building an index; in a
part it runs in the worker process that extracted the articles, off the reader's interpreter
lock and on other cores, and what crosses back is a few arrays per batch, not a Python object
per word.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from flagreader.model import Article
from flagreader.search.keys import KEY_BYTES, index_key
from flagreader.search.text import terms

__all__ = ["KEY_BYTES", "IndexPart", "Pairs", "TermRun", "index_key", "index_part", "keys_array"]

IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class TermRun:
    """One field's terms of a batch of articles, in text order: local term ids, offsets, and
    how many terms each article has."""

    term_ids: IntArray
    starts: IntArray
    ends: IntArray
    counts: IntArray


@dataclass(frozen=True, slots=True)
class Pairs:
    """Which terms occur in which articles of the batch: (article, local term) pairs, each
    pair once, grouped by term (in article order within a term)."""

    articles: IntArray
    term_ids: IntArray


@dataclass(frozen=True, slots=True)
class IndexPart:
    """The terms of a batch of articles, with the batch's own vocabulary.

    Attributes:
        vocabulary: The batch's terms, in order of first appearance (local id -> term).
        title: The titles' terms in order.
        body: The bodies' terms in order.
        pairs: Per field ("title", "body", "quote", "official"), the articles each term is in.
        body_order: Positions in `body` grouped by term (a stable sort by local term id): the
            merge places each group among the other parts' without sorting the whole corpus.
        keys: Each article's `index_key`, one row of `KEY_BYTES` bytes per article.
    """

    vocabulary: list[str]
    title: TermRun
    body: TermRun
    pairs: dict[str, Pairs]
    body_order: IntArray
    keys: npt.NDArray[np.uint8]

    @property
    def size(self) -> int:
        """How many articles the part covers."""
        return len(self.body.counts)


def keys_array(keys: Sequence[bytes]) -> npt.NDArray[np.uint8]:
    """Keys as the rows of an array (what a part and a segment keep)."""
    if not keys:
        return np.zeros((0, KEY_BYTES), dtype=np.uint8)
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)


def _ints(values: array[int]) -> IntArray:
    return np.frombuffer(values, dtype=np.int32) if len(values) else np.zeros(0, dtype=np.int32)


class _Collector:
    def __init__(self) -> None:
        self.ids: array[int] = array("i")
        self.starts: array[int] = array("i")
        self.ends: array[int] = array("i")
        self.counts: array[int] = array("i")

    def run(self) -> TermRun:
        return TermRun(_ints(self.ids), _ints(self.starts), _ints(self.ends), _ints(self.counts))


def _grouped(articles: IntArray, term_ids: IntArray) -> Pairs:
    """Pairs grouped by term, in article order within a term (a stable sort, here in the worker:
    the merge then places each group without sorting the corpus's pairs)."""
    order = np.argsort(term_ids, kind="stable")
    return Pairs(articles[order], term_ids[order])


def index_part(articles: Sequence[Article]) -> IndexPart:
    """The terms of `articles` (see the module docstring); a pure function of picklable values,
    run in an extraction worker or in the calling thread alike."""
    vocabulary: dict[str, int] = {}
    lookup = vocabulary.setdefault
    runs = {"title": _Collector(), "body": _Collector()}
    pair_articles: dict[str, array[int]] = {
        field: array("i") for field in ("title", "body", "quote", "official")
    }
    pair_terms: dict[str, array[int]] = {field: array("i") for field in pair_articles}

    def pair(field: str, local: int, ids: set[int]) -> None:
        pair_articles[field].extend([local] * len(ids))
        pair_terms[field].extend(ids)

    for local, article in enumerate(articles):
        for field, text in (("title", article.title), ("body", article.body)):
            found = terms(text)
            ids = [lookup(term, len(vocabulary)) for term, _, _ in found]
            run = runs[field]
            run.ids.extend(ids)
            run.starts.extend([start for _, start, _ in found])
            run.ends.extend([end for _, _, end in found])
            run.counts.append(len(ids))
            pair(field, local, set(ids))
            if field == "body" and article.quotes:
                quote_starts = [quote.start for quote in article.quotes]
                inside = {
                    term_id
                    for term_id, (_, start, _) in zip(ids, found, strict=True)
                    if (q := bisect_right(quote_starts, start) - 1) >= 0 and start < article.quotes[q].end
                }
                pair("quote", local, inside)
        official_ids: set[int] = set()
        for official in article.officials:
            words = terms(" ".join((official.name, *official.roles)))
            official_ids.update(lookup(term, len(vocabulary)) for term, _, _ in words)
        pair("official", local, official_ids)
    body = runs["body"].run()
    return IndexPart(
        list(vocabulary),
        runs["title"].run(),
        body,
        {field: _grouped(_ints(pair_articles[field]), _ints(pair_terms[field])) for field in pair_articles},
        np.argsort(body.term_ids, kind="stable").astype(np.int32),
        keys_array([index_key(article) for article in articles]),
    )
