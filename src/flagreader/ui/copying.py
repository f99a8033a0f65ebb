"""Copying a clipping (a quote with its speaker and source) to the clipboard."""

from __future__ import annotations

from typing import Any

from textual.app import App

from flagreader.clippings import Clipping, citation
from flagreader.ui import clipboard


def copy_clipping(app: App[Any], clipping: Clipping, saved: str = "") -> str:
    """Copy the clipping's citation by every route available and say which (and `saved`, what
    became of the clipping); return the text copied."""
    copied = clipboard.copy(citation(clipping), app.copy_to_clipboard)
    app.notify(f"Copied by {copied.routes}{saved}:\n{copied.text}", markup=False, timeout=5)
    return copied.text
