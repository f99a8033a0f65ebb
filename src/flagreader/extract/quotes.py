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
from bisect import bisect_right
from collections.abc import Sequence

from flagreader.extract.attribution import QuoteSpan, Sieve
from flagreader.extract.cast import Cast, build_cast
from flagreader.extract.lexicon import ROLE_HEADS
from flagreader.extract.names import NameMatch, find_names
from flagreader.extract.patterns import word_alternation
from flagreader.extract.persons import People, Person, fold
from flagreader.extract.sentences import SentenceIndex
from flagreader.extract.speech import AUXILIARIES, INVERTING, SPEECH
from flagreader.model import Mention, Paragraph, Quote, Span, SpeakerKind

_REACH = 400  # characters around a quotation searched for its attribution
_GAP_REACH = 340  # the longest gap before a verb: a 160-character apposition, its marks, auxiliaries
_AUXILIARY_REACH = 100  # "X, has also been quoted as saying": a few words at most
_VERBS_TRIED = 3  # the speech verbs nearest a quotation that are read for its sayer
_MARKS = re.compile('["“”]')
# Verbs whose sayer may follow them: "said Mr Fox" (but "accused Mr Blair" names the object).
_INVERTING = re.compile(rf"\b(?:{INVERTING}|according to)$")
_OPEN_AFTER = frozenset(" \t\n([{—–-/:")
_CLOSE_BEFORE = frozenset(" \t\n,.;:!?)]}—–-")
_SPEECH_VERB = re.compile(rf"\b(?:{SPEECH}|[Aa]ccording to)\b")
_PRONOUNS = {"he": "m", "she": "f", "He": "m", "She": "f"}
_SPEAKS_AFTER = re.compile(rf"\s*(?:,[^,\"“”]{{1,120}},)?\s*{AUXILIARIES}(?:{SPEECH})\b")
_AUXILIARY_GAP = re.compile(rf",?\s*{AUXILIARIES}$")
# "X, the minister, said", "X - who was wrongly convicted - said", "X, Blackpool Hotel Association said"
_APPOSITION_GAP = re.compile(rf"(?:,[^,\"“”]{{1,160}},?|\s[-–—][^\"“”]{{1,160}}[-–—])\s*{AUXILIARIES}$")
_HEADS = word_alternation(ROLE_HEADS)
_ROLE_SUBJECT = re.compile(rf"\b[Tt]he\s+(?:[\w-]+\s+){{0,3}}{_HEADS}$")
_ROLE_SUBJECT_START = re.compile(rf"\s*((?:[Tt]he)\s+(?:[\w-]+\s+){{0,3}}{_HEADS})\b")
_COORDINATED = re.compile(r"\b(?:and|but)\s+(?:then\s+|also\s+)?$")
_POSSESSIVE_LEAD = re.compile(r"^(His|Her)\b[^\"“”]{0,80}\b(?:was|is|were|read|reads)\s*:?$")
# What may stand between "said" and the name after it: "its chairman, ", "Labour MP ".
_ROLE_BEFORE_NAME = re.compile(r"\s*(?:[\w'’-]+\s+){0,12}?(?:[\w'’-]+,\s*)?(?:[\w'’-]+\s+){0,4}")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
# A noun phrase that is not a person stands as the subject: "The Tories said", "a spokesman said".
_NON_PERSON_SUBJECT = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+[\w' -]{1,40}$")


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


def quote_spans(body: str, paragraphs: Sequence[Paragraph]) -> list[QuoteSpan]:
    """Pair quote marks into the spans of text between them."""
    spans: list[QuoteSpan] = []
    for number, paragraph in enumerate(paragraphs):
        opened: int | None = None
        for mark in _MARKS.finditer(body, paragraph.start, paragraph.end):
            kind = _mark_kind(body, mark.start(), paragraph, opened is not None)
            if kind == "open":
                if opened is not None:  # not closed before the next opens: it ran on
                    spans.append(QuoteSpan(opened, end_before_space(body, mark.start()), continues=True))
                opened = mark.end()
            elif opened is not None:
                if mark.start() > opened:
                    spans.append(QuoteSpan(opened, mark.start()))
                opened = None
        if opened is not None and opened < paragraph.end:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            runs_on = following is not None and body[following.start : following.start + 1] in ('"', "“")
            spans.append(QuoteSpan(opened, paragraph.end, continues=runs_on))
    return [span for span in spans if body[span.start : span.end].strip()]


class _Attributor:
    """Finds the person behind each quotation."""

    def __init__(self, body: str, people: People, sentences: SentenceIndex, quoted: list[Span]) -> None:
        self.body = body
        self.people = people
        self.sentences = sentences
        self.quoted = quoted
        self._quoted_starts = [start for start, _ in quoted]
        mentions = sorted([*people.mentions, *people.references], key=lambda m: m[0])
        self._mentions = mentions
        self._mention_starts = [start for start, _, _ in mentions]
        self._by_end = {end: person for _, end, person in mentions}
        self._by_start = {start: person for start, _, person in mentions}

    def _outside_quotes(self, position: int) -> bool:
        index = bisect_right(self._quoted_starts, position) - 1
        return index < 0 or position >= self.quoted[index][1]

    def _is_subject(self, start: int) -> bool:
        """Whether the mention at `start` is a sentence's subject or a speech verb's."""
        if start in self.people.speaking_at:
            return True
        sentence_start = self.sentences.spans[self.sentences.index_of(start)][0]
        if start - sentence_start > 100 or len(self.body[sentence_start:start].split()) > 3:
            return False  # more than three words before it (read without copying a long sentence)
        # "Dr Fox accused Mr Blair": only the first person named can be the subject.
        first = bisect_right(self._mention_starts, sentence_start - 1)
        return first < len(self._mention_starts) and self._mention_starts[first] == start

    def salient(self, position: int, gender: str | None = None, official: bool = False) -> Person | None:
        """The person a pronoun or a bare role at `position` stands for: the latest one named
        as a subject (news keeps its sayer there) within a few sentences, else the latest named."""
        latest: Person | None = None
        for index in range(bisect_right(self._mention_starts, position - 1) - 1, -1, -1):
            start, _, person = self._mentions[index]
            if start < position - 1500:
                break
            if (gender and person.gender not in (None, gender)) or (official and not person.roles):
                continue
            latest = latest or person
            if self._is_subject(start):
                return person
        return latest

    def _subject_ending_at(self, head_end: int, floor: int) -> Person | None | bool:
        person = self._by_end.get(head_end)
        if person is not None:
            return person
        word = _WORD_BEFORE.search(self.body, max(floor, head_end - 30), head_end)
        if word is None or word.end(1) != head_end:
            return None
        if word.group(1) in _PRONOUNS:
            return self.salient(word.start(1), _PRONOUNS[word.group(1)])
        if word.group(1).lower() == "who":  # "Professor Chris Woodhead, who has said"
            return self._by_end.get(end_before_space(self.body, word.start(1), " ,"))
        role = _ROLE_SUBJECT.search(self.body, max(floor, head_end - 60), head_end)
        if (
            role is not None
        ):  # "The Tory co-chairman attacked": whoever holds that role, or the official in view
            holder = self._holder(role.group(), role.start())
            return holder or self.salient(role.start(), official=True) or False
        return None

    def _holder(self, phrase: str, position: int) -> Person | None:
        """The person whose role ends in the same words as `phrase` ("the Tory leader")."""
        words = fold(phrase).split()[1:]
        for length in range(len(words), 0, -1):
            tail = words[-length:]
            holders = [
                p for p in self.people.persons if any(fold(r).split()[-length:] == tail for r in p.roles)
            ]
            if len(holders) == 1:
                return holders[0]
            if holders:
                return self.salient(position, official=True)
        return None

    def _sentence_subject(self, floor: int) -> Person | None | bool:
        """The subject at the start of the sentence beginning at `floor`."""
        index = bisect_right(self._mention_starts, floor - 1)
        if index < len(self._mentions) and self._is_subject(self._mentions[index][0]):
            start, _, person = self._mentions[index]
            if start < floor + 40:
                return person
        role = _ROLE_SUBJECT_START.match(self.body, floor)
        if role is not None:
            return self._holder(role.group(1), floor) or self.salient(floor, official=True)
        pronoun = re.compile(r"\s*(He|She)\b").match(self.body, floor)
        if pronoun is not None:
            return self.salient(floor, _PRONOUNS[pronoun.group(1)])
        return None

    def _subject_before(self, verb: int, floor: int) -> Person | None | bool:
        """The person who is the subject of the verb at `verb`; False when the subject is
        something that is not a person (the quotation then has no speaker)."""
        # The gaps end at the verb and are a few hundred characters at most: searching only
        # the stretch before it keeps a window full of speech verbs from costing its square.
        start = max(floor, verb - _GAP_REACH)
        if _COORDINATED.search(
            self.body, max(start, verb - 24), verb
        ):  # "The Tory co-chairman attacked ... and said"
            return self._sentence_subject(floor)
        auxiliary = _AUXILIARY_GAP.search(self.body, max(start, verb - _AUXILIARY_REACH), verb)
        apposition = _APPOSITION_GAP.search(self.body, start, verb)
        for match in (auxiliary, apposition):  # "X has said", "X, the minister, said"
            if match is None:
                continue
            who = self._subject_ending_at(match.start(), floor)
            if who is not None:
                return who
        head_end = auxiliary.start() if auxiliary else verb
        if _NON_PERSON_SUBJECT.search(self.body, max(floor, head_end - 40), head_end):
            return False
        return None

    def _subject_after(self, verb_end: int, ceiling: int) -> Person | None:
        """The person named after the verb: "said Mr Fox", "said its chairman, Sir Anthony
        Greener", "according to Abykaev"."""
        index = bisect_right(self._mention_starts, verb_end)
        if index >= len(self._mentions):
            return None
        start, _, person = self._mentions[index]
        between = self.body[verb_end:start]
        if _COORDINATED.search(self.body, max(0, verb_end - 12), verb_end + 1):
            return None  # "and said Mr Blair was ...": Mr Blair is what was said, not the sayer
        if start >= ceiling or len(between) > 100 or _MARKS.search(between) or _SPEECH_VERB.search(between):
            return None
        if between.strip() and not _ROLE_BEFORE_NAME.fullmatch(between):
            return None
        return person if _INVERTING.search(self.body, max(0, verb_end - 15), verb_end) else None

    def _context(self, first: QuoteSpan, last: QuoteSpan) -> tuple[int, int]:
        """The sentences a quotation stands in, cut to a few hundred characters either side
        (an attribution is near its quotation; a run-on paragraph must not make this slow)."""
        floor = self.sentences.spans[self.sentences.index_of(first.start)][0]
        ceiling = self.sentences.spans[self.sentences.index_of(max(last.start, last.end - 1))][1]
        return max(floor, first.start - _REACH), min(ceiling, last.end + _REACH)

    def _attribution(self, span: QuoteSpan) -> Person | None | bool:
        """The sayer named in the sentences a quotation stands in, if any."""
        floor, ceiling = self._context(span, span)
        # Only outside the quotation: a long one is not scanned, and its words are not the attribution.
        outside = (
            *_SPEECH_VERB.finditer(self.body, floor, span.start),
            *_SPEECH_VERB.finditer(self.body, span.end, ceiling),
        )
        verbs = [m for m in outside if self._outside_quotes(m.start())]
        verbs.sort(key=lambda m: min(abs(m.start() - span.end), abs(span.start - m.end())))
        for verb in verbs[:_VERBS_TRIED]:
            who = self._subject_before(verb.start(), floor)
            if who is not None:
                return who
            after = self._subject_after(verb.end(), ceiling)
            if after is not None:
                return after
        return None

    def chain_speaker(self, chain: list[QuoteSpan], previous: str | None) -> str | None:
        """The speaker of a quotation that may run over several pieces."""
        named = self._by_end.get(end_before_space(self.body, chain[0].start - 1))
        if named is not None:  # 'Richard Thomas "totally condemned" the deletion'
            return named.name
        for span in chain:
            who = self._attribution(span)
            if who is False:
                return None
            if isinstance(who, Person):
                return who.name
        return self._from_neighbours(chain[0], chain[-1], previous)

    def _from_neighbours(
        self, first_span: QuoteSpan, last_span: QuoteSpan, previous: str | None
    ) -> str | None:
        """A quotation that is a sentence of its own: the next sentence's sayer, or the last one."""
        first = self.sentences.index_of(first_span.start)
        last = self.sentences.index_of(max(last_span.start, last_span.end - 1))
        floor, ceiling = self._context(first_span, last_span)
        lead = self.body[floor : first_span.start - 1].strip()
        if possessive := _POSSESSIVE_LEAD.match(lead):  # "His message to the chancellor was:"
            owner = self.salient(floor, "m" if possessive.group(1) == "His" else "f")
            return owner.name if owner else None
        prose = lead + self.body[last_span.end + 1 : ceiling].strip(' ,."”')
        if len(prose.split()) > 3:
            return None  # a quoted phrase inside a narrative sentence: a term, not speech
        if last + 1 < len(self.sentences.spans):
            next_floor, next_ceiling = self.sentences.spans[last + 1]
            for verb in _SPEECH_VERB.finditer(self.body, next_floor, min(next_ceiling, next_floor + 60)):
                who = self._subject_before(verb.start(), next_floor)
                if isinstance(who, Person):
                    return who.name
                break
        if first > 0:  # 'Ms Robinson ... tells Cockerell that she despaired ... "I used to ..."'
            before_floor, before_ceiling = self.sentences.spans[first - 1]
            reach = min(
                before_ceiling, before_floor + 2 * _REACH
            )  # its first words: a long sentence stays cheap
            for verb in _SPEECH_VERB.finditer(self.body, before_floor, reach):
                if self._outside_quotes(verb.start()):
                    who = self._subject_before(verb.start(), before_floor)
                    if isinstance(who, Person):
                        return who.name
                    break
        return previous


def end_before_space(text: str, end: int, space: str = " \t\n") -> int:
    """`end` moved back over white space (and any other `space` characters) before it,
    without copying the text (a long paragraph of quotes would make that quadratic)."""
    while end > 0 and text[end - 1] in space:
        end -= 1
    return end


def _chains(spans: list[QuoteSpan]) -> list[list[QuoteSpan]]:
    """Group the pieces of quotations that run on ("continues") into one list each."""
    chains: list[list[QuoteSpan]] = []
    for span in spans:
        if chains and chains[-1][-1].continues:
            chains[-1].append(span)
        else:
            chains.append([span])
    return chains


def quotes_and_cast(
    body: str,
    paragraphs: Sequence[Paragraph],
    people: People,
    sentences: SentenceIndex,
    names: list[NameMatch] | None = None,
) -> tuple[list[Quote], Cast]:
    """The direct quotations in `body` with their speakers, and the cast of people they were
    attributed among (every named person of the article)."""
    if names is None:
        names = find_names(body)
    spans = quote_spans(body, paragraphs)
    attributor = _Attributor(body, people, sentences, [(s.start - 1, s.end + 1) for s in spans])
    speaking = {start for start, end, _ in people.references if _SPEAKS_AFTER.match(body, end, end + 200)}
    speaking |= {name.prefix_start for name in names if _SPEAKS_AFTER.match(body, name.end, name.end + 200)}
    subjects = people.speaking_at | speaking | _sentence_openings(body, sentences)
    cast = build_cast(body, names, people, subjects, [(s.start, s.end) for s in spans])
    sieve = Sieve(body, list(paragraphs), sentences, cast)
    quotes: list[Quote] = []
    for chain in _chains(spans):
        sayer = sieve.attribute(chain)
        mention: Mention | None = None
        kind: SpeakerKind | None = None
        if sayer is not None:
            speaker, kind = sayer.speaker, sayer.kind
            mention = Mention(body[sayer.start : sayer.end], sayer.start, sayer.end)
        else:
            speaker = attributor.chain_speaker(chain, quotes[-1].speaker if quotes else None)
            kind = "person" if speaker else None
        quotes.extend(
            Quote(body[s.start : s.end], s.start, s.end, speaker, s.continues, mention, kind) for s in chain
        )
    return quotes, cast


def _sentence_openings(body: str, sentences: SentenceIndex) -> set[int]:
    """Where each sentence's first word starts (a name there is the sentence's subject)."""
    openings = set()
    for start, end in sentences.spans:
        while start < end and not body[start].isalnum():
            start += 1
        openings.add(start)
    return openings
