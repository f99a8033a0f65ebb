"""The corpus tables behind the reader's views, on the seed posts."""

from __future__ import annotations

import flagreader
from flagreader.views import figure_rows, quote_rows


def test_figures_side_by_side_with_who_gave_them() -> None:
    rows = figure_rows(flagreader.load_corpus())
    kazakh_citizens = [(r.figure.text, r.given_by) for r in rows if r.figure.counts == "Kazakh citizens"]
    assert ("around 150", "Nurgali Bilisbekov") in kazakh_citizens
    assert ("around 300", "Nurtai Abykaev") in kazakh_citizens
    about_200 = next(r for r in rows if r.figure.text == "about another 200")
    assert about_200.given_by == "Nurgali Bilisbekov"  # inside his quote
    assert len(rows) == 31


def test_quotes_grouped_by_speaker_named_first() -> None:
    rows = quote_rows(flagreader.load_corpus())
    speakers = [row.speaker for row in rows]
    assert speakers[-1] is None and speakers.count(None) == 1
    named = [s for s in speakers if s]
    assert named == sorted(named)
    assert speakers.count("Aspenbi Zharylgasov") == 4
    assert len(rows) == 17
