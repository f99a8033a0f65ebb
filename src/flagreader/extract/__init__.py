"""Extraction: people and officials, figures, dates, quotes and acronyms from an article's body.

Rule-based and linear in the text. The path is: sentences → people (names, roles,
mentions) → dates → figures (which never overlap dates) → quotes (attributed to people).

`extract_article` is imported when first used (PEP 562): the stages compile some two hundred
regular expressions, which a module that needs only the word lists (`lexicon`) should not
wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flagreader.extract.article import extract_article

__all__ = ["extract_article"]


def __getattr__(name: str) -> Any:
    if name == "extract_article":
        from flagreader.extract.article import extract_article

        return extract_article
    raise AttributeError(f"module 'flagreader.extract' has no attribute {name!r}")
