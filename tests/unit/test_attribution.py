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
    (extracted,) = json.loads(capsys.readouterr().out)["articles"]
    (quote,) = extracted["quotes"]
    assert quote["speaker"] == "Donald Trump" and quote["speaker_kind"] == "person"
    people = [person["name"] for person in extracted["people"]]
    assert people == ["Bernie Sanders", "Hillary Clinton", "Donald Trump"]
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
    small = unit * 1000  # 130 KB, then 1 MB in one paragraph
    _seconds(small)  # warm the caches
    one = min(_seconds(small) for _ in range(3))
    eight = min(_seconds(small * 8) for _ in range(2))
    assert eight / one < 14, f"8x the text took {eight / one:.1f}x the time"


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


def first_speaker(*paragraphs: str) -> str | None:
    return said(*paragraphs)[0][0]


def test_trailing_past_an_inner_quotation_a_question_and_a_colon_of_another_verb() -> None:
    """'..., "I hope that happens,'"' still ends in a comma; a question may be followed by a
    long clause ('Trump asked reporters rhetorically during ...'); a colon that belongs to a
    second speech verb does not take the attribution away."""
    inner = "“He said before the crash, ‘I sort of hope that happens,’” Clinton told union workers."
    assert first_speaker(INTRO, inner) == "Hillary Clinton"
    question = (
        '"You think I am going to change?" Trump asked reporters rhetorically during a news conference.'
    )
    assert first_speaker(INTRO, question) == "Donald Trump"
    heckled = '"There is a young man with some problems," Cruz said as the heckler yelled: "You suck!"'
    assert first_speaker("Ted Cruz spoke in Indiana.", heckled) == "Ted Cruz"
    ended = '"That was a long time ago." Trump recalled a stream of remarks from a rival in the old days.'
    assert first_speaker(INTRO, ended) is None  # a period, then a new sentence about him


def test_capitalised_cues_open_inverted_sentences() -> None:
    assert first_speaker('Said Dorothy Poynter, who grew up with Ali, "We were all so proud of him."') == (
        "Dorothy Poynter"
    )
    assert first_speaker("Roger Stone spoke on the radio.", "Stated Stone:", '"The stakes are high."') == (
        "Roger Stone"
    )


def test_inverted_attribution_with_any_cue_but_those_a_listener_follows() -> None:
    declares = '"I am a voter," declares Stephanie Acs, 27, a Navy veteran.'
    assert first_speaker(INTRO, declares) == "Stephanie Acs"
    assert (
        first_speaker('"This is fantastic!" beamed Donald Hartley of Madison, Alabama.') == "Donald Hartley"
    )
    told = '"We will win," told Clinton nobody.'
    assert first_speaker(INTRO, told) != "Hillary Clinton"


def test_adverbs_and_days_between_the_sayer_and_the_verb() -> None:
    assert first_speaker(INTRO, 'Priebus later Thursday told Fox News: "We are meeting."') == "Priebus"
    proclaimed = 'Clinton emphatically proclaimed at a press conference, "I did not email it."'
    assert first_speaker(INTRO, proclaimed) == "Hillary Clinton"
    assert first_speaker(INTRO, 'Sanders had previously said, "We will see," when asked.') == "Bernie Sanders"


def test_a_name_alone_before_a_colon() -> None:
    assert (
        first_speaker('Rep. Trey Gowdy (R-S.C.):"I have not heard anyone cite that figure."') == "Trey Gowdy"
    )
    headline = 'RED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: "Gallup\'s analysis shows it."'
    assert first_speaker(headline) == "Jeffrey Jones"


def test_multi_word_cues_trailing_according_to_and_a_credit_below() -> None:
    assert first_speaker(INTRO, '"Jeb wants to be a tough guy tonight," Trump shot back.') == "Donald Trump"
    cornyn = 'As John Cornyn, the No. 2 in the GOP leadership, put it: "This person will not be confirmed."'
    assert first_speaker(cornyn) == "John Cornyn"
    assert first_speaker('"The email has the address," according to Judicial Watch.') == "Judicial Watch"
    assert first_speaker(INTRO, '"I will look into it."', "- Hillary Clinton.") == "Hillary Clinton"


def test_dots_inside_a_web_address_and_a_party_tag_after_commas() -> None:
    silver = '"Clinton needs a strategy," Nate Silver, who founded fivethirtyeight.com tweeted on Wednesday.'
    assert first_speaker(INTRO, silver) == "Nate Silver"
    assert first_speaker('"Perpetual motion!" Rep. Glenn Thompson, R-Pa., said of the swirl.') == (
        "Glenn Thompson"
    )


