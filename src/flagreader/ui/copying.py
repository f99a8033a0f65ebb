"""Copying a quote with its speaker and source, from the reader or the quotes view."""

from __future__ import annotations

from typing import Any

from textual.app import App

from flagreader.model import Article, Quote
from flagreader.ui import clipboard
from flagreader.ui.highlight import citation


def quote_chain(article: Article, position: int) -> list[Quote]:
    """The quotation at `position` with every piece it runs over, or [] when there is none."""
    quotes = list(article.quotes)
    index = next((i for i, q in enumerate(quotes) if q.start <= position <= q.end), None)
    if index is None:
        return []
    while index > 0 and quotes[index - 1].continues:
        index -= 1
    chain = [quotes[index]]
    while chain[-1].continues and index + 1 < len(quotes):
        index += 1
        chain.append(quotes[index])
    return chain


def copy_quote(app: App[Any], article: Article, position: int) -> bool:
    """Copy the quotation at `position` with its source and say by which route; False when
    there is no quotation there."""
    chain = quote_chain(article, position)
    if not chain:
        return False
    speaker = chain[0].speaker
    role = next((o.roles[0] for o in article.officials if o.name == speaker and o.roles), None)
    text = " ".join(piece.text.strip().rstrip(",") for piece in chain)
    copied = citation(article, text, speaker, role)
    route = clipboard.copy(copied, app.copy_to_clipboard)
    app.notify(f"Copied by {route}:\n{copied}", markup=False, timeout=5)
    return True
