"""Quote attribution as a sieve (after Muzny et al. 2017, "A Two-stage Sieve Approach for
Quote Attribution"): first find the words that name a quotation's speaker near it, then ask
the cast who they stand for (`sayers.py`, `cast.py`).

The stages, most precise first; the first that finds a speaker slot wins:
1. strict lead-in: a speech verb, a few words and a colon or comma right before the quotation
   (`NAME said: "Q"`, `NAME asked, "Q"`);
2. trailing: a dash credit (`"Q" ― NAME`), `"Q," said [descriptor] NAME`, or
   `"Q," NAME[, apposition,] said`;
3. lead-in in the same sentence: `According to NAME, "Q"`, `..., saying, "Q"`, a verb a few
   words before a partial quotation, a sentence ending in a colon;
4. continuation: a quotation after another in its paragraph (`"Q1," X said. "Q2."`), or one
   opening a paragraph after a paragraph that ends in a colon (`X continued:`) or in a
   quotation;
5. the sentence before, when it has a speech verb outside quotation marks.
Pronouns and roles in a slot ("he said", "the mayor said") are resolved by the cast. Song
lyrics and chants ("sang", "chanted") get no speaker.

Each stage reads a bounded window around its quotation, so the whole pass is linear.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from dataclasses import dataclass

from flagreader.extract.cast import Cast
from flagreader.extract.lexicon import (
    ABBREVIATED_TITLES,
    LISTENER_FOLLOWS_CUES,
    NOT_SPEECH_CUES,
    SAYER_FOLLOWS_CUES,
    SPEECH_CUES,
)
from flagreader.extract.patterns import word_alternation
from flagreader.extract.sayers import PARTY_TAG, Sayer, clause_subject, sayer_after, sayer_before
from flagreader.extract.sentences import SentenceIndex
from flagreader.extract.speech import SAYER_GAP
from flagreader.model import Paragraph

_PARTICIPLES = frozenset(w for w in SPEECH_CUES if w.endswith("ing"))
# Any cue, and the capitalised forms of those that open an inverted sentence ("Said Dorothy
# Poynter, ...", "Continued Stone:"); "States" and "Calls" stay out (a country, a noun).
_CUE = (
    rf"(?:{word_alternation(SPEECH_CUES | NOT_SPEECH_CUES)}"
    rf"|{word_alternation(sorted(w.capitalize() for w in SAYER_FOLLOWS_CUES))})"
)
_VERB = re.compile(rf"\b({_CUE})\b")
_VERB_AT_END = re.compile(rf"\b({_CUE})\b([^\"“”.!?;\n\x1f]{{0,60}}?)\s*[,:]?\s*(?:that\s+)?$")
# Cues that may come before their sayer after a quotation ('"...," declares Stephanie Acs');
# not those whose object follows ("told reporters", "called Trump").
_INVERTED_CUES = (SPEECH_CUES | NOT_SPEECH_CUES) - LISTENER_FOLLOWS_CUES - _PARTICIPLES
_VERB_AT_START = re.compile(rf"\s*,?\s*{SAYER_GAP}({word_alternation(sorted(_INVERTED_CUES))})\s+")
# '"This is fantastic!" beamed Donald Hartley': a verb in the past before a name.
_ANY_VERB_AT_START = re.compile(r"\s*,?\s*([a-z]{3,}ed)\s+(?=[A-Z])")
_SUBJECT_THEN_VERB = re.compile(rf"\s*,?\s*([^\"“”.!?;:\n]{{1,160}}?)\s+{SAYER_GAP}({_CUE})\b")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+([^\"“”,.;\n]{1,100}),?\s*$")
_TRAILING_ACCORDING_TO = re.compile(r"\s*,?\s*according\s+to\s+")
_DASH_CREDIT = re.compile(r"\s*(?:[―—–]|--)\s*(?=[A-Z])")
_DASH_LINE = re.compile(r"\s*(?:[―—–-]|--)\s*(?=[A-Z])")
_COLON_END = re.compile(r":\s*$")
_STRICT_LEAD = re.compile(rf"\b(?:{_CUE})\b[^\"“”.!?;\n\x1f]{{0,40}}[,:]\s*$|:\s*$")
_UTTERANCE_END = frozenset(",.!?…—-–")
_CLAUSE_REST = re.compile(r"[^.!?;:\n\"“”]*[.!?;:\n\"“”]?")
_QUOTE_MARK = re.compile('["“”]')
_NON_SPACE = re.compile(r"\S")
# Periods that end no sentence: "Sen.", "Mr.", initials, "U.S."; masked so that windows may
# hold them.
_ABBREVIATIONS = frozenset(
    {w for t in ABBREVIATED_TITLES for w in (t, t.capitalize())}
    | {"Jr", "Sr", "St", "Mt", "Ft", "No", "Inc", "Corp", "Co"}
)
_DOT = re.compile(r"\.")
_ASCII_LOWER = frozenset(string.ascii_lowercase)
_COMMA_PARTY_TAG = re.compile(r",\s[RDI]-[A-Z][A-Za-z.]{1,8},")
_WINDOW = 240


def masked(body: str) -> str:
    """The body with the periods of abbreviations, initials and web addresses
    ("fivethirtyeight.com") replaced (same length), for patterns that stop at a sentence's
    end. Each period is judged by the few characters around it."""
    pieces: list[str] = []
    last = 0
    for dot in _DOT.finditer(body):
        at = dot.start()
        if _abbreviation_before(body, at) or (
            at > 0
            and body[at - 1] in _ASCII_LOWER
            and body[at + 1 : at + 2] in _ASCII_LOWER
            and body[at + 2 : at + 3] in _ASCII_LOWER
        ):
            pieces += (body[last:at], "\x1f")
            last = at + 1
    pieces.append(body[last:])
    text = _COMMA_PARTY_TAG.sub(lambda m: m.group().replace(".", "\x1f"), "".join(pieces))  # ", R-Pa.,"
    return PARTY_TAG.sub(lambda m: m.group().replace(".", "\x1f"), text)  # "(D-Wis.)"


def _abbreviation_before(body: str, dot: int) -> bool:
    """Whether the word ending at `dot` is an abbreviation or an initial ("Sen", "Jr", "H")."""
    start = dot
    while start > 0 and dot - start < 5 and body[start - 1].isascii() and body[start - 1].isalpha():
        start -= 1
    before = body[start - 1] if start > 0 else " "
    if start == dot or before.isalnum() or before == "_":
        return False
    word = body[start:dot]
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One piece of a quotation: the text between its marks."""

    start: int
    end: int
    continues: bool = False


