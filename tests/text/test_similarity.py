"""Story similarity in the text core: a Document or its text give the same features."""

from __future__ import annotations

import uuid

from quicklooks.text.document import analyse
from quicklooks.text.similarity import STOPWORDS, Corpus, features_of, fold
from quicklooks.text.story import Block, Story

DEEP_LOOK = "Jerome Powell said on Wednesday the Federal Reserve would hold rates. Powell spoke in Washington."

FOLDS = [("drones", "drone"), ("strikes", "strike"), ("cities", "city"), ("glass", "glass")]


def test_fold():
    assert [fold(w) for w, _ in FOLDS] == [f for _, f in FOLDS]


def test_stopwords_come_from_the_vocabulary():
    assert {"the", "said", "officials", "wednesday"} <= STOPWORDS


def test_a_document_and_its_text_give_the_same_features():
    a = features_of("Fed holds rates", ["Powell says rates stay"], DEEP_LOOK)
    b = features_of("Fed holds rates", ["Powell says rates stay"], analyse(DEEP_LOOK))
    assert a.terms == b.terms and a.entities == b.entities
    assert "jerome powell" in a.entities and "powell" not in a.entities
    assert Corpus([a, b]).similarity(a, b) > 0.99


def test_a_storys_document_is_not_parsed_again_for_its_names(parses):
    """Only the headline and Quick Looks are a text of their own; the Deep Look's names come from its Document."""
    deep_look = f"{DEEP_LOOK} He met reporters at {uuid.uuid4().hex[:8]} Hall."
    story = Story("Fed holds rates", blocks=(Block("paragraph", deep_look),))
    document = analyse(story)
    features = features_of(story.headline, ["Powell says rates stay"], document)
    # The lead may be kept from an earlier test; the Deep Look is parsed once, by analyse().
    assert [text for text in parses if text != "Fed holds rates\nPowell says rates stay"] == [deep_look]
    assert features == features_of(story.headline, ["Powell says rates stay"], deep_look)
