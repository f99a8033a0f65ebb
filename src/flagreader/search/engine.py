"""Answering a query: expand each word to the terms it may mean, score every article at once,
then look closely at the best ones for where the words stand together.

Scoring: each query word counts its best match in an article (an exact term over a prefix
completion over a typo), weighted by how rare the term is and by field (a title match
counts double). Articles that match every word rank above those that miss some, and among
the best candidates, words close together in the text (a passage) lift an article further.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from flagreader.model import Article, Hit, Span
from flagreader.search.index import SearchIndex, TermSequence
from flagreader.search.query import QueryTerm, parse_query
from flagreader.search.snippets import snippet as _snippet
from flagreader.search.text import terms

FIELD_WEIGHTS = {"title": 2.0, "body": 1.0, "official": 1.5, "quote": 1.0}
_EXACT, _PREFIX, _ONE_TYPO, _TWO_TYPOS = 1.0, 0.9, 0.7, 0.5
_COMPLETIONS = 30  # words the last, unfinished word may stand for
_CANDIDATES = 60  # articles taken from word scores, and as many from word order
_CLOSE_LOOKS = 25  # of those, the articles looked at closely for passages
_TOGETHER = 3.0  # how much more an article counts when the query words stand close together
_IN_ORDER = 6.0  # and how much more again when they stand one after another, as typed


def allowed_typos(term: str) -> int:
    """Edits a word may be off by: none up to 3 letters, one up to 7, two beyond."""
    if term[:1].isdigit() or len(term) <= 3:
        return 0
    return 1 if len(term) <= 7 else 2


@dataclass(frozen=True, slots=True)
class _Slot:
    """A query word and the index terms it may stand for, each with its value: how close
    the term is to the word (exact, completion, typo) times how rare it is."""

    term: QueryTerm
    term_ids: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]


def _expand(index: SearchIndex, term: QueryTerm) -> _Slot:
    ids, weights = _expansions(index, term.text, term.prefix and term.phrase is None, term.phrase is None)
    term_ids = np.asarray(ids, dtype=np.int32)
    closeness = np.asarray(weights, dtype=np.float32)
    idf = index.idf[term_ids]
    if len(term_ids):
        # The word most likely meant is the closest, then the most common ("generral" is
        # "general", not the rarer "generale"); the others may not count for more than it.
        meant = int(np.lexsort((-index.frequency[term_ids], -closeness))[0])
        idf = np.minimum(idf, idf[meant])
    return _Slot(term, term_ids, closeness * idf)


def _expansions(index: SearchIndex, text: str, prefix: bool, fuzzy: bool) -> tuple[list[int], list[float]]:
    cache = index.expansions  # typing a query repeats most of its words
    key = (text, prefix, fuzzy)
    if key in cache:
        return cache[key]
    found: dict[int, float] = {}
    exact = index.term_ids.get(text)
    if exact is not None:
        found[exact] = _EXACT
    typos = allowed_typos(text) if fuzzy else 0
    if typos:
        words = index.typo_candidates(text, typos)
        distances = process.cdist([text], words, scorer=OSA.distance, score_cutoff=typos, dtype=np.int8)[0]
        for position in np.nonzero(distances <= typos)[0].tolist():
            distance = int(distances[position])
            weight = _EXACT if distance == 0 else _ONE_TYPO if distance == 1 else _TWO_TYPOS
            term_id = index.term_ids[words[position]]
            found[term_id] = max(found.get(term_id, 0.0), weight)
    if prefix and len(text) >= 2:
        for term_id in index.completions(text, _COMPLETIONS):
            found[term_id] = max(found.get(term_id, 0.0), _PREFIX)
    ids = sorted(found)  # in id order: the words came out of a set, in an order that varies by process
    result = (ids, [found[term_id] for term_id in ids])
    cache[key] = result
    return result


def _slot_scores(index: SearchIndex, slot: _Slot, size: int) -> npt.NDArray[np.float32]:
    """Each article's best score for one query word (0 where it does not match)."""
    best = np.zeros(size, dtype=np.float32)
    fields = [slot.term.field] if slot.term.field else ["title", "body", "official"]
    for term_id, value in zip(slot.term_ids.tolist(), slot.weights.tolist(), strict=True):
        for field in fields:
            articles = index.postings[field].of(term_id)
            if len(articles):
                best[articles] = np.maximum(best[articles], value * FIELD_WEIGHTS[field])
    return best


