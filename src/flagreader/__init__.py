"""flagreader: a terminal reader for news and blog reporting.

The headless core (loading, extraction, search, storage) never imports Textual, so
scripts and tests can use it without a terminal:

    >>> import flagreader
    >>> corpus = flagreader.load_corpus()          # the bundled seed posts
    >>> [article.title for article in corpus.articles][:1]
    ["Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"]
"""

from flagreader.extract.corpus import corpus_officials
from flagreader.loading import DEFAULT_MAX_BYTES, extract_corpus, load_corpus
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
