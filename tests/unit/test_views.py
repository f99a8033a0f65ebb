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


def test_figures_are_shown_exactly_with_their_scale_and_unit() -> None:
    from flagreader.extract.figures import _value
    from flagreader.model import Figure
    from flagreader.views import shown_value, value_order

    def figure(amount: str, text: str = "") -> Figure:
        value, unit = _value(amount)
        return Figure(text or amount, 0, len(amount), value, None, None, False, None, unit)

    # 4.06 * 1e12 in floats is 4,059,999,999,999.9995: the extractor works in decimal.
    assert _value("$4.06tn") == (4_060_000_000_000, "$")
    assert [shown_value(figure(a)) for a in ("$4.06tn", "£15.8m", "1.13bn", "2,000", "0.7%", "three")] == [
        "$4.06tn",
        "£15.8m",
        "1.13bn",
        "2,000",
        "0.7%",
        "3",
    ]
    assert shown_value(figure("1,234,567")) == "1,234,567"  # never rounded to "1.235m"
    ranged = Figure("between 2,000 and 4,000", 0, 1, None, 2000, 4000, False, "men", None)
    assert shown_value(ranged) == "2,000-4,000"
    # By unit first, then by number: trillions of rials never sit among dollars.
    rials = Figure("4tn rials", 0, 1, 4e12, None, None, False, None, "rials")
    ordered = sorted([figure("$5m"), rials, figure("$2bn"), figure("300")], key=value_order)
    assert [shown_value(f) for f in ordered] == ["300", "$5m", "$2bn", "4tn rials"]


def test_what_a_figure_counts_is_never_a_threshold_or_the_next_sentence() -> None:
    from flagreader.extract.article import extract_article
    from flagreader.formats import Block, ParsedDocument, assemble

    body = (
        "Annual sales came in at $4.06 trillion However, if cars are excluded they fell. "
        "Malicious programs topped the 100,000 mark. Around 150 Kazakh citizens are in Syria. "
        "Prices rose above the $50 level for the first time."
    )
    article = extract_article(assemble(ParsedDocument(title="Sales", blocks=[Block(body)]), "s.txt", "text"))
    counts = {figure.text: figure.counts for figure in article.figures}
    assert counts["$4.06 trillion"] is None  # not "However"
    assert counts["100,000"] is None  # not "mark"
    assert counts["$50"] is None  # not "level"
    assert counts["Around 150"] == "Kazakh citizens"
