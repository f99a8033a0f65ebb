"""Acronyms the text defines: "National Security Committee (KNB)", "Islamic State (IS)"."""

from __future__ import annotations

import re

from flagreader.model import Acronym

_WORD = r"[A-Z][\w'’-]*"
_ACRONYM = re.compile(r"\s\((?P<acronym>[A-Z][A-Z0-9&]{1,7})\)")
# The words before "(KNB)", read right to left: capitalised words and the small words between.
_EXPANSION = re.compile(rf"(?P<expansion>{_WORD}(?:\s+(?:{_WORD}|of|the|and|for|on|in))*)$")
_LEADING = re.compile(r"^(?:(?:of|the|and|for|on|in)\s+|[\w-]+['’]s\s+)+")


def find_acronyms(text: str) -> list[Acronym]:
    """Return each acronym defined in `text` with the words it stands for."""
    found: list[Acronym] = []
    for match in _ACRONYM.finditer(text):  # "(KNB)" is rare: look for it first, then behind it
        words = _EXPANSION.search(text, max(0, match.start() - 120), match.start())
        if words is None:
            continue
        expansion = words.group("expansion")
        leading = _LEADING.match(expansion)
        offset = leading.end() if leading else 0
        expansion = expansion[offset:]
        while expansion.split()[-1:] and expansion.split()[-1] in ("of", "the", "and", "for", "on", "in"):
            expansion = expansion.rsplit(" ", 1)[0]
        if not expansion or not expansion[0].isupper():
            continue
        start = words.start("expansion") + offset
        found.append(Acronym(match.group("acronym"), expansion, start, match.end()))
    return found
