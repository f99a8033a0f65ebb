"""Counts in words, for messages and titles: "1 article", "2,125 articles", "3 entries"."""

from __future__ import annotations


def counted(number: int, one: str, many: str | None = None) -> str:
    """`number` with its noun: `one` for 1, else `many` (by default `one` and an "s")."""
    return f"{number:,} {one if number == 1 else (many or one + 's')}"
