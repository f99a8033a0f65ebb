"""Officials: a role only from a pattern that binds it to that name, no organisation or list
item taken for a person, and one person for every form of a name. The sentences are modelled
on BBC politics articles where each of these went wrong (issue 10, "officials view noise")."""

from __future__ import annotations

import string
import time
from dataclasses import replace

from flagreader.extract import extract_article
from flagreader.extract.corpus import corpus_officials
from flagreader.extract.names import find_names
from flagreader.extract.people import find_people
from flagreader.extract.persons import People
from flagreader.extract.sentences import SentenceIndex, sentence_spans
from flagreader.model import Article, Corpus, Official, Paragraph


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


def test_a_company_after_a_title_word_is_not_a_person() -> None:
    found = officials(
        "Fiat ended its alliance with car giant General Motors on Sunday.",
        "The move by Amicus and the Transport and General Workers' Union was welcomed.",
        "Ministers introduced them at a late stage of the Criminal Justice Bill.",
    )
    assert not {"Motors", "Workers", "Bill"} & set(found)


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


# A role named without a name goes to the person it stands for, or to no one.


def test_the_role_in_a_sentence_that_calls_the_last_person_he_is_someone_else() -> None:
    found = officials(
        "Michael Howard said he would not back plans for control orders. Mr Howard said he feared "
        "internment without trial creates martyrs. His party plans to move an amendment next week. He called "
        'on the prime minister to "enter into constructive discussions" with his party.'
    )
    assert "prime minister" not in [role for roles in found.values() for role in roles]


def test_a_lede_role_goes_to_no_one_with_a_role_of_their_own() -> None:
    found = officials(
        'Tony Blair has launched an attack on Conservative spending plans, saying they are a "ludicrous '
        'improbability".',
        "The prime minister has told a Labour Party gathering that the Tory policies would cause economic "
        "failure. Tory leader Michael Howard has said his party would cut £35bn in spending.",
    )
    assert found["Michael Howard"] == ("Tory leader",)


def test_a_role_does_not_go_to_someone_its_own_sentence_names() -> None:
    found = officials(
        "Jack Law, chief executive of Alcohol Focus Scotland, said Jack McConnell's comment was ill-advised. "
        "Mr McConnell was speaking to pupils.",
        "But the prime minister has insisted Mr McConnell was speaking about adults.",
    )
    assert "prime minister" not in [role for roles in found.values() for role in roles]


def test_the_scottish_executive_is_no_one() -> None:
    found = officials(
        "Ms Sturgeon has demanded to know who was responsible for signing off the leave. The Scottish "
        'Executive said ministers would be notified. "We understand from the executive that no minister '
        'signed it," he said.'
    )
    assert not [role for roles in found.values() for role in roles if "xecutive" in role]


# Every form of a name is one person.


def test_surname_and_honorific_forms_join_the_full_name() -> None:
    text = (
        "Tony Blair has apologised to two families who suffered a miscarriage of justice. The prime minister "
        'was commenting on the wrongful jailing of 11 people. Mr Blair said: "I am very sorry."'
    )
    result = extract_article(article(text))
    assert [(o.name, o.roles) for o in result.officials] == [("Tony Blair", ("prime minister",))]
    assert [text[s:e] for s, e in result.officials[0].mentions] == ["Tony Blair", "Mr Blair"]


def test_apostrophes_of_either_kind_are_one_name() -> None:
    found = people("Labour MP Martin O'Neill said the bill was wrong. Mr O’Neill added that he would vote.")
    assert [person.name for person in found.persons] == ["Martin O'Neill"]


def test_mr_and_mrs_with_one_surname_are_two_people() -> None:
    found = people(
        "Michael Howard's ex-model wife, Sandra, is to campaign. Mrs Howard will make solo visits. Mr Howard "
        "will host a news conference, Tory co-chairman Liam Fox said."
    )
    howards = sorted((person.gender or "") for person in found.persons if person.name.endswith("Howard"))
    assert howards == ["f", "m"]


def test_a_knight_is_not_mr() -> None:
    """(Guards the joining above: a knight is "Sir Ian", so "Mr Blair" is someone else.)"""
    found = people(
        "Mr Blair said the threat was real. Metropolitan Police Commissioner Sir Ian Blair backed the orders."
    )
    assert sorted(person.name for person in found.persons) == ["Blair", "Ian Blair"]


def test_corpus_joins_a_surname_to_the_full_name_its_article_gives() -> None:
    def official(name: str, role: str) -> Official:
        return Official(name, role, (role,), ((0, 1),))

    howard = article("Michael Howard's wife campaigned. Mr Howard spoke.", identity="a")
    corpus = Corpus(
        [
            replace(howard, officials=(official("Howard", "Tory leader"),)),
            replace(article("b", identity="b"), officials=(official("Michael Howard", "MP"),)),
            replace(article("c", identity="c"), officials=(official("John Howard", "PM"),)),
        ]
    )
    merged = {entry.name: entry for entry in corpus_officials(corpus)}
    assert sorted(merged) == ["John Howard", "Michael Howard"]
    assert merged["Michael Howard"].roles == ("MP", "Tory leader")
    assert merged["Michael Howard"].articles == ("a", "b")


# Linear in the text.


def _name(number: int) -> str:
    letters = ""
    for _ in range(4):
        letters += string.ascii_lowercase[number % 26]
        number //= 26
    return letters.capitalize()


def _titled_people_and_roles(size: int) -> str:
    parts, number, length = [], 0, 0
    while length < size:
        part = f"Tory leader X{_name(number)} Y{_name(number + 3)} met the prime minister, "
        parts.append(part)
        length += len(part)
        number += 1
    return "".join(parts)[:size]


def _people_seconds(text: str) -> float:
    sentences = SentenceIndex(sentence_spans(text, (Paragraph(0, len(text)),)))
    names = find_names(text)
    started = time.perf_counter()
    find_people(text, sentences, None, names)
    return time.perf_counter() - started


def test_roles_without_names_in_one_long_sentence_cost_in_proportion_to_its_length() -> None:
    """Each "the prime minister" looked back over every titled person of its sentence (8x the
    text took 30x the time); it looks back over a bounded number of mentions."""
    small = _titled_people_and_roles(40_000)
    _people_seconds(small)  # warm the caches
    one = min(_people_seconds(small) for _ in range(3))
    eight = min(_people_seconds(_titled_people_and_roles(320_000)) for _ in range(2))
    assert eight / one < 20, f"8x the text took {eight / one:.1f}x the time"
