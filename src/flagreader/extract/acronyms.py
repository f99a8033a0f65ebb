"""Acronyms the text defines: "National Security Committee (KNB)", "Islamic State (IS)"."""

from __future__ import annotations

import re

from flagreader.model import Acronym

_WORD = r"[A-Z][\w'’-]*"
_DEFINITION = re.compile(
    rf"(?P<expansion>{_WORD}(?:\s+(?:{_WORD}|of|the|and|for|on|in))*)\s+\((?P<acronym>[A-Z][A-Z0-9&]{{1,7}})\)"
)
_LEADING = re.compile(r"^(?:(?:of|the|and|for|on|in)\s+|[\w-]+['’]s\s+)+")


def find_acronyms(text: str) -> list[Acronym]:
    """Return each acronym defined in `text` with the words it stands for."""
    found: list[Acronym] = []
    for match in _DEFINITION.finditer(text):
        expansion = match.group("expansion")
        leading = _LEADING.match(expansion)
        offset = leading.end() if leading else 0
        expansion = expansion[offset:]
        while expansion.split()[-1:] and expansion.split()[-1] in ("of", "the", "and", "for", "on", "in"):
            expansion = expansion.rsplit(" ", 1)[0]
        if not expansion or not expansion[0].isupper():
            continue
        start = match.start("expansion") + offset
        found.append(Acronym(match.group("acronym"), expansion, start, match.end()))
    return found
