"""Loading the shared BBC corpus (skipped, saying so, when it is absent)."""

from __future__ import annotations

from pathlib import Path

from flagreader import load_corpus


def test_the_whole_bbc_corpus_loads(bbc_corpus_path: Path) -> None:
    corpus = load_corpus([bbc_corpus_path])
    files = sum(1 for path in bbc_corpus_path.rglob("*.txt"))
    assert files == 2225
    # The corpus README: 98 pairs of exact duplicates, plus some that differ only in spaces.
    assert all(reason.startswith("duplicate of ") for _, reason in corpus.skipped)
    assert 98 <= len(corpus.skipped) <= 110
    assert len(corpus.articles) + len(corpus.skipped) == files
    assert corpus.notices == [
        (
            str(bbc_corpus_path / "sport" / "199.txt"),
            "not valid UTF-8: 1 byte read as Windows-1252 (first at byte 257)",
        )
    ]
    mutu = next(a for a in corpus.articles if a.source.endswith("199.txt") and "sport" in a.source)
    assert mutu.title == "Chelsea sack Mutu"
    assert "a £15.8m signing from Parma" in mutu.body


def test_bbc_article_shape(bbc_corpus_path: Path) -> None:
    article = load_corpus([bbc_corpus_path / "politics" / "001.txt"]).articles[0]
    assert article.title == "Labour plans maternity pay rise"
    assert article.body.startswith("Maternity pay for new mothers is to rise by £1,400")
    assert article.author is None and article.caption is None
