"""Regular expressions for word lists that stay fast on long texts.

Python's `re` tries a plain alternation ("chairman|chairwoman|chief|...") word by word at
every position; the same words folded into a trie ("ch(?:air(?:man|woman)|ief)") fail at
the first letter that cannot continue, which made the role-word scan of the BBC corpus
about ten times faster here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def _trie(words: Iterable[str]) -> dict[str, dict]:  # type: ignore[type-arg]
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    optional = _END in node
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    if len(branches) == 1 and not optional:
        return branches[0]
    body = "|".join(branches)
    return f"(?:{body})?" if optional else f"(?:{body})"


def word_alternation(words: Iterable[str], *, capitalised: bool = False, acronyms: bool = False) -> str:
    """A regex matching any of `words` (no anchors); with `capitalised`, also their
    capitalised forms ("chairman", "Chairman"); with `acronyms`, short ones in capitals ("MP").

    Use it without re.IGNORECASE: with the flag, a branch for one form can win over a
    longer match in another ("SIX" over "sixty").
    """
    forms = set(words)
    if acronyms:
        forms |= {word.upper() for word in forms if len(word) <= 3}
    if capitalised:
        forms |= {word[:1].upper() + word[1:] for word in forms}
    return _pattern(_trie(sorted(forms)))
