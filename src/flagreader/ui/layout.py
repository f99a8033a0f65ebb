"""The reader's text laid out in lines at one width: which block of text each line shows.

Wrapping a 20 MB article as Textual does (rich's `divide_line`, a Python loop over words) takes
about 5 s. So the layout counts lines without building any Content:

- a paragraph of simple text (every character one cell wide, no tab or newline, no word
  longer than the width) is wrapped by one regular expression that makes exactly the same
  greedy breaks, at over 100 MB/s, and cut into blocks of `LINES_PER_BLOCK` lines at line
  breaks (wrapping a block alone then gives the same lines as wrapping the paragraph);
- any other paragraph (wide or zero-width characters, escaped control characters) is cut
  into blocks of about `CHUNK` characters at spaces (each wrapped alone: a huge paragraph gets
  a short line every few thousand characters) and measured by Textual itself, up to
  `EXACT_BUDGET` characters per layout; blocks past the budget get an estimated height until
  they come near the view (`BlockView` measures them then, keeping what the view shows).

Only blocks on screen are ever styled and wrapped into strips (`BlockView`, `ReaderPane`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from rich.cells import get_character_cell_size

from flagreader.model import Article

LINES_PER_BLOCK = 48
"""Lines of a simple paragraph per block: a few blocks fill a screen."""
CHUNK = 4096
"""Characters per block of a paragraph that is not simple text."""
EXACT_BUDGET = 256 * 1024
"""Characters of text that is not simple measured exactly in one layout (~0.1 s)."""
MARGIN = 1
"""Blank lines after each paragraph, before the legend and after it, and above the title."""


def _not_one_cell() -> list[tuple[int, int]]:
    """The ranges of the Basic Multilingual Plane whose characters Textual does not count as one
    cell (zero-width and wide characters, controls): from rich's cell table where this rich has
    one (rich 15), else by asking rich about every character (`scan_not_one_cell`)."""
    try:
        from rich._unicode_data import load
    except ImportError:
        return scan_not_one_cell()
    table = [(first, min(last, 0xFFFF)) for first, last, width in load("auto").widths if width != 1]
    return [(0x00, 0x1F), (0x7F, 0x9F), *((first, last) for first, last in table if first <= last)]


def scan_not_one_cell() -> list[tuple[int, int]]:
    """`_not_one_cell` found with rich's public measure, character by character (~80 ms)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if get_character_cell_size(chr(code)) != 1:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


def _odd_characters() -> re.Pattern[str]:
    """Any character that is not one cell wide, a tab, a newline, a character shown escaped
    (`terminal_safe`), or anything outside the Basic Multilingual Plane (one range keeps the
    pattern a fast bitmap)."""
    ranges = ["\u202a-\u202e\u2066-\u2069\ud800-\udfff\U00010000-\U0010ffff"]
    ranges += [f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in _not_one_cell()]
    return re.compile(f"[{''.join(ranges)}]")


_ODD = _odd_characters()


@lru_cache(maxsize=16)
def _line_pattern(width: int) -> re.Pattern[str]:
    # One line: the longest run of at most `width` characters that ends a word, and the
    # spaces after it (greedy, as divide_line: a word goes on the line if it fits).
    return re.compile(rf".{{0,{width - 1}}}\S(?=\s|\Z)\s*")


def simple_lines(text: str, width: int) -> list[str] | None:
    """The lines Textual wraps `text` into at `width` (each with the spaces that end it), or
    None when the text is not simple (see the module doc) and Textual must measure it."""
    if width < 1 or _ODD.search(text):
        return None
    lines: list[str] = _line_pattern(width).findall(text)
    if sum(map(len, lines)) != len(text):
        return None  # a gap: a word longer than the width (folded), or leading spaces
    return lines or [text]


class Block(NamedTuple):
    """A piece of the pane wrapped on its own: a header line's text, or part of a paragraph.

    Attributes:
        start: Offset of its text in the article's body; for a header block, which one.
        end: Offset just past its text (without the spaces a line break swallows).
        paragraph: The paragraph's index, or -1 for a header block.
        above: Blank lines before it.
        below: Blank lines after it.
    """

    start: int
    end: int
    paragraph: int
    above: int = 0
    below: int = 0


Measure = Callable[[str], int]
"""Lines a piece of the body takes at the layout's width, as Textual wraps it."""


