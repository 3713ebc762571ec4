"""A poll of a source is one batch: when it ends, every story it stored is searchable, in its topic and on its pages.

Real commits (``transaction=True``), so the follow-ups run as they do in a
worker: after each story's commit, once for the whole poll.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from quicklooks.ingest.ingesting import poll_source
from quicklooks.ingest.models import MinHashBand, Provenance, Source
from quicklooks.stories.importing import get_or_create_named
from quicklooks.stories.models import Section, Story
from quicklooks.stories.search import search_stories
from quicklooks.topics.models import TopicStory
from tests.stories.test_batches import bumps, page_cache  # noqa: F401 - the same fixtures: pages cached, bumps heard

pytestmark = pytest.mark.django_db(transaction=True)

# Three different stories (ingest links near-identical texts instead of storing them twice).
STORIES = {
    "Harbourton": (
        "Harbourton council votes to reopen the ferry pier",
        "The Harbourton council voted on Tuesday to reopen the ferry pier that storms closed in the spring.\n"
        "Repairs will cost 2 million dollars, the council said, and the first ferry will sail in June.\n",
    ),
    "Millbrook": (
        "Millbrook library wins a grant for a new wing for children",
        "Millbrook's public library has won a national grant of 400,000 dollars to build a wing for children.\n"
        "Librarians said the reading room had been too small since the new school opened nearby.\n",
    ),
    "Quarrydale": (
        "Quarrydale bus drivers strike over night shifts",
        "Bus drivers in Quarrydale walked out on Monday after talks about night shifts broke down.\n"
        "The union said 120 drivers joined the strike and no buses left the depot before noon.\n",
    ),
}
PLACES = list(STORIES)


def story_file(folder, number: int, place: str) -> str:
    headline, body = STORIES[place]
    path = folder / f"story-{number}.txt"
    path.write_text(f"{headline}/ Test Times/ {place.upper()}/ Staff Reporter/ News from {place}.\n\n"
                    f"Deep Look: {headline}\n{body}", encoding="utf-8")
    return str(path)


def test_a_folder_poll_shows_every_story_in_search_topics_and_its_section_page_when_it_ends(tmp_path, page_cache, bumps, client):
    section = get_or_create_named(Section, "Harbours")
    section_page = reverse("stories:section", args=[section.slug])
    assert "Harbourton" not in client.get(section_page).content.decode()  # cached empty
    folder = tmp_path / "drop"
    folder.mkdir()
    for number, place in enumerate(PLACES):
        story_file(folder, number, place)
    source = Source.objects.create(name="drop", kind=Source.Kind.FOLDER, url=str(folder), section=section,
                                   auto_publish=True, auto_publish_set_by="editor@test")
    bumps.clear()
    report = poll_source(source)
    assert report.count("added") == 3
    assert len(bumps) == 1, "the pages are invalidated once per poll, not once per story"
    page = client.get(section_page).content.decode()
    for place, (headline, _) in STORIES.items():
        assert [r.story.headline for r in search_stories(place)] == [headline]
        assert headline in page, "the cached section page was not invalidated by the poll"
    assert TopicStory.objects.filter(story__in=Story.objects.all()).count() == 3
    assert Provenance.objects.count() == 3 and MinHashBand.objects.values("story").distinct().count() == 3


def test_a_bad_file_in_a_folder_poll_stores_the_rest_whole(tmp_path, bumps):
    folder = tmp_path / "drop"
    folder.mkdir()
    story_file(folder, 0, "Harbourton")
    (folder / "story-1-bad.txt").write_text("Half a meta line/ Test Times\n\nSome text.\n", encoding="utf-8")
    story_file(folder, 2, "Millbrook")
    source = Source.objects.create(name="drop", kind=Source.Kind.FOLDER, url=str(folder), auto_publish=True)
    bumps.clear()
    report = poll_source(source)
    assert (report.count("added"), report.count("failed")) == (2, 1)
    assert len(search_stories("Harbourton")) == 1 and len(search_stories("Millbrook")) == 1
    assert TopicStory.objects.count() == 2
    assert Provenance.objects.count() == 2 and Story.objects.count() == 2
    assert len(bumps) == 1
