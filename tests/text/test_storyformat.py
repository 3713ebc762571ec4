"""The outlet's story format: the sample against its gold file, variants and bad input."""

import json
from pathlib import Path

import pytest

from quicklooks.text.storyformat import (
    MAX_BYTES,
    StoryFormatError,
    looks_like_subhead,
    parse_story,
    read_story_file,
    split_authors,
    split_dateline,
    write_story,
)

FILES = Path(__file__).parent.parent / "files" / "stories"
SAMPLE = FILES / "putin-foreign-troops.txt"
GOLD = json.loads((FILES / "putin-foreign-troops.gold.json").read_text(encoding="utf-8"))["story"]


@pytest.fixture(scope="module")
def sample():
    return read_story_file(SAMPLE)


def test_sample_meta_line(sample):
    assert sample.headline == GOLD["headline"]
    assert sample.outlet == GOLD["outlet"]
    assert sample.dateline == GOLD["dateline"]
    assert list(sample.bylines) == GOLD["byline"]
    assert sample.show == GOLD["show"]
    assert sample.standfirst.startswith(GOLD["standfirst_starts"])


def test_sample_quick_looks(sample):
    assert sample.quick_looks_label == GOLD["quick_looks_title"]
    assert list(sample.quick_looks) == GOLD["quick_looks"]
    assert len(sample.quick_looks) == 8
    assert not sample.needs_quick_looks


def test_sample_deep_look(sample):
    assert sample.deep_look_headline == GOLD["deep_look_headline"]
    assert sample.deep_look_dateline == GOLD["deep_look_dateline"]
    assert [b.text for b in sample.blocks if b.kind == "subhead"] == GOLD["subheads"]
    assert [list(b.items) for b in sample.blocks if b.kind == "list"] == GOLD["lists"]
    assert sum(b.kind == "paragraph" for b in sample.blocks) == GOLD["paragraph_count"]


def test_sample_leaves_out_site_chrome(sample):
    text = sample.deep_look_text()
    for chrome in GOLD["site_chrome_not_in_story"]:
        assert chrome not in text


def test_blocks_carry_their_line_numbers(sample):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for block in sample.blocks:
        source_line = lines[block.line - 1]
        expected = block.items[0] if block.kind == "list" else block.text
        assert expected in source_line


@pytest.mark.parametrize("path", sorted(p.name for p in FILES.glob("*.txt") if p.name not in {"binary.bin.txt", "empty.txt", "quick-looks-without-bullets.txt"}))
def test_parse_write_parse_gives_the_same_story(path):
    story = read_story_file(FILES / path)
    assert parse_story(write_story(story)) == story


def test_story_without_quick_looks_is_marked_as_needing_them():
    story = read_story_file(FILES / "no-quick-looks.txt")
    assert story.needs_quick_looks
    assert story.quick_looks == ()
    assert story.bylines == ("Lena Ortiz", "Sam Whitaker")
    assert story.deep_look_dateline == "PORTSMOUTH, England"
    assert [b.kind for b in story.blocks] == ["paragraph", "subhead", "paragraph", "list", "paragraph"]


def test_story_without_show_and_with_several_authors():
    story = read_story_file(FILES / "no-show.txt")
    assert story.show == ""
    assert story.bylines == ("Priya Natarajan", "Tom Bell", "Ana Ruiz")
    assert story.standfirst == "Three new night bus routes start running this weekend."


def test_star_and_bullet_marks():
    story = read_story_file(FILES / "no-show.txt")
    assert story.quick_looks_label == "Night Routes"
    assert len(story.quick_looks) == 3
    assert story.quick_looks[2] == "Fares stay the same as daytime."


def test_crlf_and_bom_read_like_plain_utf8():
    assert read_story_file(FILES / "crlf-bom.txt") == read_story_file(FILES / "no-show.txt")


def test_windows_1252_bytes():
    story = read_story_file(FILES / "windows-1252.txt")
    assert story.headline == "Café Owners Protest Rent Rise"
    assert "“unbearable.”" in story.blocks[0].text
    assert story.deep_look_dateline == "LYON, France"


def test_plain_text_story_without_meta_line():
    story = read_story_file(FILES / "plain.txt")
    assert story.headline == "Plain Headline About A Bridge"
    assert story.outlet == "" and story.bylines == ()
    assert [b.text for b in story.blocks] == [
        "The bridge reopened on Monday after repairs that took six months.",
        "Traffic was light in the morning.",
    ]
    assert story.needs_quick_looks