def search(index: SearchIndex, query: str, limit: int = 20) -> list[Hit]:
    """The articles that best match `query`, best first (see the module docstring)."""
    slots = [_expand(index, term) for term in parse_query(query)]
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
    runs = _sequences(index, slots)  # "majority of people", in that order
    sequence = np.zeros(size, dtype=np.float32)
    sequence[runs.articles] = runs.shares
    run_start = dict(zip(runs.articles.tolist(), runs.starts.tolist(), strict=True))
    candidates = np.union1d(candidates, _top(runs.articles, sequence, _CANDIDATES))
    # Look closely (passages, fields) only at the best by words and word order: that is
    # where the time goes, and the others cannot reach the first places.
    rough = total[candidates] * (1.0 + (_TOGETHER + _IN_ORDER) * sequence[candidates] ** 2)
    candidates = candidates[np.argsort(-rough, kind="stable")[: max(limit + 5, _CLOSE_LOOKS)]]
    lookup = _lookup(index, slots)
    chosen = candidates.tolist()
    titles = _best_passages(index.title, chosen, slots, lookup)
    bodies = _best_passages(index.body, chosen, slots, lookup)
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


_SEQUENCE_POSITIONS = 200_000  # a query word found more often than this is not followed


def _positions(index: SearchIndex, slot: _Slot) -> npt.NDArray[np.int32] | None:
    """Where the terms a query word may stand for occur in the bodies, sorted; None when
    there are too many to follow (the closest term alone is used first)."""
    offsets = index.positions.offsets
    ids = slot.term_ids[np.argsort(-slot.weights, kind="stable")].tolist()
    chosen: list[int] = []
    size = 0
    for term_id in ids:
        count = int(offsets[term_id + 1] - offsets[term_id])
        if chosen and size + count > _SEQUENCE_POSITIONS // 4:
            break
        chosen.append(term_id)
        size += count
    if size > _SEQUENCE_POSITIONS:
        return None
    parts = [index.positions.of(term_id) for term_id in chosen]
    return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts)) if parts else np.empty(0, np.int32)


@dataclass(frozen=True, slots=True)
class _InOrder:
    """Articles where query words stand one after another, as typed."""

    articles: npt.NDArray[np.int64]
    shares: npt.NDArray[np.float32]  # share of the query's words found in that run
    starts: npt.NDArray[np.int64]  # where the run starts, as a position in `index.body`


_NO_RUNS = _InOrder(np.empty(0, np.int64), np.empty(0, np.float32), np.empty(0, np.int64))


def _sequences(index: SearchIndex, slots: Sequence[_Slot]) -> _InOrder:
    """Articles where query words stand in the query's order, one after another, with the
    share of the query found so and where ("in order to have" finds the passage it is from)."""
    if len(slots) < 2:
        return _NO_RUNS
    found = [_positions(index, slot) for slot in slots]
    usable = [i for i, positions in enumerate(found) if positions is not None and len(positions)]
    if len(usable) < 2:
        return _NO_RUNS
    rarest = min(usable, key=lambda i: len(found[i]))  # type: ignore[arg-type]
    anchor = found[rarest].astype(np.int64)  # type: ignore[union-attr]
    articles = np.searchsorted(index.body.pointer, anchor, side="right") - 1
    low, high = index.body.pointer[articles], index.body.pointer[articles + 1]
    starts = anchor - rarest
    # Every word counts the same here, "the" as much as "Federal": a passage is known by all
    # of its words in their order. A run never crosses from one article into the next.
    score = np.zeros(len(starts), dtype=np.float32)
    for i in usable:
        positions = found[i]
        assert positions is not None
        target = starts + i
        at = np.minimum(np.searchsorted(positions, target), len(positions) - 1)
        score += (positions[at] == target) & (target >= low) & (target < high)
    keep = score >= 0.5 * len(slots)
    if not keep.any():
        return _NO_RUNS
    starts, score, articles = starts[keep], score[keep], articles[keep]
    order = np.lexsort((-score, articles))
    articles, score, starts = articles[order], score[order], starts[order]
    first = np.concatenate(([True], articles[1:] != articles[:-1]))
    return _InOrder(articles[first], (score[first] / len(slots)).astype(np.float32), starts[first])


