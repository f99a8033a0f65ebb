"""A search reads a corpus indexed in segments (a file at a time, with deletions and merges)
exactly as it reads the same corpus indexed at once: the same hits, scores, passages, marks
and matches. Checked on random sequences of added, edited, removed and renamed articles."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flagreader
from flagreader.formats import Block, ParsedDocument, assemble
from flagreader.model import Article, Corpus
from flagreader.search.engine import match_spans, search
from flagreader.search.index import SearchIndex, place
from flagreader.search.merging import FACTOR, Sized, merged, merges_due, most_segments, tier
from flagreader.search.parts import index_key, index_part
from flagreader.search.segment import DamagedSegment, Segment

QUERIES = [
    "prosecutor",
    "prosecuter genral",
    "kazakh citizns",
    '"national security"',
    "official:bilisbekov",
    "quote:deceived",
    "the minister said",
    "rain",
    "in order to",
    "2,000",
    "bil",
    "calm population",
    "Žarylgasov",
    "title:report",
    "fighters syria 150",
]

_SENTENCES = [
    "Deputy Prosecutor Aspenbi Žarylgasov said the population was calm.",
    "Rain is expected across the region, the forecaster said.",
    "The ministry spent 2,000 million on roads and 150 on signs.",
    '"We know of about 150 fighters," the minister said. "In order to stop them, we act."',
    "The census counted the population of the region again, in order to plan.",
    "Prime Minister Tony Blair said the national security report was calm reading.",
    '"Rain, rain and rain," said the prosecutor general. "Calm down."',
    "Kazakh citizens fighting in Syria number 150, the report said.",
]


@cache
def pool() -> tuple[Article, ...]:
    """Articles to add and edit with: the seed posts, and short ones made of a few sentences,
    some the same text with other white space (the same id, other offsets), extracted once."""
    articles = list(flagreader.load_corpus().articles)
    for number in range(14):
        picked = [_SENTENCES[(number * 3 + k) % len(_SENTENCES)] for k in range(1 + number % 3)]
        blocks = [Block(text) for text in picked]
        title = ["Report", "Calm Waters", "Budget", "Rain Report"][number % 4] + f" {number % 5}"
        articles.append(assemble(ParsedDocument(title=title, blocks=blocks), f"a{number}.txt", "text"))
        if number % 4 == 0:  # the same words, one paragraph: the same id, other offsets
            one = [Block(" ".join(picked))]
            articles.append(assemble(ParsedDocument(title=title, blocks=one), f"b{number}.txt", "text"))
    corpus = Corpus(articles=articles)
    flagreader.extract_corpus(corpus)
    return tuple(corpus.articles)


def hits_of(index: SearchIndex, query: str) -> list[tuple[object, ...]]:
    return [
        (hit.article.source, hit.score, hit.field, hit.start, hit.end, hit.snippet, hit.marks)
        for hit in search(index, query, 10)
    ]


def assert_same_search(incremental: SearchIndex, fresh: SearchIndex) -> None:
    for query in QUERIES:
        assert hits_of(incremental, query) == hits_of(fresh, query), query
    for position in range(len(fresh.articles)):
        assert match_spans(incremental, "calm rain", position) == match_spans(fresh, "calm rain", position)


@dataclass
class Archive:
    """A corpus kept as an archive is: articles in order of their files, indexed a change at a
    time into segments, merged now and then."""

    articles: list[Article]
    segments: list[Segment]

    def index(self) -> SearchIndex:
        keys = [index_key(article) for article in self.articles]
        where, missing = place(self.segments, keys)
        if missing:  # new and changed articles: a segment of their own
            self.segments.append(Segment.from_parts([index_part([self.articles[p] for p in missing])]))
            where, missing = place(self.segments, keys)
        assert not missing
        return SearchIndex.of(self.articles, list(self.segments), where)

    def merge(self, numbers: list[int]) -> None:
        index = self.index()
        live = [np.nonzero(index.placed[number].where >= 0)[0] for number in numbers]
        made = merged([self.segments[number] for number in numbers], live)
        self.segments = [s for n, s in enumerate(self.segments) if n not in numbers]
        if made.size:
            self.segments.append(made)


operations = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "remove", "rename", "merge", "index"]), st.integers(0, 10**6)),
    min_size=1,
    max_size=14,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.integers(1, 6), steps=operations)
def test_an_index_made_a_change_at_a_time_searches_as_one_made_at_once(
    start: int, steps: list[tuple[str, int]]
) -> None:
    articles = pool()
    archive = Archive([replace(a, source=f"f{n:03}") for n, a in enumerate(articles[:start])], [])
    archive.index()
    for step, (what, number) in enumerate(steps):
        size = len(archive.articles)
        if what == "add" or size == 0:
            added = replace(articles[number % len(articles)], source=f"g{step:03}-{number}")
            archive.articles.insert(number % (size + 1), added)
        elif what == "edit":
            at = number % size
            archive.articles[at] = replace(
                articles[number % len(articles)], source=archive.articles[at].source
            )
        elif what == "remove":
            del archive.articles[number % size]
        elif what == "rename":  # another place in the folder: the same article, moved in the order
            moved = archive.articles.pop(number % size)
            archive.articles.insert(number % len(archive.articles or [0]), replace(moved, source=f"r{step}"))
        elif what == "merge" and len(archive.segments) > 1:
            first = number % len(archive.segments)
            archive.merge(sorted({first, (first + 1) % len(archive.segments)}))
        else:
            archive.index()
    if not archive.articles:
        return
    assert_same_search(archive.index(), SearchIndex(archive.articles))


def test_a_corpus_in_many_segments_with_deletions_searches_as_one(tmp_path: pytest.TempPathFactory) -> None:
    """Every article its own segment, then half of them edited (their old copies deleted), then
    read back from files: the same as indexed at once."""
    articles = [replace(article, source=f"f{n:03}") for n, article in enumerate(pool())]
    archive = Archive(list(articles), [Segment.from_parts([index_part([a])]) for a in articles])
    for at in range(0, len(articles), 2):
        archive.articles[at] = replace(articles[(at + 5) % len(articles)], source=articles[at].source)
    index = archive.index()
    assert sum(int((p.where < 0).sum()) for p in index.placed) > 0  # deletions there are
    assert_same_search(index, SearchIndex(archive.articles))
    folder = tmp_path
    read = []
    for number, segment in enumerate(archive.segments):
        segment.write(folder / f"{number}.seg")  # type: ignore[operator]
        read.append(Segment.read(folder / f"{number}.seg"))  # type: ignore[operator]
    archive.segments = read
    assert_same_search(archive.index(), SearchIndex(archive.articles))


def test_a_damaged_segment_file_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    segment = Segment.from_parts([index_part(list(pool()[:3]))])
    path = tmp_path / "0.seg"  # type: ignore[operator]
    segment.write(path)
    whole = path.read_bytes()
    for damaged in (b"", b"not a segment\n", whole[: len(whole) // 2], whole[:40]):
        path.write_bytes(damaged)
        with pytest.raises(DamagedSegment):
            Segment.read(path)


def test_the_policy_merges_a_full_tier_and_mostly_deleted_segments() -> None:
    small = [Sized(10, 10)] * (FACTOR - 1)
    assert merges_due(small) == []
    assert merges_due([*small, Sized(3, 3)]) == [[FACTOR - 1, *range(FACTOR - 1)]]
    assert merges_due([Sized(5000, 10_000), Sized(10, 10)]) == [[0]]
    assert merges_due([Sized(0, 7), Sized(10, 10)]) == [[0]]
    assert tier(100) == 0 and tier(300) == 1 and tier(300 * FACTOR) == 2
    assert most_segments(100_000) == (FACTOR - 1) * (tier(100_000) + 1)


def test_ties_between_terms_are_broken_the_same_however_the_segments_number_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where a typo's terms tie on closeness and frequency, their order decides which are
    followed for word order (a common word's places are capped). Term ids follow the segments'
    order, so that order must not decide: the segments in reverse give the same hits."""
    from flagreader.search import runs

    words = ["Then", "There", "Them", "Thee", "Thew"]
    articles = [
        replace(
            assemble(
                ParsedDocument(
                    title=f"Story {n}", blocks=[Block(f"{word} men left. " * 3 + "Then the story.")]
                ),
                f"s{n}.txt",
                "text",
            ),
        )
        for n, word in enumerate(words)
    ]
    monkeypatch.setattr(runs, "_SEQUENCE_POSITIONS", 16)  # cap as a large corpus would
    fresh = SearchIndex(articles)
    backwards = Archive(articles, [Segment.from_parts([index_part([a])]) for a in reversed(articles)])
    for query in ("thex men", "thex men left", "thez"):
        assert hits_of(backwards.index(), query) == hits_of(fresh, query), query


def test_the_same_text_at_two_places_takes_a_slot_each_the_newest_first() -> None:
    text = pool()[3]
    keys = [index_key(text)] * 2  # the same article, saved under two names
    first = Segment.from_parts([index_part([text])])
    where, missing = place([first], keys)
    assert missing == [1] and where[0].tolist() == [0]
    second = Segment.from_parts([index_part([text])])
    where, missing = place([first, second], keys)
    assert missing == [] and where[1].tolist() == [0] and where[0].tolist() == [1]
