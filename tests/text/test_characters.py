"""The control-character policy (quicklooks.text.characters) and the story format applying it."""

from __future__ import annotations

import pytest

from quicklooks.text.characters import clean_controls, clean_invisible, xml_safe
from quicklooks.text.storyformat import MAX_LIST_ITEMS, MAX_QUICK_LOOKS, StoryFormatError, parse_story

# Golden table: input, what is stored.
CONTROLS = [
    ("plain text", "plain text"),
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("a\x02b\x03c", "abc"),
    ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
    ("windows\r\nline\rends", "windows\nline\nends"),
    ("form\x0cfeed and vertical\x0btab", "form feed and vertical tab"),
    ("C1\x85next line, \x9bCSI and \x80pad", "C1 next line, CSI and pad"),
    ("del\x7fete", "delete"),
    ("line\u2028separator", "line separator"),
    ("non\ufffecharacter", "noncharacter"),
    ("Kyiv — “quoted” 2,200 € ½", "Kyiv — “quoted” 2,200 € ½"),
]


@pytest.mark.parametrize(("raw", "stored"), CONTROLS)
def test_controls_other_than_tab_and_newline_go(raw, stored):
    assert clean_controls(raw) == stored


def test_xml_safe_leaves_only_xml_characters():
    text = "".join(chr(c) for c in range(0, 0x110)) + "\ufffe\uffff"
    safe = xml_safe(text)
    for char in safe:
        code = ord(char)
        assert code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD, hex(code)


INVISIBLE = [
    ("holiday-\u202egnp.exe", "holiday-gnp.exe"),
    ("\u2067isolated\u2069 and \u202aembedded\u202c", "isolated and embedded"),
    ("ad\u200bmin", "admin"),
    ("ad\u200dmin", "admin"),
    ("mark\u200fed", "marked"),
    ("\ufeffbom", "bom"),
    # Persian needs ZWNJ; an emoji family needs ZWJ: both stay.
    ("می\u200cخواهم", "می\u200cخواهم"),
    ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
]


@pytest.mark.parametrize(("raw", "shown"), INVISIBLE)
def test_reader_text_loses_bidi_and_zero_width_characters(raw, shown):
    assert clean_invisible(raw) == shown


STORY = "Council closes Mill Street bridge\nRIVERSIDE — The city council voted\x02 on Tuesday to close the bridge.\n"


def test_a_story_file_with_a_control_character_is_stored_without_it():
    story = parse_story(STORY.replace("bridge\n", "bri\x1bdge\n", 1))
    assert story.headline == "Council closes Mill Street bridge"
    assert story.blocks[0].text == "RIVERSIDE — The city council voted on Tuesday to close the bridge."


def bullets(n: int) -> str:
    lines = "\n".join(f"- Bullet number {i} says one thing." for i in range(n))
    return f"Headline/ Outlet/ CITY/ Author/ Standfirst\n\nQuick Looks\n{lines}\n\nDeep Look: Headline\nCITY — Text of the story.\n"


def test_quick_looks_are_capped_with_an_error_naming_the_line():
    assert len(parse_story(bullets(MAX_QUICK_LOOKS)).quick_looks) == MAX_QUICK_LOOKS
    with pytest.raises(StoryFormatError, match=f"more than {MAX_QUICK_LOOKS} bullets") as caught:
        parse_story(bullets(100_000), name="many.txt")
    # Line 1 meta, 2 blank, 3 header, bullets from line 4: bullet 13 is on line 16.
    assert caught.value.line == 4 + MAX_QUICK_LOOKS
    assert str(caught.value).startswith(f"many.txt:{4 + MAX_QUICK_LOOKS}: ")


def test_list_items_are_capped_per_story_with_an_error_naming_the_line():
    def story(n: int) -> str:
        return "Headline\nCITY — The list follows:\n" + "\n".join(f"- item {i}" for i in range(n)) + "\n"

    assert len(parse_story(story(MAX_LIST_ITEMS)).blocks[1].items) == MAX_LIST_ITEMS
    with pytest.raises(StoryFormatError, match="list items") as caught:
        parse_story(story(100_000), name="list.txt")
    assert caught.value.line == 3 + MAX_LIST_ITEMS
