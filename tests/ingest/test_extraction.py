"""Page extraction on the page shapes that once lost text or were refused (tests/files/ingest/pages)."""

from __future__ import annotations

import re

import pytest
import trafilatura

from quicklooks.ingest.extraction import MIN_ARTICLE_WORDS, ExtractionError, article_words, story_from_html
from tests.conftest import FILES

PAGES = FILES / "ingest" / "pages"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def stored_text(story) -> str:
    return " ".join([story.headline] + [block.text + " " + " ".join(block.items) for block in story.blocks])


@pytest.mark.parametrize("name", ["loose-text-after-subheads.html", "br-paragraphs.html", "japanese-article.html"])
def test_every_word_trafilatura_keeps_is_stored(name):
    html = (PAGES / name).read_bytes()
    story = story_from_html(html, url="")
    kept = trafilatura.extract(html)
    ours = stored_text(story)
    missing = [word for word in words(kept) if word not in set(words(ours))]
    assert not missing, f"{name} lost {len(missing)} words, e.g. {missing[:8]}"


def test_loose_text_after_a_subhead_is_its_own_paragraph():
    story = story_from_html((PAGES / "loose-text-after-subheads.html").read_bytes(), url="")
    kinds = [block.kind for block in story.blocks]
    assert kinds == ["paragraph", "subhead", "paragraph", "subhead", "paragraph", "subhead", "paragraph"]
    assert story.blocks[2].text.startswith("Floods reached the market square")


def test_br_spaced_paragraphs_stay_apart_and_text_after_a_list_is_kept():
    story = story_from_html((PAGES / "br-paragraphs.html").read_bytes(), url="")
    texts = [block.text for block in story.blocks if block.kind == "paragraph"]
    assert texts[0].startswith("DENBY — The town library") and texts[0].endswith("after work.")
    assert texts[1].startswith("The library's manager")
    assert any(text.startswith("Study rooms will follow") for text in texts)
    assert texts[-1].startswith("The council's culture committee")


def test_a_japanese_article_is_long_enough():
    story = story_from_html((PAGES / "japanese-article.html").read_bytes(), url="")
    assert story.outlet == "みなと新聞"
    assert len(story.blocks) == 4


# Golden table: text -> words for the minimum.
WORD_COUNTS = [
    ("The council met on Tuesday.", 5),
    ("川沿いの町議会は火曜日", 6),  # 11 characters, two a word
    ("東京 Tokyo 2,200 people", 4),  # 2 characters -> 1, and three spaced words
    ("", 0),
]


@pytest.mark.parametrize(("text", "count"), WORD_COUNTS)
def test_article_words(text, count):
    assert article_words(text) == count


def test_a_teaser_is_refused_and_a_menu_in_japanese_too():
    with pytest.raises(ExtractionError, match=f"13 words of body text; an article needs {MIN_ARTICLE_WORDS}"):
        story_from_html((PAGES / "teaser.html").read_bytes(), url="")
    menu = "<html><body><article><h1>ホーム</h1><p>ニュース スポーツ 天気 経済 文化 お問い合わせ</p></article></body></html>"
    with pytest.raises(ExtractionError, match="no article found"):
        story_from_html(menu, url="")


@pytest.mark.django_db
def test_a_refused_page_names_its_path_once(tmp_path):
    from quicklooks.ingest.ingesting import ingest_file

    path = tmp_path / "teaser.html"
    path.write_bytes((PAGES / "teaser.html").read_bytes())
    outcome = ingest_file(path)
    assert outcome.kind == "failed"
    line = f"failed: {outcome.where}: {outcome.reason}"  # as `quicklooks ingest` prints it
    assert line.count("teaser.html") == 1, line
    assert "no article found" in line


def test_a_page_with_too_many_list_items_is_refused_with_a_clear_message():
    from quicklooks.text.storyformat import MAX_LIST_ITEMS

    items = "".join(f"<li>Entry number {i} in the register</li>" for i in range(MAX_LIST_ITEMS + 50))
    html = f"<html><body><article><h1>Register</h1><p>{'The full register of entries follows below. ' * 8}</p><ul>{items}</ul></article></body></html>"
    with pytest.raises(ExtractionError, match="list items; a story may have"):
        story_from_html(html, url="")


def test_control_characters_in_a_page_are_not_stored():
    html = (PAGES / "loose-text-after-subheads.html").read_text(encoding="utf-8").replace("Floods", "Flo\x02ods\x1b", 1)
    story = story_from_html(html, url="")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", stored_text(story))
