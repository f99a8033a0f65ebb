"""Feed entries that are hard to read: duplicate or changing ids, no link or date, a wrong
encoding, hostile markup, Atom and JSON Feed, malformed XML. All are served by a local HTTP
server (no test reaches the internet). Each bad case: a clear message where there is an error,
other feeds unaffected, no entry lost."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from flagreader.cli import main
from flagreader.feeds import FeedRow, Subscriptions, UpdateOutcome

RSS_TYPE = "application/rss+xml"
JSON_FEED_1_1 = "https://jsonfeed.org/version/1.1"
TEXT = (
    "The deputy chairman of the committee told reporters on Tuesday that the new rules would be "
    "published next month, after a review of every contract signed since the spring. Officials "
    "said the review had found more than 150 contracts with missing signatures, and that the "
    "ministry would ask each supplier to explain the gaps before the end of the year."
)
"""A paragraph of news, long enough (60 words) for reader's duplicate detection to compare."""


def rss(items: str, title: str = "Under The Black Flag", declaration: str = '<?xml version="1.0"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def item(guid: str | None, title: str, text: str, link: str | None = None) -> str:
    """An RSS item with no date, and a guid that is not a permalink (so no link either)."""
    parts = [f'<guid isPermaLink="false">{guid}</guid>' if guid else "", f"<title>{title}</title>"]
    parts += [f"<link>{link}</link>" if link else "", f"<description>{text}</description>"]
    return f"<item>{''.join(parts)}</item>"


T = TypeVar("T", UpdateOutcome, FeedRow)


def by_name(rows: Iterable[T]) -> dict[str, T]:
    """Outcomes or rows by the last part of their URL ("feed.xml")."""
    return {row.url.rsplit("/", 1)[1]: row for row in rows}


def test_duplicate_guids_lose_no_entry_and_give_no_error(tmp_path: Path, httpserver: HTTPServer) -> None:
    """Two items of one feed with one guid: both are kept (the second as "same#2")."""
    feed = rss(item("same", "First", "one text", "http://b.example/1") + item("same", "Second", "two text"))
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type=RSS_TYPE)
    httpserver.expect_request("/other.xml").respond_with_data(rss(item("o", "Other", "text")))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.add(httpserver.url_for("/other.xml"))
        assert [outcome.error for outcome in subscriptions.update(1)] == [None, None]
        rows = by_name(subscriptions.feeds())
        articles, empty = subscriptions.articles()
    assert (rows["feed.xml"].entries, rows["feed.xml"].error, rows["other.xml"].entries) == (2, None, 1)
    assert empty == 0 and sorted(article.title for article in articles) == ["First", "Other", "Second"]


def test_duplicate_guids_keep_the_same_entry_on_every_update(tmp_path: Path, httpserver: HTTPServer) -> None:
    feed = rss(item("same", "First", "one text") + item("same", "Second", "two text"))
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type=RSS_TYPE)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update(1)
        kept = [article.title for article in subscriptions.articles()[0]]
        assert sorted(kept) == ["First", "Second"]
        for _ in range(2):
            (outcome,) = subscriptions.update(1)
            assert [article.title for article in subscriptions.articles()[0]] == kept
            assert (outcome.new, outcome.modified, outcome.error) == (0, 0, None)


def test_entries_without_a_link_or_a_date_become_articles(tmp_path: Path, httpserver: HTTPServer) -> None:
    feed = rss(
        item("urn:post:1", "Guid only", "&lt;p&gt;No link, no date.&lt;/p&gt;")
        + item(None, "Link only", "No guid, no date.", link="http://b.example/link-only")
    )
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type=RSS_TYPE)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        (outcome,) = subscriptions.update(1)
        articles, empty = subscriptions.articles()
    assert (outcome.new, outcome.error, empty) == (2, None, 0)
    found = {article.title: article for article in articles}
    assert found["Guid only"].source == "urn:post:1"  # no link: the entry's id
    assert found["Link only"].source == "http://b.example/link-only"  # no guid: the link is its id
    assert (found["Guid only"].body, found["Link only"].body) == ("No link, no date.", "No guid, no date.")
    assert found["Guid only"].published is None and found["Link only"].published is None


def test_an_item_with_no_guid_no_link_and_no_date_is_not_lost(tmp_path: Path, httpserver: HTTPServer) -> None:
    feed = rss(
        item("urn:post:1", "Has a guid", "First text.") + item(None, "Has nothing", "Only a title and text.")
    )
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type=RSS_TYPE)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update(1)
        found = {article.title: article for article in subscriptions.articles()[0]}
    assert found["Has nothing"].body == "Only a title and text." and found["Has nothing"].published is None


