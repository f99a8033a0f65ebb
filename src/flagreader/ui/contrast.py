"""Text that can be read on any theme: every line the list, the reader and the views' tables
draw has its colours checked against WCAG's AA contrast for text (4.5:1), and a colour that
falls short is moved towards white or black until it does not.

Themes pick their colours for accents, not for text on their own background: Textual's dark
theme draws dates in #004578 on #121212 (1.9:1), its light theme officials in #FEA62B on
#E0E0E0 (1.5:1). Faint text ("dim", which terminals draw at about half strength) is drawn
instead in a colour between the text's and the background's, checked like any other.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.strip import Strip

LEAST = 4.5
"""The contrast WCAG 2 asks of normal text at level AA."""

FAINT = 0.6
"""How much of its colour faint text keeps, over the background (Textual's $text-muted)."""

_WHITE, _BLACK = Color(255, 255, 255), Color(0, 0, 0)


def luminance(color: Color) -> float:
    """WCAG 2's relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        value_01 = value / 255
        return value_01 / 12.92 if value_01 <= 0.03928 else ((value_01 + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG 2's contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def legible(text: Color, background: Color, least: float = LEAST) -> Color:
    """`text` (drawn over `background`), or the nearest colour towards white or black (the
    one that contrasts more with `background`) that reaches `least`."""
    text = background + text  # a translucent colour as drawn
    if contrast(text, background) >= least:
        return text
    target = _WHITE if contrast(_WHITE, background) >= contrast(_BLACK, background) else _BLACK
    for step in range(1, 21):
        moved = text.blend(target, step / 20)
        if contrast(moved, background) >= least:
            return moved
    return target


@lru_cache(maxsize=4096)
def legible_style(style: RichStyle) -> RichStyle:
    """`style` with its colour made legible on its background, and faint text drawn in a
    colour of its own (see module)."""
    if style.color is None or style.bgcolor is None or style.color.triplet is None:
        return style
    if style.bgcolor.triplet is None:
        return style
    text, background = Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
    if style.dim:
        text = background.blend(text, FAINT)
    made = legible(text, background)
    if made == text and not style.dim:
        return style
    return style + RichStyle(color=made.rich_color, dim=False)


def legible_strip(strip: Strip) -> Strip:
    """`strip` with every segment's colours made legible (`legible_style`)."""
    segments = [
        segment if style is None or control else Segment(text, legible_style(style), control)
        for segment in strip
        for text, style, control in (segment,)
    ]
    return Strip(segments, strip.cell_length)
