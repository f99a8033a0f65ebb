"""The help screen: every key, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from flagreader.ui.highlight import plain
from flagreader.ui.table import RowTable

Section = tuple[str, type[DOMNode], type[DOMNode] | None]

MOUSE = (
    ("click", "Open an article or a hit; focus a pane; choose a row in a view"),
    ("wheel", "Scroll the list or the article"),
    ("drag", "Select text in the article (then ^c copies it)"),
)


def key_rows(app: App[object], owner: type[DOMNode]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding of `owner` and its bases, one row per action:
    keys that do the same thing share a row ("j / ↓"). For one of flagreader's own classes,
    only the actions that flagreader binds: a widget built on Textual's keeps its keys for
    those (ctrl+q beside q), not the generic ones (scrolling sideways, editing a line)."""
    own = _own_actions(owner)
    rows: dict[str, tuple[str, list[str]]] = {}  # action: (what it does, keys)
    for bindings in owner._merge_bindings().key_to_bindings.values():
        for binding in bindings:
            if not binding.description:
                continue  # an internal binding (Textual's "press ^q to quit" hint on ^c)
            if own is not None and binding.action not in own:
                continue
            rows.setdefault(binding.action, (_what(binding), []))[1].append(app.get_key_display(binding))
    if issubclass(owner, App) and app.ENABLE_COMMAND_PALETTE:  # bound by the app at run time
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
        rows["command_palette"] = ("Command palette: every action by name", [app.get_key_display(palette)])
    return [(" / ".join(dict.fromkeys(keys)), what) for what, keys in rows.values()]


def _own_actions(owner: type[DOMNode]) -> set[str] | None:
    """The actions flagreader's classes among `owner` and its bases bind; None when `owner` is
    not one of flagreader's (Textual's Screen: its keys all work everywhere)."""
    if not owner.__module__.startswith("flagreader."):
        return None
    actions = set()
    for cls in owner.__mro__:
        if cls.__module__.startswith("flagreader.") and "BINDINGS" in vars(cls):
            actions |= {binding.action for binding in Binding.make_bindings(vars(cls)["BINDINGS"])}
    return actions


def _what(binding: Binding) -> str:
    description = binding.description
    if binding.tooltip and binding.tooltip != description:
        description = f"{description}: {binding.tooltip}"
    return description


def _section(title: str, rows: list[tuple[str, str]]) -> Vertical:
    """A section: its title, then a row per action, the keys in a column as wide as the
    widest, what they do beside them (wrapped under itself on a narrow screen)."""
    width = max((len(keys) for keys, _ in rows), default=0) + 3
    lines: list[Widget] = [Static(Content(title).stylize("bold"), classes="help-heading")]
    for keys, what in rows:
        key_cell = Static(Content(keys), classes="help-keys")
        key_cell.styles.width = width
        lines.append(Horizontal(key_cell, Static(Content(what), classes="help-what"), classes="help-row"))
    return Vertical(*lines, classes="help-section")


class HelpScreen(ModalScreen[None]):
    """flagreader's own keys, by where they work, and what the mouse does."""

    AUTO_FOCUS = "#help"  # the app's own is the article list

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, sections: list[Section]) -> None:
        """`sections`: a title, the widget, screen or app class whose keys it lists, and a
        class whose keys are left out there (listed elsewhere), or None."""
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content("Keys (escape closes)").stylize("bold underline"), classes="help-title")
            for title, owner, listed_elsewhere in self.sections:
                rows = key_rows(self.app, owner)
                if listed_elsewhere is not None:
                    rows = [row for row in rows if row not in key_rows(self.app, listed_elsewhere)]
                yield _section(title, rows)
            yield _section("Mouse", list(MOUSE))
        yield Footer()

    def section_texts(self) -> dict[str, list[str]]:
        """Each section's title, and its rows as text ("keys   what they do")."""
        sections: dict[str, list[str]] = {}
        for section in self.query(".help-section"):
            heading = section.query_one(".help-heading", Static).visual
            rows = []
            for row in section.query(".help-row"):
                keys, what = (cell.visual for cell in row.query(Static))
                rows.append(f"  {plain(keys)}   {plain(what)}")
            sections[plain(heading)] = rows
        return sections

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#help", VerticalScroll)
        move = {
            "down": scroller.scroll_down,
            "up": scroller.scroll_up,
            "home": scroller.scroll_home,
            "end": scroller.scroll_end,
        }[direction]
        move(animate=False)


def help_sections(
    app: type[DOMNode],
    panes: Mapping[str, type[DOMNode]],
    view_base: type[DOMNode],
    views: Mapping[str, type[DOMNode]],
) -> list[Section]:
    """The reader's sections, in the order a user meets them: the main screen's keys and each
    pane's, then the keys every view shares (listed once), each view's own, and the tables'."""
    return [
        ("On the main screen (list, article, search bar)", app, None),
        ("Everywhere: focus and copying", Screen, None),
        *((title, pane, None) for title, pane in panes.items()),
        ("Every view (O, F, Q, !, B, C)", view_base, Screen),
        *((f"{title} view", view, view_base) for title, view in views.items()),
        ("Tables of every view", RowTable, None),
    ]