def test_a_feed_that_changes_every_guid_shows_each_post_once(tmp_path: Path, httpserver: HTTPServer) -> None:
    fetches = itertools.count(1)

    def renumbered(request: Request) -> Response:
        n = next(fetches)
        items = item(f"a-{n}", "Post A", TEXT, "http://b.example/a") + item(f"b-{n}", "Post B", TEXT[::-1])
        return Response(rss(items), content_type=RSS_TYPE)

    httpserver.expect_request("/feed.xml").respond_with_handler(renumbered)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update(1)
        (outcome,) = subscriptions.update(1)
        articles, _ = subscriptions.articles()
    assert outcome.error is None
    assert sorted(article.title for article in articles) == ["Post A", "Post B"]


def test_a_wrongly_declared_encoding_still_gives_readable_entries(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    def feed(declared: str, encoding: str) -> bytes:
        entry = item("e", "Kazakhstan’s café", "Le café de la capitale du Kazakhstan’s.")
        return rss(entry, declaration=f'<?xml version="1.0" encoding="{declared}"?>').encode(encoding)

    served = {  # the declaration, the bytes' encoding, the Content-Type
        "cp1252-declared-utf8": (feed("utf-8", "cp1252"), RSS_TYPE),
        "utf8-served-latin1": (feed("utf-8", "utf-8"), f"{RSS_TYPE}; charset=iso-8859-1"),
        "cp1252-served-utf8": (feed("windows-1252", "cp1252"), "text/xml; charset=utf-8"),
    }
    with Subscriptions.open(tmp_path) as subscriptions:
        for name, (data, content_type) in served.items():
            httpserver.expect_request(f"/{name}").respond_with_data(data, content_type=content_type)
            subscriptions.add(httpserver.url_for(f"/{name}"))
        outcomes = subscriptions.update(1)
        articles, empty = subscriptions.articles()
    assert [(outcome.new, outcome.error) for outcome in outcomes] == [(1, None)] * 3
    assert empty == 0 and [article.title for article in articles] == ["Kazakhstan’s café"] * 3
    assert {article.body for article in articles} == {"Le café de la capitale du Kazakhstan’s."}


def test_hostile_markup_is_text_and_never_reaches_the_terminal(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Square brackets are data, not Rich markup; script and style are dropped; control
    characters are kept as data (as a file's are) and escaped wherever they are printed."""
    markup = "[bold red]Alert[/] [link=http://x]y[/link]"
    html = "<p>Before<script>alert(1)</script><style>p{color:red}</style> after [i]x[/i]</p>"
    escaped_html = html.replace("<", "&lt;").replace(">", "&gt;")
    httpserver.expect_request("/feed.xml").respond_with_data(rss(item("h", markup, escaped_html)))
    evil = "\x1b]52;c;ZWNobyBoaQ==\x07 title"
    hostile = {
        "version": JSON_FEED_1_1,
        "title": "Evil \x1b[2J feed\x07",
        "items": [
            {"id": "j", "title": evil, "content_html": "<p>Red \x1b[31mtext</p><script>alert(2)</script>"}
        ],
    }
    httpserver.expect_request("/feed.json").respond_with_json(hostile)
    data = ["--data-dir", str(tmp_path)]
    for name in ("feed.xml", "feed.json"):
        assert main(["feeds", "add", httpserver.url_for(f"/{name}"), *data]) == 0
    assert main(["feeds", "update", *data]) == 0
    with Subscriptions.open(tmp_path) as subscriptions:
        articles = {article.source: article for article in subscriptions.articles()[0]}
        assert [row.error for row in subscriptions.feeds()] == [None, None]
    assert (articles["h"].title, articles["h"].body) == (markup, "Before after [i]x[/i]")
    assert (articles["j"].title, articles["j"].body) == (evil, "Red \x1b[31mtext")  # data, as a file's
    capsys.readouterr()
    assert main(["feeds", "list", *data]) == 0
    assert main(["extract", "--feeds", *data]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "alert(" not in out
    assert "Evil \\x1b[2J feed\\x07" in out and "\\x1b]52;c;ZWNobyBoaQ==\\x07 title" in out and markup in out


def test_a_plain_html_summary_with_a_control_character_is_not_lost(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    feed = rss(item("c", "Escape", "Plain text &amp;#27;[2J with a control character."))
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type=RSS_TYPE)
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.update(1)
        articles, empty = subscriptions.articles()
    bodies = [article.body for article in articles]
    assert (empty, bodies) == (0, ["Plain text \x1b[2J with a control character."])


def test_script_and_style_of_a_json_feed_are_not_text(tmp_path: Path, httpserver: HTTPServer) -> None:
    html = "<p>Before<script>alert(1)</script><style>p{color:red}</style> after</p>"
    entry = {"id": "j", "title": "Scripted", "content_html": html}
    httpserver.expect_request("/feed.json").respond_with_json({"version": JSON_FEED_1_1, "items": [entry]})
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.json"))
        subscriptions.update(1)
        assert [article.body for article in subscriptions.articles()[0]] == ["Before after"]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Blog</title><id>urn:atom</id>
<updated>2024-03-06T09:00:00Z</updated><entry><title>An Atom post</title><id>urn:atom:1</id>
<link href="http://atom.example/1"/><published>2024-03-05T09:00:00Z</published>
<updated>2024-03-06T09:00:00Z</updated><author><name>Ann Author</name></author>
<content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;h2&gt;A heading&lt;/h2&gt;
&lt;p&gt;Second.&lt;/p&gt;</content>
</entry></feed>"""
JSON_FEED = {
    "version": JSON_FEED_1_1,
    "title": "JSON Blog",
    "items": [
        {
            "id": "urn:json:1",
            "url": "http://json.example/1",
            "title": "A JSON post",
            "date_published": "2024-03-07T08:00:00+00:00",
            "authors": [{"name": "Jay Writer"}],
            "content_html": "<p>One.</p><ul><li>An item</li></ul><p>Two.</p>",
        }
    ],
}


def test_atom_and_json_feed_entries_become_articles(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    httpserver.expect_request("/json").respond_with_json(JSON_FEED, content_type="application/feed+json")
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/atom"))
        subscriptions.add(httpserver.url_for("/json"))
        assert [(outcome.new, outcome.error) for outcome in subscriptions.update(1)] == [(1, None)] * 2
        articles = {article.source: article for article in subscriptions.articles()[0]}
    expected = {
        "http://atom.example/1": ("An Atom post", "Ann Author", "2024-03-05", "Atom Blog"),
        "http://json.example/1": ("A JSON post", "Jay Writer", "2024-03-07", "JSON Blog"),
    }
    paragraphs = {
        "http://atom.example/1": [
            ("First paragraph.", "text"),
            ("A heading", "heading"),
            ("Second.", "text"),
        ],
        "http://json.example/1": [("One.", "text"), ("An item", "item"), ("Two.", "text")],
    }
    for source, article in articles.items():
        assert (article.title, article.author, article.published, article.blog) == expected[source]
        assert [(article.body[p.start : p.end], p.kind) for p in article.paragraphs] == paragraphs[source]
    assert articles.keys() == expected.keys()


@pytest.mark.parametrize(
    ("items", "titles"),
    [
        (item("a", "Fish & chips", "unescaped") + item("b", "Second", "fine"), {"Fish & chips", "Second"}),
        (  # the second item's title is never closed
            item("a", "First", "x")
            + item("b", "Second", "y").replace("</title>", "")
            + item("c", "Third", "z"),
            {"First", "Third"},
        ),
    ],
    ids=["unescaped-ampersand", "missing-closing-tag"],
)
def test_a_malformed_feed_yields_what_it_can_and_says_it_is_malformed(
    tmp_path: Path, httpserver: HTTPServer, items: str, titles: set[str]
) -> None:
    """A fresh feed (no entries yet) that is not well-formed XML: reader alone fails it whole
    ("malformed XML at line 1, column N: ..."); feedparser's forgiving parser reads its entries,
    and the feed's outcome or row says it was malformed (in a field of its own or any)."""
    httpserver.expect_request("/feed.xml").respond_with_data(rss(items), content_type=RSS_TYPE)
    httpserver.expect_request("/other.xml").respond_with_data(rss(item("o", "Other", "text")))
    with Subscriptions.open(tmp_path) as subscriptions:
        subscriptions.add(httpserver.url_for("/feed.xml"))
        subscriptions.add(httpserver.url_for("/other.xml"))
        outcomes = by_name(subscriptions.update(1))
        rows = by_name(subscriptions.feeds())
        found = {article.title for article in subscriptions.articles()[0]}
    assert (outcomes["other.xml"].new, outcomes["other.xml"].error) == (1, None)
    assert outcomes["feed.xml"].error is None and rows["feed.xml"].error is None
    assert titles | {"Other"} <= found
    said = dataclasses.astuple(outcomes["feed.xml"]) + dataclasses.astuple(rows["feed.xml"])
    assert any("malformed" in str(value) for value in said)
