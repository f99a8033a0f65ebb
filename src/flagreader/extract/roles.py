"""Role phrases next to a name.

Before it ("KNB chairman Nurtai Abykaev"), set off by a comma before it ("Kazakhstan's
Deputy Prosecutor General, Andrey Kravchenko,"), after it ("Digby Jones, director
general of the CBI,"; "Edward Leigh, who is chairman of the Commons public accounts
committee,"), or with no name at all ("the deputy prosecutor of the West Kazakhstan Region").
A role phrase always has a head noun that names an office or job ("chairman", "secretary").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from flagreader.extract.lexicon import FUNCTION_WORDS, NOT_NAME_WORDS, ROLE_HEADS, ROLE_MODIFIERS, TITLE_ROLES
from flagreader.extract.patterns import word_alternation

_TOKEN = re.compile(r"[\w-]+|['’]s\b|[^\w\s]")
_JOINS = frozenset({"of", "for", "to", "at"})  # a head to its organisation
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "another"})
_EDGE_WORDS = _JOINS | _DETERMINERS | {"and", "on", "in"}
_POSSESSIVE = frozenset({"'s", "’s"})
_RELATIVE = re.compile(
    r",\s*(?:who\s+(?:is|was|has\s+been|had\s+been|became|is\s+now)\s+|now\s+|formerly\s+)?"
)
_WINDOW = 100  # characters of context a role phrase may span
_HEADS = word_alternation(ROLE_HEADS | TITLE_ROLES, capitalised=True, acronyms=True)
ROLE_HEAD_WORD = re.compile(rf"\b{_HEADS}\b")
"""Any word that names an office or job, in lower case or capitalised."""
_MAX_TOKENS = 14

Token = tuple[str, int, int]


class RolePhrase(NamedTuple):
    """A role's wording and where it stands in the text."""

    text: str
    start: int
    end: int


# Heads that are everyday adjectives in lower case ("the major parties", "a general rule").
_CAPITALISED_ONLY = frozenset({"major", "general", "captain", "marshal", "official", "model"})


def is_head(token: str) -> bool:
    """Whether a word names an office or job ("chairman", "co-chairman", "Lord")."""
    lower = token.lower()
    if lower in _CAPITALISED_ONLY and token.islower():
        return False
    return (
        lower in ROLE_HEADS
        or lower in TITLE_ROLES
        or ("-" in lower and lower.rsplit("-", 1)[1] in ROLE_HEADS)
    )


def last_word(text: str, end: int, floor: int) -> str:
    """The word just before `end` (punctuation stripped), or "" ("KNB chairman|" -> "chairman")."""
    words = text[max(floor, end - 40) : end].split()
    return words[-1].strip(".,;:()\"“”'’") if words else ""


def _is_plain_noun(token: str) -> bool:
    """A lower-case word that can modify a head ("school inspection chief")."""
    lower = token.lower()
    return (
        token.isalpha()
        and token.islower()
        and lower not in FUNCTION_WORDS
        and not lower.endswith(("ly", "ed", "ing"))
    )


def _can_modify(token: str) -> bool:
    """Words that may stand in a role phrase before its head noun."""
    lower = token.lower()
    if lower in ROLE_MODIFIERS or is_head(token) or lower in _POSSESSIVE or _is_plain_noun(token):
        return True
    if "-" in lower and all(part in ROLE_MODIFIERS or part in ROLE_HEADS for part in lower.split("-")):
        return True  # "ex-chief"
    return token[:1].isupper() and lower not in NOT_NAME_WORDS


def _tokens(text: str, start: int, end: int) -> list[Token]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _phrase(text: str, tokens: list[Token]) -> RolePhrase | None:
    """Drop joining words and determiners at the edges; keep the phrase if it has a head."""
    while tokens and (tokens[0][0].lower() in _EDGE_WORDS or tokens[0][0] in _POSSESSIVE | {")"}):
        tokens = tokens[1:]
    while tokens and (tokens[-1][0].lower() in _EDGE_WORDS or tokens[-1][0] == "("):
        tokens = tokens[:-1]
    if not tokens or not any(is_head(token) for token, _, _ in tokens):
        return None
    if sum(token == "(" for token, _, _ in tokens) != sum(token == ")" for token, _, _ in tokens):
        return None
    return RolePhrase(text[tokens[0][1] : tokens[-1][2]], tokens[0][1], tokens[-1][2])


