"""Copying a clipping (a quote with its speaker and source) to the clipboard."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import App

from flagreader.clippings import Clipping, citation
from flagreader.ui import clipboard


def copy_clipping(app: App[Any], clipping: Clipping, saved: str = "") -> str:
    """Copy the clipping's citation through the terminal and say so (and `saved`, what became
    of the clipping), then by a local clipboard tool in a thread, saying which one took it;
    return the text copied."""
    copied = clipboard.copy(citation(clipping), app.copy_to_clipboard)
    app.notify(f"Copied by {copied.routes}{saved}:\n{copied.text}", markup=False, timeout=5)
    if not clipboard.over_ssh():
        app.run_worker(partial(_copy_locally, app, copied.text), thread=True, group="clipboard")
    return copied.text


def _copy_locally(app: App[Any], text: str) -> None:
    """Copy with a local tool (blocking, at most `clipboard.DEADLINE_SECONDS`) and report."""
    tool = clipboard.copy_with_local_tool(text)
    if tool is not None:
        app.call_from_thread(app.notify, f"Also copied by {tool}", markup=False, timeout=3)
    elif tools := clipboard.available_tools():
        late = f"{', '.join(tools)} did not take the text within {clipboard.DEADLINE_SECONDS:g} s"
        app.call_from_thread(app.notify, f"{late}: copied by the terminal only", markup=False, timeout=5)
