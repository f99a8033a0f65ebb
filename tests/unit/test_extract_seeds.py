"""Extraction on the seed posts against the hand-written gold in tests/gold/seeds.json.

The gold was written by reading the posts (see its `_about`); every item names its text
and which occurrence in the body it is, which these tests turn into offsets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import flagreader
from flagreader.extract.persons import fold
from flagreader.model import Article

GOLD = json.loads((Path(__file__).parents[1] / "gold" / "seeds.json").read_text(encoding="utf-8"))


def _offset(body: str, text: str, occurrence: int) -> int:
    position = -1
    for _ in range(occurrence):
        position = body.find(text, position + 1)
        assert position >= 0, f"gold text {text!r} occurrence {occurrence} not in the body"
    return position


def _span(body: str, item: dict[str, Any]) -> tuple[int, int]:
    start = _offset(body, item["text"], item["occurrence"])
    return start, start + len(item["text"])


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    corpus = flagreader.load_corpus()
    return {Path(article.source).name: article for article in corpus.articles}


CASES = [gold["file"] for gold in GOLD["articles"]]


def gold_for(name: str) -> dict[str, Any]:
    return next(gold for gold in GOLD["articles"] if gold["file"] == name)


@pytest.mark.parametrize("name", CASES)
def test_officials_roles_and_every_mention(articles: dict[str, Article], name: str) -> None:
    article, gold = articles[name], gold_for(name)
    found = {official.name: official for official in article.officials}
    assert sorted(found) == sorted(o["name"] for o in gold["officials"])
    for expected in gold["officials"]:
        official = found[expected["name"]]
        assert {fold(role) for role in official.roles} == {fold(role) for role in expected["roles"]}
        assert official.role == expected["role"]
        assert list(official.mentions) == [_span(article.body, m) for m in expected["mentions"]]


@pytest.mark.parametrize("name", CASES)
def test_figures_with_value_and_what_they_count(articles: dict[str, Article], name: str) -> None:
    article, gold = articles[name], gold_for(name)
    expected = [
        (f["text"], _span(article.body, f), f["value"], f["low"], f["high"], f["approximate"], f["counts"])
        for f in gold["figures"]
    ]
    found = [
        (f.text, (f.start, f.end), f.value, f.low, f.high, f.approximate, f.counts) for f in article.figures
    ]
    assert found == expected


@pytest.mark.parametrize("name", CASES)
def test_dates_are_dates_with_iso_and_never_figures(articles: dict[str, Article], name: str) -> None:
    article, gold = articles[name], gold_for(name)
    expected = [(d["text"], _span(article.body, d), d["iso"]) for d in gold["dates"]]
    assert [(d.text, (d.start, d.end), d.iso) for d in article.dates] == expected
    for date in article.dates:
        assert not any(f.start < date.end and date.start < f.end for f in article.figures)


@pytest.mark.parametrize("name", CASES)
def test_quotes_with_their_speakers(articles: dict[str, Article], name: str) -> None:
    article, gold = articles[name], gold_for(name)
    expected = [(q["text"], _span(article.body, q), q["speaker"]) for q in gold["quotes"]]
    assert [(q.text, (q.start, q.end), q.speaker) for q in article.quotes] == expected


@pytest.mark.parametrize("name", CASES)
def test_acronyms_tie_to_what_they_stand_for(articles: dict[str, Article], name: str) -> None:
    article, gold = articles[name], gold_for(name)
    expected = [(a["acronym"], a["expansion"], _span(article.body, a)) for a in gold["acronyms"]]
    assert [(a.acronym, a.expansion, (a.start, a.end)) for a in article.acronyms] == expected


@pytest.mark.parametrize("name", CASES)
def test_every_offset_points_at_its_text(articles: dict[str, Article], name: str) -> None:
    article = articles[name]
    for item in (*article.figures, *article.dates, *article.quotes):
        assert article.body[item.start : item.end] == item.text
    for official in article.officials:
        for start, end in official.mentions:
            assert official.name.split()[-1] in article.body[start:end]


def test_author_organisations_places_and_video_titles_are_not_officials(articles: dict[str, Article]) -> None:
    names = {official.name for article in articles.values() for official in article.officials}
    for not_official in (
        "Joanna Paraszczuk",
        "International Crisis Group",
        "Tablighi Jamaat",
        "Race Toward Good",
        "Stolen Childhood",
        "Islamic State",
    ):
        assert not any(not_official in name for name in names)


def test_one_person_across_the_corpus_keeps_every_role_and_article() -> None:
    corpus = flagreader.load_corpus()
    officials = {official.name: official for official in flagreader.corpus_officials(corpus)}
    abykaev = officials["Nurtai Abykaev"]
    assert set(abykaev.roles) == {"KNB chairman", "National Security Committee Chairman"}
    assert abykaev.articles == tuple(article.id for article in corpus.articles)
    assert abykaev.mention_count == 3  # two in the first post's body, one in the second's
    assert len(officials) == 5
