"""Snippets: a one-line excerpt around a passage, with the matched words' places in it."""

from __future__ import annotations

from flagreader.model import Span

_SNIPPET_CONTEXT = 70  # characters of context either side of a passage


def snippet(text: str, start: int, end: int, marks: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """A one-line excerpt around text[start:end], and where the `marks` fall in it."""
    start_at, end_at = start, end
    start = max(0, start_at - _SNIPPET_CONTEXT)
    end = min(len(text), end_at + _SNIPPET_CONTEXT)
    if start > 0:
        start = text.find(" ", start, start_at) + 1 or start
    if end < len(text):
        space = text.rfind(" ", end_at, end)
        end = space if space > 0 else end
    prefix = "…" if start > 0 else ""
    excerpt = text[start:end]
    breaks = []  # where paragraph breaks start ("\n\n"), overlapping ones too
    at = excerpt.find("\n\n")
    while at >= 0:
        breaks.append(at)
        at = excerpt.find("\n\n", at + 1)

    def moved(offset: int) -> int:
        """Where an offset of the excerpt lands once each paragraph break is one space."""
        return offset - sum(1 for at in breaks if at < offset - 1) + len(prefix)

    line = prefix + excerpt.replace("\n\n", " ").replace("\n", " ") + ("…" if end < len(text) else "")
    marks = tuple((moved(s - start), moved(e - start)) for s, e in marks if start <= s and e <= end)
    return line, marks
