"""The people of an article as the people finder builds them up (`people.py`), and the name
keys they are found by: folded case, accents and apostrophes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from flagreader.extract.lexicon import FEMALE_HONORIFICS, MALE_HONORIFICS


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key for a name ("Žarylgasov" == "zarylgasov")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_fold(text: str) -> str:
    """`fold`, with the apostrophe kinds made one: "O’Neill" and "O'Neill" are one name."""
    return fold(text.replace("’", "'"))


HONORIFIC_GENDER = {**{word: "m" for word in MALE_HONORIFICS}, **{word: "f" for word in FEMALE_HONORIFICS}}
"""The gender an honorific gives ("mrs": "f")."""


@dataclass(slots=True, eq=False)  # a person is who they are, not what their fields hold
class Person:
    """A person named in an article, as the passes build it up."""

    name: str
    gender: str | None = None
    roles: list[str] = field(default_factory=list)
    introduced_at: int = 0

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
    _by_name: dict[str, Person] = field(default_factory=dict, repr=False)
    _by_surname: dict[str, list[Person]] = field(default_factory=dict, repr=False)
    _by_first_name: dict[str, list[Person]] = field(default_factory=dict, repr=False)
    _by_role_word: dict[str, dict[int, Person]] = field(default_factory=dict, repr=False)

    def add_role(self, person: Person, role: str) -> None:
        """Give a person a role, indexed by its last word ("minister") for `holders`."""
        person.add_role(role)
        self._by_role_word.setdefault(fold(role).split()[-1], {})[id(person)] = person

    def holders(self, role_word: str, limit: int | None = None) -> list[Person]:
        """Everyone whose role ends in `role_word` (folded), in the order they got it (the first
        `limit` of them)."""
        return list(islice(self._by_role_word.get(role_word, {}).values(), limit))

    def add(self, person: Person) -> None:
        """Add a person and index them by full name, surname and first name."""
        self.persons.append(person)
        self._index(person)

    def rename(self, person: Person, name: str) -> None:
        """Give a person a fuller name ("Mr Blair" first, "Tony Blair" later)."""
        person.name = name
        self._index(person)

    def _index(self, person: Person) -> None:
        words = name_fold(person.name).split()
        self._by_name[" ".join(words)] = person
        for index, key in ((self._by_surname, words[-1]), (self._by_first_name, words[0])):
            entries = index.setdefault(key, [])
            if all(entry is not person for entry in entries):
                entries.append(person)

    def lookup(self, tokens: tuple[str, ...], before: int, honorific: str | None = None) -> Person | None:
        """The person a name refers to: same full name, else the latest one with that surname
        whose gender fits the honorific ("Mrs Howard" is not Mr Howard; "Sir" and "Dame" go with
        a first name: "Sir Digby" is Sir Digby Jones)."""
        key = name_fold(" ".join(tokens))
        if len(tokens) > 1:
            person = self._by_name.get(key)
            return person if person is not None and name_fold(person.name) == key else None
        index = self._by_first_name if honorific in ("sir", "dame") else self._by_surname
        gender = HONORIFIC_GENDER.get(honorific or "")
        candidates = [p for p in index.get(key, []) if gender is None or p.gender in (None, gender)]
        earlier = [p for p in candidates if p.introduced_at <= before]
        pool = earlier or candidates
        return max(pool, key=lambda p: p.introduced_at) if pool else None
