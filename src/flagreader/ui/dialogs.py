"""Small dialogs: a line of text to type, a yes-or-no question."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from flagreader.textsafe import terminal_safe_line
from flagreader.ui.highlight import shown


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text: enter gives it, escape cancels (None). The text proposed
    (`value`: a stored note, a path) is shown with its control characters as escapes ("\\x1b"):
    Textual's Input draws its value as it is, and a crafted note would reach the terminal."""

    AUTO_FOCUS = "Input"  # the app's own is the article list

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = terminal_safe_line(value)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.question))
            yield Input(value=self.value, select_on_focus=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question: y says yes; n or escape says no. What it is about (`subject`: a
    quote, a title) shows on a line of its own, cut with "…" to the dialog's width, so the
    question and its keys are always seen whole."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, subject: str = "") -> None:
        super().__init__()
        self.question = question
        self.subject = subject

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.subject:
                yield Label(shown(" ".join(self.subject.split())), classes="subject")
            yield Label(shown(self.question), classes="question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
