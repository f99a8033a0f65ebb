"""Answering a query: expand each word to the terms it may mean, score every article at once,
then look closely at the best ones for where the words stand together.

Scoring: each query word counts its best match in an article (an exact term over a prefix
completion over a typo), weighted by how rare the term is and by field (a title match
counts double). Articles that match every word rank above those that miss some, and among
the best candidates, words close together in the text (a passage) lift an article further.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from flagreader.model import Article, Hit, Span
from flagreader.search.index import SearchIndex
from flagreader.search.passages import Lookup, Passage, passages, run_passage
from flagreader.search.query import parse_query
from flagreader.search.runs import sequences
from flagreader.search.slots import Slot, allowed_typos, expand
from flagreader.search.snippets import snippet as _snippet
from flagreader.search.text import terms

__all__ = ["allowed_typos", "match_spans", "search"]

FIELD_WEIGHTS = {"title": 2.0, "body": 1.0, "official": 1.5, "quote": 1.0}
_CANDIDATES = 60  # articles taken from word scores, and as many from word order
_CLOSE_LOOKS = 25  # of those, the articles looked at closely for passages
_TOGETHER = 3.0  # how much more an article counts when the query words stand close together
_IN_ORDER = 6.0  # and how much more again when they stand one after another, as typed


def _slot_scores(index: SearchIndex, slot: Slot, size: int) -> npt.NDArray[np.float32]:
    """Each article's best score for one query word (0 where it does not match), segment by
    segment: a slot no longer in the corpus lands on the extra last element, dropped."""
    best = np.zeros(size + 1, dtype=np.float32)
    fields = [slot.term.field] if slot.term.field else ["title", "body", "official"]
    for placed in index.placed:
        local, found = placed.local(slot.term_ids)
        if not found.any():
            continue
        postings = placed.segment.postings
        for term_id, value in zip(local[found].tolist(), slot.weights[found].tolist(), strict=True):
            for field in fields:
                slots = postings[field].of(term_id)
                if len(slots):
                    at = placed.where[slots]
                    best[at] = np.maximum(best[at], value * FIELD_WEIGHTS[field])
    return best[:size]


def search(index: SearchIndex, query: str, limit: int = 20) -> list[Hit]:
    """The articles that best match `query`, best first (see the module docstring)."""
    slots = [expand(index, term) for term in parse_query(query)]
    if not slots or not index.articles or limit < 1:
        return []
    size = len(index.articles)
    total = np.zeros(size, dtype=np.float32)
    matched = np.zeros(size, dtype=np.int16)
    required = np.ones(size, dtype=bool)
    for slot in slots:
        scores = _slot_scores(index, slot, size)
        total += scores
        matched += scores > 0
        if slot.term.field or slot.term.phrase is not None:
            required &= scores > 0  # a filter or a phrase word must be there
    coverage = matched.astype(np.float32) / len(slots)
    total *= 0.25 + 0.75 * coverage * coverage
    total[~required] = 0
    candidates = _top(np.nonzero(total > 0)[0], total, _CANDIDATES)
    runs = sequences(index, slots)  # "majority of people", in that order
    sequence = np.zeros(size, dtype=np.float32)
    sequence[runs.articles] = runs.shares
    run_start = dict(zip(runs.articles.tolist(), runs.starts.tolist(), strict=True))
    candidates = np.union1d(candidates, _top(runs.articles, sequence, _CANDIDATES))
    # Look closely (passages, fields) only at the best by words and word order: that is
    # where the time goes, and the others cannot reach the first places.
    rough = total[candidates] * (1.0 + (_TOGETHER + _IN_ORDER) * sequence[candidates] ** 2)
    candidates = candidates[np.argsort(-rough, kind="stable")[: max(limit + 5, _CLOSE_LOOKS)]]
    lookup = Lookup.of(slots)
    chosen = candidates.tolist()
    titles, bodies = passages(index, chosen, slots, lookup)
    hits = [
        _close_look(
            index,
            article,
            float(total[article]),
            (float(sequence[article]), run_start.get(article)),
            slots,
            lookup,
            (title, body),
        )
        for article, title, body in zip(chosen, titles, bodies, strict=True)
    ]
    ranked = sorted((hit for hit in hits if hit is not None), key=lambda hit: -hit.score)
    return ranked[:limit]


def _top(
    articles: npt.NDArray[np.int64], scores: npt.NDArray[np.float32], count: int
) -> npt.NDArray[np.int64]:
    """The `count` best-scoring of `articles`."""
    if len(articles) <= count:
        return articles
    return articles[np.argpartition(-scores[articles], count)[:count]]


def _close_look(
    index: SearchIndex,
    article: int,
    score: float,
    run: tuple[float, int | None],
    slots: Sequence[Slot],
    lookup: Lookup,
    passages: tuple[Passage | None, Passage | None],
) -> Hit | None:
    """The hit of one article (a place in the corpus), from its best passages in the title and
    the body."""
    in_order, run_start = run
    title, body = passages
    placed, slot = index.placed[int(index.owner[article])], int(index.slot[article])
    if run_start is not None and body is not None and in_order > body.covered and in_order * len(slots) >= 2:
        body = run_passage(placed, slot, run_start, len(slots), lookup) or body
    if any(slot.term.phrase is not None for slot in slots) and not _has_phrases(index, article, slots):
        return None
    text = index.articles[article]
    best = body
    field = "body"
    if title is not None and (body is None or title.covered >= body.covered):
        best, field = title, "title"
    if best is None or any(slot.term.field == "official" for slot in slots):
        official = _official_hit(index, text, slots)
        if official is None:
            return None
        best, field = official, "official"
    elif field == "body" and any(q.start <= best.start < q.end for q in text.quotes):
        field = "quote"
    together = max(title.covered if title else 0.0, body.covered if body else 0.0, in_order)
    source = text.title if field == "title" else text.body
    snippet, marks = _snippet(source, best.start, best.end, best.marks)
    score *= 1.0 + _TOGETHER * together * together + _IN_ORDER * in_order * in_order
    return Hit(text, score, field, best.start, best.end, snippet, marks)


def _official_hit(index: SearchIndex, article: Article, slots: Sequence[Slot]) -> Passage | None:
    """An article found by an official's name or role: point at that official's first mention."""
    wanted = [set(slot.term_ids.tolist()) for slot in slots]
    best, best_count = None, 0
    for official in article.officials:
        found = {
            index.term_ids.get(term, -1) for term, _, _ in terms(" ".join((official.name, *official.roles)))
        }
        count = sum(1 for ids in wanted if ids & found)
        if count > best_count and official.mentions:
            best, best_count = official, count
    if best is None:
        return None
    start, end = best.mentions[0]
    return Passage(start, end, 0.0, ((start, end),))


def _has_phrases(index: SearchIndex, article: int, slots: Sequence[Slot]) -> bool:
    """Whether every quoted phrase of the query stands in the article word for word."""
    placed, slot = index.placed[int(index.owner[article])], int(index.slot[article])
    phrases: dict[int, list[int]] = {}
    for query_slot in slots:
        if query_slot.term.phrase is not None:
            term_id = index.term_ids.get(query_slot.term.text, -1)
            phrases.setdefault(query_slot.term.phrase, []).append(term_id)
    for sequence in (placed.segment.body, placed.segment.title):
        ids = placed.terms[sequence.term_ids[sequence.of(slot)]]  # the index's term ids
        phrases = {number: words for number, words in phrases.items() if not _contains(ids, words)}
    return not phrases


def _contains(ids: npt.NDArray[np.int32], words: list[int]) -> bool:
    if -1 in words or len(ids) < len(words):
        return False
    match = ids[: len(ids) - len(words) + 1] == words[0]
    for offset, word in enumerate(words[1:], start=1):
        match &= ids[offset : len(ids) - len(words) + 1 + offset] == word
    return bool(match.any())


def match_spans(index: SearchIndex, query: str, article: int) -> list[Span]:
    """Every place in the body of the article at `article` in the corpus where a word of
    `query` matches (typos and prefixes as in `search`), in order: what `n` and `N` step
    through in the reader."""
    slots = [expand(index, term) for term in parse_query(query)]
    if not slots or not 0 <= article < len(index.articles):
        return []
    wanted = np.concatenate([slot.term_ids for slot in slots]) if slots else np.empty(0, np.int32)
    placed, slot = index.placed[int(index.owner[article])], int(index.slot[article])
    body = placed.segment.body
    part = body.of(slot)
    inside = np.nonzero(np.isin(placed.terms[body.term_ids[part]], wanted))[0]
    starts, ends = body.starts[part], body.ends[part]
    return [(int(starts[p]), int(ends[p])) for p in inside]