class Sieve:
    """Attributes the quotations of one article, in order."""

    def __init__(self, body: str, paragraphs: list[Paragraph], sentences: SentenceIndex, cast: Cast) -> None:
        self.body = body
        self.text = masked(body)
        self.paragraphs = paragraphs
        self._paragraph_starts = [p.start for p in paragraphs]
        self.sentences = sentences
        self.cast = cast
        self.previous: tuple[Sayer | None, int, int] = (None, -1, -1)
        """The last attribution made, with the paragraph and end of its quotation."""

    def _paragraph(self, position: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, position) - 1)

    def _sentence_start(self, position: int) -> int:
        return self.sentences.spans[self.sentences.index_of(position)][0] if self.sentences.spans else 0

    def trailing(self, span: QuoteSpan) -> Sayer | None:
        """`"Q," said X` or `"Q," X said`, right after the closing mark; a dash credit
        (`"Q" ― X`), also as the next paragraph; `"Q," according to X`."""
        after = span.end + 1
        paragraph = self._paragraph(span.start)
        limit = min(len(self.text), after + _WINDOW, self.paragraphs[paragraph].end)
        if dash := _DASH_CREDIT.match(self.text, after, limit):
            return sayer_after(self.body, dash.end(), limit, self.cast)
        if credit := self._credit_below(after, paragraph):
            return credit
        last = self._last_mark(span)
        punctuated = last in _UTTERANCE_END or self.body[after : after + 1] == ","
        if according := _TRAILING_ACCORDING_TO.match(self.text, after, limit):
            return sayer_after(self.body, according.end(), limit, self.cast) if punctuated else None
        if inverted := _VERB_AT_START.match(self.text, after, limit):
            if not punctuated:
                return None
            stop = _QUOTE_MARK.search(self.text, inverted.end(), limit)
            return self._checked(
                inverted.group(1),
                sayer_after(self.body, inverted.end(), stop.start() if stop else limit, self.cast),
            )
        if (any_verb := _ANY_VERB_AT_START.match(self.text, after, limit)) and last in "!?":
            found = sayer_after(self.body, any_verb.end(), limit, self.cast)  # '"Wow!" beamed X'
            if found is not None and found.kind == "person" and found.speaker:
                return found
        subject = _SUBJECT_THEN_VERB.match(self.text, after, limit)
        if subject is None or (len(subject.group(1)) > 70 and "," not in subject.group(1)):
            return None
        if not punctuated and (len(subject.group(1)) > 30 or not subject.group(1)[:1].isupper()):
            return None  # '"very talented". But ...' or '"Blair Babes" elected in 1997, told': a term
        rest = _CLAUSE_REST.match(self.text, subject.end(), limit)
        if rest is None:
            return None
        rest_text = rest.group().rstrip()
        if rest_text.endswith(":") and not _VERB.search(rest_text):
            return None  # 'X said: "..."' opens the next quotation ('X said as Y yelled: "..."' does not)
        if last in ".!?" and rest_text.endswith(('"', "“")):
            return None  # '"Q1." X said "Q2"': the verb leads the next one
        if last == "." and len(rest.group()) > 45:
            return None  # '"...as we spoke." Jackie Ballard recalled a stream of remarks': a new sentence
        found = self._subject_sayer(subject)
        if not punctuated and (
            found is None
            or found.kind != "person"
            or not found.speaker
            or self.text[after : found.start].strip()
        ):
            return None  # '"Q" Sweeney said' is an attribution only when a person's name follows the mark
        return self._checked(subject.group(2), found)

    def _subject_sayer(self, subject: re.Match[str]) -> Sayer | None:
        """Who the words between a quotation and its verb name: read from their end ("a
        spokeswoman for Sen. Ted Cruz, said" is the spokeswoman), or, when they open with a
        person's name and a chain of appositions, that name ("Harry Bond, 30, of Raleigh, N.C.,
        who was polled, said")."""
        start, verb = subject.start(1), subject.start(2)
        if "," in subject.group(1):
            first = sayer_after(self.body, start, verb, self.cast)
            if first is not None and first.kind == "person" and first.speaker and first.start == start:
                return first
        return sayer_before(self.body, subject.start(), verb, self.cast)

    def _last_mark(self, span: QuoteSpan) -> str:
        """The quotation's last punctuation mark, looking past an inner quotation's closing
        mark ('..., "I sort of hope that happens,\'"')."""
        end = span.end
        while end > span.start and self.body[end - 1] in "'’\"” ":
            end -= 1
        return self.body[end - 1 : end]

    def _credit_below(self, after: int, paragraph: int) -> Sayer | None:
        """A quotation that ends its paragraph, credited by the next one: `"Q." / - Bernie Sanders.`"""
        end = self.paragraphs[paragraph].end
        if end - after > 3 or self.body[after:end].strip(" .") or paragraph + 1 >= len(self.paragraphs):
            return None  # (the text after the mark is read only when it is a few characters)
        below = self.paragraphs[paragraph + 1]
        if below.end - below.start > 80:
            return None
        dash = _DASH_LINE.match(self.text, below.start, below.end)
        return sayer_after(self.body, dash.end(), below.end, self.cast) if dash else None

    def _lead_window(self, span: QuoteSpan) -> tuple[int, int]:
        """(floor, opening): the sentence's text before a quotation, at most a window of it."""
        opening = span.start - 1
        return max(self._sentence_start(opening), opening - _WINDOW), opening

    def lead_in_strict(self, span: QuoteSpan) -> Sayer | None:
        """`X said: "Q"` or `X said, "Q"`: a speech verb, a few words and a colon or comma
        right before the opening mark."""
        floor, opening = self._lead_window(span)
        end = opening
        while end > floor and self.text[end - 1] in " \t\n":
            end -= 1
        if end == floor or self.text[end - 1] not in ",:":  # no comma or colon: not this form
            return None
        if not _STRICT_LEAD.search(self.text, max(floor, end - 80), opening):
            return None
        return self._lead_in(floor, opening)

    def lead_in(self, span: QuoteSpan) -> Sayer | None:
        """`X said: "Q"`, `..., saying, "Q"`, `According to X, "Q"`, `X called them on it: "Q"`."""
        return self._lead_in(*self._lead_window(span))

    def _lead_in(self, floor: int, opening: int) -> Sayer | None:
        if according := _ACCORDING_TO.search(self.text, max(floor, opening - 130), opening):
            return sayer_after(self.body, according.start(1), according.end(1), self.cast)
        verbs = self._verbs_before(floor, opening)
        for verb in verbs:
            word = verb.group(1).lower()
            if word in _PARTICIPLES:
                found = self._participle_subject(floor, verb.start())
            else:
                found = sayer_before(self.body, floor, verb.start(), self.cast)
                if found is None and word in SAYER_FOLLOWS_CUES:
                    found = sayer_after(self.body, verb.end(1), opening, self.cast)
            if found is not None:
                return self._checked(word, found)
        if verbs:
            return None
        if colon := _COLON_END.search(self.text, floor, opening):
            return self._named_before_colon(floor, colon.start()) or self._sentence_subject(floor, opening)
        return None

    def _verbs_before(self, floor: int, opening: int) -> list[re.Match[str]]:
        """The speech verbs that a quotation may complete, a few words before its opening
        mark, in the order to ask them for a sayer: the nearest first (the quotation completes
        it: 'Shepherd remembered how a colleague called all women "Betty"' is the colleague's
        word), but a verb in -ing after the clause's own verb ('Spicer said, adding, "Q"',
        'O'Malley interjected to say: "Q"' asks "interjected" first)."""
        finite: list[re.Match[str]] = []
        participles: list[re.Match[str]] = []
        for verb in _VERB.finditer(self.text, max(floor, opening - 80), opening):
            whole = _VERB_AT_END.match(self.text, verb.start(), opening)
            if whole is not None and not _QUOTE_MARK.search(self.text, verb.start(), opening):
                (participles if whole.group(1).lower() in _PARTICIPLES else finite).append(whole)
        return finite[::-1] + participles[::-1]

    def _named_before_colon(self, floor: int, colon: int) -> Sayer | None:
        """`Rep. Trey Gowdy (R-S.C.): "Q"`, `INDIANA POLLS - Philip Bump: "Q"`: a name and
        nothing else right before the colon."""
        found = sayer_before(self.body, max(floor, colon - 90), colon, self.cast)
        if found is None or found.kind != "person" or not found.speaker:
            return None
        between = PARTY_TAG.sub("", self.body[found.end : colon]).strip()
        return found if not between else None

    def _participle_subject(self, floor: int, verb: int) -> Sayer | None:
        """Who is "saying": the name right before it ("with Trump reportedly yelling"), else
        the subject of the clause it hangs from ("Clinton seemed ready ..., telling")."""
        if not self.body[floor:verb].rstrip().endswith(","):
            found = sayer_before(self.body, floor, verb, self.cast)
            if found is not None and found.kind == "person" and found.speaker:
                return found
        return clause_subject(self.body, floor, verb, self.cast)

    def _sentence_subject(self, floor: int, ceiling: int) -> Sayer | None:
        """The subject that opens the sentence at `floor`: a name or a pronoun in its first words."""
        window = min(ceiling, floor + 160)
        first_verb = _VERB.search(self.text, floor, window)
        return clause_subject(self.body, floor, first_verb.start() if first_verb else window, self.cast)

    def continuation(self, span: QuoteSpan) -> Sayer | None:
        """A quotation that goes on from the last one attributed, or opens a paragraph after a
        lead-in that ends its paragraph with a colon."""
        paragraph = self._paragraph(span.start)
        sayer, previous_paragraph, previous_end = self.previous
        opens = self._blank(self.paragraphs[paragraph].start, span.start - 1)
        if opens and paragraph > 0:
            before = self.paragraphs[paragraph - 1]
            if _COLON_END.search(self.text, max(before.start, before.end - 2), before.end):
                return self._lead_in_of(before)
        if sayer is None or sayer.speaker is None:
            return None
        if (
            self._blank(self._sentence_start(span.start - 1), span.start - 1)
            and previous_paragraph == paragraph
        ):
            here = self.sentences.index_of(span.start)
            if self.sentences.index_of(previous_end) >= here - 1:  # '"Q1," X said. "Q2."'
                return sayer
        if opens and previous_paragraph == paragraph - 1 and self._ends_in_quote(paragraph - 1):
            return sayer
        return None

    def previous_sentence(self, span: QuoteSpan) -> Sayer | None:
        """A quotation that opens its sentence after a sentence with a speech verb outside
        quotes: 'Prof Lovenduski ... said she was shocked. "We expected ..."'."""
        here = self.sentences.index_of(span.start)
        sentence_start, _ = self.sentences.spans[here] if self.sentences.spans else (0, 0)
        if here == 0 or not self._blank(sentence_start, span.start - 1):
            return None
        floor, ceiling = self.sentences.spans[here - 1]
        if self._paragraph(floor) != self._paragraph(span.start) or _QUOTE_MARK.search(
            self.text, floor, ceiling
        ):
            return None
        verb = _VERB.search(self.text, floor, min(ceiling, floor + _WINDOW))
        if verb is None or verb.group(1).lower() in _PARTICIPLES:
            return None
        found = sayer_before(self.body, floor, verb.start(), self.cast)
        return self._checked(verb.group(1), found) if found is not None and found.speaker else None

    def _blank(self, start: int, end: int) -> bool:
        """Whether `body[start:end]` is only white space, read from its end and without copying
        it: the stretch may be a whole paragraph (one paragraph of quotes would make copying
        it for every quotation quadratic)."""
        at = end
        while at > start and end - at < 64:
            if not self.body[at - 1].isspace():
                return False
            at -= 1
        return at <= start or _NON_SPACE.search(self.body, start, at) is None

    def _ends_in_quote(self, paragraph: int) -> bool:
        end = self.paragraphs[paragraph].end
        return self.body[max(0, end - 3) : end].rstrip().endswith(('"', "”"))

    def _lead_in_of(self, paragraph: Paragraph) -> Sayer | None:
        return self._lead_in(
            max(self._sentence_start(paragraph.end - 1), paragraph.end - _WINDOW), paragraph.end
        )

    @staticmethod
    def _checked(verb: str, sayer: Sayer | None) -> Sayer | None:
        """Song lyrics and chants have no speaker (the slot is still recorded)."""
        if sayer is not None and verb.lower() in NOT_SPEECH_CUES:
            return Sayer(None, sayer.start, sayer.end, None)
        return sayer

    def attribute(self, chain: list[QuoteSpan]) -> Sayer | None:
        """The sayer of a quotation that may run over several pieces, or None."""
        found = None
        for stage in (self.lead_in_strict, self.trailing, self.lead_in):
            for span in chain:
                found = stage(span)
                if found is not None:
                    break
            if found is not None:
                break
        if found is None:
            found = self.continuation(chain[0]) or self.previous_sentence(chain[0])
        if found is not None:
            self.previous = (found, self._paragraph(chain[-1].start), chain[-1].end)
        return found
