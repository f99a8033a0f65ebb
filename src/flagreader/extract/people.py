"""People in an article: who is named, with which roles, and every mention of them.

Pass one introduces people: a name with a role next to it, with an honorific, or as the
subject of a speech verb ("Patricia Hewitt said"). Pass two links every later mention
("Bilisbekov said", "Mr Blair") to the person it names. A last pass (`unnamed_roles.py`)
gives a named person the role an earlier sentence used for them without a name ("the deputy
prosecutor of the West Kazakhstan Region claimed ... Deputy Prosecutor Aspenbi Zharylgasov
told reporters"). The people and their name keys are in `persons.py`.
"""

from __future__ import annotations

import re

from flagreader.extract.lexicon import (
    FEMALE_HONORIFICS,
    MALE_HONORIFICS,
    NAME_ENDS_NOT_SURNAMES,
    TITLE_ROLES,
)
from flagreader.extract.names import NameMatch, find_names
from flagreader.extract.persons import HONORIFIC_GENDER, People, Person, name_fold
from flagreader.extract.roles import (
    RolePhrase,
    is_head,
    role_apposition_after,
    role_apposition_before,
    role_before,
)
from flagreader.extract.sentences import SentenceIndex
from flagreader.extract.speech import INVERTING, SPEAKS_AFTER_NAME
from flagreader.extract.unnamed_roles import give_unnamed_roles
from flagreader.model import Span

# Verbs whose sayer may follow them ("said Mr Fox"; not "accused Mr Blair", whose object
# follows), with room for a role between ("said its chairman, Sir Anthony Greener").
_INVERTING_VERB = re.compile(rf"\b(?:{INVERTING}|according to)\s+")
_BETWEEN_VERB_AND_NAME = re.compile(
    r"(?:(?:the|its|his|her|their)\s+[^.;:,\"“”]{0,80},\s*(?:[\w'’-]+\s+){0,3})?"
)


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
        if name.honorific in HONORIFIC_GENDER:
            genders.setdefault(surname, set()).add(HONORIFIC_GENDER[name.honorific])
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
    if SPEAKS_AFTER_NAME.match(text, name.end, min(ceiling, name.end + 220)):
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
    give_unnamed_roles(people, text, sentences)
    people.mentions.sort(key=lambda mention: mention[0])
    return people