@dataclass
class Layout:
    """Blocks and their heights (lines, margins included) at one width."""

    width: int
    blocks: list[Block] = field(default_factory=list)
    heights: list[int] = field(default_factory=list)
    estimated: set[int] = field(default_factory=set)
    """Blocks whose height is a guess until they are measured."""
    first_blocks: list[int] = field(default_factory=list)
    """Each paragraph's first block."""
    _tops: list[int] | None = None
    _starts: list[int] | None = None

    @property
    def tops(self) -> list[int]:
        """The first line of each block, and the total after the last."""
        if self._tops is None:
            self._tops = [0, *accumulate(self.heights)]
        return self._tops

    @property
    def total(self) -> int:
        """Lines in all."""
        return self.tops[-1]

    def find(self, line: int) -> tuple[int, int]:
        """The block showing `line`, and which of its lines (margins counted) it is."""
        block = min(max(0, bisect_right(self.tops, line) - 1), len(self.blocks) - 1)
        return block, line - self.tops[block]

    def block_at(self, offset: int) -> int | None:
        """The paragraph block whose text holds body `offset` (or the one before a gap), or
        None when there are no paragraphs."""
        if not self.first_blocks:
            return None
        first = self.first_blocks[0]
        if self._starts is None:
            self._starts = [block.start for block in self.blocks[first:]]
        return first + max(0, bisect_right(self._starts, offset) - 1)

    def paragraph_lines(self, paragraph: int) -> tuple[int, int]:
        """The first line of a paragraph and how many lines its text takes (no margin)."""
        first = self.first_blocks[paragraph]
        last = paragraph + 1 == len(self.first_blocks)
        after = len(self.blocks) if last else self.first_blocks[paragraph + 1]
        return self.tops[first], self.tops[after] - self.tops[first] - self.blocks[after - 1].below

    def set_height(self, block: int, lines: int) -> None:
        """A block's measured height (its text's lines; the margins are added here)."""
        entry = self.blocks[block]
        self.heights[block] = entry.above + lines + entry.below
        self.estimated.discard(block)
        self._tops = None

    def add(self, block: Block, lines: int, estimated: bool = False) -> None:
        if estimated:
            self.estimated.add(len(self.blocks))
        self.blocks.append(block)
        self.heights.append(block.above + lines + block.below)


def _cuts(text: str, size: int) -> list[int]:
    """Where to cut `text` into pieces of at most about `size` characters: after a space in
    the second half of each piece, else (one long word) at `size`."""
    cuts, start = [0], 0
    while len(text) - start > size:
        space = text.rfind(" ", start + size // 2, start + size)
        start = space + 1 if space > 0 else start + size
        cuts.append(start)
    return cuts


@dataclass
class _Budget:
    """Characters of text that is not simple still to measure exactly in this layout, and what
    the measured ones took (to estimate the rest from: wide characters take two cells)."""

    left: int
    characters: int = 0
    lines: int = 0

    def estimate(self, length: int, width: int) -> int:
        if not self.characters:
            return max(1, -(-length // width))
        return max(1, round(length * self.lines / self.characters))


def lay_out(article: Article, header: Sequence[tuple[int, int, int]], width: int, measure: Measure) -> Layout:
    """Every block of `article` at `width`: first the header's, given as (blank lines above,
    lines, blank lines below); `measure` counts the lines of text Textual must wrap itself."""
    layout = Layout(width)
    for index, (above, height, below) in enumerate(header):
        layout.add(Block(index, index, -1, above, below), height)
    budget = _Budget(EXACT_BUDGET)
    body = article.body
    for number, paragraph in enumerate(article.paragraphs):
        layout.first_blocks.append(len(layout.blocks))
        text = body[paragraph.start : paragraph.end]
        lines = simple_lines(text, width)
        if lines is not None:
            _add_simple(layout, number, paragraph.start, lines)
        else:
            _add_measured(layout, number, paragraph.start, text, measure, budget)
    return layout


def _add_simple(layout: Layout, number: int, start: int, lines: list[str]) -> None:
    """A simple paragraph's blocks: `LINES_PER_BLOCK` lines each, cut at line breaks."""
    ends = [0, *accumulate(map(len, lines))]
    for first in range(0, len(lines), LINES_PER_BLOCK):
        last = min(first + LINES_PER_BLOCK, len(lines))
        end = start + ends[last]
        if last < len(lines):  # the spaces at the break belong to no line
            end -= len(lines[last - 1]) - len(lines[last - 1].rstrip())
        below = MARGIN if last == len(lines) else 0
        layout.add(Block(start + ends[first], end, number, 0, below), last - first)


def _add_measured(
    layout: Layout, number: int, start: int, text: str, measure: Measure, budget: _Budget
) -> None:
    """Blocks of about `CHUNK` characters of a paragraph Textual must wrap: measured while the
    budget lasts, estimated after."""
    cuts = [*_cuts(text, CHUNK), len(text)]
    for cut, after in zip(cuts, cuts[1:], strict=False):
        piece = text[cut:after].rstrip() if after < len(text) else text[cut:after]
        below = MARGIN if after == len(text) else 0
        block = Block(start + cut, start + cut + len(piece), number, 0, below)
        if budget.left > 0:
            lines = measure(piece)
            budget.left -= len(piece)
            budget.characters += len(piece)
            budget.lines += lines
            layout.add(block, lines)
        else:
            layout.add(block, budget.estimate(len(piece), layout.width), estimated=True)
