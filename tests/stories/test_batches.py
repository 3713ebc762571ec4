"""Work after a story's commit, batched: a batch import still indexes, places and invalidates every story it stored.

Real commits (``transaction=True``) on the database the settings give: SQLite
by default, PostgreSQL with DATABASE_URL set.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse

from quicklooks.caching.generation import generation_changed, tokens
from quicklooks.stories.batches import batch
from quicklooks.stories.importing import command_override
from quicklooks.stories.library import import_paths
from quicklooks.stories.models import Story
from quicklooks.stories.search import search_stories
from quicklooks.topics.models import TopicStory

pytestmark = pytest.mark.django_db(transaction=True)

PLACES = ["Harbourton", "Millbrook", "Quarrydale"]


def story_file(folder, number: int, place: str) -> str:
    path = folder / f"story-{number}.txt"
    path.write_text(
        f"{place} council votes to reopen the ferry pier/ Test Times/ {place.upper()}/ Staff Reporter/ The pier closed in spring.\n\n"
        f"Deep Look: {place} council votes to reopen the ferry pier\n"
        f"The {place} council voted on Tuesday to reopen the ferry pier that storms closed in the spring.\n"
        f"Repairs will cost 2 million dollars, the council said, and the first ferry will sail in June.\n"
        f"Traders near the pier said the closure had cost them months of sales.\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture
def bumps():
    seen = []

    def heard(sender, **kwargs):
        seen.append(kwargs)

    generation_changed.connect(heard, dispatch_uid="test-batches-bumps")
    yield seen
    generation_changed.disconnect(dispatch_uid="test-batches-bumps")


@pytest.fixture
def page_cache(settings):
    settings.QUICKLOOKS_PAGE_CACHE_SECONDS = 600
    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()


def test_a_batch_import_indexes_places_and_invalidates_every_story_once_at_the_end(tmp_path, page_cache, bumps, client):
    front = reverse("stories:home")
    before_page = client.get(front).content.decode()
    paths = [story_file(tmp_path, n, place) for n, place in enumerate(PLACES)]
    before = tokens()
    with batch():
        report = import_paths(paths, override=command_override(), echo=lambda line: None)
        assert report.counts["created"] == 3
        # Stored and committed, but the follow-ups wait for the end of the batch.
        assert Story.objects.count() == 3
        assert not search_stories("ferry pier")
        assert not TopicStory.objects.exists()
        assert bumps == []
    assert tokens() != before
    assert len(bumps) == 1, "the pages are invalidated once per batch, not once per story"
    for place in PLACES:
        assert [r.story.headline for r in search_stories(place)] == [f"{place} council votes to reopen the ferry pier"]
    assert TopicStory.objects.filter(story__in=Story.objects.all()).count() == 3
    after_page = client.get(front).content.decode()
    assert "Harbourton council votes" not in before_page
    assert "Harbourton council votes" in after_page, "the cached front page was not invalidated by the batch"


def test_a_bad_story_in_a_batch_stops_nothing_and_leaves_nothing(tmp_path, bumps):
    good = story_file(tmp_path, 0, "Harbourton")
    bad = tmp_path / "bad.txt"
    bad.write_text("Half a meta line/ Test Times\n\nSome text.\n", encoding="utf-8")
    later = story_file(tmp_path, 1, "Millbrook")
    with batch():
        report = import_paths([good, str(bad), later], override=command_override(), echo=lambda line: None)
    assert (report.counts["created"], report.failed) == (2, 1)
    assert sorted(Story.objects.values_list("headline", flat=True)) == [
        "Harbourton council votes to reopen the ferry pier",
        "Millbrook council votes to reopen the ferry pier",
    ]
    assert len(search_stories("ferry pier")) == 2
    assert TopicStory.objects.count() == 2
    assert len(bumps) == 1


def test_a_story_whose_transaction_rolls_back_never_reaches_the_index(tmp_path):
    with batch():
        with pytest.raises(RuntimeError), transaction.atomic():
            Story.objects.create(headline="Rolled back ferry story", slug="rolled-back", status=Story.Status.PUBLISHED)
            raise RuntimeError("the import failed half way")
        import_paths([story_file(tmp_path, 0, "Harbourton")], override=command_override(), echo=lambda line: None)
    assert not search_stories("rolled back")
    assert len(search_stories("ferry")) == 1


def test_outside_a_batch_the_index_catches_up_once_per_transaction(tmp_path, monkeypatch):
    from quicklooks.stories import search

    calls = []
    real = search._refresh

    def counted(story_ids):
        calls.append(set(story_ids))
        real(story_ids)

    monkeypatch.setattr(search, "_refresh", counted)
    import_paths([story_file(tmp_path, 0, "Harbourton")], override=command_override(), echo=lambda line: None)
    # The story row was saved three times (row, label, review gate) in one transaction: one re-index.
    assert calls == [{Story.objects.get().pk}]
    assert len(search_stories("Harbourton")) == 1
    assert TopicStory.objects.count() == 1


def test_a_batch_import_shows_every_story_on_its_section_and_topic_pages_at_once(tmp_path, page_cache, client):
    from quicklooks.stories.importing import get_or_create_named
    from quicklooks.stories.models import Section

    section = get_or_create_named(Section, "Harbours")
    section_page = reverse("stories:section", args=[section.slug])
    assert "council votes to reopen" not in client.get(section_page).content.decode()  # cached empty
    paths = [story_file(tmp_path, n, place) for n, place in enumerate(PLACES)]
    with batch():
        import_paths(paths, section="Harbours", override=command_override(), echo=lambda line: None)
    page = client.get(section_page).content.decode()
    for place in PLACES:
        assert f"{place} council votes to reopen the ferry pier" in page
    for link in TopicStory.objects.select_related("topic", "story"):
        topic_page = client.get(reverse("topics:topic", args=[link.topic.slug]))
        assert topic_page.status_code == 200 and link.story.headline in topic_page.content.decode()


def test_a_story_sent_back_for_review_in_a_batch_leaves_its_topic(tmp_path):
    """Topics look at the stories of a batch that are published, and at those already in a topic."""
    path = story_file(tmp_path, 0, "Harbourton")
    import_paths([path], override=command_override(), echo=lambda line: None)
    story = Story.objects.get()
    assert TopicStory.objects.filter(story=story).exists()
    with open(path, "a", encoding="utf-8") as more:
        more.write("The ferry operator said timetables would follow in May.\n")
    with batch():
        report = import_paths([path], echo=lambda line: None)  # no --publish: the engine's bullets wait for review
    assert report.counts["updated"] == 1 and report.counts["held"] == 1
    assert not TopicStory.objects.filter(story=story).exists()
    assert not search_stories("Harbourton")  # search shows published stories only