@pytest.mark.parametrize(
    "name, message, line",
    [
        ("empty.txt", "empty", 1),
        ("binary.bin.txt", "binary", 3),
        ("quick-looks-without-bullets.txt", "no bullets", 3),
    ],
)
def test_bad_input_names_file_and_line(name, message, line):
    with pytest.raises(StoryFormatError) as caught:
        read_story_file(FILES / name)
    assert caught.value.name.endswith(name)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert f"{name}:{line}:" in str(caught.value)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"A headline\n" + b"word " * (MAX_BYTES // 5 + 1))
    with pytest.raises(StoryFormatError, match="limited to"):
        read_story_file(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoryFormatError, match="cannot read"):
        read_story_file(tmp_path / "nope.txt")


def test_headline_only_has_no_deep_look():
    with pytest.raises(StoryFormatError, match="no Deep Look text"):
        parse_story("Just a headline/ Outlet/ CITY/ Author/ Show/ Standfirst\n", name="x.txt")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Pushback Against Peacekeeping Plans", True),
        ("Putin: Peace Deal Possible, But Only With Security Guarantees", True),
        ("Russia’s Fuel Crisis Deepens", True),
        ("According to Ukraine’s Air Force, Russian forces launched:", False),
        ("He said it was over.", False),
        ("- 157 strike and decoy drones", False),
        ("“Of course, you can’t just take anybody’s word for something,” Peskov told", False),
        pytest.param("Officials Said Little on Monday", False, marks=pytest.mark.xfail(reason="a short unpunctuated sentence in title case reads as a subhead")),
    ],
)
def test_subhead_rule(line, expected):
    assert looks_like_subhead(line) is expected


@pytest.mark.parametrize(
    "paragraph, dateline",
    [
        ("VLADIVOSTOK, Russia — Russian President Vladimir Putin issued", "VLADIVOSTOK, Russia"),
        ("WASHINGTON — The Senate voted", "WASHINGTON"),
        ("KYIV, Ukraine (AP) — Air raid sirens", "KYIV, Ukraine"),
        ("NEW YORK -- Stocks fell", "NEW YORK"),
        ("Russian President Vladimir Putin issued a warning", ""),
        ("NATO allies met on Friday — and agreed", ""),
    ],
)
def test_dateline_rule(paragraph, dateline):
    assert split_dateline(paragraph)[0] == dateline


@pytest.mark.parametrize(
    "field, names",
    [
        ("J. Mansour", ("J. Mansour",)),
        ("Lena Ortiz and Sam Whitaker", ("Lena Ortiz", "Sam Whitaker")),
        ("By Priya Natarajan, Tom Bell and Ana Ruiz", ("Priya Natarajan", "Tom Bell", "Ana Ruiz")),
        ("Ana Ruiz & Tom Bell", ("Ana Ruiz", "Tom Bell")),
        ("", ()),
    ],
)
def test_author_rule(field, names):
    assert split_authors(field) == names


def test_empty_deep_look_label_error_names_its_line():
    # Line 1 is the meta line, line 2 blank, line 3 the empty "Deep Look:" label.
    with pytest.raises(StoryFormatError) as caught:
        read_story_file(FILES / "bad" / "bad-deep.txt")
    assert caught.value.line == 3
    assert f"{FILES / 'bad' / 'bad-deep.txt'}:3: " in str(caught.value)
    assert "'Deep Look:' line" in str(caught.value)


def test_deep_look_label_with_headline_but_no_body_names_the_label_line():
    text = "Headline/ Outlet/ CITY/ Author/ Show/ Standfirst\n\nQuick Looks\n- One bullet\n\nDeep Look: A Deep Look headline\n"
    with pytest.raises(StoryFormatError) as caught:
        parse_story(text, name="x.txt")
    assert caught.value.line == 6


def test_no_body_after_quick_looks_points_past_the_box():
    text = "Headline/ Outlet/ CITY/ Author/ Show/ Standfirst\nQuick Looks\n- One bullet\n- Two bullet\n"
    with pytest.raises(StoryFormatError, match="no Deep Look text") as caught:
        parse_story(text, name="x.txt")
    assert caught.value.line == 4


def test_single_paragraph_of_plain_text_explains_the_minimal_story():
    with pytest.raises(StoryFormatError) as caught:
        read_story_file(FILES / "bad" / "one-paragraph.txt")
    message = str(caught.value)
    assert caught.value.line == 1
    assert "single paragraph with no headline line" in message
    assert "Add a headline on its own line above the paragraph" in message
    assert "Deep Look:" not in message, "plain text needs no labels; the advice must not ask for them"


def test_headline_only_plain_text_asks_for_the_story_below_it():
    with pytest.raises(StoryFormatError, match="headline but no story text") as caught:
        parse_story("Council closes Mill Street bridge\n", name="<stdin>")
    assert "Write the story on the lines below the headline" in str(caught.value)


def test_plain_text_with_a_headline_line_imports_as_documented():
    story = parse_story(
        "Council closes Mill Street bridge\n"
        "RIVERSIDE — The city council voted on Tuesday to close the Mill Street bridge.\n",
        name="<stdin>",
    )
    assert story.headline == "Council closes Mill Street bridge"
    assert story.deep_look_dateline == "RIVERSIDE"
    assert [b.kind for b in story.blocks] == ["paragraph"]
