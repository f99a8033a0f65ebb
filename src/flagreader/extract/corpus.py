"""Views across a whole corpus: one entry per person, whatever each article calls them."""

from __future__ import annotations

from dataclasses import dataclass, field

from flagreader.extract.people import fold
from flagreader.model import Article, Corpus, CorpusOfficial, Span


@dataclass(slots=True)
class _Merged:
    name: str
    roles: list[str] = field(default_factory=list)
    articles: dict[str, None] = field(default_factory=dict)  # an ordered set
    mention_count: int = 0


def corpus_officials(corpus: Corpus) -> list[CorpusOfficial]:
    """Merge the officials of every article: one entry per person, keyed by the folded name.

    A surname alone ("Ashcroft") joins the one full name that ends with it, if exactly one
    does; roles that differ only in case are kept once.
    """
    merged: dict[str, _Merged] = {}
    for article in corpus.articles:
        for official in article.officials:
            entry = merged.setdefault(fold(official.name), _Merged(official.name))
            for role in official.roles:
                if all(fold(role) != fold(kept) for kept in entry.roles):
                    entry.roles.append(role)
            entry.articles[article.id] = None
            entry.mention_count += len(official.mentions)
    full_names: dict[str, list[str]] = {}
    for key in merged:
        if " " in key:
            full_names.setdefault(key.split()[-1], []).append(key)
    for key in [key for key in merged if " " not in key]:
        owners = full_names.get(key, [])
        if len(owners) == 1:
            lone, owner = merged.pop(key), merged[owners[0]]
            owner.roles.extend(r for r in lone.roles if all(fold(r) != fold(k) for k in owner.roles))
            owner.articles.update(lone.articles)
            owner.mention_count += lone.mention_count
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
    key = fold(name)
    surname = key.split()[-1] if key else key
    return sorted(
        mention
        for official in article.officials
        if fold(official.name) in (key, surname)
        for mention in official.mentions
    )
