"""Acronyms the text defines: "National Security Committee (KNB)", "Islamic State (IS)"."""

from __future__ import annotations

import re

from flagreader.model import Acronym

_WORD = r"[A-Z][\w'’-]*"
_ACRONYM = re.compile(r" \((?P<acronym>[A-Z][A-Z0-9&]{1,7})\)")
# The words before "(KNB)": capitalised words and the small words between, on one line
# (an expansion never runs across a paragraph break).
_EXPANSION = re.compile(rf"(?P<expansion>{_WORD}(?:[ ]+(?:{_WORD}|of|the|and|for|on|in))*)$")
_LEADING = re.compile(r"^(?:(?:of|the|and|for|on|in)[ ]+|[\w-]+['’]s[ ]+)+")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in"})


def find_acronyms(text: str) -> list[Acronym]:
    """Return each acronym defined in `text` with the words it stands for."""
    found: list[Acronym] = []
    for match in _ACRONYM.finditer(text):  # "(KNB)" is rare: look for it first, then behind it
        words = _EXPANSION.search(text, max(0, match.start() - 120), match.start())
        # (its words are single-spaced: the body's white space is folded when it is read)
        if words is None:
            continue
        expansion = words.group("expansion")
        leading = _LEADING.match(expansion)
        offset = leading.end() if leading else 0
        words_kept = expansion[offset:].split(" ")
        while words_kept and words_kept[-1] in _SMALL_WORDS:
            words_kept.pop()
        expansion = " ".join(words_kept)
        if not expansion or not expansion[0].isupper():
            continue
        start = words.start("expansion") + offset
        found.append(Acronym(match.group("acronym"), expansion, start, match.end()))
    return found
