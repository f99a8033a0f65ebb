"""Every line the list, the reader and the views' tables draw can be read: WCAG AA contrast
(4.5:1) between each piece of text and its background, in Textual's default dark theme and
in its light one, with every kind of highlight and mark on screen."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from rich.style import Style as RichStyle
from tests.ui.test_app import drive, loaded_table
from textual.color import Color
from textual.pilot import Pilot
from textual.widget import Widget

from flagreader.ui.app import FlagreaderApp
from flagreader.ui.contrast import contrast, legible, legible_style
from flagreader.ui.widgets import ArticleList, ReaderPane

THEMES = ["textual-dark", "textual-light"]


def wcag_ratio(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """WCAG 2's contrast ratio, written out here apart from the code under test."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def faint_text(widget: Widget) -> list[str]:
    """Each piece of text `widget` draws whose contrast with its background is under 4.5:1
    (dim text counted at 60% of its colour, as terminals draw it at about half strength)."""
    found = []
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            style = segment.style
            if not segment.text.strip() or style is None:
                continue
            assert style.color is not None and style.bgcolor is not None, f"no colours: {segment.text!r}"
            text, background = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            if style.dim:
                text = tuple(round(b + (t - b) * 0.6) for t, b in zip(text, background, strict=True))
            ratio = wcag_ratio(tuple(text), tuple(background))
            if ratio < 4.5:
                found.append(f"{segment.text.strip()[:20]!r} at {ratio:.2f}")
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_the_list_and_the_reader_with_every_mark_can_be_read(theme: str) -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.theme = theme
        await pilot.press("slash", *"kazakh", "enter")  # every match lit, the first current
        await app.workers.wait_for_complete()
        await pilot.press("n")
        reader = app.query_one(ReaderPane)
        reader.spotlight = "Nurgali Bilisbekov"
        await pilot.pause()
        assert reader.matches and reader.current is not None
        for widget in (reader, app.query_one(ArticleList)):
            assert faint_text(widget) == [], f"{type(widget).__name__} in {theme}"

    drive(scenario)


@pytest.mark.parametrize("theme", THEMES)
def test_the_figures_table_and_its_cursor_can_be_read(theme: str) -> None:
    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.theme = theme
        await pilot.press("F")
        table = await loaded_table(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert faint_text(table) == []
        app.screen.set_focus(None)  # the cursor unfocused is another colour
        await pilot.pause()
        assert faint_text(table) == []

    drive(scenario)


@pytest.mark.parametrize("theme", THEMES)
def test_every_highlight_of_the_theme_is_drawn_legibly(theme: str) -> None:
    """Each of the reader's component classes, as the theme styles it, is drawn at 4.5:1 or more."""

    async def scenario(app: FlagreaderApp, pilot: Pilot[None]) -> None:
        app.theme = theme
        await pilot.pause()
        reader = app.query_one(ReaderPane)
        for name in sorted(reader.COMPONENT_CLASSES):
            style = legible_style(reader.get_visual_style(name).rich_style)
            assert style.color is not None and style.bgcolor is not None
            ratio = wcag_ratio(style.color.get_truecolor(), style.bgcolor.get_truecolor())
            assert ratio >= 4.5, f"{name} in {theme}: {ratio:.2f}"

    drive(scenario)


def test_a_colour_that_contrasts_enough_is_kept_and_one_that_does_not_is_moved() -> None:
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    assert contrast(black, white) == pytest.approx(21)
    assert contrast(Color(0x77, 0x77, 0x77), white) == pytest.approx(4.48, abs=0.01)
    dark_blue, near_black = Color(0x00, 0x45, 0x78), Color(0x12, 0x12, 0x12)  # dates, dark theme
    assert legible(Color(224, 224, 224), near_black) == Color(224, 224, 224)
    moved = legible(dark_blue, near_black)
    assert contrast(moved, near_black) >= 4.5 and moved.b > moved.r  # lighter, still blue
    orange, light_grey = Color(0xFE, 0xA6, 0x2B), Color(0xE0, 0xE0, 0xE0)  # officials, light theme
    darker = legible(orange, light_grey)
    assert contrast(darker, light_grey) >= 4.5 and darker.r > darker.b


def test_a_moved_colour_is_the_closest_that_passes_and_faint_text_never_outshines_plain() -> None:
    near_black, light_grey = Color(0x12, 0x12, 0x12), Color(0xE0, 0xE0, 0xE0)
    for text in (Color(0x00, 0x45, 0x78), Color(0x77, 0x77, 0x77), Color(0xB9, 0x3C, 0x5B)):
        for background in (near_black, light_grey):
            moved = legible(text, background)
            ratio = contrast(moved, background)
            assert ratio >= 4.5
            assert ratio < 4.7 or moved == background + text  # no farther than needed
    for rgb in ((0x77, 0x77, 0x77), (0xE0, 0xE0, 0xE0), (0x00, 0x45, 0x78)):
        plain = RichStyle(color=RichColor.from_rgb(*rgb), bgcolor=RichColor.from_rgb(0x12, 0x12, 0x12))
        faint = plain + RichStyle(dim=True)
        background = Color(0x12, 0x12, 0x12)
        drawn_plain = Color.from_rich_color(legible_style(plain).color)
        drawn_faint = Color.from_rich_color(legible_style(faint).color)
        assert 4.5 <= contrast(drawn_faint, background) <= contrast(drawn_plain, background)
