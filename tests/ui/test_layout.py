"""The reader's layout and highlight index, without an app: line counts agree with Textual's own
wrapping, and each piece of text gets exactly the highlights over it."""

from __future__ import annotations

import random

import pytest
from tests.big import repeated
from textual.content import Content

import flagreader
from flagreader.model import Article, Paragraph
from flagreader.ui import layout
from flagreader.ui.highlight import SpanIndex
from flagreader.ui.layout import CHUNK, EXACT_BUDGET, LINES_PER_BLOCK, MARGIN, lay_out, simple_lines

WORDS = ["a", "an", "the", "Bilisbekov", "£1,400", "“Yes,”", "—", "state-of-the-art", "x" * 30, "naïve"]
SPACES = [" ", " ", " ", "  ", "\u00a0", " \u2003 "]


def textual_lines(text: str, width: int) -> list[str]:
    return [line.plain for line in Content(text).wrap(width)]


def test_simple_lines_break_where_textual_does() -> None:
    """Random prose with long words, runs of spaces, no-break and em spaces: whenever the
    quick count applies, its lines are Textual's (the spaces at a break aside)."""
    rng = random.Random(11)
    checked = 0
    for _ in range(4000):
        text = "".join(rng.choice(WORDS) + rng.choice(SPACES) for _ in range(rng.randint(0, 40)))
        text = text.strip() if rng.random() < 0.7 else text
        width = rng.randint(1, 50)
        lines = simple_lines(text, width)
        if lines is None:
            continue
        checked += 1
        expected = textual_lines(text, width)
        assert [line.rstrip() for line in lines[:-1]] == expected[:-1], (text, width)
        assert lines[-1].rstrip() == expected[-1].rstrip() and "".join(lines) == text
    assert checked > 1000


@pytest.mark.parametrize("text", ["東京 wide", "zero\u200bwidth", "tab\there", "two\nlines", "esc \x1b[2J"])
def test_text_textual_must_wrap_is_left_to_it(text: str) -> None:
    assert simple_lines(text, 20) is None


def test_a_word_longer_than_the_line_is_left_to_textual() -> None:
    assert simple_lines("a " + "x" * 30 + " b", 20) is None
    assert simple_lines("a " + "x" * 20 + " b", 20) == ["a ", "x" * 20 + " ", "b"]


def test_span_index_finds_each_span_over_a_piece_once() -> None:
    rng = random.Random(7)
    spans: dict[str, list[tuple[int, int]]] = {"quote": [], "official": []}
    for _ in range(3000):
        start = rng.randint(0, 60_000)
        spans[rng.choice(["quote", "official"])].append((start, start + rng.choice([1, 5, 40, 9000, 30_000])))
    index = SpanIndex(spans)
    for _ in range(300):
        start = rng.randint(0, 70_000)
        end = start + rng.randint(1, 12_000)
        expected = sorted(
            (s, e, kind) for kind, found in spans.items() for s, e in found if s < end and e > start
        )
        assert sorted(index.within(start, end)) == expected


def test_a_layout_covers_the_article_in_order() -> None:
    """Blocks follow the text, each paragraph's last one with its blank line after, and a
    simple paragraph's blocks hold its lines as Textual wraps the whole paragraph."""
    seed = flagreader.load_corpus().articles[0]
    article = repeated(seed, 30, one_paragraph=True)
    width = 61

    def measure(text: str) -> int:
        return Content(text).get_height({}, width)

    layout = lay_out(article, [(1, 1, 0)], width, measure)
    blocks = layout.blocks[1:]
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)
    assert all(b.below == 0 for b in blocks[:-1]) and blocks[-1].below == MARGIN
    wrapped = textual_lines(article.body, width)
    assert layout.total == 1 + 1 + len(wrapped) + MARGIN
    assert all(height == LINES_PER_BLOCK for height in layout.heights[1:-1])
    pieces = [Content(article.body[block.start : block.end]) for block in blocks]
    drawn = [line.plain for piece in pieces for line in piece.wrap(width)]
    assert drawn == [line.rstrip() for line in wrapped[:-1]] + wrapped[-1:]


def test_past_the_budget_text_textual_must_wrap_is_estimated() -> None:
    body = " ".join(["東京 Tokyo said the minister"] * (2 * EXACT_BUDGET // 28))
    article = Article("x", "x.txt", "Wide", None, None, None, body, (Paragraph(0, len(body)),))
    measured: list[str] = []

    def measure(text: str) -> int:
        measured.append(text)
        return Content(text).get_height({}, 40)

    layout = lay_out(article, [], 40, measure)
    assert EXACT_BUDGET <= sum(map(len, measured)) < EXACT_BUDGET + CHUNK
    assert layout.estimated == set(range(len(measured), len(layout.blocks)))
    exact = sum(
        Content(body[block.start : block.end]).get_height({}, 40) + block.below
        for number, block in enumerate(layout.blocks)
        if number in layout.estimated
    )
    guessed = sum(layout.heights[number] for number in layout.estimated)
    assert abs(guessed - exact) < 0.05 * exact  # learnt from the blocks measured: two cells a character


def test_the_characters_not_one_cell_wide_are_rich_s() -> None:
    """Read from rich's table, they are the characters rich itself measures as not one cell."""

    def codes(ranges: list[tuple[int, int]]) -> set[int]:
        return {code for first, last in ranges for code in range(first, last + 1)}

    assert codes(layout._not_one_cell()) == codes(layout.scan_not_one_cell())
