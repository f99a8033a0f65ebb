"""flagreader: a terminal reader for news and blog reporting.

The headless core (loading, extraction, search, storage) never imports Textual, so
scripts and tests can use it without a terminal:

    >>> import flagreader
    >>> corpus = flagreader.load_corpus()          # the bundled seed posts
    >>> [article.title for article in corpus.articles][:1]
    ["Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"]
"""

from flagreader.loading import DEFAULT_MAX_BYTES, load_corpus
from flagreader.model import Article, Corpus, Notice, Paragraph, Skipped

__all__ = ["DEFAULT_MAX_BYTES", "Article", "Corpus", "Notice", "Paragraph", "Skipped", "load_corpus"]
__version__ = "0.1.0"
