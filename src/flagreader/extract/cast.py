"""The cast of an article: every named person, titled or not, and what each mention of a
name, a pronoun or a role stands for.

Quote attribution asks the cast who "Sanders", "Sen. Cruz", "he" or "the senator" is at a
given place in the text. A name resolves to the person with that full name, else the one
introduced with that surname (or, alone, that first name) who is named most in the article;
a name nobody was introduced with becomes a person of its own. A pronoun resolves to the
latest person named as a subject or a speaker before it whose gender fits (a person's
gender is learned from honorifics and from the pronouns resolved to them); a role ("the
senator") to the person who holds it, else the latest subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from flagreader.extract.lexicon import ABBREVIATED_TITLES
from flagreader.extract.names import NameMatch
from flagreader.extract.persons import HONORIFIC_GENDER, People, fold
from flagreader.model import Person

_LOOK_BACK = 40  # mentions a pronoun looks back over (bounded: a page of names stays linear)
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


@lru_cache(maxsize=65536)
def name_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """Folded name words, apostrophe kinds made one ("O’Neill" == "O'Neill")."""
    return tuple(fold(word.replace("’", "'")) for word in words)


@dataclass(slots=True, eq=False)
class CastMember:
    """A person of the article."""

    name: str
    gender: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)
    """Where the text names them (not pronouns or roles)."""
    personal: bool = False
    """Whether the text treats them as a person: a role, an honorific, a quotation given to
    them, or their surname alone standing for them ("Sanders" after "Bernie Sanders")."""


@dataclass(slots=True)
class Cast:
    """Everyone named in one article, and the named mentions in text order."""

    members: list[CastMember] = field(default_factory=list)
    _by_name: dict[tuple[str, ...], CastMember] = field(default_factory=dict)
    _by_surname: dict[str, list[CastMember]] = field(default_factory=dict)
    _by_first: dict[str, list[CastMember]] = field(default_factory=dict)
    _by_role: dict[str, dict[int, CastMember]] = field(default_factory=dict)
    """Members by the last word of each of their roles ("senator")."""
    _events: list[tuple[int, CastMember, bool]] = field(default_factory=list)
    """(position, member, is a subject) for every mention resolved so far, in text order."""
    _positions: list[int] = field(default_factory=list)

    def add(self, words: tuple[str, ...], gender: str | None = None) -> CastMember:
        """The member with this full name, made if new."""
        key = name_key(words)
        member = self._by_name.get(key)
        if member is None:
            member = CastMember(" ".join(words), gender)
            self.members.append(member)
            self._by_name[key] = member
            if len(key) > 1:
                self._by_surname.setdefault(key[-1], []).append(member)
                self._by_first.setdefault(key[0], []).append(member)
        if gender and not member.gender:
            member.gender = gender
        member.personal = member.personal or gender is not None
        return member

    def add_roles(self, member: CastMember, roles: list[str]) -> None:
        """Give a member roles, indexed by their last word for `salient`."""
        member.roles.extend(roles)
        member.personal = member.personal or bool(roles)
        for role in roles:
            self._by_role.setdefault(fold(role).split()[-1], {})[id(member)] = member  # once each

    def resolve_name(self, words: tuple[str, ...], honorific: str | None = None) -> CastMember:
        """The member a name stands for (see the module docstring)."""
        key = name_key(words)
        gender = HONORIFIC_GENDER.get((honorific or "").lower().rstrip("."))
        if key in self._by_name and (len(key) > 1 or not self._by_surname.get(key[-1])):
            member = self._by_name[key]
        elif len(key) > 1:
            surname = self._by_surname.get(key[-1], [])
            same_first = [m for m in surname if name_key(tuple(m.name.split()))[0] == key[0]]
            member = same_first[0] if same_first else self.add(words)
        elif (honorific or "").lower() in ("sir", "dame"):  # "Sir Digby" is Sir Digby Jones
            pool = self._by_first.get(key[0], [])
            member = pool[0] if pool else self.add(words)
        else:
            pool = self._by_surname.get(key[0]) or ([] if honorific else self._by_first.get(key[0], []))
            member = max(pool, key=lambda m: m.mentions) if pool else self.add(words)
        if gender and not member.gender:
            member.gender = gender
        return member

    def mention(
        self, position: int, member: CastMember, subject: bool, end: int | None = None, quoted: bool = False
    ) -> None:
        """Record a mention at `position` (a name ending at `end`, when it is one); mentions
        are recorded in text order. A mention inside a quotation is no antecedent for a
        pronoun outside it ('"It's not going to be Rubio," he said' is not Rubio)."""
        member.mentions += 1
        if not quoted:
            self._positions.append(position)
            self._events.append((position, member, subject))
        if end is not None:
            member.spans.append((position, end))

    def named(self, member: CastMember, start: int, end: int) -> None:
        """Record where a speaker slot names a member ("Sanders said"), for the people list."""
        member.spans.append((start, end))
        member.personal = True

    def people(self, body: str) -> tuple[Person, ...]:
        """Every member the text names and treats as a person (`CastMember.personal`), or
        names in two words or more none of which the text also writes in lower case or is a
        place word ("Social Security", "Des Moines", "Criminal Minds" are no one), in order
        of their first mention."""
        common: set[str] | None = None
        named = []
        for member in self.members:
            if not member.spans or not member.name:
                continue
            words = [word.lower() for word in member.name.split()]
            if not member.personal and (len(words) < 2 or any(w in _PLACE_WORDS for w in words)):
                continue
            if not member.personal:
                common = set(_LOWER_WORD.findall(body)) if common is None else common
                if any(word in common for word in words):
                    continue
            named.append(member)
        named.sort(key=lambda m: min(m.spans))
        return tuple(
            Person(m.name, tuple(sorted(set(m.spans))), tuple(dict.fromkeys(m.roles))) for m in named
        )

    def holder(self, role: str) -> CastMember | None:
        """The one member who holds a role ending in `role`, or None (nobody, or several)."""
        holders = self._by_role.get(role, {})
        return next(iter(holders.values())) if len(holders) == 1 else None

    def salient(self, position: int, gender: str | None = None, role: str | None = None) -> CastMember | None:
        """The latest member named as a subject before `position` who fits the gender (and
        holds a role ending in `role`, if one is asked for and anyone holds it); else the
        latest named who fits."""
        if role is not None and (holder := self.holder(role)) is not None:
            return holder
        latest = None
        stop = bisect_left(self._positions, position)
        for index in range(stop - 1, max(-1, stop - 1 - _LOOK_BACK), -1):
            _, member, subject = self._events[index]
            if gender and member.gender not in (None, gender):
                continue
            latest = latest or member
            if subject:
                return member
        return latest

    def pronoun(self, word: str, position: int) -> CastMember | None:
        """The member a he/she pronoun at `position` stands for; their gender learned from it."""
        gender = _PRONOUN_GENDER.get(word.lower())
        member = self.salient(position, gender)
        if member is not None and gender and member.gender is None:
            member.gender = gender
        return member

    def known(self, words: tuple[str, ...]) -> CastMember | None:
        """The member a name stands for if anyone was introduced with it, else None."""
        key = name_key(words)
        if len(key) > 1:
            return self._by_name.get(key)
        pool = self._by_surname.get(key[0]) or self._by_first.get(key[0], [])
        return max(pool, key=lambda m: m.mentions) if pool else None


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]+")
_PLACE_WORDS = frozenset(
    """
    new san santa los las des fort port lake mount saint st island islands city county state
    north south east west valley beach springs falls park street avenue road square hall
    """.split()
)
_TITLE_WORDS = ABBREVIATED_TITLES | {"jr", "sr"}
_PLACE_BEFORE = frozenset("of for in at from".split())  # "Rep. Lee Zeldin of New York": a place
_UNNAMED_HEAD = re.compile(r"\b(spokesman|spokeswoman|spokesperson|source|aide)\b")
_UNNAMED_LEAD = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:[\w’'-]+\s+){0,4}?$")  # "a Labour Party spokesman"


def _usable(body: str, name: NameMatch) -> bool:
    """Whether a name found in the text may be a person of the cast: not "the Guildford Four",
    not "Laurence H" (before "Tribe"), not a place after "of", no title word ("Republican Rep"
    before ".")."""
    before = body[max(0, name.prefix_start - 6) : name.prefix_start]
    if before[-4:].lower() == "the " or (before.split()[-1:] and before.split()[-1] in _PLACE_BEFORE):
        return False
    tokens = name.tokens
    return not any(len(token) == 1 for token in tokens[1:]) and not any(
        token.lower() in _TITLE_WORDS for token in tokens
    )


def build_cast(
    body: str,
    names: list[NameMatch],
    people: People,
    subject_at: set[int],
    quoted: Sequence[tuple[int, int]] = (),
) -> Cast:
    """The cast: officials first (with their roles), then every name of two words or more that
    is not a title or a group ("the Guildford Four"); one-word names join when a quote is
    given to them. Every mention of a member is recorded, as a subject when its start is in
    `subject_at` (a sentence's first words, or a speech verb's sayer), and as no antecedent
    when it is inside one of the `quoted` spans (sorted)."""
    cast = Cast()
    for person in people.persons:
        cast.add_roles(cast.add(tuple(person.name.split()), person.gender), person.roles)
    usable = [name for name in names if _usable(body, name)]
    for name in usable:
        if len(name.tokens) > 1:
            cast.add(name.tokens, HONORIFIC_GENDER.get(name.honorific or ""))
    members = {id(person): cast.add(tuple(person.name.split())) for person in people.persons}
    for start, end, person in people.mentions:  # "Mr Bilisbekov": the officials finder linked it
        cast.named(members[id(person)], start, end)
    events: list[tuple[int, int | None, CastMember | None, tuple[str, ...]]] = [
        (name.prefix_start, name.end, None, name.tokens) for name in usable
    ]
    events += [(start, None, members[id(person)], ()) for start, _, person in people.references]
    for head in _UNNAMED_HEAD.finditer(body):  # "A spokeswoman for Human Rights Watch said": nobody named
        if lead := _UNNAMED_LEAD.search(body, max(0, head.start() - 80), head.start()):
            gender = {"spokesman": "m", "spokeswoman": "f"}.get(head.group(1))
            events.append((lead.start(), None, CastMember("", gender), ()))
    events.sort(key=lambda event: event[0])
    inside = 0  # the first quoted span that does not end before the event (events are in order)
    for position, name_end, given, tokens in events:  # a role standing for someone keeps them in view
        while inside < len(quoted) and quoted[inside][1] <= position:
            inside += 1
        in_quote = inside < len(quoted) and quoted[inside][0] <= position
        found = given or cast.known(tokens)
        if found is not None:
            cast.mention(position, found, position in subject_at, name_end, in_quote)
            found.personal = found.personal or (len(tokens) == 1 and len(found.name.split()) > 1)
    return cast
