"""Big articles in the reader (issue 11): opening costs in proportion to the text, not to the
text times its highlights, and on a multi-megabyte article the first screen, `]`, `[`, the
highlight toggles, a resize and the end of the article behave as on a short one.

The articles are the first seed post repeated (tests/big.py), its highlights moved along:
no extraction needed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest
from rich.segment import Segment
from tests.big import repeated
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.selection import Selection

import flagreader
from flagreader.model import Article, Corpus
from flagreader.ui import clipboard
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.contrast import legible_style
from flagreader.ui.widgets import ReaderPane

Scenario = Callable[[FlagreaderApp, ReaderPane, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def no_local_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "copy_with_local_tool", lambda text, which=None: None)


@pytest.fixture(scope="module")
def seed() -> Article:
    return flagreader.load_corpus().articles[0]


def drive(article: Article, scenario: Scenario, size: tuple[int, int] = (120, 36)) -> None:
    async def main() -> None:
        app = FlagreaderApp(corpus=Corpus(articles=[article]))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            reader = app.query_one(ReaderPane)
            reader.focus()
            await scenario(app, reader, pilot)

    asyncio.run(main())


def screen(reader: ReaderPane) -> list[list[Segment]]:
    """The reader's lines as drawn now, inside its border and padding."""
    return [list(reader.render_line(y)) for y in range(reader.scrollable_content_region.height)]


def text_on_screen(reader: ReaderPane) -> list[str]:
    return ["".join(segment.text for segment in line).strip() for line in screen(reader)]


def styled_on_screen(reader: ReaderPane, component: str) -> list[str]:
    """The runs of text on screen drawn in a highlight's colours (made legible on the theme)."""
    wanted = legible_style((reader.visual_style + reader.get_visual_style(component)).rich_style)
    found = []
    for line in screen(reader):
        for segment in line:
            style = segment.style
            if (
                style is not None
                and segment.text.strip()
                and (style.color, style.bgcolor, style.bold)
                == (
                    wanted.color,
                    wanted.bgcolor,
                    wanted.bold,
                )
            ):
                found.append(segment.text)
    return found


async def scroll_up_across_a_block_boundary(reader: ReaderPane, pilot: Pilot[None]) -> None:
    """Line by line up from 3 lines below where the top block starts: each step shows one
    new line at the top and the rest one line down (no gap, no jump, nothing drawn twice)."""
    layout = reader._layout
    assert layout is not None
    block = layout.find(round(reader.scroll_y))[0]
    reader.scroll_to(y=layout.tops[block] + 3, animate=False)
    before = text_on_screen(reader)
    await pilot.pause()  # the blocks above are measured (if they were guesses): nothing moves
    assert text_on_screen(reader) == before
    for _ in range(8):
        await pilot.press("k")
        await pilot.pause()
        now = text_on_screen(reader)
        assert now[1:] == before[:-1]
        before = now
    assert layout.find(round(reader.scroll_y))[0] < block


def test_opening_and_marking_cost_grows_with_the_text_not_its_square(seed: Article) -> None:
    """8 times the text (and 8 times the highlights) costs at most 8 times the time to open and
    to mark the next quote, not 64 times: the old reader styled every paragraph with every
    highlight of the article (26 and 60 times here). Now both cost about the same at either
    size: only what is on screen is styled. Each time is the best of three; the bar is the
    ratio, never seconds."""
    small, big = repeated(seed, 14), repeated(seed, 112)  # about 64 KB and 512 KB
    timings: dict[str, list[float]] = {"open small": [], "open big": [], "mark small": [], "mark big": []}

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        for _ in range(3):
            for name, article in (("small", small), ("big", big)):
                started = time.perf_counter()
                reader.show(article)
                await pilot.pause()
                timings[f"open {name}"].append(time.perf_counter() - started)
                started = time.perf_counter()
                await pilot.press("right_square_bracket")
                timings[f"mark {name}"].append(time.perf_counter() - started)
                assert reader.current is not None

    drive(small, scenario)
    best = {name: min(times) for name, times in timings.items()}
    assert best["open big"] / best["open small"] < 8, best  # the old reader: 26
    assert best["mark big"] / best["mark small"] < 8, best  # the old reader: 60


def test_a_four_megabyte_article_opens_on_its_title_and_first_paragraph_highlighted(seed: Article) -> None:
    article = repeated(seed, 884)
    assert len(article.body) > 4_000_000 and len(article.paragraphs) > 24_000

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        lines = text_on_screen(reader)
        assert lines[1].startswith("Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'")
        assert any(line.startswith("Some of the Kazakh nationals who have gone") for line in lines)
        assert "Nurgali Bilisbekov" in styled_on_screen(reader, "reader--official")
        assert "March 20" in styled_on_screen(reader, "reader--date")
        assert reader.max_scroll_y > len(article.body) // reader.size.width  # all of it is there

    drive(article, scenario)


