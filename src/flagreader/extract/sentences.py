"""Sentence boundaries, which attribution and counting rules work within."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from flagreader.extract.lexicon import ABBREVIATIONS
from flagreader.model import Paragraph, Span

# End punctuation, any closing quotes or brackets, white space, then something that can
# start a sentence (a capital, a digit, an opening quote or bracket). Only from the first mark
# of a run, and never giving marks back: tried at every mark of a run of 40,000 dots, each
# try ran to the run's end (quadratic).
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"”’')\]]*+\s+(?=[\"“‘'(\[]?[A-Z0-9\u00C0-\u00DE])")
_WORD_BEFORE = re.compile(r"(\w+)\.?$")


def _ends_with_abbreviation(text: str, stop: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, stop - 12), stop + 1)
    if not match:
        return False
    word = match.group(1)
    if text[stop] != ".":
        return False
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentence_spans(body: str, paragraphs: Sequence[Paragraph]) -> list[Span]:
    """Split each paragraph of `body` into sentences; return their (start, end) spans."""
    spans: list[Span] = []
    for paragraph in paragraphs:
        start = paragraph.start
        for match in _BOUNDARY.finditer(body, paragraph.start, paragraph.end):
            if _ends_with_abbreviation(body, match.start()):
                continue
            end = match.end()
            spans.append((start, len(body[start:end].rstrip()) + start))
            start = end
        if start < paragraph.end:
            spans.append((start, paragraph.end))
    return spans


class SentenceIndex:
    """Finds the sentence that holds an offset, in O(log n)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self._starts = [start for start, _ in spans]

    def index_of(self, offset: int) -> int:
        """Return the index of the sentence containing `offset` (or the nearest before it)."""
        return max(0, bisect_right(self._starts, offset) - 1)
