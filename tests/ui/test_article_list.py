"""The article list draws only what is on screen: a hundred thousand articles list at once, and
every key and click works on them as on two."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from flagreader.model import Article, Hit, Paragraph
from flagreader.ui.article_list import ArticleList


def article(number: int, title: str | None = None) -> Article:
    body = f"Body of article {number}."
    return Article(
        id=f"{number:016x}",
        source=f"{number}.txt",
        title=title or f"Article number {number}",
        author=None,
        blog=None,
        caption=None,
        body=body,
        paragraphs=(Paragraph(0, len(body)),),
    )


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield ArticleList()

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.opened.append(event.article.title)


def test_a_hundred_thousand_articles_list_and_move_like_two() -> None:
    articles = [article(number) for number in range(100_000)]

    async def main() -> None:
        app = ListApp()
        async with app.run_test(size=(60, 20)) as pilot:
            listing = app.query_one(ArticleList)
            listing.show_articles(articles, articles[50_000])
            listing.focus()
            await pilot.pause()
            assert listing.highlighted == 50_000 and listing.option_count == 100_000
            assert "Article number 50000" in _visible(listing)
            await pilot.press("G")
            assert "Article number 99999" in _visible(listing)
            await pilot.press("g", "j", "j", "k", "pagedown")
            assert listing.highlighted == 1 + (listing.scrollable_content_region.height // 2)
            await pilot.press("enter")
            await pilot.pause()
            assert app.opened == [f"Article number {listing.highlighted}"]

    asyncio.run(main())


def _visible(listing: ArticleList) -> str:
    return "\n".join(listing.render_line(y).text for y in range(listing.scrollable_content_region.height))


def test_a_click_opens_the_article_under_the_mouse() -> None:
    async def main() -> None:
        app = ListApp()
        async with app.run_test(size=(60, 20)) as pilot:
            listing = app.query_one(ArticleList)
            listing.show_articles([article(0), article(1), article(2)])
            await pilot.pause()
            await pilot.click(ArticleList, offset=(6, 5))  # border, then two lines per article
            await pilot.pause()
            assert app.opened == ["Article number 2"] and listing.highlighted == 2

    asyncio.run(main())


def test_long_titles_end_in_an_ellipsis_and_a_hit_keeps_its_field() -> None:
    long = article(7, "A headline far too long for the narrow list it is shown in, by a long way")
    hit = Hit(long, 1.0, "body", 0, 4, "Body of article 7, and then a passage that goes on " * 4, ((0, 4),))

    async def main() -> None:
        app = ListApp()
        async with app.run_test(size=(40, 12)) as pilot:
            listing = app.query_one(ArticleList)
            listing.show_articles([long])
            await pilot.pause()
            first = _visible(listing).splitlines()[0]
            assert first.rstrip().endswith("…") and "A headline far" in first
            listing.show_hits([hit])
            await pilot.pause()
            title, snippet, more = _visible(listing).splitlines()[:3]
            assert title.rstrip().endswith("…  [body]") and snippet.strip().startswith("Body of article 7")
            assert more.rstrip().endswith("…")

    asyncio.run(main())
