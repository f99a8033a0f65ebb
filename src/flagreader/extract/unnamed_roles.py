"""Roles the text gives a named person without their name: the people finder's last pass.

A sentence speaks of "the deputy prosecutor of the West Kazakhstan Region" and the next
names "Deputy Prosecutor Aspenbi Zharylgasov" (or a lede's "the Trade and Industry Secretary
has said" comes before "Patricia Hewitt said"), or "the prime minister" follows a mention of
someone who has no role yet. Every look-around is bounded, so the pass stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from flagreader.extract.lexicon import GENERIC_HEADS
from flagreader.extract.persons import People, Person, fold
from flagreader.extract.roles import ROLE_HEAD_WORD, RolePhrase, is_head, role_after_determiner
from flagreader.extract.sentences import SentenceIndex
from flagreader.extract.speech import SPEAKS_AFTER_NAME
from flagreader.model import Span

_THE = re.compile(r"\b[Tt]he\s+")


def _definite_before(text: str, floor: int, head: int) -> re.Match[str] | None:
    """The "the" that opens a phrase ending at the role word at `head`, at most five words
    before it ("the deputy prosecutor", "the Trade and Industry Secretary")."""
    window = text[floor:head]
    at = max(window.rfind("the "), window.rfind("The "))
    if at < 0 or len(window[at:].split()) > 6:
        return None
    return _THE.match(text, floor + at)


_WORD = re.compile(r"[\w-]+")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_LOOK_AROUND = 24  # mentions a role named without a name looks over (bounded: stays linear)
_PRONOUN_WINDOW = 160  # characters before such a role searched for "he" or "she"


def _holds(person: Person, words: set[str]) -> bool:
    """Whether one of the person's roles has every word of a role phrase ("Prime Minister"
    holds "the prime minister"; "French President" does not hold "Ukraine's new president")."""
    return any(words <= set(_WORD.findall(fold(role))) for role in person.roles)


def _same_office(person: Person, role: str) -> bool:
    """Whether a role names an office the person already holds ("the deputy prosecutor of the
    West Kazakhstan Region" and "Deputy Prosecutor" share "prosecutor")."""
    offices = {word for word in _WORD.findall(fold(role)) if is_head(word)}
    return any(offices & set(_WORD.findall(fold(kept))) for kept in person.roles)


def _role_holder(
    people: People, text: str, phrase: RolePhrase, sentences: SentenceIndex, mention_starts: list[int]
) -> Person | None:
    """The person a role named without a name most likely stands for, or None.

    Someone who already holds that role; else the latest person named in the two sentences
    before who has no role yet ("Mr Blair ... The prime minister ratcheted up"), unless the
    role's own sentence names them ("the Scottish Executive has insisted Mr McConnell was
    ...") or calls them "he" before the role ("He called on the prime minister to ...": he is
    someone else than the prime minister).
    """
    words = set(_WORD.findall(fold(phrase.text))) - {"the", "a", "an"}
    for holder in people.holders(fold(phrase.text).split()[-1], _LOOK_AROUND):
        if _holds(holder, words):
            return holder
    sentence = sentences.index_of(phrase.start)
    sentence_start, sentence_end = sentences.spans[sentence]
    window_start = sentences.spans[max(0, sentence - 2)][0]
    first = bisect_left(mention_starts, sentence_start)
    excluded = set()
    for index in range(first, min(len(mention_starts), first + _LOOK_AROUND)):
        if mention_starts[index] >= sentence_end:
            break
        excluded.add(id(people.mentions[index][2]))
    if fold(phrase.text).split()[-1] in GENERIC_HEADS:
        return None  # "the spokesman", "the analyst": someone the article does not name
    pronoun = _PRONOUN.search(text, max(sentence_start, phrase.start - _PRONOUN_WINDOW), phrase.start)
    found: Person | None = None
    for index in range(first - 1, max(-1, first - 1 - _LOOK_AROUND), -1):
        start, _, person = people.mentions[index]
        if start < window_start:
            break
        if pronoun is not None:  # the latest person named is who "he" stands for
            excluded.add(id(person))
            pronoun = None
        if person.roles or id(person) in excluded or person is found:
            continue
        if found is not None:
            return None  # two in one sentence: "Mr Blair went back on a pledge to Mr Brown"
        found = person
        window_start = sentences.spans[sentences.index_of(start)][0]
    return found


def _named_next(
    people: People,
    phrase: RolePhrase,
    next_sentence: Span,
    introductions: list[tuple[int, int]],
    introduced_at: list[int],
    mention_starts: list[int],
) -> Person | None:
    """The person a lede's role stands for when the next sentence names them as its speaker
    ("the Trade and Industry Secretary has said. ... Patricia Hewitt said"): the one person
    first named there, speaking there, with no other office beside their name ("Tory leader
    Michael Howard has said" is not "the prime minister")."""
    next_start, next_end = next_sentence
    first_seen = introductions[bisect_left(introduced_at, next_start) : bisect_left(introduced_at, next_end)]
    if len(first_seen) != 1:
        return None
    person = people.persons[first_seen[0][1]]
    if person.roles and not _same_office(person, phrase.text):
        return None
    first = bisect_left(mention_starts, next_start)
    if first > 0 and any(
        named is person for _, _, named in people.mentions[max(0, first - _LOOK_AROUND) : first]
    ):
        return None  # named before ("Tony Blair has had ... the Conservative leader said. Mr Blair's")
    for index in range(first, min(len(mention_starts), first + _LOOK_AROUND)):
        start, _, named = people.mentions[index]
        if start >= next_end:
            break
        if named is person and start in people.speaking_at:
            return person
    return None


def give_unnamed_roles(people: People, text: str, sentences: SentenceIndex) -> None:
    """Give a named person the role the text also calls them by without their name.

    Either a sentence speaks of "the deputy prosecutor of the West Kazakhstan Region" and
    the next names "Deputy Prosecutor Aspenbi Zharylgasov" (or a lede's "the Trade and
    Industry Secretary has said" before "Patricia Hewitt said"), or "the prime minister"
    follows a mention of someone who has no role yet.
    """
    people.mentions.sort(key=lambda mention: mention[0])
    if not people.persons:
        return  # nobody named: no one for a role to stand for
    mention_starts = [start for start, _, _ in people.mentions]
    introductions = sorted((person.introduced_at, index) for index, person in enumerate(people.persons))
    introduced_at = [at for at, _ in introductions]
    searched_to = 0
    for head in ROLE_HEAD_WORD.finditer(text):
        # Only a "the" a few words before a role word can begin a role named without a name.
        match = _definite_before(text, max(searched_to, head.start() - 60), head.start())
        if match is None:
            continue
        searched_to = head.end()
        sentence = sentences.index_of(match.start())
        _, ceiling = sentences.spans[sentence]
        phrase = role_after_determiner(text, match.end(), ceiling)
        if phrase is None:
            continue
        before = bisect_left(mention_starts, match.start()) - 1
        name_end = people.mentions[before][1] if before >= 0 else -10
        if match.start() - name_end <= 3 and text[name_end : match.start()].strip() == ",":
            continue  # the apposition of the name before it ("Cardinal X, the Archbishop of ...")
        person = _role_holder(people, text, phrase, sentences, mention_starts)
        if (
            person is None
            and sentence + 1 < len(sentences.spans)
            and SPEAKS_AFTER_NAME.match(text, phrase.end, ceiling)
        ):
            person = _named_next(
                people, phrase, sentences.spans[sentence + 1], introductions, introduced_at, mention_starts
            )
        if person is not None:
            people.add_role(person, phrase.text)
            people.references.append((match.start(), phrase.end, person))
