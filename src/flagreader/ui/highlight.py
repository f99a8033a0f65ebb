"""Article text as Textual `Content`, with officials, figures, dates and quotes styled.

Text is always data: `Content(text)` never parses markup, so "[countries]" or "[/]" in an
article shows as written. Control characters are shown as escapes, never sent to the
terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual.content import Content
from textual.style import Style

from flagreader.model import Article, Paragraph, Span
from flagreader.textsafe import terminal_safe

KINDS = ("official", "figure", "date", "quote")


def shown(text: str) -> Content:
    """Text from an article, a file name or the store as Content: never markup, and control
    characters shown as escapes (Textual would pass an ESC in a Content to the terminal)."""
    return Content(terminal_safe(text))


def spans_by_kind(article: Article) -> dict[str, list[Span]]:
    """Every highlighted span of the article's body, per kind."""
    return {
        "official": [mention for official in article.officials for mention in official.mentions],
        "figure": [(figure.start, figure.end) for figure in article.figures],
        "date": [(date.start, date.end) for date in article.dates],
        "quote": [(quote.start, quote.end) for quote in article.quotes],
    }


def _visible(text: str) -> str:
    """The text with control characters escaped, if (rarely) there are any; same length
    otherwise, so span offsets stay right."""
    return text if text.isprintable() else terminal_safe(text)


def paragraph_content(
    article: Article,
    paragraph: Paragraph,
    spans: Mapping[str, Iterable[Span]],
    styles: Mapping[str, Style],
    marks: Sequence[tuple[Span, Style]] = (),
) -> Content:
    """One paragraph with each kind's spans in its style (quotes first, so officials and
    figures inside a quote still show), then `marks` over them (a spotlit official, the
    current quote or match), in order."""
    raw = article.body[paragraph.start : paragraph.end]
    text = _visible(raw)
    content = Content(text)
    if text is not raw:
        return content  # escaped text no longer lines up with the spans: show it plain
    styled = [
        (span, style)
        for kind in ("quote", "date", "figure", "official")
        if (style := styles.get(kind)) is not None
        for span in spans.get(kind, ())
    ]
    for (start, end), style in [*styled, *marks]:
        if start < paragraph.end and end > paragraph.start:
            content = content.stylize(
                style,
                max(start, paragraph.start) - paragraph.start,
                min(end, paragraph.end) - paragraph.start,
            )
    return content
