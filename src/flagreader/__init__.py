"""flagreader: a terminal reader for news and blog reporting.

The headless core (loading, extraction, search, storage) never imports Textual, so
scripts and tests can use it without a terminal:

    >>> import flagreader
    >>> corpus = flagreader.load_corpus()          # the bundled seed posts
    >>> [article.title for article in corpus.articles][:1]
    ["Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"]
"""

from typing import TYPE_CHECKING, Any

from flagreader.model import (
    Acronym,
    Article,
    Corpus,
    CorpusOfficial,
    DateMention,
    Figure,
    Notice,
    Official,
    Paragraph,
    Quote,
    Skipped,
)

if TYPE_CHECKING:
    from flagreader.extract.corpus import corpus_officials
    from flagreader.loading import DEFAULT_MAX_BYTES, extract_corpus, load_corpus

# Loading and extraction are imported when first used (PEP 562): the rules compile some two
# hundred regular expressions, a fifth of a second that a command answering from the article
# cache does not need.
_LAZY = {
    "corpus_officials": "flagreader.extract.corpus",
    "DEFAULT_MAX_BYTES": "flagreader.loading",
    "extract_corpus": "flagreader.loading",
    "load_corpus": "flagreader.loading",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'flagreader' has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_BYTES",
    "Acronym",
    "Article",
    "Corpus",
    "CorpusOfficial",
    "DateMention",
    "Figure",
    "Notice",
    "Official",
    "Paragraph",
    "Quote",
    "Skipped",
    "corpus_officials",
    "extract_corpus",
    "load_corpus",
]
__version__ = "0.1.0"
