"""Reading a query: words, "exact phrases", field filters, and the word still being typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flagreader.search.text import terms

FILTERS = ("title", "official", "quote")
MAX_TERMS = 64
"""Words a query is searched by; the rest of a longer one (a pasted page) is left out."""
_PART = re.compile(r'(?:(?P<field>\w+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One term of a query.

    Attributes:
        text: The folded term.
        field: "title", "official" or "quote" when the query restricts it, else None.
        phrase: Index of the exact phrase it belongs to, or None for a free word.
        prefix: The last word, still being typed: it may match longer words.
    """

    text: str
    field: str | None = None
    phrase: int | None = None
    prefix: bool = False


def too_long(query: str) -> str | None:
    """What to tell the user when a query has more words than are searched, else None."""
    count = len(parse_query(query, limit=None))
    if count <= MAX_TERMS:
        return None
    return f"Searching the first {MAX_TERMS} of the query's {count:,} words"


def parse_query(query: str, limit: int | None = MAX_TERMS) -> list[QueryTerm]:
    """Split a query into terms: `official:bilisbekov "deceived citizens" kazak`; at most
    `limit` of them (None: all)."""
    found: list[QueryTerm] = []
    phrases = 0
    for part in _PART.finditer(query):
        field, phrase_text, word = part.group("field"), part.group("phrase"), part.group("word")
        if field and field.lower() not in FILTERS:  # "http://x" or "foo:bar": words, not a filter
            field, phrase_text, word = None, None, part.group()
        field = field.lower() if field else None
        words = [term for term, _, _ in terms(phrase_text if phrase_text is not None else word or "")]
        phrase = None
        if phrase_text is not None and len(words) > 1:
            phrase, phrases = phrases, phrases + 1
        found.extend(QueryTerm(text, field, phrase) for text in words)
    if found and found[-1].phrase is None and query[-1:].isalnum():
        last = found[-1]
        found[-1] = QueryTerm(last.text, last.field, None, prefix=True)
    return found if limit is None else found[:limit]
