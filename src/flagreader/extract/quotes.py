"""Direct quotations and their speakers.

Quote marks are paired within a paragraph by what stands around them (an opening mark
follows a space and precedes a word; a closing mark does the reverse); a quotation that
reaches the end of its paragraph while the next paragraph opens again runs on, as news
style has it. The speaker is the subject of the speech verb nearest the quotation in its
sentence ("Bilisbekov said", "said Mr Fox", "the deputy chairman ..., Nurgali Bilisbekov,
has said"), or, for a quotation that stands as a sentence of its own, the one in the next
sentence or the one who spoke last before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from flagreader.extract.lexicon import SPEECH_VERBS
from flagreader.extract.people import People, Person
from flagreader.extract.sentences import SentenceIndex
from flagreader.model import Paragraph, Quote, Span

_MARKS = re.compile('["“”]')
_OPEN_AFTER = frozenset(" \t\n([{—–-/:")
_CLOSE_BEFORE = frozenset(" \t\n,.;:!?)]}—–-")
_SPEECH_VERB = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b|\b[Aa]ccording to\b")
_PRONOUNS = {"he": "m", "she": "f", "He": "m", "She": "f"}
_AUXILIARIES = (
    r"(?:(?:has|had|have|was|is|were|also|later|then|earlier|again|quoted|as|been|reportedly|once|would"
    r"|will)\s+)*"
)
_AUXILIARY_GAP = re.compile(rf",?\s*{_AUXILIARIES}$")
_APPOSITION_GAP = re.compile(rf",[^,\"“”]{{1,160}},\s*{_AUXILIARIES}$")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
# A noun phrase that is not a person stands as the subject: "The Tories said", "a spokesman said".
_NON_PERSON_SUBJECT = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+[\w' -]{1,40}$")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    continues: bool = False


def _mark_kind(body: str, index: int, paragraph: Paragraph, inside: bool) -> str:
    mark = body[index]
    if mark == "“":
        return "open"
    if mark == "”":
        return "close"
    before = body[index - 1] if index > paragraph.start else " "
    after = body[index + 1] if index + 1 < paragraph.end else " "
    opening = before in _OPEN_AFTER and not after.isspace()
    closing = not before.isspace() and (after in _CLOSE_BEFORE or index + 1 == paragraph.end)
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    return "close" if inside else "open"


def quote_spans(body: str, paragraphs: Sequence[Paragraph]) -> list[_Span]:
    """Pair quote marks into the spans of text between them."""
    spans: list[_Span] = []
    for number, paragraph in enumerate(paragraphs):
        opened: int | None = None
        for mark in _MARKS.finditer(body, paragraph.start, paragraph.end):
            kind = _mark_kind(body, mark.start(), paragraph, opened is not None)
            if kind == "open":
                if opened is not None:  # not closed before the next opens: it ran on
                    spans.append(_Span(opened, len(body[: mark.start()].rstrip()), continues=True))
                opened = mark.end()
            elif opened is not None:
                if mark.start() > opened:
                    spans.append(_Span(opened, mark.start()))
                opened = None
        if opened is not None and opened < paragraph.end:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            runs_on = following is not None and body[following.start : following.start + 1] in ('"', "“")
            spans.append(_Span(opened, paragraph.end, continues=runs_on))
    return [span for span in spans if body[span.start : span.end].strip()]


class _Attributor:
    """Finds the person behind each quotation."""

    def __init__(self, body: str, people: People, sentences: SentenceIndex, quoted: list[Span]) -> None:
        self.body = body
        self.people = people
        self.sentences = sentences
        self.quoted = quoted

    def _outside_quotes(self, position: int) -> bool:
        return not any(start <= position < end for start, end in self.quoted)

    def _person_ending_at(self, end: int) -> Person | None:
        for start, stop, person in self.people.mentions:
            if stop == end:
                return person
            if start >= end:
                break
        return None

    def _pronoun(self, position: int, gender: str) -> Person | None:
        for start, _, person in reversed(self.people.mentions):
            if start < position and person.gender in (None, gender):
                return person
        return None

    def _subject_ending_at(self, head_end: int, floor: int) -> Person | None:
        person = self._person_ending_at(head_end)
        if person is not None:
            return person
        word = _WORD_BEFORE.search(self.body, max(floor, head_end - 20), head_end)
        if word and word.group(1) in _PRONOUNS and word.end(1) == head_end:
            return self._pronoun(word.start(1), _PRONOUNS[word.group(1)])
        return None

    def _subject_before(self, verb: int, floor: int) -> Person | None | bool:
        """The person who is the subject of the verb at `verb`; False when the subject is
        something that is not a person (the quotation then has no speaker)."""
        text = self.body[floor:verb]
        for gap in (_AUXILIARY_GAP, _APPOSITION_GAP):  # "X has said", "X, the minister, said"
            match = gap.search(text)
            if match is None:
                continue
            head_end = floor + match.start()
            person = self._subject_ending_at(head_end, floor)
            if person is not None:
                return person
        match = _AUXILIARY_GAP.search(text)
        head_end = floor + (match.start() if match else len(text))
        if _NON_PERSON_SUBJECT.search(self.body, max(floor, head_end - 40), head_end):
            return False
        return None

    def _subject_after(self, verb_end: int, ceiling: int) -> Person | None:
        """The person named right after the verb: "said Mr Fox", "according to Abykaev"."""
        match = re.compile(r"\s*(?:to\s+)?").match(self.body, verb_end, ceiling)
        start = match.end() if match else verb_end
        for mention_start, _, person in self.people.mentions:
            if mention_start == start:
                return person
            if mention_start > start:
                break
        return None

    def speaker(self, span: _Span, previous: Quote | None) -> str | None:
        """The speaker of one quotation."""
        first = self.sentences.index_of(span.start)
        last = self.sentences.index_of(max(span.start, span.end - 1))
        floor = self.sentences.spans[first][0]
        ceiling = self.sentences.spans[last][1]
        verbs = [
            m
            for m in _SPEECH_VERB.finditer(self.body, floor, ceiling)
            if self._outside_quotes(m.start()) and not (span.start <= m.start() < span.end)
        ]
        verbs.sort(key=lambda m: min(abs(m.start() - span.end), abs(span.start - m.end())))
        for verb in verbs:
            who = self._subject_before(verb.start(), floor)
            if who is False:
                return None
            if isinstance(who, Person):
                return who.name
            after = self._subject_after(verb.end(), ceiling)
            if after is not None:
                return after.name
        if previous is not None and previous.continues:
            return previous.speaker
        return self._from_neighbours(span, first, last, previous)

    def _from_neighbours(self, span: _Span, first: int, last: int, previous: Quote | None) -> str | None:
        """A quotation that is a sentence of its own: the next sentence's sayer, or the last one."""
        floor = self.sentences.spans[first][0]
        ceiling = self.sentences.spans[last][1]
        prose = self.body[floor : span.start - 1].strip() + self.body[span.end + 1 : ceiling].strip(' ,."”')
        if len(prose.split()) > 3:
            return None  # a quoted phrase inside a narrative sentence: a term, not speech
        if last + 1 < len(self.sentences.spans):
            next_floor, next_ceiling = self.sentences.spans[last + 1]
            for verb in _SPEECH_VERB.finditer(self.body, next_floor, min(next_ceiling, next_floor + 60)):
                who = self._subject_before(verb.start(), next_floor)
                if isinstance(who, Person):
                    return who.name
                break
        return previous.speaker if previous is not None else None


def find_quotes(
    body: str, paragraphs: Sequence[Paragraph], people: People, sentences: SentenceIndex
) -> list[Quote]:
    """Return the direct quotations in `body`, in order, each with its speaker or None."""
    spans = quote_spans(body, paragraphs)
    attributor = _Attributor(body, people, sentences, [(s.start - 1, s.end + 1) for s in spans])
    quotes: list[Quote] = []
    for span in spans:
        previous = quotes[-1] if quotes else None
        quote = Quote(body[span.start : span.end], span.start, span.end, None, span.continues)
        quotes.append(replace(quote, speaker=attributor.speaker(span, previous)))
    return quotes
