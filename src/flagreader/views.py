"""Tables across a corpus for the reader's views: figures side by side, quotes by speaker.

Headless: the UI shows these rows; scripts and tests use them as they are.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from flagreader.model import Article, Corpus, Figure, Quote


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure with what it counts, who gave it and where."""

    article: Article
    figure: Figure
    given_by: str | None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quotation (its pieces joined) with its speaker and article."""

    article: Article
    quote: Quote
    text: str
    speaker: str | None


def _given_by(article: Article, figure: Figure) -> str | None:
    """The speaker of the quote the figure stands in, else the official named last before it
    in the same paragraph ("Bilisbekov said that around 150 ..."), else None."""
    for quote in article.quotes:
        if quote.start <= figure.start < quote.end:
            return quote.speaker
    starts = [p.start for p in article.paragraphs]
    paragraph = article.paragraphs[max(0, bisect_right(starts, figure.start) - 1)]
    best: tuple[int, str] | None = None
    for official in article.officials:
        for start, _ in official.mentions:
            if paragraph.start <= start < figure.start and (best is None or start > best[0]):
                best = (start, official.name)
    return best[1] if best else None


def figure_rows_of(article: Article) -> list[FigureRow]:
    """Every figure of one article, in order."""
    return [FigureRow(article, figure, _given_by(article, figure)) for figure in article.figures]


def figure_rows(corpus: Corpus) -> list[FigureRow]:
    """Every figure in the corpus, in article order."""
    return [row for article in corpus.articles for row in figure_rows_of(article)]


def quote_rows_of(article: Article) -> list[QuoteRow]:
    """Every quotation of one article, its running pieces joined, in order."""
    rows: list[QuoteRow] = []
    pieces: list[Quote] = []
    for quote in article.quotes:
        pieces.append(quote)
        if quote.continues:
            continue
        rows.append(QuoteRow(article, pieces[0], " ".join(p.text.strip() for p in pieces), pieces[0].speaker))
        pieces = []
    if pieces:
        rows.append(QuoteRow(article, pieces[0], " ".join(p.text.strip() for p in pieces), pieces[0].speaker))
    return rows


def by_speaker(speaker: str | None) -> tuple[bool, str]:
    """The order quotes are grouped in: named speakers first, by name; then nobody's."""
    return (speaker is None, speaker or "")


def quote_rows(corpus: Corpus) -> list[QuoteRow]:
    """Every quotation, its running pieces joined, grouped by speaker (named ones first)."""
    rows = [row for article in corpus.articles for row in quote_rows_of(article)]
    return sorted(rows, key=lambda row: by_speaker(row.speaker))
