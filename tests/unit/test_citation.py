"""The citation a copied quote carries: who said it, whether the text named them there or the
name was inferred from a pronoun or a role, and where it was said."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from flagreader.clippings import (
    Clipping,
    citation,
    inferred_from,
    names_speaker,
    origin_of,
    source_line,
    to_markdown,
)
from flagreader.seeds import seeds_dir


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("Sanders", "Bernie Sanders"),
        ("Bernie", "Bernie Sanders"),
        ("Sen. Cruz", "Ted Cruz"),
        ("Mr. Blair", "Tony Blair"),
        ("Mr Blair", "Tony Blair"),
        ("BLAIR", "Tony Blair"),
        ("Mr. Pérez", "Carlos Perez"),
        ("Perez", "Carlos Pérez"),
        ("O’Neill", "Tip O'Neill"),
        ("Sanders’", "Bernie Sanders"),
        ("House Speaker Paul Ryan", "Paul Ryan"),
        ("Gallup’s Jeffrey M. Jones", "Jeffrey Jones"),
        ("Sen. Robert P. Casey Jr.", "Bob Casey"),
        ("Labour MP Jean Corston MP", "Jean Corston"),
        ("Rep. Gwen Moore (D-Wis.)", "Gwen Moore"),
        ("the FBI", "FBI"),
        ("The Sanders campaign", "Sanders campaign"),
    ],
)
def test_a_name_form_names_the_speaker(mention: str, speaker: str) -> None:
    assert names_speaker(mention, speaker)
    assert inferred_from(speaker, mention) is None


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("he", "Donald Trump"),
        ("She", "Hillary Clinton"),
        ("the senator", "Ted Cruz"),
        ("the New York businessman", "Donald Trump"),
        ("The Vermont senator", "Bernie Sanders"),
        ("a Blair aide", "Tony Blair"),  # his name is in it, but the aide spoke
        ("the Clinton campaign", "Hillary Clinton"),
        ("Obama Education Secretary Arne Duncan", "Barack Obama"),  # another person: say so
        ("Mr.", "Tony Blair"),
        ("", "Tony Blair"),
    ],
)
def test_a_pronoun_or_a_role_does_not_name_the_speaker(mention: str, speaker: str) -> None:
    assert not names_speaker(mention, speaker)


def test_inferred_from_gives_the_words_on_one_line_or_none() -> None:
    assert inferred_from("Donald Trump", "the New\n York  businessman") == "the New York businessman"
    assert inferred_from("Donald Trump", "Trump") is None
    assert inferred_from("Donald Trump", None) is None
    assert inferred_from(None, "the statement") is None  # no speaker: nothing was inferred
    assert inferred_from("Donald Trump", " \n") is None


def clip(speaker: str | None, mention: str | None, role: str | None = None) -> Clipping:
    return Clipping(
        quote="We are not going to back down",
        speaker=speaker,
        role=role,
        article_id="a1",
        title="Sanders Vows To Fight On",
        blog="Campaign Trail",
        author="Jane Reporter",
        source="/x/senator.txt",
        start=10,
        end=40,
        created="2026-11-22T01:50:00Z",
        speaker_mention=mention,
    )


def test_the_citation_says_when_the_speaker_was_inferred_from_a_pronoun_or_a_role() -> None:
    where = '"Sanders Vows To Fight On", Campaign Trail, Jane Reporter'
    assert citation(clip("Bernie Sanders", "he")) == (
        f'"We are not going to back down" (Bernie Sanders [inferred from "he"]; {where})'
    )
    assert source_line(clip("Bernie Sanders", "the senator", role="senator for Vermont")) == (
        f'Bernie Sanders [inferred from "the senator"], senator for Vermont; {where}'
    )


@pytest.mark.parametrize("mention", ["Sanders", "Sen. Sanders", "Bernie Sanders", None])
def test_the_citation_adds_nothing_when_the_text_named_the_speaker(mention: str | None) -> None:
    assert source_line(clip("Bernie Sanders", mention, role="senator for Vermont")) == (
        'Bernie Sanders, senator for Vermont; "Sanders Vows To Fight On", Campaign Trail, Jane Reporter'
    )


def test_an_unattributed_quote_stays_unattributed() -> None:
    assert source_line(clip(None, "the statement")).startswith("unattributed; ")


def test_the_markdown_export_carries_the_inference_as_written() -> None:
    """Its brackets are escaped for Markdown, so a CommonMark parser reads them as text."""
    markdown = to_markdown([clip("Donald Trump", "the New York businessman")])
    texts = [
        "".join(child.content for child in token.children or [])
        for token in MarkdownIt("commonmark").parse(markdown)
        if token.type == "inline"
    ]
    assert any(
        text.startswith('— Donald Trump [inferred from "the New York businessman"]; "Sanders Vows')
        for text in texts
    )


def test_an_article_without_byline_or_blog_is_cited_by_its_folder_and_file() -> None:
    from dataclasses import replace

    bare = replace(
        clip("Gordon Brown", "Mr Brown"),
        blog=None,
        author=None,
        source="/home/ann/corpus/bbc/business/001.txt",
    )
    assert source_line(bare).endswith('; "' + bare.title + '", business/001.txt')
    markdown = to_markdown([bare])
    assert "`business/001.txt`, clipped" in markdown and "/home/ann" not in markdown
    with_blog = replace(bare, blog="Under The Black Flag")
    assert "001.txt" not in source_line(with_blog)  # the blog says where it is from


def test_a_source_that_is_no_path_still_gives_a_citation() -> None:
    from dataclasses import replace

    # Found by the property test of the exports: a NUL byte made Path.resolve raise.
    odd = replace(clip(None, None), blog=None, author=None, source="\x00")
    assert source_line(odd) == 'unattributed; "Sanders Vows To Fight On", \x00'
    assert "clipped" in to_markdown([odd])


def test_a_file_is_cited_relative_to_the_folder_opened(tmp_path: Path) -> None:
    """The path from the folder the reader opened ("2016/world/a.txt"), not the last two parts
    of the path, nor the path on this machine; the deepest of two folders opened that hold it;
    a file opened by itself by its name; none for a file no folder opened holds, or a seed."""
    news = tmp_path / "news"
    article = news / "2016" / "world" / "a.txt"
    assert origin_of(str(article), [str(news)]) == "2016/world/a.txt"
    assert origin_of(str(article), [str(tmp_path), str(news / "2016")]) == "world/a.txt"
    assert origin_of(str(article), [str(article)]) == "a.txt"
    assert origin_of(str(article), [str(tmp_path / "elsewhere")]) is None
    assert origin_of(str(seeds_dir() / "000_bca5417f2f8034b5.txt"), [str(seeds_dir())]) is None
    assert origin_of("\x00", [str(news)]) is None

    from dataclasses import replace

    bare = replace(clip(None, None), blog=None, author=None, source=str(article), origin="2016/world/a.txt")
    assert source_line(bare) == 'unattributed; "Sanders Vows To Fight On", 2016/world/a.txt'
    assert "`2016/world/a.txt`, clipped" in to_markdown([bare])