def _collect_left(text: str, end: int, floor: int) -> RolePhrase | None:
    """Collect a role phrase that ends at `end`, walking left."""
    taken: list[Token] = []
    tokens = _tokens(text, max(floor, end - _WINDOW), end)
    for index in range(len(tokens) - 1, -1, -1):
        token, start, stop = tokens[index]
        lower = token.lower()
        if len(taken) >= _MAX_TOKENS:
            break
        # "of ... Committee" joins a head to its organisation, "the" stands inside it ("of
        # the Republic"), "and" joins words ("Trade and Industry"); `_phrase` trims the edges.
        joins = lower in ("of", "for") or (lower in ("the", "and") and bool(taken))
        owner = bool(taken) and taken[0][0] in _POSSESSIVE and token[:1].isupper()  # "Kazakhstan's"
        # A place in the organisation: "director general for Europe", "of the Kazakh ...".
        place = token[:1].isupper() and index > 0 and tokens[index - 1][0].lower() in ("of", "for", "the")
        if not (joins or owner or place or token in "()" or _can_modify(token)):
            break
        taken.insert(0, (token, start, stop))
    return _phrase(text, taken)


def role_before(text: str, name_start: int, floor: int) -> RolePhrase | None:
    """A role phrase directly before a name: "Deputy regional prosecutor Nurlan Bizhanov"."""
    last = last_word(text, name_start, floor)
    if not (last[:1].isupper() or is_head(last) or _is_plain_noun(last)):
        return None  # most names follow "said", "by", "that": no role can end there
    phrase = _collect_left(text, name_start, floor)
    if phrase is None:
        return None
    # The head must be next to the name ("Prosecutor General" counts), or be joined to it by
    # "of ..." (the caption's "Deputy Chairman of Kazakhstan's ... Committee Nurgali Bilisbekov").
    words = [word for word, _, _ in _tokens(text, phrase.start, phrase.end)]
    head_last = is_head(words[-1]) or (
        len(words) > 1 and words[-1].lower() == "general" and is_head(words[-2])
    )
    if not head_last and not any(word.lower() in ("of", "for") for word in words):
        return None
    return phrase


def role_apposition_before(text: str, prefix_start: int, floor: int) -> RolePhrase | None:
    """A role set off by a comma before the name: "the deputy chairman of ... (KNB), Nurgali"."""
    before = text[max(floor, prefix_start - 3) : prefix_start]
    if not before.rstrip().endswith(","):
        return None
    comma = text.rindex(",", max(floor, prefix_start - 3), prefix_start)
    return _collect_left(text, comma, floor)


def _collect_right(text: str, start: int, ceiling: int) -> RolePhrase | None:
    """Collect a role phrase that starts at `start`, walking right: words that modify a head,
    the head within the first six words, then its organisation ("of the Commons public
    accounts committee") up to punctuation or a function word."""
    taken: list[Token] = []
    seen_head = False
    for index, (token, begin, stop) in enumerate(_tokens(text, start, min(ceiling, start + _WINDOW))):
        lower = token.lower()
        if len(taken) >= _MAX_TOKENS or (not seen_head and index >= 6):
            break
        leading_determiner = index == 0 and lower in _DETERMINERS
        # After the head comes its organisation: "of the West Kazakhstan Region".
        organisation = seen_head and (
            lower in _JOINS | {"the", "and"} or token in "()" or token[:1].isupper() or _is_plain_noun(token)
        )
        if is_head(token):
            seen_head = True
        elif not (leading_determiner or organisation) and (seen_head or not _can_modify(token)):
            break
        taken.append((token, begin, stop))
    return _phrase(text, taken) if seen_head else None


def role_apposition_after(text: str, name_end: int, ceiling: int) -> RolePhrase | None:
    """A role after the name: "Digby Jones, director general of the CBI," or "Edward Leigh,
    who is chairman of ...,", or "Jack Straw, now foreign secretary"."""
    lead = _RELATIVE.match(text, name_end, ceiling)
    if not lead:
        return None
    phrase = _collect_right(text, lead.end(), ceiling)
    if phrase is None:
        return None
    follower = text[phrase.end : phrase.end + 1]
    return phrase if follower in (",", ".", ";", ")", "") or follower.isspace() else None


def role_after_determiner(text: str, start: int, ceiling: int) -> RolePhrase | None:
    """A role named without a person: "the deputy prosecutor of the West Kazakhstan Region"."""
    phrase = _collect_right(text, start, ceiling)
    if phrase is None:
        return None
    rest = _tokens(text, phrase.end, min(ceiling, phrase.end + 40))
    if rest and rest[0][0][:1].isupper():
        return None  # a name follows: the role belongs to it, and role_before finds it
    return phrase
