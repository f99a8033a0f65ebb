"""Benchmark: extraction time on pathological text, family by family.

Usage: python benchmarks/hostile.py [--size KB] [--repeat N] [--family NAME ...]

Each family is text built to hit one weak spot of rule-based extraction (a run of dots, a
list of numbers, a chat log full of "said", mixed quote marks, invisible characters, a page
of titles and names, one paragraph of quotes). Every family is extracted at SIZE (default
128 KB) and at 8x SIZE, in one paragraph; the table gives seconds per MB at both and the
ratio of the times: linear work gives about 8, a quadratic pass 64. Issue 11's bars: under
3 s per MB, and 8x the text under 12x the time. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable

from flagreader.extract import extract_article
from flagreader.model import Article, Paragraph

_NAMES = [
    "Nurgali Bilisbekov",
    "Ted Cruz",
    "Hillary Clinton",
    "Tony Blair",
    "Angela Merkel",
    "Jean-Claude Juncker",
    "Aspenbi Zharylgasov",
    "Mary O'Neill",
]
_TITLES = [
    "Deputy Chairman of Kazakhstan's National Security Committee",
    "Sen.",
    "Secretary of State",
    "Prime Minister",
    "Chancellor",
    "President of the European Commission",
    "Deputy Prosecutor",
    "Rep.",
]


def _repeat(unit: Callable[[int], str], size: int) -> str:
    parts: list[str] = []
    length = 0
    for number in itertools.count():
        part = unit(number)
        parts.append(part)
        length += len(part)
        if length >= size:
            break
    return "".join(parts)[:size]


def chat_log(number: int) -> str:
    return 'i said "no" and he said "yes" and she said "maybe" so we said "ok" lol '


def mixed_quotes(number: int) -> str:
    name = _NAMES[number % len(_NAMES)]
    return f"“Yes\" he said, ‘no” {name} said \"maybe’ «fine» and ”odd“ then '{name}' said “ "


def invisible(number: int) -> str:
    name = _NAMES[number % len(_NAMES)].replace(" ", " \u200b")
    return f"\u202e{name}\u200e said\u2066 “we\u200b counted\u200d 150\u2069 men.” \u200f\ufeff"


def titles_and_names(number: int) -> str:
    title = _TITLES[number % len(_TITLES)]
    name = _NAMES[(number * 3) % len(_NAMES)]
    return f"{title} {name}, {_TITLES[(number + 1) % len(_TITLES)]} {name.split()[-1]}, said "


def quotes_and_names(number: int) -> str:
    name = _NAMES[number % len(_NAMES)]
    return f'{name} spoke. "We will win," said {name.split()[-1]}. He added: "Believe me," the senator said. '


FAMILIES: dict[str, Callable[[int], str]] = {
    "a-run-of-dots": lambda size: "." * size,
    "a-run-of-marks": lambda size: "?!" * (size // 2),
    "a-list-of-numbers": lambda size: ", ".join(str(i) for i in range(1, size))[:size],
    "partitive-numbers": lambda size: _repeat(lambda n: "Of the 15 returnees, 3, 4, 5 and 6 ", size),
    "a-chat-log": lambda size: _repeat(chat_log, size),
    "mixed-quote-marks": lambda size: _repeat(mixed_quotes, size),
    "invisible-characters": lambda size: _repeat(invisible, size),
    "titles-and-names": lambda size: _repeat(titles_and_names, size),
    "a-paragraph-of-quotes": lambda size: _repeat(quotes_and_names, size),
}


def article(body: str) -> Article:
    return Article("x", "x.txt", "t", None, None, None, body, (Paragraph(0, len(body)),))


def seconds(body: str, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        extract_article(article(body))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=128, help="the small size in KB (default 128)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (default 3)")
    parser.add_argument("--family", nargs="*", choices=sorted(FAMILIES), help="only these families")
    args = parser.parse_args()
    size = args.size * 1000
    print(f"{'family':<22} {'MB':>6} {'s/MB':>7} {'MB (8x)':>8} {'s/MB':>7} {'time ratio':>11}  bars")
    for name in args.family or FAMILIES:
        small, large = FAMILIES[name](size), FAMILIES[name](size * 8)
        seconds(small[: size // 8], 1)  # warm the caches
        one, eight = seconds(small, args.repeat), seconds(large, max(1, args.repeat - 1))
        small_mb, large_mb = len(small.encode()) / 1e6, len(large.encode()) / 1e6
        per_mb = eight / large_mb
        bars = "ok" if per_mb < 3 and eight / one < 12 else "MISSED"
        print(
            f"{name:<22} {small_mb:>6.2f} {one / small_mb:>7.2f} {large_mb:>8.2f} {per_mb:>7.2f} "
            f"{eight / one:>11.1f}  {bars}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
