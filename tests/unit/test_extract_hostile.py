"""Hostile input for extraction: nothing crashes and nothing runs away.

Each case runs under a generous alarm (a guard against quadratic blow-ups that would hang
for minutes, not a speed check: the figures are in benchmarks/extract.py).
"""

from __future__ import annotations

import importlib.util
import itertools
import signal
import string
import time
from collections.abc import Callable, Iterator

import pytest
from tests.conftest import REPO

from flagreader.extract import extract_article
from flagreader.model import Article, Paragraph

RUNAWAY_SECONDS = 60


def article(body: str) -> Article:
    return Article("x", "x", "t", None, None, None, body, (Paragraph(0, len(body)),))


@pytest.fixture(autouse=True)
def runaway_guard() -> Iterator[None]:
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"extraction ran for more than {RUNAWAY_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(RUNAWAY_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_five_megabyte_paragraph() -> None:
    body = ("Bilisbekov said that around 150 Kazakh citizens are fighting abroad. " * 75_000)[:5_000_000]
    result = extract_article(article(body))
    assert len(result.figures) > 70_000
    assert all(body[f.start : f.end] == f.text for f in result.figures[:100])


def test_unbalanced_quotes() -> None:
    body = '"' + "He said " * 1000 + '"""' + ' open " ' * 5000 + "“ never closed"
    result = extract_article(article(body))
    for quote in result.quotes:
        assert body[quote.start : quote.end] == quote.text


def test_thousands_of_numbers_and_no_dates_among_figures() -> None:
    # Counts stay below 1800: a bare 18xx-20xx number is read as a year, as in news it mostly is.
    body = " ".join(f"{i % 1_500} men, in March {1990 + i % 30}," for i in range(20_000))
    result = extract_article(article(body))
    assert len(result.figures) == 20_000 and len(result.dates) == 20_000
    date_spans = {(d.start, d.end) for d in result.dates}
    assert not any((f.start, f.end) in date_spans for f in result.figures)


def test_other_scripts() -> None:
    body = "Депутат Нургали Билисбеков сказал: «Это люди, которые были обмануты». 数字 150 人。 " * 2_000
    result = extract_article(article(body))
    assert len(result.figures) == 2_000


def test_thousands_of_officials() -> None:
    names = ["".join(letters) for letters in itertools.product(string.ascii_lowercase, repeat=3)][:5_000]
    body = " ".join(f"The minister Xa{n} Yb{n} said the minister was right." for n in names)
    result = extract_article(article(body))
    assert len(result.officials) == 5_000


@pytest.mark.parametrize("body", ['"' * 100_000, "x" * 1_000_000, "A B C D E F G " * 50_000, "", " \n\n "])
def test_degenerate_text(body: str) -> None:
    extract_article(article(body))


def test_an_article_built_without_paragraphs() -> None:
    built = Article(
        "x", "x", "t", None, None, "Deputy Chairman Nurgali Bilisbekov", "The deputy chairman said so.", ()
    )
    result = extract_article(built)
    assert [o.name for o in result.officials] == ["Nurgali Bilisbekov"]


def test_dates_that_do_not_exist_have_no_iso() -> None:
    from flagreader.extract.dates import find_dates

    found = find_dates("February 30, 2015 and 31 April 2014, and 29 February 2016.")
    assert [(d.text, d.iso) for d in found] == [
        ("February 30, 2015", None),
        ("31 April 2014", None),
        ("29 February 2016", "2016-02-29"),
    ]


def test_thousands_of_quotes_in_one_paragraph_stay_linear() -> None:
    body = 'x "a" ' * 30_000
    result = extract_article(article(body))
    assert len(result.quotes) == 30_000


def _extraction_seconds(body: str) -> float:
    started = time.perf_counter()
    extract_article(article(body))
    return time.perf_counter() - started


def _benchmark_families() -> dict[str, Callable[[int], str]]:
    """The families of benchmarks/hostile.py (chat logs, mixed quote marks, invisible characters,
    titles and names, a paragraph of quotes, partitives)."""
    spec = importlib.util.spec_from_file_location("hostile_benchmark", REPO / "benchmarks" / "hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FAMILIES  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(_benchmark_families()))
def test_every_benchmark_family_costs_in_proportion_to_its_length(name: str) -> None:
    """8x the text in one paragraph under 14x the time: mixed quote marks once took 108x
    (the old attributor copied the sentence before every quotation to count its words)."""
    family = _benchmark_families()[name]
    small = family(24_000)
    _extraction_seconds(small[:3000])  # warm the caches
    one = min(_extraction_seconds(small) for _ in range(3))
    eight = min(_extraction_seconds(family(192_000)) for _ in range(2))
    assert eight / one < 14, f"8x the text took {eight / one:.1f}x the time"


@pytest.mark.parametrize(
    "family",
    [
        pytest.param(lambda n: "." * n, id="a-run-of-dots"),
        pytest.param(lambda n: "?!" * (n // 2), id="a-run-of-marks"),
        pytest.param(lambda n: ", ".join(str(i) for i in range(1, n))[:n], id="a-list-of-numbers"),
        pytest.param(lambda n: ("Of the 15 returnees, 3, 4, 5 and 6 " * n)[:n], id="partitive-numbers"),
    ],
)
def test_pathological_text_costs_in_proportion_to_its_length(family: Callable[[int], str]) -> None:
    """8x the text costs about 8x the time (a quadratic pass gives 64x): a run of dots made the
    sentence splitter retry from every dot, and each number looked back over its whole
    sentence for a partitive ("of the 15")."""
    small = family(20_000)
    _extraction_seconds(small)  # warm the caches
    one = min(_extraction_seconds(small) for _ in range(3))
    eight = min(_extraction_seconds(family(160_000)) for _ in range(2))
    assert eight / one < 20, f"8x the text took {eight / one:.1f}x the time"