def test_no_comma_before_the_closing_mark_only_for_a_person_saying_it() -> None:
    sweeney = '"As a builder, he put people out of business, too" Sweeney said after an event.'
    assert first_speaker("Steve Sweeney spoke.", sweeney) == "Steve Sweeney"
    babes = 'Barbara Follet, one of the "Blair Babes" elected in 1997, told researchers it was hard.'
    assert first_speaker(babes) is None


def test_the_nearest_speech_verb_is_asked_first_and_a_verb_in_ing_last() -> None:
    betty = 'Gillian Shepherd remembered how one of her male colleagues called all women "Betty".'
    assert said(betty) == [(None, "one of her male colleagues", "person")]  # no one person's word
    adding = 'Trump and Ryan will meet, Sean Spicer said, adding, "They need to sit down."'
    assert first_speaker(adding) == "Sean Spicer"
    omalley = 'Martin O\'Malley, who signed gun laws as governor, interjected to say: "They are both wrong."'
    assert first_speaker(omalley) == "Martin O'Malley"


def test_a_chain_of_appositions_after_the_quotation_and_an_acronym_after_a_name() -> None:
    bond = '"We need unity," Harry Bond, 30, of Raleigh, N.C., who was among those polled, said.'
    assert first_speaker(bond) == "Harry Bond"
    spokeswoman = '"No comment," a spokeswoman for Sen. Ted Cruz, said.'
    assert first_speaker(spokeswoman) is None
    qca = 'The Curriculum Authority (QCA) has also told the government not to "compromise".'
    assert said(qca)[0][0] != "QCA)"
    assert said('"It was sent," the email said.') == [(None, "the email", "organisation")]


def test_the_people_list_holds_every_named_person_with_their_mentions() -> None:
    """Titled or not; surname, honorific and apostrophe forms link to one person; a
    capitalised phrase with a word the text also writes in lower case, or a place word, is
    no person ("Social Security", "Des Moines")."""
    found = extract_article(
        article(
            "Bernie Sanders and Tip O’Neill met on Social Security in Des Moines, for the security of all.",
            '"We will win," Sanders said. Mr. O\'Neill laughed.',
            '"It is late," said Nurgali Bilisbekov, deputy chairman of the committee.',
        )
    )
    people = {person.name: person for person in found.people}
    assert set(people) == {"Bernie Sanders", "Tip O’Neill", "Nurgali Bilisbekov"}
    body = found.body
    assert [body[s:e] for s, e in people["Bernie Sanders"].mentions] == ["Bernie Sanders", "Sanders"]
    assert [body[s:e] for s, e in people["Tip O’Neill"].mentions] == ["Tip O’Neill", "O'Neill"]
    assert people["Nurgali Bilisbekov"].roles == ("deputy chairman of the committee",)
    assert [o.name for o in found.officials] == ["Nurgali Bilisbekov"]


def test_an_owner_before_a_name_is_not_part_of_it() -> None:
    assert first_speaker('"It is close," said Gallup’s Jeffrey Jones.') == "Jeffrey Jones"
    sturgeon = (
        "The Scottish National Party's Holyrood leader Nicola Sturgeon wrote to him, calling for "
        'an apology for his "ill-judged comment".'
    )
    assert first_speaker(sturgeon) == "Nicola Sturgeon"


def test_a_passive_speech_verb_gives_no_speaker() -> None:
    told = 'Harriet Harman spoke. Another minister says she was told: "Who have you been sleeping with?"'
    assert first_speaker(told) is None


def test_a_title_or_role_inside_the_name_run_is_not_part_of_the_name() -> None:
    reid = '"It is outrageous," said Senate Minority Leader Harry M. Reid (D-Nev.).'
    assert first_speaker(reid) == "Harry Reid"
    casteel = '"We had an issue," said United Auto Workers Secretary-Treasurer Gary Casteel.'
    assert first_speaker(casteel) == "Gary Casteel"
    hodges = '"She is going to be aggressive," said former South Carolina Gov. Jim Hodges, a Clinton backer.'
    assert first_speaker(hodges) == "Jim Hodges"
    assert first_speaker('"We see no change," said Pentagon spokesman Navy Capt. Jeff Davis.') == "Jeff Davis"


def test_a_name_inside_a_quotation_is_no_antecedent_for_the_pronoun_after_it() -> None:
    found = said(
        "Donald Trump would not name his running mate, and Marco Rubio waited.",
        '"Rubio is not the one, it is not going to be Rubio," he said.',
    )
    assert found == [("Donald Trump", "he", "person")]


def test_the_moderator_is_never_the_latest_person_named() -> None:
    asked = 'Donald Trump spoke about the police. "Do cell phones help?" the moderator asked.'
    assert said(asked) == [(None, "the moderator", "person")]
