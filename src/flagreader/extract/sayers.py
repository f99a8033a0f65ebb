"""Who a phrase in a speaker slot stands for: "Sen. Ted Cruz (R-Texas)", "Jeff Weaver,
Sanders' campaign manager,", "MSNBC host Chris Matthews", "he", "the senator", "the Trump
campaign".

The sieve (`attribution.py`) finds the slot; this module reads the noun phrase in it, from
its end (the sayer before a verb: "... spokesman Nick Merrill said") or from its start (the
sayer after one: "said Cruz constituent Dan Golvach, who ..."), and asks the cast who it is.
Every function here reads a bounded stretch of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flagreader.extract.cast import Cast
from flagreader.extract.lexicon import (
    ABBREVIATED_TITLES,
    GENERIC_HEADS,
    HONORIFICS,
    INTERLOCUTOR_HEADS,
    ORGANISATION_HEADS,
    ORGANISATION_WORDS,
    PERSON_HEADS,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    TITLE_ROLES,
)
from flagreader.extract.names import UPPER, is_name_token
from flagreader.extract.patterns import word_alternation
from flagreader.extract.speech import SAYER_GAP
from flagreader.model import SpeakerKind

_TITLE = word_alternation(sorted(ABBREVIATED_TITLES | HONORIFICS | TITLE_ROLES), capitalised=True)
_WORD = rf"[{UPPER}][\w’'-]*"
_PARTICLE = r"(?:de|van|von|del|da|di|la|le|bin|al|du|der)"
# A name: an optional title, capitalised words with middle initials and particles, and a
# generational suffix. Each repeat starts with white space, so matching stays linear.
NAME = re.compile(
    rf"(?<![\w’'-])(?:(?P<title>{_TITLE})\.?\s+)?"
    rf"(?P<name>{_WORD}(?:\s+(?:[{UPPER}]\.\s+)*(?:{_PARTICLE}\s+)?{_WORD}){{0,6}})"
    rf"(?:,?\s+(?:Jr|Sr)\.?|\s+(?:II|III|IV)\b)?"
)
PARTY_TAG = re.compile(r"\((?:[RDI]|Rep|Dem|Ind)(?:-[^()\n]{1,25})?\)")
"""A party tag after an American name: "(D-Wis.)", "(R-Texas)"."""
_AUXILIARY_TAIL = re.compile(rf"\s+{SAYER_GAP}$")
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s*$")
_HEAD_FOR_NAME = re.compile(
    r"(?<![\w’'-])((?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[\w’'-]+\s+){0,2}?[a-z][\w-]*)\s+(?:for|to|of|with)\s+$"
)
_POSSESSIVE_ENDINGS = ("’s", "'s", "’", "s'")
_ACRONYM_AT_END = re.compile(r"\s*\([A-Z][A-Za-z&.]{1,10}\)$")
_PRONOUN_AT_END = re.compile(r"(?<![\w’'-])(he|she|He|She|they|They|I|i|we|We)\s*$")
_PRONOUN_AT_START = re.compile(r"\s*(he|she|He|She|they|They|I|we|We)\b")
_DETERMINED = re.compile(
    r"(?<![\w’'-])(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+"
)
# What may follow a sayer named after the verb: the end, a comma, a bracket, or a clause.
_AFTER_SAYER = re.compile(
    r"\s*(?:$|[,(;:.]|\b(?:who|in|on|at|during|to|of|after|before|while|when|about|from|for|as|and|with"
    r"|via|through|because|earlier|later|last|this|on|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday|told|said|says)\b)"
)


@dataclass(frozen=True, slots=True)
class Sayer:
    """Who a speaker slot names.

    Attributes:
        speaker: The person's full name, an organisation's name, or None.
        start: Where the words naming them start in the body.
        end: Where they end.
        kind: "person", "organisation", or None (not known to be either).
    """

    speaker: str | None
    start: int
    end: int
    kind: SpeakerKind | None


_ROLE_WORDS = ROLE_HEADS | TITLE_ROLES | HONORIFICS | ABBREVIATED_TITLES


def _is_role_word(word: str) -> bool:
    """A title or role word, also as part of a hyphenated one ("Secretary-Treasurer")."""
    return any(part in _ROLE_WORDS for part in word.lower().strip(".,").split("-"))


def _name_words(text: str, titled: bool = False) -> tuple[str, ...] | None:
    """The words of a name without titles and role words before it ("Former Secretary of
    State Madeleine Albright" gives Madeleine Albright), or None when it is not a name.
    After a title any capitalised word is a name ("Baroness Scotland")."""
    words = [w for w in re.split(r"\s+", text) if w and not re.fullmatch(rf"[{UPPER}]\.", w)]
    if not titled:
        while words and (not is_name_token(words[0]) or words[0].lower() in ROLE_MODIFIERS):
            words = words[1:]
    roles = [i for i, w in enumerate(words) if _is_role_word(w)]
    if roles and roles[-1] == len(words) - 1:  # "South Carolina Gov" (. Jim Hodges): a title, no name
        return None
    if roles:  # "Minority Leader Harry Reid", "Secretary-Treasurer Gary Casteel"
        words = words[roles[-1] + 1 :]
    owners = [i for i, w in enumerate(words) if w.endswith(_POSSESSIVE_ENDINGS)]
    if owners and len(words) - owners[-1] > 2:  # "RealClearPolitics’ David Byler": the name after the owner
        words = words[owners[-1] + 1 :]
    elif owners:  # "Scottish National Party's Holyrood" (leader Nicola Sturgeon): an owner, not a name
        return None
    if not words or (len(words) == 1 and len(words[0]) < 2):
        return None
    if titled:
        return tuple(words)
    ok = [is_name_token(word, after_name=i > 0 and i == len(words) - 1) for i, word in enumerate(words)]
    return tuple(words) if all(ok) else None


def _person(cast: Cast, match: re.Match[str], start: int) -> Sayer | None:
    words = _name_words(match.group("name"), titled=match.group("title") is not None)
    if words is None:
        return None
    member = cast.resolve_name(words, match.group("title"))
    cast.named(member, start + match.start(), start + match.end())
    return Sayer(member.name, start + match.start(), start + match.end(), "person")


_ORGANISATION_WORDS = ORGANISATION_WORDS | ORGANISATION_HEADS | {"watch", "pac", "usa"}
_NOT_A_NAME_OPENING = frozenset(
    """
    in at on of to from with for by about after before during into near over under against like than as
    when while then but and so if because later earlier last this next since until once
    """.split()
)


def _organisation_or_role(cast: Cast, text: str, start: int, position: int) -> Sayer | None:
    """A phrase with no name in it: "the senator" (a person the cast knows), "the Trump
    campaign", "CNN" (an organisation), or None."""
    words = text.split()
    lead = _DETERMINED.match(text)
    if not words or len(words) > 6:
        return None
    if not lead and not all(w[:1].isupper() for w in words[:-1]):
        return None  # "Fox refused to discuss weekend newspaper": a clause, not a name
    head = words[-1].lower().strip(".,")
    offset = len(text) - len(text.lstrip())
    capitalised = (
        not lead
        and 2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and words[0].lower() not in _NOT_A_NAME_OPENING
    )
    if (
        head in ORGANISATION_HEADS
        or (len(words) <= 4 and words[-1].isupper() and len(words[-1]) > 1)
        or capitalised  # "Judicial Watch": capitalised words that are no person's name
    ):
        name = " ".join(words[1:] if lead else words)
        kind: SpeakerKind = "organisation"
        if capitalised and not any(w.lower().strip(".,") in _ORGANISATION_WORDS for w in words):
            kind = "person"  # "Al From", "Brent Bozell III": a name the name pattern does not read
        return Sayer(
            name if any(w[:1].isupper() for w in name.split()) else None,  # "the email": no name
            start + offset,
            start + len(text.rstrip()),
            kind,
        )
    plural = head not in PERSON_HEADS and head.endswith("s") and head[:-1] in PERSON_HEADS
    if lead and (head in PERSON_HEADS or plural):  # "her male colleagues": people, no one person
        member = None
        if head in INTERLOCUTOR_HEADS:  # "the moderator" is who the subject talks to: only its holder
            member = cast.holder(head)
        elif lead.group().lower().startswith("the") and head not in GENERIC_HEADS and not plural:
            member = cast.salient(position, role=head if head in ROLE_HEADS else None)
        speaker = member.name if member and member.name else None
        return Sayer(speaker, start + offset, start + len(text.rstrip()), "person")
    return None


def _whole_name(text: str) -> bool:
    match = NAME.fullmatch(text.strip())
    return match is not None and _name_words(match.group("name")) is not None


def _ends_in_name(text: str) -> bool:
    last = None
    for match in NAME.finditer(text, max(0, len(text) - 90)):
        last = match
    return last is not None and not text[last.end() :].strip() and _name_words(last.group("name")) is not None


def _ends_in_organisation(text: str) -> bool:
    words = text.split()
    return bool(words) and (
        words[-1].lower() in ORGANISATION_HEADS
        or words[-1].lower() in ORGANISATION_WORDS
        or (words[-1].isupper() and len(words[-1]) > 1)
    )


# The patterns anchored at a phrase's end read only its last characters: the words they look
# for are short ("was", "(QCA)", "she"); an auxiliary gap may be longer ("has also broadly").
_TAIL = 20
_GAP_TAIL = 120
_CLAUSE_BREAK = re.compile(r"[,;:—–(][^,;:—–(]*$")


def _last_clause_break(text: str) -> int:
    """Where the last comma, semicolon, colon, dash or opening bracket of `text` is, or -1."""
    found = _CLAUSE_BREAK.search(text)
    return found.start() if found else -1


def _passive(text: str) -> bool:
    """Whether `text` ends in a passive ("she was"), read from its last characters only."""
    return _PASSIVE.search(text, max(0, len(text) - _TAIL)) is not None


def _without_auxiliaries(text: str) -> str:
    """`text` without the auxiliaries, adverbs and days that end it ("Trump has also")."""
    auxiliary = _AUXILIARY_TAIL.search(text + " ", max(0, len(text) - _GAP_TAIL))
    return text[: auxiliary.start()] if auxiliary else text


def sayer_before(body: str, start: int, end: int, cast: Cast) -> Sayer | None:
    """The sayer whose phrase ends `body[start:end]`, the text before a speech verb: "Huma
    Abedin, vice chairwoman for Clinton’s presidential campaign," or "In a statement, he"."""
    text = PARTY_TAG.sub(lambda m: " " * len(m.group()), body[start:end])
    stripped = text.rstrip()
    if _passive(stripped):  # "she was told:": someone else is the sayer
        return Sayer(None, start + len(stripped), start + len(stripped), None)
    stripped = _without_auxiliaries(stripped)  # "(QCA) has also"
    if acronym := _ACRONYM_AT_END.search(
        stripped, max(0, len(stripped) - _TAIL)
    ):  # "The Qualifications and Curriculum Authority (QCA)"
        stripped = stripped[: acronym.start()]
    if stripped.endswith(","):  # an apposition: "NAME, ROLE, said" or "ROLE, NAME, said"
        cut = stripped[:-1].rfind(",")
        inner = stripped[cut + 1 : -1]
        if cut < 0 or not _whole_name(inner):
            stripped = stripped[:cut] if cut >= 0 else stripped[:-1]
        else:
            stripped = stripped[:-1]
        stripped = stripped.rstrip()
    else:  # "Colin Asplin, Blackpool Hotel Association said": an organisation after a name
        cut = stripped.rfind(",")
        if cut > 0 and _ends_in_organisation(stripped[cut + 1 :]) and _ends_in_name(stripped[:cut]):
            stripped = stripped[:cut]
    clause = _last_clause_break(stripped)
    if clause > 0 and stripped[clause + 1 :].lstrip().startswith(("who ", "which ")):
        stripped = stripped[:clause]  # "Anne Robinson, who presents The Weakest Link tells"
        clause = _last_clause_break(stripped)
    phrase_start = clause + 1
    phrase = stripped[phrase_start:]
    if len(phrase) > 90:
        phrase_start = len(stripped) - 90
        phrase = stripped[phrase_start:]
    # Again on the phrase left once an apposition is cut: "Trump has also, in a statement, said"
    if _passive(phrase):
        return Sayer(None, start + len(phrase.rstrip()), start + len(phrase.rstrip()), None)
    phrase = _without_auxiliaries(phrase)  # "He went on to", "Trump has also"
    if pronoun := _PRONOUN_AT_END.search(phrase, max(0, len(phrase) - _TAIL)):
        return _pronoun(cast, pronoun.group(1), start + phrase_start + pronoun.start(1))
    last = None
    for match in NAME.finditer(phrase):
        before = phrase[: match.start()].split()[-1:]
        if last is not None and before and before[0] in ("of", "from"):  # "Rep. Lee Zeldin of New York"
            break
        last = match
    if last is not None and (owner := _HEAD_FOR_NAME.search(phrase, 0, last.start())):
        # "a spokeswoman for Sen. Ted Cruz": the spokeswoman speaks, not Cruz
        role = _organisation_or_role(cast, owner.group(1), start + phrase_start + owner.start(1), start)
        if role is not None:
            return role
    if last is not None and not _PLACE_TAIL.sub("", phrase[last.end() :]).strip():
        found = _person(cast, last, start + phrase_start)
        if found is not None:
            return found
    lead = _DETERMINED.search(phrase)
    tail = phrase[lead.start() :] if lead else phrase[-40:]
    return _organisation_or_role(
        cast, tail, start + phrase_start + (lead.start() if lead else len(phrase) - len(tail)), start
    )


def sayer_after(body: str, start: int, end: int, cast: Cast) -> Sayer | None:
    """The sayer whose phrase starts `body[start:end]`, the text after a verb: "Cruz
    constituent Dan Golvach, who ...", "Sen. Ted Cruz (R-Texas).", "the senator"."""
    text = PARTY_TAG.sub(lambda m: " " * len(m.group()), body[start:end])
    if pronoun := _PRONOUN_AT_START.match(text):
        return _pronoun(cast, pronoun.group(1), start + pronoun.start(1))
    for match in NAME.finditer(text, 0, min(len(text), 90)):
        if text[: match.start()].count(",") > 1:
            break
        if _AFTER_SAYER.match(text, match.end()) and not text[match.end() :].startswith(("’s", "'s")):
            found = _person(cast, match, start)
            if found is not None:
                return found
    stop = re.search(r"[,;:.(]|\s(?:who|in|on|at|during|after|told)\s", text)
    phrase = text[: stop.start()] if stop else text[:60]
    return _organisation_or_role(cast, phrase, start, start)


_POSSESSIVE_AT_START = re.compile(r"\s*(His|Her)\b")
_PLACE_TAIL = re.compile(rf"^\s+(?:of|from)\s+(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}$")
_PREPOSITIONS = frozenset(
    "in at on of to from with for by about after before during into near over under against like than".split()
)
_FOLLOWED_BY_VERB = re.compile(r"(?:\s+[a-z]+ly)?\s+([a-z]+)\b")


def clause_subject(body: str, start: int, end: int, cast: Cast) -> Sayer | None:
    """The subject of the clause in `body[start:end]`: the first name that no preposition
    leads and a lower-case word (a verb) follows ("Later on Sunday, Carson shared ..."), else a
    pronoun opening it."""
    text = body[start:end]
    if pronoun := _PRONOUN_AT_START.match(text):
        return _pronoun(cast, pronoun.group(1), start + pronoun.start(1))
    if owner := _POSSESSIVE_AT_START.match(text):  # "His message to the chancellor was:"
        return _pronoun(cast, "he" if owner.group(1) == "His" else "she", start + owner.start(1))
    for match in NAME.finditer(text):
        before = text[: match.start()].split()[-1:]
        if before and before[0].lower() in _PREPOSITIONS:
            continue
        follows = _FOLLOWED_BY_VERB.match(text, match.end())
        if follows is None or follows.group(1) in _PREPOSITIONS or follows.group(1) in ("and", "or", "of"):
            continue
        found = _person(cast, match, start)
        if found is not None:
            return found
    return None


def _pronoun(cast: Cast, word: str, position: int) -> Sayer:
    if word.lower() not in ("he", "she"):
        return Sayer(None, position, position + len(word), None)
    member = cast.pronoun(word, position)
    return Sayer(member.name or None if member else None, position, position + len(word), "person")
