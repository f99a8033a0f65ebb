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

from flagreader.extract.lexicon import (
    FUNCTION_WORDS,
    HONORIFICS,
    NOT_NAME_WORDS,
    ROLE_BOUNDARY_WORDS,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    TITLE_ROLES,
)
from flagreader.extract.names import is_name_token
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


def _name_word(token: str) -> bool:
    """A capitalised word that is no role, title, organisation or function word ("Hanks")."""
    return token[:1].isupper() and token.lower() not in ROLE_MODIFIERS and is_name_token(token)


def _joins_words(before: str, after: str, opener: bool) -> bool:
    """Whether an "and" between these words joins parts of one role ("Trade and Industry",
    "chairman and chief executive", "Tory work and pensions spokesman": two common nouns only
    after a word of the role, `opener`), not two people or a noun and a role ("disunity and
    Tory leader", "Labour's record and party leader", "the prime minister and Chancellor")."""
    if after[:1].isupper() and is_head(after):
        return False
    if before.lower() in ROLE_MODIFIERS or is_head(before) or before[:1].isupper():
        return True
    return _is_plain_noun(before) and _is_plain_noun(after) and not is_head(after) and opener


def _in_name(tokens: list[Token], index: int, *, after_name_word: bool = False) -> bool:
    """Whether the name word at `index` follows a role or a title ("editor Andrew Marr", "Mr
    Howard"), or with `after_name_word` another name word ("Tom Hanks"): a person's name. (Two
    name words alone may be an organisation's: "Global Insight analyst Howard Archer".)"""
    if index <= 0 or not _name_word(tokens[index][0]):
        return False
    before = tokens[index - 1][0]
    if before[:1].isupper() and before.lower() in ROLE_MODIFIERS:
        return False  # "Deputy High Court Judge": "Deputy" modifies, it is no title here
    return is_head(before) or before.lower() in HONORIFICS or (after_name_word and _name_word(before))


def _collect_left(text: str, end: int, floor: int) -> RolePhrase | None:
    """Collect a role phrase that ends at `end`, walking left.

    The walk never crosses a person's name ("Actor Tom Hanks and director Ron Howard" gives
    "director"), an "and" that joins two people ("Mr Howard and shadow chancellor"), an "of"
    after the head ("the departure of MEP Robert Kilroy-Silk": the head is MEP), a preposition
    ("between the chancellor and"), or a lower-case word before a capitalised one ("attack
    Tory leader Michael Howard": a verb, not a modifier).
    """
    taken: list[Token] = []
    head_taken = False
    tokens = _tokens(text, max(floor, end - _WINDOW), end)
    for index in range(len(tokens) - 1, -1, -1):
        token, start, stop = tokens[index]
        lower = token.lower()
        before = tokens[index - 1][0] if index > 0 else ""
        if len(taken) >= _MAX_TOKENS or lower in ROLE_BOUNDARY_WORDS:
            break
        if lower in ("of", "for"):  # "of ... Committee" joins a head to its organisation
            # After the head only inside a name ("Bank of England deputy governor"), not in
            # "the departure of MEP Robert Kilroy-Silk".
            inside = [word for word, _, _ in taken[:2] if word.lower() != "the"]
            if head_taken and not (before[:1].isupper() and inside and inside[0][:1].isupper()):
                break
        elif lower == "and":  # "Trade and Industry", "work and pensions", "chairman and chief executive"
            ahead = tokens[index - 2][0] if index > 1 else ""
            opener = ahead.lower() in ROLE_MODIFIERS or (
                ahead[:1].isupper() and ahead.lower() not in NOT_NAME_WORDS
            )
            joins = bool(taken) and _joins_words(before, taken[0][0], opener)
            if not joins or _in_name(tokens, index - 1, after_name_word=True):
                break
        elif lower == "the":  # inside the organisation: "of the Republic"
            if not (taken and before.lower() in ("of", "for")):
                break
        elif _in_name(tokens, index) and not (taken and taken[0][0] in _POSSESSIVE):
            while taken and _name_word(taken[0][0]):  # the rest of that person's name
                taken.pop(0)
            break  # (a name that owns the role stays: "Senator Leahy's spokeswoman")
        else:
            owner = bool(taken) and taken[0][0] in _POSSESSIVE and token[:1].isupper()  # "Kazakhstan's"
            # A place in the organisation: "director general for Europe", "of the Kazakh ...".
            place = token[:1].isupper() and before.lower() in ("of", "for", "the")
            if not (owner or place or token in "()" or _can_modify(token)):
                break
            verb = (
                bool(taken)
                and taken[0][0][:1].isupper()
                and not is_head(taken[0][0])  # "commerce Minister" is a role
                and _is_plain_noun(token)
                and lower not in ROLE_MODIFIERS
                and not is_head(token)
            )
            if verb:
                break
        taken.insert(0, (token, start, stop))
        head_taken = head_taken or is_head(token)
    return _phrase(text, taken)


