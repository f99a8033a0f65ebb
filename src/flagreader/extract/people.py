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
    SPEECH_VERBS,
    TITLE_ROLES,
)
from flagreader.extract.names import NameMatch, find_names
from flagreader.extract.roles import (
    RolePhrase,
    is_head,
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
_SPEECH_AFTER = re.compile(
    rf"\s*(?:,[^,.;\"“”]{{1,160}},?\s*|\s[-–—][^.;\"“”]{{1,160}}[-–—]\s*)?{_AUXILIARIES}(?:{_SPEECH})\b"
)
# Verbs whose sayer may follow them ("said Mr Fox"; not "accused Mr Blair", whose object
# follows), with room for a role between ("said its chairman, Sir Anthony Greener").
_INVERTING = "said|says|added|adds|wrote|writes|explained|continued|recalled|according to"
_SPEECH_BEFORE = re.compile(
    rf"\b(?:{_INVERTING})\s+(?:(?:the|its|his|her|their)\s+[^.;:,\"“”]{{0,80}},\s*(?:[\w'’-]+\s+){{0,3}})?$"
)
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
    speaking_at: set[int] = field(default_factory=set)
    """Starts of mentions that are the subject of a speech verb ("Bilisbekov said")."""
    references: list[tuple[int, int, Person]] = field(default_factory=list)
    """Role phrases that stand for a person ("the prime minister"): not mentions, but they
    keep the person in view for "he said"."""

    def lookup(self, tokens: tuple[str, ...], before: int, honorific: str | None = None) -> Person | None:
        """The person a name refers to: same full name, else the latest one with that surname
        ("Sir" and "Dame" go with a first name: "Sir Digby" is Sir Digby Jones)."""
        key = fold(" ".join(tokens))
        for person in self.persons:
            if fold(person.name) == key:
                return person
        if len(tokens) > 1:
            return None
        if honorific in ("sir", "dame"):
            candidates = [p for p in self.persons if fold(p.name.split()[0]) == key]
        else:
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
    if re.compile(r' ["“]\w').match(text, name.end):  # 'Richard Thomas "totally condemned"'
        return True
    return bool(_SPEECH_BEFORE.search(text, max(0, name.prefix_start - 140), name.prefix_start))


def _role_for(text: str, name: NameMatch, floor: int, ceiling: int) -> RolePhrase | None:
    return (
        role_before(text, name.prefix_start, floor)
        or role_apposition_before(text, name.prefix_start, floor)
        or role_apposition_after(text, name.end, ceiling)
    )


def _acceptable(name: NameMatch, role: RolePhrase | None, text: str, ceiling: int) -> bool:
    """Whether a name found in text names a person worth introducing."""
    if name.honorific or name.post_nominal:
        return True
    if len(name.tokens) > 1:
        if text[max(0, name.prefix_start - 4) : name.prefix_start].lower() == "the ":
            return False  # "The Weakest Link", "the Guildford Four": titles and groups
        return role is not None or is_speaker_position(text, name, ceiling)
    # One word after a role is a person only after a capitalised head ("Chancellor Brown"),
    # not after a lower-case word or an organisation ("the official Kent house").
    if role is None or role.end > name.prefix_start:
        return False
    last = text[role.start : role.end].split()[-1]
    return is_head(last) and last[:1].isupper()


def _introduce(people: People, text: str, name: NameMatch, bounds: Span) -> Person | None:
    floor, ceiling = bounds
    role = _role_for(text, name, floor, ceiling)
    if not _acceptable(name, role, text, ceiling):
        return None
    person = people.lookup(name.tokens, name.start, name.honorific)
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
    elif name.honorific in TITLE_ROLES:
        person.add_role(text[name.prefix_start : name.start].strip())
    elif name.post_nominal:
        person.add_role(name.post_nominal)
    return person


def _link_mentions(people: People, text: str, names: list[NameMatch], sentences: SentenceIndex) -> None:
    for name in names:
        person = people.lookup(name.tokens, name.start, name.honorific)
        if person is None:
            continue
        person.mentions.append((name.start, name.end))
        people.mentions.append((name.prefix_start, name.end, person))
        ceiling = sentences.spans[sentences.index_of(name.start)][1] if sentences.spans else len(text)
        if is_speaker_position(text, name, ceiling):
            people.speaking_at.add(name.prefix_start)


def _role_holder(people: People, phrase: RolePhrase, sentence_start: int) -> Person | None:
    """The person a role named without a name most likely stands for, or None.

    Someone who already holds that role; else the latest person named in this or the two
    sentences before who has no role yet ("Mr Blair ... The prime minister ratcheted up").
    """
    wording = fold(phrase.text)
    head = wording.split()[-1]
    for person in people.persons:
        if any(fold(role) == wording or fold(role).split()[-1] == head for role in person.roles):
            return person
    for start, _, person in reversed(people.mentions):
        if start >= phrase.start:
            continue
        if start < sentence_start:
            break
        if not person.roles:
            return person
    return None


def _unnamed_roles(people: People, text: str, sentences: SentenceIndex) -> None:
    """Give a named person the role the text also calls them by without their name.

    Either a sentence speaks of "the deputy prosecutor of the West Kazakhstan Region" and
    the next names "Deputy Prosecutor Aspenbi Zharylgasov" (or a lede's "the Trade and
    Industry Secretary has said" before "Patricia Hewitt said"), or "the prime minister"
    follows a mention of someone who has no role yet.
    """
    people.mentions.sort(key=lambda mention: mention[0])
    for match in _DEFINITE.finditer(text):
        sentence = sentences.index_of(match.start())
        _, ceiling = sentences.spans[sentence]
        phrase = role_after_determiner(text, match.end(), ceiling)
        if phrase is None:
            continue
        person = _role_holder(people, phrase, sentences.spans[max(0, sentence - 2)][0])
        if (
            person is None
            and sentence + 1 < len(sentences.spans)
            and _SPEECH_AFTER.match(text, phrase.end, ceiling)
        ):
            next_start, next_end = sentences.spans[sentence + 1]
            first_seen = [p for p in people.persons if next_start <= p.introduced_at < next_end]
            person = first_seen[0] if len(first_seen) == 1 else None
        if person is not None:
            person.add_role(phrase.text)
            people.references.append((match.start(), phrase.end, person))


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
    _link_mentions(people, text, names, sentences)
    _unnamed_roles(people, text, sentences)
    people.mentions.sort(key=lambda mention: mention[0])
    return people
