"""Tables across a corpus for the reader's views: figures side by side, quotes by speaker.

Headless: the UI shows these rows; scripts and tests use them as they are.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

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


_SCALE_NAMES = ((1_000_000_000_000, "tn"), (1_000_000_000, "bn"), (1_000_000, "m"))


def _amount(value: float) -> str:
    """A number as a reader writes it, exactly: "4.06tn" where that is exact, else every digit
    ("1,234,567"); never a float's rounding error."""
    exact = Decimal(repr(float(value)))
    for size, name in _SCALE_NAMES:
        if abs(exact) >= size:
            scaled = exact / size
            if scaled == round(scaled, 3):
                return f"{scaled.normalize():f}".rstrip(".") + name
            break
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


def shown_value(figure: Figure) -> str:
    """A figure's value with its unit: "$4.06tn", "15.8%", "2,000-4,000", "150"."""
    if figure.value is not None:
        text = _amount(figure.value)
    elif figure.low is not None and figure.high is not None:
        text = f"{_amount(figure.low)}-{_amount(figure.high)}"
    else:
        text = "?"
    unit = figure.unit
    if not unit:
        return text
    if unit == "%":
        return text + "%"
    return unit + text if len(unit) == 1 else f"{text} {unit}"


def value_order(figure: Figure) -> tuple[str, float, float]:
    """How figures sort by value: by unit first (plain numbers, then each currency, then
    percentages), then by number (a range by its low end): trillions of rials never sit among
    dollars."""
    low = figure.value if figure.value is not None else figure.low
    high = figure.value if figure.value is not None else figure.high
    return (figure.unit or "", float(low or 0), float(high or 0))


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
