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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from flagreader.extract.lexicon import (
    FEMALE_HONORIFICS,
    GENERIC_HEADS,
    MALE_HONORIFICS,
    NAME_ENDS_NOT_SURNAMES,
    TITLE_ROLES,
)
from flagreader.extract.names import NameMatch, find_names
from flagreader.extract.roles import (
    ROLE_HEAD_WORD,
    RolePhrase,
    is_head,
    role_after_determiner,
    role_apposition_after,
    role_apposition_before,
    role_before,
)
from flagreader.extract.sentences import SentenceIndex
from flagreader.extract.speech import AUXILIARIES, INVERTING, SPEECH
from flagreader.model import Span

# After a name: an optional apposition in commas, auxiliaries, then a speech verb.
_SPEECH_AFTER = re.compile(
    rf"\s*(?:,[^,.;\"“”]{{1,160}},?\s*|\s[-–—][^.;\"“”]{{1,160}}[-–—]\s*)?{AUXILIARIES}(?:{SPEECH})\b"
)
# Verbs whose sayer may follow them ("said Mr Fox"; not "accused Mr Blair", whose object
# follows), with room for a role between ("said its chairman, Sir Anthony Greener").
_THE = re.compile(r"\b[Tt]he\s+")
_INVERTING_VERB = re.compile(rf"\b(?:{INVERTING}|according to)\s+")
_BETWEEN_VERB_AND_NAME = re.compile(
    r"(?:(?:the|its|his|her|their)\s+[^.;:,\"“”]{0,80},\s*(?:[\w'’-]+\s+){0,3})?"
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key for a name ("Žarylgasov" == "zarylgasov")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_fold(text: str) -> str:
    """`fold`, with the apostrophe kinds made one: "O’Neill" and "O'Neill" are one name."""
    return fold(text.replace("’", "'"))


_GENDER = {**{word: "m" for word in MALE_HONORIFICS}, **{word: "f" for word in FEMALE_HONORIFICS}}


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
        gender = _GENDER.get(honorific or "")
        candidates = [p for p in index.get(key, []) if gender is None or p.gender in (None, gender)]
        earlier = [p for p in candidates if p.introduced_at <= before]
        pool = earlier or candidates
        return max(pool, key=lambda p: p.introduced_at) if pool else None


def surname_owners(names: list[NameMatch]) -> dict[str, tuple[str, ...]]:
    """The full name each short form of a name stands for in one article ("Blair", "Mr Blair"
    -> Tony Blair), for surnames that only one full name in the article ends in.

    Not when the honorifics used with the surname differ in gender ("Mr Howard" and "Mrs
    Howard" beside "Michael Howard"), nor for a knight's or a lord's name ("Sir Ian Blair" is
    "Sir Ian", never "Mr Blair"). Forms of one full name with and without a middle name
    ("George Bush", "George W Bush") count as one, the longest kept.
    """
    full: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}
    genders: dict[str, set[str]] = {}
    titled: set[str] = set()
    for name in names:
        surname = name_fold(name.tokens[-1])
        if name.honorific in _GENDER:
            genders.setdefault(surname, set()).add(_GENDER[name.honorific])
        if len(name.tokens) < 2 or name.tokens[0][:1].islower():
            continue
        if name.honorific in ("sir", "dame") or name.honorific in TITLE_ROLES:
            titled.add(surname)
        forms = full.setdefault(surname, {})
        key = (name_fold(name.tokens[0]), surname)
        if len(name.tokens) > len(forms.get(key, ())):
            forms[key] = name.tokens
    return {
        surname: next(iter(forms.values()))
        for surname, forms in full.items()
        if len(forms) == 1 and surname not in titled and len(genders.get(surname, ())) < 2
    }


