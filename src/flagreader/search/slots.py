"""A query's words, each with the index terms it may stand for: itself, a longer word it begins
(the last word, still being typed), a word a typo or two away; each term weighted by how close
it is to the word and how rare it is in the corpus."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from flagreader.search.index import SearchIndex
from flagreader.search.query import QueryTerm

_EXACT, _PREFIX, _ONE_TYPO, _TWO_TYPOS = 1.0, 0.9, 0.7, 0.5
_COMPLETIONS = 30  # words the last, unfinished word may stand for


def allowed_typos(term: str) -> int:
    """Edits a word may be off by: none up to 3 letters, one up to 7, two beyond."""
    if term[:1].isdigit() or len(term) <= 3:
        return 0
    return 1 if len(term) <= 7 else 2


@dataclass(frozen=True, slots=True)
class Slot:
    """A query word and the index terms it may stand for, each with its value: how close
    the term is to the word (exact, completion, typo) times how rare it is."""

    term: QueryTerm
    term_ids: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]


def expand(index: SearchIndex, term: QueryTerm) -> Slot:
    ids, weights = _expansions(index, term.text, term.prefix and term.phrase is None, term.phrase is None)
    term_ids = np.asarray(ids, dtype=np.int32)
    closeness = np.asarray(weights, dtype=np.float32)
    idf = index.idf[term_ids]
    if len(term_ids):
        # The word most likely meant is the closest, then the most common ("generral" is
        # "general", not the rarer "generale"); the others may not count for more than it.
        meant = int(np.lexsort((-index.frequency[term_ids], -closeness))[0])
        idf = np.minimum(idf, idf[meant])
    return Slot(term, term_ids, closeness * idf)


def _expansions(index: SearchIndex, text: str, prefix: bool, fuzzy: bool) -> tuple[list[int], list[float]]:
    cache = index.expansions  # typing a query repeats most of its words
    key = (text, prefix, fuzzy)
    if key in cache:
        return cache[key]
    found: dict[int, float] = {}
    exact = index.live_term(text)
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
    # In the terms' order: term ids differ with how the corpus was cut into segments, and where
    # weights tie, the order decides (which term is the one meant, which are followed).
    ids = sorted(found, key=index.vocabulary.__getitem__)
    result = (ids, [found[term_id] for term_id in ids])
    cache[key] = result
    return result
