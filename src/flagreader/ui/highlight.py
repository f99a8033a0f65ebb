"""Article text as Textual `Content`, with officials, figures, dates and quotes styled.

Text is always data: `Content(text)` never parses markup, so "[countries]" or "[/]" in an
article shows as written. Control characters are shown as escapes, never sent to the
terminal.

Highlights are indexed by place once per article (`SpanIndex`), so styling a piece of text
touches only the spans near it: walking every span of the article for every paragraph made
a 4 MB article take 264 s to draw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from textual.content import Content, Span
from textual.style import Style

from flagreader.model import Article
from flagreader.model import Span as TextSpan
from flagreader.textsafe import terminal_safe

KINDS = ("official", "figure", "date", "quote")

STYLING_ORDER = ("quote", "date", "figure", "official", "spotlight", "match", "current")
"""What is styled over what: quotes first, so officials and figures inside a quote still show,
then the marks (a spotlit official, every search match, the current quote or match) over everything."""

_BUCKET = 4096
"""Characters of the body per bucket of `SpanIndex`."""


def shown(text: str) -> Content:
    """Text from an article, a file name or the store as Content: never markup, and control
    characters shown as escapes (Textual would pass an ESC in a Content to the terminal)."""
    return Content(terminal_safe(text))


def plain(visual: object) -> str:
    """The text of a cell or a widget's visual: a Content's without its styles, else as is."""
    return visual.plain if isinstance(visual, Content) else str(visual)


def spans_by_kind(article: Article) -> dict[str, list[TextSpan]]:
    """Every highlighted span of the article's body, per kind."""
    return {
        "official": [mention for official in article.officials for mention in official.mentions],
        "figure": [(figure.start, figure.end) for figure in article.figures],
        "date": [(date.start, date.end) for date in article.dates],
        "quote": [(quote.start, quote.end) for quote in article.quotes],
    }


def visible(text: str) -> str:
    """The text with control characters escaped, if (rarely) there are any; the same object
    otherwise, so span offsets stay right (`visible(text) is text` says they do)."""
    return text if text.isprintable() else terminal_safe(text)


class SpanIndex:
    """Spans of one article by place: each kept in the buckets of 4,096 characters it overlaps,
    so finding those over a piece of text looks only at the buckets under it.

    Built in one pass over the spans (linear; a span is in more than one bucket only when it
    is longer than a bucket, and spans of one kind do not overlap).
    """

    def __init__(self, spans: Mapping[str, Iterable[TextSpan]]) -> None:
        self._buckets: defaultdict[int, list[tuple[int, int, str]]] = defaultdict(list)
        buckets = self._buckets
        for kind, found in spans.items():
            for start, end in found:
                if end <= start:
                    continue
                first, last = start // _BUCKET, (end - 1) // _BUCKET
                if first == last:  # nearly every span
                    buckets[first].append((start, end, kind))
                else:
                    for bucket in range(first, last + 1):
                        buckets[bucket].append((start, end, kind))

    @classmethod
    def of(cls, article: Article) -> SpanIndex:
        """The article's officials, figures, dates and quotes, by place."""
        return cls(spans_by_kind(article))

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Every span that overlaps `start:end` (once each), as (start, end, kind)."""
        found: list[tuple[int, int, str]] = []
        if end <= start:
            return found
        for bucket in range(start // _BUCKET, (end - 1) // _BUCKET + 1):
            for span in self._buckets.get(bucket, ()):
                # A span over several buckets is taken from the first of them in start:end.
                if span[0] < end and span[1] > start and max(span[0], start) // _BUCKET == bucket:
                    found.append(span)
        return found


def styled(
    raw: str,
    offset: int,
    spans: Sequence[tuple[int, int, str]],
    styles: Mapping[str, Style],
) -> Content:
    """`raw` (the body's text from `offset`) as Content, with each span (body offsets) in its
    kind's style, kinds styled in `STYLING_ORDER`; a kind without a style is not shown.

    Text with control characters is shown escaped and plain: the escapes no longer line up
    with the spans.
    """
    text = visible(raw)
    if text is not raw:
        return Content(text)
    rank = {kind: number for number, kind in enumerate(STYLING_ORDER)}
    end = offset + len(raw)
    return Content(
        text,
        [
            Span(max(start, offset) - offset, min(stop, end) - offset, style)
            for start, stop, kind in sorted(spans, key=lambda span: rank[span[2]])
            if (style := styles.get(kind)) is not None
        ],
    )
