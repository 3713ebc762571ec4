"""analyse() -> Document: one analysis every engine reads, with offsets into one text.

These tests hold for any sensible parse: they check the Document's shape and
offsets, not one model's exact trees.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from quicklooks.text import pipeline
from quicklooks.text.document import Document, analyse, build_document, read_blocks
from quicklooks.text.pipeline import PipelineError
from quicklooks.text.storyformat import read_story_file

FILES = Path(__file__).resolve().parents[1] / "files"
SAMPLE = FILES / "stories" / "putin-foreign-troops.txt"


@pytest.fixture(scope="module")
def sample() -> Document:
    return analyse(read_story_file(SAMPLE))


def test_every_offset_points_into_the_text(sample):
    for token in sample.tokens:
        assert sample.text[token.start : token.end] == token.text
    for sentence in sample.sentences:
        assert sample.text[sentence.start : sentence.end] == sentence.text
    for name in sample.names:
        assert sample.text[name.start : name.end] == name.text
        assert sample.tokens[name.first].start == name.start and sample.tokens[name.last].end == name.end


def test_sentences_never_cross_a_block_and_tokens_stay_in_their_sentence(sample):
    for sentence in sample.sentences:
        block = sample.block_of(sentence)
        assert block.start <= sentence.start and sentence.end <= block.end
    for token in sample.tokens:
        s = sample.sentences[token.sentence]
        assert s.start <= token.start and token.end <= s.end


def test_each_sentence_is_one_tree(sample):
    for k in range(len(sample.sentences)):
        tokens = sample.sentence_tokens(k)
        if not tokens:
            continue
        root = sample.root(k)
        assert root is not None and root.dep == "root"
        assert {t.i for t in sample.subtree(root)} == {t.i for t in tokens}


def test_blocks_come_from_the_story(sample):
    kinds = [b.kind for b in sample.blocks]
    assert kinds.count("subhead") == 6
    assert kinds.count("item") == 4 and kinds.count("list_intro") == 2
    first_item = next(b for b in sample.blocks if b.kind == "item")
    assert sample.text[first_item.start : first_item.end] == "157 strike and decoy drones"


def test_names_have_kinds(sample):
    found = {(n.kind, n.text) for n in sample.names}
    assert ("person", "Vladimir Putin") in found
    assert {n.kind for n in sample.names} <= {"person", "organization", "place", "other"}


def test_navigation_helpers(sample):
    token = sample.token_at(sample.text.index("Peskov"))
    assert token is not None and token.text == "Peskov"
    assert sample.sentence_at(token.start).index == token.sentence
    assert sample.head(token) in sample.sentence_tokens(token.sentence)
    assert token in sample.tokens_in(token.start, token.end)
    assert token.feature("NoSuchFeature") == ""


def test_analyses_are_reused():
    text = "The council voted on Tuesday to close the bridge. The mayor objected."
    assert analyse(text) is analyse(text)


def _fresh_story():
    """The sample story with a word no other test's story has, so no earlier analysis is kept for it."""
    story = read_story_file(FILES / "stories" / "no-quick-looks.txt")
    first = story.blocks[0]
    marked = replace(first, text=first.text.replace("concrete", f"concrete {uuid.uuid4().hex[:8]}"))
    return replace(story, blocks=(marked, *story.blocks[1:]))


def test_a_story_is_analysed_once_whatever_is_written_around_its_deep_look(parses):
    story = _fresh_story()
    first = analyse(story)
    # Stored and read back: its Quick Looks written, a label, a meta line changed.
    rebuilt = replace(story, quick_looks=("The council funds a sea wall.",), quick_looks_label="Sea wall",
                      standfirst="Another standfirst.", bylines=("Someone Else",), show="", outlet="Elsewhere")
    assert analyse(rebuilt) is first
    assert parses == [first.text]


def test_a_new_headline_keeps_the_parse_and_carries_the_headline(parses):
    story = _fresh_story()
    first = analyse(story)
    retitled = analyse(replace(story, headline="Council Backs Sea Wall"))
    assert parses == [first.text]
    assert retitled.headline == "Council Backs Sea Wall" and first.headline == story.headline
    assert retitled.tokens is first.tokens and retitled == replace(first, headline="Council Backs Sea Wall")


def test_a_changed_deep_look_is_analysed_again(parses):
    story = _fresh_story()
    first = analyse(story)
    last = story.blocks[-1]
    changed = replace(story, blocks=(*story.blocks[:-1], replace(last, text=last.text.replace("next month", "in May"))))
    second = analyse(changed)
    assert parses == [first.text, second.text] and "in May" in second.text


PLAIN_BLOCKS = [
    pytest.param("One paragraph.\n\nAnother one.", ["paragraph", "paragraph"], id="paragraphs"),
    pytest.param("Intro.\n\nA Subhead Here\n\nBody text.", ["paragraph", "subhead", "paragraph"], id="subhead"),
    pytest.param("Damage was reported:\n- in Dnipro\n- in Chernihiv", ["list_intro", "item", "item"], id="list"),
    pytest.param("", [], id="empty"),
]


