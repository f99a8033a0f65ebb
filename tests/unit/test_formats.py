"""Plain text, Markdown and HTML articles: title, fields and a clean body."""

from __future__ import annotations

from pathlib import Path

from flagreader import load_corpus
from flagreader.formats.text import looks_like_heading, parse_date_line
from flagreader.model import Article


def load_one(path: Path) -> Article:
    corpus = load_corpus([path])
    assert corpus.skipped == [], corpus.skipped
    assert len(corpus.articles) == 1
    return corpus.articles[0]


def paragraphs(article: Article) -> list[tuple[str, str]]:
    return [(article.paragraph_text(p), p.kind) for p in article.paragraphs]


def test_plain_text_in_the_bbc_shape(tmp_path: Path) -> None:
    path = tmp_path / "001.txt"
    path.write_text(
        "Labour plans maternity pay rise\n\n"
        "Maternity pay for new mothers is to rise by £1,400.   \n\n"
        "It would mean paid leave would be\nincreased to nine months by 2007.\n",
        encoding="utf-8",
    )
    article = load_one(path)
    assert article.title == "Labour plans maternity pay rise"
    assert article.author is None and article.caption is None and article.blog is None
    assert article.format == "text"
    assert paragraphs(article) == [
        ("Maternity pay for new mothers is to rise by £1,400.", "text"),
        ("It would mean paid leave would be increased to nine months by 2007.", "text"),
    ]
    assert article.body == (
        "Maternity pay for new mothers is to rise by £1,400.\n\n"
        "It would mean paid leave would be increased to nine months by 2007."
    )


def test_plain_text_list_items_become_their_own_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Budget\n\nThe budget:\n\n- raises spending \n - cuts tax\n", encoding="utf-8")
    assert paragraphs(load_one(path)) == [
        ("The budget:", "text"),
        ("- raises spending", "item"),
        ("- cuts tax", "item"),
    ]


def test_plain_text_byline_and_date_after_the_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("A Story\n\nBy Jane Doe\n\nPublished: March 20, 2015\n\nThe text.\n", encoding="utf-8")
    article = load_one(path)
    assert (article.author, article.published) == ("Jane Doe", "2015-03-20")
    assert article.body == "The text."


def test_a_first_line_that_is_a_whole_paragraph_is_not_taken_as_the_title(tmp_path: Path) -> None:
    path = tmp_path / "untitled-notes.txt"
    long_line = "This is a long note that runs on. " * 12
    path.write_text(long_line + "\n\nMore.\n", encoding="utf-8")
    article = load_one(path)
    assert article.title == "untitled-notes"
    assert article.body.startswith("This is a long note")


def test_date_lines() -> None:
    assert parse_date_line("2015-03-20") == "2015-03-20"
    assert parse_date_line("Posted on 4 February 2015") == "2015-02-04"
    assert parse_date_line("Updated: Feb. 4, 2015") == "2015-02-04"
    assert parse_date_line("February 30, 2015") is None
    assert parse_date_line("In March 2015 he said so.") is None


def test_headings_are_short_title_case_lines_without_sentence_punctuation() -> None:
    assert looks_like_heading("Disturbing Video")
    assert looks_like_heading("'15 Returnees'")
    assert not looks_like_heading("The actual figures are almost certainly somewhat higher.")
    assert not looks_like_heading("and then it rained")


def test_markdown_with_title_heading_emphasis_links_lists_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Kazakh Returnees\n\n"
        "By Jane Doe\n\n"
        "Some **15** citizens [returned](https://example.org) in `2014`.\n"
        "A soft break.\n\n"
        "## Background\n\n"
        "- first item\n- second *item*\n\n"
        "> A block quote.\n\n"
        "![a photo](photo.jpg)\n\n"
        "Escaped \\[countries\\] stay literal.\n",
        encoding="utf-8",
    )
    article = load_one(path)
    assert article.title == "Kazakh Returnees"
    assert article.author == "Jane Doe"
    assert article.format == "markdown"
    assert paragraphs(article) == [
        ("Some 15 citizens returned in 2014. A soft break.", "text"),
        ("Background", "heading"),
        ("first item", "item"),
        ("second item", "item"),
        ("A block quote.", "quote"),
        ("Escaped [countries] stay literal.", "text"),
    ]


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "post.markdown"
    path.write_text(
        '---\ntitle: "Front Title"\nauthor: Joanna Paraszczuk\n'
        "date: 2015-03-21\nblog: Under The Black Flag\n---\n"
        "# Heading That Is Not The Title\n\nBody text.\n",
        encoding="utf-8",
    )
    article = load_one(path)
    assert (article.title, article.author, article.published, article.blog) == (
        "Front Title",
        "Joanna Paraszczuk",
        "2015-03-21",
        "Under The Black Flag",
    )
    assert paragraphs(article) == [("Heading That Is Not The Title", "heading"), ("Body text.", "text")]


SAVED_PAGE = """<!DOCTYPE html>
<html><head><title>Kazakhs Fighting With IS - RFE/RL</title>
<meta name="author" content="Joanna Paraszczuk">
<meta property="og:site_name" content="RFE/RL">
<meta property="article:published_time" content="2015-03-21T10:00:00Z">
</head><body>
<nav><ul><li>Home</li><li>Accessibility links</li><li>Breaking News</li></ul></nav>
<article>
<h1>Kazakhs Fighting With IS</h1>
<p>Some of the Kazakh nationals who have gone to fight alongside the Islamic State group in Syria and
Iraq are <b>victims</b> of radical propaganda, the deputy chairman of the committee has said.</p>
<h2>Disturbing Video</h2>
<p>"In actual fact, these are people who have been deceived, citizens of our country who have been
deceived," Bilisbekov was quoted as saying on March 20, in a statement read to reporters.</p>
<p>Bilisbekov said that around 150 Kazakh citizens are fighting abroad alongside terrorist groups,
and about another 200 compatriots are with them.</p>
</article>
<footer><p>Copyright RFE/RL. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""


def test_saved_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    article = load_one(path)
    assert article.format == "html"
    assert article.title == "Kazakhs Fighting With IS"
    assert article.author == "Joanna Paraszczuk"
    assert article.published is not None and article.published.startswith("2015-03-21")
    assert article.blog == "RFE/RL"
    texts = paragraphs(article)
    assert texts[0][0].startswith("Some of the Kazakh nationals")
    assert "victims of radical propaganda" in texts[0][0]  # formatting gone, words kept
    assert ("Disturbing Video", "heading") in texts
    assert texts[-1][0].endswith("about another 200 compatriots are with them.")
    for chrome in ("Home", "Copyright", "Privacy", "Accessibility links"):
        assert chrome not in article.body


def test_html_content_is_recognised_whatever_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    assert load_one(path).format == "html"


def test_html_page_without_main_text_is_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>Nothing</title><script>var x = 1;</script></head><body></body></html>"
    )
    corpus = load_corpus([path])
    assert corpus.articles == []
    assert corpus.skipped == [(str(path), "not an article: no main text found in this HTML page")]
