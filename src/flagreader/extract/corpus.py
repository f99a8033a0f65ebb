"""Views across a whole corpus: one entry per person, whatever each article calls them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flagreader.extract.persons import fold, name_fold
from flagreader.model import Article, Corpus, CorpusOfficial, Official, Span


@dataclass(slots=True)
class _Merged:
    name: str
    roles: list[str] = field(default_factory=list)
    articles: dict[str, None] = field(default_factory=dict)  # an ordered set
    mention_count: int = 0

    def add(self, official: Official, article_id: str) -> None:
        for role in official.roles:
            if all(fold(role) != fold(kept) for kept in self.roles):
                self.roles.append(role)
        self.articles[article_id] = None
        self.mention_count += len(official.mentions)


def corpus_officials(corpus: Corpus) -> list[CorpusOfficial]:
    """Merge the officials of every article: one entry per person, keyed by the folded name
    (accents, case and apostrophe kinds folded).

    A surname alone ("Howard") joins the full name the same article also names ("Michael
    Howard"), if it names exactly one that ends with it; else the one full name in the corpus
    that ends with it, if exactly one does. Roles that differ only in case are kept once.
    """
    merged: dict[str, _Merged] = {}
    alone: dict[str, list[tuple[Article, Official]]] = {}  # surname entries, by what they came from
    for article in corpus.articles:
        for official in article.officials:
            key = name_fold(official.name)
            merged.setdefault(key, _Merged(official.name)).add(official, article.id)
            if " " not in key:
                alone.setdefault(key, []).append((article, official))
    full_names: dict[str, list[str]] = {}
    for key in merged:
        if " " in key:
            full_names.setdefault(key.split()[-1], []).append(key)
    folded_bodies: dict[str, str] = {}
    for surname, sources in alone.items():
        owners = full_names.get(surname, [])
        if not owners:
            continue
        named = re.compile("|".join(rf"(?<!\w){re.escape(owner)}(?!\w)" for owner in owners))
        kept = []
        for article, official in sources:
            if article.id not in folded_bodies:
                folded_bodies[article.id] = name_fold(article.body)
            in_article = {found.group() for found in named.finditer(folded_bodies[article.id])}
            if len(in_article) == 1:
                merged[in_article.pop()].add(official, article.id)
            elif len(owners) == 1:
                merged[owners[0]].add(official, article.id)
            else:
                kept.append((article, official))
        if len(kept) < len(sources):
            del merged[surname]
            for article, official in kept:
                merged.setdefault(surname, _Merged(official.name)).add(official, article.id)
    order = {article.id: index for index, article in enumerate(corpus.articles)}
    return [
        CorpusOfficial(
            entry.name,
            tuple(entry.roles),
            tuple(sorted(entry.articles, key=order.__getitem__)),
            entry.mention_count,
        )
        for entry in merged.values()
    ]


def mentions_of(article: Article, name: str) -> list[Span]:
    """Where `article` mentions the person a corpus entry calls `name`: its officials with the
    same folded name, or with that name's surname alone (as `corpus_officials` merges them)."""
    key = name_fold(name)
    surname = key.split()[-1] if key else key
    return sorted(
        mention
        for official in article.officials
        if name_fold(official.name) in (key, surname)
        for mention in official.mentions
    )
