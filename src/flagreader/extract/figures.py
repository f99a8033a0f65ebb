"""Figures: numbers with what they count ("around 150 Kazakh citizens"), never dates.

A figure is a numeral or number word, with an approximator before it ("around", "over",
"an estimated"), a currency, scale or percent sign around it, or a range ("between 2,000
and 4,000"). What it counts is the noun phrase after it ("Kazakh citizens"), the whole of
a partitive ("150 of the Kazakh citizens"), or, when the noun is left out ("Of the 15
returnees, three had been sentenced"; "two others"), the whole the text last divided.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from flagreader.extract.lexicon import FUNCTION_WORDS, NUMBER_WORDS, SCALES
from flagreader.extract.patterns import word_alternation
from flagreader.model import DateMention, Figure, Span

_ONE_IDIOM = re.compile(r"\s+(?:of|another|day|by|way|thing|more)\b")
_HALF_IDIOM = re.compile(r"[-\s]*(?:time|way|hearted)\b")
_SCORE = re.compile(r"-\d")
_GLUED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,£$€¥-")
_UNITS = "one two three four five six seven eight nine".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_NUMBER_WORD_LIST = [*_UNITS, *_TEENS, *_TENS, *(f"{tens}-{unit}" for tens in _TENS for unit in _UNITS)]
_NUMBER_WORD_LIST += ["hundred", "dozen", "half"]
_NUMBER_WORD = word_alternation(
    _NUMBER_WORD_LIST, capitalised=True
)  # a trie tries "seventeen" before "seven"
_NUMBER_AT = re.compile(rf"\d[\d,.]*|{_NUMBER_WORD}")
_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion)\b|(?:m|bn|mn|k|tn)\b)"
_CURRENCY = r"(?:US\$|[£$€¥])"
_PERCENT = r"(?:%|\s+per\s*cent\b|\s+percent\b)"
_AMOUNT = rf"{_CURRENCY}?(?:{_NUMERAL}|\b{_NUMBER_WORD}\b){_SCALE}?{_PERCENT}?(?![\w%])"
# Where a figure can begin; the full pattern is matched only there (fast on long texts).
_TRIGGER = re.compile(rf"[£$€¥]|\d+|\b(?:{_NUMBER_WORD}|[Bb]etween)\b")
_FIGURE_AT = re.compile(
    rf"(?:[Bb]etween\s+(?P<low>{_AMOUNT})\s+and\s+(?P<high>{_AMOUNT}))|(?P<amount>{_AMOUNT})"
)
_APPROXIMATORS = frozenset(
    phrase.replace("+", " ")
    for phrase in """around about some over nearly almost roughly approximately estimated more+than up+to
    at+least fewer+than less+than an+estimated upwards+of close+to just+over just+under well+over
    as+many+as in+excess+of""".split()
)
_LAST_APPROXIMATOR_WORDS = frozenset(phrase.split()[-1] for phrase in _APPROXIMATORS) | {"another", "further"}
_WORDS_BEFORE = re.compile(r"\S+")


def _approximator_before(text: str, position: int) -> tuple[int, bool]:
    """Where a figure at `position` starts, taking in an approximator and "another" before
    it ("around", "about another", "an estimated", "more than"); and whether it is approximate."""
    floor = max(0, position - 40)
    if position == 0 or not text[position - 1].isspace():
        return position, False
    last = text[max(0, position - 16) : position].split()[-1:]
    if not last or last[0].lstrip("\"“‘'([").lower() not in _LAST_APPROXIMATOR_WORDS:
        return position, False  # most numbers have no approximator: decide on one word
    words = []
    for match in _WORDS_BEFORE.finditer(text, floor, position):
        word = match.group().lstrip("\"“‘'([")  # '"over 300"': the quote mark is not the figure's
        words.append((word.lower(), match.end() - len(word)))
    end = len(words)
    if end and words[-1][0] == "another":
        end -= 1
    elif end > 1 and words[-2][0] == "a" and words[-1][0] == "further":
        end -= 2
    for size in (3, 2, 1):
        if end - size >= 0 and " ".join(w for w, _ in words[end - size : end]) in _APPROXIMATORS:
            return words[end - size][1], True
    return (words[end][1], False) if end < len(words) else (position, False)


class _Candidate(NamedTuple):
    """A number expression found in the text, before it is judged a figure."""

    start: int
    end: int
    approximate: bool
    amount: str | None
    low: str | None
    high: str | None


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    covered = 0
    for trigger in _TRIGGER.finditer(text):
        position = trigger.start()
        if position < covered or (position and text[position - 1] in _GLUED):
            continue  # inside a number already read, or glued to a word ("G8", "M25")
        match = _FIGURE_AT.match(text, position)
        if match is None:
            continue
        start, approximate = _approximator_before(text, position)
        found.append(
            _Candidate(start, match.end(), approximate, match["amount"], match["low"], match["high"])
        )
        covered = match.end()
    return found


_CURRENCY_WORDS = frozenset("pounds dollars euros yen rupees roubles rubles yuan francs pence cents".split())
_SKIP_BEFORE_NOUN = frozenset({"other", "more", "further", "additional", "extra"})
# Words after a number that name a threshold, not what is counted: "topped the 100,000 mark".
_THRESHOLDS = frozenset({"mark", "level", "barrier", "threshold", "milestone"})
# A sentence adverb or conjunction, capitalised, starts the next sentence (BBC's "$4.06 trillion
# However, ..." lost its full stop): never part of what a figure counts.
_SENTENCE_STARTERS = frozenset(
    "however meanwhile moreover nevertheless nonetheless furthermore instead still yet but and"
    " also indeed although though while whereas so then now thus therefore overall separately".split()
)
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’-]*|\S")
# "Of the 15 returnees": a whole that later figures may count parts of.
_PARTITIVE = re.compile(rf"\b[Oo]f\s+(?:the|these|those)\s+(?:{_NUMERAL}|{_NUMBER_WORD})(?=\s)")
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+$")
_TIME_AFTER = re.compile(r"\s*(?:GMT|BST|CET|hrs\b|[ap]\.?m\.?\b|:\d)")


def _value(amount: str) -> tuple[float, str | None]:
    """Turn "£15.8m", "2,000", "three", "0.7%" into a number and a unit."""
    text = amount.strip()
    unit = None
    if currency := re.match(_CURRENCY, text):
        unit = currency.group()
        text = text[currency.end() :]
    if re.search(_PERCENT + "$", text):
        unit = "%"
        text = re.sub(_PERCENT + "$", "", text)
    number = _NUMBER_AT.match(text.lower())
    assert number is not None
    word = number.group().lower()
    # In decimal, not binary, arithmetic: "$4.06tn" is 4,060,000,000,000 exactly (4.06 * 1e12
    # in floats is 4,059,999,999,999.9995).
    if word[0].isdigit():
        exact = Decimal(word.replace(",", ""))
    else:
        exact = Decimal(sum(NUMBER_WORDS[part] for part in word.split("-")))
    scale = text[number.end() :].strip().lower()
    if scale:
        exact *= SCALES[scale]
    return float(exact), unit


def _clean_number(value: float | None) -> float | None:
    if value is not None and value.is_integer():
        return int(value)  # an int is a float to the type checker: "150", not "150.0", in JSON
    return value


def _noun_phrase(text: str, start: int, limit: int) -> tuple[str | None, int]:
    """The noun phrase right after `start`: up to four words, ending at a function word, a
    verb-like word, punctuation, or after one coordination ("men and women")."""
    lead = re.compile(r"[\"”’']?\s+").match(text, start, limit)
    if lead is None:
        return None, start
    words: list[re.Match[str]] = []
    coordinated = False
    for match in _WORD.finditer(text, lead.end(), min(limit, start + 120)):
        word = match.group()
        lower = word.lower()
        if not word[0].isalpha():
            break
        if lower == "and":
            if not words or coordinated:
                break
            coordinated = True
            continue
        if lower in FUNCTION_WORDS or (
            word[0].islower() and (lower.endswith("ing") or words and lower.endswith("ed"))
        ):
            break
        if word[0].isupper() and lower in _SENTENCE_STARTERS:
            break
        if not words and lower in _SKIP_BEFORE_NOUN:
            continue
        words.append(match)
        if coordinated or len(words) >= 4:
            break
    if not words or words[0].group().lower() in _THRESHOLDS:
        return None, start
    end = words[-1].end()
    while text[end - 1] in "'’":  # a closing single quote: "'15 Returnees'"
        end -= 1
    return text[words[0].start() : end], end


def _counts_after(text: str, end: int, limit: int) -> tuple[str | None, str | None]:
    """What the figure ending at `end` counts, and a currency word if one comes first."""
    partitive = re.compile(r"[\"”]?,?\s*of(?=\s+(?:the|these|those|its|their|his|her)\s)").match(
        text, end, limit
    )
    if partitive:
        article = re.compile(r"\s+\w+").match(text, partitive.end(), limit)
        assert article is not None
        phrase, _ = _noun_phrase(text, article.end(), limit)
        return phrase, None
    phrase, phrase_end = _noun_phrase(text, end, limit)
    if phrase and phrase.split()[0].lower() in _CURRENCY_WORDS:
        currency = phrase.split()[0].lower()
        currency_end = text.index(phrase.split()[0], end) + len(phrase.split()[0])
        phrase, _ = _noun_phrase(text, currency_end, limit)
        return phrase, currency
    return phrase, None


def find_figures(text: str, dates: list[DateMention], sentences: list[Span]) -> list[Figure]:
    """Return the figures in `text`, in order; numbers inside `dates` are not figures."""
    date_starts = [d.start for d in dates]
    figures: list[Figure] = []
    sentence_index = 0
    for candidate in _candidates(text):
        start, end = candidate.start, candidate.end
        date = bisect_right(date_starts, end - 1) - 1
        if (date >= 0 and dates[date].end > start) or _TIME_AFTER.match(text, end):
            continue  # part of a date, or a time of day
        while sentence_index + 1 < len(sentences) and sentences[sentence_index][1] <= start:
            sentence_index += 1
        limit = sentences[sentence_index][1] if sentences else len(text)
        figure = _make_figure(text, candidate, limit)
        if figure is not None:
            figures.append(figure)
    return _resolve_elided(text, figures, sentences)


def _make_figure(text: str, candidate: _Candidate, limit: int) -> Figure | None:
    start, end, amount = candidate.start, candidate.end, candidate.amount
    following = text[end : end + 12]
    if amount is not None:
        lower = amount.lower()
        if lower == "one" and _ONE_IDIOM.match(following):
            return None  # "one of the first [countries]", "one another"
        if lower == "half" and _HALF_IDIOM.match(following):
            return None
        if _SCORE.match(following):
            return None  # a score or a range of code-like numbers ("2-1")
        if (
            not candidate.approximate
            and amount[0].isdigit()
            and _NAME_BEFORE.search(text[max(0, start - 30) : start])
        ):
            return None  # part of a name: "Radio 4", "Channel 5"
        value, unit = _value(amount)
        low = high = None
    else:
        assert candidate.low is not None and candidate.high is not None
        low_value, unit = _value(candidate.low)
        high_value, high_unit = _value(candidate.high)
        unit = unit or high_unit
        value, low, high = None, low_value, high_value
    counts, currency = _counts_after(text, end, limit)
    unit = unit or currency
    if amount is not None and amount.lower() == "one" and counts is None:
        return None  # "one" alone is a pronoun far more often than a figure
    return Figure(
        text=text[start:end],
        start=start,
        end=end,
        value=_clean_number(value),
        low=_clean_number(low),
        high=_clean_number(high),
        approximate=candidate.approximate,
        counts=counts,
        unit=unit,
    )


def _resolve_elided(text: str, figures: list[Figure], sentences: list[Span]) -> list[Figure]:
    """Fill in what a figure counts when the noun is left out or restated."""
    sentence_starts = [start for start, _ in sentences]
    partitives = list(_PARTITIVE.finditer(text))  # once: a scan per figure was quadratic
    resolved: list[Figure] = []
    for figure in figures:
        previous = resolved[-1] if resolved else None
        between = text[previous.end : figure.start] if previous else ""
        if previous is not None and re.fullmatch(r",\s*or\s+", between):
            # "Around half, or 150, of the Kazakh citizens": a restatement of the same figure.
            counts = figure.counts or previous.counts
            figure = replace(figure, approximate=figure.approximate or previous.approximate, counts=counts)
            resolved[-1] = replace(previous, counts=previous.counts or counts)
        elif figure.counts is None or figure.counts.lower() in ("others", "other"):
            antecedent = _antecedent(text, figure, resolved, sentence_starts, partitives)
            figure = replace(figure, counts=antecedent or figure.counts)
        resolved.append(figure)
    return resolved


def _antecedent(
    text: str,
    figure: Figure,
    earlier: list[Figure],
    sentence_starts: list[int],
    partitives: list[re.Match[str]],
) -> str | None:
    """What a figure with no noun counts: the last "of which" figure's noun, or the noun of the
    last partitive ("Of the 15 returnees, three ...") in this or the two sentences before.
    `partitives` are every partitive of the text, in order."""
    before = text[max(0, figure.start - 12) : figure.start]
    if re.search(r"\bof\s+(?:which|whom)\s+$", before) and earlier:
        return earlier[-1].counts  # "300 Kazakh citizens in Syria, of which 150 are women"
    sentence = bisect_right(sentence_starts, figure.start) - 1
    window_start = sentence_starts[max(0, sentence - 2)] if sentence_starts else 0
    # The last partitive wholly before the figure (its look-ahead reads one character past it).
    index = bisect_left(partitives, figure.start, key=lambda match: match.end()) - 1
    if index >= 0 and partitives[index].start() >= window_start:
        phrase, _ = _noun_phrase(text, partitives[index].end(), figure.start)
        return phrase
    return None