def _person_tokens(name: NameMatch, owners: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The words of the person's name a found name stands for: its own, or for a surname alone
    ("Mr Blair") the one full name the article gives it ("Tony Blair")."""
    if len(name.tokens) > 1 or name.honorific in ("sir", "dame"):
        return name.tokens
    return owners.get(name_fold(name.tokens[0]), name.tokens)


def is_speaker_position(text: str, name: NameMatch, ceiling: int) -> bool:
    """Whether the name is the subject or object of a speech verb ("X said", "said X")."""
    if _SPEECH_AFTER.match(text, name.end, min(ceiling, name.end + 220)):
        return True
    if re.compile(r' ["“]\w').match(text, name.end):  # 'Richard Thomas "totally condemned"'
        return True
    window_start = max(0, name.prefix_start - 140)
    verbs = list(_INVERTING_VERB.finditer(text, window_start, name.prefix_start))
    return bool(verbs) and bool(_BETWEEN_VERB_AND_NAME.fullmatch(text, verbs[-1].end(), name.prefix_start))


def _role_for(text: str, name: NameMatch, floor: int, ceiling: int) -> RolePhrase | None:
    return (
        role_before(text, name.prefix_start, floor)
        or role_apposition_before(text, name.prefix_start, floor, name.end)
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
    # not after a lower-case word or an organisation ("the official Kent house"), nor when it
    # ends a company's or a bill's name ("General Motors", "Criminal Justice Bill").
    if role is None or role.end > name.prefix_start or name.tokens[0].lower() in NAME_ENDS_NOT_SURNAMES:
        return False
    last = text[role.start : role.end].split()[-1]
    return is_head(last) and last[:1].isupper()


def _introduce(
    people: People, text: str, name: NameMatch, bounds: Span, owners: dict[str, tuple[str, ...]]
) -> Person | None:
    floor, ceiling = bounds
    if len(name.tokens) == 1 and not (name.honorific or name.post_nominal):
        previous = text[max(floor, name.prefix_start - 30) : name.prefix_start].split()
        if (
            not previous
            or previous[-1] != previous[-1].rstrip(",;:")
            or not (previous[-1][:1].isupper() and is_head(previous[-1]))
        ):
            return None  # one word is a person only after a title: "Chancellor Brown"
    role = _role_for(text, name, floor, ceiling)
    if not _acceptable(name, role, text, ceiling):
        return None
    tokens = _person_tokens(name, owners)
    person = people.lookup(tokens, name.start, name.honorific)
    if person is None:
        person = Person(name=" ".join(tokens), introduced_at=name.start)
        people.add(person)
    elif len(tokens) > len(person.name.split()):
        people.rename(person, " ".join(tokens))  # "Mr Blair" first, "Tony Blair" later
    if name.honorific in MALE_HONORIFICS:
        person.gender = "m"
    elif name.honorific in FEMALE_HONORIFICS:
        person.gender = "f"
    if role:
        people.add_role(person, role.text)
    elif name.honorific in TITLE_ROLES:
        people.add_role(person, text[name.prefix_start : name.start].strip())
    elif name.post_nominal:
        people.add_role(person, name.post_nominal)
    return person


def _link_mentions(
    people: People,
    text: str,
    names: list[NameMatch],
    sentences: SentenceIndex,
    owners: dict[str, tuple[str, ...]],
) -> None:
    for name in names:
        person = people.lookup(_person_tokens(name, owners), name.start, name.honorific)
        if person is None:
            continue
        people.mentions.append((name.prefix_start, name.end, person))
        ceiling = sentences.spans[sentences.index_of(name.start)][1] if sentences.spans else len(text)
        if is_speaker_position(text, name, ceiling):
            people.speaking_at.add(name.prefix_start)


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


def _unnamed_roles(people: People, text: str, sentences: SentenceIndex) -> None:
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
            and _SPEECH_AFTER.match(text, phrase.end, ceiling)
        ):
            person = _named_next(
                people, phrase, sentences.spans[sentence + 1], introductions, introduced_at, mention_starts
            )
        if person is not None:
            people.add_role(person, phrase.text)
            people.references.append((match.start(), phrase.end, person))


def find_people(
    text: str, sentences: SentenceIndex, caption: str | None = None, names: list[NameMatch] | None = None
) -> People:
    """Find the people named in `text` (an article body) and in its caption.

    Mentions are spans of `text` only; the caption adds roles (it comes first in `roles`).
    """
    people = People()
    if names is None:
        names = find_names(text)
    caption_names = find_names(caption) if caption else []
    owners = surname_owners(caption_names + names)
    for name in caption_names:
        person = _introduce(people, caption or "", name, (0, len(caption or "")), owners)
        if person is not None:
            person.introduced_at = -1  # the caption stands before the body
    for name in names:
        bounds = sentences.spans[sentences.index_of(name.start)] if sentences.spans else (0, len(text))
        _introduce(people, text, name, bounds, owners)
    _link_mentions(people, text, names, sentences, owners)
    _unnamed_roles(people, text, sentences)
    people.mentions.sort(key=lambda mention: mention[0])
    return people