def test_quote_keys_reach_the_end_of_a_big_article_and_mark_on_screen(seed: Article) -> None:
    article = repeated(seed, 884)
    last = article.quotes[-1]

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        await pilot.press("left_square_bracket")  # from no mark: the last quote, 4 MB down
        assert reader.current == (last.start, last.end)
        assert reader.scroll_y > reader.max_scroll_y - reader.size.height
        marked = " ".join(styled_on_screen(reader, "reader--current"))
        assert last.text.split()[0] in marked and last.text.split()[-1] in marked
        middle = article.quotes[len(article.quotes) // 2]
        reader.mark((middle.start, middle.end))
        await pilot.press("right_square_bracket")
        after = article.quotes[len(article.quotes) // 2 + 1]
        assert reader.current == (after.start, after.end)
        assert after.text.split()[0] in " ".join(styled_on_screen(reader, "reader--current"))

    drive(article, scenario)


def test_a_toggle_restyles_what_is_on_screen(seed: Article) -> None:
    article = repeated(seed, 884)

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        reader.scroll_to(y=reader.max_scroll_y // 2, animate=False)
        await pilot.pause()
        assert styled_on_screen(reader, "reader--official")
        await pilot.press("1")
        assert styled_on_screen(reader, "reader--official") == []
        assert styled_on_screen(reader, "reader--quote")  # the others stay
        await pilot.press("1")
        assert styled_on_screen(reader, "reader--official")

    drive(article, scenario)


def test_resizing_a_big_article_keeps_the_place(seed: Article) -> None:
    article = repeated(seed, 884)

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        reader.scroll_to(y=reader.paragraph_lines(12_345)[0], animate=False)
        await pilot.pause()
        top = text_on_screen(reader)[0]
        assert top == article.paragraph_text(article.paragraphs[12_345])[: len(top)]
        for size in ((70, 20), (200, 60), (40, 12), (120, 36)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert reader.paragraph_lines(12_345)[0] == round(reader.scroll_y), size
        assert text_on_screen(reader)[0] == top

    drive(article, scenario)


def test_one_paragraph_of_megabytes(seed: Article) -> None:
    """Wrapped in blocks cut at line breaks: the same lines as the whole paragraph wrapped."""
    article = repeated(seed, 500, one_paragraph=True)
    assert len(article.paragraphs) == 1 and len(article.body) > 2_000_000

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        lines = text_on_screen(reader)
        assert any(line.startswith("Some of the Kazakh nationals who have gone") for line in lines)
        await pilot.press("left_square_bracket")
        last = article.quotes[-1]
        assert last.text.split()[0] in " ".join(styled_on_screen(reader, "reader--current"))
        await pilot.press("G")
        assert article.body.endswith(" ".join(line for line in text_on_screen(reader) if line)[-40:])
        await scroll_up_across_a_block_boundary(reader, pilot)

    drive(article, scenario)


def test_text_the_reader_cannot_count_is_measured_as_it_comes_into_view(seed: Article) -> None:
    """Wide characters in every paragraph: past the first 256 KB the heights are estimates,
    measured as the view reaches them, without moving what the view shows."""
    article = repeated(seed, 500, suffix=" 東京")

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        await pilot.press("G")
        await pilot.pause()
        lines = [line for line in text_on_screen(reader) if line]
        assert article.body.endswith(lines[-1])
        assert reader._layout is not None and reader._layout.estimated  # there are guesses left
        reader.scroll_to(y=reader.max_scroll_y // 2, animate=False)  # where nothing was measured
        await scroll_up_across_a_block_boundary(reader, pilot)
        await pilot.press("g", "left_square_bracket")
        last = article.quotes[-1]
        assert reader.current == (last.start, last.end)
        assert last.text.split()[0] in " ".join(styled_on_screen(reader, "reader--current"))

    drive(article, scenario)


def test_selection_runs_across_blocks_of_one_paragraph(seed: Article) -> None:
    article = repeated(seed, 100, one_paragraph=True)

    async def scenario(app: FlagreaderApp, reader: ReaderPane, pilot: Pilot[None]) -> None:
        layout = reader._layout
        assert layout is not None
        block = layout.first_blocks[0] + 1  # the paragraph's second block, and the third
        first, second = layout.blocks[block], layout.blocks[block + 1]
        selected = reader.get_selection(Selection(Offset(5, block), Offset(12, block + 1)))
        assert selected == (article.body[first.start + 5 : second.start + 12], "\n")

    drive(article, scenario)
