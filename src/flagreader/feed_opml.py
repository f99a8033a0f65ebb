"""Subscriptions as OPML, written by flagreader: valid XML 1.0 whatever a feed calls itself, and
safe to print to a terminal.

A feed's title, link and description are the feed's own words, and a hostile feed can put an
escape sequence in them (OSC 52 sets the clipboard; OSC 0 the window title). reader's export
writes them as they are: printed to a terminal they ran, and the file was not XML at all (XML
1.0 cannot hold C0 controls), so it restored nothing. Here every character XML can hold is
kept, each one a terminal could act on (C1 controls, DEL, bidirectional controls) written as a
character reference, and those XML cannot hold are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold, not even as a character reference."""
_REFERENCED = re.compile('[&<>"\t\n\r\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]')
"""Characters written as references: XML's own, the white space an attribute value would
otherwise fold into spaces, and those a terminal acts on or that reorder a line."""
_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def xml_attribute(text: str) -> str:
    """`text` as the value of an XML 1.0 attribute (without its quotes): read back, the same
    text less the characters XML cannot hold; written out, no control character at all."""
    text = _NOT_XML.sub("", text)
    return _REFERENCED.sub(lambda m: _NAMED.get(m.group()) or f"&#x{ord(m.group()):x};", text)


def _outline(feed: Any) -> str:
    title = feed.resolved_title or ""
    attributes = {"type": "rss", "text": title, "title": title, "xmlUrl": feed.url}
    if feed.link:
        attributes["htmlUrl"] = feed.link
    if feed.subtitle:
        attributes["description"] = feed.subtitle
    return (
        "<outline "
        + " ".join(f'{name}="{xml_attribute(value)}"' for name, value in attributes.items())
        + "/>"
    )


def subscription_list(feeds: Iterable[Any], now: datetime | None = None) -> bytes:
    """Every feed (reader's `Feed`) as an OPML 2.0 subscription list, under the title the user
    gave it (its own title otherwise), in UTF-8."""
    created = format_datetime(now or datetime.now(UTC))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>flagreader feeds</title>",
        f"    <dateCreated>{created}</dateCreated>",
        "  </head>",
        "  <body>",
        *(f"    {_outline(feed)}" for feed in feeds if not feed.url.startswith("reader:")),
        "  </body>",
        "</opml>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
