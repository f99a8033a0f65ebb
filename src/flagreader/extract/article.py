"""One article's extraction: the stages in order (see the package's docstring)."""

from __future__ import annotations

from dataclasses import replace

from flagreader.extract.acronyms import find_acronyms
from flagreader.extract.dates import find_dates
from flagreader.extract.figures import find_figures
from flagreader.extract.names import find_names
from flagreader.extract.people import find_people
from flagreader.extract.quotes import quotes_and_cast
from flagreader.extract.sentences import SentenceIndex, sentence_spans
from flagreader.model import Article, Official, Paragraph

__all__ = ["extract_article"]


def extract_article(article: Article) -> Article:
    """Return a copy of `article` with officials, figures, dates, quotes and acronyms filled in."""
    body = article.body
    if not article.paragraphs and body.strip():  # built by hand: the body is one paragraph
        article = replace(article, paragraphs=(Paragraph(0, len(body)),))
    sentences = SentenceIndex(sentence_spans(body, article.paragraphs))
    names = find_names(body)
    people = find_people(body, sentences, article.caption, names)
    dates = find_dates(body, article.published)
    figures = find_figures(body, dates, sentences.spans)
    quotes, cast = quotes_and_cast(body, article.paragraphs, people, sentences, names)
    mentions: dict[int, list[tuple[int, int]]] = {}
    for start, end, person in people.mentions:
        mentions.setdefault(id(person), []).append((start, end))
    officials = tuple(
        Official(
            name=person.name,
            role=max(person.roles, key=len),
            roles=tuple(person.roles),
            mentions=tuple(sorted(mentions.get(id(person), []))),
        )
        for person in people.persons
        if person.roles
    )
    return replace(
        article,
        officials=officials,
        figures=tuple(figures),
        dates=tuple(dates),
        quotes=tuple(quotes),
        people=cast.people(body),
        acronyms=tuple(find_acronyms(body)),
        extracted=True,
    )
