"""Search terms: case- and accent-folded words and numbers, with offsets into the original text.

Folding keeps every character in place (one character in, one out), so the offsets of the
terms found in the folded text are offsets into the original: "Žarylgasov" is the term
"zarylgasov" at the same span.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A number with its thousands separators or decimals ("2,000", "15.8"), or a word.
_TERM = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")
_ASCII = "".join(chr(code) for code in range(128))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character folded: lower case, accents off; itself when folding would change length."""
    base = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in base if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


def fold(text: str) -> str:
    """Lower-case `text` and take accents off, one character for one ("Žarylgasov" -> "zarylgasov")."""
    if text.isascii():
        return text.lower()
    table = {ord(c): _fold_char(c) for c in set(text) if c not in _ASCII}
    return text.translate(table).lower() if table else text.lower()


def normalise_term(term: str) -> str:
    """The indexed form of a folded term: numbers lose their separators ("2,000" -> "2000"),
    possessives their "'s"."""
    if term[:1].isdigit():
        return term.replace(",", "")
    term = term.replace("’", "'")
    return term[:-2] if term.endswith("'s") else term  # "Kazakhstan's" is found as "kazakhstan"


def terms(text: str) -> list[tuple[str, int, int]]:
    """The search terms of `text`, each with its (start, end) in `text`."""
    folded = fold(text)
    return [(normalise_term(m.group()), m.start(), m.end()) for m in _TERM.finditer(folded)]
