"""Patterns for speech verbs, shared by the people finder and the quote attribution."""

from __future__ import annotations

import re

from flagreader.extract.lexicon import SPEECH_VERBS
from flagreader.extract.patterns import word_alternation

SPEECH = word_alternation(SPEECH_VERBS)
"""Any speech verb ("said", "told", "added", ...), as a regex without anchors."""

_AUXILIARY_WORDS = (
    r"has|had|have|was|is|were|also|later|then|earlier|again|quoted|as|been|reportedly|once|would"
    r"|will|went\s+on\s+to|goes\s+on\s+to|continued"
)
AUXILIARIES = rf"(?:\b(?:{_AUXILIARY_WORDS})\s+)*"
"""Words between a sayer and the speech verb: "Bilisbekov was quoted as saying"."""

SPEAKS_AFTER_NAME = re.compile(
    rf"\s*(?:,[^,.;\"“”]{{1,160}},?\s*|\s[-–—][^.;\"“”]{{1,160}}[-–—]\s*)?{AUXILIARIES}(?:{SPEECH})\b"
)
"""After a name: an optional apposition in commas or dashes, auxiliaries, then a speech verb
("Bilisbekov said", "Edward Leigh, who chairs the committee, said")."""

INVERTING = word_alternation("said says added adds wrote writes explained continued recalled".split())
"""Speech verbs whose sayer may follow them: "said Mr Fox" (but "accused Mr Blair" names the
object, not the sayer)."""

_NOT_ADVERBS = "family|ally|rally|assembly|supply|only|early|daily|weekly|monthly|quarterly|bully|belly|holly"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
SAYER_GAP = (
    rf"(?:\b(?:{_AUXILIARY_WORDS}|may\s+have|might\s+have|did|does|do"
    rf"|(?!(?:{_NOT_ADVERBS})\b)[a-z]{{2,}}ly"
    rf"|(?:on\s+)?(?:{_DAYS})(?:\s+(?:night|morning|afternoon|evening))?)\s+)*"
)
"""What the sieve lets stand between a sayer and the speech verb: the auxiliaries, adverbs
("Clinton emphatically proclaimed", "Sanders had previously said") and a day ("Priebus later
Thursday told"). Each repeat starts with a different word, so matching stays linear."""
