"""Benchmark: quote attribution against a gold file of the PolNeAR form.

Usage: python benchmarks/attribution.py [FOLDER] [--gold FILE] [--misses N] [--sample N]

FOLDER holds `text/*.txt` and `gold.jsonl` (default ../shared/corpus/polnear-train). Each gold
line has `article` (file stem), `quote`, `source`, `cue`, and character offsets into the file
(`quote_start`/`quote_end`). The folder is loaded as a user would load it and extracted; every
extracted quote's span is mapped back to file offsets paragraph by paragraph.

Strict scoring:
- a gold quote is found when an extracted quote's span, quote marks, white space and
  punctuation trimmed from both ends, overlaps the gold span (trimmed the same way) with
  IoU >= 0.8;
- the gold source is a named person when, after titles, appositions and party tags, it is a
  capitalised name that is not a pronoun or an organisation; its head name is that name's
  surname, and the first name when the source gives one;
- the speaker is right when every word of the head name is a whole word of `speaker`,
  accents, case and apostrophes folded.
Quotes whose gold source is a pronoun, a role ("the senator") or an organisation are counted
apart (`--sample N` prints N of them with the speaker given, for checking by hand).
Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flagreader import load_corpus
from flagreader.extract import extract_article
from flagreader.extract.lexicon import HONORIFICS, ROLE_HEADS, ROLE_MODIFIERS, TITLE_ROLES
from flagreader.extract.persons import fold as fold_case_and_accents
from flagreader.model import Article

DEFAULT_FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "polnear-train"
IOU = 0.8
_TRIM = " \t\n\u00a0\"“”‘’'.,;:!?—–-…"
PRONOUNS = frozenset("he she it they i we you who which that this these those one another his her".split())
_TITLES = frozenset(
    "mr mrs ms miss dr sen senator rep gov governor president pres gen lt col sgt rev prof professor "
    "sir lord lady dame judge justice mayor speaker secretary adm capt chairman chairwoman host "
    "former then-candidate candidate jr sr ii iii iv".split()
)
_ORGANISATION = re.compile(
    r"\b(?:News|Post|Times|Journal|Campaign|Committee|Party|Department|Office|Agency|Association|"
    r"Institute|Foundation|Council|University|Network|Magazine|Press|Inc|Corp|Group|Union|Commission|"
    r"Center|Centre|Service|Board|Bureau|House|Reuters|CNN|Fox|MSNBC|Blaze|Tribune|Herald|Gazette|"
    r"Politico|Daily|Review|Report|Club|Coalition|PAC|Project|Fund)\b"
)
_ROLE_WORDS = ROLE_HEADS | ROLE_MODIFIERS | TITLE_ROLES | HONORIFICS | {"vice", "rear", "us", "u.s."}
_PARTY_TAG = re.compile(r"\s*\([A-Z]-[^)]*\)")
_NAME_WORD = re.compile(r"[A-ZÀ-Þ][\w'’.-]*")


def fold(text: str) -> str:
    """Lower case, accents and apostrophe kinds folded, for comparing names."""
    return fold_case_and_accents(text.replace("’", "'"))


def words(text: str) -> set[str]:
    """The folded words of a speaker, hyphenated ones whole and in parts ("El-Erian")."""
    whole = re.findall(r"[\w'-]+", fold(text))
    return set(whole) | {part for word in whole for part in word.split("-") if part}


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with quote marks, white space and punctuation trimmed from both ends."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0.0
    return overlap / (max(a[1], b[1]) - min(a[0], b[0]))


def head_name(source: str | None) -> tuple[str, ...] | None:
    """The gold source's head name (first name and surname, or surname alone) when the source
    is a named person, else None (a pronoun, a role, a group, an organisation, nothing).

    The source is cut before an apposition, a relative clause or "of ..." ("Sen. Brian
    Schatz of Hawaii"); a phrase
    whose last word is lower case ("Clinton supporters") or possessive names no person; in
    the last run of capitalised words, words up to the last title, role word or owner go
    ("Indian Defence Minister Manohar Parrikar" gives Manohar Parrikar, "Gallup's Jeffrey
    Jones" Jeffrey Jones).
    """
    if not source:
        return None
    text = _PARTY_TAG.sub("", source.replace("\u00a0", " ")).strip()
    text = re.split(r",|\bwho\b|\bwhich\b|\(| - | — | – |\s+of\s+", text)[0].strip()
    tokens = text.split()
    if not tokens or fold(tokens[0]) in PRONOUNS | {"the", "a", "an", "one", "another", "some"}:
        return None
    if _ORGANISATION.search(text) or not _NAME_WORD.fullmatch(tokens[-1]) or text.isupper():
        return None
    if tokens[-1].endswith(("'s", "’s", "’", "'")):
        return None
    run: list[str] = []
    for token in reversed(tokens):
        if not _NAME_WORD.fullmatch(token):
            break
        run.insert(0, token.rstrip(".,"))
    names = [t for t in run if len(t) > 1 and not (t.isupper() and len(t) <= 4)]
    roles = [
        i
        for i, t in enumerate(names)
        if fold(t) in _TITLES or fold(t) in _ROLE_WORDS or t.endswith(("'s", "’s", "’", "'"))
    ]
    if roles:
        names = names[roles[-1] + 1 :]
    if not names or fold(names[-1]) in PRONOUNS:
        return None
    return (names[0], names[-1]) if len(names) > 1 else (names[-1],)


@dataclass(slots=True)
class Gold:
    article: str
    quote: str
    source: str | None
    cue: str
    span: tuple[int, int]
    source_span: tuple[int, int] | None


@dataclass(slots=True)
class Found:
    span: tuple[int, int]
    speaker: str | None


def read_gold(path: Path) -> list[Gold]:
    gold = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        source_span = None
        if item.get("source_start") is not None:
            source_span = (item["source_start"], item["source_end"])
        gold.append(
            Gold(
                item["article"],
                item["quote"],
                item["source"],
                item.get("cue") or "",
                (item["quote_start"], item["quote_end"]),
                source_span,
            )
        )
    return gold


def _collapsed(text: str) -> tuple[str, list[int]]:
    """The text with every run of white space (no-break spaces too) as one space, and for
    each of its characters the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        if match.group()[0].isspace():
            out.append(" ")
            where.append(match.start())
        else:
            out.append(match.group())
            where.extend(range(match.start(), match.end()))
    return "".join(out), where


def file_offsets(article: Article, raw: str) -> dict[int, int]:
    """For each offset into the body of a paragraph found in the file (white space runs
    compared as one space, as the loader folds them), the file offset it came from."""
    flat, where = _collapsed(raw)
    mapping: dict[int, int] = {}
    at = 0
    for paragraph in article.paragraphs:
        text, inner = _collapsed(article.body[paragraph.start : paragraph.end])
        found = flat.find(text, at)
        if found < 0:
            continue
        for index, offset in enumerate(inner):
            mapping[paragraph.start + offset] = where[found + index]
        mapping[paragraph.end] = where[found + len(text) - 1] + 1
        at = found + len(text)
    return mapping


def _mapped(mapping: dict[int, int], offset: int, step: int) -> int | None:
    """The file offset of a body offset, or of the nearest mapped one (white space folded)."""
    for candidate in range(offset, offset + 4 * step, step):
        if candidate in mapping:
            return mapping[candidate]
    return None


def extracted_quotes(article: Article, raw: str) -> list[Found]:
    mapping = file_offsets(article, raw)
    found = []
    for quote in article.quotes:
        start, end = _mapped(mapping, quote.start, 1), _mapped(mapping, quote.end, -1)
        if start is None or end is None:
            continue
        span = trimmed(raw, start, end)
        found.append(Found(span, quote.speaker))
    return found


def gold_kind(item: Gold) -> str:
    if head_name(item.source) is not None:
        return "named"
    if not item.source:
        return "none"
    first = fold(item.source.split()[0]) if item.source.split() else ""
    return "pronoun" if first in PRONOUNS else "role/organisation"


def speaker_right(item: Gold, speaker: str | None) -> bool:
    head = head_name(item.source)
    return head is not None and speaker is not None and all(fold(w) in words(speaker) for w in head)


def cause(item: Gold, raw: str, found: Found | None) -> str:
    """A rough label for why a named-person quote was missed, from where its source stands."""
    if found is None:
        return "quote not found"
    outcome = "no speaker" if found.speaker is None else "wrong speaker"
    if item.cue.strip() in ("-", "—", "―", "–"):
        return f"{outcome}: dash credit"
    if item.source_span is None:
        return f"{outcome}: no source span"
    source_start = item.source_span[0]
    lo, hi = sorted((source_start, item.span[0]))
    if "\n" in raw[lo:hi]:
        return f"{outcome}: source in another paragraph"
    if source_start > item.span[1]:
        return f"{outcome}: source after the quote"
    if re.search(r"\baccording to\b", item.cue):
        return f"{outcome}: according to"
    return f"{outcome}: source before the quote"


@dataclass(slots=True)
class Scores:
    """What `score` measured: counts per gold kind and outcome, misses by cause."""

    kinds: Counter[str]
    outcome: Counter[tuple[str, str]]
    causes: Counter[str]
    examples: dict[str, list[str]]
    apart: list[tuple[Gold, Found]]
    raws: dict[str, str]
    articles: int
    loaded: float
    seconds: float

    def ratio(self, kind: str, outcome: str) -> float:
        """outcome[(kind, outcome)] over the gold quotes of that kind."""
        return self.outcome[(kind, outcome)] / self.kinds[kind] if self.kinds[kind] else 0.0

    @property
    def recall(self) -> float:
        return sum(self.outcome[(k, "found")] for k in self.kinds) / sum(self.kinds.values())


def evaluate(folder: Path, gold: list[Gold], misses: int, sample: int) -> None:
    scores = score(folder, gold)
    _print_summary(scores.kinds, scores.outcome, scores.articles, scores.loaded, scores.seconds)
    _print_causes(scores.causes, scores.examples, misses)
    _print_sample(scores.apart, scores.raws, sample)


def score(folder: Path, gold: list[Gold]) -> Scores:
    """Extract every article of `folder`/text and score its quotes against `gold`."""
    load_started = time.perf_counter()
    corpus = load_corpus([folder / "text"], extract=False)
    loaded = time.perf_counter() - load_started
    started = time.perf_counter()
    articles = {Path(a.source).stem: extract_article(a) for a in corpus.articles}
    seconds = time.perf_counter() - started
    for source, reason in corpus.skipped:  # a file with the same text as another: the same quotes
        if reason.startswith("duplicate of ") and reason.endswith(" (same text)"):
            kept = Path(reason.removeprefix("duplicate of ").removesuffix(" (same text)")).stem
            if kept in articles:
                articles[Path(source).stem] = articles[kept]
    raws = {stem: (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8") for stem in articles}
    quotes = {stem: extracted_quotes(a, raws[stem]) for stem, a in articles.items()}
    kinds: Counter[str] = Counter()
    outcome: Counter[tuple[str, str]] = Counter()
    causes: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    apart: list[tuple[Gold, Found]] = []
    for item in gold:
        kind = gold_kind(item)
        kinds[kind] += 1
        raw = raws.get(item.article, "")
        span = trimmed(raw, *item.span) if raw else item.span
        best = max(quotes.get(item.article, []), key=lambda f: iou(f.span, span), default=None)
        found = best if best is not None and iou(best.span, span) >= IOU else None
        outcome[(kind, "found")] += found is not None
        if kind != "named":
            if found is not None:
                outcome[(kind, "with speaker")] += found.speaker is not None
                apart.append((item, found))
            continue
        if found is not None and speaker_right(item, found.speaker):
            outcome[("named", "right")] += 1
            continue
        outcome[("named", "no speaker")] += found is not None and found.speaker is None
        outcome[("named", "wrong")] += found is not None and found.speaker is not None
        label = cause(item, raw, found)
        causes[label] += 1
        given = "-" if found is None else repr(found.speaker)
        examples.setdefault(label, []).append(
            f"{item.article}@{item.span[0]}: gold {item.source!r} given {given}: {item.quote[:70]!r}"
        )
    return Scores(kinds, outcome, causes, examples, apart, raws, len(articles), loaded, seconds)


def _print_summary(
    kinds: Counter[str], outcome: Counter[tuple[str, str]], articles: int, loaded: float, seconds: float
) -> None:
    total = sum(kinds.values())
    found = sum(outcome[(k, "found")] for k in kinds)
    named = kinds["named"]
    print(f"articles {articles}, gold quotes {total}; load {loaded:.2f} s, extraction {seconds:.2f} s\n")
    print(f"{'measure':<44} {'count':>7} {'of':>7} {'ratio':>7}")
    rows = [
        ("quote recall (IoU >= 0.8)", found, total),
        ("named-person quotes: speaker right", outcome[("named", "right")], named),
        ("named-person quotes: found, no speaker", outcome[("named", "no speaker")], named),
        ("named-person quotes: found, wrong speaker", outcome[("named", "wrong")], named),
        ("named-person quotes: not found", named - outcome[("named", "found")], named),
    ]
    for kind in ("pronoun", "role/organisation", "none"):
        rows.append((f"{kind} source: found", outcome[(kind, "found")], kinds[kind]))
        rows.append((f"{kind} source: found, a speaker given", outcome[(kind, "with speaker")], kinds[kind]))
    for label, count, of in rows:
        print(f"{label:<44} {count:>7,} {of:>7,} {count / of if of else 0:>7.3f}")


def _print_causes(causes: Counter[str], examples: dict[str, list[str]], misses: int) -> None:
    print(f"\n{'named-person misses by cause':<52} {'count':>7}")
    for label, count in causes.most_common():
        print(f"{label:<52} {count:>7,}")
        for line in examples[label][:misses]:
            print(f"    {line}")


def _print_sample(apart: Iterable[tuple[Gold, Found]], raws: dict[str, str], sample: int) -> None:
    if sample <= 0:
        return
    rows = [(g, f) for g, f in apart if g.source and fold(g.source.split()[0]) in PRONOUNS | {"the"}]
    print(f"\nsample of {sample} quotes whose gold source is a pronoun or a role (check by hand):")
    for item, found in random.Random(7).sample(rows, min(sample, len(rows))):
        raw = raws[item.article]
        context = raw[max(0, item.span[0] - 300) : item.span[0]].replace("\n", " / ")
        print(f"- {item.article}@{item.span[0]} gold {item.source!r} given {found.speaker!r}")
        print(f"    …{context[-300:]}“{item.quote[:80]}”")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--gold", type=Path, help="gold file (default FOLDER/gold.jsonl)")
    parser.add_argument("--misses", type=int, default=0, help="examples to print per cause of miss")
    parser.add_argument("--sample", type=int, default=0, help="pronoun/role-sourced quotes to print")
    args = parser.parse_args()
    gold_path = args.gold or args.folder / "gold.jsonl"
    if not (args.folder / "text").is_dir() or not gold_path.exists():
        print(f"skipped: no text/ and gold file at {args.folder}", file=sys.stderr)
        return 0
    evaluate(args.folder, read_gold(gold_path), args.misses, args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