def _bound_to_name(text: str, phrase: RolePhrase) -> bool:
    """Whether a phrase before a name ends in its head ("Prosecutor General" counts), or in the
    head's organisation ("Deputy Chairman of Kazakhstan's ... Committee"): "the prime minister's
    personal integrity, Mr Blair said" has a head, but the phrase is about something else."""
    words = [word for word, _, _ in _tokens(text, phrase.start, phrase.end)]
    head_last = is_head(words[-1]) or (
        len(words) > 1 and words[-1].lower() == "general" and is_head(words[-2])
    )
    return head_last or any(word.lower() in ("of", "for") for word in words)


def role_before(text: str, name_start: int, floor: int) -> RolePhrase | None:
    """A role phrase directly before a name: "Deputy regional prosecutor Nurlan Bizhanov"."""
    last = last_word(text, name_start, floor)
    if not (last[:1].isupper() or is_head(last) or _is_plain_noun(last)):
        return None  # most names follow "said", "by", "that": no role can end there
    phrase = _collect_left(text, name_start, floor)
    return phrase if phrase is not None and _bound_to_name(text, phrase) else None


_LISTED = re.compile(r"\s+(?:and|or)\s")


def role_apposition_before(text: str, prefix_start: int, floor: int, name_end: int) -> RolePhrase | None:
    """A role set off by a comma before the name: "the deputy chairman of ... (KNB), Nurgali".

    Not when the name is an item of a list ("Minister for Children, Young People and Families
    Margaret Hodge": "Young People" is no one).
    """
    before = text[max(floor, prefix_start - 3) : prefix_start]
    if not before.rstrip().endswith(",") or _LISTED.match(text, name_end):
        return None
    comma = text.rindex(",", max(floor, prefix_start - 3), prefix_start)
    phrase = _collect_left(text, comma, floor)
    return phrase if phrase is not None and _bound_to_name(text, phrase) else None


_TITLES_ONLY = TITLE_ROLES - ROLE_HEADS  # "Lord", "Baroness": titles before a name, no office


def _is_office(token: str) -> bool:
    return is_head(token) and token.lower() not in _TITLES_ONLY


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
        if _is_office(token):
            seen_head = True
        elif not (leading_determiner or organisation) and (seen_head or not _can_modify(token)):
            break
        taken.append((token, begin, stop))
    return _phrase(text, taken) if seen_head else None


def _collect_unnamed(text: str, start: int, ceiling: int) -> RolePhrase | None:
    """Collect a role that no name follows, after "the": words that modify a head and the head
    within the first six words ("deputy prosecutor", "Trade and Industry Secretary"), ending at
    the last head among them, then its organisation after "of", "for", "at" or "to" ("of the
    West Kazakhstan Region").

    A word after the head that is no head ("the chancellor claims", "the prime minister
    down", "minister Beverly Hughes") and an "and" ("the prime minister and chancellor") end
    the phrase.
    """
    tokens = _tokens(text, start, min(ceiling, start + _WINDOW))
    first = 1 if tokens and tokens[0][0].lower() in _DETERMINERS else 0
    head = -1
    for index in range(first, min(len(tokens), 6)):
        token = tokens[index][0]
        lower = token.lower()
        # After a head that modifies nothing comes only another head: "head coach", not "the
        # prime minister goes head to head" or "the prime minister's aide".
        after_head = head == index - 1 >= 0 and tokens[head][0].lower() not in ROLE_MODIFIERS
        if after_head and not (_is_office(token) or lower == "general"):
            break
        if lower == "and" and head < 0 and index > first:
            continue  # "Trade and Industry Secretary", not "the prime minister and chancellor"
        if not _can_modify(token) or (token in _POSSESSIVE and head >= 0):
            break
        after_word = index > first and (
            tokens[index - 1][0].lower() in ROLE_MODIFIERS or is_head(tokens[index - 1][0])
        )
        if lower == "executive" and not after_word:
            continue  # "the Scottish Executive" governs; "the chief executive" is a person
        if _is_office(token) or (lower == "general" and head == index - 1 >= 0):
            head = index
    if head < 0:
        return None
    taken = tokens[: head + 1]
    rest = tokens[head + 1 : head + 1 + _MAX_TOKENS]
    joiner = rest[0][0].lower() if rest else ""
    following = rest[1][0] if len(rest) > 1 else ""
    # "adviser to the prime minister", "head of football", not "leader to focus", "prince at numerous"
    if joiner in ("of", "for") or (
        joiner in ("at", "to") and (following[:1].isupper() or following in _DETERMINERS)
    ):
        for position, (token, begin, stop) in enumerate(rest):
            following = rest[position + 1][0] if position + 1 < len(rest) else ""
            joins = token.lower() in _JOINS | {"the"} or (token.lower() == "and" and following[:1].isupper())
            if not (joins or token in "()" or token[:1].isupper() or _is_plain_noun(token)):
                break
            taken.append((token, begin, stop))
    return _phrase(text, taken)


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
    phrase = _collect_unnamed(text, start, ceiling)
    if phrase is None:
        return None
    rest = _tokens(text, phrase.end, min(ceiling, phrase.end + 40))
    following = rest[0][0] if rest else ""
    if following[:1].isupper():
        return None  # a name follows: the role belongs to it, and role_before finds it
    if following in ("and", "or"):
        return None  # "the prime minister and chancellor": two people, neither named
    if _is_plain_noun(following) and not following.endswith("s"):
        return None  # a noun the role word modifies: "the best actress category"
    return phrase
