"""Messages more than one widget or screen sends up to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from flagreader.model import Article


@dataclass
class Clip(Message):
    """Save the quotation at `position` of `article` as a clipping, and copy it if `copy`."""

    article: Article
    position: int
    copy: bool
