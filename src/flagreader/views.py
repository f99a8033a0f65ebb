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


def figure_rows(corpus: Corpus) -> list[FigureRow]:
    """Every figure in the corpus, in article order."""
    return [
        FigureRow(article, figure, _given_by(article, figure))
        for article in corpus.articles
        for figure in article.figures
    ]


def quote_rows(corpus: Corpus) -> list[QuoteRow]:
    """Every quotation, its running pieces joined, grouped by speaker (named ones first)."""
    rows: list[QuoteRow] = []
    for article in corpus.articles:
        pieces: list[Quote] = []
        for quote in article.quotes:
            pieces.append(quote)
            if quote.continues:
                continue
            text = " ".join(piece.text.strip() for piece in pieces)
            rows.append(QuoteRow(article, pieces[0], text, pieces[0].speaker))
            pieces = []
        if pieces:
            rows.append(
                QuoteRow(article, pieces[0], " ".join(p.text.strip() for p in pieces), pieces[0].speaker)
            )
    return sorted(rows, key=lambda row: (row.speaker is None, row.speaker or ""))
