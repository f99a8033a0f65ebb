"""Property tests (hypothesis) over the loader, the extractor, search and the exports: for any
input, nothing raises, every offset points at the text it names, and what is written reads
back the same. Examples are bounded (and the run derandomised) so that CI stays fast and
repeatable; `HYPOTHESIS_PROFILE=thorough pytest tests/unit/test_properties.py` tries more."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flagreader import load_corpus
from flagreader.clippings import Clipping, from_csv, from_json, to_csv, to_json, to_markdown
from flagreader.extract import extract_article
from flagreader.model import Article, Corpus, Paragraph
from flagreader.textsafe import clipboard_safe, terminal_safe

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Text that looks like news as often as it looks like noise: words, names, titles, numbers,
# every kind of quote mark and dash, speech verbs, and the characters that have hurt before
# (controls, bidi overrides, zero-width, surrogates are left out: they cannot be encoded).
_PIECES = st.sampled_from(
    [
        "Sen.",
        "Mr",
        "Dr.",
        "Nurgali",
        "Bilisbekov",
        "Ted",
        "Cruz",
        "O'Neill",
        "O’Neill",
        "he",
        "she",
        "i",
        "said",
        "told",
        "added",
        "according to",
        "the senator",
        "Deputy Chairman of",
        "150",
        "between 2,000 and 4,000",
        "three",
        "March 20",
        "2014",
        "of the 15",
        "%",
        "$3 million",
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "«",
        "»",
        ",",
        ".",
        ":",
        ";",
        "?",
        "!",
        "—",
        "―",
        "-",
        "(D-Wis.)",
        "(",
        ")",
        "...",
        "\n",
        "\n\n",
        "\u200b",
        "\u202e",
        "\u2066",
        "\x1b[31m",
        "\x00",
        "\t",
        " ",
    ]
)
news_text = st.lists(
    st.one_of(_PIECES, st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8)),
    max_size=120,
).map(" ".join)


def as_article(body: str) -> Article:
    paragraphs, at = [], 0
    for text in body.split("\n\n"):
        paragraphs.append(Paragraph(at, at + len(text)))
        at += len(text) + 2
    return Article("x", "x.txt", "t", None, None, None, body, tuple(paragraphs))


@given(news_text)
def test_extraction_never_raises_and_every_offset_names_its_text(body: str) -> None:
    article = extract_article(as_article(body))
    for quote in article.quotes:
        assert body[quote.start : quote.end] == quote.text
        if quote.speaker_mention is not None:
            mention = quote.speaker_mention
            assert body[mention.start : mention.end] == mention.text
        assert quote.speaker_kind in (None, "person", "organisation")
    for figure in article.figures:
        assert body[figure.start : figure.end] == figure.text
    for date in article.dates:
        assert body[date.start : date.end] == date.text
    for official in article.officials:
        assert all(0 <= start < end <= len(body) for start, end in official.mentions)
    for person in article.people:
        assert person.name and all(0 <= start < end <= len(body) for start, end in person.mentions)
    dated = [(d.start, d.end) for d in article.dates]
    assert not any(f.start < end and start < f.end for f in article.figures for start, end in dated)
    assert [q.start for q in article.quotes] == sorted(q.start for q in article.quotes)


@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".html", ".htm"]))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_bytes_load_or_are_skipped_with_a_reason(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"a{suffix}"
        path.write_bytes(data)
        (Path(folder) / "good.txt").write_text("A Good Article\n\nIt has a body paragraph.\n")
        corpus = load_corpus([folder])
    assert "A Good Article" in [a.title for a in corpus.articles]  # everything else still loads
    loaded = [a for a in corpus.articles if Path(a.source).name == path.name]
    skipped = [reason for source, reason in corpus.skipped if Path(source).name == path.name]
    assert len(loaded) + len(skipped) == 1
    assert all(reason.strip() for reason in skipped)
    for article in loaded:
        assert article.title.strip() and article.body.strip()


_search_corpus = load_corpus()


@given(st.text(max_size=300))
def test_any_query_searches_without_raising(query: str) -> None:
    hits = _search_corpus.search(query, 5)
    assert len(hits) <= 5
    for hit in hits:
        assert all(0 <= start <= end <= len(hit.snippet) for start, end in hit.marks)


@given(st.lists(st.text(max_size=60), min_size=1, max_size=40).map(" ".join))
def test_a_long_query_of_any_words_searches_without_raising(query: str) -> None:
    Corpus(articles=list(_search_corpus.articles)).search(query * 20, 3)


_field = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)
clippings = st.builds(
    Clipping,
    quote=_field.filter(bool),
    speaker=st.one_of(st.none(), _field.filter(bool)),
    role=st.one_of(st.none(), _field.filter(bool)),
    article_id=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    title=_field.filter(bool),
    blog=st.one_of(st.none(), _field.filter(bool)),
    author=st.one_of(st.none(), _field.filter(bool)),
    source=_field.filter(bool),
    start=st.one_of(st.none(), st.integers(0, 10**6)),
    end=st.one_of(st.none(), st.integers(0, 10**6)),
    created=st.just("2026-11-30T10:00:00Z"),
    note=_field,
)


@given(st.lists(clippings, max_size=5))
def test_exports_read_back_the_same_and_markdown_never_raises(saved: list[Clipping]) -> None:
    assert from_json(to_json(saved)) == saved
    assert from_csv(to_csv(saved)) == saved
    to_markdown(saved)


@given(st.text())
def test_what_reaches_a_terminal_or_a_clipboard_holds_no_control_character(text: str) -> None:
    for safe in (terminal_safe(text), clipboard_safe(text)):
        assert not _CONTROL.search(safe)
    assert not set(clipboard_safe(text)) & {"\u061c", "\u200e", "\u200f"}  # nor a bidi mark


def test_the_clipboard_gets_bidi_marks_as_escapes() -> None:
    """A right-to-left mark pasted into a shell reorders what the line shows around it."""
    assert clipboard_safe("rm -i \u200fx\u200e \u061c") == "rm -i \\u200fx\\u200e \\u061c"
