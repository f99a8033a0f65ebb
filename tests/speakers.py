"""A hand-made article whose quotations give their speakers in each way the citation and the
quotes view tell apart: by name, by a pronoun, by a role, an organisation, and nobody.

Built by hand (not extracted), so the tests of how speakers are shown do not move when the
extraction does.
"""

from __future__ import annotations

from flagreader.model import (
    Article,
    Corpus,
    Mention,
    Official,
    Paragraph,
    Person,
    Quote,
    SpeakerKind,
    content_id,
)

TITLE = "Sanders Vows To Fight On"
PARAGRAPHS = (
    "Vermont Sen. Bernie Sanders spoke to supporters in Burlington on Tuesday night.",
    '"We are not going to back down [now]," he said.',
    'The senator added that the race was far from over. "We have the momentum," the senator told reporters.',
    '"This campaign is about you," Sanders said.',
    'The Sanders campaign said in a statement: "We raised $5 million in a day."',
    'Clinton spokesman Brian Fallon said, "The math is the math."',
    '"It is over," a donor said.',
)
# (quotation, speaker, the words for the speaker after the quotation, kind)
QUOTES: tuple[tuple[str, str | None, str | None, SpeakerKind | None], ...] = (
    ("We are not going to back down [now],", "Bernie Sanders", "he", "person"),
    ("We have the momentum,", "Bernie Sanders", "the senator", "person"),
    ("This campaign is about you,", "Bernie Sanders", "Sanders", "person"),
    ("We raised $5 million in a day.", "Sanders campaign", "The Sanders campaign", "organisation"),
    ("The math is the math.", "Brian Fallon", "Brian Fallon", "person"),
    ("It is over,", None, None, None),
)


def _span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def speakers_article(source: str = "/corpus/speakers.txt") -> Article:
    """The article, with its quotations, officials and people filled in as extraction would."""
    body = "\n\n".join(PARAGRAPHS)
    paragraphs, start = [], 0
    for text in PARAGRAPHS:
        paragraphs.append(Paragraph(start, start + len(text)))
        start += len(text) + 2
    quotes = []
    for text, speaker, mention, kind in QUOTES:
        begin, end = _span(body, text)
        words = None
        if mention is not None:  # after the quotation in its paragraph, else before it
            paragraph_end = next(p.end for p in paragraphs if p.start <= begin <= p.end)
            at = body.find(mention, end, paragraph_end)
            at = at if at >= 0 else body.rindex(mention, 0, begin)
            words = Mention(mention, at, at + len(mention))
        quotes.append(Quote(text, begin, end, speaker, speaker_mention=words, speaker_kind=kind))
    sanders = (_span(body, "Bernie Sanders"), _span(body, "Sanders", body.index('"This campaign')))
    fallon = (_span(body, "Brian Fallon"),)
    return Article(
        id=content_id(TITLE, body),
        source=source,
        title=TITLE,
        author="Jane Reporter",
        blog="Campaign Trail",
        caption=None,
        body=body,
        paragraphs=tuple(paragraphs),
        officials=(
            Official("Bernie Sanders", "Vermont senator", ("Vermont senator",), sanders),
            Official("Brian Fallon", "Clinton spokesman", ("Clinton spokesman",), fallon),
        ),
        people=(
            Person("Bernie Sanders", sanders, ("Vermont senator",)),
            Person("Brian Fallon", fallon, ("Clinton spokesman",)),
        ),
        quotes=tuple(quotes),
        extracted=True,
    )


def speakers_corpus() -> Corpus:
    """A corpus of that one article."""
    return Corpus(articles=[speakers_article()])
