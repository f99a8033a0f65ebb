"""Finding people's names in text: capitalised runs split into a name and what precedes it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from flagreader.extract.lexicon import (
    HONORIFICS,
    NOT_NAME_WORDS,
    ORGANISATION_WORDS,
    POST_NOMINALS,
    ROLE_HEADS,
    TITLE_ROLES,
)

# Every upper-case letter Python knows, so "Žarylgasov" and "Öcalan" start names too.
# (Latin, Greek, Cyrillic and the other alphabets below U+2000 are enough for names.)
UPPER = "".join(re.escape(chr(code)) for code in range(0x2000) if chr(code).isupper())
_NAME_WORD = rf"[{UPPER}][\w\-]*(?:['’][{UPPER}][\w\-]*)?"
_PARTICLE = r"(?:de|da|du|van|von|der|den|bin|ibn|al|el|le|la|del|della|di)"
CAPITALISED_RUN = re.compile(rf"(?<![\w'’-]){_NAME_WORD}(?:[ ]+(?:{_PARTICLE}[ ]+)?{_NAME_WORD})*(?![\w-])")
_WORD = re.compile(r"\S+")


class NameMatch(NamedTuple):
    """A name found in a capitalised run.

    Attributes:
        start: Offset of the name (after any honorific or title).
        end: Offset just past it.
        tokens: The name's words.
        prefix_start: Offset of the honorific or title before the name, if any, else `start`.
        honorific: The honorific ("Mr") or title ("Lord") before the name, lower case.
        post_nominal: Letters after the name that give a role ("MP", "QC"), if any.
    """

    start: int
    end: int
    tokens: tuple[str, ...]
    prefix_start: int
    honorific: str | None
    post_nominal: str | None = None


# Months that are also surnames ("Theresa May"): a name's last word after a first name.
_SURNAME_MONTHS = frozenset({"may", "june", "april", "august"})


@lru_cache(maxsize=65536)
def is_name_token(token: str, after_name: bool = False) -> bool:
    """Whether a capitalised word can be part of a person's name (not a role, an organisation
    word, an acronym or a function word); a month after a first name can ("Theresa May")."""
    lower = token.lower()
    if after_name and lower in _SURNAME_MONTHS:
        return True
    if lower in NOT_NAME_WORDS or lower in ROLE_HEADS or lower in ORGANISATION_WORDS:
        return False
    if lower in HONORIFICS or lower in TITLE_ROLES:
        return False
    # All-capital words of two or more letters are acronyms (KNB, BBC), not names.
    return not (len(token) > 1 and token.isupper())


def split_run(text: str, start: int, end: int) -> NameMatch | None:
    """Find the name at the end of the capitalised run `text[start:end]`.

    "National Security Committee Chairman Nurtai Abykaev" gives "Nurtai Abykaev";
    "Mr Blair" gives "Blair" with honorific "mr"; "Islamic State" gives None.
    """
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    post_nominal = None
    if len(words) > 1 and words[-1][0] in POST_NOMINALS:
        post_nominal = words.pop()[0]
    first_name_word = len(words)
    while first_name_word > 0:
        word = words[first_name_word - 1][0]
        if word.islower():  # a particle ("bin", "van") belongs to the name word before it
            if first_name_word < 2 or not is_name_token(words[first_name_word - 2][0]):
                break
        elif not is_name_token(
            word,
            after_name=first_name_word == len(words)
            and first_name_word >= 2
            and is_name_token(words[first_name_word - 2][0]),
        ):
            break
        first_name_word -= 1
    name_words = words[first_name_word:]
    while name_words and name_words[0][0].islower():  # a particle cannot start a name
        name_words = name_words[1:]
    if not name_words or len(name_words) > 4 or (len(name_words) == 1 and len(name_words[0][0]) == 1):
        return None  # nothing, a whole title, or a lone initial ("Mr P")
    honorific = None
    prefix_start = name_words[0][1]
    before = first_name_word - 1
    if before >= 0 and words[before][0].lower().rstrip(".") in HONORIFICS | TITLE_ROLES:
        honorific = words[before][0].lower().rstrip(".")
        prefix_start = words[before][1]
    return NameMatch(
        start=name_words[0][1],
        end=name_words[-1][2],
        tokens=tuple(w for w, _, _ in name_words),
        prefix_start=prefix_start,
        honorific=honorific,
        post_nominal=post_nominal,
    )


def find_names(text: str, start: int = 0, end: int | None = None) -> list[NameMatch]:
    """Return every name candidate in `text[start:end]`, in order."""
    stop = len(text) if end is None else end
    found: list[NameMatch] = []
    for run in CAPITALISED_RUN.finditer(text, start, stop):
        word = run.group()
        if " " not in word:  # most runs are one word: "The", "However", "Bilisbekov"
            if len(word) > 1 and is_name_token(word):
                found.append(NameMatch(run.start(), run.end(), (word,), run.start(), None))
            continue
        match = split_run(text, run.start(), run.end())
        if match is not None:
            found.append(match)
    return found
