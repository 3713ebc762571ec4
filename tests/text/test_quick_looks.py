"""The Quick Looks engine: provenance, shape, order, verification and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quicklooks.text import vocabulary
from quicklooks.text.document import analyse
from quicklooks.text.pruning import MAX_WORDS
from quicklooks.text.quick_looks import (
    QuickLooksError,
    default_bullet_count,
    to_dict,
    write_quick_looks,
)
from quicklooks.text.sentences import split_sentences
from quicklooks.text.storyformat import parse_story
from quicklooks.text.verification import check_bullet
from quicklooks.text.words import count_words

FILES = Path(__file__).parents[1] / "files"
SAMPLE = FILES / "stories" / "putin-foreign-troops.txt"


@pytest.fixture(scope="module")
def deep_look() -> str:
    story = parse_story(SAMPLE.read_text(encoding="utf-8"), name=SAMPLE.name)
    return story.deep_look_text()


@pytest.fixture(scope="module")
def sample_quick_looks(deep_look):
    return write_quick_looks(deep_look)


def test_sample_gives_verified_bullets_with_confidence(sample_quick_looks, deep_look) -> None:
    bullets = sample_quick_looks.bullets
    assert 4 <= len(bullets) <= 8
    for bullet in bullets:
        sources = [deep_look[s.start : s.end] for s in bullet.sources]
        assert check_bullet(bullet.text, sources) == []
        assert 0 < bullet.confidence <= 1


def test_provenance_points_at_real_sentences(sample_quick_looks, deep_look) -> None:
    sentences = analyse(deep_look).sentences
    for bullet in sample_quick_looks.bullets:
        assert bullet.sources
        for span in bullet.sources:
            sentence = sentences[span.sentence]
            assert (span.start, span.end) == (sentence.start, sentence.end)
            assert deep_look[span.start : span.end] == sentence.text


def test_bullets_are_short_ordered_and_distinct(sample_quick_looks) -> None:
    bullets = sample_quick_looks.bullets
    assert all(count_words(b.text) <= MAX_WORDS for b in bullets)
    firsts = [b.sources[0].sentence for b in bullets]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    assert len({b.text.lower() for b in bullets}) == len(bullets)


def test_bullets_cover_sections_not_only_the_top(sample_quick_looks, deep_look) -> None:
    drone_section = deep_look.index("Drone Warfare Escalates Overnight")
    starts = [b.sources[0].start for b in sample_quick_looks.bullets]
    assert any(s > drone_section for s in starts)


def test_label_is_short_title_case(sample_quick_looks) -> None:
    words = sample_quick_looks.label.split()
    assert 3 <= len(words) <= 6
    assert words[0][0].isupper()
    assert "Putin" in words
    assert not words[-1].lower() in {"a", "the", "of", "to", "in", "and"}


def test_to_dict_shape(sample_quick_looks) -> None:
    data = to_dict(sample_quick_looks)
    assert set(data) == {"label", "bullets"}
    first = data["bullets"][0]
    assert set(first) == {"text", "confidence", "sources"}
    assert 0 < first["confidence"] <= 1
    assert set(first["sources"][0]) == {"sentence", "start", "end"}
    json.dumps(data)


@pytest.mark.parametrize("count", [1, 3])
def test_bullet_count_can_be_fixed(deep_look, count: int) -> None:
    assert len(write_quick_looks(deep_look, count).bullets) == count


def test_default_count_follows_length() -> None:
    assert default_bullet_count("word " * 50) == 3
    assert default_bullet_count("word " * 400) == 5
    assert default_bullet_count("word " * 5000) == 8


def test_dateline_and_attribution_do_not_reach_bullets(sample_quick_looks) -> None:
    assert not any("VLADIVOSTOK" in b.text for b in sample_quick_looks.bullets)


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_refused_with_a_fix(text: str) -> None:
    with pytest.raises(QuickLooksError, match="Pass the story"):
        write_quick_looks(text)


def test_headings_only_is_refused() -> None:
    with pytest.raises(QuickLooksError, match="headings|verb with a subject"):
        write_quick_looks("Pushback Against Peacekeeping Plans\n\nDrone Warfare Escalates Overnight")


def test_text_without_spaced_words_is_refused() -> None:
    with pytest.raises(QuickLooksError, match="space-separated"):
        write_quick_looks("政府周一宣布将增加对受灾地区的援助。财政部长表示资金将在今年内发放。")


def test_single_sentence_gives_one_bullet() -> None:
    text = "The city council approved a $4.2 million budget for new schools on Tuesday."
    result = write_quick_looks(text)
    assert len(result.bullets) == 1
    assert "$4.2 million budget" in result.bullets[0].text
    assert result.label


def test_only_lists() -> None:
    text = (
        "- 157 strike and decoy drones hit the city overnight\n"
        "- 7 missiles of various types struck the port\n"
        "- 121 drones were intercepted by air defenses"
    )
    texts = [b.text for b in write_quick_looks(text).bullets]
    assert len(texts) == 3
    assert [t.split()[0] for t in texts] == ["157", "7", "121"]


def test_text_without_a_clause_gets_a_clear_message() -> None:
    # Every sentence names things and states nothing: a box of them would be fragments.
    text = (
        "Record heat across the region on Monday, with temperatures near 40 degrees.\n\n"
        "Long queues at the border crossings and at the main railway station in the city."
    )
    with pytest.raises(QuickLooksError, match="verb with a subject|16 words or fewer"):
        write_quick_looks(text)


def test_non_english_gets_a_clear_message() -> None:
    # The engine's verbs, cuts and labels are English: on German it would
    # title-case the first words it met ("Die Bundesregierung Hat Am Montag").
    text = (
        "Die Bundesregierung hat am Montag neue Hilfen beschlossen. "
        "Der Finanzminister sagte, das Geld werde noch in diesem Jahr ausgezahlt. "
        "Die Opposition kritisierte den Beschluss als zu spät."
    )
    with pytest.raises(QuickLooksError, match="does not read as English"):
        write_quick_looks(text)


def test_long_text_is_handled() -> None:
    paragraph = (
        "The council met on Jan. 5 and approved a $4.2 million budget for the city schools. "
        "Parents in the northern district said the money came too late for repairs. "
    )
    result = write_quick_looks(paragraph * 6_000)  # about 100,000 words
    assert 1 <= len(result.bullets) <= 8


def test_unknown_mode_and_bad_count_are_refused(deep_look) -> None:
    with pytest.raises(QuickLooksError, match="mode"):
        write_quick_looks(deep_look, mode="magic")
    with pytest.raises(QuickLooksError, match="1 or more"):
        write_quick_looks(deep_look, 0)


# --- the sample story: what a newsroom sees ------------------------------------


def test_sample_lead_fact_comes_first(sample_quick_looks) -> None:
    # The lead fact is always in the box, and first: its source is the story's first sentence.
    assert sample_quick_looks.bullets[0].sources[0].sentence == 0
    assert "Putin" in sample_quick_looks.bullets[0].text


def test_no_bullet_opens_with_a_bare_pronoun(sample_quick_looks) -> None:
    pronouns = vocabulary.words("pronouns")  # the list the engine reads, not a copy
    for bullet in sample_quick_looks.bullets:
        first = bullet.text.split()[0].strip("“\"'").lower()
        assert first not in pronouns, bullet.text


def test_pronoun_sentence_is_skipped_or_resolved() -> None:
    text = (
        "The council approved the new school budget on Tuesday after a long debate.\n\n"
        "Budget Details\n\n"
        "They said the school budget money would pay for teachers, buses and new school roofs.\n"
        "The school budget grows by 4 percent next year."
    )
    result = write_quick_looks(text, 2)
    assert not any(b.text.lower().startswith("they") for b in result.bullets)


def test_no_bullet_splices_two_sentences() -> None:
    # Modelled on "Published in BMJ Case Reports fatigue, and breathlessness by the
    # time he visited his local doctor.": two sentences' spans joined into nonsense.
    text = (
        "The case of a 40-year-old builder was published in BMJ Case Reports on Monday. "
        "He had suffered fatigue and breathlessness by the time he visited his local doctor. "
        "Doctors found a rare infection that had spread to his heart valves."
    )
    doc = analyse(text)
    for bullet in write_quick_looks(text, 3).bullets:
        assert len(bullet.sources) == 1
        source = doc.sentences[bullet.sources[0].sentence].text.lower()
        words = [w.strip(".,").lower() for w in bullet.text.split()]
        # Every word is its one sentence's, but for the verb put in the present ("found" -> "find").
        assert sum(w not in source for w in words) <= 1, bullet.text


def test_story_headline_gives_the_label() -> None:
    from quicklooks.text.storyformat import parse_story

    story = parse_story(SAMPLE.read_text(encoding="utf-8"), name=SAMPLE.name)
    label = write_quick_looks(story).label
    assert label.startswith("Putin")
    assert 3 <= len(label.split()) <= 6
