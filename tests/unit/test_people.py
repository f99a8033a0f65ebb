"""Officials: a role only from a pattern that binds it to that name, no organisation or list
item taken for a person, and one person for every form of a name. The sentences are modelled
on BBC politics articles where each of these went wrong (issue 10, "officials view noise")."""

from __future__ import annotations

from flagreader.extract import extract_article
from flagreader.extract.people import People, find_people
from flagreader.extract.sentences import SentenceIndex, sentence_spans
from flagreader.model import Article, Paragraph


def article(*paragraphs: str, identity: str = "x") -> Article:
    body = "\n\n".join(paragraphs)
    spans, at = [], 0
    for text in paragraphs:
        spans.append(Paragraph(at, at + len(text)))
        at += len(text) + 2
    return Article(identity, f"{identity}.txt", "t", None, None, None, body, tuple(spans))


def officials(*paragraphs: str) -> dict[str, tuple[str, ...]]:
    """Each official's name with their roles."""
    return {o.name: o.roles for o in extract_article(article(*paragraphs)).officials}


def people(text: str) -> People:
    return find_people(text, SentenceIndex(sentence_spans(text, (Paragraph(0, len(text)),))))


# A role before the name ends where the sentence's own words begin.


def test_no_verb_preposition_or_opening_adverb_inside_a_role_before_the_name() -> None:
    found = officials(
        "Labour MPs have warned against disunity and Tory leader Michael Howard may take up the theme.",
        "Earlier Tory leader Michael Howard said the same.",
        "Tony Blair pledged never to attack Tory leader Michael Howard over his beliefs.",
    )
    assert found["Michael Howard"] == ("Tory leader",)


def test_a_role_before_a_name_stops_at_another_person() -> None:
    found = officials(
        "Actor Tom Hanks and director Ron Howard are reuniting for The Da Vinci Code.",
        "The decision must be ratified by Defence Secretary Geoff Hoon and Prime Minister Tony Blair.",
        "The move follows the departure of MEP Robert Kilroy-Silk from the party.",
        "Mr Howard and shadow chancellor Oliver Letwin unveiled the plans.",
    )
    assert found["Ron Howard"] == ("director",)
    assert found["Tom Hanks"] == ("Actor",)
    assert found["Tony Blair"] == ("Prime Minister",)
    assert found["Geoff Hoon"] == ("Defence Secretary",)
    assert found["Robert Kilroy-Silk"] == ("MEP",)
    assert found["Oliver Letwin"] == ("shadow chancellor",)


def test_a_role_set_off_by_a_comma_must_end_in_its_head() -> None:
    found = officials(
        "In an interview with the BBC's political editor Andrew Marr, Mr Blair said progress would be tough.",
        "Asked by a student about concerns over the prime minister's personal integrity, Mr Blair said "
        "talking was the only answer.",
    )
    assert not [role for role in found.get("Blair", ()) if "Marr" in role or "integrity" in role]
    assert found["Andrew Marr"] == ("BBC's political editor",)


def test_roles_made_of_names_and_organisations_keep_their_words() -> None:
    found = officials(
        "Bank of England deputy governor Rachel Lomax said rates would hold.",
        "The Tory work and pensions spokesman David Willetts said so.",
        "Senator Leahy's spokeswoman Tracy Schmaler said the bill was dead.",
        "Chancellor Gordon Brown was accused by Trade and Industry Secretary Patricia Hewitt of delay.",
        "Previous winners include Royal Bank of Scotland chief executive Fred Goodwin.",
    )
    assert found["Rachel Lomax"] == ("Bank of England deputy governor",)
    assert found["David Willetts"] == ("Tory work and pensions spokesman",)
    assert found["Tracy Schmaler"] == ("Senator Leahy's spokeswoman",)
    assert found["Patricia Hewitt"] == ("Trade and Industry Secretary",)
    assert found["Fred Goodwin"] == ("Royal Bank of Scotland chief executive",)


# Organisations, lists and titles are no one.


def test_a_list_item_after_a_role_is_not_a_person() -> None:
    found = officials(
        "Minister for Children, Young People and Families Margaret Hodge said new plans would help fosterers."
    )
    assert "Young People" not in found


def test_a_title_with_no_office_names_no_role() -> None:
    found = officials(
        "Time Warner said fourth quarter sales fell 4% to $11.1bn.",
        "That was a sharp contrast to a year earlier, when the third and final film in the Lord of the Rings "
        "trilogy boosted results.",
    )
    assert "Time Warner" not in found


def test_a_role_word_ends_where_the_sentence_goes_on() -> None:
    found = officials(
        "Mr Blunkett was understood to have made criticisms of his Cabinet colleagues from the prime "
        "minister down. Mr Howard said Mr Blunkett had complained.",
        "Mr Blair met the press. Both the prime minister and Chancellor Gordon Brown have called for action.",
        "Gordon Brown told Mr Blair he would stand down, a new book about the chancellor claims.",
    )
    roles = [role for found_roles in found.values() for role in found_roles]
    assert not [role for role in roles if role.startswith(("prime minister ", "chancellor "))]
    assert found["Gordon Brown"] == ("Chancellor",)
