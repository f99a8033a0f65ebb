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
    """`text` (drawn over `background`), or the colour closest to it on the way to white or
    black (the one that contrasts more with `background`) that reaches `least`, to within
    1/256 of the way."""
    text = background + text  # a translucent colour as drawn
    if contrast(text, background) >= least:
        return text
    target = _WHITE if contrast(_WHITE, background) >= contrast(_BLACK, background) else _BLACK
    low, high = 0.0, 1.0  # contrast grows along the way: the least step that passes, by halves
    for _ in range(8):
        middle = (low + high) / 2
        if contrast(text.blend(target, middle), background) >= least:
            high = middle
        else:
            low = middle
    return text.blend(target, high)


@lru_cache(maxsize=4096)
def _legible_colours(text: Color, background: Color, faint: bool) -> Color:
    """The colour to draw `text` in over `background` (see the module); faint text never
    contrasts more than the same text drawn plainly."""
    plain = legible(text, background)
    if not faint:
        return plain
    dimmed = legible(background.blend(background + text, FAINT), background)
    return dimmed if contrast(dimmed, background) <= contrast(plain, background) else plain


def legible_style(style: RichStyle) -> RichStyle:
    """`style` with its colour made legible on its background, and faint text drawn in a
    colour of its own (see module). The colours are worked out once per pair (a style carries
    its line's offsets too, and would never be found again)."""
    if style.color is None or style.bgcolor is None:
        return style
    if style.color.triplet is None or style.bgcolor.triplet is None:  # a terminal's own colour
        return style
    text, background = Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
    made = _legible_colours(text, background, bool(style.dim))
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
