"""The article model: what loading produces and every later stage reads.

Offsets everywhere in flagreader are character offsets into `Article.body`, end exclusive.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import MutableSequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

ParagraphKind = Literal["text", "heading", "item", "quote"]
"""What a paragraph is: running text, a subheading, a list item or a block quote."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article body.

    Attributes:
        start: Offset of the paragraph's first character in `Article.body`.
        end: Offset just past its last character.
        kind: Running text, a subheading, a list item or a block quote.
    """

    start: int
    end: int
    kind: ParagraphKind = "text"


SpeakerKind = Literal["person", "organisation"]
"""What a quotation's speaker is."""

Span = tuple[int, int]
"""A (start, end) pair of offsets into `Article.body`, end exclusive."""


@dataclass(frozen=True, slots=True)
class Official:
    """A person named with a title or role, and every mention of them in one article.

    Attributes:
        name: The fullest form of the name, without honorific ("Nurgali Bilisbekov").
        role: The fullest role wording seen ("deputy chairman of Kazakhstan's National ...").
        roles: Every distinct role wording seen, in order of appearance (caption first).
        mentions: Every span in `body` that names them (full name, surname, "Mr Brown").
    """

    name: str
    role: str
    roles: tuple[str, ...]
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in one article, titled or not, and every mention of them by name.

    Attributes:
        name: The fullest form of the name seen ("Bernie Sanders").
        mentions: Every span in `body` that names them ("Sen. Bernie Sanders", "Sanders",
            "Mr. Sanders"), in text order.
        roles: The roles bound to the name in the text, when any (the person is then also
            among the article's officials).
    """

    name: str
    mentions: tuple[Span, ...]
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the reporting turns on, with what it counts.

    Attributes:
        text: The span's text, from any approximator through the number ("around 150").
        start: Offset in `body`.
        end: Offset just past it.
        value: The number (0.5 for "half"; money and scales multiplied out), None for a range.
        low: The lower bound of a range ("between 2,000 and 4,000"), else None.
        high: The upper bound of a range, else None.
        approximate: Whether an approximator ("around", "over", "some") governs it.
        counts: What is counted ("Kazakh citizens"), or None when nothing is named.
        unit: "%" for percentages, the currency ("£", "$", "€") for money, else None.
    """

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    counts: str | None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text ("March 20", "November 2013", "2014").

    Attributes:
        text: The date's text.
        start: Offset in `body`.
        end: Offset just past it.
        iso: ISO 8601 as precise as known ("2015-03-20", "2013-11", "2014"); a year inferred
            from the article when the text leaves it out; None when it cannot be inferred.
    """

    text: str
    start: int
    end: int
    iso: str | None


@dataclass(frozen=True, slots=True)
class Mention:
    """Words in the body that name someone.

    Attributes:
        text: The words (`body[start:end] == text`).
        start: Offset in `body`.
        end: Offset just past them.
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it.

    Attributes:
        text: The words between the quote marks (`body[start:end] == text`).
        start: Offset in `body` just after the opening mark.
        end: Offset of the closing mark (or the end of the paragraph when it runs on).
        speaker: The speaker's full name, or None when no person is behind the words.
        continues: The quotation runs on into the next quote (a paragraph ended without a
            closing mark and the next one opens again, as news style does).
        speaker_mention: The words the text uses for the speaker ("he", "the mayor",
            "Sen. Cruz"), or None when the speaker is not named near the quotation.
        speaker_kind: "person", "organisation", or None (songs, chants, titles, scare quotes,
            or a speaker slot that names neither).
    """

    text: str
    start: int
    end: int
    speaker: str | None
    continues: bool = False
    speaker_mention: Mention | None = None
    speaker_kind: SpeakerKind | None = None


@dataclass(frozen=True, slots=True)
class Acronym:
    """An acronym the text defines ("National Security Committee (KNB)")."""

    acronym: str
    expansion: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded article.

    Attributes:
        id: Stable identity derived from the title and body text (not the path), so
            the same article keeps its id when its file is moved or renamed.
        source: The file the article came from.
        title: The headline.
        author: The byline, when the text gives one.
        blog: The blog or site name, when the text gives one.
        caption: A photo caption, kept out of the body.
        body: The clean text a reader shows: paragraphs joined by blank lines.
        paragraphs: The paragraphs with their offsets in `body`.
        published: ISO 8601 date (or date-time) of publication, when the text gives one.
        blog_description: The blog's own description ("About This Blog"), when given.
        format: The input format the article was parsed from.
        officials: People named with a title or role, with all their mentions.
        people: Every person named, titled or not (officials among them), with the mentions
            of their name.
        figures: Numbers with what they count (dates are kept apart, in `dates`).
        dates: Dates, with ISO forms.
        quotes: Direct quotations with their speakers.
        acronyms: Acronyms defined in the text.
        extracted: Whether extraction has run on this article.
    """

    id: str
    source: str
    title: str
    author: str | None
    blog: str | None
    caption: str | None
    body: str
    paragraphs: tuple[Paragraph, ...]
    published: str | None = None
    blog_description: str | None = None
    format: str = "text"
    officials: tuple[Official, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    extracted: bool = False
    people: tuple[Person, ...] = ()

    def paragraph_text(self, paragraph: Paragraph) -> str:
        """Return the text of one of this article's paragraphs."""
        return self.body[paragraph.start : paragraph.end]


@dataclass(frozen=True, slots=True)
class CorpusOfficial:
    """One person across a corpus: every role seen and every article they appear in.

    Attributes:
        name: The fullest form of the name seen.
        roles: Every distinct role wording, in order of first appearance.
        articles: Ids of the articles that name them, in corpus order.
        mention_count: Mentions across all those articles.
    """

    name: str
    roles: tuple[str, ...]
    articles: tuple[str, ...]
    mention_count: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result.

    Attributes:
        article: The article found.
        score: Higher is better; comparable within one query only.
        field: Where the best match is: "title", "body", "quote" or "official".
        start: Start of the best matching passage: an offset into `article.title` for a title
            match, into `article.body` otherwise (a quote's words, an official's first mention).
        end: End of that passage.
        snippet: A short excerpt around the passage, on one line.
        marks: (start, end) offsets in `snippet` of the words that matched.
    """

    article: Article
    score: float
    field: str
    start: int
    end: int
    snippet: str
    marks: tuple[Span, ...] = ()


class Skipped(NamedTuple):
    """A path that was not loaded, and why (unpacks as `(source, reason)`)."""

    source: str
    reason: str


class Notice(NamedTuple):
    """Something worth knowing about a file that did load (unpacks as `(source, message)`)."""

    source: str
    message: str


@dataclass(slots=True)
class Corpus:
    """Articles loaded from one or more paths.

    Attributes:
        articles: Loaded articles, in a stable order (paths as given, folders sorted): a list,
            or a `Shelf` that reads them from the article cache as they are asked for.
        skipped: Every path that was not loaded, with the reason.
        notices: Files that loaded but with something to report (e.g. their encoding).
        stale: Ids of articles whose extraction was kept from an older extractor: shown until
            extraction runs on them again.
    """

    articles: MutableSequence[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    stale: set[str] = field(default_factory=set)
    _index: object | None = field(default=None, repr=False, compare=False)
    _indexed_version: int = field(default=-1, repr=False, compare=False)
    _interim: object | None = field(default=None, repr=False, compare=False)
    """An index of these articles as they were (before some files changed), searched while the
    new one is made elsewhere, rather than making one here: `set_interim_index`."""

    def build_index(self) -> None:
        """Build the search index now (otherwise the first `search` builds it): the segments of
        the index it had (of these articles as they were), and one of the articles they do not
        hold, so a change costs the articles changed, not the corpus."""
        from flagreader.search.index import SearchIndex, updated  # numpy only when searching
        from flagreader.shelf import keys_of

        articles = self.articles
        previous = self._index if self._index is not None else self._interim
        known = previous if isinstance(previous, SearchIndex) else None
        self._index = updated(known, articles if _is_shelf(articles) else list(articles), keys_of(articles))
        self._indexed_version = getattr(articles, "version", -1)
        self._interim = None

    def use_index(self, index: object) -> None:
        """Search with `index`, an index of exactly these articles (read from the cache)."""
        self._indexed_version = getattr(self.articles, "version", -1)
        self._index = index  # last: a search in another thread never sees it with the old version
        self._interim = None

    def _index_is_current(self) -> bool:
        indexed = getattr(self._index, "articles", None)
        if indexed is None:
            return False
        if _is_shelf(self.articles):  # a shelf counts its changes: no article is read to compare
            return indexed is self.articles and getattr(self.articles, "version", -2) == self._indexed_version
        return len(indexed) == len(self.articles) and all(map(operator.is_, indexed, self.articles))

    def matches(self, query: str, article: Article) -> list[Span]:
        """Every place in `article`'s body where a word of `query` matches, in order."""
        from flagreader.search.engine import match_spans
        from flagreader.search.index import SearchIndex

        self.search(query, 1)  # builds or refreshes the index when needed
        index = self._index if self._index is not None else self._interim
        assert isinstance(index, SearchIndex)
        from flagreader.shelf import position_of

        position = position_of(index.articles, article.id)
        if position is None:
            return []
        return match_spans(index, query, position)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Find articles by a few words, typos and all; best first.

        Words match with about one typo in 4-7 letters and two in longer words, the last word
        also as the start of a longer one; "quoted words" match as a phrase; `title:`,
        `official:` and `quote:` restrict a word or phrase to that field.
        """
        from flagreader.search.engine import search

        if not self._index_is_current():
            if self._interim is not None:  # the new index is being made: the one before serves
                return search(self._interim, query, limit)  # type: ignore[arg-type]
            self.build_index()  # the articles changed since the index was built
        return search(self._index, query, limit)  # type: ignore[arg-type]

    def index_to_share(self) -> object | None:
        """The index that a corpus made from this one, with articles added, may search until
        its own is made: this one's when it is current, else the one it searches meanwhile."""
        return self._index if self._index_is_current() else self._interim

    def searches_an_interim_index(self) -> bool:
        """Whether searches go to an index of the articles as they were (see `set_interim_index`)."""
        return self._interim is not None and not self._index_is_current()

    def set_interim_index(self, index: object | None) -> None:
        """Search `index`, of these articles as they were before some files changed, until an
        index of them as they are now is set or built (its hits may show the older copy of a
        changed article)."""
        self._interim = index


def _is_shelf(articles: object) -> bool:
    from flagreader.shelf import Shelf

    return isinstance(articles, Shelf)


def content_id(title: str, body: str) -> str:
    """Return a stable 16-hex-digit identity for an article's text.

    Whitespace is folded first, so re-wrapping or trailing spaces do not change it.
    """
    folded = " ".join(title.split()) + "\n" + " ".join(body.split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()
