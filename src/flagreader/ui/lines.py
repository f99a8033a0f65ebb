"""A scrolling view of text laid out in blocks (`layout.py`), drawn line by line (Textual's
Line API): only the blocks on screen are styled and wrapped, and each is kept drawn until its
styles change. What to lay out and how a block looks is the subclass's (`ReaderPane`).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from flagreader.ui.contrast import legible_strip
from flagreader.ui.layout import Layout

_KEPT_BLOCKS = 256
"""Blocks kept drawn (a few screens' worth): scrolling back is not drawing again."""
_BLANK = Strip([], 0)
"""A blank line: Textual pads it with the view's background, as it does the padding."""


def _on_row(strip: Strip, row: int) -> Strip:
    """`strip` with its text selection offsets on `row` (Content puts every line of a block on
    row 0, at the offset of its first character in the block's text)."""
    for segment in strip:
        if segment.style is not None and "offset" in (meta := segment.style.meta):
            return strip.apply_offsets(meta["offset"][0], row)
    return strip


def first_offset(strip: Strip) -> int:
    """Where in its block's text a drawn line starts."""
    for segment in strip:
        if segment.style is not None and "offset" in (meta := segment.style.meta):
            return int(meta["offset"][0])
    return 0


class BlockView(ScrollView):
    """Blocks of text, laid out at the view's width and drawn as they come into view.

    A row of a text selection is a block of the layout; its columns are characters of the
    block's text.
    """

    ALLOW_SELECT = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout: Layout | None = None
        self._strips: dict[int, list[Strip]] = {}
        self._place: tuple[int, float] | None = None  # the place a resize keeps
        self._resizing = False
        self._laid_out_once = True  # False: laid out before the view had a size

    @property
    def is_laid_out(self) -> bool:
        """Whether there is a layout at the view's size (once the view has one)."""
        return self._layout is not None

    # What the subclass provides ---------------------------------------------------------

    def _text_length(self) -> int | None:
        """Characters to lay out, or None when there is nothing."""
        raise NotImplementedError

    def _layout_at(self, width: int) -> Layout:
        raise NotImplementedError

    def _block_height(self, block: int) -> int:
        """The lines a block's text takes, measured (its height was a guess)."""
        raise NotImplementedError

    def _block_content(self, block: int) -> tuple[Content, Style]:
        """A block's text, styled, and the style it is drawn on."""
        raise NotImplementedError

    def _block_text(self, block: int) -> str:
        """A block's text as shown, for a selection."""
        raise NotImplementedError

    def _joint(self, before: int, after: int) -> str:
        """What joins the text of two blocks in a selection."""
        return "\n"

    def _laid_out(self) -> None:
        """Called when the first layout at a real size is made: where to scroll."""
        self.scroll_to(y=0, animate=False)

    # Layout -------------------------------------------------------------------------------

    def _wrap_width(self, scrollbar: bool) -> int:
        """The width text wraps to: the content's (the view's size, within its padding), less
        the scrollbar's when there is one."""
        return max(1, self.size.width - (self.styles.scrollbar_size_vertical if scrollbar else 0))

    def _lay_out(self) -> None:
        """Lay the text out at the view's width, as a vertical scroll would: the whole width if
        the text fits the height, else the width left beside the scrollbar."""
        self._strips.clear()
        length = self._text_length()
        if length is None or not self.size:
            self._layout = None
            self._laid_out_once = length is None
            return
        height = self.size.height
        layout = None
        if length <= 16 * self.size.width * max(1, height):  # it might fit
            layout = self._layout_at(self._wrap_width(False))
            if layout.total > height:
                layout = None
        if layout is None:
            layout = self._layout_at(self._wrap_width(True))
            if layout.total <= height:  # it fits after all: without the scrollbar
                layout = self._layout_at(self._wrap_width(False))
        self._layout = layout
        self._laid_out_once = True
        self._sized()

    def _sized(self) -> None:
        """The scrolled size is the layout's: show or hide the scrollbar now, as Textual's own
        Line API widgets do (a layout pass alone does not: the view's size is unchanged)."""
        assert self._layout is not None
        self.virtual_size = Size(self._layout.width, self._layout.total)
        self._scroll_update(self.virtual_size)
        self.refresh()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # The text is laid out again here, as the compositor gives the view its new size and
        # before that frame is drawn: the Resize event comes after it, which would show one
        # frame of text wrapped for the old width.
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            self._reflow()
        return resized

    def _reflow(self) -> None:
        """Lay the text out again for the new size, keeping the place: the paragraph at the top
        stays at the top once the text reflows."""
        layout, height = self._layout, self.size.height
        if layout is not None and layout.width == self._wrap_width(True) and layout.total > height:
            return  # the same width beside the scrollbar, still needed
        place, first, self._resizing = self._place, not self._laid_out_once, True
        try:
            self._lay_out()
            if first and self._layout is not None:
                self._laid_out()
            elif place is not None:
                self._restore_place(place)
            self._measure_below()
        finally:
            self._resizing = False

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._measure_below()
        if not self._resizing:
            self._place = self._top_place()

    def _measure(self, blocks: range) -> bool:
        """Measure those of `blocks` whose height is a guess; whether any was."""
        layout = self._layout
        assert layout is not None
        todo = [block for block in blocks if block in layout.estimated]
        for block in todo:
            layout.set_height(block, self._block_height(block))
        if todo:
            self._sized()
        return bool(todo)

    def _measure_below(self) -> None:
        """Measure the guessed blocks from the top of the view to a screen below it: what the
        view shows moves only if the top block's own height was guessed too long. Runs as the
        view scrolls (even mid-animation), so it never scrolls; a screen above is measured just
        after (`_measure_above`)."""
        layout = self._layout
        if layout is None or not layout.estimated:
            return
        top, height = round(self.scroll_y), self.size.height
        at_end = top >= self.max_scroll_y > 0
        first, last = layout.find(top)[0], layout.find(top + 2 * height)[0]
        if self._measure(range(first, last + 1)) and at_end:
            self.scroll_y = self.max_scroll_y  # G: still at the very end
        if layout.estimated:
            self.call_after_refresh(self._measure_above)

    def _measure_above(self) -> None:
        """Measure the guessed blocks a screen above the view, keeping what it shows in place
        (so scrolling up shows no jump); after any scroll animation, which this would stop."""
        layout = self._layout
        if layout is None or not layout.estimated:
            return
        if self.app.animator.is_being_animated(self, "scroll_y"):
            self.set_timer(0.1, self._measure_above)
            return
        top, height = round(self.scroll_y), self.size.height
        anchor = layout.find(top)[0]
        into = top - layout.tops[anchor]
        if self._measure(range(layout.find(max(0, top - height))[0], anchor)):
            self.scroll_to(y=layout.tops[anchor] + into, animate=False)

    def _top_place(self) -> tuple[int, float] | None:
        """The paragraph at the top of the view, and how far into it (0 to 1) the view starts;
        index -1 while what comes before the paragraphs (a header) is at the top."""
        layout, top = self._layout, round(self.scroll_y)
        if layout is None or not layout.first_blocks:
            return None
        if top < layout.tops[layout.first_blocks[0]]:
            return -1, 0.0
        paragraph = layout.blocks[layout.find(top)[0]].paragraph
        start, lines = layout.paragraph_lines(paragraph)
        if top >= start + lines and paragraph + 1 < len(layout.first_blocks):
            return paragraph + 1, 0.0  # the blank line after it: the next one is next
        return paragraph, max(0.0, (top - start) / max(1, lines))

    def _restore_place(self, place: tuple[int, float]) -> None:
        index, into = place
        layout = self._layout
        if index < 0 or layout is None:
            self.scroll_to(y=0, animate=False)
        elif index < len(layout.first_blocks):
            start, lines = layout.paragraph_lines(index)
            self.scroll_to(y=start + round(into * lines), animate=False)

    # Drawing ------------------------------------------------------------------------------

    def _redraw(self) -> None:
        """Draw every block again (its styles changed)."""
        self._strips.clear()
        self.refresh()

    def _block_strips(self, block: int) -> list[Strip]:
        """A block's lines, drawn (kept for the next frames)."""
        assert self._layout is not None
        strips = self._strips.pop(block, None)
        if strips is None:
            content, base = self._block_content(block)
            selection = self.text_selection
            if selection is not None and (span := selection.get_span(block)) is not None:
                start, end = span
                selected = Style.from_styles(self.screen.get_component_styles("screen--selection"))
                content = content.stylize(selected, start, len(content) if end == -1 else end)
            width = self._layout.width
            strips = [
                _on_row(legible_strip(strip), block)
                for strip in Visual.to_strips(self, content, width, None, base, apply_selection=False)
            ]
            while len(self._strips) >= _KEPT_BLOCKS:
                del self._strips[next(iter(self._strips))]
        self._strips[block] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the line of the block under it, or a blank (a margin)."""
        layout = self._layout
        line = self.scroll_offset.y + y
        if layout is None or not 0 <= line < layout.total:
            return _BLANK
        block, row = layout.find(line)
        row -= layout.blocks[block].above
        strips = self._block_strips(block)
        return strips[row] if 0 <= row < len(strips) else _BLANK

    # Selection ----------------------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected with the mouse."""
        layout = self._layout
        if layout is None:
            return None
        first = selection.start.y if selection.start is not None else 0
        last = selection.end.y if selection.end is not None else len(layout.blocks) - 1
        parts: list[str] = []
        previous: int | None = None
        for block in range(max(0, first), min(last, len(layout.blocks) - 1) + 1):
            span = selection.get_span(block)
            if span is None:
                continue
            text = self._block_text(block)
            if previous is not None:
                parts.append(self._joint(previous, block))
            parts.append(text[span[0] : len(text) if span[1] == -1 else span[1]])
            previous = block
        return "".join(parts), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._redraw()
