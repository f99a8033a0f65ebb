"""Extraction on 20 real BBC politics articles against hand-annotated gold.

The gold (tests/gold/bbc_politics.json, rules in tests/gold/README-bbc.md) was written by
reading the articles. Run this file as a script to print the precision/recall table:
`python tests/unit/test_extract_bbc_gold.py [BBC_FOLDER]`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flagreader import load_corpus
from flagreader.extract.persons import fold
from flagreader.model import Article

GOLD_DIR = Path(__file__).parents[1] / "gold"
GOLD = json.loads((GOLD_DIR / "bbc_politics.json").read_text(encoding="utf-8"))
BAR = 0.9


def same_person(a: str | None, b: str | None) -> bool:
    """Names match when equal, or when one is the other's surname ("Howard", "Michael Howard")."""
    if a is None or b is None:
        return a is b
    x, y = fold(a).split(), fold(b).split()
    return x == y or (x[-1] == y[-1] and (len(x) == 1 or len(y) == 1))


def same_quote(found: str, expected: str) -> bool:
    return " ".join(found.split()) == " ".join(expected.split())


@dataclass
class Score:
    """Counts for precision and recall, with the misses kept for reading."""

    found: int = 0
    expected: int = 0
    correct_found: int = 0
    correct_expected: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct_expected / self.expected if self.expected else 1.0


def score_officials(article: Article, gold: dict[str, Any], score: Score) -> None:
    found = [official.name for official in article.officials]
    expected = [official["name"] for official in gold["officials"]]
    score.found += len(found)
    score.expected += len(expected)
    score.correct_found += sum(any(same_person(f, e) for e in expected) for f in found)
    score.correct_expected += sum(any(same_person(f, e) for f in found) for e in expected)
    for name in found:
        if not any(same_person(name, e) for e in expected):
            score.misses.append(f"{gold['file']}: extra official {name!r}")
    for name in expected:
        if not any(same_person(f, name) for f in found):
            score.misses.append(f"{gold['file']}: missed official {name!r}")


def score_quotes(article: Article, gold: dict[str, Any], score: Score) -> None:
    expected = gold["quotes"]
    score.found += len(article.quotes)
    score.expected += len(expected)
    for quote in article.quotes:
        match = next((e for e in expected if same_quote(quote.text, e["text"])), None)
        if match is not None and same_person(quote.speaker, match["speaker"]):
            score.correct_found += 1
        elif match is None:
            score.misses += [f"{gold['file']}: extra quote {quote.text[:50]!r} ({quote.speaker})"]
        else:
            wrong = f"wrong speaker {quote.speaker!r} for {quote.text[:50]!r} (gold {match['speaker']!r})"
            score.misses.append(f"{gold['file']}: {wrong}")
    for entry in expected:
        match = next((q for q in article.quotes if same_quote(q.text, entry["text"])), None)
        if match is not None and same_person(match.speaker, entry["speaker"]):
            score.correct_expected += 1
        elif match is None:
            score.misses += [f"{gold['file']}: missed quote {entry['text'][:50]!r} ({entry['speaker']})"]


def evaluate(bbc: Path, gold_set: dict[str, Any] = GOLD) -> tuple[Score, Score]:
    """Score officials and quotes-with-speaker over the gold articles."""
    officials, quotes = Score(), Score()
    for gold in gold_set["articles"]:
        article = load_corpus([bbc / gold["file"]]).articles[0]
        score_officials(article, gold, officials)
        score_quotes(article, gold, quotes)
    return officials, quotes


@pytest.fixture(scope="module")
def scores(bbc_corpus_path: Path) -> tuple[Score, Score]:
    return evaluate(bbc_corpus_path)


def test_officials_precision_and_recall(scores: tuple[Score, Score]) -> None:
    officials, _ = scores
    assert officials.precision >= BAR and officials.recall >= BAR, "\n".join(officials.misses)


def test_quotes_with_the_right_speaker_precision_and_recall(scores: tuple[Score, Score]) -> None:
    _, quotes = scores
    assert quotes.precision >= BAR and quotes.recall >= BAR, "\n".join(quotes.misses)


def main() -> None:
    """Print precision and recall on the gold set, and on the held-out set when present."""
    default = Path(__file__).parents[3] / "shared" / "corpus" / "bbc"
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else default
    sets = [("politics 001-020 (rules tuned here)", GOLD)]
    heldout = GOLD_DIR / "bbc_politics_heldout.json"
    if heldout.exists():
        sets.append(("politics 021-032 (held out)", json.loads(heldout.read_text(encoding="utf-8"))))
    print(f"{'gold set':38}{'':27}{'found':>7}{'gold':>7}{'precision':>11}{'recall':>8}")
    for label, gold_set in sets:
        official_score, quote_score = evaluate(folder, gold_set)
        for kind, score in (("officials", official_score), ("quotes with right speaker", quote_score)):
            line = f"{score.found:>7}{score.expected:>7}{score.precision:>11.3f}{score.recall:>8.3f}"
            print(f"{label:38}{kind:27}{line}")
        if "-v" in sys.argv:
            print("\n".join(official_score.misses + quote_score.misses))


if __name__ == "__main__":
    main()
