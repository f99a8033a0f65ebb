"""Dates in running text, with ISO forms, and the year inferred when the text leaves it out.

A date without a year ("March 20", "In November") takes the year of writing: the article's
publication date when known; otherwise the latest year the text names, or the year after
it when the text speaks of that year as a whole ("efforts ... in 2014 succeeded"). A
month after the latest day-and-month the text gives belongs to the year before, as news
does: written on March 20, "In November" is last November.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flagreader.extract.lexicon import MONTHS
from flagreader.model import DateMention

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MONTH_START = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# Where a date can begin: a month, a day before a month, or a year. Scanning for these
# first and matching the full pattern only there keeps the scan fast on long texts.
_TRIGGER = re.compile(rf"\b(?:{_MONTH_START}|[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH_START}|1[89]\d\d|20\d\d)")
_DATE = re.compile(
    rf"(?P<md>(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?)(?![\d,]\d)\b"
    rf"|(?P<dm>(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?)\b"
    rf"|(?P<my>(?P<m3>{_MONTH})\s+(?P<y3>{_YEAR}))\b"
    rf"|(?P<m4>{_MONTH})\b(?!,?\s+\d)"
    rf"|(?<![£$€\d,.])(?P<year>{_YEAR})(?P<decade>s)?\b(?![,.]?\d|\s*(?:GMT|BST|hrs|hours|[ap]\.?m\b))"
)
# A month alone is a date only after a word that introduces one ("in November").
_BEFORE_BARE_MONTH = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|until|by|from|last|next|early|late|mid|of|this|during|between|and|to|before|after"
    r"|through)\s+$"
)
_WHOLE_YEAR = re.compile(
    rf"\b(?:in|during|throughout|for|of)\s+(?:the\s+(?:start|end|beginning|course)\s+of\s+)?({_YEAR})\b"
)
_FUTURE_YEAR = re.compile(rf"\b(?:by|until|till|before|to)\s+({_YEAR})\b")


@dataclass(slots=True)
class _Found:
    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    decade: bool = False


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _scan(text: str) -> list[_Found]:
    found: list[_Found] = []
    covered = 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < covered:
            continue
        match = _DATE.match(text, trigger.start())
        if match is None:
            continue
        start, end = match.span()
        if match.group("md"):
            year = match.group("y1")
            month, day = _month(match.group("m1")), _day(match.group("d1"))
            item = _Found(match.group(), start, end, int(year) if year else None, month, day)
        elif match.group("dm"):
            year = match.group("y2")
            month, day = _month(match.group("m2")), _day(match.group("d2"))
            item = _Found(match.group(), start, end, int(year) if year else None, month, day)
        elif match.group("my"):
            item = _Found(match.group(), start, end, int(match.group("y3")), _month(match.group("m3")), None)
        elif match.group("m4"):
            if not _BEFORE_BARE_MONTH.search(text, max(0, start - 12), start):
                continue
            item = _Found(match.group(), start, end, None, _month(match.group("m4")), None)
        else:
            decade = bool(match.group("decade"))
            item = _Found(match.group(), start, end, int(match.group("year")), None, None, decade)
        found.append(item)
        covered = end
    return found


def _writing_year(text: str, found: list[_Found], published: str | None) -> int | None:
    if published and re.match(r"\d{4}", published):
        return int(published[:4])
    # "by 2007" looks ahead from the time of writing; "in 2014" speaks of a year as a whole.
    future = {item.year for item in found if _FUTURE_YEAR.search(text, max(0, item.start - 8), item.end)}
    years = [item.year for item in found if item.year and not item.decade and item.year not in future]
    if not years:
        return None
    latest = max(years)
    whole = any(
        item.year == latest
        and item.month is None
        and _WHOLE_YEAR.search(text, max(0, item.start - 30), item.end)
        for item in found
    )
    return latest + 1 if whole else latest


def _iso(item: _Found, year: int | None) -> str | None:
    if item.decade:
        return None
    if item.month is not None and item.day is not None:
        try:  # "February 30" is no date; a year-less "February 29" is checked in a leap year
            date(year or 2000, item.month, item.day)
        except ValueError:
            return None
    if item.month is None:
        return f"{item.year:04d}" if item.year else None
    day = f"-{item.day:02d}" if item.day else ""
    if year is None:
        return f"--{item.month:02d}{day}"  # ISO 8601 for a date whose year is unknown
    return f"{year:04d}-{item.month:02d}{day}"


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Return every date in `text`, in order, with ISO forms (years inferred where possible)."""
    found = _scan(text)
    writing = _writing_year(text, found, published)
    latest = (12, 31)
    if writing is not None:
        recent = [
            (item.month, item.day or 1)
            for item in found
            if item.month and (item.year == writing or (item.year is None and item.day))
        ]
        if recent:
            latest = max(recent)
    dates: list[DateMention] = []
    for item in found:
        year = item.year
        if year is None and item.month is not None and writing is not None:
            year = writing if (item.month, item.day or 1) <= latest else writing - 1
        dates.append(DateMention(item.text, item.start, item.end, _iso(item, year)))
    return dates
