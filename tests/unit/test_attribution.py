"""Quote attribution, stage by stage (the sieve in extract/attribution.py), on sentences in
the shapes American and British news use. Expectations are written from reading the text."""

from __future__ import annotations

import json
import time

import pytest

from flagreader.cli import main
from flagreader.extract import extract_article
from flagreader.model import Article, Paragraph, Quote


def article(*paragraphs: str) -> Article:
    body = "\n\n".join(paragraphs)
    spans, at = [], 0
    for text in paragraphs:
        spans.append(Paragraph(at, at + len(text)))
        at += len(text) + 2
    return Article("x", "x.txt", "t", None, None, None, body, tuple(spans))


def quotes(*paragraphs: str) -> list[Quote]:
    return list(extract_article(article(*paragraphs)).quotes)


def said(*paragraphs: str) -> list[tuple[str | None, str | None, str | None]]:
    """(speaker, the words naming them, kind) for each quotation."""
    return [
        (q.speaker, q.speaker_mention.text if q.speaker_mention else None, q.speaker_kind)
        for q in quotes(*paragraphs)
    ]


INTRO = "Sen. Bernie Sanders and Hillary Clinton met Donald Trump in Iowa on Monday."


def test_trailing_attribution_with_a_surname_only_known_untitled() -> None:
    """The speaker slot takes any person, not only officials: Sanders was introduced with no
    role the lexicon knows."""
    assert said(INTRO, '"We will win," Sanders said.') == [("Bernie Sanders", "Sanders", "person")]


def test_trailing_attribution_inverted_with_a_descriptor() -> None:
    assert said("MSNBC is on.", '"Hardball is back," said MSNBC host Chris Matthews.') == [
        ("Chris Matthews", "Chris Matthews", "person")
    ]
    assert said(INTRO, '"It is treason," said Cruz constituent Dan Golvach, who met him.') == [
        ("Dan Golvach", "Dan Golvach", "person")
    ]


def test_american_titles_party_tags_and_appositions() -> None:
    text = (
        '"We need the money," Rep. Gwen Moore (D-Wis.) said. "It is late," Jeff Weaver, '
        "Sanders' campaign manager, said."
    )
    assert said(INTRO, text) == [
        ("Gwen Moore", "Rep. Gwen Moore", "person"),
        ("Jeff Weaver", "Jeff Weaver", "person"),
    ]


def test_middle_initials_and_a_british_role_before_the_name() -> None:
    text = '"It is clear," Laurence H. Tribe wrote.'
    assert said(text)[0][0] == "Laurence Tribe"
    british = 'The Shadow Secretary of State for the Family, Theresa May, said: "These plans were announced."'
    assert said(british)[0][0] == "Theresa May"


def test_dash_credit() -> None:
    assert said(INTRO, "“I’m so ashamed of this country.” ― Jacklyn Ashley") == [
        ("Jacklyn Ashley", "Jacklyn Ashley", "person")
    ]


def test_lead_ins_colon_comma_according_to_and_participles() -> None:
    assert said(INTRO, 'Trump told reporters: "We will build it."')[0][0] == "Donald Trump"
    assert said(INTRO, 'Clinton asked, "Where is the plan?"')[0][0] == "Hillary Clinton"
    assert said(INTRO, 'According to Sanders, "the system is rigged."')[0][0] == "Bernie Sanders"
    assert said(INTRO, 'Clinton seemed ready in Iowa, telling the crowd, "Some people get carried away."')[0][
        0
    ] == ("Hillary Clinton")


def test_continuations_in_the_paragraph_and_after_a_colon() -> None:
    found = said(
        INTRO, '"We are ahead," Trump said. "We will stay ahead."', "Trump continued:", '"Believe me."'
    )
    assert [speaker for speaker, _, _ in found] == ["Donald Trump"] * 3


def test_pronouns_follow_the_latest_subject_of_their_gender() -> None:
    found = said(
        INTRO,
        'Mrs. Clinton spoke first. "We can do this," she said.',
        'Mr. Trump disagreed. "She is wrong," he said.',
    )
    assert found == [("Hillary Clinton", "she", "person"), ("Donald Trump", "he", "person")]


def test_an_unnamed_spokeswoman_is_not_the_last_named_person() -> None:
    found = said(
        INTRO, "A spokeswoman for Human Rights Watch said the bill was bad.", 'She added: "It is a bad bill."'
    )
    assert found == [(None, "She", "person")]


def test_organisations_and_songs_and_scare_quotes_get_no_person() -> None:
    assert said(INTRO, '"We do not pay candidates," the Trump campaign said.') == [
        ("Trump campaign", "the Trump campaign", "organisation")
    ]
    assert said(INTRO, 'Mary J. Blige sang, "Love is all we need."')[0][::2] == (None, None)
    assert said(INTRO, 'The so-called "comprehensive immigration reform" is back.') == [(None, None, None)]


def test_the_json_output_carries_the_mention_and_kind(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"  # type: ignore[operator]
    path.write_text(f'Title\n\n{INTRO}\n\n"We will win," he said.\n', encoding="utf-8")
    assert main(["extract", str(path), "--json"]) == 0
    (quote,) = json.loads(capsys.readouterr().out)["articles"][0]["quotes"]
    assert quote["speaker"] == "Donald Trump" and quote["speaker_kind"] == "person"
    mention = quote["speaker_mention"]
    assert mention["text"] == "he" and mention["end"] - mention["start"] == 2


def _seconds(body: str) -> float:
    started = time.perf_counter()
    extract_article(article(body))
    return time.perf_counter() - started


def test_a_paragraph_of_quotes_and_names_grows_linearly() -> None:
    """One paragraph full of quotes, names, pronouns and roles: 8x the text costs about 8x the
    time (the ratio, not seconds, is checked: a quadratic pass would give 64x)."""
    unit = (
        'Sen. Ted Cruz spoke. "We will win," said Cruz. He added: "Believe me," the senator said, '
        '"and again." According to Mr. Bush, "it is over." '
    )
    small = unit * 300
    _seconds(small)  # warm the caches
    one = min(_seconds(small) for _ in range(3))
    eight = min(_seconds(small * 8) for _ in range(2))
    assert eight / one < 20, f"8x the text took {eight / one:.1f}x the time"


def test_a_place_after_a_name_is_not_the_speaker() -> None:
    """'Rep. Lee Zeldin of New York' names Zeldin; the pronoun after it is his, not New York's."""
    found = said(
        "Republican Rep. Lee Zeldin of New York, a Trump supporter, said it will help.",
        '"I do not think it is do or die," he said.',
        '"It is over," Rep. Lee Zeldin of New York said.',
    )
    assert found == [("Lee Zeldin", "he", "person"), ("Lee Zeldin", "Rep. Lee Zeldin", "person")]


def test_an_attribution_that_interrupts_the_quotation() -> None:
    """'"Q1," X concluded, "Q2."': both pieces are X's."""
    found = said(INTRO, "“Let’s take this opportunity,” Sanders concluded, “to win this election.”")
    assert [speaker for speaker, _, _ in found] == ["Bernie Sanders", "Bernie Sanders"]
