"""Big articles for tests, made from an extracted one without extracting again."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import TypeVar

from flagreader.formats import PARAGRAPH_SEPARATOR
from flagreader.model import Article, DateMention, Figure, Paragraph, Quote, Span, content_id

Placed = TypeVar("Placed", Figure, DateMention, Quote)


def repeated(article: Article, copies: int, *, one_paragraph: bool = False, suffix: str = "") -> Article:
    """`article`'s paragraphs `copies` times over (each ending in `suffix`), joined as
    paragraphs or as one paragraph, with its officials, figures, dates and quotes moved along
    with their text (people and acronyms are left out)."""
    separator = " " if one_paragraph else PARAGRAPH_SEPARATOR
    texts: list[str] = []
    moved: dict[int, list[int]] = {index: [] for index in range(len(article.paragraphs))}
    paragraphs: list[Paragraph] = []
    offset = 0
    for _ in range(copies):
        for index, paragraph in enumerate(article.paragraphs):
            text = article.paragraph_text(paragraph) + suffix
            moved[index].append(offset)
            paragraphs.append(Paragraph(offset, offset + len(text), paragraph.kind))
            texts.append(text)
            offset += len(text) + len(separator)
    body = separator.join(texts)
    starts = [paragraph.start for paragraph in article.paragraphs]

    def spans(start: int, end: int) -> list[Span]:
        """Where the text at start:end of the original is, in every copy."""
        index = bisect_right(starts, start) - 1
        first = article.paragraphs[index].start
        return [(at + start - first, at + end - first) for at in moved[index]]

    def each(items: tuple[Placed, ...], **fields: object) -> tuple[Placed, ...]:
        copies_of = [spans(item.start, item.end) for item in items]
        return tuple(
            replace(item, start=copy_of[number][0], end=copy_of[number][1], **fields)
            for number in range(copies)
            for item, copy_of in zip(items, copies_of, strict=True)
        )

    officials = tuple(
        replace(official, mentions=tuple(place for mention in official.mentions for place in spans(*mention)))
        for official in article.officials
    )
    title = f"{article.title} ({copies} times)"
    return replace(
        article,
        id=content_id(title, body),
        title=title,
        body=body,
        paragraphs=(Paragraph(0, len(body)),) if one_paragraph else tuple(paragraphs),
        officials=officials,
        figures=each(article.figures),
        dates=each(article.dates),
        quotes=each(article.quotes, speaker_mention=None),
        people=(),
        acronyms=(),
    )
