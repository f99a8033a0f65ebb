"""`o`: the article's original, in the browser: a feed entry's web page, or a file's own."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Any

from textual.app import App

from flagreader.feed_articles import FORMAT as FEED_FORMAT
from flagreader.hosts import is_web
from flagreader.model import Article
from flagreader.textsafe import terminal_safe_line


def original_address(article: Article) -> str | None:
    """Where the article's original is: its web address (http or https only: a feed's entry
    could name any scheme), or its file as a file: URL; None when it has neither. A feed's
    entry is never a file here, whatever it names: its `source` is what the feed says (a JSON
    Feed's "url" of "/etc/passwd" would otherwise open that file)."""
    if is_web(article.source):
        return article.source
    if article.format == FEED_FORMAT:
        return None
    path = Path(article.source)
    try:
        return path.resolve().as_uri() if path.is_file() else None
    except (OSError, ValueError, RuntimeError):  # a name no file system takes
        return None


def open_original(app: App[Any], article: Article) -> None:
    """Open the article's original in the browser, in a thread (a browser can take seconds
    to start), and say so, or why not."""
    address = original_address(article)
    if address is None:
        app.notify("This article has no web page or file to open", timeout=3, markup=False)
        return
    shown = terminal_safe_line(address)

    def opened() -> None:
        if webbrowser.open(address):
            app.call_from_thread(app.notify, f"Opened {shown}", timeout=3, markup=False)
        else:
            app.call_from_thread(app.notify, f"No browser to open {shown}", severity="warning", markup=False)

    app.run_worker(opened, thread=True, group="browser", description="opening in the browser")