def _lookup(
    index: SearchIndex, slots: Sequence[_Slot]
) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]]:
    """For every term id: which query word it stands for (-1: none) and with what weight."""
    slot_of = np.full(len(index.vocabulary), -1, dtype=np.int16)
    weight_of = np.zeros(len(index.vocabulary), dtype=np.float32)
    for number, slot in reversed(list(enumerate(slots))):
        slot_of[slot.term_ids] = number
        weight_of[slot.term_ids] = slot.weights
    return slot_of, weight_of


@dataclass(frozen=True, slots=True)
class _Passage:
    start: int
    end: int
    covered: float  # share of the query's weight found together
    marks: tuple[Span, ...]


def _best_passages(
    sequence: TermSequence,
    articles: Sequence[int],
    slots: Sequence[_Slot],
    lookup: tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]],
) -> list[_Passage | None]:
    """For each of `articles`, the tightest run of its terms that holds the most of the query:
    the run starting at a matching term that reaches, within a few terms, the most query words
    (weighted), the earliest of the best. Done for all the articles at once, in arrays: one
    article at a time, numpy's per-call overhead was half of a query's time."""
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
    window = len(slots) + 3
    score = np.zeros(len(positions), dtype=np.float32)
    reach = positions.copy()
    for number in range(len(slots)):
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
    all_weight = sum(float(weight_of[slot.term_ids].max()) for slot in slots if len(slot.term_ids))
    # Per article, the best score at its earliest place: sort by article, score down, place.
    order = np.lexsort((positions, -score, owner))
    leaders = order[np.concatenate(([True], owner[order][1:] != owner[order][:-1]))]
    passages: list[_Passage | None] = [None] * len(bounds)
    starts, ends = sequence.starts[tokens], sequence.ends[tokens]
    for best in leaders.tolist():
        first, last = int(positions[best]), int(reach[best])
        inside = positions[np.searchsorted(positions, first) : np.searchsorted(positions, last, side="right")]
        marks = tuple(zip(starts[inside].tolist(), ends[inside].tolist(), strict=True))
        passages[int(owner[best])] = _Passage(
            int(starts[first]), int(ends[last]), float(score[best]) / max(all_weight, 1e-9), marks
        )
    return passages


Lookup = tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]]


def _close_look(
    index: SearchIndex,
    article: int,
    score: float,
    run: tuple[float, int | None],
    slots: Sequence[_Slot],
    lookup: Lookup,
    passages: tuple[_Passage | None, _Passage | None],
) -> Hit | None:
    """The hit of one article, from its best passages in the title and the body."""
    in_order, run_start = run
    title, body = passages
    if run_start is not None and body is not None and in_order > body.covered and in_order * len(slots) >= 2:
        body = _run_passage(index, article, run_start, len(slots), lookup) or body
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


def _run_passage(
    index: SearchIndex, article: int, start: int, length: int, lookup: Lookup
) -> _Passage | None:
    """The passage of a run of query words in the typed order, from its first to last match."""
    part = index.body.of(article)
    first, last = max(start, part.start), min(start + length, part.stop)  # within the article
    matched = [p for p in range(first, last) if lookup[0][index.body.term_ids[p]] >= 0]
    if not matched:
        return None
    marks = tuple((int(index.body.starts[p]), int(index.body.ends[p])) for p in matched)
    return _Passage(marks[0][0], marks[-1][1], 1.0, marks)


def _official_hit(index: SearchIndex, article: Article, slots: Sequence[_Slot]) -> _Passage | None:
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
    return _Passage(start, end, 0.0, ((start, end),))


def _has_phrases(index: SearchIndex, article: int, slots: Sequence[_Slot]) -> bool:
    """Whether every quoted phrase of the query stands in the article word for word."""
    phrases: dict[int, list[int]] = {}
    for slot in slots:
        if slot.term.phrase is not None:
            phrases.setdefault(slot.term.phrase, []).append(index.term_ids.get(slot.term.text, -1))
    for sequence in (index.body, index.title):
        ids = sequence.term_ids[sequence.of(article)]
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
    """Every place in article `article`'s body where a word of `query` matches (typos and
    prefixes as in `search`), in order: what `n` and `N` step through in the reader."""
    slots = [_expand(index, term) for term in parse_query(query)]
    if not slots or not 0 <= article < len(index.articles):
        return []
    wanted = np.concatenate([slot.term_ids for slot in slots]) if slots else np.empty(0, np.int32)
    part = index.body.of(article)
    inside = np.nonzero(np.isin(index.body.term_ids[part], wanted))[0]
    starts, ends = index.body.starts[part], index.body.ends[part]
    return [(int(starts[p]), int(ends[p])) for p in inside]
