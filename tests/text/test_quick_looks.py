"""The Quick Looks engine: provenance, shape, order, verification and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quicklooks.text.compression import count_words
from quicklooks.text.quick_looks import (
    QuickLooksError,
    default_bullet_count,
    to_dict,
    write_quick_looks,
)
from quicklooks.text.sentences import split_sentences
from quicklooks.text.storyformat import parse_story
from quicklooks.text.verification import check_bullet

FILES = Path(__file__).parents[1] / "files"
SAMPLE = FILES / "stories" / "putin-foreign-troops.txt"


@pytest.fixture(scope="module")
def deep_look() -> str:
    story = parse_story(SAMPLE.read_text(encoding="utf-8"), name=SAMPLE.name)
    return story.deep_look_text()


@pytest.fixture(scope="module")
def sample_quick_looks(deep_look):
    return write_quick_looks(deep_look)


def test_sample_gives_about_eight_verified_bullets(sample_quick_looks, deep_look) -> None:
    bullets = sample_quick_looks.bullets
    assert 6 <= len(bullets) <= 8
    for bullet in bullets:
        sources = [deep_look[s.start : s.end] for s in bullet.sources]
        assert check_bullet(bullet.text, sources) == []


def test_provenance_points_at_real_sentences(sample_quick_looks, deep_look) -> None:
    sentences = split_sentences(deep_look)
    for bullet in sample_quick_looks.bullets:
        assert bullet.sources
        for span in bullet.sources:
            sentence = sentences[span.sentence]
            assert (span.start, span.end) == (sentence.start, sentence.end)
            assert deep_look[span.start : span.end] == sentence.text


def test_bullets_are_short_ordered_and_distinct(sample_quick_looks) -> None:
    bullets = sample_quick_looks.bullets
    assert all(count_words(b.text) <= 16 for b in bullets)
    firsts = [b.sources[0].sentence for b in bullets]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    assert len({b.text.lower() for b in bullets}) == len(bullets)


def test_bullets_cover_sections_not_only_the_top(sample_quick_looks, deep_look) -> None:
    fuel_section = deep_look.index("Russia’s Fuel Crisis Deepens")
    drone_section = deep_look.index("Drone Warfare Escalates Overnight")
    starts = [b.sources[0].start for b in sample_quick_looks.bullets]
    assert any(s > drone_section for s in starts)
    assert any(s > fuel_section for s in starts)


def test_label_is_short_title_case(sample_quick_looks) -> None:
    words = sample_quick_looks.label.split()
    assert 3 <= len(words) <= 6
    assert words[0][0].isupper()
    assert "Putin" in words


def test_to_dict_shape(sample_quick_looks) -> None:
    data = to_dict(sample_quick_looks)
    assert set(data) == {"label", "bullets"}
    first = data["bullets"][0]
    assert set(first) == {"text", "sources"}
    assert set(first["sources"][0]) == {"sentence", "start", "end"}
    json.dumps(data)


@pytest.mark.parametrize("count", [1, 3, 5])
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
    with pytest.raises(QuickLooksError, match="headings"):
        write_quick_looks("Pushback Against Peacekeeping Plans\n\nDrone Warfare Escalates Overnight")


def test_text_without_spaced_words_is_refused() -> None:
    with pytest.raises(QuickLooksError, match="space-separated"):
        write_quick_looks("政府周一宣布将增加对受灾地区的援助。财政部长表示资金将在今年内发放。")


def test_single_sentence_gives_one_bullet() -> None:
    text = "The city council approved a $4.2 million budget for new schools on Tuesday."
    result = write_quick_looks(text)
    assert [b.text for b in result.bullets] == [text]
    assert result.label


def test_only_lists() -> None:
    text = (
        "- 157 strike and decoy drones hit the city overnight\n"
        "- 7 missiles of various types struck the port\n"
        "- 121 drones were intercepted by air defenses"
    )
    result = write_quick_looks(text)
    assert [b.text for b in result.bullets] == [
        "157 strike and decoy drones hit the city overnight.",
        "7 missiles of various types struck the port.",
        "121 drones were intercepted by air defenses.",
    ]


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


def test_tokenised_benchmark_text() -> None:
    text = (
        "( cnn ) two cnn heroes are among the earthquake survivors in kathmandu , nepal . "
        "and they are struggling in the aftermath . anuradha koirala , who rescues victims "
        "of sex trafficking , has a rehabilitation center in kathmandu that is home to 425 "
        "young women and girls ."
    )
    result = write_quick_looks(text, 2)
    assert result.bullets[0].text.startswith("Two cnn heroes")
    assert all(count_words(b.text) <= 16 for b in result.bullets)


# --- the sample story: what a newsroom sees ------------------------------------


def test_sample_lead_fact_is_the_news(sample_quick_looks) -> None:
    # The news is the threat, not that a warning was issued.
    first = sample_quick_looks.bullets[0].text
    assert "legitimate targets" in first
    assert first.startswith("Putin")


def test_sample_covers_every_section(sample_quick_looks, deep_look) -> None:
    from quicklooks.text.units import read_units
    from quicklooks.text.sentences import is_cased, split_sentences

    text = deep_look
    units = read_units(text, split_sentences(text), is_cased(text))
    section_of = {s.index: u.section for u in units for s in u.sentences}
    covered = {section_of[src.sentence] for b in sample_quick_looks.bullets for src in b.sources}
    assert covered == set(section_of.values())


def test_sample_default_is_eight_bullets(sample_quick_looks) -> None:
    assert len(sample_quick_looks.bullets) == 8


# --- the sample story: label, pronouns, figures ----------------------------------


def test_sample_label_is_a_headline_not_a_cut_sentence(sample_quick_looks) -> None:
    label = sample_quick_looks.label
    assert label == "Putin Warns Foreign Troops"
    lead = sample_quick_looks.bullets[0].text
    cut = " ".join(w.strip(":,“”.") for w in lead.split()[: len(label.split())])
    assert label.lower() != cut.lower()


_BARE_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "its", "their", "our"}


def test_no_bullet_opens_with_a_bare_pronoun(sample_quick_looks) -> None:
    # The Zelenskyy section's "Instead, they should begin now ..." is the
    # sentence that covers most new words; it must not become a bullet.
    for bullet in sample_quick_looks.bullets:
        first = bullet.text.split()[0].strip("“\"'").lower()
        assert first not in _BARE_PRONOUNS, bullet.text
    assert any(b.text.startswith("Ukrainian President Volodymyr Zelenskyy") for b in sample_quick_looks.bullets)


def test_pronoun_sentence_is_skipped_even_when_it_covers_most() -> None:
    text = (
        "The council approved the new school budget on Tuesday after a long debate.\n\n"
        "Budget Details\n\n"
        "They said the school budget money would pay for teachers, buses and new school roofs.\n"
        "The school budget grows by 4 percent next year."
    )
    result = write_quick_looks(text, 2)
    assert not any(b.text.lower().startswith("they") for b in result.bullets)


def test_sections_prefer_the_sentence_with_the_figures(deep_look) -> None:
    # One bullet per section (7 sections): each section's bullet must be the
    # sentence with its figures, not the section's topic sentence ("Putin’s
    # comments came amid another wave of ... attacks").
    texts = [b.text for b in write_quick_looks(deep_look, 7).bullets]
    assert any("157" in t and "7 missiles" in t for t in texts), texts
    assert any("26 nations" in t and t.startswith("Macron") for t in texts), texts
    assert not any(t.startswith("Putin’s comments came amid") for t in texts), texts


def test_sample_names_the_refinery_strike(sample_quick_looks) -> None:
    texts = [b.text for b in sample_quick_looks.bullets]
    assert any("Ryazan" in t and "Rosneft oil refinery" in t for t in texts), texts


def test_benchmark_lowercase_tokenised_text_keeps_its_figures() -> None:
    text = (
        "( cnn ) two cnn heroes are among the earthquake survivors in kathmandu , nepal . "
        "anuradha koirala , who rescues victims of sex trafficking , has a rehabilitation center "
        "in kathmandu that is home to 425 young women and girls . "
        "the once-vibrant campus has gone from a place of safety and healing to one of "
        "uncertainty and worry ."
    )
    result = write_quick_looks(text, 2)
    assert any("425" in b.text for b in result.bullets)


# --- the lazy pick is the greedy pick --------------------------------------------


def _naive_greedy(text: str, wanted: int) -> list[str]:
    """Greedy coverage over every compression of every unit: what the lazy pick must equal."""
    from quicklooks.text.compression import TITLED_NAME, compression_candidates
    from quicklooks.text.extension import lengthen
    from quicklooks.text.quick_looks import _BARE_PRONOUN, concept_weights
    from quicklooks.text.sentences import is_cased
    from quicklooks.text.units import content_words, read_units

    cased = is_cased(text)
    units = read_units(text, split_sentences(text), cased)
    weights = concept_weights(units)
    pool = []
    for unit in units:
        sources = [s.text for s in unit.sentences]
        for c in compression_candidates(unit.text, cased=cased):
            if _BARE_PRONOUN.match(c.text) or check_bullet(c.text, sources):
                continue
            shown = TITLED_NAME.sub("", c.text) if cased else c.text
            pool.append((unit, c, frozenset(content_words(shown))))
    chosen: list[tuple] = []
    covered: set[str] = set()
    ruled_out: set[int] = set()
    while len(chosen) < wanted:
        taken = {u.order for u, _, _ in chosen} | ruled_out
        best, best_value = None, 0.0
        for unit, shown, words in pool:
            if unit.order in taken:
                continue
            value = sum(weights[w] for w in words - covered) * unit.weight
            if value > best_value:
                best, best_value = (unit, shown, words), value
        if best is None:
            break
        if any(
            len(best[2] & w) / min(len(best[2]), len(w)) >= 0.8 for _, _, w in chosen if w and best[2]
        ):
            ruled_out.add(best[0].order)
            continue
        chosen.append(best)
        covered |= best[2]
    # Then, as in write_quick_looks, each pick gets back the words that still fit.
    shown = []
    for unit, compression, _ in sorted(chosen, key=lambda c: c[0].order):
        longer = lengthen(unit.text, compression, cased=cased)
        if longer is not compression and not check_bullet(longer.text, [s.text for s in unit.sentences]):
            compression = longer
        shown.append(compression.text)
    return shown


def test_lazy_pick_equals_compressing_every_unit(deep_look) -> None:
    # Without its subheads the sample is one long section: every pick is global.
    flat = "\n".join(
        line for line in deep_look.splitlines() if line.rstrip().endswith((".", "”", ":")) or line.startswith("- ")
    )
    for wanted in (3, 6):
        lazy = [b.text for b in write_quick_looks(flat, wanted).bullets]
        assert lazy == _naive_greedy(flat, wanted)
