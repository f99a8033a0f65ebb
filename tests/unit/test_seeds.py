"""The two bundled seed posts, checked against expectations written by reading them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import flagreader
from flagreader.model import Article
from flagreader.seeds import seeds_dir

FIRST_TITLE = "Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"
SECOND_TITLE = "Kazakhstan Says It Won't Prosecute Four Men It Stopped From Joining IS"

# sha256 of the files in ../shared/seeds/: the bundled copies must be byte for byte the same.
SEED_SHA256 = {
    "000_bca5417f2f8034b5.txt": "62f7ca8b758cbff1ba4d829d49fd15e27465ef83a367b5ebb29b3b07a2c3a480",
    "001_58ec209e1765017f.txt": "1c817cfdad9138688532198205b1fc31f85bb83e98b8a29bc42a0e8d31e9c519",
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    corpus = flagreader.load_corpus()
    assert corpus.skipped == [] and corpus.notices == []
    return {article.title: article for article in corpus.articles}


def test_bundled_seed_files_are_the_originals_byte_for_byte() -> None:
    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in seeds_dir().iterdir()}
    assert found == SEED_SHA256


def test_no_arguments_loads_both_seed_posts_in_file_order(seeds: dict[str, Article]) -> None:
    corpus = flagreader.load_corpus()
    assert [a.title for a in corpus.articles] == [FIRST_TITLE, SECOND_TITLE]
    assert [a.source.rsplit("/", 1)[-1] for a in corpus.articles] == sorted(SEED_SHA256)


def test_first_post_fields(seeds: dict[str, Article]) -> None:
    article = seeds[FIRST_TITLE]
    assert article.author == "Joanna Paraszczuk"
    assert article.blog == "Under The Black Flag"
    assert article.caption == (
        "Deputy Chairman of Kazakhstan's National Security Committee Nurgali Bilisbekov"
    )
    assert article.blog_description is not None
    assert article.blog_description.startswith('"Under The Black Flag" provides news, opinion, and analysis')
    assert article.blog_description.endswith("implications for the region and the world.")
    assert article.published is None  # the page text gives no date of publication


def test_first_post_first_and_last_paragraph(seeds: dict[str, Article]) -> None:
    article = seeds[FIRST_TITLE]
    paragraphs = [article.paragraph_text(p) for p in article.paragraphs]
    assert paragraphs[0] == (
        "Some of the Kazakh nationals who have gone to fight alongside the Islamic State (IS) group "
        'in Syria and Iraq are "victims of radical propaganda," the deputy chairman of Kazakhstan\'s '
        "National Security Committee (KNB), Nurgali Bilisbekov, has said."
    )
    assert paragraphs[-1] == (
        "Bilisbekov did not mention any Kazakh militants who may have returned from Syria or Iraq "
        "to other Central Asian countries or elsewhere in the region."
    )
    assert len(paragraphs) == 28


def test_first_post_subheadings_stay_in_the_body_marked_as_headings(seeds: dict[str, Article]) -> None:
    article = seeds[FIRST_TITLE]
    headings = [article.paragraph_text(p) for p in article.paragraphs if p.kind == "heading"]
    assert headings == ["Disturbing Video", "Estimates Probably Low", "'15 Returnees'"]


def test_second_post_fields_and_paragraphs(seeds: dict[str, Article]) -> None:
    article = seeds[SECOND_TITLE]
    assert article.author == "Joanna Paraszczuk"
    assert article.blog == "Under The Black Flag"
    assert article.caption == (
        "National Security Committee Chairman Nurtai Abykaev says there are some 300 Kazakh "
        "citizens in Syria, of which 150 are women."
    )
    paragraphs = [article.paragraph_text(p) for p in article.paragraphs]
    assert paragraphs[0] == (
        "Counterpropaganda efforts in Kazakhstan's East Kazakhstan region in 2014 succeeded in "
        "thwarting the attempts of four local men to leave the country to join the fighting in "
        "Syria, according to reports in the Kazakh media on February 4."
    )
    assert paragraphs[-1].startswith("Kazakhstan has not provided any official data")
    assert paragraphs[-1].endswith("they had come to Syria with their wives and children.")
    assert len(paragraphs) == 18
    assert all(p.kind == "text" for p in article.paragraphs)


@pytest.mark.parametrize("title", [FIRST_TITLE, SECOND_TITLE])
def test_body_is_free_of_page_chrome_caption_byline_and_blog_box(
    seeds: dict[str, Article], title: str
) -> None:
    article = seeds[title]
    for chrome in (
        "Accessibility links",
        "Breaking News",
        "About This Blog",
        "Latest Posts",
        "Joanna Paraszczuk",
        "provides news, opinion, and analysis",
        article.title,
    ):
        assert chrome not in article.body
    assert article.caption is not None and article.caption not in article.body


def test_removed_link_traces_are_kept_as_they_are(seeds: dict[str, Article]) -> None:
    body = seeds[SECOND_TITLE].body
    assert "Deputy regional prosecutor Nurlan Bizhanov told that the four men" in body
    assert "According to, the West Kazakhstan Region's prosecutor's office" in body


@pytest.mark.parametrize("title", [FIRST_TITLE, SECOND_TITLE])
def test_paragraph_offsets_point_into_the_body(seeds: dict[str, Article], title: str) -> None:
    article = seeds[title]
    rebuilt = "\n\n".join(article.paragraph_text(p) for p in article.paragraphs)
    assert rebuilt == article.body
    assert all(
        article.body[p.start : p.end].strip() == article.body[p.start : p.end] for p in article.paragraphs
    )


def test_ids_are_stable_distinct_and_independent_of_the_path(tmp_path: Path) -> None:
    first = flagreader.load_corpus()
    copy = tmp_path / "renamed.txt"
    copy.write_bytes((seeds_dir() / "000_bca5417f2f8034b5.txt").read_bytes())
    moved = flagreader.load_corpus([copy])
    assert moved.articles[0].id == first.articles[0].id
    assert first.articles[0].id != first.articles[1].id
    assert len(first.articles[0].id) == 16
