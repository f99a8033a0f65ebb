"""People in an article: who is named, with which roles, and every mention of them.

Pass one introduces people: a name with a role next to it, with an honorific, or as the
subject of a speech verb ("Patricia Hewitt said"). Pass two links every later mention
("Bilisbekov said", "Mr Blair") to the person it names. A last pass gives a named person
the role an earlier sentence used for them without a name ("the deputy prosecutor of the
West Kazakhstan Region claimed ... Deputy Prosecutor Aspenbi Zharylgasov told reporters").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from flagreader.extract.lexicon import (
    FEMALE_HONORIFICS,
    MALE_HONORIFICS,
    ROLE_HEADS,
    SPEECH_VERBS,
    TITLE_ROLES,
)
from flagreader.extract.names import NameMatch, find_names
from flagreader.extract.roles import (
    RolePhrase,
    role_after_determiner,
    role_apposition_after,
    role_apposition_before,
    role_before,
)
from flagreader.extract.sentences import SentenceIndex
from flagreader.model import Span

_AUXILIARIES = (
    r"(?:(?:has|had|have|was|is|were|also|later|then|earlier|again|quoted|as|been|reportedly|once)\s+)*"
)
_SPEECH = "|".join(sorted(SPEECH_VERBS))
# After a name: an optional apposition in commas, auxiliaries, then a speech verb.
_SPEECH_AFTER = re.compile(rf"(?:['’]s\b)?\s*(?:,[^,.;\"“”]{{1,160}},\s*)?{_AUXILIARIES}(?:{_SPEECH})\b")
_SPEECH_BEFORE = re.compile(rf"\b(?:{_SPEECH}|according to)\s+$")
_DEFINITE = re.compile(r"\b[Tt]he\s+")


def fold(text: str) -> str:
    """Case- and accent-insensitive key for a name ("Žarylgasov" == "zarylgasov")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(slots=True)
class Person:
    """A person named in an article, as the passes build it up."""

    name: str
    gender: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    introduced_at: int = 0

    @property
    def surname(self) -> str:
        """The last word of the name."""
        return self.name.split()[-1]

    def add_role(self, role: str) -> None:
        """Keep a role wording unless one differing only in case is already kept."""
        if all(fold(role) != fold(kept) for kept in self.roles):
            self.roles.append(role)


@dataclass(slots=True)
class People:
    """Everyone named in one article, with the span of every mention."""

    persons: list[Person] = field(default_factory=list)
    mentions: list[tuple[int, int, Person]] = field(default_factory=list)

    def lookup(self, tokens: tuple[str, ...], before: int) -> Person | None:
        """The person a name refers to: same full name, else the latest one with that surname."""
        key = fold(" ".join(tokens))
        for person in self.persons:
            if fold(person.name) == key:
                return person
        if len(tokens) > 1:
            return None
        candidates = [p for p in self.persons if fold(p.surname) == key]
        earlier = [p for p in candidates if p.introduced_at <= before]
        pool = earlier or candidates
        return max(pool, key=lambda p: p.introduced_at) if pool else None

    def person_at(self, start: int, end: int) -> Person | None:
        """The person mentioned by the span exactly at (start, end), if any."""
        for mention_start, mention_end, person in self.mentions:
            if mention_start == start and mention_end == end:
                return person
        return None


def is_speaker_position(text: str, name: NameMatch, ceiling: int) -> bool:
    """Whether the name is the subject or object of a speech verb ("X said", "said X")."""
    if _SPEECH_AFTER.match(text, name.end, min(ceiling, name.end + 220)):
        return True
    return bool(_SPEECH_BEFORE.search(text, max(0, name.prefix_start - 40), name.prefix_start))


def _role_for(text: str, name: NameMatch, floor: int, ceiling: int) -> RolePhrase | None:
    return (
        role_before(text, name.prefix_start, floor)
        or role_apposition_before(text, name.prefix_start, floor)
        or role_apposition_after(text, name.end, ceiling)
    )


def _introduce(people: People, text: str, name: NameMatch, bounds: Span) -> Person | None:
    floor, ceiling = bounds
    role = _role_for(text, name, floor, ceiling)
    titled = name.honorific in TITLE_ROLES
    if not (role or name.honorific or len(name.tokens) > 1 and is_speaker_position(text, name, ceiling)):
        return None
    if len(name.tokens) == 1 and not (role or name.honorific):
        return None
    person = people.lookup(name.tokens, name.start)
    if person is None:
        person = Person(name=" ".join(name.tokens), introduced_at=name.start)
        people.persons.append(person)
    elif len(name.tokens) > len(person.name.split()):
        person.name = " ".join(name.tokens)  # "Mr Blair" first, "Tony Blair" later
    if name.honorific in MALE_HONORIFICS:
        person.gender = "m"
    elif name.honorific in FEMALE_HONORIFICS:
        person.gender = "f"
    if role:
        person.add_role(role.text)
    elif titled and name.honorific:
        person.add_role(text[name.prefix_start : name.start].strip())
    return person


def _link_mentions(people: People, names: list[NameMatch]) -> None:
    for name in names:
        person = people.lookup(name.tokens, name.start)
        if person is None:
            continue
        person.mentions.append((name.start, name.end))
        people.mentions.append((name.prefix_start, name.end, person))


def _unnamed_roles(people: People, text: str, sentences: SentenceIndex) -> None:
    """Give a named person the role a previous sentence used for them without a name."""
    for match in _DEFINITE.finditer(text):
        sentence = sentences.index_of(match.start())
        _, ceiling = sentences.spans[sentence]
        phrase = role_after_determiner(text, match.end(), ceiling)
        if phrase is None or sentence + 1 >= len(sentences.spans):
            continue
        next_start, next_end = sentences.spans[sentence + 1]
        first_seen = [p for p in people.persons if next_start <= p.introduced_at < next_end]
        if len(first_seen) != 1:
            continue
        person = first_seen[0]
        head = fold(phrase.text).split(" of ")[0].split(" for ")[0]
        if not person.roles or any(fold(role) == head or fold(role).endswith(head) for role in person.roles):
            person.add_role(phrase.text)


def find_people(text: str, sentences: SentenceIndex, caption: str | None = None) -> People:
    """Find the people named in `text` (an article body) and in its caption.

    Mentions are spans of `text` only; the caption adds roles (it comes first in `roles`).
    """
    people = People()
    if caption:
        caption_names = find_names(caption)
        for name in caption_names:
            person = _introduce(people, caption, name, (0, len(caption)))
            if person is not None:
                person.introduced_at = -1  # the caption stands before the body
    names = find_names(text)
    for name in names:
        bounds = sentences.spans[sentences.index_of(name.start)] if sentences.spans else (0, len(text))
        _introduce(people, text, name, bounds)
    _link_mentions(people, names)
    _unnamed_roles(people, text, sentences)
    people.mentions.sort(key=lambda mention: mention[0])
    return people


def is_role_head(word: str) -> bool:
    """Whether a word names a role ("minister", "chairman")."""
    return word.lower() in ROLE_HEADS