@pytest.mark.parametrize("text, kinds", PLAIN_BLOCKS)
def test_plain_text_blocks(text, kinds):
    assert [b.kind for b in read_blocks(text)] == kinds


PLAIN_HEADLINES = [
    pytest.param("Council Votes to Close Bridge\n\nThe city council voted on Tuesday to close the bridge. "
                 "The mayor objected.", "Council Votes to Close Bridge", 2, id="line-of-its-own-is-the-headline"),
    pytest.param("The council voted.\n\nThe mayor objected.", "", 2, id="a-sentence-first-is-no-headline"),
    pytest.param("Council Votes to Close Bridge\n- one item\n- two items", "", 3, id="before-a-list-it-introduces"),
    pytest.param("Council Votes to Close Bridge", "", 1, id="alone-it-is-the-text"),
]


@pytest.mark.parametrize("text, headline, sentences", PLAIN_HEADLINES)
def test_plain_text_opening_with_a_headline(text, headline, sentences):
    document = analyse(text)
    assert document.headline == headline
    assert len(document.sentences) == sentences
    if headline:
        assert headline not in [s.text for s in document.sentences]


def test_building_from_known_sentences_and_words():
    text = "kathmandu , nepal . two cnn heroes are among the survivors ."
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]
    document = build_document(text, sentences=[(0, 19), (20, len(text))], words=words)
    assert [s.text for s in document.sentences] == ["kathmandu , nepal .", "two cnn heroes are among the survivors ."]
    assert [t.text for t in document.tokens] == text.split()
    assert {t.sentence for t in document.tokens[:4]} == {0}


# --- bad input: never a traceback -------------------------------------------------------
BAD = [
    pytest.param("", 0, id="empty"),
    pytest.param("  \n\n \t ", 0, id="whitespace"),
    pytest.param("The council voted.", 1, id="one-sentence"),
    pytest.param("- one item\n- two items\n- three", 3, id="only-lists"),
    pytest.param("Der Bundestag hat am Dienstag ein Gesetz beschlossen, das die Mieten begrenzt.", 1, id="non-english"),
    pytest.param("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\xff\ufffd", None, id="binary"),
    pytest.param("The mayor\x00 said\x07 the road\x1b[31m was closed.\x0c Then\u200b it opened.", None, id="control-characters"),
]


@pytest.mark.parametrize("text, sentences", BAD)
def test_bad_input_gives_a_document(text, sentences):
    document = analyse(text)
    if sentences is not None:
        assert len(document.sentences) == sentences
    for token in document.tokens:
        assert document.text[token.start : token.end] == token.text


def test_a_long_text_without_breaks_is_parsed_in_pieces():
    sentence = "The regional council said on Tuesday that the bridge would stay closed for repairs. "
    text = sentence * 1500  # about 21,000 words in one paragraph
    document = analyse(text)
    assert len(document.sentences) == 1500
    assert document.tokens[-1].end == len(text.rstrip())


def test_a_story_or_a_str_only():
    with pytest.raises(TypeError, match="takes a Story or a str, not bytes"):
        analyse(b"The council voted.")


# --- a missing or damaged pipeline names the package to reinstall ------------------------
@pytest.fixture
def pipeline_at(monkeypatch):
    def use(path: Path) -> None:
        monkeypatch.setattr(pipeline, "PATH", path)
        pipeline.load.cache_clear()

    yield use
    pipeline.load.cache_clear()  # the next load reads the real pipeline again


def test_the_pipeline_multiplies_with_numpys_blas():
    # thinc's bundled BLIS is about 3x slower here (BENCHMARKS.md, analyse()
    # speed); every layer takes its ops when the pipeline is loaded.
    nlp = pipeline.load()
    layers = [node for _, component in nlp.pipeline for node in component.model.walk()]
    assert layers and all(getattr(node.ops, "use_blis", None) is False for node in layers)


def test_a_missing_pipeline_names_the_package(tmp_path, pipeline_at):
    pipeline_at(tmp_path / "en_quicklooks")
    with pytest.raises(PipelineError, match=r"missing .*pip install --force-reinstall quicklooks"):
        pipeline.load()


def test_a_corrupt_pipeline_names_the_package(tmp_path, pipeline_at):
    folder = tmp_path / "en_quicklooks"
    folder.mkdir()
    (folder / "meta.json").write_text("{not json", encoding="utf-8")
    pipeline_at(folder)
    with pytest.raises(PipelineError, match=r"damaged .*pip install --force-reinstall quicklooks"):
        pipeline.load()
    # analyse() says the same, and never falls back to a weaker path.
    with pytest.raises(PipelineError, match="Reinstall the quicklooks package"):
        analyse("A text nobody analysed before the pipeline broke, on purpose.")


@pytest.mark.parametrize("text, sentences", BAD)
def test_bad_input_gets_a_clear_message_from_the_engines(text, sentences):
    from quicklooks.text.facts import extract_facts
    from quicklooks.text.quick_looks import QuickLooksError, write_quick_looks

    try:
        write_quick_looks(text)
    except QuickLooksError as error:
        assert str(error).endswith((".", ")")) and len(str(error)) > 30
    extract_facts(text)
