"""Role phrases next to a name: before it ("KNB chairman Nurtai Abykaev"), in apposition
before it ("Kazakhstan's Deputy Prosecutor General, Andrey Kravchenko,") or after it
("Digby Jones, director general of the CBI,")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flagreader.extract.lexicon import NOT_NAME_WORDS, ROLE_HEADS, ROLE_MODIFIERS, TITLE_ROLES

_TOKEN = re.compile(r"[\w-]+|['’]s\b|[^\w\s]")
_CONNECTORS = frozenset({"of", "for", "and", "the", "at", "on"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "another"})
_POSSESSIVE = frozenset({"'s", "’s"})
_WINDOW = 160  # characters of context a role phrase may span
_MAX_TOKENS = 14


@dataclass(frozen=True, slots=True)
class RolePhrase:
    """A role's wording and where it stands in the text."""

    text: str
    start: int
    end: int


def _is_head(token: str) -> bool:
    return token.lower() in ROLE_HEADS or token.lower() in TITLE_ROLES


def _can_precede_head(token: str) -> bool:
    """Words that may stand in a role phrase before its head noun."""
    lower = token.lower()
    if lower in ROLE_MODIFIERS or lower in ROLE_HEADS or lower in _POSSESSIVE:
        return True
    if lower in NOT_NAME_WORDS and lower not in ROLE_MODIFIERS:
        return False
    return token[:1].isupper() or token in "()"


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _trim(text: str, tokens: list[tuple[str, int, int]]) -> RolePhrase | None:
    """Drop connectors and determiners at the edges; keep the phrase if it has a head."""
    while tokens and (tokens[0][0].lower() in _CONNECTORS | _DETERMINERS or tokens[0][0] in ")"):
        tokens = tokens[1:]
    while tokens and tokens[-1][0].lower() in _CONNECTORS | _DETERMINERS | {"("}:
        tokens = tokens[:-1]
    if not tokens or not any(_is_head(token) for token, _, _ in tokens):
        return None
    if tokens[0][0] in _POSSESSIVE:
        return None
    opened = sum(1 for token, _, _ in tokens if token == "(")
    if opened != sum(1 for token, _, _ in tokens if token == ")"):
        return None
    return RolePhrase(text[tokens[0][1] : tokens[-1][2]], tokens[0][1], tokens[-1][2])


def _collect_left(text: str, end: int, floor: int) -> RolePhrase | None:
    """Collect a role phrase that ends at `end`, walking left."""
    tokens = _tokens(text, max(floor, end - _WINDOW), end)
    taken: list[tuple[str, int, int]] = []
    for token, start, stop in reversed(tokens):
        lower = token.lower()
        if len(taken) >= _MAX_TOKENS:
            break
        # "of"/"for" join a head to its organisation ("chairman of ... Committee"), "the"
        # can stand inside that ("of the Republic"), "and" joins words ("Trade and
        # Industry"); at the left edge `_trim` drops them again.
        joins = lower in ("of", "for") or (lower in ("the", "and") and bool(taken))
        owner = bool(taken) and taken[0][0] in _POSSESSIVE and token[:1].isupper()  # "Kazakhstan's"
        if not (joins or owner or _is_head(token) or _can_precede_head(token)):
            break
        taken.insert(0, (token, start, stop))
    return _trim(text, taken)


def role_before(text: str, name_start: int, floor: int) -> RolePhrase | None:
    """A role phrase directly before a name: "Deputy regional prosecutor Nurlan Bizhanov"."""
    tokens = _tokens(text, max(floor, name_start - 40), name_start)
    if not tokens or not (_is_head(tokens[-1][0]) or tokens[-1][0][:1].isupper()):
        return None
    phrase = _collect_left(text, name_start, floor)
    if phrase is None:
        return None
    # The head must be next to the name, or be joined to it by "of ..." (the caption's
    # "Deputy Chairman of Kazakhstan's National Security Committee Nurgali Bilisbekov").
    words = [word for word, _, _ in _tokens(text, phrase.start, phrase.end)]
    head_last = _is_head(words[-1]) or (
        len(words) > 1 and words[-1].lower() == "general" and _is_head(words[-2])
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
    """Collect a role phrase that starts at `start`, walking right: modifiers, a head within
    the first six words, then an "of ..." complement up to punctuation or a lower-case word."""
    taken: list[tuple[str, int, int]] = []
    seen_head = False
    for index, (token, begin, stop) in enumerate(_tokens(text, start, min(ceiling, start + _WINDOW))):
        lower = token.lower()
        if len(taken) >= _MAX_TOKENS or (not seen_head and index >= 6):
            return None if not seen_head else _trim(text, taken)
        if _is_head(token):
            seen_head = True
        elif index == 0 and lower in _DETERMINERS:
            pass
        elif lower in _CONNECTORS:
            if not seen_head:
                return None
        elif token in "()" and seen_head:
            pass
        elif seen_head and token[:1].isupper():
            pass  # the organisation after the head: "of the West Kazakhstan Region"
        elif seen_head or not _can_precede_head(token):
            break
        taken.append((token, begin, stop))
    return _trim(text, taken) if seen_head else None


def role_apposition_after(text: str, name_end: int, ceiling: int) -> RolePhrase | None:
    """A role set off by a comma after the name: "Digby Jones, director general of the CBI,"."""
    match = re.compile(r",\s*").match(text, name_end, ceiling)
    if not match:
        return None
    phrase = _collect_right(text, match.end(), ceiling)
    if phrase is None:
        return None
    follower = text[phrase.end : phrase.end + 2]
    return phrase if follower[:1] in (",", ".", ";", ")", "") or follower[:1].isspace() else None


def role_after_determiner(text: str, start: int, ceiling: int) -> RolePhrase | None:
    """A role named without a person: "the deputy prosecutor of the West Kazakhstan Region"."""
    phrase = _collect_right(text, start, ceiling)
    if phrase is None:
        return None
    rest = _tokens(text, phrase.end, min(ceiling, phrase.end + 40))
    if rest and rest[0][0][:1].isupper():
        return None  # a name follows: the role belongs to it, and role_before finds it
    return phrase
